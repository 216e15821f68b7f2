/* SPDX-License-Identifier: MIT */
/*
 * guest-sched-reboot: dom0 asks for a reboot (SCHEDOP_shutdown with
 * SHUTDOWN_reboot). The guest prints its result line first, since the
 * machine resets under it. Correct: the hypercall does not return; the
 * hypervisor logs the reboot and resets the machine (QEMU runs with
 * -no-reboot, so it exits); on Xen the host reboots the same way.
 */
#include <public/sched.h>

#include "test.h"

TEST_TITLE("dom0 reboot resets the machine");

void test_main(void)
{
    struct sched_shutdown s = { .reason = SHUTDOWN_reboot };

    printf("Test result: SUCCESS\n");
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
    test_result(TEST_FAILURE, "SCHEDOP_shutdown(reboot) returned");
}
