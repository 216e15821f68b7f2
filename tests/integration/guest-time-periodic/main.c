/* SPDX-License-Identifier: MIT */
/*
 * guest-time-periodic: the periodic timer runs only while its vCPU runs
 * (Xen's rule, xen/common/sched/core.c: stopped at every switch away,
 * the tick that fell due sent once at the switch back).
 *
 * Correct, on pvisor and Xen 4.17 alike:
 *   - with VIRQ_TIMER bound, the default 10 ms periodic timer ticks while
 *     the vCPU spins;
 *   - blocked in SCHEDOP_block for 200 ms with only a single-shot timer
 *     armed, the vCPU is not woken by the periodic timer: at most 2
 *     wake-ups (the single-shot's event; a tick due at the switch back
 *     lands on the same port), not one every 10 ms;
 *   - once it runs again, the ticks go on;
 *   - set_periodic_timer, with the last tick over a period ago, sends a
 *     tick at once (before the hypercall returns).
 */
#include <public/sched.h>
#include <public/vcpu.h>

#include "evtchn.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("the periodic timer ticks only while its vCPU runs");

#define MS 1000000ULL

/* Ticks of @port while spinning, until @enough came or @ns passed. */
static unsigned int spin_ticks(evtchn_port_t port, uint64_t ns, unsigned int enough)
{
    unsigned int before = evtchn_count[port];
    uint64_t t0 = pvclock_now();

    while (pvclock_now() - t0 < ns && evtchn_count[port] - before < enough)
        cpu_relax();
    return evtchn_count[port] - before;
}

void test_main(void)
{
    struct vcpu_set_periodic_timer per = { .period_ns = 10 * MS };
    evtchn_port_t port;
    uint64_t deadline;
    unsigned int wakeups = 0, before;

    evtchn_init();
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &port), 0, "bind_virq(TIMER)");
    evtchn_upcalls_on();
    CHECK(spin_ticks(port, 1000 * MS, 3) == 3,
          "default periodic timer: no 3 ticks in 1 s of spinning");

    /* Blocked: only the single-shot timer wakes it. */
    evtchn_upcalls_off();
    deadline = pvclock_now() + 200 * MS;
    CHECK_EQ(HYPERVISOR_set_timer_op(deadline), 0, "set_timer_op(+200 ms)");
    while (pvclock_now() < deadline) {
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);       /* unmasks */
        evtchn_upcalls_off();
        if (++wakeups > 1000)
            test_result(TEST_FAILURE, "no single-shot timer event");
    }
    evtchn_upcalls_on();
    printf("blocked 200 ms: %u wake-up(s)\n", wakeups);
    CHECK(wakeups <= 2, "blocked 200 ms with a 10 ms periodic timer: %u wake-ups, "
          "the periodic timer woke a blocked vCPU", wakeups);

    CHECK(spin_ticks(port, 1000 * MS, 3) == 3,
          "periodic timer after blocking: no 3 ticks in 1 s of spinning");

    /* A tick over a period overdue is sent by set_periodic_timer itself. */
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop_periodic_timer");
    spin_ticks(port, 30 * MS, ~0u);     /* a tick in flight lands */
    before = evtchn_count[port];
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per), 0,
             "set_periodic_timer(10 ms)");
    CHECK_EQ(evtchn_count[port] - before, 1,
             "ticks on return from set_periodic_timer, 30 ms after the last");
}
