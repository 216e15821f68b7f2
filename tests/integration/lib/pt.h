/* SPDX-License-Identifier: MIT */
/*
 * Test-guest page-table helpers: find the tables the builder made, read
 * their entries, take free frames, map frames at scratch addresses, and
 * one-request wrappers for mmu_update and mmuext_op.
 *
 * The builder maps [GUEST_VIRT_BASE, v_end) and nothing else
 * (PV-ABI-NOTES 2.2): guest PFN n at GUEST_VIRT_BASE + n * 4K, the
 * bootstrap page tables read-only, everything else read-write. PFNs from
 * v_end's up to start_info->nr_pages are the guest's but mapped nowhere:
 * pt_alloc_frame() hands them out. To write such a frame a test maps it at
 * a window, one of the last PT_WINDOWS pages of the initial region (the
 * builder's padding, unused by anyone), with update_va_mapping.
 *
 * Frames are found from MFNs through the p2m list (start_info->mfn_list),
 * not the read-only M2P, so these helpers do not depend on what
 * guest-mm-readonly-m2p tests. Windows are L1 entries of the initial
 * tables: they work while those tables (or copies that keep the window
 * entries) are in use.
 */
#ifndef GUEST_PT_H
#define GUEST_PT_H

#include <stdbool.h>
#include <stdint.h>

/* More hardware page-table bits (x86, not ABI); test.h has P RW US A D NX. */
#define PTE_PWT          (1ULL << 3)
#define PTE_PCD          (1ULL << 4)
#define PTE_PSE          (1ULL << 7) /* L2/L3: superpage. */
#define PTE_PAT          (1ULL << 7) /* L1: the PAT bit. */
#define PTE_G            (1ULL << 8)
#define PTE_GUEST_KERNEL (1ULL << 52) /* Xen's "kernel-only" mark (6.4). */
#define PTE_ADDR_MASK    0x000ffffffffff000ULL
#define PTE_MFN(e)       (((e)&PTE_ADDR_MASK) >> 12)

#define PT_ENTRIES 512
#define PT_INVALID (~0ULL)

/* Window pages at the top of the initial region (see above). */
#define PT_WINDOWS 16

/* The index of @va's entry in its level-@level table (1 = L1 ... 4 = L4). */
static inline unsigned int pt_index(uint64_t va, unsigned int level)
{
    return (unsigned int)((va >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1));
}

/*
 * pt_init - find v_end and set the windows up (all unmapped). Idempotent;
 * every other helper calls it. Reports ERROR if the layout is not what the
 * builder must make.
 */
void pt_init(void);

/* MFN of the builder's L4 (start_info->pt_base). */
uint64_t pt_boot_l4(void);

/* First address past the initial mapping (v_end). */
uint64_t pt_region_end(void);

/* PFN of @mfn through the p2m, or PT_INVALID if the guest has no such frame. */
uint64_t pt_mfn_to_pfn(uint64_t mfn);

/*
 * pt_table_va - a readable address of frame @mfn: its place in the initial
 * region (pfn below v_end), else a window that maps it; NULL if neither.
 */
const uint64_t *pt_table_va(uint64_t mfn);

/*
 * pt_entry_ma - machine address of the level-@level entry for @va in the
 * tree rooted at L4 frame @l4_mfn; 0 if a table on the way is not present
 * or not readable (pt_table_va).
 */
uint64_t pt_entry_ma(uint64_t l4_mfn, uint64_t va, unsigned int level);

/* pt_read - the entry at machine address @ma, or PT_INVALID if unreadable. */
uint64_t pt_read(uint64_t ma);

/*
 * pt_alloc_frame - MFN of a guest frame mapped nowhere (PFN >= v_end's),
 * each only once; reports ERROR when none is left. Contents undefined.
 */
uint64_t pt_alloc_frame(void);

/*
 * pt_map - map @mfn at a free window with P|A|@flags (D is added with RW);
 * returns the address, or NULL after printing update_va_mapping's error.
 * pt_unmap - clear a window again (0 or the error).
 * pt_remap - map the window's frame again with P|A|@flags.
 */
void *pt_map(uint64_t mfn, uint64_t flags);
long pt_unmap(void *va);
long pt_remap(void *va, uint64_t flags);

/*
 * pt_take_window - a window for the test's own use (its L1 entry is not
 * present); pt_map will not hand it out until pt_unmap releases it.
 */
void *pt_take_window(void);

/* pt_new_table - allocate a frame, map it read-write, zero it. */
void *pt_new_table(uint64_t *mfn);

/* One MMU_* request {ptr, val}, DOMID_SELF. */
long pt_mmu_update(uint64_t ptr, uint64_t val);

/* One mmuext_op {cmd, arg1, arg2}, DOMID_SELF. */
long pt_mmuext(unsigned int cmd, uint64_t arg1, uint64_t arg2);

/* MMUEXT_PIN_L<level>_TABLE on @mfn. */
long pt_pin(unsigned int level, uint64_t mfn);
long pt_unpin(uint64_t mfn);
long pt_new_baseptr(uint64_t mfn);
long pt_new_user_baseptr(uint64_t mfn);
long pt_invlpg(uint64_t va);
long pt_flush_tlb(void);

/* update_va_mapping(@va, @pte, UVMF_INVLPG). */
long pt_set_va(uint64_t va, uint64_t pte);

#endif /* GUEST_PT_H */
