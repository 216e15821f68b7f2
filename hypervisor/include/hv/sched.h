/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: which vCPU runs on which CPU. A credit scheduler (weights,
 * caps, affinity) with a time slice from each CPU's local APIC timer; the
 * idle loop halts a CPU when nothing may run there. See core/sched.c.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/types.h>
#include <hv/percpu.h>

struct vcpu;
struct domain;

#define SCHED_SLICE_NS  (10ULL * 1000 * 1000)   /* 10 ms */
#define SCHED_WEIGHT_DEFAULT 256                /* as Xen's credit schedulers */

/* sched_add_vcpu - make @v known to the scheduler (runnable if online): 0 or -ENOMEM. */
int sched_add_vcpu(struct vcpu *v) __must_check;

/* sched_remove_vcpu - forget @v (not running; domain destruction). */
void sched_remove_vcpu(struct vcpu *v);

/*
 * sched_runnable - may @v run (online, not blocked or paused, domain not
 * stopped or out of its cap)?
 */
bool sched_runnable(const struct vcpu *v);

/*
 * schedule - let another runnable vCPU have the CPU. Called on the way out
 * to a guest with the current vCPU's state in the frame at the stack top.
 * Returns only if the current vCPU goes on running; otherwise switches (and
 * idles while nothing is runnable).
 */
void schedule(void);

/* sched_start - let every CPU into the scheduler; run here. Never returns. */
void sched_start(void) __noreturn;

/* sched_start_cpu - this CPU joins the scheduler. Never returns. */
void sched_start_cpu(void) __noreturn;

/* sched_tick - the CPU's timer fired: charge time, end the slice if due. */
void sched_tick(void);

/* sched_wake - @v may have become runnable: give it a CPU. */
void sched_wake(struct vcpu *v);

/*
 * vcpu_kick - an event is pending for @v: wake it if it blocked, or make
 * its CPU look at it if it runs.
 */
void vcpu_kick(struct vcpu *v);

/*
 * sched_stop_vcpu - @v may no longer run (paused, down, domain stopped):
 * its CPU reschedules. Takes effect when that CPU next leaves the guest.
 */
void sched_stop_vcpu(struct vcpu *v);

/* sched_runstate_update - bring @v's runstate in line with its state. */
void sched_runstate_update(struct vcpu *v);

/*
 * vcpu_runstate_publish - copy @v's runstate to its registered guest area
 * (through the page tables loaded now: @v's or its domain's).
 */
void vcpu_runstate_publish(struct vcpu *v);

/*
 * sched_set_cap - set @d's cap (% of one CPU, 0 = none). The cap period's
 * refill walks the capped domains only (0 when @d is destroyed).
 */
void sched_set_cap(struct domain *d, unsigned int cap);

/* sched_dump - log the CPUs and the vCPUs that run or wait to (debug key 'r'). */
void sched_dump(void);

/* sched_report - log each CPU's idle time (at the end of a run). */
void sched_report(void);

/* Set by the time slice and by yield: reschedule at the next exit to guest. */
#define sched_need_resched (this_pcpu()->need_resched)

/* Set once the first vCPU runs: timer ticks mean something from then on. */
extern bool sched_started;

/*
 * sched_arm_timer - program the timer for the nearest of the running
 * vCPU's slice end, its cap, and the next timer of this CPU's vCPUs.
 */
void sched_arm_timer(void);

/* arch_switch_to - save the current vCPU, load @next and enter it. */
void arch_switch_to(struct vcpu *next) __noreturn;

/* arch_idle_enter - drop every guest mapping the CPU uses before it idles. */
void arch_idle_enter(void);

/* arch_forget_vcpu - no CPU holds @v's state any more (it is going away). */
void arch_forget_vcpu(struct vcpu *v);

/* arch_save_current - save the current vCPU's state before the CPU idles. */
void arch_save_current(void);

/* arch_timer_slice - raise a scheduler tick after @ns (one-shot). */
void arch_timer_slice(uint64_t ns);

#endif /* HV_SCHED_H */
