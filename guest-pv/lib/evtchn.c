/* SPDX-License-Identifier: MIT */
/* Event channels: binding, per-port handlers, masks and the upcall scan. */
#include <pv/boot.h>
#include <pv/evtchn.h>
#include <pv/hypercall.h>
#include <pv/pv_ops.h>
#include <public/version.h>

#define WORD_BITS 64

struct port_handler {
    pv_evtchn_handler_t fn;
    void *data;
};

static struct port_handler handlers[PV_EVTCHN_NR_PORTS];
volatile uint64_t pv_evtchn_upcalls;

void pv_evtchn_init(void)
{
    for (unsigned int p = 0; p < PV_EVTCHN_NR_PORTS; p++)
        handlers[p] = (struct port_handler){ 0 };
}

void pv_evtchn_set_handler(evtchn_port_t port, pv_evtchn_handler_t handler, void *data)
{
    if (port >= PV_EVTCHN_NR_PORTS)
        return;
    /* The upcall reads both fields: change them with upcalls off. */
    unsigned long flags = pv_ops.irq.save();

    pv_ops.irq.disable();
    handlers[port] = (struct port_handler){ .fn = handler, .data = data };
    pv_ops.irq.restore(flags);
}

/* Attach the handler to the port an EVTCHNOP just returned (or pass the error on). */
static long bound(long rc, evtchn_port_t port, pv_evtchn_handler_t handler, void *data)
{
    if (rc)
        return rc;
    pv_evtchn_set_handler(port, handler, data);
    return port;
}

long pv_evtchn_bind_virq(unsigned int virq, pv_evtchn_handler_t handler, void *data)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = 0 };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

    return bound(rc, op.port, handler, data);
}

long pv_evtchn_bind_ipi(pv_evtchn_handler_t handler, void *data)
{
    struct evtchn_bind_ipi op = { .vcpu = 0 };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);

    return bound(rc, op.port, handler, data);
}

long pv_evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
                                pv_evtchn_handler_t handler, void *data)
{
    struct evtchn_bind_interdomain op = {
        .remote_dom = remote_dom,
        .remote_port = remote_port,
    };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);

    return bound(rc, op.local_port, handler, data);
}

long pv_evtchn_alloc_unbound(domid_t remote_dom, pv_evtchn_handler_t handler, void *data)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote_dom };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    return bound(rc, op.port, handler, data);
}

long pv_evtchn_close(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };

    pv_evtchn_set_handler(port, NULL, NULL);
    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

long pv_evtchn_send(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

static inline uint64_t bit(evtchn_port_t port)
{
    return 1ULL << (port % WORD_BITS);
}

/* The hypervisor sets bits in the same words at any time: atomic updates only. */
void pv_evtchn_mask(evtchn_port_t port)
{
    __atomic_fetch_or(&pv_boot.shared->evtchn_mask[port / WORD_BITS], bit(port),
                      __ATOMIC_SEQ_CST);
}

void pv_evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask op = { .port = port };

    /*
     * Clearing the bit alone would lose an event that came while masked:
     * the hypervisor only raises the upcall for it on EVTCHNOP_unmask.
     */
    (void)HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

bool pv_evtchn_is_pending(evtchn_port_t port)
{
    return PV_READ_ONCE(pv_boot.shared->evtchn_pending[port / WORD_BITS]) & bit(port);
}

void pv_evtchn_clear(evtchn_port_t port)
{
    __atomic_fetch_and(&pv_boot.shared->evtchn_pending[port / WORD_BITS], ~bit(port),
                       __ATOMIC_SEQ_CST);
}

/*
 * The upcall: events are masked (the hypervisor set evtchn_upcall_mask).
 * Clear upcall_pending first, then take the selector word: anything the
 * hypervisor flags after that raises upcall_pending again and the outer
 * loop goes round once more, so nothing is lost.
 */
void pv_evtchn_dispatch(struct pv_frame *f)
{
    struct shared_info *s = pv_boot.shared;
    struct vcpu_info *v = pv_vcpu();

    pv_evtchn_upcalls++;
    while (PV_READ_ONCE(v->evtchn_upcall_pending)) {
        uint64_t sel;

        PV_WRITE_ONCE(v->evtchn_upcall_pending, 0);
        sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
        while (sel) {
            unsigned int w = (unsigned int)__builtin_ctzll(sel);
            uint64_t ready;

            sel &= sel - 1;
            ready = PV_READ_ONCE(s->evtchn_pending[w]) & ~PV_READ_ONCE(s->evtchn_mask[w]);
            while (ready) {
                evtchn_port_t port = w * WORD_BITS + (unsigned int)__builtin_ctzll(ready);
                struct port_handler h = handlers[port];

                ready &= ready - 1;
                pv_evtchn_clear(port);
                if (h.fn)
                    h.fn(port, f, h.data);
            }
        }
    }
}
