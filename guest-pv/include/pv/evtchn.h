/* SPDX-License-Identifier: MIT */
/*
 * Event channels, the PV replacement for interrupts (2-level ABI).
 *
 * A port is bound to a source (a VIRQ such as the timer, another domain's
 * port, an IPI) and gets a handler here. When the hypervisor sets a port
 * pending it raises an upcall; pv_evtchn_dispatch() (the kernel's event
 * hook) clears and runs the handler of each pending, unmasked port. Ports
 * start unmasked; a handler runs with events masked.
 */
#ifndef PV_EVTCHN_H
#define PV_EVTCHN_H

#include <pv/defs.h>
#include <pv/frame.h>
#include <public/event_channel.h>

#define PV_EVTCHN_NR_PORTS  4096

typedef void (*pv_evtchn_handler_t)(evtchn_port_t port, struct pv_frame *f, void *data);

/* pv_evtchn_init - forget every handler; mask nothing. Call after pv_boot_init(). */
void pv_evtchn_init(void);

/*
 * Bind a new port and attach @handler (called with @data). Return the
 * port (> 0) or a negative error from EVTCHNOP_*.
 */
long pv_evtchn_bind_virq(unsigned int virq, pv_evtchn_handler_t handler, void *data);
long pv_evtchn_bind_ipi(pv_evtchn_handler_t handler, void *data);
long pv_evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
                                pv_evtchn_handler_t handler, void *data);
/* A port @remote_dom may bind to (then pass it the number, e.g. in xenstore). */
long pv_evtchn_alloc_unbound(domid_t remote_dom, pv_evtchn_handler_t handler, void *data);

/* pv_evtchn_set_handler - attach @handler to an already bound @port. */
void pv_evtchn_set_handler(evtchn_port_t port, pv_evtchn_handler_t handler, void *data);

/* pv_evtchn_close - unbind @port and drop its handler. */
long pv_evtchn_close(evtchn_port_t port);

/* pv_evtchn_send - signal the other end of @port. */
long pv_evtchn_send(evtchn_port_t port);

void pv_evtchn_mask(evtchn_port_t port);
/* Unmask; an event that came in while masked is delivered (EVTCHNOP_unmask). */
void pv_evtchn_unmask(evtchn_port_t port);
bool pv_evtchn_is_pending(evtchn_port_t port);
void pv_evtchn_clear(evtchn_port_t port);

/* pv_evtchn_dispatch - the event hook: run the handlers of pending ports. */
void pv_evtchn_dispatch(struct pv_frame *f);

/* Upcalls handled since boot (for statistics and tests). */
extern volatile uint64_t pv_evtchn_upcalls;

#endif /* PV_EVTCHN_H */
