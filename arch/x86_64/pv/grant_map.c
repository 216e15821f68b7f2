/* SPDX-License-Identifier: MIT */
/*
 * Grant mappings in a PV guest's page tables: the L1 entry that
 * GNTTABOP_map_grant_ref writes and unmap_grant_ref clears.
 *
 * A grant entry is an L1 entry like any other once written: it holds a
 * general reference on the granted frame and, when writable, a writable
 * type reference (so the granter cannot make the frame a page table while
 * it is mapped writable). Removing it by any path drops them through
 * pt_put_l1e(), so a guest that zaps its grant PTE with mmu_update cannot
 * unbalance the counts. The only difference from a guest-written entry is
 * where the frame may come from: the granter, not the page-table owner.
 *
 * The entry named must lie in a live (validated) L1 table of the mapping
 * domain: found through the current kernel page tables for a virtual
 * address, or given by machine address with GNTMAP_contains_pte.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/smp.h>
#include <asm/pagetype.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <public/grant_table.h>

#define PTE_AVAIL_SHIFT 9       /* PTE bits 9-11: the guest's GNTMAP_guest_avail bits */

/* Is @mfn a live L1 table of @d (typed L1 with a type reference)? */
static bool is_live_l1(const struct domain *d, mfn_t mfn)
{
    const struct frame *f;

    if (mfn >= frame_table_size)
        return false;
    f = mfn_to_frame(mfn);
    return f->state == FRAME_ALLOCATED && f->owner == d->domid &&
           pgt_level(f->type_info) == 1 && (f->type_info & PGT_count_mask);
}

/* The stored entry for a grant mapping of @frame with GNTMAP_* @flags. */
static uint64_t grant_pte(mfn_t frame, uint32_t flags)
{
    uint64_t pte = (frame << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED |
                   _PAGE_DIRTY | _PAGE_NX;

    if (!(flags & GNTMAP_readonly))
        pte |= _PAGE_RW;
    if (flags & GNTMAP_application_map)
        pte |= _PAGE_USER;
    pte |= (uint64_t)((flags >> _GNTMAP_guest_avail0) & 7) << PTE_AVAIL_SHIFT;
    return pt_adjust_l1e(pte);
}

/* Machine address of the L1 entry @addr names for @v, or 0 if none. */
static uint64_t find_pte(struct vcpu *v, uint64_t addr, uint32_t flags)
{
    mfn_t l1;

    if (flags & GNTMAP_contains_pte) {
        if (addr & 7)
            return 0;           /* would straddle two entries */
        l1 = addr >> PAGE_SHIFT;
    } else {
        if (!guest_range_ok(addr, 1))
            return 0;           /* non-canonical, or the hypervisor's range */
        l1 = pv_l1_for_va(v, addr);
        addr = (l1 << PAGE_SHIFT) + ((addr >> PAGE_SHIFT) & 511) * 8;
    }
    return is_live_l1(v->domain, l1) ? addr : 0;
}

static inline uint64_t *pte_at(uint64_t pte_ma)
{
    return phys_to_virt(pte_ma);
}

/* Does @pte map @frame, present, with the access @flags asked for? */
static bool pte_matches(uint64_t pte, mfn_t frame, uint32_t flags)
{
    bool want_rw = !(flags & GNTMAP_readonly);

    return (pte & _PAGE_PRESENT) && ((pte & PTE_ADDR_MASK) >> PAGE_SHIFT) == frame &&
           !!(pte & _PAGE_RW) == want_rw;
}

int arch_gnttab_map(struct vcpu *v, uint64_t addr, uint32_t flags,
                    mfn_t frame, struct domain *owner, uint64_t *pte_ma)
{
    uint64_t ma = find_pte(v, addr, flags);
    uint64_t pte = grant_pte(frame, flags), old;

    if (!ma)
        return GNTST_general_error;
    if (get_page(frame, owner))
        return GNTST_general_error;
    if ((pte & _PAGE_RW) && get_page_type(frame, PGT_writable, owner)) {
        put_page(frame);
        return GNTST_general_error;     /* a page table or descriptor page */
    }
    old = *pte_at(ma);
    *pte_at(ma) = pte;
    pt_put_l1e(old);
    /* Replacing a present entry: the old translation must go, on every CPU. */
    if (old & _PAGE_PRESENT)
        flush_tlb_domain(v->domain);
    *pte_ma = ma;
    return GNTST_okay;
}

int arch_gnttab_unmap(struct vcpu *v, uint64_t addr, uint32_t flags, mfn_t frame)
{
    uint64_t ma = find_pte(v, addr, flags), old;

    if (!ma)
        return GNTST_general_error;
    old = *pte_at(ma);
    if (!pte_matches(old, frame, flags))
        return GNTST_general_error;
    *pte_at(ma) = 0;
    pt_put_l1e(old);
    return GNTST_okay;
}

void arch_gnttab_release(struct domain *d, uint64_t pte_ma, uint32_t flags, mfn_t frame)
{
    uint64_t old;

    /* A table no longer live dropped its entries' references already. */
    if (!is_live_l1(d, pte_ma >> PAGE_SHIFT))
        return;
    old = *pte_at(pte_ma);
    if (!pte_matches(old, frame, flags))
        return;
    *pte_at(pte_ma) = 0;
    pt_put_l1e(old);
}
