/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: event_channel_op (hypercall 32), binding and signalling event
 * channel ports; the 2-level pending/mask bitmaps live in shared_info.
 *
 * HYPERVISOR_event_channel_op(cmd, arg): cmd is EVTCHNOP_*, arg the guest
 * address of the matching struct (IN fields read, OUT fields written).
 * Returns 0 or a negative XEN_E* value. The old hypercall 16 takes one
 * struct evtchn_op holding cmd and the same structs.
 * Numbers and layouts are Xen 4.17's.
 */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0  /* Connect to a remote domain's unbound port. */
#define EVTCHNOP_bind_virq        1  /* Bind a VIRQ_* to a new port on a vCPU. */
#define EVTCHNOP_bind_pirq        2  /* Bind a physical IRQ to a new port. */
#define EVTCHNOP_close            3  /* Free a port (the peer reverts to unbound). */
#define EVTCHNOP_send             4  /* Signal the other end of a port. */
#define EVTCHNOP_status           5  /* Describe a port. */
#define EVTCHNOP_alloc_unbound    6  /* New port that a given domain may connect to. */
#define EVTCHNOP_bind_ipi         7  /* New port that signals the caller's vCPU. */
#define EVTCHNOP_bind_vcpu        8  /* Deliver a port to another vCPU. */
#define EVTCHNOP_unmask           9  /* Clear a port's mask bit and redeliver. */
#define EVTCHNOP_reset           10  /* Close all ports of a domain. */
#define EVTCHNOP_init_control    11  /* FIFO ABI: register a control block. */
#define EVTCHNOP_expand_array    12  /* FIFO ABI: add an event array page. */
#define EVTCHNOP_set_priority    13  /* FIFO ABI: set a port's priority. */

/* evtchn_bind_pirq.flags: the IRQ may be shared with other domains. */
#define BIND_PIRQ__WILL_SHARE 1

/* evtchn_status.status. */
#define EVTCHNSTAT_closed      0  /* Not in use. */
#define EVTCHNSTAT_unbound     1  /* Waiting for a remote domain to bind. */
#define EVTCHNSTAT_interdomain 2  /* Connected to a remote port. */
#define EVTCHNSTAT_pirq        3  /* Bound to a physical IRQ. */
#define EVTCHNSTAT_virq        4  /* Bound to a VIRQ. */
#define EVTCHNSTAT_ipi         5  /* Bound to an IPI. */

/* Ports of the 2-level ABI with 64-bit words: 64 words x 64 bits. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/* FIFO ABI constants (pvisor implements the 2-level ABI; kept for reference). */
#define EVTCHN_FIFO_PRIORITY_MAX     0   /* Highest priority. */
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7   /* Priority of a new port. */
#define EVTCHN_FIFO_PRIORITY_MIN     15  /* Lowest priority. */
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)
#define EVTCHN_FIFO_PENDING          31  /* Event word bits. */
#define EVTCHN_FIFO_MASKED           30
#define EVTCHN_FIFO_LINKED           29
#define EVTCHN_FIFO_BUSY             28
#define EVTCHN_FIFO_LINK_BITS        17  /* Bits of the link field. */
#define EVTCHN_FIFO_LINK_MASK        ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS      (1 << EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLER__

/* An event channel port number. */
typedef uint32_t evtchn_port_t;

/* evtchn_alloc_unbound - new port in dom that remote_dom may bind to. */
struct evtchn_alloc_unbound {
    domid_t dom;                /* IN: owner of the new port (DOMID_SELF). */
    domid_t remote_dom;         /* IN: who may connect (DOMID_SELF: the caller). */
    evtchn_port_t port;         /* OUT: the new port. */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;
PUBLIC_ASSERT_SIZE(struct evtchn_alloc_unbound, 8);

/* evtchn_bind_interdomain - connect a new local port to a remote unbound one. */
struct evtchn_bind_interdomain {
    domid_t remote_dom;         /* IN */
    uint16_t pad;
    evtchn_port_t remote_port;  /* IN */
    evtchn_port_t local_port;   /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;
PUBLIC_ASSERT_SIZE(struct evtchn_bind_interdomain, 12);

/* evtchn_bind_virq - bind VIRQ virq on vCPU vcpu to a new port. */
struct evtchn_bind_virq {
    uint32_t virq;              /* IN: VIRQ_* */
    uint32_t vcpu;              /* IN: 0 for global VIRQs. */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;
PUBLIC_ASSERT_SIZE(struct evtchn_bind_virq, 12);

/* evtchn_bind_pirq - bind physical IRQ pirq to a new port. */
struct evtchn_bind_pirq {
    uint32_t pirq;              /* IN */
    uint32_t flags;             /* IN: BIND_PIRQ__* */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;
PUBLIC_ASSERT_SIZE(struct evtchn_bind_pirq, 12);

/* evtchn_bind_ipi - new port that, when sent, signals vCPU vcpu. */
struct evtchn_bind_ipi {
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;
PUBLIC_ASSERT_SIZE(struct evtchn_bind_ipi, 8);

/* evtchn_close - free a port of the caller. */
struct evtchn_close {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_close evtchn_close_t;
PUBLIC_ASSERT_SIZE(struct evtchn_close, 4);

/* evtchn_send - signal the other end of a port. */
struct evtchn_send {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_send evtchn_send_t;
PUBLIC_ASSERT_SIZE(struct evtchn_send, 4);

/* evtchn_status - state of port in dom. */
struct evtchn_status {
    domid_t dom;                /* IN: DOMID_SELF, or any domain for dom0. */
    uint16_t pad;
    evtchn_port_t port;         /* IN */
    uint32_t status;            /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;              /* OUT: vCPU the port notifies. */
    union {
        struct {
            domid_t dom;        /* Who may bind. */
        } unbound;              /* EVTCHNSTAT_unbound */
        struct {
            domid_t dom;        /* Remote domain. */
            uint16_t pad;
            evtchn_port_t port; /* Remote port. */
        } interdomain;          /* EVTCHNSTAT_interdomain */
        uint32_t pirq;          /* EVTCHNSTAT_pirq */
        uint32_t virq;          /* EVTCHNSTAT_virq */
    } u;                        /* OUT */
};
typedef struct evtchn_status evtchn_status_t;
PUBLIC_ASSERT_SIZE(struct evtchn_status, 24);

/* evtchn_bind_vcpu - deliver port to vCPU vcpu from now on. */
struct evtchn_bind_vcpu {
    evtchn_port_t port;         /* IN */
    uint32_t vcpu;              /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;
PUBLIC_ASSERT_SIZE(struct evtchn_bind_vcpu, 8);

/* evtchn_unmask - clear port's mask bit; a pending event is then delivered. */
struct evtchn_unmask {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;
PUBLIC_ASSERT_SIZE(struct evtchn_unmask, 4);

/* evtchn_reset - close every port of dom. */
struct evtchn_reset {
    domid_t dom;                /* IN: DOMID_SELF, or any domain for dom0. */
};
typedef struct evtchn_reset evtchn_reset_t;
PUBLIC_ASSERT_SIZE(struct evtchn_reset, 2);

/* evtchn_init_control - FIFO ABI: the control block of a vCPU. */
struct evtchn_init_control {
    uint64_t control_gfn;       /* IN: frame holding the control block. */
    uint32_t offset;            /* IN: its offset in the frame. */
    uint32_t vcpu;              /* IN */
    uint8_t  link_bits;         /* OUT: EVTCHN_FIFO_LINK_BITS. */
    uint8_t  pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;
PUBLIC_ASSERT_SIZE(struct evtchn_init_control, 24);

/* evtchn_expand_array - FIFO ABI: one more page of event words. */
struct evtchn_expand_array {
    uint64_t array_gfn;         /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;
PUBLIC_ASSERT_SIZE(struct evtchn_expand_array, 8);

/* evtchn_set_priority - FIFO ABI: priority of a port. */
struct evtchn_set_priority {
    evtchn_port_t port;         /* IN */
    uint32_t priority;          /* IN: EVTCHN_FIFO_PRIORITY_* range. */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;
PUBLIC_ASSERT_SIZE(struct evtchn_set_priority, 8);

/* evtchn_op - argument of the old hypercall 16: a command and its struct. */
struct evtchn_op {
    uint32_t cmd;               /* EVTCHNOP_* */
    union {
        struct evtchn_alloc_unbound     alloc_unbound;
        struct evtchn_bind_interdomain  bind_interdomain;
        struct evtchn_bind_virq         bind_virq;
        struct evtchn_bind_pirq         bind_pirq;
        struct evtchn_bind_ipi          bind_ipi;
        struct evtchn_close             close;
        struct evtchn_send              send;
        struct evtchn_status            status;
        struct evtchn_bind_vcpu         bind_vcpu;
        struct evtchn_unmask            unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
PUBLIC_ASSERT_SIZE(struct evtchn_op, 28);

/* FIFO ABI: one event word. */
typedef uint32_t event_word_t;

/* evtchn_fifo_control_block - FIFO ABI: per-vCPU queue heads. */
struct evtchn_fifo_control_block {
    uint32_t ready;             /* Bit q: queue q is not empty. */
    uint32_t rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES]; /* First port of each queue. */
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;
PUBLIC_ASSERT_SIZE(struct evtchn_fifo_control_block, 72);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_EVENT_CHANNEL_H */
