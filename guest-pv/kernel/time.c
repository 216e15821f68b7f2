/* SPDX-License-Identifier: MIT */
/*
 * pvkern time: kernel timers on the one-shot timer event (VIRQ_TIMER), and
 * sleeping. The list is sorted by deadline; the hardware (or hypervisor)
 * timer is always armed for its head.
 */
#include <pv/evtchn.h>
#include <pv/hypercall.h>
#include <pv/pv_ops.h>
#include <public/vcpu.h>
#include <public/xen.h>
#include "pvkern.h"

static struct ktimer *timers;

static void arm_head(void)
{
    (void)pv_ops.time.timer_arm(timers ? timers->deadline : 0);
}

/* The VIRQ_TIMER handler: run what is due, re-arm for the rest. */
static void timer_event(evtchn_port_t port, struct pv_frame *f, void *data)
{
    uint64_t now = pv_ops.time.clock_ns();

    while (timers && timers->deadline <= now) {
        struct ktimer *t = timers;

        timers = t->next;
        t->next = NULL;
        t->fn(t);
        now = pv_ops.time.clock_ns();
    }
    arm_head();
}

void ktimer_add(struct ktimer *t)
{
    unsigned long flags = pv_ops.irq.save();
    struct ktimer **p;

    pv_ops.irq.disable();
    for (p = &timers; *p && (*p)->deadline <= t->deadline; p = &(*p)->next)
        ;
    t->next = *p;
    *p = t;
    arm_head();
    pv_ops.irq.restore(flags);
}

void ktimer_del(struct ktimer *t)
{
    unsigned long flags = pv_ops.irq.save();
    struct ktimer **p;

    pv_ops.irq.disable();
    for (p = &timers; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            t->next = NULL;
            break;
        }
    }
    pv_ops.irq.restore(flags);
}

void time_init(void)
{
    long port = pv_evtchn_bind_virq(VIRQ_TIMER, timer_event, NULL);

    if (port < 0)
        panic("binding VIRQ_TIMER failed: %ld", port);
    /*
     * Every timer here is one-shot: the 10 ms periodic timer a PV vCPU
     * starts with would only add upcalls while it runs (Linux stops it
     * too). Natively there is none (the call is refused).
     */
    (void)HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
}

struct sleeper {
    struct ktimer timer;
    volatile bool done;
};

static void wake(struct ktimer *t)
{
    ((struct sleeper *)t)->done = true;
}

/*
 * Wait for our timer (or, with @any_event, the first event upcall): other
 * threads run meanwhile if there are any; else halt. halt() enables events
 * and sleeps only if none is deliverable (SCHEDOP_block on PV, sti;hlt
 * natively), so a timer that fires between the check and the halt is not
 * missed.
 */
bool sleep_until(uint64_t ns, bool any_event)
{
    struct sleeper s = {
        .timer = { .deadline = pv_ops.time.clock_ns() + ns, .fn = wake },
    };
    unsigned long flags = pv_ops.irq.save();
    bool timed = ns || !any_event;      /* sleep_ns(0) returns at once */
    uint64_t seen;

    pv_ops.irq.disable();
    seen = pv_evtchn_upcalls;

    if (timed)
        ktimer_add(&s.timer);
    while (!s.done && !(any_event && pv_evtchn_upcalls != seen)) {
        if (thread_others_runnable()) {
            pv_ops.irq.enable();
            thread_yield();
        } else {
            pv_ops.cpu.halt();
        }
        pv_ops.irq.disable();
    }
    if (timed)
        ktimer_del(&s.timer);
    pv_ops.irq.restore(flags);
    return s.done;
}

void sleep_ns(uint64_t ns)
{
    (void)sleep_until(ns, false);
}
