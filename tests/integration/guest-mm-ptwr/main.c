/* SPDX-License-Identifier: MIT */
/*
 * guest-mm-ptwr: writable page tables (VMASST_TYPE_writable_pagetables).
 * With the assist on, the guest kernel writes its L1 entries with plain
 * stores although its L1 tables are mapped read-only; the hypervisor
 * checks each store like an mmu_update and performs it.
 *
 * Xen 4.17 emulates these stores whether or not the guest enabled the
 * assist (enable and disable both return 0 and change nothing), so the
 * test checks both states.
 *
 * Correct (Xen 4.17):
 *   - vm_assist(enable/disable, writable_pagetables) return 0;
 *   - a mov of a valid entry lands (read back with the US bit and the
 *     kernel-page bit 52 the hypervisor adds) and the page it maps can be
 *     written and read;
 *   - xchg returns the old entry and installs the new one; cmpxchg with the
 *     right expected value installs it (ZF set), with a wrong one leaves the
 *     entry and reports the current value (ZF clear);
 *   - a store that would map a page-table frame writable is refused: the
 *     guest gets the #PF, the entry is unchanged;
 *   - after vm_assist(disable) stores still work.
 */
#include <public/xen.h>
#include "pt.h"
#include "test.h"

TEST_TITLE("kernel stores to read-only L1 tables (writable_pagetables)");

/* What the hypervisor adds to a kernel L1 entry: US, and bit 52. */
#define ADDED (PTE_US | (1ULL << 52))

/* Store @v at @p; true if it completed without a fault. */
static bool store(volatile uint64_t *p, uint64_t v)
{
    fault_clear();
    __asm__ volatile("1: movq %1, (%0)\n2:\n" EXTABLE(1b, 2b)
                     :: "r"(p), "r"(v) : "memory");
    return last_fault.count == 0;
}

void test_main(void)
{
    uint8_t *w = pt_take_window();
    uint64_t ma = pt_entry_ma(pt_boot_l4(), (uint64_t)(uintptr_t)w, 1);
    uint64_t l1_mfn = ma >> 12;
    volatile uint64_t *entry;
    uint64_t frame = pt_alloc_frame(), frame2 = pt_alloc_frame(), old, val;
    uint8_t flag;

    if (!ma || !pt_table_va(l1_mfn))
        test_result(TEST_ERROR, "cannot find the L1 table of a window");
    entry = (volatile uint64_t *)pt_table_va(l1_mfn) + pt_index((uint64_t)(uintptr_t)w, 1);
    val = (frame << 12) | PTE_P | PTE_RW | PTE_A | PTE_D;

    /* 1. Without asking for the assist, a store of a valid entry lands. */
    CHECK(store(entry, val), "store before enabling the assist completes");
    CHECK_EQ(*entry & ~ADDED, val, "entry after the store");
    CHECK(store(entry, 0), "clearing it again");
    CHECK_EQ(*entry, 0, "entry cleared");

    CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                  VMASST_TYPE_writable_pagetables), 0,
             "vm_assist(enable, writable_pagetables)");

    /* 2. mov. */
    CHECK(store(entry, val), "mov of a valid entry completes");
    CHECK_EQ(*entry & ~ADDED, val, "entry after mov (US added by the hypervisor)");
    pt_invlpg((uint64_t)(uintptr_t)w);
    w[0] = 0x5a;
    w[4095] = 0xa5;
    CHECK(w[0] == 0x5a && w[4095] == 0xa5, "the mapped page is writable");

    /* 3. xchg. */
    old = (frame2 << 12) | PTE_P | PTE_A;
    __asm__ volatile("xchgq %0, (%1)" : "+r"(old) : "r"(entry) : "memory");
    CHECK_EQ(old & ~ADDED, val, "xchg returns the old entry");
    CHECK_EQ(*entry & ~ADDED, (frame2 << 12) | PTE_P | PTE_A, "entry after xchg");

    /* 4. cmpxchg, right and wrong expected value. */
    old = *entry;
    __asm__ volatile("lock cmpxchgq %3, (%2); sete %1"
                     : "+a"(old), "=q"(flag) : "r"(entry), "r"(val) : "memory", "cc");
    CHECK_EQ(flag, 1, "cmpxchg with the current value succeeds (ZF)");
    CHECK_EQ(*entry & ~ADDED, val, "entry after cmpxchg");
    old = 0x1234000;
    __asm__ volatile("lock cmpxchgq %3, (%2); sete %1"
                     : "+a"(old), "=q"(flag) : "r"(entry), "r"(0ULL) : "memory", "cc");
    CHECK_EQ(flag, 0, "cmpxchg with a stale value fails (ZF clear)");
    CHECK_EQ(old & ~ADDED, val, "cmpxchg reports the current entry");
    CHECK_EQ(*entry & ~ADDED, val, "entry unchanged by the failed cmpxchg");

    /* 5. A writable mapping of a page table: refused, the guest sees #PF. */
    CHECK_EQ(last_fault.count, 0, "no stray fault so far");
    CHECK(!store(entry, (l1_mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D),
          "store mapping the L1 itself writable faults");
    CHECK_EQ(last_fault.vector, TRAP_PF, "refused store: vector");
    CHECK_EQ(*entry & ~ADDED, val, "refused store: entry unchanged");

    /* 6. Clear it, then switch the assist off: stores fault again. */
    CHECK(store(entry, 0), "clearing the entry");
    CHECK_EQ(*entry, 0, "entry cleared");
    CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_disable,
                                  VMASST_TYPE_writable_pagetables), 0,
             "vm_assist(disable, writable_pagetables)");
    CHECK(store(entry, val), "store after disabling completes");
    CHECK_EQ(*entry & ~ADDED, val, "entry after the store");
    CHECK(store(entry, 0), "final clear");
}
