/* SPDX-License-Identifier: MIT */
/*
 * guest-attack-freed-frame: a frame given back (decrease_reservation) is
 * no longer the guest's, whatever path it takes to reach it again: no
 * mapping, no page-table or descriptor type, no M2P entry, no page copy,
 * no grant. A use-after-free here would let a guest read or write a frame
 * the hypervisor has handed to someone else.
 *
 * The guest writes a marker into a free frame F of its own (mapped at a
 * window, then unmapped), gives F back, and tries:
 *   - mmu_update of the window's L1 entry to F, read-write and read-only:
 *     -EBUSY (Xen's get_page_from_l1e: not the domain's);
 *   - update_va_mapping of the window to F: -EBUSY;
 *   - MMU_MACHPHYS_UPDATE of F: -EINVAL;
 *   - PIN_L1_TABLE and PIN_L4_TABLE of F: -EINVAL;
 *   - set_gdt with F: -EINVAL; update_descriptor into F: -EINVAL;
 *   - COPY_PAGE from F into a frame of ours, CLEAR_PAGE of F: -EINVAL;
 *   - a grant of F to itself, mapped: GNTST_bad_page (the granter does
 *     not own F; Xen 4.17's answer);
 *   - decrease_reservation of F a second time: 0 extents done.
 * After each: the window's L1 entry still reads 0 (nothing changed), and
 * at the end the reservation is one frame below where it started.
 * Correct on Xen 4.17 and pvisor alike.
 */
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/memory.h>

#include "gnttab.h"
#include "pt.h"
#include "test.h"

TEST_TITLE("a frame given back stays out of reach (use after free)");

#define MARK    0xfeedfacecafef00dULL
#define REF     7

static uint64_t win_va, win_l1e;

static long reservation(unsigned int op, uint64_t mfn)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)(uintptr_t)&mfn, .nr_extents = 1,
        .extent_order = 0, .domid = DOMID_SELF,
    };

    return HYPERVISOR_memory_op(op, &r);
}

/* The refused call must leave the window's entry as it was: empty. */
static void check_untouched(const char *what)
{
    CHECK_EQ(pt_read(win_l1e), 0, what);
}

void test_main(void)
{
    domid_t self = DOMID_SELF;
    uint64_t f = pt_alloc_frame(), mine = pt_alloc_frame();
    long cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self), after;
    volatile uint64_t *p;
    uint64_t desc = 0x00cff3000000ffffULL;      /* data, DPL 3 */
    grant_handle_t h;

    win_va = (uint64_t)(uintptr_t)pt_take_window();
    win_l1e = pt_entry_ma(pt_boot_l4(), win_va, 1);
    CHECK(win_l1e != 0, "the window's L1 entry");

    p = pt_map(f, PTE_RW);
    CHECK(p != NULL, "map F");
    p[0] = MARK;
    CHECK_EQ(pt_unmap((void *)p), 0, "unmap F");
    CHECK_EQ(reservation(XENMEM_decrease_reservation, f), 1, "give F back");

    CHECK_EQ(pt_mmu_update(win_l1e, (f << 12) | PTE_P | PTE_RW | PTE_A | PTE_D),
             -XEN_EBUSY, "mmu_update: map F read-write");
    check_untouched("window after mmu_update read-write");
    CHECK_EQ(pt_mmu_update(win_l1e, (f << 12) | PTE_P | PTE_A), -XEN_EBUSY,
             "mmu_update: map F read-only");
    check_untouched("window after mmu_update read-only");
    CHECK_EQ(HYPERVISOR_update_va_mapping(win_va, (f << 12) | PTE_P | PTE_RW | PTE_A, 0),
             -XEN_EBUSY, "update_va_mapping: map F");
    check_untouched("window after update_va_mapping");
    CHECK_EQ(pt_mmu_update((f << 12) | MMU_MACHPHYS_UPDATE, 5), -XEN_EINVAL,
             "MMU_MACHPHYS_UPDATE of F");
    CHECK_EQ(pt_pin(1, f), -XEN_EINVAL, "PIN_L1_TABLE of F");
    CHECK_EQ(pt_pin(4, f), -XEN_EINVAL, "PIN_L4_TABLE of F");
    CHECK_EQ(hypercall2(__HYPERVISOR_set_gdt, &f, 512), -XEN_EINVAL, "set_gdt with F");
    CHECK_EQ(hypercall2(__HYPERVISOR_update_descriptor, (f << 12) + 8, desc), -XEN_EINVAL,
             "update_descriptor into F");
    CHECK_EQ(pt_mmuext(MMUEXT_COPY_PAGE, mine, f), -XEN_EINVAL, "COPY_PAGE from F");
    CHECK_EQ(pt_mmuext(MMUEXT_CLEAR_PAGE, f, 0), -XEN_EINVAL, "CLEAR_PAGE of F");

    gnt_grant(REF, 0, f, 0);
    CHECK_EQ(gnt_map(0, REF, win_va, GNTMAP_host_map, &h, NULL), GNTST_bad_page,
             "grant map of F (granted by a domain that does not own it)");
    gnt_revoke(REF);
    check_untouched("window after the grant map");

    CHECK_EQ(reservation(XENMEM_decrease_reservation, f), 0, "give F back twice");
    after = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    CHECK_EQ(after, cur - 1, "reservation one frame lower");
}
