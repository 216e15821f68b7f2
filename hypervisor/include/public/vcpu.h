/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: vcpu_op (hypercall 24): bring vCPUs up and down, per-vCPU
 * timers, runstate and relocating vcpu_info.
 *
 * HYPERVISOR_vcpu_op(cmd, vcpuid, arg): cmd is VCPUOP_*, vcpuid the target
 * vCPU of the calling domain, arg the guest address of the matching struct
 * (or unused). Returns 0 (VCPUOP_is_up: 0 or 1) or a negative XEN_E* value.
 * Numbers and layouts are Xen 4.17's.
 */
#ifndef PUBLIC_VCPU_H
#define PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise                    0  /* Set the initial context; struct vcpu_guest_context. */
#define VCPUOP_up                            1  /* Start an initialised vCPU. */
#define VCPUOP_down                          2  /* Stop a vCPU. */
#define VCPUOP_is_up                         3  /* Returns 1 if running, else 0. */
#define VCPUOP_get_runstate_info             4  /* Fills struct vcpu_runstate_info. */
#define VCPUOP_register_runstate_memory_area 5  /* Keep a runstate copy in guest memory. */
#define VCPUOP_set_periodic_timer            6  /* struct vcpu_set_periodic_timer. */
#define VCPUOP_stop_periodic_timer           7  /* arg unused. */
#define VCPUOP_set_singleshot_timer          8  /* struct vcpu_set_singleshot_timer. */
#define VCPUOP_stop_singleshot_timer         9  /* arg unused. */
#define VCPUOP_register_vcpu_info           10  /* Move vcpu_info; struct vcpu_register_vcpu_info. */
#define VCPUOP_send_nmi                     11  /* Raise an NMI on the vCPU. */
#define VCPUOP_get_physid                   12  /* dom0: struct vcpu_get_physid. */
#define VCPUOP_register_vcpu_time_memory_area 13 /* Keep a vcpu_time_info copy in guest memory. */

/* vcpu_runstate_info.state. */
#define RUNSTATE_running  0  /* Running on a physical CPU. */
#define RUNSTATE_runnable 1  /* Ready, waiting for a CPU. */
#define RUNSTATE_blocked  2  /* Waiting for an event. */
#define RUNSTATE_offline  3  /* Down, or paused by the toolstack. */

/* Bit of state_entry_time set while the hypervisor updates the guest's copy. */
#define XEN_RUNSTATE_UPDATE (PUBLIC_U64(1) << 63)

/* vcpu_set_singleshot_timer.flags: fail with -ETIME if the time has passed. */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLER__

/* vcpu_runstate_info - where a vCPU's time went, in ns of system time. */
struct vcpu_runstate_info {
    int32_t  state;             /* RUNSTATE_* */
    uint32_t pad;
    uint64_t state_entry_time;  /* System time the state was entered. */
    uint64_t time[4];           /* Total time in each RUNSTATE_*. */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
PUBLIC_ASSERT_SIZE(struct vcpu_runstate_info, 48);

/* vcpu_register_runstate_memory_area - guest address of a vcpu_runstate_info. */
struct vcpu_register_runstate_memory_area {
    union {
        uint64_t h;             /* Guest virtual address. */
        uint64_t p;             /* Same, under Xen's other name. */
    } addr;
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
PUBLIC_ASSERT_SIZE(struct vcpu_register_runstate_memory_area, 8);

/* vcpu_set_periodic_timer - VIRQ_TIMER every period_ns. */
struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
PUBLIC_ASSERT_SIZE(struct vcpu_set_periodic_timer, 8);

/* vcpu_set_singleshot_timer - VIRQ_TIMER once, at an absolute system time. */
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;    /* System time, ns. */
    uint32_t flags;             /* VCPU_SSHOTTMR_* */
    uint32_t pad;
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
PUBLIC_ASSERT_SIZE(struct vcpu_set_singleshot_timer, 16);

/* vcpu_register_vcpu_info - place the vCPU's vcpu_info at mfn:offset. */
struct vcpu_register_vcpu_info {
    uint64_t mfn;               /* Frame of the new vcpu_info. */
    uint32_t offset;            /* Offset in the frame; the struct must not cross it. */
    uint32_t rsvd;              /* Zero. */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
PUBLIC_ASSERT_SIZE(struct vcpu_register_vcpu_info, 16);

/* vcpu_get_physid - dom0: the physical CPU ids behind a vCPU. */
struct vcpu_get_physid {
    uint64_t phys_id;           /* APIC id (bits 0-31), ACPI id (bits 32-63). */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
PUBLIC_ASSERT_SIZE(struct vcpu_get_physid, 8);
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

/* vcpu_register_time_memory_area - guest address of a vcpu_time_info copy. */
struct vcpu_register_time_memory_area {
    union {
        uint64_t h;             /* Guest virtual address. */
        uint64_t p;             /* Same, under Xen's other name. */
    } addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
PUBLIC_ASSERT_SIZE(struct vcpu_register_time_memory_area, 8);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_VCPU_H */
