/* SPDX-License-Identifier: MIT */
/*
 * guest-hostile-hvwrites: regression tests for two holes found by review
 * (2026-11-25), both of which let a guest kernel take the hypervisor over
 * or crash it on pvisor:
 *
 *  1. shared_info is written by the hypervisor behind the guest's back
 *     (event bits, time, CR2). If the guest could make that frame a page
 *     table or a GDT page, those writes would land in validated tables.
 *     Correct: PIN_L1_TABLE and PIN_L4_TABLE of the shared_info frame and
 *     set_gdt with it all fail (the frame keeps a writable type for good).
 *  2. A guest GDT entry that is not present, loaded by the hypervisor on
 *     the guest's behalf (set_segment_base(SEGBASE_GS_USER_SEL)), raises
 *     #NP inside the hypervisor. Correct: the load falls back to the null
 *     selector and the hypercall returns 0; the hypervisor does not panic.
 */
#include <public/arch-x86_64.h>
#include <public/errno.h>

#include "pt.h"
#include "test.h"

TEST_TITLE("shared_info cannot become a page table; #NP in a hypercall is caught");

#define DESC_DATA_NP    0x00cf72000000ffffULL   /* data, DPL 3, not present */

static uint64_t gdt_np[512] __aligned(GUEST_PAGE_SIZE);

static long remap(const void *va, bool rw)
{
    return HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)va,
                                        (virt_to_mfn(va) << 12) | PTE_P | PTE_A |
                                            (rw ? PTE_RW | PTE_D : 0),
                                        UVMF_INVLPG);
}

void test_main(void)
{
    uint64_t si_mfn = start_info->shared_info >> 12;
    uint64_t frames[1];
    uint16_t gs;

    /* 1. The shared_info frame never takes a page-table or GDT type. */
    CHECK(pt_pin(1, si_mfn) < 0, "PIN_L1_TABLE of shared_info refused");
    CHECK(pt_pin(4, si_mfn) < 0, "PIN_L4_TABLE of shared_info refused");
    frames[0] = si_mfn;
    CHECK(hypercall2(__HYPERVISOR_set_gdt, frames, 512) < 0,
          "set_gdt with the shared_info frame refused");

    /* 2. A not-present descriptor loaded by the hypervisor. */
    gdt_np[1] = DESC_DATA_NP;
    CHECK_EQ(remap(gdt_np, false), 0, "GDT page mapped read-only");
    frames[0] = virt_to_mfn(gdt_np);
    CHECK_EQ(hypercall2(__HYPERVISOR_set_gdt, frames, 512), 0, "set_gdt");
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0x0b), 0,
             "set_segment_base(GS_USER_SEL, not-present selector)");
    __asm__ volatile("mov %%gs, %0" : "=r"(gs));
    printf("user %%gs after the load: %#x\n", gs);
    CHECK_EQ(hypercall2(__HYPERVISOR_set_gdt, frames, 0), 0, "set_gdt(none)");
    CHECK_EQ(remap(gdt_np, true), 0, "GDT page writable again");
}
