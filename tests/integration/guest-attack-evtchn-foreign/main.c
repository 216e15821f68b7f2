/* SPDX-License-Identifier: MIT */
/*
 * guest-attack-evtchn-foreign: a domain reaches for another domain's event
 * channels. Three boot-time domains (test.conf):
 *
 *   V (domain 1), the victim: port 1 offered to C, port 2 an IPI of its
 *   own, port 3 offered to M. It waits for one event on port 3 (M is done)
 *   and one on port 1 (C's hello), then checks that its ports are as it
 *   made them and that nothing else arrived.
 *   M (domain 2), the attacker: binds port 3 (retrying until V made it),
 *   then tries every way at V's other ports: bind to the port offered to
 *   C, to V's IPI, to port 0, past V's table, to a domain that does not
 *   exist; status, alloc_unbound and reset naming V; bind port 3 twice;
 *   send and close on port numbers it does not own. Each is refused with
 *   Xen's error (-EINVAL, -ESRCH, -EPERM). Then it signals V on port 3.
 *   C (domain 3), the intended peer: binds port 1 and says hello: the
 *   port M tried to take still works for the domain it was offered to.
 *
 * Correct: every refusal as listed, SUCCESS on all three. pvisor only: Xen
 * 4.17 without a toolstack boots one domain.
 */
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>

#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("event channels of another domain are out of reach");

#define DOMID_V     1
#define DOMID_M     2
#define DOMID_C     3
#define PORT_FOR_C  1
#define PORT_IPI    2
#define PORT_FOR_M  3

/* Bind V's @port, retrying for 5 s while V has not made it yet. */
static evtchn_port_t bind_when_offered(evtchn_port_t port)
{
    uint64_t give_up = pvclock_now() + 5000000000ULL;
    evtchn_port_t mine = 0;
    long rc;

    while ((rc = evtchn_bind_interdomain(DOMID_V, port, &mine))) {
        CHECK_EQ(rc, -XEN_EINVAL, "bind_interdomain before V's port exists");
        if (pvclock_now() > give_up)
            test_result(TEST_FAILURE, "domain 1 never offered port %u", port);
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    evtchn_clear_pending(mine);         /* a new binding starts pending */
    evtchn_count[mine] = 0;
    return mine;
}

/* Block until @port has seen @want events (10 s at most). */
static void wait_events(evtchn_port_t port, unsigned int want)
{
    uint64_t give_up = pvclock_now() + 10000000000ULL;

    evtchn_upcalls_off();
    while (evtchn_count[port] < want) {
        if (pvclock_now() > give_up)
            test_result(TEST_FAILURE, "port %u: %u events, expected %u", port,
                        evtchn_count[port], want);
        CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0, "sched_op(block)");
        evtchn_upcalls_off();
    }
    evtchn_upcalls_on();
}

static void victim(void)
{
    evtchn_port_t p;
    struct evtchn_status st;

    CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_C, &p), 0, "offer a port to C");
    CHECK_EQ(p, PORT_FOR_C, "port 1");
    CHECK_EQ(evtchn_bind_ipi(0, &p), 0, "an IPI of its own");
    CHECK_EQ(p, PORT_IPI, "port 2");
    CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_M, &p), 0, "offer a port to M");
    CHECK_EQ(p, PORT_FOR_M, "port 3");
    evtchn_upcalls_on();
    wait_events(PORT_FOR_M, 1);
    wait_events(PORT_FOR_C, 1);
    CHECK_EQ(evtchn_count[PORT_FOR_M], 1, "one event from M");
    CHECK_EQ(evtchn_count[PORT_FOR_C], 1, "one event from C");
    CHECK_EQ(evtchn_count[PORT_IPI], 0, "nothing on the IPI");
    CHECK_EQ(evtchn_status(DOMID_SELF, PORT_IPI, &st), 0, "status of the IPI");
    CHECK_EQ(st.status, EVTCHNSTAT_ipi, "still an IPI");
    CHECK_EQ(evtchn_status(DOMID_SELF, PORT_FOR_C, &st), 0, "status of C's port");
    /* C may have ended already: its end closed, the port is C's to bind again. */
    if (st.status == EVTCHNSTAT_unbound) {
        CHECK_EQ(st.u.unbound.dom, DOMID_C, "unbound for C again after C went");
    } else {
        CHECK_EQ(st.status, EVTCHNSTAT_interdomain, "bound by C");
        CHECK_EQ(st.u.interdomain.dom, DOMID_C, "to C, not M");
    }
    printf("V: ports intact\n");
}

static void attacker(void)
{
    evtchn_port_t mine = bind_when_offered(PORT_FOR_M), p = 0;
    struct evtchn_status st;

    CHECK_EQ(evtchn_bind_interdomain(DOMID_V, PORT_FOR_C, &p), -XEN_EINVAL,
             "bind the port V offered to C");
    CHECK_EQ(evtchn_bind_interdomain(DOMID_V, PORT_IPI, &p), -XEN_EINVAL,
             "bind V's IPI");
    CHECK_EQ(evtchn_bind_interdomain(DOMID_V, 0, &p), -XEN_EINVAL, "bind V's port 0");
    CHECK_EQ(evtchn_bind_interdomain(DOMID_V, 4095, &p), -XEN_EINVAL,
             "bind a port past V's table");
    CHECK_EQ(evtchn_bind_interdomain(DOMID_V, PORT_FOR_M, &p), -XEN_EINVAL,
             "bind V's port 3 a second time");
    CHECK_EQ(evtchn_bind_interdomain(7, 1, &p), -XEN_ESRCH, "bind to no domain");
    CHECK_EQ(evtchn_status(DOMID_V, PORT_FOR_C, &st), -XEN_EPERM, "status naming V");
    CHECK_EQ(evtchn_alloc_unbound(DOMID_V, DOMID_M, &p), -XEN_EPERM,
             "alloc_unbound in V's table");
    CHECK_EQ(evtchn_reset(DOMID_V), -XEN_EPERM, "reset V's ports");
    /* Port numbers are per domain: M's own table has nothing at 1 or 2. */
    CHECK_EQ(evtchn_send(mine + 1), -XEN_EINVAL, "send on a port M does not own");
    CHECK_EQ(evtchn_close(mine + 1), -XEN_EINVAL, "close a port M does not own");
    CHECK_EQ(evtchn_unmask(4096), -XEN_EINVAL, "unmask past the ABI's ports");
    CHECK_EQ(evtchn_send(mine), 0, "signal V on its own channel");
    printf("M: every reach refused\n");
}

static void peer(void)
{
    evtchn_port_t mine = bind_when_offered(PORT_FOR_C);

    CHECK_EQ(evtchn_send(mine), 0, "hello to V");
    printf("C: bound V's port 1 and said hello\n");
}

void test_main(void)
{
    const char *me = (const char *)start_info->cmd_line;

    evtchn_init();
    if (me[0] == 'V')
        victim();
    else if (me[0] == 'M')
        attacker();
    else
        peer();
}
