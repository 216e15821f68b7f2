/* SPDX-License-Identifier: MIT */
/*
 * guest-sched-poll: SCHEDOP_poll: refusals, pending ports, timeouts and
 * wake-ups from another vCPU and from a timer VIRQ.
 *
 * vCPU 0 polls with upcalls masked (evtchn_upcall_mask 1: poll, unlike
 * block, leaves it alone); vCPU 1 sends on request after a delay.
 * Correct (dom0 with 2 vCPUs; values as Xen 4.17 returns them):
 *   - nr_ports 129: -EINVAL. A port >= the 2-level limit (4096,
 *     0xffffffff), alone or after a valid port: -EINVAL. The port array
 *     at an unmapped address or in the hypervisor range: -EFAULT.
 *   - A pending port (also a masked one, also among 128 ports): 0 at once
 *     (well before the timeout).
 *   - A port never signalled, timeout now + 5 ms (absolute system time):
 *     0, not before the timeout (by vCPU 0's own clock) and within 2 s
 *     after it. nr_ports 0 with a timeout: the same, a plain sleep. A
 *     timeout already past: 0 at once.
 *   - Polling a masked IPI port of vCPU 0 (timeout 10 s), vCPU 1 sends on
 *     it 20 ms later: 0, after those 20 ms and long before the timeout;
 *     the port is pending (masked ports wake pollers).
 *   - Polling the masked VIRQ_TIMER port (periodic timer stopped), a
 *     single-shot timer 5 ms ahead: 0, at least 5 ms after arming, long
 *     before the poll's timeout; the timer port is pending.
 *   - Polling a port never signalled (timeout 5 s) while vCPU 1 sends, 20
 *     ms later, on an unmasked port of vCPU 0 that is not polled: the poll
 *     ends then (Xen: an event newly flagged for the vCPU, upcall_pending
 *     0 -> 1, unblocks it whatever it polls), with 0.
 */
#include <public/errno.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "evtchn.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("SCHEDOP_poll: refusals, pending, timeouts, wake-ups");

#define MS 1000000ULL
/* Slack for one vCPU's clock lagging the other's (see guest-vcpu-time). */
#define SKEW (1 * MS)

/* Requests to vCPU 1: after spinning req_delay ns, send on req_port. */
static volatile evtchn_port_t req_port;
static volatile uint64_t req_delay;
static volatile unsigned int req_seq, req_done;
static volatile long req_rc;

static void ap_main(void)
{
    unsigned int seen = 0;

    for (;;) {
        unsigned int seq = __atomic_load_n(&req_seq, __ATOMIC_ACQUIRE);
        uint64_t t0;

        if (seq == seen) {
            cpu_relax();
            continue;
        }
        for (t0 = pvclock_now(); pvclock_now() - t0 < req_delay;)
            cpu_relax();
        req_rc = evtchn_send(req_port);
        seen = seq;
        __atomic_store_n(&req_done, seq, __ATOMIC_RELEASE);
    }
}

/* Ask vCPU 1 to send on @port @delay ns from now. */
static void request_send(evtchn_port_t port, uint64_t delay)
{
    req_port = port;
    req_delay = delay;
    __atomic_fetch_add(&req_seq, 1, __ATOMIC_RELEASE);
}

static void wait_request(void)
{
    while (__atomic_load_n(&req_done, __ATOMIC_ACQUIRE) != req_seq)
        cpu_relax();
    CHECK_EQ(req_rc, 0, "send by vCPU 1");
}

static long poll(const void *ports, unsigned int nr, uint64_t timeout)
{
    struct sched_poll p = {
        .ports = (uint64_t)(uintptr_t)ports,
        .nr_ports = nr,
        .timeout = timeout,
    };

    return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

/* poll must return 0 between @lo and @hi ns after the call began. */
static void poll_in(const char *what, const evtchn_port_t *ports, unsigned int nr,
                    uint64_t timeout, uint64_t t0, uint64_t lo, uint64_t hi)
{
    long rc = poll(ports, nr, timeout);
    uint64_t d = pvclock_now() - t0;

    CHECK_EQ(rc, 0, what);
    CHECK(d >= lo && d <= hi, "%s: returned after %llu us, expected %llu-%llu us", what,
          (unsigned long long)(d / 1000), (unsigned long long)(lo / 1000),
          (unsigned long long)(hi / 1000));
}

static void test_refusals(evtchn_port_t never)
{
    static evtchn_port_t many[129];
    evtchn_port_t bad[2] = { never, 4096 };
    uint64_t t = pvclock_now() + 5 * MS;

    for (unsigned int i = 0; i < ARRAY_SIZE(many); i++)
        many[i] = never;
    CHECK_EQ(poll(many, 129, t), -XEN_EINVAL, "poll(129 ports)");
    CHECK_EQ(poll(&bad[1], 1, t), -XEN_EINVAL, "poll(port 4096)");
    CHECK_EQ(poll(bad, 2, t), -XEN_EINVAL, "poll(good port, port 4096)");
    bad[1] = 0xffffffff;
    CHECK_EQ(poll(&bad[1], 1, t), -XEN_EINVAL, "poll(port 0xffffffff)");
    CHECK_EQ(poll((void *)0x1000, 1, t), -XEN_EFAULT, "poll(ports at unmapped 0x1000)");
    CHECK_EQ(poll((void *)0xffff800000000000ULL, 1, t), -XEN_EFAULT,
             "poll(ports in the hypervisor range)");
}

static void test_pending_and_timeouts(evtchn_port_t ipi, evtchn_port_t never)
{
    static evtchn_port_t many[128];
    evtchn_port_t two[2] = { never, ipi };
    uint64_t t0;

    evtchn_set_mask(ipi);
    CHECK_EQ(evtchn_send(ipi), 0, "send(masked IPI)");
    t0 = pvclock_now();
    poll_in("poll(pending masked port)", &ipi, 1, t0 + 2000 * MS, t0, 0, 1000 * MS);
    t0 = pvclock_now();
    poll_in("poll(never, pending)", two, 2, t0 + 2000 * MS, t0, 0, 1000 * MS);
    for (unsigned int i = 0; i < ARRAY_SIZE(many); i++)
        many[i] = never;
    many[127] = ipi;
    t0 = pvclock_now();
    poll_in("poll(128 ports, the last pending)", many, 128, t0 + 2000 * MS, t0, 0,
            1000 * MS);
    evtchn_clear_all();

    t0 = pvclock_now();
    poll_in("poll(never signalled, now + 5 ms)", &never, 1, t0 + 5 * MS, t0, 5 * MS,
            2005 * MS);
    t0 = pvclock_now();
    poll_in("poll(no ports, now + 5 ms)", NULL, 0, t0 + 5 * MS, t0, 5 * MS, 2005 * MS);
    t0 = pvclock_now();
    poll_in("poll(never signalled, timeout 1 ms ago)", &never, 1, t0 - 1 * MS, t0, 0,
            1000 * MS);
    CHECK(!evtchn_is_pending(never), "port %u pending after the timeouts", never);
}

static void test_wakeups(evtchn_port_t ipi, evtchn_port_t never, evtchn_port_t other)
{
    struct vcpu_set_singleshot_timer ss = { 0 };
    evtchn_port_t timer;
    uint64_t t0;

    /* A send by vCPU 1 on the polled (masked) port. */
    evtchn_clear_all();
    t0 = pvclock_now();
    request_send(ipi, 20 * MS);
    poll_in("poll(masked IPI) woken by vCPU 1's send", &ipi, 1, t0 + 10000 * MS, t0,
            20 * MS - SKEW, 5000 * MS);
    wait_request();
    CHECK(evtchn_is_pending(ipi), "polled IPI port %u not pending after the wake-up", ipi);

    /* The timer VIRQ on the polled (masked) port. */
    evtchn_clear_all();
    if (evtchn_bind_virq(VIRQ_TIMER, 0, &timer))
        test_result(TEST_ERROR, "setup: bind_virq(TIMER, 0) refused");
    evtchn_set_mask(timer);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop_periodic_timer");
    evtchn_clear_all();
    t0 = pvclock_now();
    ss.timeout_abs_ns = t0 + 5 * MS;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss), 0,
             "set_singleshot_timer(+5 ms)");
    poll_in("poll(masked timer port) woken by the timer", &timer, 1, t0 + 5000 * MS, t0,
            5 * MS, 2500 * MS);
    CHECK(evtchn_is_pending(timer), "timer port %u not pending after the wake-up", timer);

    /* An unmasked port that is not polled. */
    evtchn_clear_all();
    t0 = pvclock_now();
    request_send(other, 20 * MS);
    poll_in("poll(never signalled) ended by an event on another port", &never, 1,
            t0 + 5000 * MS, t0, 20 * MS - SKEW, 2500 * MS);
    wait_request();
    CHECK(evtchn_is_pending(other), "port %u not pending after vCPU 1's send", other);
    evtchn_clear_all();
}

void test_main(void)
{
    evtchn_port_t ipi, never, other;

    evtchn_init();
    if (evtchn_bind_ipi(0, &ipi) || evtchn_bind_ipi(0, &other) ||
        evtchn_alloc_unbound(DOMID_SELF, 0, &never))
        test_result(TEST_ERROR, "setup: could not allocate ports");
    smp_start(1, ap_main);

    test_refusals(never);
    test_pending_and_timeouts(ipi, never);
    test_wakeups(ipi, never, other);
}
