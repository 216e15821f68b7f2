/* SPDX-License-Identifier: MIT */
/*
 * multicall: a batch of hypercalls in one trap. Entries run in order, each
 * result written back into its entry. A nested multicall is refused in its
 * entry (-EINVAL). An iret ends the batch, and the multicall returns what
 * the iret returned (the frame's RAX), as Xen does.
 */
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <asm/uaccess.h>
#include <public/xen.h>

#define MULTICALL_MAX 4096      /* one trap does at most this much work */

long hc_multicall(uint64_t list, uint64_t nr)
{
    if (nr > MULTICALL_MAX)
        return -EINVAL;
    for (uint64_t i = 0; i < nr; i++) {
        uint64_t ent = list + i * sizeof(struct multicall_entry);
        struct multicall_entry mc;
        long rc;

        if (copy_from_guest(&mc, ent, sizeof(mc)))
            return -EFAULT;
        if (mc.op == __HYPERVISOR_multicall)
            rc = -EINVAL;
        else
            rc = hypercall_do(mc.op, (const uint64_t *)mc.args);
        if (mc.op == __HYPERVISOR_iret)
            return rc;
        mc.result = (uint64_t)rc;
        if (copy_to_guest(ent + offsetof(struct multicall_entry, result),
                          &mc.result, sizeof(mc.result)))
            return -EFAULT;
    }
    return 0;
}
