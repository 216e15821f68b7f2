/* SPDX-License-Identifier: MIT */
/*
 * Event channels for the program: it may connect to another domain's port,
 * offer one, signal it, and wait for it to be signalled. Each port the
 * program owns has a counter the upcall advances; uevent_wait() sleeps
 * until it has moved.
 */
#include <errno.h>
#include <pv/evtchn.h>
#include <pv/pv_ops.h>
#include "pvkern.h"

/* The 2-level ABI's ports: a slot per port number. */
#define MAX_PORTS PV_EVTCHN_NR_PORTS

struct uport {
    evtchn_port_t port;         /* 0: slot free */
    volatile uint64_t signalled;
    uint64_t seen;
};

static struct uport ports[MAX_PORTS];

static void signalled(evtchn_port_t port, struct pv_frame *f, void *data)
{
    ((struct uport *)data)->signalled++;
}

static struct uport *slot_of(uint64_t port)
{
    return port && port < MAX_PORTS && ports[port].port ? &ports[port] : NULL;
}

/*
 * Record a port the program now owns. A new interdomain port comes pending
 * (the hypervisor signals the binding): that is not the peer's signal, so
 * it is cleared here, before events are enabled again.
 */
static long own(long port)
{
    struct uport *s;

    if (port <= 0)
        return port;
    if (port >= MAX_PORTS) {
        pv_evtchn_close((evtchn_port_t)port);
        return -ENOSPC;
    }
    s = &ports[port];
    s->port = (evtchn_port_t)port;
    s->signalled = s->seen = 0;
    pv_evtchn_clear((evtchn_port_t)port);
    pv_evtchn_set_handler((evtchn_port_t)port, signalled, s);
    return port;
}

long uevent_alloc_unbound(uint64_t remote_dom)
{
    return own(pv_evtchn_alloc_unbound((domid_t)remote_dom, NULL, NULL));
}

long uevent_bind_interdomain(uint64_t remote_dom, uint64_t remote_port)
{
    return own(pv_evtchn_bind_interdomain((domid_t)remote_dom, (evtchn_port_t)remote_port,
                                          NULL, NULL));
}

long uevent_send(uint64_t port)
{
    return slot_of(port) ? pv_evtchn_send((evtchn_port_t)port) : -EBADF;
}

/* Sleep until @port has been signalled since the last wait; one signal consumed. */
long uevent_wait(uint64_t port)
{
    struct uport *s = slot_of(port);

    if (!s)
        return -EBADF;
    pv_ops.irq.disable();
    while (s->signalled == s->seen) {
        pv_ops.cpu.halt();
        pv_ops.irq.disable();
    }
    s->seen++;
    return 0;
}

long uevent_bind_virq(uint64_t virq)
{
    long port = pv_evtchn_bind_virq((unsigned int)virq, NULL, NULL);

    return own(port);
}

/* Signals on @port since the last poll or wait (all consumed); never sleeps. */
long uevent_poll(uint64_t port)
{
    struct uport *s = slot_of(port);
    uint64_t now;

    if (!s)
        return -EBADF;
    now = s->signalled;
    long n = (long)(now - s->seen);
    s->seen = now;
    return n;
}

long uevent_close(uint64_t port)
{
    struct uport *s = slot_of(port);

    if (!s)
        return -EBADF;
    s->port = 0;
    return pv_evtchn_close((evtchn_port_t)port);
}
