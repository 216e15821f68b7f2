/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor timers: a function called at a system time (ns), on a given
 * CPU. Per-CPU min-heaps (core/timer.c); the local APIC fires for the
 * earliest. All under the hypervisor lock.
 */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <hv/types.h>

struct vcpu;

struct hv_timer {
    uint64_t expires;                   /* system time, ns */
    int heap_idx;                       /* position in its heap, -1 = not armed */
    unsigned int cpu;                   /* the CPU whose heap holds it */
    void (*fn)(struct hv_timer *t);     /* called once it expires (disarmed) */
    struct vcpu *vcpu;                  /* whose it is (for fn) */
};

/* timer_heaps_init - a heap for every CPU online (boot, before any timer). */
void timer_heaps_init(void);

/* timer_init - a disarmed timer calling @fn(t) for @v. */
void timer_init(struct hv_timer *t, void (*fn)(struct hv_timer *t),
                struct vcpu *v);

/* timer_set - (re)arm @t for system time @expires on CPU @cpu's heap. */
void timer_set(struct hv_timer *t, uint64_t expires, unsigned int cpu);

/* timer_stop - disarm @t (nothing if it is not armed). */
void timer_stop(struct hv_timer *t);

static inline bool timer_active(const struct hv_timer *t)
{
    return t->heap_idx >= 0;
}

/* timer_run - call every expired timer of this CPU (timer interrupt). */
void timer_run(void);

/* timer_next - ns until the earliest timer of CPU @cpu (UINT64_MAX: none). */
uint64_t timer_next(unsigned int cpu);

/* The timers of a vCPU: single-shot, periodic, poll (hv/domain.h). */
#define VCPU_TIMERS     3

/*
 * timer_reserve - @n more timers may be armed at once: every CPU's heap
 * grows to hold them all (any timer may be armed on any CPU). 0, or
 * -ENOMEM (then nothing changed). A timer is only armed once room for it
 * was reserved (a vCPU's, when the vCPU is created).
 */
int timer_reserve(unsigned int n) __must_check;

/* timer_unreserve - @n timers fewer (their owner is gone; heaps keep their size). */
void timer_unreserve(unsigned int n);

/* timer_count - vCPU timers armed on all CPUs (not the hypervisor's own). */
unsigned int timer_count(void);

/* timer_dump - log each CPU's armed timers, earliest first (debug key 't'). */
void timer_dump(void);

#endif /* HV_TIMER_H */
