/* SPDX-License-Identifier: MIT */
/*
 * guest-evtchn-limits: the port space of the 2-level ABI, filled to the
 * end: how many ports dom0 gets, the error once they are gone, delivery on
 * ports in the high words and at word boundaries, and closing them all.
 *
 * Correct (PV-ABI-NOTES 8.1-8.4, 10; 11(f)):
 *   - alloc_unbound(DOMID_SELF, DOMID_SELF) succeeds 4095 times with
 *     distinct ports 1-4095 (4096 ports of 64 words x 64 bits, port 0
 *     reserved; Xen builds dom0 without a lower max_evtchn_port), then
 *     fails with -ENOSPC, and so do bind_ipi, bind_virq and
 *     bind_interdomain while the table is full.
 *   - status of port 4095: unbound; of port 4096: -EINVAL.
 *   - with one port f freed, bind_interdomain to an unbound port gets f
 *     (the only free one), and sends in both directions set the right bit
 *     of the right word: f pending, selector bit f/64 (and no other),
 *     evtchn_upcall_pending, and the callback handles f. Tried for ports
 *     4095 (last bit of the last word), 4000, 64 and 63 (either side of
 *     the first word boundary).
 *   - every port closes (0); a second close: -EINVAL; afterwards every
 *     port reads closed and ports can be allocated again.
 */
#include <public/errno.h>
#include "evtchn.h"
#include "test.h"

TEST_TITLE("event channel port space: 4095 ports, -ENOSPC, high words, close all");

#define MAX_PORTS (EVTCHN_NR_PORTS - 1)   /* Port 0 is reserved. */

static bool allocated[EVTCHN_NR_PORTS];

static unsigned int fill(void)
{
    unsigned int n = 0, bad = 0;
    evtchn_port_t p = 0;
    long rc;

    for (;;) {
        rc = evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &p);
        if (rc)
            break;
        if (p == 0 || p >= EVTCHN_NR_PORTS || allocated[p]) {
            if (bad++ < 5)
                test_fail("alloc_unbound #%u gave port %u: reserved, out of range "
                          "or already allocated", n + 1, p);
        } else {
            allocated[p] = true;
        }
        if (++n > EVTCHN_NR_PORTS) {
            test_fail("alloc_unbound succeeded more than %u times", EVTCHN_NR_PORTS);
            break;
        }
    }
    printf("limits: %u ports allocated, then alloc_unbound returned %ld\n", n, rc);
    CHECK_EQ(n, MAX_PORTS, "ports allocated before the table is full");
    CHECK_EQ(rc, -XEN_ENOSPC, "alloc_unbound with the table full");
    return n;
}

/*
 * Free port @f, connect the only free port (so @f again) to the unbound
 * port @partner, and signal both ways. Upcalls are masked on entry and on
 * return; the table is full again.
 */
static void check_pair(evtchn_port_t f, evtchn_port_t partner)
{
    struct vcpu_info *v = evtchn_vcpu();
    evtchn_port_t got = 0;
    long rc;

    printf("limits: port %u (word %u bit %u) with port %u\n", f, f / 64, f % 64, partner);
    CHECK_EQ(evtchn_close(f), 0, "close(f)");
    rc = evtchn_bind_interdomain(DOMID_SELF, partner, &got);
    CHECK_EQ(rc, 0, "bind_interdomain(self, partner) with one free port");
    if (rc)
        return;
    CHECK_EQ(got, f, "port from bind_interdomain (the only free port)");
    if (got != f)
        return;
    evtchn_clear_all();

    CHECK_EQ(evtchn_send(partner), 0, "send(partner)");
    CHECK(evtchn_is_pending(f), "send(partner): port %u not pending", f);
    CHECK_EQ(READ_ONCE(v->evtchn_pending_sel), 1ULL << (f / 64),
             "evtchn_pending_sel after send(partner)");
    CHECK_EQ(READ_ONCE(v->evtchn_upcall_pending), 1, "evtchn_upcall_pending");
    evtchn_upcalls_on();
    CHECK_EQ(evtchn_count[f], 1, "events on f");
    CHECK_EQ(evtchn_send(f), 0, "send(f)");
    CHECK_EQ(evtchn_count[partner], 1, "events on the partner right after send(f)");
    CHECK_EQ(evtchn_log.last_port, partner, "last port handled");
    evtchn_upcalls_off();
    evtchn_log_clear();
}

void test_main(void)
{
    static const evtchn_port_t pairs[][2] = {
        { 4095, 4094 }, { 4000, 4001 }, { 64, 65 }, { 63, 62 },
    };
    struct evtchn_status st;
    unsigned int n, closed = 0, bad = 0;
    long rc;

    evtchn_init();
    evtchn_log_clear();
    evtchn_clear_all();

    n = fill();
    if (n != MAX_PORTS)
        test_result(TEST_FAILURE, "%u ports allocated, expected %u: stopping", n, MAX_PORTS);

    CHECK_EQ(evtchn_bind_ipi(0, NULL), -XEN_ENOSPC, "bind_ipi, table full");
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, NULL), -XEN_ENOSPC, "bind_virq, table full");
    CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, 1, NULL), -XEN_ENOSPC,
             "bind_interdomain, table full");
    evtchn_check_status("port 4095", 4095, EVTCHNSTAT_unbound, 0, 0, 0);
    CHECK_EQ(evtchn_status(DOMID_SELF, 4096, &st), -XEN_EINVAL, "status(port 4096)");

    /* Each pair frees one port and takes it again: the table stays full. */
    for (unsigned int i = 0; i < ARRAY_SIZE(pairs); i++)
        check_pair(pairs[i][0], pairs[i][1]);
    CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, NULL), -XEN_ENOSPC,
             "alloc_unbound, table full again");

    for (evtchn_port_t p = 1; p < EVTCHN_NR_PORTS; p++) {
        rc = evtchn_close(p);
        if (rc == 0)
            closed++;
        else if (bad++ < 5)
            test_fail("close(port %u): got %ld, expected 0", p, rc);
    }
    printf("limits: %u ports closed\n", closed);
    CHECK_EQ(closed, MAX_PORTS, "ports closed");
    CHECK_EQ(evtchn_close(4095), -XEN_EINVAL, "close(4095) twice");

    bad = 0;
    for (evtchn_port_t p = 1; p < EVTCHN_NR_PORTS; p++) {
        rc = evtchn_status(DOMID_SELF, p, &st);
        if ((rc || st.status != EVTCHNSTAT_closed) && bad++ < 5)
            test_fail("status(port %u) after closing all: got %ld, status %u, "
                      "expected 0, closed", p, rc, st.status);
    }

    rc = evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, NULL);
    CHECK_EQ(rc, 0, "alloc_unbound after closing all");
    CHECK_EQ(evtchn_reset(DOMID_SELF), 0, "reset(DOMID_SELF)");
    CHECK_EQ(evtchn_log.empty, 0, "upcalls with nothing to handle");
}
