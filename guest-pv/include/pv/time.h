/* SPDX-License-Identifier: MIT */
/*
 * PV time: the pvclock in vcpu_info.time and the wallclock in shared_info.
 *
 * System time is nanoseconds since the hypervisor booted, extrapolated from
 * the TSC with the scale the hypervisor publishes; set_timer_op deadlines
 * use the same scale. Readers follow the version protocol (odd = update in
 * progress, retry if it changed).
 */
#ifndef PV_TIME_H
#define PV_TIME_H

#include <pv/defs.h>

/* pv_clock_ns - system time now, in ns. */
uint64_t pv_clock_ns(void);

/* pv_wallclock - time of day (since the epoch) at system time 0. */
void pv_wallclock(uint64_t *sec, uint32_t *nsec);

/* pv_timer_arm - VIRQ_TIMER at @deadline_ns (system time); 0 cancels. */
long pv_timer_arm(uint64_t deadline_ns);

#endif /* PV_TIME_H */
