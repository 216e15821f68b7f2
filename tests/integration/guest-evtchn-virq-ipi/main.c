/* SPDX-License-Identifier: MIT */
/*
 * guest-evtchn-virq-ipi: IPI and VIRQ ports, the FIFO operations a
 * 2-level guest must see refused, bind_pirq, bind_vcpu and EVTCHNOP_reset.
 *
 * Correct (PV-ABI-NOTES 8.2-8.5, 10; values as Xen 4.17 returns them):
 *   - bind_ipi(vCPU 0): status ipi, vCPU 0; send sets the port pending on
 *     the own vCPU (pending, selector, upcall_pending) and the callback
 *     handles it once upcalls are unmasked, or at once when they are.
 *     bind_ipi on a vCPU that does not exist (4096): -ENOENT.
 *   - bind_virq(VIRQ_TIMER, 0): status virq 0, vCPU 0; binding it again:
 *     -EEXIST; send on a VIRQ port: -EINVAL; set_timer_op 1 ms ahead
 *     makes the port fire. bind_virq of VIRQ NR_VIRQS or ~0: -EINVAL; of
 *     VIRQ_TIMER on vCPU 4096: -ENOENT; of a global VIRQ (VIRQ_DOM_EXC) on
 *     vCPU 1 or 4096: -EINVAL (checked before the vCPU exists); on vCPU 0
 *     dom0, its handler, gets it; again: -EEXIST.
 *   - bind_vcpu: unbound, interdomain and global-VIRQ ports may move to
 *     vCPU 0 (0); IPI and per-vCPU VIRQ ports: -EINVAL; port 0 or 4096:
 *     -EINVAL; vCPU 4096: -ENOENT.
 *   - bind_pirq (no physical IRQ is mapped for this guest): an error; the
 *     test prints Xen's value beside pvisor's (Xen 4.17 gives -EPERM for
 *     pirqs below dom0's nr_pirqs, -EINVAL above). No port is allocated.
 *   - FIFO ABI: expand_array before init_control: -EOPNOTSUPP;
 *     set_priority on a 2-level domain: -ENOSYS; init_control (with an
 *     offset that is not 8-byte aligned, so Xen refuses it too): an error
 *     (Xen: -EINVAL). The domain stays 2-level: an IPI still shows in
 *     shared_info's evtchn_pending and is delivered.
 *   - reset(DOMID_SELF) and reset(own domid 0): 0; afterwards every port
 *     reads closed, pending bits of closed ports are cleared, mask bits
 *     are left as the guest set them (2-level has no per-port init), and
 *     the VIRQ bindings are gone (VIRQ_TIMER binds again); reset of a
 *     domain that does not exist (100): -ESRCH.
 */
#include <public/errno.h>
#include <public/vcpu.h>
#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("IPI and VIRQ ports, FIFO refusals, bind_pirq, bind_vcpu, reset");

#define NO_SUCH_VCPU 4096
#define NO_SUCH_DOM  100
#define BAD_PORT     4096
/* Hypercalls to wait for the timer: about a second on Xen under QEMU TCG. */
#define TIMER_WAIT_KICKS 1000000

/* An IPI port, bound in test_ipi, used again by the later tests. */
static evtchn_port_t ipi;

static void test_ipi(void)
{
    struct vcpu_info *v = evtchn_vcpu();
    long rc;

    rc = evtchn_bind_ipi(0, &ipi);
    if (rc)
        test_result(TEST_FAILURE, "bind_ipi(vCPU 0): got %ld, expected 0", rc);
    CHECK(ipi != 0 && ipi < 64, "bind_ipi gave port %u, expected 1-63", ipi);
    evtchn_check_status("IPI port", ipi, EVTCHNSTAT_ipi, 0, 0, 0);

    /* Upcalls masked: flagged only. */
    CHECK_EQ(evtchn_send(ipi), 0, "send(IPI)");
    CHECK(evtchn_is_pending(ipi), "send(IPI): port %u not pending", ipi);
    CHECK(evtchn_sel_is_set(ipi), "send(IPI): selector bit %u not set", ipi / 64);
    CHECK_EQ(READ_ONCE(v->evtchn_upcall_pending), 1, "evtchn_upcall_pending after send(IPI)");
    CHECK_EQ(evtchn_log.upcalls, 0, "upcalls while masked");

    evtchn_upcalls_on();
    CHECK_EQ(evtchn_count[ipi], 1, "IPI events after unmasking upcalls");
    CHECK_EQ(evtchn_log.upcalls, 1, "upcalls after unmasking upcalls");
    CHECK_EQ(evtchn_log.mask_in_handler, 1, "upcall mask inside the callback");

    /* Upcalls unmasked: delivered before send returns. */
    CHECK_EQ(evtchn_send(ipi), 0, "send(IPI), upcalls on");
    CHECK_EQ(evtchn_count[ipi], 2, "IPI events right after the second send");
    CHECK(!evtchn_is_pending(ipi), "IPI port %u still pending after the callback", ipi);

    CHECK_EQ(evtchn_bind_ipi(NO_SUCH_VCPU, NULL), -XEN_ENOENT, "bind_ipi(vCPU 4096)");
    CHECK_EQ(evtchn_bind_vcpu(ipi, 0), -XEN_EINVAL, "bind_vcpu(IPI port, 0)");
}

static void test_timer(void)
{
    evtchn_port_t t = 0;
    uint64_t now;
    unsigned int kicks;
    long rc;

    /*
     * Xen gives every PV vCPU a 10 ms periodic VIRQ_TIMER (Linux stops it
     * first thing); stop it so only set_timer_op fires. Not under test:
     * the result is ignored (pvisor has no periodic timer).
     */
    (void)HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);

    rc = evtchn_bind_virq(VIRQ_TIMER, 0, &t);
    CHECK_EQ(rc, 0, "bind_virq(VIRQ_TIMER, vCPU 0)");
    if (rc)
        return;
    evtchn_check_status("VIRQ_TIMER port", t, EVTCHNSTAT_virq, 0, 0, VIRQ_TIMER);
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, NULL), -XEN_EEXIST,
             "bind_virq(VIRQ_TIMER, vCPU 0) a second time");
    CHECK_EQ(evtchn_send(t), -XEN_EINVAL, "send(VIRQ port)");
    CHECK_EQ(evtchn_bind_vcpu(t, 0), -XEN_EINVAL, "bind_vcpu(per-vCPU VIRQ port, 0)");

    now = pvclock_now();
    CHECK_EQ(HYPERVISOR_set_timer_op(now + 1000000), 0, "set_timer_op(now + 1 ms)");
    for (kicks = 0; kicks < TIMER_WAIT_KICKS && !evtchn_count[t]; kicks++)
        evtchn_kick();
    CHECK(evtchn_count[t] >= 1, "VIRQ_TIMER port %u: no event %u hypercalls after "
          "set_timer_op(now + 1 ms)", t, kicks);
    printf("VIRQ_TIMER: %u event(s) after %u hypercalls, %llu us\n", evtchn_count[t],
           kicks, (unsigned long long)(pvclock_now() - now) / 1000);
    CHECK_EQ(evtchn_close(t), 0, "close(VIRQ_TIMER port)");
    /* Closing removed the binding: it binds again. */
    rc = evtchn_bind_virq(VIRQ_TIMER, 0, &t);
    CHECK_EQ(rc, 0, "bind_virq(VIRQ_TIMER) after close");
    if (rc == 0)
        CHECK_EQ(evtchn_close(t), 0, "close(VIRQ_TIMER port) again");
}

static void test_virq_refusals(void)
{
    evtchn_port_t g = 0;
    long rc;

    CHECK_EQ(evtchn_bind_virq(NR_VIRQS, 0, NULL), -XEN_EINVAL, "bind_virq(NR_VIRQS)");
    CHECK_EQ(evtchn_bind_virq(0xffffffff, 0, NULL), -XEN_EINVAL, "bind_virq(~0)");
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, NO_SUCH_VCPU, NULL), -XEN_ENOENT,
             "bind_virq(VIRQ_TIMER, vCPU 4096)");
    CHECK_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, 1, NULL), -XEN_EINVAL,
             "bind_virq(global VIRQ_DOM_EXC, vCPU 1)");
    CHECK_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, NO_SUCH_VCPU, NULL), -XEN_EINVAL,
             "bind_virq(global VIRQ_DOM_EXC, vCPU 4096)");

    /* dom0 handles the global VIRQs. */
    rc = evtchn_bind_virq(VIRQ_DOM_EXC, 0, &g);
    CHECK_EQ(rc, 0, "bind_virq(VIRQ_DOM_EXC, vCPU 0)");
    if (rc)
        return;
    evtchn_check_status("VIRQ_DOM_EXC port", g, EVTCHNSTAT_virq, 0, 0, VIRQ_DOM_EXC);
    CHECK_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, 0, NULL), -XEN_EEXIST,
             "bind_virq(VIRQ_DOM_EXC) a second time");
    CHECK_EQ(evtchn_bind_vcpu(g, 0), 0, "bind_vcpu(global VIRQ port, 0)");
    CHECK_EQ(evtchn_close(g), 0, "close(VIRQ_DOM_EXC port)");
}

static void test_bind_vcpu(void)
{
    evtchn_port_t u = 0;
    long rc;

    rc = evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &u);
    CHECK_EQ(rc, 0, "alloc_unbound(self, self)");
    if (rc)
        return;
    CHECK_EQ(evtchn_bind_vcpu(u, 0), 0, "bind_vcpu(unbound port, 0)");
    CHECK_EQ(evtchn_bind_vcpu(u, NO_SUCH_VCPU), -XEN_ENOENT, "bind_vcpu(port, vCPU 4096)");
    CHECK_EQ(evtchn_bind_vcpu(0, 0), -XEN_EINVAL, "bind_vcpu(port 0, 0)");
    CHECK_EQ(evtchn_bind_vcpu(BAD_PORT, 0), -XEN_EINVAL, "bind_vcpu(port 4096, 0)");
    evtchn_check_status("unbound port after bind_vcpu", u, EVTCHNSTAT_unbound, 0, 0, 0);
    CHECK_EQ(evtchn_close(u), 0, "close(unbound port)");
}

/* The operation must fail; Xen's value is printed for comparison. */
static void check_refused(long rc, const char *what, long xen)
{
    if (rc >= 0)
        test_fail("%s: got %ld, expected an error (Xen 4.17: %ld)", what, rc, xen);
    else
        printf("%s: %ld (Xen 4.17: %ld)\n", what, rc, xen);
}

static void test_pirq_and_fifo(void)
{
    struct evtchn_expand_array ea = { .array_gfn = 0 };
    struct evtchn_set_priority sp = { .port = ipi, .priority = EVTCHN_FIFO_PRIORITY_MIN };
    struct evtchn_init_control ic = {
        .control_gfn = virt_to_mfn(&ic),    /* Some real frame. */
        .offset = 4,                        /* Not 8-byte aligned: refused. */
        .vcpu = 0,
    };
    unsigned int n;
    long rc;

    /* No pirq is mapped for this guest. */
    check_refused(evtchn_bind_pirq(1, 0, NULL), "bind_pirq(1)", -XEN_EPERM);
    check_refused(evtchn_bind_pirq(1, BIND_PIRQ__WILL_SHARE, NULL),
                  "bind_pirq(1, WILL_SHARE)", -XEN_EPERM);
    check_refused(evtchn_bind_pirq(0x7fffffff, 0, NULL), "bind_pirq(0x7fffffff)",
                  -XEN_EINVAL);
    check_refused(evtchn_bind_pirq(0xffffffff, 0, NULL), "bind_pirq(~0)", -XEN_EINVAL);

    /* FIFO operations while the domain uses the 2-level ABI. */
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea), -XEN_EOPNOTSUPP,
             "expand_array before init_control");
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &sp), -XEN_ENOSYS,
             "set_priority on a 2-level domain");
    check_refused(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic),
                  "init_control(offset 4)", -XEN_EINVAL);

    /* Still 2-level: an IPI shows in evtchn_pending (upcalls masked here). */
    evtchn_upcalls_off();
    n = evtchn_count[ipi];
    CHECK_EQ(evtchn_send(ipi), 0, "send(IPI) after the FIFO refusals");
    CHECK(evtchn_is_pending(ipi), "IPI port %u not pending in the 2-level bitmap "
          "after the FIFO refusals", ipi);
    evtchn_upcalls_on();
    CHECK_EQ(evtchn_count[ipi], n + 1, "IPI events after the FIFO refusals");

    /* The refused binds took no port: only the IPI port is in use. */
    for (evtchn_port_t p = 1; p < 64; p++) {
        struct evtchn_status st;

        rc = evtchn_status(DOMID_SELF, p, &st);
        if (rc)
            test_fail("status(port %u): got %ld, expected 0", p, rc);
        else if (p != ipi && st.status != EVTCHNSTAT_closed)
            test_fail("port %u in use (status %u) after the refused binds", p, st.status);
    }
}

static void test_reset(void)
{
    evtchn_port_t t = 0, u = 0, a = 0, b = 0;
    struct evtchn_status st;

    /* Something of each kind: IPI (from test_ipi), VIRQ, unbound, interdomain. */
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &t), 0, "bind_virq(VIRQ_TIMER) before reset");
    CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &u), 0, "alloc_unbound before reset");
    CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0, "alloc_unbound (a)");
    CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, a, &b), 0, "bind_interdomain (b)");

    /* A masked, pending IPI: reset must clear the pending bit, not the mask. */
    evtchn_set_mask(ipi);
    CHECK_EQ(evtchn_send(ipi), 0, "send(masked IPI)");
    CHECK(evtchn_is_pending(ipi), "masked IPI port %u not pending", ipi);

    CHECK_EQ(evtchn_reset(NO_SUCH_DOM), -XEN_ESRCH, "reset(dom 100)");
    CHECK_EQ(evtchn_reset(DOMID_SELF), 0, "reset(DOMID_SELF)");

    {
        const evtchn_port_t ports[] = { ipi, t, u, a, b };

        for (unsigned int i = 0; i < ARRAY_SIZE(ports); i++) {
            if (ports[i])
                evtchn_check_status("after reset", ports[i], EVTCHNSTAT_closed, 0, 0, 0);
        }
    }
    CHECK(!evtchn_is_pending(ipi), "reset left the closed IPI port %u pending", ipi);
    CHECK(evtchn_is_masked(ipi), "reset cleared the mask bit of port %u", ipi);
    evtchn_clear_mask(ipi);
    CHECK_EQ(evtchn_send(ipi), -XEN_EINVAL, "send(IPI port) after reset");
    CHECK_EQ(evtchn_close(u), -XEN_EINVAL, "close(unbound port) after reset");

    /* The VIRQ binding went with the port. */
    CHECK_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &t), 0, "bind_virq(VIRQ_TIMER) after reset");
    CHECK_EQ(evtchn_status(DOMID_SELF, t, &st), 0, "status(new VIRQ_TIMER port)");

    /* The domain's own id names it as well as DOMID_SELF. */
    CHECK_EQ(evtchn_reset(0), 0, "reset(domain 0)");
    evtchn_check_status("VIRQ_TIMER after reset(0)", t, EVTCHNSTAT_closed, 0, 0, 0);
}

void test_main(void)
{
    evtchn_init();
    evtchn_log_clear();
    evtchn_clear_all();

    test_ipi();
    test_timer();
    test_virq_refusals();
    test_bind_vcpu();
    test_pirq_and_fifo();
    test_reset();
    CHECK_EQ(evtchn_log.empty, 0, "upcalls with nothing to handle");
}
