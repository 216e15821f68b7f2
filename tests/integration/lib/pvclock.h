/* SPDX-License-Identifier: MIT */
/* Test-guest system time: the hypervisor's pvclock in vcpu_info.time. */
#ifndef GUEST_PVCLOCK_H
#define GUEST_PVCLOCK_H

#include <stdint.h>

/*
 * pvclock_now - system time in ns: system_time + the TSC delta since
 * tsc_timestamp scaled by tsc_shift and tsc_to_system_mul, retried while
 * the version is odd or changes (PV-ABI fact sheet; public/xen.h). Needs
 * shared_info mapped (evtchn_init).
 */
uint64_t pvclock_now(void);

/* pvclock_at_tsc - the system time a TSC value read earlier stands for. */
uint64_t pvclock_at_tsc(uint64_t tsc);

#endif /* GUEST_PVCLOCK_H */
