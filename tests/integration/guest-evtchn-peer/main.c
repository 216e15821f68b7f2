/* SPDX-License-Identifier: MIT */
/*
 * guest-evtchn-peer: two domains talk over an interdomain event channel,
 * each sleeping in SCHEDOP_block until the other's event wakes it. Booted
 * twice as boot-time domains (test.conf): the copy with command line "A"
 * (domain 1) offers a port to domain 2; "B" (domain 2) binds to it (port 1
 * of domain 1, the first it allocates), retrying until A has made it.
 *
 * B, once bound and listening, sends a hello; then ROUNDS times: A sends
 * and blocks until B's answer has arrived; B blocks until A's event has
 * arrived and answers. Correct: every send, bind and block returns 0, each
 * side sees exactly one event per round on its port (A also the hello),
 * the channel's status names the peer, SUCCESS on both.
 */
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>

#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("two domains ping-pong over an interdomain event channel");

#define ROUNDS      20
#define DOMID_A     1
#define DOMID_B     2

/* Block until port @p has been signalled @want times in all. */
static void wait_for(evtchn_port_t p, unsigned int want)
{
    /*
     * Check and block with upcalls masked: SCHEDOP_block unmasks them
     * itself, so an event arriving between the check and the block wakes
     * it instead of being handled just before it and slept through.
     */
    evtchn_upcalls_off();
    for (unsigned int tries = 0; evtchn_count[p] < want; tries++) {
        CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0, "sched_op(block)");
        evtchn_upcalls_off();
        if (tries > 1000)
            test_result(TEST_FAILURE, "no event after %u wake-ups", tries);
    }
    evtchn_upcalls_on();
}

void test_main(void)
{
    const char *me = (const char *)start_info->cmd_line;
    bool is_a = me[0] == 'A';
    evtchn_port_t port = 0;
    struct evtchn_status st;

    evtchn_init();
    if (is_a) {
        CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_B, &port), 0,
                 "alloc_unbound for domain 2");
        CHECK_EQ(port, 1, "the first port");
    } else {
        long rc;

        uint64_t give_up = pvclock_now() + 5000000000ULL;

        /*
         * A may not have run yet (on a loaded host its CPU may start
         * late): its port appears when it has. Wait up to 5 s of time,
         * not a number of tries.
         */
        while ((rc = evtchn_bind_interdomain(DOMID_A, 1, &port))) {
            CHECK_EQ(rc, -XEN_EINVAL, "bind_interdomain before A's port exists");
            if (pvclock_now() > give_up)
                test_result(TEST_FAILURE, "domain 1 never offered its port");
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        }
        /* The new port starts pending (so nothing sent before is lost). */
        evtchn_clear_pending(port);
        evtchn_count[port] = 0;
    }
    evtchn_upcalls_on();
    /*
     * B says hello first, so A sends nothing before B is listening (an
     * event sent to a port nobody has bound yet is dropped).
     */
    if (is_a) {
        wait_for(port, 1);
        for (unsigned int r = 1; r <= ROUNDS; r++) {
            CHECK_EQ(evtchn_send(port), 0, "send");
            wait_for(port, r + 1);
        }
    } else {
        CHECK_EQ(evtchn_send(port), 0, "send hello");
        for (unsigned int r = 1; r <= ROUNDS; r++) {
            wait_for(port, r);
            CHECK_EQ(evtchn_send(port), 0, "send");
        }
    }
    CHECK_EQ(evtchn_count[port], is_a ? ROUNDS + 1 : ROUNDS, "events received");
    CHECK_EQ(evtchn_status(DOMID_SELF, port, &st), 0, "status");
    /*
     * The peer may be done, shut down and destroyed before this one looks
     * (on another CPU; either way round: A's last wait ends with B's last
     * send): then this end is unbound again, as Xen makes it when the peer
     * goes. Otherwise it is still bound to the peer.
     */
    if (st.status == EVTCHNSTAT_unbound)
        CHECK_EQ(st.u.unbound.dom, is_a ? DOMID_B : DOMID_A,
                 "status: unbound for the peer after it went");
    else {
        CHECK_EQ(st.status, EVTCHNSTAT_interdomain, "status: interdomain");
        CHECK_EQ(st.u.interdomain.dom, is_a ? DOMID_B : DOMID_A, "status: the peer");
    }
    printf("%s: %u round trips done\n", is_a ? "A" : "B", ROUNDS);
}
