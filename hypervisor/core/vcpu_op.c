/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op: per-vCPU control: initialise, up, down, is_up, runstate,
 * register_vcpu_info, timers.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <asm/pv.h>
#include <asm/pagetype.h>
#include <asm/uaccess.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/xen.h>

/*
 * register_vcpu_info: move the vCPU's vcpu_info into a guest frame. The
 * frame must be the domain's and take a writable type (not a page table);
 * the structure must not cross the page (-ENXIO). Allowed once, as on
 * Xen (-EINVAL after that), for the caller or a vCPU that is down.
 */
static long register_vcpu_info(struct vcpu *v, uint64_t arg)
{
    struct domain *d = v->domain;
    struct vcpu_register_vcpu_info r;
    struct vcpu_info *new;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    /* As Xen 4.17: a structure crossing the page is -ENXIO. */
    if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info))
        return -ENXIO;
    if (r.rsvd)
        return -EINVAL;
    if (v->vcpu_info != &d->shared_info->vcpu_info[v->id])
        return -EINVAL;
    /* Another vCPU's only while it is down (so it cannot be running). */
    if (v != current && v->online)
        return -EINVAL;
    if (get_page_and_type(r.mfn, PGT_writable, d))
        return -EINVAL;
    new = (struct vcpu_info *)((uint8_t *)phys_to_virt(r.mfn << PAGE_SHIFT) +
                               r.offset);
    memcpy(new, v->vcpu_info, sizeof(*new));
    v->vcpu_info = new;
    return 0;
}

/* The runstate of @v as of now: time in the current state included. */
static void runstate_now(struct vcpu *v, struct vcpu_runstate_info *r)
{
    uint64_t now = now_ns();

    sched_runstate_update(v);
    *r = v->runstate;
    if (now > r->state_entry_time)
        r->time[r->state] += now - r->state_entry_time;
}

void vcpu_runstate_publish(struct vcpu *v)
{
    struct vcpu_runstate_info r;
    bool flag = v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);
    uint64_t entry_off = offsetof(struct vcpu_runstate_info, state_entry_time);
    uint64_t t;

    if (!v->runstate_guest)
        return;
    runstate_now(v, &r);
    /*
     * With runstate_update_flag, readers see that an update is under way.
     * An area the guest has not mapped is skipped, as on Xen.
     */
    if (flag) {
        t = r.state_entry_time | XEN_RUNSTATE_UPDATE;
        if (copy_to_guest(v->runstate_guest + entry_off, &t, sizeof(t)))
            return;
        barrier();
        r.state_entry_time |= XEN_RUNSTATE_UPDATE;
    }
    if (copy_to_guest(v->runstate_guest, &r, sizeof(r)))
        return;
    if (flag) {
        t = r.state_entry_time & ~XEN_RUNSTATE_UPDATE;
        barrier();
        if (copy_to_guest(v->runstate_guest + entry_off, &t, sizeof(t)))
            return;
    }
}

/*
 * down: the last vCPU going down powers the domain off, as on Xen; the
 * vCPU stops at once if it is the caller, at its next exit otherwise.
 */
static long vcpu_down(struct vcpu *v)
{
    struct domain *d = v->domain;
    bool others = false;

    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i] && d->vcpus[i] != v && d->vcpus[i]->online)
            others = true;
    if (!others)
        domain_shutdown(d, SHUTDOWN_poweroff);
    if (v->online) {
        v->online = false;
        sched_stop_vcpu(v);
        if (v == current)
            sched_need_resched = true;
    }
    return 0;
}

long hc_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if (vcpuid >= d->nr_vcpus || !(v = d->vcpus[vcpuid]))
        return -ENOENT;
    switch (cmd) {
    case VCPUOP_initialise: {
        static struct vcpu_guest_context ctxt;  /* 5 KiB: under the lock */

        if (copy_from_guest(&ctxt, arg, sizeof(ctxt)))
            return -EFAULT;
        return pv_set_vcpu_context(v, &ctxt);
    }
    case VCPUOP_up:
        if (!v->initialised)
            return -EINVAL;
        if (!v->online) {
            v->online = true;
            sched_wake(v);
        }
        return 0;
    case VCPUOP_down:
        return vcpu_down(v);
    case VCPUOP_is_up:
        return v->online;
    case VCPUOP_get_runstate_info: {
        struct vcpu_runstate_info r;

        runstate_now(v, &r);
        return copy_to_guest(arg, &r, sizeof(r)) ? -EFAULT : 0;
    }
    case VCPUOP_register_runstate_memory_area: {
        struct vcpu_register_runstate_memory_area a;

        if (copy_from_guest(&a, arg, sizeof(a)))
            return -EFAULT;
        /* As Xen: the address must be guest space; an unmapped one is kept. */
        if (!guest_range_ok(a.addr.h, sizeof(struct vcpu_runstate_info)))
            return -EFAULT;
        v->runstate_guest = a.addr.h;
        vcpu_runstate_publish(v);
        return 0;
    }
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, arg);
    case VCPUOP_set_periodic_timer: {
        struct vcpu_set_periodic_timer t;

        if (copy_from_guest(&t, arg, sizeof(t)))
            return -EFAULT;
        /* As Xen: at least 1 ms, at most STIME_DELTA_MAX (2^62 - 1 ns). */
        if (t.period_ns < 1000000 || t.period_ns >= (1ULL << 62))
            return -EINVAL;
        timer_set_periodic(v, t.period_ns);
        return 0;
    }
    case VCPUOP_stop_periodic_timer:
        timer_set_periodic(v, 0);
        return 0;
    case VCPUOP_set_singleshot_timer: {
        struct vcpu_set_singleshot_timer t;

        if (v != current)
            return -EINVAL;
        if (copy_from_guest(&t, arg, sizeof(t)))
            return -EFAULT;
        return timer_set_singleshot(v, t.timeout_abs_ns,
                                    t.flags & VCPU_SSHOTTMR_future);
    }
    case VCPUOP_stop_singleshot_timer:
        if (v != current)
            return -EINVAL;
        timer_stop(&v->singleshot_timer);
        return 0;
    default:
        return -ENOSYS;
    }
}
