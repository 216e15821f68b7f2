/* SPDX-License-Identifier: MIT */
/*
 * guest-cpu-crash: an exception the guest has no handler for crashes the
 * domain; the hypervisor survives and says why.
 *
 * The guest clears its trap table (set_trap_table(NULL)), checks that
 * worked, then reads an unmapped address (0x1234000; the low 2 GiB hold no
 * mappings, layout.h). A #PF with no trap-table entry cannot be bounced.
 *
 * Correct (Xen 4.17, PV-ABI-NOTES 4.1 step 6, 4.2): the domain crashes at
 * the read: no "Test result:" line (one after the read would mean the
 * guest went on), the hypervisor logs the crash (pvisor: "d0 (Domain-0)
 * crashed: unhandled exception 14 ... cr2 0x1234000"; Xen: "d0v0 Unhandled:
 * vec 14, #PF[0000]", then "Domain 0 (vcpu#0) crashed"), and does not
 * panic.
 */
#include <public/errno.h>
#include "test.h"

TEST_TITLE("a #PF with no trap-table entry crashes the domain");

#define UNMAPPED 0x1234000UL

void test_main(void)
{
    long rc;

    rc = HYPERVISOR_set_trap_table(NULL);
    if (rc)
        test_result(TEST_ERROR, "set_trap_table(NULL) returned %ld", rc);
    printf("trap table cleared; reading %#lx\n", UNMAPPED);
    (void)*(volatile uint8_t *)UNMAPPED;
    /* Still here: the hypervisor went on after an unhandled #PF. */
    test_result(TEST_FAILURE, "the read of %#lx returned: expected the domain "
                "to crash", UNMAPPED);
}
