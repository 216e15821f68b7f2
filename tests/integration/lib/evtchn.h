/* SPDX-License-Identifier: MIT */
/*
 * Test-guest event channels: the event callback, the 2-level bitmaps and
 * EVTCHNOP wrappers.
 *
 * evtchn_init() maps shared_info and registers evtchn_callback_entry
 * (evtchn_entry.S) as the CALLBACKTYPE_event callback. Upcalls stay masked
 * (vcpu_info.evtchn_upcall_mask = 1, as at boot) until the test calls
 * evtchn_upcalls_on().
 *
 * The callback does what a PV kernel does (PV-ABI-NOTES 4.3, 8.2): clear
 * evtchn_upcall_pending, take evtchn_pending_sel, and for every word it
 * names handle the ports that are pending and not masked, clearing each
 * pending bit. Masked pending ports are left as they are. For every port
 * handled it counts evtchn_count[port]; each entry of the callback is
 * recorded in evtchn_log. It returns through HYPERVISOR_iret, whose
 * RFLAGS.IF (set: events were unmasked when the upcall came) unmasks
 * upcalls again.
 *
 * With several vCPUs (smp.h) each runs the same callback on its own
 * vcpu_info (evtchn_vcpu() is the caller's); evtchn_count and the event
 * totals of evtchn_log are counted atomically, the other evtchn_log fields
 * describe whichever entry came last, and evtchn_port_cpu says which vCPU
 * handled each port last. evtchn_init() is vCPU 0's: other vCPUs get the
 * callback in their initial context.
 */
#ifndef GUEST_EVTCHN_H
#define GUEST_EVTCHN_H

#include <stdbool.h>
#include <stdint.h>
#include <public/event_channel.h>
#include "traps.h"

/* Ports of the 2-level ABI for a 64-bit guest. */
#define EVTCHN_NR_PORTS     4096
#define EVTCHN_WORD_BITS    64

/* evtchn_log - what the event callback has seen since evtchn_log_clear(). */
struct evtchn_log {
    unsigned int upcalls;       /* Entries of the callback. */
    unsigned int events;        /* Ports handled, over all entries. */
    unsigned int empty;         /* Entries that found no port to handle. */
    evtchn_port_t last_port;    /* The port handled last. */
    /* Of the last entry: */
    uint8_t mask_in_handler;    /* vcpu_info.evtchn_upcall_mask on entry. */
    uint8_t saved_mask;         /* Frame CS bits 32-39. */
    uint64_t rip;               /* Interrupted RIP. */
    uint64_t cs;                /* Interrupted CS (bits 0-15). */
    uint64_t rflags;            /* Interrupted RFLAGS. */
    uint64_t tsc;               /* TSC when the callback's C part began. */
};

extern volatile struct evtchn_log evtchn_log;
/* Times each port was handled by the callback. */
extern volatile unsigned int evtchn_count[EVTCHN_NR_PORTS];
/* The vCPU whose callback handled each port last (0 if never). */
extern volatile uint8_t evtchn_port_cpu[EVTCHN_NR_PORTS];

/*
 * evtchn_init - map shared_info and register the event callback. Reports
 * ERROR (test_result) if the hypervisor refuses the callback. Upcalls
 * stay masked.
 */
void evtchn_init(void);

/* evtchn_log_clear - zero evtchn_log and every evtchn_count. */
void evtchn_log_clear(void);

/*
 * evtchn_upcalls_on - clear vcpu_info.evtchn_upcall_mask; if an upcall is
 * already pending, make a harmless hypercall so the hypervisor delivers it
 * on the way back (writing the mask does not trap).
 */
void evtchn_upcalls_on(void);

/* evtchn_upcalls_off - set vcpu_info.evtchn_upcall_mask. */
void evtchn_upcalls_off(void);

/* evtchn_kick - a harmless hypercall: pending upcalls are delivered on return. */
void evtchn_kick(void);

/* The calling vCPU's vcpu_info and the 2-level bitmaps, for tests to inspect. */
struct vcpu_info *evtchn_vcpu(void);
bool evtchn_is_pending(evtchn_port_t port);
bool evtchn_is_masked(evtchn_port_t port);
/* Bit @port / 64 of vcpu_info.evtchn_pending_sel. */
bool evtchn_sel_is_set(evtchn_port_t port);
/* Atomic set/clear of a port's mask or pending bit (guest-side writes). */
void evtchn_set_mask(evtchn_port_t port);
void evtchn_clear_mask(evtchn_port_t port);
void evtchn_clear_pending(evtchn_port_t port);

/*
 * evtchn_clear_all - forget everything the hypervisor has flagged: every
 * pending bit, evtchn_pending_sel and evtchn_upcall_pending. Call with
 * upcalls masked.
 */
void evtchn_clear_all(void);

/*
 * EVTCHNOP wrappers. Each returns the hypercall's result (0 or -XEN_E*);
 * OUT values are stored through the pointer only on success.
 */
long evtchn_alloc_unbound(domid_t dom, domid_t remote_dom, evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
                             evtchn_port_t *local_port);
long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_pirq(uint32_t pirq, uint32_t flags, evtchn_port_t *port);
long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_unmask(evtchn_port_t port);
long evtchn_reset(domid_t dom);
/*
 * EVTCHNOP_status of @port in @dom into @st (IN fields set here, OUT fields
 * poisoned with 0xff before the call).
 */
long evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *st);

/*
 * evtchn_check_status - EVTCHNOP_status of our @port must return 0 with
 * @status and notify vCPU @vcpu; for unbound and interdomain ports also
 * the remote domain @dom, for interdomain ports the remote port @arg, for
 * VIRQ ports the VIRQ @arg. A difference is a test_fail naming @what.
 */
void evtchn_check_status(const char *what, evtchn_port_t port, uint32_t status,
                         uint32_t vcpu, domid_t dom, uint32_t arg);

/* The callback entry (evtchn_entry.S) and its C part. */
void evtchn_callback_entry(void);
void evtchn_dispatch(struct trap_frame *f);

#endif /* GUEST_EVTCHN_H */
