/* SPDX-License-Identifier: MIT */
/* System time, pvclock for guests, and set_timer_op (hv/time.h). */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <public/xen.h>

static uint64_t tsc_base;
static uint64_t wc_boot_ns;     /* time of day at system time 0, ns since the epoch */
static uint32_t tsc_mul;        /* ns = ((delta << / >> shift) * mul) >> 32 */
static int8_t tsc_shift;

/* Scale a TSC delta to ns with the published mul/shift (the guests' formula). */
static uint64_t scale(uint64_t delta)
{
    if (tsc_shift >= 0)
        delta <<= tsc_shift;
    else
        delta >>= -tsc_shift;
    return (uint64_t)(((unsigned __int128)delta * tsc_mul) >> 32);
}

void time_init(void)
{
    uint64_t khz = arch_tsc_khz();
    /* ns per tick = 1e6 / khz, as a 0.32 fraction in [0.5, 1) times 2^shift. */
    unsigned __int128 frac = ((unsigned __int128)1000000 << 32) / khz;
    int shift = 0;

    while (frac >= ((unsigned __int128)1 << 32)) {
        frac >>= 1;
        shift++;
    }
    while (frac < ((unsigned __int128)1 << 31)) {
        frac <<= 1;
        shift--;
    }
    tsc_mul = (uint32_t)frac;
    tsc_shift = (int8_t)shift;
    tsc_base = arch_read_cycles();
    wc_boot_ns = arch_rtc_seconds() * 1000000000ULL;
}

void time_set_wallclock(struct domain *d)
{
    struct shared_info *s = d->shared_info;

    s->wc_version++;            /* odd while it changes */
    barrier();
    s->wc_sec = (uint32_t)(wc_boot_ns / 1000000000ULL);
    s->wc_sec_hi = (uint32_t)((wc_boot_ns / 1000000000ULL) >> 32);
    s->wc_nsec = (uint32_t)(wc_boot_ns % 1000000000ULL);
    barrier();
    s->wc_version++;
}

uint64_t now_ns(void)
{
    return scale(arch_read_cycles() - tsc_base);
}

void time_update_vcpu(struct vcpu *v)
{
    struct vcpu_time_info *t = &v->vcpu_info->time;
    uint64_t tsc = arch_read_cycles();

    /* Odd while it changes: a reader retries. */
    t->version++;
    barrier();
    t->tsc_timestamp = tsc;
    t->system_time = scale(tsc - tsc_base);
    t->tsc_to_system_mul = tsc_mul;
    t->tsc_shift = tsc_shift;
    barrier();
    t->version++;
}

void timer_check(void)
{
    uint64_t now = now_ns();

    for (unsigned int d = 0; d < HV_MAX_DOMAINS; d++) {
        struct domain *dom = domain_lookup((uint16_t)d);

        if (!dom || dom->shutdown_reason != SHUTDOWN_NONE)
            continue;           /* a stopped domain's timers are dead */
        for (unsigned int i = 0; i < dom->nr_vcpus; i++) {
            struct vcpu *v = dom->vcpus[i];

            if (!v)
                continue;
            if (v->poll_deadline && v->poll_deadline <= now)
                vcpu_kick(v);           /* SCHEDOP_poll timed out */
            if (v->timer_deadline && v->timer_deadline <= now) {
                v->timer_deadline = 0;
                evtchn_send_virq(v, VIRQ_TIMER);
            }
            if (v->periodic_period && v->periodic_next <= now) {
                /* Missed periods are not made up: one tick, then on. */
                v->periodic_next = now + v->periodic_period;
                evtchn_send_virq(v, VIRQ_TIMER);
            }
        }
    }
}

uint64_t timer_next(unsigned int cpu)
{
    uint64_t now = now_ns(), next = UINT64_MAX;

    for (unsigned int d = 0; d < HV_MAX_DOMAINS; d++) {
        struct domain *dom = domain_lookup((uint16_t)d);

        if (!dom || dom->shutdown_reason != SHUTDOWN_NONE)
            continue;           /* a stopped domain's timers are dead */
        for (unsigned int i = 0; i < dom->nr_vcpus; i++) {
            struct vcpu *v = dom->vcpus[i];

            if (!v || v->processor != cpu)
                continue;
            if (v->poll_deadline)
                next = MIN(next, v->poll_deadline > now ? v->poll_deadline - now : 0);
            if (v->timer_deadline)
                next = MIN(next, v->timer_deadline > now ? v->timer_deadline - now : 0);
            /* A periodic timer matters only once a port waits for it. */
            if (v->periodic_period && v->virq_to_port[VIRQ_TIMER])
                next = MIN(next, v->periodic_next > now ? v->periodic_next - now : 0);
        }
    }
    return next;
}

void timer_set_periodic(struct vcpu *v, uint64_t period_ns)
{
    v->periodic_period = period_ns;
    v->periodic_next = now_ns() + period_ns;
    if (sched_started)
        sched_arm_timer();
}

long timer_set_singleshot(struct vcpu *v, uint64_t timeout, bool future)
{
    uint64_t now = now_ns();

    /*
     * Xen 4.17 ignores VCPU_SSHOTTMR_future (kernels used it wrongly): a
     * time in the past fires at once, with or without it.
     */
    (void)future;
    v->timer_deadline = timeout;
    if (timeout && timeout <= now) {
        v->timer_deadline = 0;
        evtchn_send_virq(v, VIRQ_TIMER);
    }
    sched_arm_timer();          /* the slice's end stays where it was */
    return 0;
}

/*
 * set_timer_op(timeout): arm the vCPU's single-shot timer for system time
 * @timeout (ns); 0 stops it. A time already past fires at once. Returns 0.
 */
long hc_set_timer_op(uint64_t timeout)
{
    return timer_set_singleshot(current, timeout, false);
}
