/* SPDX-License-Identifier: MIT */
/* Test-guest event channels: the callback's C part, bitmaps, EVTCHNOP wrappers. */
#include <public/callback.h>
#include <public/version.h>
#include "evtchn.h"
#include "smp.h"
#include "test.h"

volatile struct evtchn_log evtchn_log;
volatile unsigned int evtchn_count[EVTCHN_NR_PORTS];
volatile uint8_t evtchn_port_cpu[EVTCHN_NR_PORTS];

static struct shared_info *shared;

BUILD_BUG_ON(EVTCHN_NR_PORTS != EVTCHN_WORD_BITS * ARRAY_SIZE(shared->evtchn_pending));

void evtchn_init(void)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_event,
        .address = (uint64_t)(uintptr_t)evtchn_callback_entry,
    };
    long rc;

    shared = shared_info_map();
    rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
    if (rc)
        test_result(TEST_ERROR, "setup: registering the event callback returned %ld", rc);
}

void evtchn_log_clear(void)
{
    memset((void *)&evtchn_log, 0, sizeof(evtchn_log));
    memset((void *)evtchn_count, 0, sizeof(evtchn_count));
    memset((void *)evtchn_port_cpu, 0, sizeof(evtchn_port_cpu));
}

struct vcpu_info *evtchn_vcpu(void)
{
    return &shared->vcpu_info[smp_cpu()];
}

void evtchn_kick(void)
{
    /* Any hypercall returns through the upcall check (PV-ABI-NOTES 4.3). */
    (void)HYPERVISOR_xen_version(XENVER_version, NULL);
}

void evtchn_upcalls_on(void)
{
    struct vcpu_info *v = evtchn_vcpu();

    WRITE_ONCE(v->evtchn_upcall_mask, 0);
    barrier();
    if (READ_ONCE(v->evtchn_upcall_pending))
        evtchn_kick();
}

void evtchn_upcalls_off(void)
{
    WRITE_ONCE(evtchn_vcpu()->evtchn_upcall_mask, 1);
    barrier();
}

static uint64_t port_bit(evtchn_port_t port)
{
    return 1ULL << (port % EVTCHN_WORD_BITS);
}

bool evtchn_is_pending(evtchn_port_t port)
{
    return READ_ONCE(shared->evtchn_pending[port / EVTCHN_WORD_BITS]) & port_bit(port);
}

bool evtchn_is_masked(evtchn_port_t port)
{
    return READ_ONCE(shared->evtchn_mask[port / EVTCHN_WORD_BITS]) & port_bit(port);
}

bool evtchn_sel_is_set(evtchn_port_t port)
{
    return READ_ONCE(evtchn_vcpu()->evtchn_pending_sel) &
           (1ULL << (port / EVTCHN_WORD_BITS));
}

/* The hypervisor sets bits in the same words concurrently: locked RMWs only. */
void evtchn_set_mask(evtchn_port_t port)
{
    __atomic_fetch_or(&shared->evtchn_mask[port / EVTCHN_WORD_BITS], port_bit(port),
                      __ATOMIC_SEQ_CST);
}

void evtchn_clear_mask(evtchn_port_t port)
{
    __atomic_fetch_and(&shared->evtchn_mask[port / EVTCHN_WORD_BITS], ~port_bit(port),
                       __ATOMIC_SEQ_CST);
}

void evtchn_clear_pending(evtchn_port_t port)
{
    __atomic_fetch_and(&shared->evtchn_pending[port / EVTCHN_WORD_BITS],
                       ~port_bit(port), __ATOMIC_SEQ_CST);
}

void evtchn_clear_all(void)
{
    struct vcpu_info *v = evtchn_vcpu();

    WRITE_ONCE(v->evtchn_upcall_pending, 0);
    __atomic_store_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    for (unsigned int w = 0; w < ARRAY_SIZE(shared->evtchn_pending); w++)
        __atomic_store_n(&shared->evtchn_pending[w], 0, __ATOMIC_SEQ_CST);
}

/*
 * Called by evtchn_callback_entry with the interrupted context; upcalls
 * are masked (the hypervisor set the mask when it bounced). The scan
 * repeats while the hypervisor flags more work, as a PV kernel's does.
 */
void evtchn_dispatch(struct trap_frame *f)
{
    struct vcpu_info *v = evtchn_vcpu();
    unsigned int handled = 0;
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    evtchn_log.tsc = ((uint64_t)hi << 32) | lo;
    __atomic_fetch_add(&evtchn_log.upcalls, 1, __ATOMIC_SEQ_CST);
    evtchn_log.mask_in_handler = READ_ONCE(v->evtchn_upcall_mask);
    evtchn_log.saved_mask = (uint8_t)(f->cs >> 32);
    evtchn_log.rip = f->rip;
    evtchn_log.cs = f->cs & 0xffff;
    evtchn_log.rflags = f->rflags;

    while (READ_ONCE(v->evtchn_upcall_pending)) {
        uint64_t sel;

        WRITE_ONCE(v->evtchn_upcall_pending, 0);
        sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
        while (sel) {
            unsigned int w = (unsigned int)__builtin_ctzll(sel);
            uint64_t bits;

            sel &= sel - 1;
            bits = READ_ONCE(shared->evtchn_pending[w]) &
                   ~READ_ONCE(shared->evtchn_mask[w]);
            while (bits) {
                unsigned int b = (unsigned int)__builtin_ctzll(bits);
                evtchn_port_t port = w * EVTCHN_WORD_BITS + b;

                bits &= bits - 1;
                evtchn_clear_pending(port);
                evtchn_port_cpu[port] = (uint8_t)smp_cpu();
                /* Atomic: several vCPUs may handle ports at once. */
                __atomic_fetch_add(&evtchn_count[port], 1, __ATOMIC_SEQ_CST);
                __atomic_fetch_add(&evtchn_log.events, 1, __ATOMIC_SEQ_CST);
                evtchn_log.last_port = port;
                handled++;
            }
        }
    }
    if (!handled)
        evtchn_log.empty++;
    /* Resume with a plain IRETQ (the flags word of the iret_context). */
    f->iret_flags = 0;
}

long evtchn_alloc_unbound(domid_t dom, domid_t remote_dom, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = remote_dom };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    if (rc == 0 && port)
        *port = op.port;
    return rc;
}

long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
                             evtchn_port_t *local_port)
{
    struct evtchn_bind_interdomain op = {
        .remote_dom = remote_dom,
        .remote_port = remote_port,
    };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);

    if (rc == 0 && local_port)
        *local_port = op.local_port;
    return rc;
}

long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

    if (rc == 0 && port)
        *port = op.port;
    return rc;
}

long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_ipi op = { .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);

    if (rc == 0 && port)
        *port = op.port;
    return rc;
}

long evtchn_bind_pirq(uint32_t pirq, uint32_t flags, evtchn_port_t *port)
{
    struct evtchn_bind_pirq op = { .pirq = pirq, .flags = flags };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &op);

    if (rc == 0 && port)
        *port = op.port;
    return rc;
}

long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu op = { .port = port, .vcpu = vcpu };

    return HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &op);
}

long evtchn_send(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

long evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

long evtchn_reset(domid_t dom)
{
    struct evtchn_reset op = { .dom = dom };

    return HYPERVISOR_event_channel_op(EVTCHNOP_reset, &op);
}

long evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    /* Poisoned, so that OUT fields the hypervisor leaves alone show. */
    memset(st, 0xff, sizeof(*st));
    st->dom = dom;
    st->pad = 0;
    st->port = port;
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

static const char *const status_names[] = {
    "closed", "unbound", "interdomain", "pirq", "virq", "ipi",
};

static const char *status_name(uint32_t status)
{
    return status < ARRAY_SIZE(status_names) ? status_names[status] : "?";
}

void evtchn_check_status(const char *what, evtchn_port_t port, uint32_t status,
                         uint32_t vcpu, domid_t dom, uint32_t arg)
{
    struct evtchn_status st;
    long rc = evtchn_status(DOMID_SELF, port, &st);

    if (rc) {
        test_fail("%s: status of port %u returned %ld, expected 0", what, port, rc);
        return;
    }
    if (st.status != status) {
        test_fail("%s: port %u status %u (%s), expected %u (%s)", what, port,
                  st.status, status_name(st.status), status, status_name(status));
        return;
    }
    if (st.vcpu != vcpu)
        test_fail("%s: port %u notifies vCPU %u, expected %u", what, port, st.vcpu, vcpu);
    switch (status) {
    case EVTCHNSTAT_unbound:
        if (st.u.unbound.dom != dom)
            test_fail("%s: unbound port %u for domain %u, expected %u", what, port,
                      st.u.unbound.dom, dom);
        break;
    case EVTCHNSTAT_interdomain:
        if (st.u.interdomain.dom != dom || st.u.interdomain.port != arg)
            test_fail("%s: port %u connected to domain %u port %u, expected "
                      "domain %u port %u", what, port, st.u.interdomain.dom,
                      st.u.interdomain.port, dom, arg);
        break;
    case EVTCHNSTAT_virq:
        if (st.u.virq != arg)
            test_fail("%s: port %u bound to VIRQ %u, expected %u", what, port,
                      st.u.virq, arg);
        break;
    default:
        break;
    }
}
