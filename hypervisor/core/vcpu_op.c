/* SPDX-License-Identifier: MIT */
/* vcpu_op: per-vCPU control: is_up, register_vcpu_info, timers. */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/time.h>
#include <asm/pagetype.h>
#include <asm/uaccess.h>
#include <public/vcpu.h>
#include <public/xen.h>

/*
 * register_vcpu_info: move the vCPU's vcpu_info into a guest frame. The
 * frame must be the domain's and take a writable type (not a page table);
 * the structure must not cross the page. Allowed once, as on Xen (-EINVAL
 * after that).
 */
static long register_vcpu_info(struct vcpu *v, uint64_t arg)
{
    struct domain *d = v->domain;
    struct vcpu_register_vcpu_info r;
    struct vcpu_info *new;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info) || r.rsvd)
        return -EINVAL;
    if (v->vcpu_info != &d->shared_info->vcpu_info[v->id])
        return -EINVAL;
    if (get_page_and_type(r.mfn, PGT_writable, d))
        return -EINVAL;
    new = (struct vcpu_info *)((uint8_t *)phys_to_virt(r.mfn << PAGE_SHIFT) +
                               r.offset);
    memcpy(new, v->vcpu_info, sizeof(*new));
    v->vcpu_info = new;
    return 0;
}

long hc_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if (vcpuid >= d->nr_vcpus || !(v = d->vcpus[vcpuid]))
        return -ENOENT;
    switch (cmd) {
    case VCPUOP_is_up:
        return v->online;
    case VCPUOP_register_vcpu_info:
        if (v != current)
            return -EINVAL;
        return register_vcpu_info(v, arg);
    case VCPUOP_set_periodic_timer: {
        struct vcpu_set_periodic_timer t;

        if (copy_from_guest(&t, arg, sizeof(t)))
            return -EFAULT;
        /* As Xen: at least 1 ms, at most about 2^62 ns. */
        if (t.period_ns < 1000000 || t.period_ns > (1ULL << 62))
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
        v->timer_deadline = 0;
        return 0;
    default:
        return -ENOSYS;
    }
}
