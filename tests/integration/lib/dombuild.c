/* SPDX-License-Identifier: MIT */
/* A tiny domain built by dom0 from nothing (dombuild.h). */
#include <public/xen.h>

#include "dombuild.h"
#include "hypercall.h"
#include "pt.h"
#include "test.h"

#define TABLE_FLAGS     (PTE_P | PTE_RW | PTE_US | PTE_A)

int dombuild_init(struct dombuild *b)
{
    b->win = pt_take_window();
    b->win_l1e = pt_entry_ma(pt_boot_l4(), (uint64_t)(uintptr_t)b->win, 1);
    return b->win_l1e ? 0 : -1;
}

long dombuild_domctl(struct pvisor_domctl *op)
{
    op->interface_version = PVISOR_DOMCTL_VERSION;
    return hypercall1(__HYPERVISOR_domctl, op);
}

long dombuild_map(struct dombuild *b, uint64_t mfn, uint16_t owner)
{
    struct mmu_update u = { b->win_l1e, (mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D };

    return HYPERVISOR_mmu_update(&u, 1, NULL, owner);
}

long dombuild_unmap(struct dombuild *b)
{
    struct mmu_update u = { b->win_l1e, 0 };
    long rc = HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);

    pt_invlpg((uint64_t)(uintptr_t)b->win);
    return rc;
}

long dombuild_write(struct dombuild *b, unsigned int pfn)
{
    uint64_t *t = b->win;
    long rc = dombuild_map(b, b->mfn[pfn], b->dom);

    if (rc)
        return rc;
    memset(t, 0, 4096);
    switch (pfn) {
    case DOMBUILD_L4: t[0] = (b->mfn[DOMBUILD_L3] << 12) | TABLE_FLAGS; break;
    case DOMBUILD_L3: t[0] = (b->mfn[DOMBUILD_L2] << 12) | TABLE_FLAGS; break;
    case DOMBUILD_L2: t[2] = (b->mfn[DOMBUILD_L1] << 12) | TABLE_FLAGS; break;
    case DOMBUILD_L1:
        for (unsigned int i = 0; i < DOMBUILD_NR; i++)
            t[i] = (b->mfn[i] << 12) | PTE_P | PTE_US | PTE_A |
                   (i <= DOMBUILD_L1 ? 0 : PTE_RW | PTE_D);  /* tables read-only */
        break;
    case DOMBUILD_CODE: memcpy(t, b->code, b->code_len); break;
    default: break;
    }
    return dombuild_unmap(b);
}

long dombuild_start(struct dombuild *b)
{
    static struct vcpu_guest_context ctxt;
    struct pvisor_domctl op;
    long rc;

    memset(&ctxt, 0, sizeof(ctxt));
    ctxt.flags = VGCF_in_kernel | VGCF_online;
    ctxt.user_regs.rip = DOMBUILD_BASE + DOMBUILD_CODE * 4096;
    ctxt.user_regs.rsp = DOMBUILD_BASE + (DOMBUILD_STACK + 1) * 4096;
    ctxt.user_regs.cs = FLAT_KERNEL_CS64;
    ctxt.user_regs.ss = FLAT_KERNEL_SS64;
    ctxt.user_regs.rflags = 0x200;
    ctxt.kernel_ss = FLAT_KERNEL_SS64;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    ctxt.ctrlreg[3] = b->mfn[DOMBUILD_L4] << 12;
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_setvcpucontext, .domain = b->dom,
                                 .u.vcpucontext = { .vcpu = 0,
                                                    .ctxt = (uint64_t)(uintptr_t)&ctxt } };
    rc = dombuild_domctl(&op);
    if (rc)
        return rc;
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_unpausedomain, .domain = b->dom };
    return dombuild_domctl(&op);
}
