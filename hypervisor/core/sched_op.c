/* SPDX-License-Identifier: MIT */
/*
 * sched_op: yield, block, shutdown. Yield lets the next runnable vCPU run;
 * block sleeps until an event is deliverable.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/evtchn.h>
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
