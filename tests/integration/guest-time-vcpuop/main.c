/* SPDX-License-Identifier: MIT */
/*
 * guest-time-vcpuop: the vCPU timers of vcpu_op and the timer VIRQ.
 *
 * Correct (Xen 4.17):
 *   - a PV vCPU starts with a 10 ms periodic timer: once VIRQ_TIMER is
 *     bound, ticks arrive while the guest waits (2 of them, about 20 ms;
 *     waited for up to a second, as a loaded host may not run the vCPU
 *     for tens of ms, and the missed ticks of a stall arrive as one);
 *   - VCPUOP_stop_periodic_timer returns 0 and the ticks stop;
 *   - VCPUOP_set_periodic_timer below 1 ms or from 2^62 ns: -EINVAL
 *     (2^62 - 1: 0);
 *   - VCPUOP_set_singleshot_timer in the past with VCPU_SSHOTTMR_future:
 *     0 and it fires at once (Xen 4.17 ignores the flag); 2 ms ahead: 0,
 *     and SCHEDOP_block returns once it has fired, at least 2 ms later by
 *     the guest's own clock (vcpu_info.time);
 *   - system time (pvclock) never goes backwards.
 */
#include <public/errno.h>
#include <public/sched.h>
#include <public/vcpu.h>

#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("periodic and single-shot vCPU timers, VIRQ_TIMER");

/*
 * Ticks of @port while spinning for @ns of system time, or until @enough
 * of them came (0: no such end).
 */
static unsigned int ticks_until(evtchn_port_t port, uint64_t ns, unsigned int enough)
{
    unsigned int before = evtchn_count[port];
    uint64_t t0 = pvclock_now(), last = t0, t;

    while ((t = pvclock_now()) - t0 < ns &&
           (!enough || evtchn_count[port] - before < enough)) {
        CHECK(t >= last, "system time went backwards (%llu after %llu)",
              (unsigned long long)t, (unsigned long long)last);
        last = t;
    }
    return evtchn_count[port] - before;
}

static unsigned int ticks_during(evtchn_port_t port, uint64_t ns)
{
    return ticks_until(port, ns, 0);
}

void test_main(void)
{
    evtchn_port_t port;
    struct vcpu_set_periodic_timer per = { .period_ns = 500000 };
    struct vcpu_set_singleshot_timer ss;
    uint64_t t0;
    unsigned int ticks;

    evtchn_init();
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &port), 0, "bind_virq(TIMER)");
    evtchn_upcalls_on();

    t0 = pvclock_now();
    ticks = ticks_until(port, 1000000000, 2);
    CHECK(ticks >= 2, "default periodic timer: %u ticks in 1 s, expected 2", ticks);
    printf("default periodic timer: 2 ticks in %llu ms\n",
           (unsigned long long)((pvclock_now() - t0) / 1000000));

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop_periodic_timer");
    ticks_during(port, 15000000);       /* let a tick in flight land */
    CHECK_EQ(ticks_during(port, 40000000), 0, "ticks after stopping");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per), -XEN_EINVAL,
             "set_periodic_timer(0.5 ms)");
    per.period_ns = 1ULL << 62;         /* Xen's STIME_DELTA_MAX is one less */
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per), -XEN_EINVAL,
             "set_periodic_timer(2^62 ns)");
    per.period_ns = (1ULL << 62) - 1;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per), 0,
             "set_periodic_timer(2^62 - 1 ns)");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop_periodic_timer");

    ss.timeout_abs_ns = pvclock_now() - 1000000;
    ss.flags = VCPU_SSHOTTMR_future;
    ss.pad = 0;
    ticks = evtchn_count[port];
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss), 0,
             "set_singleshot_timer(past, future flag)");
    ticks_during(port, 1000000);
    CHECK_EQ(evtchn_count[port], ticks + 1, "a timer in the past fires at once");

    t0 = pvclock_now();
    ss.timeout_abs_ns = t0 + 2000000;
    ss.flags = 0;
    ticks = evtchn_count[port];
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss), 0,
             "set_singleshot_timer(+2 ms)");
    /* Check and block with upcalls masked (block unmasks): no lost wake-up. */
    evtchn_upcalls_off();
    for (unsigned int i = 0; evtchn_count[port] == ticks && i < 1000; i++) {
        CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0, "block");
        evtchn_upcalls_off();
    }
    evtchn_upcalls_on();
    CHECK_EQ(evtchn_count[port], ticks + 1, "one timer event after blocking");
    CHECK(pvclock_now() - t0 >= 2000000, "woke %llu ns after arming, expected >= 2 ms",
          (unsigned long long)(pvclock_now() - t0));
}
