/* SPDX-License-Identifier: MIT */
/*
 * guest-cpu-msr-nohandler: Xen's compatibility quirk for RDMSR before a
 * guest has a #GP handler. A PV kernel may read MSRs early, before it
 * installs its trap table; rather than crash it, Xen returns 0 for an MSR
 * it does not emulate but the hardware has ("faking RDMSR" in its log).
 *
 * Correct (Xen 4.17, PV-ABI-NOTES 7, emul-priv-op.c:1028-1036): with the
 * trap table cleared (set_trap_table(NULL)), rdmsr of 0x17 (PLATFORM_ID,
 * not emulated for PV) and of 0x12345 returns EDX:EAX = 0, no exception
 * (a #GP would crash the domain: no "Test result:" line); once the trap
 * table is back, rdmsr 0x12345 is #GP(0).
 *
 * "The hardware has it" means Xen's own rdmsr_safe() does not fault: QEMU
 * TCG reads every MSR it does not know as 0, so under QEMU both MSRs
 * qualify. MSRs 0x40000000-0x400001ff never do (not tested: the domain
 * would crash).
 */
#include <public/errno.h>
#include "test.h"

TEST_TITLE("rdmsr without a #GP handler reads 0 (Xen's quirk)");

static uint64_t rdmsr_raw(uint32_t msr)
{
    uint32_t lo = 0xdeadbeef, hi = 0xfeedface;

    __asm__ volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
    return ((uint64_t)hi << 32) | lo;
}

void test_main(void)
{
    uint64_t platform_id, unknown;
    struct fault_info fi;
    long rc;

    rc = HYPERVISOR_set_trap_table(NULL);
    if (rc)
        test_result(TEST_ERROR, "set_trap_table(NULL) returned %ld", rc);
    printf("trap table cleared; rdmsr 0x17 and 0x12345 (a #GP now crashes)\n");
    platform_id = rdmsr_raw(0x17);
    unknown = rdmsr_raw(0x12345);
    rc = trap_init();
    if (rc)
        test_result(TEST_ERROR, "set_trap_table (runtime's) returned %ld", rc);
    CHECK_EQ(platform_id, 0, "rdmsr 0x17 without a #GP handler");
    CHECK_EQ(unknown, 0, "rdmsr 0x12345 without a #GP handler");

    fault_clear();
    __asm__ volatile("1: rdmsr\n2:\n\t" EXTABLE(1b, 2b)
                     : : "c"(0x12345) : "rax", "rdx", "memory");
    fi = last_fault;
    CHECK(fi.count == 1 && fi.vector == TRAP_GP && fi.error_code == 0,
          "rdmsr 0x12345 with the trap table back: got %u fault(s), vector %u, "
          "error code %#llx; expected #GP error code 0", fi.count, fi.vector,
          (unsigned long long)fi.error_code);
}
