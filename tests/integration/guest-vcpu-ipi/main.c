/* SPDX-License-Identifier: MIT */
/*
 * guest-vcpu-ipi: event channels between two vCPUs: IPI ports, notify
 * vCPUs and EVTCHNOP_bind_vcpu.
 *
 * Correct (dom0 with 2 vCPUs; values as Xen 4.17 returns them). Both
 * vCPUs run with upcalls unmasked, vCPU 0 spinning (no hypercalls), vCPU 1
 * blocked in SCHEDOP_block; "handled by vCPU n" means vCPU n's event
 * callback found the port pending in its own vcpu_info's selector:
 *   - bind_ipi(1) issued by vCPU 1 itself: 0, status ipi, vCPU 1. vCPU 1
 *     sending on it: handled by vCPU 1 before send returns.
 *   - vCPU 1 sending on vCPU 0's IPI port: handled by vCPU 0 (which is
 *     spinning: the hypervisor must interrupt it).
 *   - vCPU 0 sending on vCPU 1's IPI port, 10 times, each after the last
 *     was handled: each handled by vCPU 1 (woken from SCHEDOP_block),
 *     exactly once. bind_ipi(1) issued by vCPU 0: status ipi, vCPU 1, and
 *     its events go to vCPU 1 too.
 *   - bind_vcpu: an unbound port moved to vCPU 1: 0, status unbound vCPU
 *     1; once vCPU 0 binds an interdomain port to it (loopback, dom0 to
 *     dom0) it stays on vCPU 1: sends from the other end are handled by
 *     vCPU 1; the other end (vCPU 0) gets its events on vCPU 0. Moving
 *     either end (interdomain) to the other vCPU: 0, and its next event is
 *     handled there. A global VIRQ (VIRQ_DOM_EXC) port moves to vCPU 1: 0,
 *     status virq vCPU 1. IPI ports and per-vCPU VIRQ ports: -EINVAL.
 *     vCPU 2 (absent): -ENOENT.
 *   - bind_virq(VIRQ_TIMER, vCPU 1) issued by vCPU 0: 0, status virq vCPU
 *     1; vCPU 1's periodic timer (10 ms by default, also for a vCPU
 *     started with VCPUOP_initialise) fires on it and vCPU 1 handles it.
 *     Xen runs a vCPU's periodic timer only while the vCPU runs: blocked
 *     in SCHEDOP_block, vCPU 1 got no tick in 1 s; so it spins here.
 */
#include <public/errno.h>
#include <public/sched.h>
#include "evtchn.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("IPIs between two vCPUs, notify vCPUs, bind_vcpu");

#define MS 1000000ULL

/* vCPU 0's IPI port, bound before vCPU 1 starts. */
static evtchn_port_t ipi0;
/* What vCPU 1 did before blocking. */
static volatile long ap_bind_rc = 1;
static volatile evtchn_port_t ipi1;
static volatile unsigned int ap_self_count, ap_self_cpu;
static volatile long ap_send_rc = 1;
static volatile unsigned int ap_ready;
/* Set by vCPU 0: vCPU 1 stops blocking and spins with upcalls on. */
static volatile unsigned int ap_spin;

static void ap_main(void)
{
    evtchn_port_t port = 0;

    evtchn_upcalls_on();
    ap_bind_rc = evtchn_bind_ipi(1, &port);
    ipi1 = port;
    if (ap_bind_rc == 0 && evtchn_send(port) == 0) {
        ap_self_count = evtchn_count[port];
        ap_self_cpu = evtchn_port_cpu[port];
    }
    ap_send_rc = evtchn_send(ipi0);
    __atomic_store_n(&ap_ready, 1, __ATOMIC_RELEASE);
    /* Wait for events: block with upcalls masked, so none is missed. */
    while (!READ_ONCE(ap_spin)) {
        evtchn_upcalls_off();
        if (!READ_ONCE(ap_spin))
            (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        evtchn_upcalls_on();
    }
    for (;;)
        cpu_relax();
}

/* Wait up to 1 s until @port has been handled @n times in all. */
static bool wait_count(evtchn_port_t port, unsigned int n)
{
    uint64_t t0 = pvclock_now();

    while (READ_ONCE(evtchn_count[port]) < n)
        if (pvclock_now() - t0 > 1000 * MS)
            return false;
    return true;
}

/* Send on @send and expect @port handled once more, by vCPU @cpu. */
static void expect_event(const char *what, evtchn_port_t send, evtchn_port_t port,
                         unsigned int cpu)
{
    unsigned int n = evtchn_count[port];

    CHECK_EQ(evtchn_send(send), 0, what);
    if (!wait_count(port, n + 1)) {
        test_fail("%s: port %u not handled within 1 s", what, port);
        return;
    }
    CHECK(evtchn_port_cpu[port] == cpu, "%s: port %u handled by vCPU %u, expected %u",
          what, port, evtchn_port_cpu[port], cpu);
}

static void test_ipis(void)
{
    evtchn_port_t other;

    CHECK_EQ(ap_bind_rc, 0, "bind_ipi(1) by vCPU 1");
    evtchn_check_status("vCPU 1's IPI port", ipi1, EVTCHNSTAT_ipi, 1, 0, 0);
    CHECK(ap_self_count == 1 && ap_self_cpu == 1,
          "vCPU 1 sending to itself: handled %u times, last by vCPU %u; expected once, "
          "by vCPU 1, before send returned", ap_self_count, ap_self_cpu);
    CHECK_EQ(ap_send_rc, 0, "send(vCPU 0's IPI) by vCPU 1");
    if (!wait_count(ipi0, 1))
        test_fail("vCPU 1's send on vCPU 0's IPI port %u: not handled within 1 s", ipi0);
    CHECK_EQ(evtchn_port_cpu[ipi0], 0, "vCPU handling vCPU 0's IPI port");

    for (unsigned int i = 0; i < 10; i++)
        expect_event("send(vCPU 1's IPI) by vCPU 0", ipi1, ipi1, 1);
    CHECK_EQ(evtchn_count[ipi1], 11, "events on vCPU 1's IPI port (1 + 10 sends)");

    CHECK_EQ(evtchn_bind_ipi(1, &other), 0, "bind_ipi(1) by vCPU 0");
    evtchn_check_status("IPI port for vCPU 1 bound by vCPU 0", other, EVTCHNSTAT_ipi, 1, 0, 0);
    expect_event("send(IPI for vCPU 1 bound by vCPU 0)", other, other, 1);
    CHECK_EQ(evtchn_bind_vcpu(ipi1, 0), -XEN_EINVAL, "bind_vcpu(IPI port, 0)");
}

static void test_bind_vcpu(void)
{
    evtchn_port_t u, l, v;

    CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, 0, &u), 0, "alloc_unbound");
    CHECK_EQ(evtchn_bind_vcpu(u, 1), 0, "bind_vcpu(unbound, 1)");
    evtchn_check_status("unbound port moved to vCPU 1", u, EVTCHNSTAT_unbound, 1, 0, 0);
    CHECK_EQ(evtchn_bind_vcpu(u, 2), -XEN_ENOENT, "bind_vcpu(unbound, vCPU 2)");

    CHECK_EQ(evtchn_bind_interdomain(0, u, &l), 0, "bind_interdomain(dom0, unbound port)");
    evtchn_check_status("interdomain end on vCPU 1", u, EVTCHNSTAT_interdomain, 1, 0, l);
    evtchn_check_status("interdomain end bound by vCPU 0", l, EVTCHNSTAT_interdomain, 0, 0, u);
    expect_event("send(end on vCPU 0)", l, u, 1);
    expect_event("send(end on vCPU 1)", u, l, 0);
    CHECK_EQ(evtchn_bind_vcpu(u, 0), 0, "bind_vcpu(interdomain, 0)");
    expect_event("send(end on vCPU 0) after moving the other end to vCPU 0", l, u, 0);
    CHECK_EQ(evtchn_bind_vcpu(l, 1), 0, "bind_vcpu(interdomain, 1)");
    expect_event("send to the end moved to vCPU 1", u, l, 1);

    CHECK_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &v), 0, "bind_virq(DOM_EXC, 0)");
    CHECK_EQ(evtchn_bind_vcpu(v, 1), 0, "bind_vcpu(global VIRQ, 1)");
    evtchn_check_status("global VIRQ moved to vCPU 1", v, EVTCHNSTAT_virq, 1, 0, VIRQ_DOM_EXC);

    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 1, &v), 0, "bind_virq(TIMER, 1) by vCPU 0");
    evtchn_check_status("vCPU 1's timer VIRQ", v, EVTCHNSTAT_virq, 1, 0, VIRQ_TIMER);
    /*
     * A blocked vCPU gets no periodic ticks on Xen (its periodic timer
     * runs only while the vCPU does): have vCPU 1 spin.
     */
    WRITE_ONCE(ap_spin, 1);
    expect_event("send(vCPU 1's IPI) to end its blocking", ipi1, ipi1, 1);
    if (!wait_count(v, 1))
        test_fail("vCPU 1's timer VIRQ (port %u): no event within 1 s", v);
    CHECK_EQ(evtchn_port_cpu[v], 1, "vCPU handling vCPU 1's timer VIRQ");
    CHECK_EQ(evtchn_bind_vcpu(v, 0), -XEN_EINVAL, "bind_vcpu(per-vCPU VIRQ, 0)");
}

void test_main(void)
{
    evtchn_init();
    if (evtchn_bind_ipi(0, &ipi0))
        test_result(TEST_ERROR, "setup: bind_ipi(0) refused");
    evtchn_upcalls_on();
    smp_start(1, ap_main);
    while (!__atomic_load_n(&ap_ready, __ATOMIC_ACQUIRE))
        cpu_relax();

    test_ipis();
    test_bind_vcpu();
}
