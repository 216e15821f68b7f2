/* SPDX-License-Identifier: MIT */
/*
 * Page types and reference counts of machine frames (direct paging).
 *
 * Every frame a domain owns has a general reference count (frame.count_info;
 * ownership itself holds one) and a type with a type count
 * (frame.type_info): none, writable, L1..L4 page table or segment
 * descriptor page. Invariants, which every function here keeps:
 *  - a frame's type changes only while its type count is zero;
 *  - a page-table-typed frame with a non-zero count has been validated, and
 *    each present entry in it holds a reference on what it points to;
 *  - so a frame is never both a validated page table and writable by the
 *    guest (a writable mapping holds a PGT_writable type reference).
 */
#ifndef ASM_PAGETYPE_H
#define ASM_PAGETYPE_H

#include <hv/types.h>

struct domain;

#define PGT_none        (0ULL << 61)
#define PGT_l1          (1ULL << 61)
#define PGT_l2          (2ULL << 61)
#define PGT_l3          (3ULL << 61)
#define PGT_l4          (4ULL << 61)
#define PGT_seg_desc    (5ULL << 61)
#define PGT_writable    (7ULL << 61)
#define PGT_type_mask   (7ULL << 61)
#define PGT_pinned      (1ULL << 59)
#define PGT_validated   (1ULL << 58)
#define PGT_count_mask  ((1ULL << 55) - 1)

#define PTE_ADDR_MASK   0x000ffffffffff000ULL
#define _PAGE_GUEST_KERNEL (1ULL << 52)  /* Xen's marker for kernel-only L1 entries */

/* The page-table level of a PGT_lN type (1..4), 0 for other types. */
static inline unsigned int pgt_level(uint64_t type)
{
    uint64_t t = type & PGT_type_mask;

    return t >= PGT_l1 && t <= PGT_l4 ? (unsigned int)(t >> 61) : 0;
}

/*
 * get_page - take a general reference on @mfn for domain @d.
 * Returns 0; -EINVAL if the frame is not RAM owned by @d; -EOVERFLOW if
 * the count would overflow.
 */
int get_page(mfn_t mfn, const struct domain *d) __must_check;

/* put_page - drop a general reference. */
void put_page(mfn_t mfn);

/*
 * frame_release - give an unreferenced frame (no count, no type count)
 * back to the allocator, its M2P entry invalid.
 */
void frame_release(mfn_t mfn);

/*
 * frame_release_noflush - the same, without the flush: for domain
 * destruction, where no CPU can hold a TLB entry for the domain's frames
 * (none runs it, and every switch and idle entry flushes).
 */
void frame_release_noflush(mfn_t mfn);

/*
 * pt_domain_teardown - drop every page-table reference among @d's frames
 * (pins, validated tables) at its destruction.
 */
struct domain;
void pt_domain_teardown(struct domain *d);

/*
 * get_page_type - take a type reference of @type on @mfn (owned by @d),
 * changing the type if its count is zero and validating a page table the
 * first time. Returns 0; -EINVAL if the frame has another type in use or
 * its contents fail validation; -EBUSY when validation meets an L1 entry
 * mapping a foreign frame or a page table writable; -EOVERFLOW on count
 * overflow.
 */
int get_page_type(mfn_t mfn, uint64_t type, struct domain *d) __must_check;

/* put_page_type - drop a type reference; a page table whose count reaches
 * zero releases the references its entries held. */
void put_page_type(mfn_t mfn);

int get_page_and_type(mfn_t mfn, uint64_t type, struct domain *d) __must_check;
void put_page_and_type(mfn_t mfn);

/*
 * mod_pt_entry - write @val into entry @idx of the page table @pt_mfn
 * (level @level, a validated table of @d): the new entry's references are
 * taken and checked first, then the old entry's dropped.
 * Returns 0; -EINVAL for a refused entry or a hypervisor L4 slot; -EBUSY
 * when an L1 entry maps a foreign frame or a page table writable;
 * -EOVERFLOW when a reference count is full.
 */
int mod_pt_entry(struct domain *d, mfn_t pt_mfn, unsigned int level,
                 unsigned int idx, uint64_t val, bool preserve_ad) __must_check;

/*
 * mod_pt_entry_foreign - the same, but an L1 entry maps a frame of
 * @pg_owner (dom0 mapping another domain's frame: mmu_update foreigndom).
 */
int mod_pt_entry_foreign(struct domain *d, struct domain *pg_owner, mfn_t pt_mfn,
                         unsigned int level, unsigned int idx, uint64_t val,
                         bool preserve_ad) __must_check;

/*
 * pt_adjust_l1e - the value stored for a present L1 entry @pte (the same
 * adjustment mod_pt_entry() makes: US forced, kernel marker or G).
 */
uint64_t pt_adjust_l1e(uint64_t pte);

/*
 * pt_put_l1e - drop what a present L1 entry @pte holds on its target (a
 * general reference, and a writable type reference if RW); nothing for a
 * not-present entry. For a caller that removed the entry itself.
 */
void pt_put_l1e(uint64_t pte);

#define DESC_P      (1ULL << 47)
#define DESC_S      (1ULL << 44)        /* code/data, not system */
#define DESC_DPL3   (3ULL << 45)

/*
 * check_descriptor - may a guest put this segment descriptor in its GDT or
 * LDT? Code and data descriptors are accepted with their DPL raised to 3
 * (written back into *desc); not-present and type-0 ones as they are; call
 * gates to the guest's own code with DPL 0 and target RPL 3 (so they trap);
 * other system descriptors are refused. Returns true if accepted.
 */
bool check_descriptor(uint64_t *desc);

/*
 * pv_l4_install_hv_slots - write the hypervisor's PML4 slots 256..271
 * into the guest L4 @l4 (hypervisor view); the read-only M2P (slot 256)
 * only if @ro_mpt.
 */
void pv_l4_install_hv_slots(uint64_t *l4, bool ro_mpt);

/*
 * pv_l4_set_ro_mpt - show or hide the read-only M2P in a guest L4. As on
 * Xen: a validated L4 has it only under VMASST m2p_strict; NEW_BASEPTR adds
 * it without m2p_strict; NEW_USER_BASEPTR removes it under m2p_strict.
 */
void pv_l4_set_ro_mpt(uint64_t *l4, bool present);

#endif /* ASM_PAGETYPE_H */
