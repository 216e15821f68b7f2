/* SPDX-License-Identifier: MIT */
/*
 * Event channels, 2-level ABI: per-domain ports, binding and delivery.
 *
 * A port is free, unbound (waiting for a named remote domain), interdomain
 * (connected to a port of another domain, or of the same one), bound to a
 * VIRQ of a vCPU, or an IPI to a vCPU. Delivery sets the port's bit in
 * shared_info.evtchn_pending, and unless the port is masked, the word's bit
 * in the notified vCPU's evtchn_pending_sel and its evtchn_upcall_pending;
 * the upcall itself happens on the way back into that guest.
 */
#ifndef HV_EVTCHN_H
#define HV_EVTCHN_H

#include <hv/types.h>

struct domain;
struct vcpu;

#define EVTCHN_2L_NR_PORTS  4096    /* 64 words of 64 bits */
#define EVTCHN_DOM0_MAX     (EVTCHN_2L_NR_PORTS - 1)
#define EVTCHN_DOMU_MAX     1023    /* xl's default max_event_channels */

#define ECS_FREE        0
#define ECS_UNBOUND     1
#define ECS_INTERDOMAIN 2
#define ECS_PIRQ        3
#define ECS_VIRQ        4
#define ECS_IPI         5

struct evtchn {
    uint8_t state;              /* ECS_* */
    uint16_t notify_vcpu;       /* vCPU id that gets the upcall */
    uint16_t remote_domid;      /* unbound: who may bind; interdomain: peer */
    uint32_t remote_port;       /* interdomain: peer port */
    uint32_t virq;              /* VIRQ: its number */
    uint16_t virq_vcpu;         /* VIRQ: whose virq_to_port[] holds it */
};

/* evtchn_domain_init - give @d its port table (@max_port ports usable). */
int evtchn_domain_init(struct domain *d, unsigned int max_port) __must_check;

/* evtchn_dump - log @d's ports in use: state, pending, masked, peer (debug key 'e'). */
void evtchn_dump(const struct domain *d);

/* evtchn_domain_close_all - close every port of @d (destroy, reset). */
void evtchn_domain_close_all(struct domain *d);

/* evtchn_send_virq - raise @virq on @v if a port is bound to it. */
void evtchn_send_virq(struct vcpu *v, unsigned int virq);

/* evtchn_domain_free - free @d's port table (after evtchn_domain_close_all). */
void evtchn_domain_free(struct domain *d);

/* evtchn_deliverable - does @v have an upcall it would take now? */
bool evtchn_deliverable(const struct vcpu *v);

/* evtchn_port_poll - is @port of @d pending (1/0)? -EINVAL if no such port. */
int evtchn_port_poll(struct domain *d, uint64_t port);

/* evtchn_ports_in_use - ports of @d not free (port 0 excluded). */
unsigned int evtchn_ports_in_use(const struct domain *d);

#endif /* HV_EVTCHN_H */
