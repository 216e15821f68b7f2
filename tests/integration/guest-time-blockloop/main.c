/* SPDX-License-Identifier: MIT */
/*
 * guest-time-blockloop: regression test for the idle-loop hang found by
 * review (2026-11-25): a timer due almost at once, then SCHEDOP_block. If
 * the timer interrupt slips in between enabling interrupts and halting,
 * an idle loop that enables them separately sleeps for ever. (The guest
 * masks upcalls around its check-then-block, as a guest must.)
 *
 * Correct: 300 rounds of set_timer_op(now + a few hundred ns) and block,
 * each woken by exactly its timer event; the run ends (SUCCESS).
 */
#include <public/sched.h>
#include <public/vcpu.h>

#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("timers due at once, then block: every round wakes");

#define ROUNDS 300

void test_main(void)
{
    evtchn_port_t port;

    evtchn_init();
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &port), 0, "bind_virq(TIMER)");
    HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    evtchn_upcalls_on();
    for (unsigned int r = 0; r < ROUNDS; r++) {
        unsigned int before = evtchn_count[port];

        CHECK_EQ(HYPERVISOR_set_timer_op(pvclock_now() + (r % 7) * 150), 0,
                 "set_timer_op");
        /*
         * Check and block with upcalls masked: block unmasks them itself,
         * so an event arriving between the check and the block is not
         * handled before it (and slept through).
         */
        evtchn_upcalls_off();
        for (unsigned int i = 0; evtchn_count[port] == before; i++) {
            HYPERVISOR_sched_op(SCHEDOP_block, NULL);
            evtchn_upcalls_off();
            if (i > 1000)
                test_result(TEST_FAILURE, "round %u: no timer event", r);
        }
        evtchn_upcalls_on();
    }
    printf("%u rounds woken by their timers\n", ROUNDS);
}
