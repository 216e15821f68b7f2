/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: callback_op (hypercall 30), registering the guest entry points
 * the hypervisor bounces to (events, failsafe, syscall, NMI).
 *
 * HYPERVISOR_callback_op(cmd, arg): cmd is CALLBACKOP_*, arg the guest
 * address of the matching struct. Returns 0 or a negative XEN_E* value.
 * Numbers and layouts are Xen 4.17's.
 */
#ifndef PUBLIC_CALLBACK_H
#define PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event               0  /* Event upcall (always masks events). */
#define CALLBACKTYPE_failsafe            1  /* Reloading a segment register failed. */
#define CALLBACKTYPE_syscall             2  /* 64-bit syscall from guest user mode. */
#define CALLBACKTYPE_sysenter_deprecated 3  /* Old number of sysenter. */
#define CALLBACKTYPE_nmi                 4  /* NMI (always masks events). */
#define CALLBACKTYPE_sysenter            5  /* sysenter from 32-bit user mode. */
#define CALLBACKTYPE_syscall32           7  /* syscall from 32-bit user mode. */

/* Bit: mask events (evtchn_upcall_mask) when entering the callback. */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events  (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register   0  /* arg: struct callback_register. */
#define CALLBACKOP_unregister 1  /* arg: struct callback_unregister (NMI only). */

#ifndef __ASSEMBLER__

/* callback_register - set the entry point of one callback type. */
struct callback_register {
    uint16_t type;              /* CALLBACKTYPE_* */
    uint16_t flags;             /* CALLBACKF_* */
    uint32_t pad;
    xen_callback_t address;     /* Entry point (canonical). */
};
typedef struct callback_register callback_register_t;
PUBLIC_ASSERT_SIZE(struct callback_register, 16);

/* callback_unregister - remove a callback (only the NMI one may go). */
struct callback_unregister {
    uint16_t type;              /* CALLBACKTYPE_* */
    uint16_t pad;
};
typedef struct callback_unregister callback_unregister_t;
PUBLIC_ASSERT_SIZE(struct callback_unregister, 4);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_CALLBACK_H */
