/* SPDX-License-Identifier: MIT */
/* System time, pvclock for guests, and set_timer_op (hv/time.h). */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
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

/* The single-shot timer expired: VIRQ_TIMER. */
static void singleshot_fn(struct hv_timer *t)
{
    evtchn_send_virq(t->vcpu, VIRQ_TIMER);
}

/*
 * The periodic timer follows Xen's rule (xen/common/sched/core.c): it runs
 * only while its vCPU runs. Switching away stops it; switching in sends
 * the tick that fell due meanwhile (one, however many periods passed) and
 * arms the next a period after the last. So a blocked or waiting vCPU is
 * not woken by it (a guest that sleeps arms the single-shot timer), and
 * idle domains cost no wake-ups. It matters only once VIRQ_TIMER has a
 * port: with none bound it stays off until one is bound.
 */
static bool periodic_live(const struct vcpu *v)
{
    return v->periodic_period && v->virq_to_port[VIRQ_TIMER];
}

/* Send the tick if one is due, then arm the next on @v's CPU. */
static void periodic_work(struct vcpu *v)
{
    uint64_t now = now_ns(), next = v->periodic_last + v->periodic_period;

    if (now >= next) {
        evtchn_send_virq(v, VIRQ_TIMER);
        v->periodic_last = now;
        next = now + v->periodic_period;
    }
    timer_set(&v->periodic_timer, next, v->processor);
}

void timer_periodic_in(struct vcpu *v)
{
    if (periodic_live(v))
        periodic_work(v);
}

/* A period passed (@v is running, or was set from elsewhere): a tick. */
static void periodic_fn(struct hv_timer *t)
{
    timer_periodic_in(t->vcpu);
}

void timer_periodic_out(struct vcpu *v)
{
    timer_stop(&v->periodic_timer);
}

/* SCHEDOP_poll's timeout: the poll ends. */
static void poll_fn(struct hv_timer *t)
{
    vcpu_kick(t->vcpu);
}

void vcpu_timers_init(struct vcpu *v)
{
    timer_init(&v->singleshot_timer, singleshot_fn, v);
    timer_init(&v->periodic_timer, periodic_fn, v);
    timer_init(&v->poll_timer, poll_fn, v);
}

void vcpu_timers_stop(struct vcpu *v)
{
    timer_stop(&v->singleshot_timer);
    timer_stop(&v->periodic_timer);
    timer_stop(&v->poll_timer);
}

/*
 * As Xen's vcpu_set_periodic_timer: a tick already due (a period after
 * the last) goes at once, and the timer is armed even for a vCPU that is
 * not running (set by another of its domain's vCPUs): it ticks, and may
 * wake it, until the vCPU next runs and is switched away.
 */
void timer_set_periodic(struct vcpu *v, uint64_t period_ns)
{
    timer_stop(&v->periodic_timer);
    v->periodic_period = period_ns;
    if (periodic_live(v))
        periodic_work(v);
    if (v == current)
        sched_arm_timer();
}

/*
 * Ticks were due all along but went nowhere: the next comes a period
 * after the bind (for a vCPU not running, when it next runs).
 */
void timer_virq_bound(struct vcpu *v)
{
    v->periodic_last = now_ns();
    if (v->running && periodic_live(v) && !timer_active(&v->periodic_timer))
        periodic_work(v);
    if (v == current)
        sched_arm_timer();      /* its first tick may come before the slice ends */
}

long timer_set_singleshot(struct vcpu *v, uint64_t timeout, bool future)
{
    /*
     * Xen 4.17 ignores VCPU_SSHOTTMR_future (kernels used it wrongly): a
     * time in the past fires at once, with or without it.
     */
    (void)future;
    if (!timeout) {
        timer_stop(&v->singleshot_timer);
    } else if (timeout <= now_ns()) {
        timer_stop(&v->singleshot_timer);
        evtchn_send_virq(v, VIRQ_TIMER);
    } else {
        timer_set(&v->singleshot_timer, timeout, v->processor);
    }
    if (v == current)
        sched_arm_timer();      /* the slice's end stays where it was */
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
