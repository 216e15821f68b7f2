/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: sched_op (hypercall 29): yield, block, poll and shutdown.
 *
 * HYPERVISOR_sched_op(cmd, arg): cmd is SCHEDOP_*, arg the guest address
 * of the matching struct (or unused). Returns 0 or a negative XEN_E* value;
 * SCHEDOP_shutdown does not return unless the reason is SHUTDOWN_suspend.
 * Numbers and layouts are Xen 4.17's.
 */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include "event_channel.h"

#define SCHEDOP_yield           0  /* Give up the CPU; arg unused. */
#define SCHEDOP_block           1  /* Unmask events, sleep until one is deliverable. */
#define SCHEDOP_shutdown        2  /* Stop the domain; arg: struct sched_shutdown. */
#define SCHEDOP_poll            3  /* Sleep until a port is pending; struct sched_poll. */
#define SCHEDOP_remote_shutdown 4  /* Stop another domain; struct sched_remote_shutdown. */
#define SCHEDOP_shutdown_code   5  /* Record a reason for a later shutdown. */
#define SCHEDOP_watchdog        6  /* Arm/disarm a watchdog; struct sched_watchdog. */
#define SCHEDOP_pin_override    7  /* dom0: pin to a CPU; struct sched_pin_override. */

/* Shutdown reasons (sched_shutdown.reason). */
#define SHUTDOWN_poweroff   0  /* Exited normally: destroy. */
#define SHUTDOWN_reboot     1  /* Destroy and start again. */
#define SHUTDOWN_suspend    2  /* Save state, then destroy (may return: resumed). */
#define SHUTDOWN_crash      3  /* The guest crashed. */
#define SHUTDOWN_watchdog   4  /* The watchdog expired. */
#define SHUTDOWN_soft_reset 5  /* Reset, keeping memory. */
#define SHUTDOWN_MAX        5  /* Highest valid reason. */

#ifndef __ASSEMBLER__

/* sched_shutdown - argument of SCHEDOP_shutdown and SCHEDOP_shutdown_code. */
struct sched_shutdown {
    uint32_t reason;            /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
PUBLIC_ASSERT_SIZE(struct sched_shutdown, 4);

/* sched_poll - block until one of the ports is pending or the timeout passes. */
struct sched_poll {
    uint64_t ports;             /* Guest address of evtchn_port_t[nr_ports]. */
    uint32_t nr_ports;          /* At most 128. */
    uint32_t pad;
    uint64_t timeout;           /* Absolute system time in ns; 0: none. */
};
typedef struct sched_poll sched_poll_t;
PUBLIC_ASSERT_SIZE(struct sched_poll, 24);

/* sched_remote_shutdown - shut down another domain (privileged). */
struct sched_remote_shutdown {
    domid_t  domain_id;         /* The domain. */
    uint16_t pad;
    uint32_t reason;            /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
PUBLIC_ASSERT_SIZE(struct sched_remote_shutdown, 8);

/* sched_watchdog - id 0 creates a watchdog; timeout 0 destroys one. */
struct sched_watchdog {
    uint32_t id;                /* Watchdog id, or 0 for a new one. */
    uint32_t timeout;           /* Seconds. */
};
typedef struct sched_watchdog sched_watchdog_t;
PUBLIC_ASSERT_SIZE(struct sched_watchdog, 8);

/* sched_pin_override - dom0: temporarily pin the vCPU to pcpu (-1: undo). */
struct sched_pin_override {
    int32_t pcpu;
};
typedef struct sched_pin_override sched_pin_override_t;
PUBLIC_ASSERT_SIZE(struct sched_pin_override, 4);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_SCHED_H */
