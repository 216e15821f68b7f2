/* SPDX-License-Identifier: MIT */
/*
 * sched_op: yield, block, poll, shutdown. Yield lets another runnable vCPU
 * run; block sleeps until an event is deliverable; poll sleeps until one of
 * a set of ports is pending (masked or not), an event is deliverable, or
 * the timeout (absolute system time, 0 = none) passes.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/evtchn.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/uaccess.h>
#include <public/sched.h>
#include <public/xen.h>

long hc_sched_op(uint64_t cmd, uint64_t arg)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;

    switch (cmd) {
    case SCHEDOP_yield:
        v->yielded = true;              /* another runnable vCPU goes first */
        sched_need_resched = true;      /* acted on at the exit to the guest */
        return 0;
    case SCHEDOP_block:
        /*
         * Blocking unmasks events, as on Xen, and sleeps until one is
         * deliverable (an event channel send or VIRQ, e.g. the timer).
         */
        v->vcpu_info->evtchn_upcall_mask = 0;
        if (!evtchn_deliverable(v)) {
            v->blocked = true;
            sched_need_resched = true;
        }
        return 0;
    case SCHEDOP_poll: {
        struct sched_poll sp;
        uint32_t port = 0;

        if (copy_from_guest(&sp, arg, sizeof(sp)))
            return -EFAULT;
        if (sp.nr_ports > 128)
            return -EINVAL;
        if (!guest_range_ok(sp.ports, (uint64_t)sp.nr_ports * sizeof(port)))
            return -EFAULT;
        /* An event already deliverable, or a polled port pending: done. */
        if (evtchn_deliverable(v))
            return 0;
        for (unsigned int i = 0; i < sp.nr_ports; i++) {
            int rc;

            if (copy_from_guest(&port, sp.ports + i * sizeof(port), sizeof(port)))
                return -EFAULT;
            rc = evtchn_port_poll(d, port);
            if (rc)
                return rc < 0 ? rc : 0;
        }
        if (sp.timeout && sp.timeout <= now_ns())
            return 0;           /* the timeout has passed already */
        v->polling = true;
        v->poll_port = sp.nr_ports == 1 ? (int)port : -1;
        if (sp.timeout)
            timer_set(&v->poll_timer, sp.timeout, v->processor);
        v->blocked = true;
        sched_need_resched = true;
        return 0;
    }
    case SCHEDOP_shutdown: {
        struct sched_shutdown s;

        if (copy_from_guest(&s, arg, sizeof(s)))
            return -EFAULT;
        if (s.reason > SHUTDOWN_MAX)
            return -EINVAL;
        domain_shutdown(d, (int)s.reason);     /* does not return */
    }
    case SCHEDOP_shutdown_code: {
        struct sched_shutdown s;

        if (copy_from_guest(&s, arg, sizeof(s)))
            return -EFAULT;
        if (s.reason > SHUTDOWN_MAX)
            return -EINVAL;
        d->shutdown_code = (int)s.reason;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}
