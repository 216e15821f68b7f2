/* SPDX-License-Identifier: MIT */
/* A tiny domain built by dom0 from nothing (dombuild.h; tables and context from minidom.c). */
#include <public/errno.h>
#include <public/xen.h>

#include "dombuild.h"
#include "hypercall.h"
#include "minidom.h"
#include "pt.h"
#include "pvclock.h"
#include "test.h"

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

int dombuild_wait_gone(uint16_t id, uint64_t ns, struct pvisor_domctl *last)
{
    uint64_t end = pvclock_now() + ns;
    struct pvisor_domctl op;
    long rc;

    for (;;) {
        op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = id };
        rc = dombuild_domctl(&op);
        if (rc == -XEN_ESRCH || (rc == 0 && op.domain != id))
            return 0;
        if (pvclock_now() >= end)
            break;
        for (unsigned int i = 0; i < 1000; i++)     /* the lock free a while */
            __asm__ volatile("pause");
    }
    if (last)
        *last = op;
    return -1;
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
    if (pfn <= DOMBUILD_L1)
        minidom_fill_table(t, pfn, b->mfn, DOMBUILD_NR);
    else if (pfn == DOMBUILD_CODE)
        memcpy(t, b->code, b->code_len);
    return dombuild_unmap(b);
}

long dombuild_start(struct dombuild *b)
{
    static struct vcpu_guest_context ctxt;
    struct pvisor_domctl op;
    long rc;

    minidom_context(&ctxt, DOMBUILD_BASE + DOMBUILD_CODE * 4096,
                    DOMBUILD_BASE + (DOMBUILD_STACK + 1) * 4096, b->mfn[DOMBUILD_L4]);
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_setvcpucontext, .domain = b->dom,
                                 .u.vcpucontext = { .vcpu = 0,
                                                    .ctxt = (uint64_t)(uintptr_t)&ctxt } };
    rc = dombuild_domctl(&op);
    if (rc)
        return rc;
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_unpausedomain, .domain = b->dom };
    return dombuild_domctl(&op);
}
