/* SPDX-License-Identifier: MIT */
/*
 * System time and guest timers. System time is nanoseconds since the
 * hypervisor calibrated the TSC; guests see it through vcpu_info.time
 * (pvclock: ns = system_time + scaled(tsc - tsc_timestamp)). A vCPU has one
 * single-shot timer (set_timer_op); when it expires, VIRQ_TIMER is raised.
 */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <hv/types.h>

struct vcpu;

/* time_init - fix the TSC-to-ns scale (after TSC calibration). */
void time_init(void);

/* now_ns - system time in ns. */
uint64_t now_ns(void);

/* time_update_vcpu - publish the current time in @v's vcpu_info. */
void time_update_vcpu(struct vcpu *v);

/* timer_check - raise VIRQ_TIMER for every vCPU whose timer has expired. */
void timer_check(void);

/* timer_next - ns until the earliest armed timer (UINT64_MAX if none). */
uint64_t timer_next(void);

#endif /* HV_TIME_H */
