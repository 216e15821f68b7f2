// SPDX-License-Identifier: MIT
/*
 * guest-domain-kill-timer-race: vCPU 1 re-arms its single-shot timer as fast as
 * it can while vCPU 0 shuts the domain down; once the domain is destroyed
 * no timer of it may be left armed (test.conf checks the log line).
 */
#include "../lib/hypercall.h"
#include "../lib/pvclock.h"
#include "../lib/smp.h"
#include "../lib/test.h"

TEST_TITLE("no timer re-armed by a vCPU of a dying domain survives it");

static volatile uint64_t calls;

static void rearm(void)
{
    for (;;) {
        (void)HYPERVISOR_set_timer_op(pvclock_now() + 1000000000ULL);
        calls++;
    }
}

void test_main(void)
{
    uint64_t start;

    smp_start(1, rearm);
    start = pvclock_now();
    while (calls < 2000 && pvclock_now() - start < 1000000000ULL)
        cpu_relax();
    printf("vCPU 1 made %llu set_timer_op calls\n", (unsigned long long)calls);
    /* A long console write holds the lock a while: vCPU 1 queues behind it. */
    test_result(TEST_SUCCESS, "shutting down while vCPU 1 re-arms its timer "
                "..........................................................");
}
