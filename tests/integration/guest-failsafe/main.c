/* SPDX-License-Identifier: MIT */
/*
 * guest-failsafe: the failsafe callback (PV-ABI-NOTES 4.4). When a vCPU is
 * switched back in, the hypervisor reloads its data selectors; one that
 * the GDT/LDT no longer backs is loaded as NUL and the vCPU enters its
 * failsafe callback, with DS, ES, FS, GS as they were after RCX and R11
 * in the frame.
 *
 * vCPU 0 loads %fs with an LDT selector (LDT entry 1, a DPL-3 data
 * descriptor), then takes the LDT away (SET_LDT none): %fs still holds
 * the selector, which can no longer be loaded. It yields to vCPU 1 (both
 * on one CPU), which yields back: the switch back to vCPU 0 fails to load
 * %fs.
 *
 * Correct (as Xen 4.17): the failsafe callback runs once, its frame shows
 * FS = 0x0f (the selector that failed) and DS = ES = GS as vCPU 0 had
 * them; after it returns, %fs is NUL and vCPU 0 goes on.
 */
#include <public/callback.h>
#include <public/sched.h>

#include "evtchn.h"
#include "pt.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("failsafe callback: a selector that cannot be reloaded");

#define DESC_DATA_DPL3  0x00cff2000000ffffULL
#define SEL_LDT1        0x0f

static uint64_t ldt[512] __aligned(GUEST_PAGE_SIZE);
volatile uint64_t failsafe_sel[4];
volatile unsigned int failsafe_count;
static volatile bool stop;

/*
 * The failsafe frame: RCX R11 DS ES FS GS RIP CS RFLAGS RSP SS. Keep the
 * four selectors and continue as an event callback frame (RCX R11 RIP
 * ...), which the runtime's event entry knows how to return from.
 */
void failsafe_entry(void);
__asm__(".text\n"
        ".globl failsafe_entry\n"
        "failsafe_entry:\n"
        "  pop %rcx\n"
        "  pop %r11\n"
        "  popq failsafe_sel+0(%rip)\n"
        "  popq failsafe_sel+8(%rip)\n"
        "  popq failsafe_sel+16(%rip)\n"
        "  popq failsafe_sel+24(%rip)\n"
        "  lock incl failsafe_count(%rip)\n"
        "  push %r11\n"
        "  push %rcx\n"
        "  jmp evtchn_callback_entry\n");

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

static void vcpu1(void)
{
    while (!stop)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static uint16_t read_fs(void)
{
    uint16_t s;

    __asm__ volatile("mov %%fs, %0" : "=r"(s));
    return s;
}

void test_main(void)
{
    struct callback_register cb = { .type = CALLBACKTYPE_failsafe,
                                    .address = (uint64_t)(uintptr_t)failsafe_entry };
    uint16_t ds, es, gs;

    evtchn_init();
    CHECK_EQ(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0,
             "register the failsafe callback");
    smp_start(1, vcpu1);

    ldt[1] = DESC_DATA_DPL3;
    CHECK_EQ(remap(ldt, false), 0, "LDT page read-only");
    CHECK_EQ(set_ldt((uint64_t)(uintptr_t)ldt, 2), 0, "SET_LDT(page, 2)");
    __asm__ volatile("mov %0, %%fs" :: "r"((uint16_t)SEL_LDT1) : "memory");
    CHECK_EQ(read_fs(), SEL_LDT1, "%fs holds the LDT selector");
    __asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%gs, %2"
                     : "=r"(ds), "=r"(es), "=r"(gs));
    CHECK_EQ(set_ldt(0, 0), 0, "SET_LDT(none): the selector is stale");

    for (unsigned int i = 0; i < 100 && !failsafe_count; i++)
        CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0, "yield to vCPU 1");
    stop = true;
    CHECK_EQ(failsafe_count, 1, "failsafe callbacks");
    CHECK_EQ(failsafe_sel[2], SEL_LDT1, "FS in the failsafe frame");
    CHECK_EQ(failsafe_sel[0], ds, "DS in the failsafe frame");
    CHECK_EQ(failsafe_sel[1], es, "ES in the failsafe frame");
    CHECK_EQ(failsafe_sel[3], gs, "GS in the failsafe frame");
    CHECK_EQ(read_fs(), 0, "%fs is NUL after the failsafe callback");
    CHECK_EQ(remap(ldt, true), 0, "the LDT page writable again");
}
