/* SPDX-License-Identifier: MIT */
/*
 * guest-cpu-crwrite: emulated writes to CR3 and CR4 from the guest kernel.
 *
 * Correct (Xen 4.17): `mov %cr3, %rax; mov %rax, %cr3` (the current kernel
 * L4 as the new base pointer, like MMUEXT_NEW_BASEPTR) completes and the
 * guest keeps running on the same tables, CR3 reading the same value; a
 * CR3 naming a frame that is not an L4 of the guest's (its start_info
 * page) faults with #GP(0) and changes nothing; writing back the CR4 value
 * just read completes.
 */
#include "test.h"

TEST_TITLE("mov to CR3 and CR4 from the guest kernel");

static struct fault_info write_cr3(uint64_t v)
{
    fault_clear();
    __asm__ volatile("1: mov %0, %%cr3\n2:\n" EXTABLE(1b, 2b) :: "r"(v) : "memory");
    return last_fault;
}

void test_main(void)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
    uint64_t cr3, cr3b, cr4, bad;
    struct fault_info fi;

    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    fi = write_cr3(cr3);
    CHECK_EQ(fi.count, 0, "faults writing back CR3");
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3b));
    CHECK_EQ(cr3b, cr3, "CR3 after writing it back");

    bad = p2m[((uint64_t)(uintptr_t)start_info - GUEST_VIRT_BASE) >> 12] << 12;
    fi = write_cr3(bad);
    CHECK(fi.count == 1 && fi.vector == TRAP_GP && fi.error_code == 0,
          "CR3 = the start_info frame: %u fault(s), vector %u; expected #GP(0)",
          fi.count, fi.vector);
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3b));
    CHECK_EQ(cr3b, cr3, "CR3 after the refused write");

    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    fault_clear();
    __asm__ volatile("1: mov %0, %%cr4\n2:\n" EXTABLE(1b, 2b) :: "r"(cr4) : "memory");
    CHECK_EQ(last_fault.count, 0, "faults writing back CR4");
}
