/* SPDX-License-Identifier: MIT */
/*
 * The scheduler (hv/sched.h): round robin over every vCPU of every domain,
 * in creation order, skipping those that cannot run. One CPU for now.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/time.h>

#define SCHED_MAX_VCPUS (HV_MAX_DOMAINS * HV_MAX_VCPUS)

static struct vcpu *vcpus[SCHED_MAX_VCPUS];
static unsigned int nr_vcpus;
bool sched_need_resched;

void sched_add_vcpu(struct vcpu *v)
{
    BUG_ON(nr_vcpus >= SCHED_MAX_VCPUS);
    v->sched_index = nr_vcpus;
    vcpus[nr_vcpus++] = v;
}

bool sched_runnable(const struct vcpu *v)
{
    return v->online && !v->blocked &&
           v->domain->shutdown_reason == SHUTDOWN_NONE;
}

/* The next runnable vCPU after the current one (it last), or NULL. */
static struct vcpu *pick_next(void)
{
    unsigned int start = current ? current->sched_index + 1 : 0;

    for (unsigned int i = 0; i < nr_vcpus; i++) {
        struct vcpu *v = vcpus[(start + i) % nr_vcpus];

        if (sched_runnable(v))
            return v;
    }
    return NULL;
}

bool sched_started;

/* When the running vCPU's slice ends (system time); ~0 while idle. */
static uint64_t slice_end = ~0ULL;

void sched_arm_timer(void)
{
    uint64_t now = now_ns();
    uint64_t slice = slice_end > now ? slice_end - now : 0;

    arch_timer_slice(MIN(slice, timer_next()));
}

static void new_slice(void)
{
    slice_end = now_ns() + SCHED_SLICE_NS;
    sched_arm_timer();
}

static __noreturn void run(struct vcpu *next)
{
    sched_started = true;
    sched_need_resched = false;
    time_update_vcpu(next);
    new_slice();
    arch_timer_slice(SCHED_SLICE_NS);
    arch_switch_to(next);
}

/* Nothing can run: halt until an interrupt makes something runnable. */
static __noreturn void idle(void)
{
    arch_save_current();
    current = NULL;
    sched_started = true;
    for (;;) {
        struct vcpu *next;

        slice_end = ~0ULL;
        sched_arm_timer();                      /* wakes for guest timers */
        /*
         * sti and hlt in one statement: the interrupt shadow of sti covers
         * hlt, so a timer already pending wakes it instead of being taken
         * just before it (and leaving it asleep for ever).
         */
        __asm__ volatile("sti; hlt; cli" ::: "memory");
        next = pick_next();
        if (next)
            run(next);
    }
}

void schedule(void)
{
    struct vcpu *next = pick_next();

    sched_need_resched = false;
    if (next == current) {
        new_slice();            /* nobody else wants the CPU */
        return;
    }
    if (!next)
        idle();
    run(next);
}

void sched_start(void)
{
    struct vcpu *next = pick_next();

    if (!next)
        idle();
    run(next);
}
