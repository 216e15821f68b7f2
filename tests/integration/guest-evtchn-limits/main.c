/* SPDX-License-Identifier: MIT */
/*
 * guest-evtchn-limits: WHAT IS TESTED, in one sentence.
 *
 * Correct (cite PV-ABI-NOTES.md sections): WHAT THE HYPERVISOR MUST DO,
 * for each case. Say what a regression test guards (the issue) if it is
 * one. The result rule (tests/integration/lib/test.h): a failed CHECK or
 * an exception the test did not provoke is FAILURE (the hypervisor broke
 * the contract); a setup step that is not under test going wrong is ERROR.
 *
 * The guest must pass on Xen 4.17 (make test-xen) before it counts as a
 * test of pvisor.
 */
#include <public/errno.h>
#include "test.h"

TEST_TITLE("ONE LINE FOR THE BANNER");

void test_main(void)
{
    long rc;

    /*
     * Hypercalls: HYPERVISOR_<name>() wrappers (lib/hypercall.h), through
     * the hypercall page or, with hypercall_via = HC_VIA_SYSCALL, by
     * direct syscall.
     */
    rc = HYPERVISOR_console_io(CONSOLEIO_write, 3, "hi\n");
    CHECK_EQ(rc, 0, "console_io(write)");

    /*
     * Exceptions: FAULT_PROBE("insn") runs one instruction and resumes
     * after it if it faults; .count, .vector, .error_code, .rip, .cr2 say
     * what happened. trap_set_handler(vector, fn) sees the whole frame.
     */
    struct fault_info fi = FAULT_PROBE("ud2");
    CHECK(fi.count == 1 && fi.vector == TRAP_UD, "ud2: %u faults, vector %u",
          fi.count, fi.vector);

    /*
     * Return normally for SUCCESS (or FAILURE if a CHECK failed), or end
     * early with test_result(TEST_SKIP, "why") and the like.
     */
}
