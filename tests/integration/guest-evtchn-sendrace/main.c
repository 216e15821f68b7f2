/* SPDX-License-Identifier: MIT */
/*
 * guest-evtchn-sendrace: EVTCHNOP_send, the operation pvisor tries first
 * and whose argument it reads with a single guarded load (issue 5), fed
 * what should get past its checks.
 *
 * Correct (dom0 with 2 vCPUs, upcalls masked on both throughout, values
 * as Xen 4.17 returns them):
 *   - the argument word at a hypervisor address (0xffff800000000000, the
 *     read-only M2P, and 0xffff830000000000, the direct map), at
 *     0x00007ffffffffffe (its last two bytes past the canonical
 *     boundary), at 0x1000 (unmapped) and straddling the end of the
 *     initial mapping (two bytes mapped, two not): -EFAULT each, nothing
 *     pending anywhere afterwards.
 *   - ports 4096, 0x10000 and 0xffffffff: -EINVAL; port 0 (reserved,
 *     free): -EINVAL.
 *   - a race: vCPU 1 allocates an unbound port a, binds b to it
 *     (loopback), closes a, then b, over and over (the ports are reused),
 *     while vCPU 0 sends on ports 1..4 as fast as it can, until vCPU 1
 *     made 2000 rounds and vCPU 0 saw each answer 100 times (10 s at
 *     most: the race happened). Every send returns 0 (unbound or
 *     interdomain port) or -EINVAL (free port), nothing else; and once
 *     vCPU 1 is done every port 1..4 is closed again
 *     (status closed, send -EINVAL). Sends to a port whose other end is
 *     being closed must neither crash the hypervisor nor leave a port in
 *     a state status cannot describe.
 *   - upcalls masked on vCPU 0 while it sends to its own loopback port:
 *     the event is kept pending (pending bit, selector bit,
 *     evtchn_upcall_pending) and no upcall runs; with the port masked as
 *     well, only the pending bit; EVTCHNOP_unmask then sets the selector
 *     and evtchn_upcall_pending, still without an upcall (upcalls stay
 *     masked).
 */
#include <public/errno.h>
#include <public/event_channel.h>
#include "evtchn.h"
#include "pt.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("EVTCHNOP_send fast path: bad arguments, ports closed under it");

#define RACE_ROUNDS 2000
#define RACE_PORTS  4
#define RACE_SEEN   100     /* each answer at least this often */
#define RACE_SECONDS 10

static volatile bool racer_stop, racer_done;
static volatile unsigned int racer_rounds;
static volatile long racer_errors;
static volatile evtchn_port_t racer_first[2];

static long send_at(uint64_t addr)
{
    return HYPERVISOR_event_channel_op(EVTCHNOP_send, (void *)(uintptr_t)addr);
}

/* vCPU 1: bind and close loopback pairs as fast as it can, until told. */
static void racer(void)
{
    for (unsigned int i = 0; !READ_ONCE(racer_stop); i++) {
        evtchn_port_t a, b;

        if (evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a) ||
            evtchn_bind_interdomain(DOMID_SELF, a, &b) ||
            evtchn_close(a) || evtchn_close(b))
            racer_errors++;
        if (!i)
            racer_first[0] = a, racer_first[1] = b;
        racer_rounds = i + 1;
    }
    racer_done = true;
}

static void check_nothing_pending(const char *what)
{
    struct vcpu_info *v = evtchn_vcpu();

    CHECK(!READ_ONCE(v->evtchn_upcall_pending), "evtchn_upcall_pending set after %s", what);
    CHECK(!READ_ONCE(v->evtchn_pending_sel), "evtchn_pending_sel %#llx after %s",
          (unsigned long long)v->evtchn_pending_sel, what);
}

static void bad_arguments(void)
{
    uint64_t straddle = pt_region_end() - 2;

    CHECK_EQ(send_at(0xffff800000000000ULL), -XEN_EFAULT, "send, argument in the M2P");
    CHECK_EQ(send_at(0xffff830000000000ULL), -XEN_EFAULT,
             "send, argument in the direct map");
    CHECK_EQ(send_at(0x00007ffffffffffeULL), -XEN_EFAULT,
             "send, argument across the canonical end");
    CHECK_EQ(send_at(0x1000), -XEN_EFAULT, "send, unmapped argument");
    CHECK_EQ(send_at(straddle), -XEN_EFAULT, "send, argument straddling the mapping's end");
    check_nothing_pending("bad arguments");

    CHECK_EQ(evtchn_send(4096), -XEN_EINVAL, "send(4096)");
    CHECK_EQ(evtchn_send(0x10000), -XEN_EINVAL, "send(0x10000)");
    CHECK_EQ(evtchn_send(0xffffffffu), -XEN_EINVAL, "send(0xffffffff)");
    CHECK_EQ(evtchn_send(0), -XEN_EINVAL, "send(0)");
    check_nothing_pending("bad ports");
}

static void race(void)
{
    long ok = 0, inval = 0, other = 0, last_other = 0;

    uint64_t deadline;

    smp_start(1, racer);
    /* Until both answers were seen often and vCPU 1 made its rounds (10 s at most). */
    deadline = pvclock_now() + RACE_SECONDS * 1000000000ULL;
    while ((ok < RACE_SEEN || inval < RACE_SEEN || racer_rounds < RACE_ROUNDS) &&
           pvclock_now() < deadline) {
        for (evtchn_port_t p = 1; p <= RACE_PORTS; p++) {
            long rc = evtchn_send(p);

            if (rc == 0)
                ok++;
            else if (rc == -XEN_EINVAL)
                inval++;
            else
                other++, last_other = rc;
        }
    }
    racer_stop = true;
    while (!READ_ONCE(racer_done))
        cpu_relax();
    CHECK_EQ(racer_errors, 0, "vCPU 1's alloc/bind/close failures");
    CHECK(other == 0, "%ld sends returned neither 0 nor -EINVAL (last %ld)",
          other, last_other);
    CHECK(ok >= RACE_SEEN && inval >= RACE_SEEN && racer_rounds >= RACE_ROUNDS,
          "no race in %d s: %ld sends returned 0, %ld -EINVAL, vCPU 1 made %u rounds",
          RACE_SECONDS, ok, inval, racer_rounds);
    for (evtchn_port_t p = 1; p <= RACE_PORTS; p++) {
        struct evtchn_status st;

        long rc = evtchn_status(DOMID_SELF, p, &st);

        CHECK(rc == 0 && st.status == EVTCHNSTAT_closed,
              "status(%u) after the race: rc %ld, status %u (expected 0, closed)",
              p, rc, st.status);
        rc = evtchn_send(p);
        CHECK(rc == -XEN_EINVAL, "send(%u) after the race: %ld, expected -EINVAL", p, rc);
    }
    evtchn_clear_all();
    printf("race: %ld sends returned 0, %ld -EINVAL (vCPU 1's first ports %u, %u)\n",
           ok, inval, racer_first[0], racer_first[1]);
}

static void masked(void)
{
    evtchn_port_t a, b;

    CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0, "alloc_unbound");
    CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, a, &b), 0, "bind_interdomain");
    evtchn_clear_all();
    evtchn_log_clear();

    /* Upcalls masked: kept pending, no upcall. */
    CHECK_EQ(evtchn_send(a), 0, "send(a), upcalls masked");
    CHECK(evtchn_is_pending(b), "b not pending");
    CHECK(evtchn_sel_is_set(b), "selector bit of b not set");
    CHECK_EQ(READ_ONCE(evtchn_vcpu()->evtchn_upcall_pending), 1, "evtchn_upcall_pending");
    CHECK_EQ(evtchn_log.upcalls, 0, "upcalls with upcalls masked");
    evtchn_clear_all();

    /* The port masked too: the pending bit only; unmask flags the rest. */
    evtchn_set_mask(b);
    CHECK_EQ(evtchn_send(a), 0, "send(a), b masked");
    CHECK(evtchn_is_pending(b), "masked b not pending");
    check_nothing_pending("a send to a masked port");
    CHECK_EQ(evtchn_unmask(b), 0, "unmask(b)");
    CHECK(evtchn_sel_is_set(b), "selector bit of b not set by unmask");
    CHECK_EQ(READ_ONCE(evtchn_vcpu()->evtchn_upcall_pending), 1,
             "evtchn_upcall_pending after unmask");
    CHECK_EQ(evtchn_log.upcalls, 0, "upcalls with upcalls masked");
    evtchn_clear_all();
    CHECK_EQ(evtchn_close(a), 0, "close(a)");
    CHECK_EQ(evtchn_close(b), 0, "close(b)");
}

void test_main(void)
{
    evtchn_init();              /* upcalls stay masked (as at boot) */
    bad_arguments();
    masked();
    race();
}
