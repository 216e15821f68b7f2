/* SPDX-License-Identifier: MIT */
/*
 * guest-attack-second-l1: a page table made writable through a second,
 * not yet validated L1 table. The guest prepares an ordinary frame X (a
 * data page it may write freely) as an L1 table whose entry 0 maps a
 * page-table frame read-write, then tries to make X a page table:
 *   - X holding a writable mapping of the L4 in use, hooked into an empty
 *     L2 entry past the region (mmu_update): -EBUSY (the entry's error, as
 *     Xen's validation gives it), the L2 entry stays 0; pinned as an L1:
 *     -EBUSY;
 *   - the same with a writable mapping of an L1 in use: -EBUSY, -EBUSY;
 *   - X holding a writable mapping of itself: hook -EBUSY, pin -EBUSY;
 *   - control: X holding a read-only mapping of the L4 hooks (0) and, once
 *     unhooked, pins (0); then mmu_update of that entry to read-write
 *     (X now a validated table): -EBUSY and the entry stays read-only.
 * After the refusals X is an ordinary frame again: it can be mapped
 * writable. Correct on Xen 4.17 and pvisor alike. Regression test for
 * pvisor's pin, which answered -EINVAL for every validation failure.
 */
#include <public/errno.h>

#include "pt.h"
#include "test.h"

TEST_TITLE("a page table made writable through a second L1 table");

static uint64_t x_mfn, l2_ma;
static volatile uint64_t *x;            /* X, mapped writable while data */

static uint64_t rw(uint64_t mfn) { return (mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D; }
static uint64_t ro(uint64_t mfn) { return (mfn << 12) | PTE_P | PTE_A; }

/* X = { entry 0 = @e }, then X unmapped (a table must not be mapped writable). */
static void prepare(uint64_t e)
{
    x = pt_map(x_mfn, PTE_RW);
    if (!x)
        test_result(TEST_ERROR, "setup: cannot map X writable");
    memset((void *)x, 0, 4096);
    x[0] = e;
    CHECK_EQ(pt_unmap((void *)x), 0, "unmap X");
}

static void refused(const char *what, uint64_t e)
{
    long rc;

    prepare(e);
    rc = pt_mmu_update(l2_ma, rw(x_mfn) | PTE_US);
    CHECK(rc == -XEN_EBUSY, "%s: hooking X into the L2: %ld, expected -EBUSY", what, rc);
    CHECK(pt_read(l2_ma) == 0, "%s: L2 entry changed to %#llx", what,
          (unsigned long long)pt_read(l2_ma));
    if (pt_read(l2_ma))
        pt_mmu_update(l2_ma, 0);
    rc = pt_pin(1, x_mfn);
    CHECK(rc == -XEN_EBUSY, "%s: pinning X: %ld, expected -EBUSY", what, rc);
    if (!rc)
        pt_unpin(x_mfn);
}

void test_main(void)
{
    uint64_t l4 = pt_boot_l4();
    uint64_t l1_in_use = pt_entry_ma(l4, (uint64_t)(uintptr_t)pt_take_window(), 1) >> 12;
    const volatile uint64_t *xr;

    x_mfn = pt_alloc_frame();
    l2_ma = pt_entry_ma(l4, pt_region_end(), 2);
    if (!l1_in_use || !l2_ma || pt_read(l2_ma) != 0)
        test_result(TEST_ERROR, "setup: no empty L2 entry past the region");

    refused("writable map of the L4", rw(l4));
    refused("writable map of an L1 in use", rw(l1_in_use));
    refused("writable map of X itself", rw(x_mfn));

    /* Control: read-only entries are fine. */
    prepare(ro(l4));
    CHECK_EQ(pt_mmu_update(l2_ma, rw(x_mfn) | PTE_US), 0, "hook X (read-only map of the L4)");
    CHECK_EQ(pt_mmu_update(l2_ma, 0), 0, "unhook X");
    CHECK_EQ(pt_pin(1, x_mfn), 0, "pin X");
    CHECK_EQ(pt_mmu_update(x_mfn << 12, rw(l4)), -XEN_EBUSY,
             "X's entry made a writable map of the L4 (X validated)");
    xr = pt_map(x_mfn, 0);
    CHECK(xr != NULL, "X mapped read-only");
    if (xr) {
        /* The hypervisor may add US, G and bit 52 (PV-ABI-NOTES 6.4). */
        CHECK_EQ(xr[0] & ~(PTE_US | PTE_G | (1ULL << 52)), ro(l4),
                 "X's entry still read-only");
        CHECK_EQ(pt_unmap((void *)xr), 0, "unmap X");
    }
    CHECK_EQ(pt_unpin(x_mfn), 0, "unpin X");

    x = pt_map(x_mfn, PTE_RW);
    CHECK(x != NULL, "X can be mapped writable again");
}
