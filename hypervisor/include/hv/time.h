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
struct domain;

/* time_init - fix the TSC-to-ns scale (after TSC calibration). */
void time_init(void);

/* now_ns - system time in ns. */
uint64_t now_ns(void);

/* time_update_vcpu - publish the current time in @v's vcpu_info. */
void time_update_vcpu(struct vcpu *v);

/*
 * timer_set_singleshot - arm @v's single-shot timer at system time
 * @timeout (0 stops it); a time already past fires at once. @future
 * (VCPU_SSHOTTMR_future) is ignored, as by Xen 4.17. Returns 0.
 */
long timer_set_singleshot(struct vcpu *v, uint64_t timeout, bool future);

/*
 * timer_set_periodic - VIRQ_TIMER every @period_ns on @v (0: off), while
 * @v runs: a tick already due is sent at once.
 */
void timer_set_periodic(struct vcpu *v, uint64_t period_ns);

/*
 * timer_periodic_in, timer_periodic_out - @v starts running on this CPU
 * (the tick that fell due while it did not is sent, once; the timer is
 * armed here), or stops running (the timer stops): Xen's rule.
 */
void timer_periodic_in(struct vcpu *v);
void timer_periodic_out(struct vcpu *v);

/* time_set_wallclock - write the time of day at system time 0 into @d's shared_info. */
void time_set_wallclock(struct domain *d);

/* vcpu_timers_init - @v's single-shot, periodic and poll timers, disarmed. */
void vcpu_timers_init(struct vcpu *v);

/* vcpu_timers_stop - disarm all of @v's timers (it stops for good). */
void vcpu_timers_stop(struct vcpu *v);

/* timer_virq_bound - VIRQ_TIMER got a port on @v: its periodic timer starts if @v runs. */
void timer_virq_bound(struct vcpu *v);

#endif /* HV_TIME_H */
