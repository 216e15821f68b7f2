/* SPDX-License-Identifier: MIT */
/*
 * guest-bench-sched: the scheduling figures of `make bench`, measured
 * from inside a PV guest with rdtsc under QEMU -icount shift=0 (one TSC
 * tick per instruction, and system time advances 1 ns per instruction).
 * The command line picks the measurement:
 *
 *   yield  ITERATIONS rounds of SCHEDOP_yield. Two such domains on one CPU
 *          ping-pong: each round is a switch to the other domain and one
 *          back, so "domain_switch" = round / 2. Alone, a round is the
 *          cost of a yield that finds nobody else.
 *   timer  ITERATIONS single-shot timers (set_timer_op) a little ahead,
 *          each slept through with SCHEDOP_block; "timer_wakeup" is the
 *          time from the deadline to the event callback's entry, which
 *          under -icount is instructions. Runs on Xen 4.17 too.
 *
 * Correct: every call returns 0, every timer wakes its block; the lines
 * "BENCH-GUEST name=<id> instr=<per op>" carry the figures.
 */
#include <public/sched.h>
#include <public/vcpu.h>

#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("domain switch (yield ping-pong) and timer wake-up latency");

#define ITERATIONS 200

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static void bench_yield(void)
{
    uint64_t t0, t1;

    /* A first round lets the other domain start too. */
    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0, "sched_op(yield)");
    t0 = tsc();
    for (unsigned int i = 0; i < ITERATIONS; i++)
        if (HYPERVISOR_sched_op(SCHEDOP_yield, NULL))
            test_result(TEST_FAILURE, "yield %u failed", i);
    t1 = tsc();
    printf("BENCH-GUEST name=yield_round instr=%llu\n",
           (unsigned long long)((t1 - t0) / ITERATIONS));
}

static void bench_timer(void)
{
    evtchn_port_t port;
    uint64_t total = 0;

    evtchn_init();
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &port), 0, "bind_virq(TIMER)");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop_periodic_timer");
    /*
     * Round 0 is a warm-up: it also absorbs a periodic tick that may have
     * been pending from before the periodic timer stopped.
     */
    for (unsigned int i = 0; i <= ITERATIONS; i++) {
        unsigned int before = evtchn_count[port];
        uint64_t deadline = pvclock_now() + 200000;     /* 200 us ahead */
        uint64_t fired;

        CHECK_EQ(HYPERVISOR_set_timer_op(deadline), 0, "set_timer_op");
        evtchn_upcalls_off();
        for (unsigned int n = 0; evtchn_count[port] == before; n++) {
            HYPERVISOR_sched_op(SCHEDOP_block, NULL);   /* unmasks */
            evtchn_upcalls_off();
            if (n > 1000)
                test_result(TEST_FAILURE, "timer %u did not wake the block", i);
        }
        fired = pvclock_at_tsc(evtchn_log.tsc);        /* the callback's TSC */
        if (i == 0)
            continue;
        if (fired < deadline)
            test_result(TEST_FAILURE, "timer %u fired %llu ns early", i,
                        (unsigned long long)(deadline - fired));
        total += fired - deadline;
    }
    evtchn_upcalls_on();
    printf("BENCH-GUEST name=timer_wakeup instr=%llu\n",
           (unsigned long long)(total / ITERATIONS));
}

void test_main(void)
{
    const char *mode = (const char *)start_info->cmd_line;

    if (mode[0] == 't')
        bench_timer();
    else
        bench_yield();
}
