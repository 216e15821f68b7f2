/* SPDX-License-Identifier: MIT */
/*
 * guest-mm-linear: linear (recursive) page tables. An L2, L3 or L4 entry
 * may point at a table of its own level if it is read-only (PV-ABI-NOTES
 * 6.5; Xen's pv-linear-pt, on by default), which lets a guest read its page
 * tables through ordinary virtual addresses.
 *
 * Correct (Xen 4.17):
 *   - mmu_update of builder's L4 slot 400 = the L4 itself, read-only: 0;
 *     through the self-map the guest reads its L4 (entry 511, the
 *     self-entry) and the L1 entry of GUEST_VIRT_BASE, as they are; a write
 *     there faults (#PF, P|W); the same entry read-write: -EINVAL, the
 *     read-only one staying; clearing it: 0;
 *   - an L2 entry (in the builder's L2, past the region) pointing at that
 *     L2 read-only: 0, and the page it makes reachable is the region's
 *     first L1 table; read-write: -EINVAL;
 *   - a fresh L4 holding only a read-only self-entry pins (PIN_L4_TABLE: 0)
 *     and unpins; with the self-entry read-write the pin fails: -EINVAL.
 */
#include <public/errno.h>
#include "pt.h"
#include "test.h"

TEST_TITLE("read-only linear page-table entries at L4 and L2");

#define SELF_SLOT 400ULL

static uint64_t canon(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16);
}

static uint64_t self_ro(uint64_t mfn)
{
    return (mfn << 12) | PTE_P | PTE_A;
}

static void check_l4_self(uint64_t boot_l4, const uint64_t *l4v)
{
    uint64_t slot_ma = (boot_l4 << 12) + SELF_SLOT * 8;
    uint64_t base = canon(SELF_SLOT << 39);
    uint64_t l4_va = base | SELF_SLOT << 30 | SELF_SLOT << 21 | SELF_SLOT << 12;
    uint64_t kva = GUEST_VIRT_BASE;
    uint64_t pte_va = base + ((kva & ((1ULL << 48) - 1)) >> 12) * 8;
    volatile const uint64_t *self = (volatile const uint64_t *)(uintptr_t)l4_va;
    struct fault_info fi;
    long rc;

    rc = pt_mmu_update(slot_ma, self_ro(boot_l4));
    CHECK_EQ(rc, 0, "mmu_update(L4[400] = the L4, read-only)");
    if (rc)
        return;
    CHECK_EQ(self[511], l4v[511], "L4[511] read through the self-map");
    CHECK_EQ(PTE_MFN(self[SELF_SLOT]), boot_l4,
             "L4[400] read through the self-map");
    CHECK_EQ(*(volatile const uint64_t *)(uintptr_t)pte_va,
             pt_read(pt_entry_ma(boot_l4, kva, 1)),
             "L1 entry of GUEST_VIRT_BASE read through the self-map");

    fault_clear();
    __asm__ volatile("1: movq $0, (%[a])\n2:\n" EXTABLE(1b, 2b)
                     :
                     : [a] "r"(l4_va + 8 * 300)
                     : "memory");
    fi = last_fault;
    CHECK(fi.count == 1 && fi.vector == TRAP_PF && fi.error_code == 3 &&
              fi.cr2 == l4_va + 8 * 300,
          "write through the self-map: %u faults, %s, error code %#llx, CR2 "
          "%#llx; expected "
          "one #PF, error code 3, CR2 %#llx",
          fi.count, fi.count ? trap_name(fi.vector) : "-",
          (unsigned long long)fi.error_code, (unsigned long long)fi.cr2,
          (unsigned long long)(l4_va + 8 * 300));

    CHECK_EQ(pt_mmu_update(slot_ma, self_ro(boot_l4) | PTE_RW), -XEN_EINVAL,
             "mmu_update(L4[400] = the L4, read-write)");
    CHECK_EQ(PTE_MFN(pt_read(slot_ma)), boot_l4,
             "L4[400] after the refused update");
    CHECK_EQ(pt_read(slot_ma) & PTE_RW, 0,
             "L4[400] RW bit after the refused update");
    CHECK_EQ(pt_mmu_update(slot_ma, 0), 0, "mmu_update(L4[400] = 0)");
}

static void check_l2_self(uint64_t boot_l4)
{
    uint64_t end = pt_region_end();
    uint64_t l2_ma = pt_entry_ma(boot_l4, end, 2);
    uint64_t l2_mfn = l2_ma >> 12;
    uint64_t k = pt_index(end, 2);
    uint64_t first_l1 = pt_entry_ma(boot_l4, GUEST_VIRT_BASE, 1) >> 12;
    /* Through L2[k] = L2, page j of that 2 MiB is the frame L2[j] names. */
    uint64_t va = (end & ~((1ULL << 30) - 1)) | k << 21 |
                  (uint64_t)pt_index(GUEST_VIRT_BASE, 2) << 12;
    const uint64_t *l1v = pt_table_va(first_l1);
    long rc;

    if (!l2_ma || pt_read(l2_ma) != 0 || !l1v)
        test_result(TEST_ERROR, "setup: no empty L2 entry past the region");
    rc = pt_mmu_update(l2_ma, self_ro(l2_mfn));
    CHECK_EQ(rc, 0, "mmu_update(L2[past the region] = the L2, read-only)");
    if (!rc) {
        CHECK_EQ(((volatile const uint64_t *)(uintptr_t)va)[0], l1v[0],
                 "first L1 table, word 0, read through the L2 self-map");
        CHECK_EQ(((volatile const uint64_t *)(uintptr_t)va)[5], l1v[5],
                 "first L1 table, word 5, read through the L2 self-map");
        CHECK_EQ(pt_mmu_update(l2_ma, 0), 0, "mmu_update(L2 entry = 0)");
    }
    CHECK_EQ(pt_mmu_update(l2_ma, self_ro(l2_mfn) | PTE_RW), -XEN_EINVAL,
             "mmu_update(L2[past the region] = the L2, read-write)");
    CHECK_EQ(pt_read(l2_ma), 0, "L2 entry after the refused update");
}

static void check_pin_self(void)
{
    uint64_t mfn, mfn_rw;
    uint64_t *p = pt_new_table(&mfn);
    long rc;

    p[SELF_SLOT] = self_ro(mfn);
    pt_unmap(p);
    p = pt_new_table(&mfn_rw);
    p[SELF_SLOT] = self_ro(mfn_rw) | PTE_RW;
    pt_unmap(p);

    rc = pt_pin(4, mfn);
    CHECK_EQ(rc, 0, "PIN_L4_TABLE(fresh L4 with a read-only self-entry)");
    if (rc == 0)
        CHECK_EQ(pt_unpin(mfn), 0, "UNPIN_TABLE(that L4)");
    CHECK_EQ(pt_pin(4, mfn_rw), -XEN_EINVAL,
             "PIN_L4_TABLE(fresh L4 with a read-write self-entry)");
}

void test_main(void)
{
    uint64_t boot_l4;

    shared_info_map();
    pt_init();
    boot_l4 = pt_boot_l4();
    check_l4_self(boot_l4, pt_table_va(boot_l4));
    check_l2_self(boot_l4);
    check_pin_self();
}
