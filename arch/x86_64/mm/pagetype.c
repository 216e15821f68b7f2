/* SPDX-License-Identifier: MIT */
/*
 * Page types and reference counts: validation of guest page tables
 * (direct paging). See asm/pagetype.h for the invariants kept here.
 *
 * Entry rules for a 64-bit PV guest (Xen's):
 *  - L1 entries may set P RW US A D, the available bits, G and NX; PWT, PCD
 *    and PAT only for a domain with I/O rights (dom0). They may map only RAM
 *    the domain owns (else -EBUSY); a writable mapping takes a PGT_writable
 *    type reference on the target, so it fails for a page table.
 *  - L2..L4 entries may set P RW US A D, the available bits and NX; never
 *    PSE (no superpages), G, PWT or PCD. They point at a frame of the
 *    domain typed one level down, or, read-only, at a validated table of
 *    their own level (linear page tables, see get_linear_ref).
 *  - L4 slots 256..271 belong to the hypervisor: skipped when validating
 *    and overwritten with the hypervisor's entries.
 *  - The stored value is adjusted: US forced on every level (the guest
 *    kernel runs in ring 3); an L1 entry the guest gave without US gets the
 *    kernel-only marker bit 52, one with US becomes global (G); L4 entries
 *    get A.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/smp.h>
#include <asm/desc.h>
#include <asm/layout.h>
#include <asm/m2p.h>
#include <asm/pagetype.h>
#include <asm/processor.h>
#include <public/xen.h>

#define L1_ALLOWED  (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
                     _PAGE_DIRTY | _PAGE_GLOBAL | 0xe00ULL | \
                     0x7ff0000000000000ULL | _PAGE_NX)
#define LN_ALLOWED  (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
                     _PAGE_DIRTY | 0xe00ULL | 0x7ff0000000000000ULL | _PAGE_NX)
#define PT_ENTRIES  512

static inline bool is_hv_l4_slot(unsigned int idx)
{
    return idx >= HV_FIRST_SLOT && idx <= HV_LAST_SLOT;
}

static inline uint64_t *pt_map(mfn_t mfn)
{
    return phys_to_virt(mfn << PAGE_SHIFT);
}

static inline mfn_t pte_mfn(uint64_t pte)
{
    return (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

int get_page(mfn_t mfn, const struct domain *d)
{
    struct frame *f;

    if (mfn >= frame_table_size)
        return -EINVAL;
    f = mfn_to_frame(mfn);
    if (f->state != FRAME_ALLOCATED || f->owner != d->domid || !f->count_info)
        return -EINVAL;
    if (f->count_info == UINT32_MAX)
        return -EOVERFLOW;
    f->count_info++;
    return 0;
}

void put_page(mfn_t mfn)
{
    struct frame *f = mfn_to_frame(mfn);

    BUG_ON(!f->count_info);
    f->count_info--;
    /*
     * The owner's own reference keeps it above zero while it is owned. A
     * frame its dead owner left to others' references (an orphan) goes
     * back to the allocator with the last of them.
     */
    if (!f->count_info && f->owner == DOMID_NONE)
        frame_release(mfn);
}

void frame_release(mfn_t mfn)
{
    struct frame *f = mfn_to_frame(mfn);

    BUG_ON(f->count_info || (f->type_info & PGT_count_mask));
    /*
     * The last mapping of this frame is gone, but a CPU that ran the
     * domain that mapped it may still cache it: flush them all before the
     * frame can be handed out again (rare: frames left to others' mappings
     * by a dead domain, or given back by a guest).
     */
    flush_tlb_all_cpus();
    frame_release_noflush(mfn);
}

void frame_release_noflush(mfn_t mfn)
{
    struct frame *f = mfn_to_frame(mfn);

    BUG_ON(f->count_info || (f->type_info & PGT_count_mask));
    m2p_set(mfn, ~0ULL);
    /* Owned by nobody by now: frame_free refuses a frame still on a list. */
    if (frame_free(mfn, 0))
        BUG();
}

static int get_child_ref(uint64_t pte, unsigned int level, struct domain *d,
                         mfn_t table, struct domain *pg_owner);
static void put_child_ref(uint64_t pte, unsigned int level, mfn_t table);

/* Release what the present entries of a table hold (it stops being one). */
static void devalidate(mfn_t mfn, unsigned int level)
{
    uint64_t *pt = pt_map(mfn);

    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        if (level == 4 && is_hv_l4_slot(i))
            continue;
        if (pt[i] & _PAGE_PRESENT)
            put_child_ref(pt[i], level, mfn);
    }
}

/* Adjust a valid guest entry to what is stored (see the file comment). */
static uint64_t adjust_entry(uint64_t pte, unsigned int level)
{
    if (!(pte & _PAGE_PRESENT))
        return pte;
    /*
     * L1: a kernel-only page (no US from the guest) gets the marker bit 52;
     * a user page becomes global, as Xen does (guest CR3 loads flush global
     * entries, see pv.c).
     */
    if (level == 1)
        pte |= (pte & _PAGE_USER) ? _PAGE_GLOBAL : _PAGE_GUEST_KERNEL;
    pte |= _PAGE_USER;
    if (level == 4)
        pte |= _PAGE_ACCESSED;
    return pte;
}

/* Validate every entry of a table, taking its references; undo on failure. */
static int validate(mfn_t mfn, unsigned int level, struct domain *d)
{
    uint64_t *pt = pt_map(mfn);
    unsigned int i;
    int rc = 0;

    for (i = 0; i < PT_ENTRIES; i++) {
        if (level == 4 && is_hv_l4_slot(i))
            continue;
        if (!(pt[i] & _PAGE_PRESENT))
            continue;
        rc = get_child_ref(pt[i], level, d, mfn, d);
        if (rc) {
            printk(LOG_DEBUG, "d%u: L%u table %#llx entry %u (%#llx) refused: %d",
                   d->domid, level, (unsigned long long)mfn, i,
                   (unsigned long long)pt[i], rc);
            break;
        }
        pt[i] = adjust_entry(pt[i], level);
    }
    if (rc) {
        while (i--) {
            if (level == 4 && is_hv_l4_slot(i))
                continue;
            if (pt[i] & _PAGE_PRESENT)
                put_child_ref(pt[i], level, mfn);
        }
        return rc;
    }
    if (level == 4)
        pv_l4_install_hv_slots(pt, d->vm_assist & (1UL << VMASST_TYPE_m2p_strict));
    return 0;
}

/* A frame becoming a GDT/LDT page: every descriptor in it must pass. */
static int validate_segdesc(mfn_t mfn)
{
    uint64_t *desc = pt_map(mfn);

    for (unsigned int i = 0; i < PT_ENTRIES; i++)
        if (!check_descriptor(&desc[i]))
            return -EINVAL;
    return 0;
}

/* Does a type reference of @type need the frame validated first? */
static inline bool type_needs_validation(uint64_t type)
{
    return pgt_level(type) || type == PGT_seg_desc;
}

/* get_page_type's general case: the frame changes type or needs validating. */
static __attribute__((noinline)) int get_page_type_slow(mfn_t mfn, uint64_t type,
                                                        struct domain *d)
{
    struct frame *f;
    uint64_t t;
    unsigned int level = pgt_level(type);
    int rc;

    if (mfn >= frame_table_size)
        return -EINVAL;
    f = mfn_to_frame(mfn);
    if (f->state != FRAME_ALLOCATED || f->owner != d->domid)
        return -EINVAL;
    t = f->type_info;
    if ((t & PGT_count_mask) == PGT_count_mask)
        return -EOVERFLOW;
    if ((t & PGT_type_mask) != type) {
        if (t & PGT_count_mask)
            return -EINVAL;     /* in use as something else */
        /*
         * Leaving the writable type: stale writable TLB entries must go
         * before the frame can be trusted as a page table.
         */
        if ((t & PGT_type_mask) == PGT_writable)
            flush_tlb_domain(d);
        t = type;
    }
    if (type_needs_validation(type) && !(t & PGT_validated)) {
        /* Count first: a table that refers to itself sees it in use. */
        f->type_info = t + 1;
        rc = level ? validate(mfn, level, d) : validate_segdesc(mfn);
        if (rc) {
            f->type_info = t;
            return rc;
        }
        f->type_info |= PGT_validated;
        return 0;
    }
    f->type_info = t + 1;
    return 0;
}

/*
 * The common case first: the frame already has this type (and is validated
 * if the type needs it), e.g. a pinned L4 becoming a base pointer on every
 * address-space switch: one more reference. Everything else, errors
 * included, is get_page_type_slow's.
 */
int get_page_type(mfn_t mfn, uint64_t type, struct domain *d)
{
    if (likely(mfn < frame_table_size)) {
        struct frame *f = mfn_to_frame(mfn);
        uint64_t t = f->type_info;

        if (f->state == FRAME_ALLOCATED && f->owner == d->domid &&
            (t & PGT_type_mask) == type &&
            (t & PGT_count_mask) != PGT_count_mask &&
            ((t & PGT_validated) || !type_needs_validation(type))) {
            f->type_info = t + 1;
            return 0;
        }
    }
    return get_page_type_slow(mfn, type, d);
}

/* The last type reference of a validated page table goes. */
static __attribute__((noinline)) void put_page_type_last(mfn_t mfn, unsigned int level)
{
    struct frame *f = mfn_to_frame(mfn);

    /* It stops being a page table (the type bits stay). */
    f->type_info = (f->type_info - 1) & ~(PGT_validated | PGT_pinned);
    devalidate(mfn, level);
}

void put_page_type(mfn_t mfn)
{
    struct frame *f = mfn_to_frame(mfn);
    uint64_t t = f->type_info;
    unsigned int level = pgt_level(t);

    BUG_ON(!(t & PGT_count_mask));
    if (unlikely((t & PGT_count_mask) == 1 && level && (t & PGT_validated)))
        put_page_type_last(mfn, level);
    else
        f->type_info = t - 1;
}

int get_page_and_type(mfn_t mfn, uint64_t type, struct domain *d)
{
    int rc = get_page(mfn, d);

    if (rc)
        return rc;
    rc = get_page_type(mfn, type, d);
    if (rc)
        put_page(mfn);
    return rc;
}

void put_page_and_type(mfn_t mfn)
{
    put_page_type(mfn);
    put_page(mfn);
}

/*
 * Linear (recursive) page tables: an L2-L4 entry may point at a table of
 * its own level if the entry is read-only and the target is a validated
 * table of the domain. A self-reference takes no reference at all. Other
 * linear references are counted in the frames' `linear` field (zero when
 * a frame leaves the allocator): > 0 on a table holding linear entries,
 * < 0 on a table others refer to linearly; one table may not be both,
 * which bounds the recursion when tables are torn down (Xen's XSA-240
 * rule).
 */
static int32_t *linear_count(mfn_t mfn)
{
    return &mfn_to_frame(mfn)->linear;
}

static int get_linear_ref(mfn_t target, unsigned int level, struct domain *d,
                          mfn_t table)
{
    uint64_t same = (uint64_t)level << 61;
    struct frame *f;

    if (target == table)
        return 0;
    if (target >= frame_table_size)
        return -EINVAL;
    f = mfn_to_frame(target);
    if (f->state != FRAME_ALLOCATED || f->owner != d->domid ||
        (f->type_info & PGT_type_mask) != same ||
        !(f->type_info & PGT_validated) || !(f->type_info & PGT_count_mask))
        return -EINVAL;
    if (*linear_count(table) < 0 || *linear_count(target) > 0)
        return -EINVAL;
    if (get_page_and_type(target, same, d))
        return -EINVAL;
    ++*linear_count(table);
    --*linear_count(target);
    return 0;
}

/* Is this present entry of a level-@level table a linear one? */
static bool is_linear(uint64_t pte, unsigned int level)
{
    mfn_t target = pte_mfn(pte);

    return level >= 2 && target < frame_table_size &&
           (mfn_to_frame(target)->type_info & PGT_type_mask) ==
               (uint64_t)level << 61;
}

/*
 * Take what a present entry of a level-@level table of @d holds on its
 * target. An L1 entry maps a frame of @pg_owner (@d itself, or for dom0 a
 * foreign domain's frame named by mmu_update's foreigndom).
 */
static int get_child_ref(uint64_t pte, unsigned int level, struct domain *d,
                         mfn_t table, struct domain *pg_owner)
{
    mfn_t target = pte_mfn(pte);
    int rc;

    if (level == 1) {
        uint64_t allowed = L1_ALLOWED;

        /* Cache attributes only for domains with I/O rights (dom0), as Xen. */
        if (d->privileged)
            allowed |= _PAGE_PWT | _PAGE_PCD | _PAGE_PSE /* PAT in an L1 */;
        if (pte & ~allowed & ~PTE_ADDR_MASK)
            return -EINVAL;
        /* Not a frame of the domain's: Xen answers -EBUSY. */
        if (get_page(target, pg_owner))
            return -EBUSY;
        if (pte & _PAGE_RW) {
            rc = get_page_type(target, PGT_writable, pg_owner);
            if (rc) {
                put_page(target);
                return -EBUSY;
            }
        }
        return 0;
    }
    if (pte & ~LN_ALLOWED & ~PTE_ADDR_MASK)
        return -EINVAL;
    rc = get_page_and_type(target, (uint64_t)(level - 1) << 61, d);
    if (rc == -EINVAL && !(pte & _PAGE_RW) &&
        (target == table || is_linear(pte, level)))
        rc = get_linear_ref(target, level, d, table);
    return rc;
}

static void put_child_ref(uint64_t pte, unsigned int level, mfn_t table)
{
    mfn_t target = pte_mfn(pte);

    if (level == 1) {
        /*
         * A writable mapping of another domain's frame (a grant mapping the
         * guest removed itself, or whose table went): the mapper's CPUs may
         * still hold the translation, and the owner's flush when the frame
         * later changes type would not reach them. Grant unmaps flush
         * themselves (pt_put_l1e passes no table).
         */
        if ((pte & _PAGE_RW) && table &&
            mfn_to_frame(target)->owner != mfn_to_frame(table)->owner)
            flush_tlb_domain(domain_lookup(mfn_to_frame(table)->owner));
        if (pte & _PAGE_RW)
            put_page_type(target);
        put_page(target);
        return;
    }
    if (target == table)
        return;                 /* a self-reference holds nothing */
    if (is_linear(pte, level)) {
        --*linear_count(table);
        ++*linear_count(target);
    }
    put_page_and_type(target);
}

uint64_t pt_adjust_l1e(uint64_t pte)
{
    return adjust_entry(pte, 1);
}

void pt_put_l1e(uint64_t pte)
{
    if (pte & _PAGE_PRESENT)
        put_child_ref(pte, 1, 0);
}

int mod_pt_entry(struct domain *d, mfn_t pt_mfn, unsigned int level,
                 unsigned int idx, uint64_t val, bool preserve_ad)
{
    return mod_pt_entry_foreign(d, d, pt_mfn, level, idx, val, preserve_ad);
}

int mod_pt_entry_foreign(struct domain *d, struct domain *pg_owner, mfn_t pt_mfn,
                         unsigned int level, unsigned int idx, uint64_t val,
                         bool preserve_ad)
{
    uint64_t *pt = pt_map(pt_mfn);
    uint64_t old = pt[idx];
    int rc;

    if (level == 4 && is_hv_l4_slot(idx))
        return -EINVAL;
    if (preserve_ad)
        val |= old & (_PAGE_ACCESSED | _PAGE_DIRTY);
    if (val & _PAGE_PRESENT) {
        rc = get_child_ref(val, level, d, pt_mfn, level == 1 ? pg_owner : d);
        if (rc)
            return rc;
        val = adjust_entry(val, level);
    }
    pt[idx] = val;
    if (old & _PAGE_PRESENT)
        put_child_ref(old, level, pt_mfn);
    return 0;
}

/*
 * Tear down the page tables of a dead domain @d (no vCPU runs, its vCPUs'
 * roots, GDT and LDT references already dropped, grant mappings released).
 * Pins are dropped first; tables still validated after that are held by
 * each other (linear entries): each entry is cleared before its reference
 * is dropped, so whatever a drop devalidates never sees it again.
 *
 * Both passes walk d's frame list, not the frame table, so the cost grows
 * with d's memory, not the machine's. The list does not change meanwhile:
 * dropping references frees only frames no domain owns (put_page releases
 * an unowned frame, such as d's grant-table frames, which gnttab_destroy
 * gave up, or an orphan of another domain), and nothing here assigns or
 * unassigns a frame.
 */
void pt_domain_teardown(struct domain *d)
{
    uint32_t nr = d->frames.nr;

    frame_list_for_each(m, &d->frames) {
        struct frame *f = mfn_to_frame(m);

        if (!(f->type_info & PGT_pinned))
            continue;
        f->type_info &= ~PGT_pinned;
        put_page_and_type(m);
    }
    frame_list_for_each(m, &d->frames) {
        struct frame *f = mfn_to_frame(m);
        unsigned int level = pgt_level(f->type_info);
        uint64_t *pt;

        if (!level || !(f->type_info & PGT_validated) ||
            !(f->type_info & PGT_count_mask))
            continue;
        pt = pt_map(m);
        for (unsigned int i = 0; i < PT_ENTRIES; i++) {
            uint64_t e = pt[i];

            if ((level == 4 && is_hv_l4_slot(i)) || !(e & _PAGE_PRESENT))
                continue;
            pt[i] = 0;
            put_child_ref(e, level, m);
        }
    }
    ASSERT(d->frames.nr == nr);
}
