/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: which vCPU runs on this CPU. Round robin over the
 * runnable vCPUs with a time slice from the local APIC timer; the idle
 * loop halts the CPU when none is runnable. (Weights, caps and per-CPU run
 * queues come with the scheduling issue.)
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/types.h>

struct vcpu;

#define SCHED_SLICE_NS  (10ULL * 1000 * 1000)   /* 10 ms */

/* sched_add_vcpu - make @v known to the scheduler (runnable if online). */
void sched_add_vcpu(struct vcpu *v);

/* sched_runnable - may @v run (online, not blocked, domain not stopped)? */
bool sched_runnable(const struct vcpu *v);

/*
 * schedule - let another runnable vCPU have the CPU. Called on the way out
 * to a guest with the current vCPU's state in the frame at the stack top.
 * Returns only if the current vCPU goes on running; otherwise switches (and
 * idles while nothing is runnable).
 */
void schedule(void);

/* sched_start - run the first vCPU (or idle). Never returns. */
void sched_start(void) __noreturn;

/* Set by the time slice and by yield: reschedule at the next exit to guest. */
extern bool sched_need_resched;

/* Set once the first vCPU runs: timer ticks mean something from then on. */
extern bool sched_started;

/*
 * sched_arm_timer - program the timer for the nearer of the running
 * vCPU's slice end and the next guest timer (after either changes).
 */
void sched_arm_timer(void);

/* arch_switch_to - save the current vCPU, load @next and enter it. */
void arch_switch_to(struct vcpu *next) __noreturn;

/* arch_save_current - save the current vCPU's state before the CPU idles. */
void arch_save_current(void);

/* arch_timer_slice - raise a scheduler tick after @ns (one-shot). */
void arch_timer_slice(uint64_t ns);

#endif /* HV_SCHED_H */
