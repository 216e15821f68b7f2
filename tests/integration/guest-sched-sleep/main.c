/* SPDX-License-Identifier: MIT */
/*
 * guest-sched-sleep: a domain that sleeps. It arms its single-shot timer
 * MS milliseconds ahead (its command line, default 500) and blocks until
 * the timer's event arrives, then reports how long it slept.
 *
 * Correct: it wakes by its timer, not before the deadline, SUCCESS. Alone
 * on a CPU (sched-idle), the CPU halts meanwhile: the blocked domain costs
 * no CPU, which the hypervisor's idle-time line shows.
 */
#include <public/sched.h>
#include <public/vcpu.h>

#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("a blocked domain sleeps until its timer");

void test_main(void)
{
    const char *arg = (const char *)start_info->cmd_line;
    uint64_t ms = 0, deadline, t;
    evtchn_port_t port;

    for (; *arg >= '0' && *arg <= '9'; arg++)
        ms = ms * 10 + (uint64_t)(*arg - '0');
    if (!ms)
        ms = 500;
    evtchn_init();
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &port), 0, "bind_virq(TIMER)");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop the periodic timer");
    evtchn_log_clear();
    deadline = pvclock_now() + ms * 1000000ULL;
    CHECK_EQ(HYPERVISOR_set_timer_op(deadline), 0, "set_timer_op");
    evtchn_upcalls_off();
    for (unsigned int n = 0; pvclock_now() < deadline; n++) {
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);       /* unmasks */
        evtchn_upcalls_off();
        if (n > 1000)
            test_result(TEST_FAILURE, "no timer event");
    }
    evtchn_upcalls_on();
    t = pvclock_now();
    CHECK(evtchn_count[port] >= 1, "woken by the timer's event");
    printf("slept %llu ms\n", (unsigned long long)((t - deadline + ms * 1000000ULL) / 1000000ULL));
}
