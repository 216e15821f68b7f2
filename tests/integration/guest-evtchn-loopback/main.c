/* SPDX-License-Identifier: MIT */
/*
 * guest-evtchn-loopback: an interdomain event channel from dom0 to itself,
 * through its whole life: allocation, binding, signalling with upcalls
 * masked and unmasked, port masking and EVTCHNOP_unmask, close, and the
 * refusals of each operation.
 *
 * Correct (PV-ABI-NOTES 4.3, 8.1-8.4, 10):
 *   - alloc_unbound(DOMID_SELF, remote DOMID_SELF) gives a port a != 0,
 *     status unbound for domain 0 (DOMID_SELF means the caller);
 *     bind_interdomain(DOMID_SELF, a) gives b != a; both then report
 *     interdomain, domain 0, the other port, vCPU 0.
 *   - binding sets the new local port b pending at once (Xen's fix-up for
 *     sends lost while a was unbound).
 *   - send(a) sets b's bit in shared_info evtchn_pending, bit b/64 of
 *     vcpu_info.evtchn_pending_sel and evtchn_upcall_pending; a second send
 *     while pending changes nothing (one bit, one event). With the upcall
 *     mask set nothing is delivered; clearing it (and making any
 *     hypercall) runs the event callback once, for b, in kernel mode
 *     (CS 0xe030), with the mask set in the handler, the saved mask 0 in
 *     the frame (CS bits 32-39) and RFLAGS.IF set; after its iret the mask
 *     is 0 again.
 *   - with upcalls unmasked the callback runs before the send hypercall
 *     returns to the caller, both ways, through the hypercall page and by
 *     direct syscall.
 *   - a masked port (evtchn_mask bit) gets its pending bit but neither the
 *     selector bit nor an upcall; EVTCHNOP_unmask clears the mask and
 *     delivers the pending event, once.
 *   - close(a): a reads closed, b unbound for domain 0 again; closing
 *     clears a's pending bit; send(b) on the unbound b returns 0 and
 *     delivers nothing; b can be bound again (new port pending at once).
 *   - refusals: send, close of a closed port, port 0, port 4096 and ~0:
 *     -EINVAL; double close -EINVAL; bind_interdomain to a port that is
 *     not unbound, is reserved for another domain, or is 0 or 4096:
 *     -EINVAL; a domain that does not exist (100) for alloc_unbound's dom,
 *     bind_interdomain's remote_dom or status: -ESRCH; an unreadable
 *     argument: -EFAULT. status of port 0: closed; of port 4096: -EINVAL.
 *     unmask of port 0 (valid, reserved): 0; of 4096: -EINVAL.
 *   - alloc_unbound for a remote domain that does not exist is accepted
 *     (Xen does not check remote_dom); status reports it.
 * Ports are not assumed to be any particular numbers, but all must be
 * below 64 here (a fresh domain), so one selector bit covers them.
 */
#include <public/errno.h>
#include "evtchn.h"
#include "test.h"

TEST_TITLE("interdomain event channel to self: send, mask, unmask, close");

#define DOM0_ID      0      /* What status reports for DOMID_SELF's ports. */
#define NO_SUCH_DOM  100    /* No domain has this id. */
#define BAD_PORT     4096   /* First port past the 2-level ABI. */
#define RFLAGS_IF    (1ULL << 9)

static evtchn_port_t port_a, port_b;

/* The event state after the last step: nothing pending anywhere. */
static void check_quiet(const char *what)
{
    struct vcpu_info *v = evtchn_vcpu();

    CHECK(!evtchn_is_pending(port_a), "%s: port a (%u) pending", what, port_a);
    CHECK(!evtchn_is_pending(port_b), "%s: port b (%u) pending", what, port_b);
    CHECK_EQ(READ_ONCE(v->evtchn_upcall_pending), 0, "evtchn_upcall_pending");
    CHECK_EQ(READ_ONCE(v->evtchn_pending_sel), 0, "evtchn_pending_sel");
}

/* The frame of the last upcall: see the comment at the top. */
static void check_upcall_frame(const char *what)
{
    CHECK_EQ(evtchn_log.mask_in_handler, 1, "upcall mask inside the callback");
    CHECK_EQ(evtchn_log.saved_mask, 0, "saved upcall mask in the frame (CS bits 32-39)");
    CHECK(evtchn_log.rflags & RFLAGS_IF, "%s: frame RFLAGS %#llx without IF", what,
          (unsigned long long)evtchn_log.rflags);
    CHECK_EQ(evtchn_log.cs, FLAT_KERNEL_CS & ~3, "frame CS (kernel mode, RPL 0)");
    CHECK_EQ(READ_ONCE(evtchn_vcpu()->evtchn_upcall_mask), 0,
             "upcall mask after the callback's iret");
}

static void test_setup(void)
{
    long rc;

    rc = evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &port_a);
    if (rc)
        test_result(TEST_FAILURE, "alloc_unbound(self, self): got %ld, expected 0", rc);
    CHECK(port_a != 0 && port_a < 64, "alloc_unbound gave port %u, expected 1-63", port_a);
    evtchn_check_status("after alloc_unbound", port_a, EVTCHNSTAT_unbound, 0, DOM0_ID, 0);
    CHECK(!evtchn_is_pending(port_a), "new unbound port %u is pending", port_a);

    rc = evtchn_bind_interdomain(DOMID_SELF, port_a, &port_b);
    if (rc)
        test_result(TEST_FAILURE, "bind_interdomain(self, %u): got %ld, expected 0",
                    port_a, rc);
    CHECK(port_b != 0 && port_b < 64 && port_b != port_a,
          "bind_interdomain gave port %u (a is %u), expected another of 1-63",
          port_b, port_a);
    printf("loopback: port a %u, port b %u\n", port_a, port_b);
    evtchn_check_status("a after bind", port_a, EVTCHNSTAT_interdomain, 0, DOM0_ID, port_b);
    evtchn_check_status("b after bind", port_b, EVTCHNSTAT_interdomain, 0, DOM0_ID, port_a);

    /* The new local port is pending at once; upcalls are still masked. */
    CHECK(evtchn_is_pending(port_b), "bind_interdomain: local port %u not pending", port_b);
    CHECK(!evtchn_is_pending(port_a), "bind_interdomain: remote port %u pending", port_a);
    CHECK(evtchn_sel_is_set(port_b), "bind_interdomain: selector bit %u not set",
          port_b / 64);
    CHECK_EQ(READ_ONCE(evtchn_vcpu()->evtchn_upcall_pending), 1,
             "evtchn_upcall_pending after bind_interdomain");
    CHECK_EQ(evtchn_log.upcalls, 0, "upcalls while masked");
    evtchn_clear_all();
}

/* Upcalls masked: the event is flagged, not delivered, until unmasked. */
static void test_masked_upcalls(void)
{
    CHECK_EQ(evtchn_send(port_a), 0, "send(a)");
    CHECK(evtchn_is_pending(port_b), "send(a): port b (%u) not pending", port_b);
    CHECK(!evtchn_is_pending(port_a), "send(a): port a (%u) pending", port_a);
    CHECK(evtchn_sel_is_set(port_b), "send(a): selector bit %u not set", port_b / 64);
    CHECK_EQ(READ_ONCE(evtchn_vcpu()->evtchn_upcall_pending), 1,
             "evtchn_upcall_pending after send(a)");
    CHECK_EQ(evtchn_send(port_a), 0, "second send(a)");
    evtchn_kick();
    CHECK_EQ(evtchn_log.upcalls, 0, "upcalls with evtchn_upcall_mask set");

    /* Unmasking delivers: one upcall, one event for b (two sends, one bit). */
    evtchn_upcalls_on();
    CHECK_EQ(evtchn_log.upcalls, 1, "upcalls after clearing the upcall mask");
    CHECK_EQ(evtchn_count[port_b], 1, "events on b after clearing the upcall mask");
    CHECK_EQ(evtchn_count[port_a], 0, "events on a after clearing the upcall mask");
    check_upcall_frame("first upcall");
    check_quiet("after the first upcall");
}

/* Upcalls unmasked: each send is delivered before the hypercall returns. */
static void test_live(void)
{
    static const enum hypercall_via ways[] = { HC_VIA_PAGE, HC_VIA_SYSCALL };

    for (unsigned int i = 0; i < ARRAY_SIZE(ways); i++) {
        unsigned int up = evtchn_log.upcalls;
        unsigned int na = evtchn_count[port_a], nb = evtchn_count[port_b];

        hypercall_via = ways[i];
        CHECK_EQ(evtchn_send(port_b), 0, "send(b)");
        CHECK_EQ(evtchn_count[port_a], na + 1, "events on a right after send(b)");
        CHECK_EQ(evtchn_log.upcalls, up + 1, "upcalls right after send(b)");
        CHECK_EQ(evtchn_send(port_a), 0, "send(a)");
        CHECK_EQ(evtchn_count[port_b], nb + 1, "events on b right after send(a)");
        CHECK_EQ(evtchn_log.upcalls, up + 2, "upcalls right after send(a)");
        CHECK_EQ(evtchn_log.empty, 0, "upcalls with nothing to handle");
        check_upcall_frame(ways[i] == HC_VIA_PAGE ? "hypercall page" : "syscall");
        check_quiet("after live sends");
    }
    hypercall_via = HC_VIA_PAGE;
}

/* A masked port: pending without notification; EVTCHNOP_unmask delivers. */
static void test_port_mask(void)
{
    unsigned int up = evtchn_log.upcalls, nb = evtchn_count[port_b];

    evtchn_set_mask(port_b);
    CHECK_EQ(evtchn_send(port_a), 0, "send(a) to masked b");
    CHECK(evtchn_is_pending(port_b), "masked port b (%u) not pending after send(a)", port_b);
    CHECK(!evtchn_sel_is_set(port_b), "masked port b: selector bit %u set", port_b / 64);
    CHECK_EQ(READ_ONCE(evtchn_vcpu()->evtchn_upcall_pending), 0,
             "evtchn_upcall_pending for a masked port");
    CHECK_EQ(evtchn_send(port_a), 0, "second send(a) to masked b");
    evtchn_kick();
    CHECK_EQ(evtchn_log.upcalls, up, "upcalls for a masked port");
    CHECK_EQ(evtchn_count[port_b], nb, "events on masked b");

    CHECK_EQ(evtchn_unmask(port_b), 0, "unmask(b)");
    CHECK(!evtchn_is_masked(port_b), "unmask(b): mask bit still set");
    CHECK_EQ(evtchn_count[port_b], nb + 1, "events on b after unmask(b)");
    CHECK_EQ(evtchn_log.upcalls, up + 1, "upcalls after unmask(b)");
    check_quiet("after unmask");

    /* Unmasking an unmasked, idle port does nothing. */
    CHECK_EQ(evtchn_unmask(port_b), 0, "unmask(b) again");
    CHECK_EQ(evtchn_log.upcalls, up + 1, "upcalls after a second unmask(b)");
}

/* Close one end: the other reverts to unbound and can be bound again. */
static void test_close(void)
{
    unsigned int up, nb;
    evtchn_port_t port_c = 0;
    long rc;

    /* A masked pending event on a: closing it must clear the pending bit. */
    evtchn_set_mask(port_a);
    CHECK_EQ(evtchn_send(port_b), 0, "send(b) to masked a");
    CHECK(evtchn_is_pending(port_a), "masked port a (%u) not pending", port_a);

    CHECK_EQ(evtchn_close(port_a), 0, "close(a)");
    CHECK(!evtchn_is_pending(port_a), "close(a) left port %u pending", port_a);
    evtchn_clear_mask(port_a);
    evtchn_check_status("a after close(a)", port_a, EVTCHNSTAT_closed, 0, 0, 0);
    evtchn_check_status("b after close(a)", port_b, EVTCHNSTAT_unbound, 0, DOM0_ID, 0);

    /* Sending on an unbound port is silently dropped. */
    up = evtchn_log.upcalls;
    CHECK_EQ(evtchn_send(port_b), 0, "send(b), b unbound");
    CHECK_EQ(evtchn_log.upcalls, up, "upcalls after send on an unbound port");
    check_quiet("after send on an unbound port");

    CHECK_EQ(evtchn_send(port_a), -XEN_EINVAL, "send(a), a closed");
    CHECK_EQ(evtchn_close(port_a), -XEN_EINVAL, "close(a) twice");
    CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, port_a, NULL), -XEN_EINVAL,
             "bind_interdomain to closed port a");

    /*
     * b is unbound for us again: bind it anew; the new port (maybe a's
     * number again, so the counts start over) fires at once.
     */
    evtchn_log_clear();
    up = 0;
    rc = evtchn_bind_interdomain(DOMID_SELF, port_b, &port_c);
    CHECK_EQ(rc, 0, "bind_interdomain(self, b) after close(a)");
    if (rc == 0) {
        CHECK(port_c != 0 && port_c != port_b, "rebind gave port %u (b is %u)",
              port_c, port_b);
        CHECK_EQ(evtchn_count[port_c], 1, "events on the rebound port (pending at bind)");
        CHECK_EQ(evtchn_log.upcalls, up + 1, "upcalls after the rebind");
        evtchn_check_status("c after rebind", port_c, EVTCHNSTAT_interdomain, 0,
                            DOM0_ID, port_b);
        evtchn_check_status("b after rebind", port_b, EVTCHNSTAT_interdomain, 0,
                            DOM0_ID, port_c);
        /* b is interdomain now, not unbound. */
        CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, port_b, NULL), -XEN_EINVAL,
                 "bind_interdomain to interdomain port b");
        nb = evtchn_count[port_b];
        CHECK_EQ(evtchn_send(port_c), 0, "send(c)");
        CHECK_EQ(evtchn_count[port_b], nb + 1, "events on b after send(c)");
        CHECK_EQ(evtchn_close(port_c), 0, "close(c)");
    }
    CHECK_EQ(evtchn_close(port_b), 0, "close(b)");
    CHECK_EQ(evtchn_close(port_b), -XEN_EINVAL, "close(b) twice");
    evtchn_check_status("b after close(b)", port_b, EVTCHNSTAT_closed, 0, 0, 0);
}

/* Refusals that need no live channel. */
static void test_refusals(void)
{
    static const evtchn_port_t bad[] = { 0, BAD_PORT, 0xffffffff };
    struct evtchn_status st;
    evtchn_port_t p = 0;
    long rc;

    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        printf("refusals: port %u\n", bad[i]);
        CHECK_EQ(evtchn_send(bad[i]), -XEN_EINVAL, "send(bad port)");
        CHECK_EQ(evtchn_close(bad[i]), -XEN_EINVAL, "close(bad port)");
        CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, bad[i], NULL), -XEN_EINVAL,
                 "bind_interdomain(self, bad port)");
    }
    CHECK_EQ(evtchn_status(DOMID_SELF, BAD_PORT, &st), -XEN_EINVAL, "status(port 4096)");
    evtchn_check_status("port 0", 0, EVTCHNSTAT_closed, 0, 0, 0);
    CHECK_EQ(evtchn_unmask(0), 0, "unmask(port 0)");
    CHECK_EQ(evtchn_unmask(BAD_PORT), -XEN_EINVAL, "unmask(port 4096)");

    /* Domains that do not exist. */
    CHECK_EQ(evtchn_alloc_unbound(NO_SUCH_DOM, DOMID_SELF, NULL), -XEN_ESRCH,
             "alloc_unbound(dom 100)");
    CHECK_EQ(evtchn_bind_interdomain(NO_SUCH_DOM, 1, NULL), -XEN_ESRCH,
             "bind_interdomain(dom 100)");
    CHECK_EQ(evtchn_status(NO_SUCH_DOM, 0, &st), -XEN_ESRCH, "status(dom 100)");

    /* An unreadable argument (the low 2 GiB are unmapped, layout.h). */
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_send, (void *)0x1000), -XEN_EFAULT,
             "send with an unmapped argument");

    /*
     * A port reserved for another domain: Xen does not check that the
     * remote domain exists, but only that domain may bind it.
     */
    rc = evtchn_alloc_unbound(DOMID_SELF, NO_SUCH_DOM, &p);
    CHECK_EQ(rc, 0, "alloc_unbound(self, remote dom 100)");
    if (rc == 0) {
        evtchn_check_status("port for dom 100", p, EVTCHNSTAT_unbound, 0, NO_SUCH_DOM, 0);
        CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, p, NULL), -XEN_EINVAL,
                 "bind_interdomain to a port reserved for dom 100");
        CHECK_EQ(evtchn_close(p), 0, "close(port for dom 100)");
    }
    CHECK_EQ(evtchn_log.empty, 0, "upcalls with nothing to handle");
}

void test_main(void)
{
    evtchn_init();
    evtchn_log_clear();
    CHECK_EQ(READ_ONCE(evtchn_vcpu()->evtchn_upcall_mask), 1, "upcall mask at boot");

    test_setup();
    test_masked_upcalls();
    test_live();
    test_port_mask();
    test_close();
    test_refusals();
}
