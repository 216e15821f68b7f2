/* SPDX-License-Identifier: MIT */
/*
 * multicall: a batch of hypercalls in one trap. Entries run in order, each
 * result written back into its entry. A nested multicall is refused in its
 * entry (-EINVAL). An iret ends the batch, and the multicall returns what
 * the iret returned (the frame's RAX), as Xen does. A long batch preempts
 * itself (hv/hypercall.h) and resumes at the entry it stopped at, so the
 * count needs no bound: it is Xen's uint32_t, and the whole list must lie
 * in guest space (-EFAULT before anything runs, as Xen).
 */
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <asm/uaccess.h>
#include <public/xen.h>

long hc_multicall(uint64_t list, uint64_t nr)
{
    nr = (uint32_t)nr;
    if (!guest_range_ok(list, nr * sizeof(struct multicall_entry)))
        return -EFAULT;
    for (uint64_t i = 0; i < nr; i++) {
        uint64_t ent = list + i * sizeof(struct multicall_entry);
        struct multicall_entry mc;
        long rc;

        /* Out of time: come back for the rest, starting at this entry. */
        if (i && hypercall_preempt_check()) {
            hypercall_continue(ent, nr - i, 0, 0, 0);
            return 0;
        }
        if (copy_from_guest(&mc, ent, sizeof(mc)))
            return -EFAULT;
        if (mc.op == __HYPERVISOR_multicall) {
            rc = -EINVAL;
        } else {
            hypercall_mc_args = (uint64_t *)mc.args;
            rc = hypercall_do(mc.op, (uint64_t *)mc.args);
            hypercall_mc_args = NULL;
        }
        if (hypercall_preempted) {
            /*
             * The sub-call preempted itself: its continuation arguments go
             * back into the entry, and the batch resumes there.
             */
            hypercall_preempted = false;
            if (copy_to_guest(ent + offsetof(struct multicall_entry, args),
                              mc.args, sizeof(mc.args)))
                return -EFAULT;
            hypercall_continue(ent, nr - i, 0, 0, 0);
            return 0;
        }
        if (mc.op == __HYPERVISOR_iret)
            return rc;
        mc.result = (uint64_t)rc;
        if (copy_to_guest(ent + offsetof(struct multicall_entry, result),
                          &mc.result, sizeof(mc.result)))
            return -EFAULT;
    }
    return 0;
}
