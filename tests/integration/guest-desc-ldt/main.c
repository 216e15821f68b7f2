/* SPDX-License-Identifier: MIT */
/*
 * guest-desc-ldt: a guest LDT (MMUEXT_SET_LDT). The hypervisor maps LDT
 * pages lazily, on the CPU's first use, taking the descriptor-page type.
 *
 * Correct (Xen 4.17):
 *   - SET_LDT of a read-only page holding a DPL-3 data descriptor at entry
 *     1: 0; loading selector 0x0f (entry 1, LDT, RPL 3) into %ds works;
 *   - while the LDT is in use its page cannot be mapped writable
 *     (update_va_mapping fails); after SET_LDT(0, 0) it can;
 *   - SET_LDT with an unaligned base or more than 8192 entries: -EINVAL;
 *   - with no LDT, loading 0x0f gives #GP(0x0c);
 *   - an LDT whose page is mapped writable: SET_LDT succeeds (pages are
 *     mapped only when used), loading 0x0f faults (#PF).
 *   - a fresh LDT whose first use is HYPERVISOR_iret to SS 0x0f (the
 *     hypervisor's own return loads it): the guest resumes with SS 0x0f,
 *     and the page is in use from then on (not mappable writable).
 */
#include <public/errno.h>
#include <public/xen.h>

#include "test.h"

TEST_TITLE("MMUEXT_SET_LDT: lazy LDT pages, selectors, refusals");

#define DESC_DATA_DPL3  0x00cff2000000ffffULL
#define SEL_LDT1        0x0f

static uint64_t ldt[512] __aligned(GUEST_PAGE_SIZE);

static long remap(const void *va, bool rw)
{
    return HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)va,
                                        (virt_to_mfn(va) << 12) | PTE_P | PTE_A |
                                            (rw ? PTE_RW | PTE_D : 0),
                                        UVMF_INVLPG);
}

static long set_ldt(uint64_t base, unsigned int ents)
{
    struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

    op.arg1.linear_addr = base;
    op.arg2.nr_ents = ents;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/*
 * HYPERVISOR_iret to the next instruction with SS = @ss (kernel mode,
 * events kept masked: RFLAGS.IF clear in the frame); returns the SS found
 * there, after putting the flat one back.
 */
static uint16_t iret_to_ss(uint16_t ss)
{
    uint64_t got;

    __asm__ volatile(IRET_HERE_ASM("%[ss]", "andq $~0x200,") "\n\t"
                     "mov %%ss, %[got]\n\t"
                     "mov %[flat], %%r8\n\t"
                     "mov %%r8, %%ss"
                     : [got] "=&r"(got)
                     : [ss] "r"((uint64_t)ss), [flat] "i"(FLAT_KERNEL_SS)
                     : "r8", "memory", "cc");
    return (uint16_t)got;
}

static struct fault_info load_ds(uint16_t sel)
{
    fault_clear();
    __asm__ volatile("1: mov %0, %%ds\n2:\n\t" EXTABLE(1b, 2b) :: "r"(sel) : "memory");
    return last_fault;
}

void test_main(void)
{
    uint64_t base = (uint64_t)(uintptr_t)ldt;
    struct fault_info fi;

    ldt[1] = DESC_DATA_DPL3;
    CHECK_EQ(remap(ldt, false), 0, "LDT page read-only");
    CHECK_EQ(set_ldt(base, 512), 0, "SET_LDT(page, 512)");
    fi = load_ds(SEL_LDT1);
    CHECK_EQ(fi.count, 0, "faults loading an LDT selector");
    load_ds(0);
    CHECK(remap(ldt, true) < 0, "the LDT page mapped writable while in use is refused");

    CHECK_EQ(set_ldt(base + 8, 1), -XEN_EINVAL, "SET_LDT(unaligned)");
    CHECK_EQ(set_ldt(base, 8193), -XEN_EINVAL, "SET_LDT(8193 entries)");

    CHECK_EQ(set_ldt(0, 0), 0, "SET_LDT(none)");
    fi = load_ds(SEL_LDT1);
    CHECK(fi.count == 1 && fi.vector == TRAP_GP && fi.error_code == 0x0c,
          "no LDT: %u fault(s), vector %u, error %#llx; expected #GP(0xc)",
          fi.count, fi.vector, (unsigned long long)fi.error_code);
    CHECK_EQ(remap(ldt, true), 0, "the page writable again after SET_LDT(none)");

    /* A writable page: accepted now, refused at first use. */
    CHECK_EQ(set_ldt(base, 512), 0, "SET_LDT(writable page)");
    fi = load_ds(SEL_LDT1);
    CHECK(fi.count == 1 && (fi.vector == TRAP_PF || fi.vector == TRAP_GP),
          "LDT page writable: %u fault(s), vector %u; expected a fault", fi.count,
          fi.vector);
    printf("loading from a writable LDT: %s, error %#llx, cr2 %#llx\n",
           trap_name(fi.vector), (unsigned long long)fi.error_code,
           (unsigned long long)fi.cr2);
    load_ds(0);

    /*
     * The first use of a fresh LDT is the hypervisor's own return to the
     * guest: HYPERVISOR_iret to SS 0x0f. Its iretq meets the LDT page not
     * mapped yet, maps it (pvisor: under the hypervisor lock, which iret
     * itself does not take since issue 6) and retries.
     */
    CHECK_EQ(set_ldt(0, 0), 0, "SET_LDT(none) before the iret case");
    CHECK_EQ(remap(ldt, false), 0, "LDT page read-only for the iret case");
    CHECK_EQ(set_ldt(base, 512), 0, "SET_LDT(page, 512) for the iret case");
    CHECK_EQ(iret_to_ss(SEL_LDT1), SEL_LDT1, "SS after HYPERVISOR_iret to SS 0x0f");
    CHECK(remap(ldt, true) < 0, "the LDT page the iret mapped is in use (not writable)");
    CHECK_EQ(set_ldt(0, 0), 0, "SET_LDT(none) at the end");
}
