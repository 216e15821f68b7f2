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

#define MAX_PORTS 16

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
    for (unsigned int i = 0; i < MAX_PORTS; i++)
        if (ports[i].port && ports[i].port == port)
            return &ports[i];
    return NULL;
}

/*
 * Record a port the program now owns. A new interdomain port comes pending
 * (the hypervisor signals the binding): that is not the peer's signal, so
 * it is cleared here, before events are enabled again.
 */
static long own(long port)
{
    for (unsigned int i = 0; port > 0 && i < MAX_PORTS; i++) {
        if (ports[i].port)
            continue;
        ports[i].port = (evtchn_port_t)port;
        ports[i].signalled = ports[i].seen = 0;
        pv_evtchn_clear((evtchn_port_t)port);
        pv_evtchn_set_handler((evtchn_port_t)port, signalled, &ports[i]);
        return port;
    }
    return port > 0 ? -ENOSPC : port;
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
