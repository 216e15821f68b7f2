/* SPDX-License-Identifier: MIT */
/*
 * The scheduler (hv/sched.h): a credit scheduler in the spirit of Xen's
 * credit2, over one run queue shared by every CPU.
 *
 * Credit is kept as virtual time: a running vCPU's vtime grows by the time
 * it runs scaled by SCHED_WEIGHT_DEFAULT / weight, and each CPU runs the
 * runnable vCPU with the least vtime that its affinity allows. Over any
 * window in which two vCPUs both want the CPU, they get it in the ratio of
 * their weights. A vCPU that wakes after sleeping has its vtime raised to
 * within one slice of the least vtime of the others (sleeping banks no
 * credit), and may preempt a CPU whose vCPU is a slice or more ahead of it.
 *
 * Caps: a domain with a cap of C% may run C% of one CPU's time in each
 * 10 ms period; once it has, its vCPUs wait for the next period.
 *
 * One shared queue rather than per-CPU queues: credit2 too shares one
 * queue among the CPUs of a socket (its default), and with the hypervisor
 * lock (hv/smp.h) a shared queue needs no balancing at all: an idle CPU
 * simply takes the best vCPU it may run.
 *
 * Runstate accounting follows Xen: running, runnable, blocked, offline
 * (down or paused), with the time in each since the vCPU was created.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/heap.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/time.h>

#define CAP_PERIOD_NS   (10ULL * 1000 * 1000)
/* A timer may fire this early (rounding of APIC ticks): the slice is over. */
#define SLICE_SLACK_NS  (50ULL * 1000)

/* Every vCPU; the array grows (hv/heap.h) to hold vcpus_cap of them, and goes with the last. */
static struct vcpu **vcpus;
static unsigned int nr_vcpus, vcpus_cap;
/*
 * The run list: every runnable vCPU (and a few that no longer are: a
 * vCPU leaves it when a pick finds RUNQ_DROP_MIN or more such, not when it
 * blocks), in
 * the order of vcpus[] (by sched_index), so that picking walks what may
 * run, not every vCPU: a thousand idle domains cost a pick nothing. Every
 * way a vCPU becomes runnable goes through runq_add: sched_wake (unblock,
 * unpause, up, affinity), a cap's new budget, a new vCPU. Same capacity
 * as vcpus[], so an add cannot fail.
 */
static struct vcpu **runq;
static unsigned int nr_runq;
static uint64_t cap_period_end;         /* when capped domains get budget */
static unsigned int nr_capped;          /* domains with a cap */
static struct domain *capped;           /* them, linked by cap_next */
bool sched_started;
/*
 * What a wake-up needs without walking every vCPU and CPU: the least vtime
 * of the running and runnable vCPUs as of the last pick_next (which walks
 * them anyway, on every schedule and idle pass, so also whenever a vCPU
 * blocks), and the CPUs halted in idle() (bit per CPU). The recorded floor
 * trails the exact one by what the running vCPUs ran since (at most a
 * slice), or leads it by a vCPU woken since (raised to within a slice of
 * it): a waking vCPU's vtime is still set to within about a slice of the
 * others', which is all the rule asks (sleep banks no credit).
 */
static uint64_t vtime_floor = UINT64_MAX;
static uint64_t idle_cpus;

/* The first run-list slot whose vCPU's sched_index is @index or more. */
static unsigned int runq_find(unsigned int index)
{
    unsigned int lo = 0, hi = nr_runq;

    while (lo < hi) {
        unsigned int mid = lo + (hi - lo) / 2;

        if (runq[mid]->sched_index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* @v may be runnable now: on the run list, in its place (no-op if there). */
static void runq_add(struct vcpu *v)
{
    unsigned int at;

    if (v->on_runq)
        return;
    /* From the end: the list is short, or the new vCPU comes late in it. */
    for (at = nr_runq; at && runq[at - 1]->sched_index > v->sched_index; at--)
        runq[at] = runq[at - 1];
    runq[at] = v;
    nr_runq++;
    v->on_runq = true;
}

/*
 * A pick that walks past this many entries that cannot run drops them all
 * (keeping the order; they come back through runq_add). Fewer are left
 * for the next picks to skip: a vCPU that blocks and wakes again at once
 * (an event ping-pong) then costs no list work at all.
 */
#define RUNQ_DROP_MIN   4

static void runq_drop_stale(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < nr_runq; i++) {
        if (sched_runnable(runq[i]))
            runq[n++] = runq[i];
        else
            runq[i]->on_runq = false;
    }
    nr_runq = n;
}

static void runq_del_at(unsigned int at)
{
    runq[at]->on_runq = false;
    nr_runq--;
    memmove(&runq[at], &runq[at + 1], (nr_runq - at) * sizeof(*runq));
}

int sched_add_vcpu(struct vcpu *v)
{
    if (nr_vcpus == vcpus_cap) {
        unsigned int cap = vcpus_cap ? vcpus_cap * 2 : PAGE_SIZE / sizeof(*vcpus);
        size_t old = vcpus_cap * sizeof(*vcpus), new = cap * sizeof(*vcpus);
        struct vcpu **a = heap_alloc(new), **r = heap_alloc(new);

        if (!a || !r) {
            heap_free(a, new);
            heap_free(r, new);
            return -ENOMEM;
        }
        if (vcpus_cap) {
            memcpy(a, vcpus, old);
            memcpy(r, runq, nr_runq * sizeof(*runq));
            heap_free(vcpus, old);
            heap_free(runq, old);
        }
        vcpus = a;
        runq = r;
        vcpus_cap = cap;
    }
    v->sched_index = nr_vcpus;
    vcpus[nr_vcpus++] = v;
    v->affinity = ~0ULL;
    v->runstate.state = v->online ? RUNSTATE_runnable : RUNSTATE_offline;
    v->runstate.state_entry_time = now_ns();
    runq_add(v);
    return 0;
}

void sched_remove_vcpu(struct vcpu *v)
{
    BUG_ON(v->running || vcpus[v->sched_index] != v);
    if (v->on_runq) {
        unsigned int at = runq_find(v->sched_index);

        BUG_ON(at >= nr_runq || runq[at] != v);
        runq_del_at(at);
    }
    for (unsigned int i = v->sched_index; i + 1 < nr_vcpus; i++) {
        vcpus[i] = vcpus[i + 1];
        vcpus[i]->sched_index = i;
    }
    vcpus[--nr_vcpus] = NULL;
    if (!nr_vcpus) {            /* no domain left: back to the boot memory */
        heap_free(vcpus, vcpus_cap * sizeof(*vcpus));
        heap_free(runq, vcpus_cap * sizeof(*runq));
        vcpus = NULL;
        runq = NULL;
        vcpus_cap = 0;
    }
}

static uint64_t cap_budget(const struct domain *d)
{
    return CAP_PERIOD_NS * d->cap / 100;
}

static bool cap_parked(const struct domain *d)
{
    return d->cap && d->cap_used >= cap_budget(d);
}

bool sched_runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return v->online && !v->blocked && !v->pause_count && !d->pause_count &&
           !d->dying && d->shutdown_reason == SHUTDOWN_NONE && !cap_parked(d);
}

/* The state @v is in now, as Xen counts it. */
static int runstate_of(const struct vcpu *v)
{
    if (v->running)
        return RUNSTATE_running;
    if (v->blocked && v->online)
        return RUNSTATE_blocked;
    if (!v->online || v->pause_count || v->domain->pause_count ||
        v->domain->shutdown_reason != SHUTDOWN_NONE)
        return RUNSTATE_offline;
    return RUNSTATE_runnable;
}

void sched_runstate_update(struct vcpu *v)
{
    uint64_t now = now_ns();
    int state = runstate_of(v);

    if (state == v->runstate.state)
        return;
    v->runstate.time[v->runstate.state] += now - v->runstate.state_entry_time;
    v->runstate.state = state;
    v->runstate.state_entry_time = now;
}

/* @d's vCPUs that may run now (a cap's new budget) on the run list. */
static void runq_add_domain(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i] && sched_runnable(d->vcpus[i]))
            runq_add(d->vcpus[i]);
}

void sched_set_cap(struct domain *d, unsigned int cap)
{
    if (cap && !d->cap) {
        d->cap_next = capped;
        d->cap_pprev = &capped;
        if (capped)
            capped->cap_pprev = &d->cap_next;
        capped = d;
        nr_capped++;
    } else if (!cap && d->cap) {
        *d->cap_pprev = d->cap_next;
        if (d->cap_next)
            d->cap_next->cap_pprev = d->cap_pprev;
        nr_capped--;
    }
    d->cap = cap;
    if (!d->dying)              /* (a dying one's vCPUs may be gone) */
        runq_add_domain(d);     /* a higher cap or none may unpark it */
}

/* Charge the running vCPU for the time since it was last charged. */
static void account(struct pcpu *p, uint64_t now)
{
    struct vcpu *v = p->curr;
    uint64_t delta;

    if (!v)
        return;
    delta = now - p->running_since;
    p->running_since = now;
    v->vtime += delta * SCHED_WEIGHT_DEFAULT / v->domain->weight;
    v->domain->cap_used += delta;
    v->domain->cpu_time += delta;
}

/* A new cap period: every capped domain may run again. */
static void cap_refill(uint64_t now)
{
    if (!nr_capped || now < cap_period_end)
        return;
    /* Whole periods since the last refill: each brings one budget. */
    uint64_t periods = cap_period_end ? (now - cap_period_end) / CAP_PERIOD_NS + 1 : 1;

    for (struct domain *d = capped; d; d = d->cap_next) {
        bool parked = cap_parked(d);
        uint64_t refill;

        /* An overrun (a late timer) is paid back from the new budget. */
        refill = periods * cap_budget(d);
        d->cap_used = d->cap_used > refill ? d->cap_used - refill : 0;
        if (parked)             /* its vCPUs that can run again: on the run list */
            runq_add_domain(d);
    }
    cap_period_end = now - now % CAP_PERIOD_NS + CAP_PERIOD_NS;
    /* Parked vCPUs may run: every CPU looks again. */
    for (unsigned int c = 0; c < nr_cpus; c++)
        if (pcpus[c] && pcpus[c]->online) {
            pcpus[c]->need_resched = true;
            smp_kick(c);
        }
}

/* How far after @start (a sched_index) @v comes, round the table. */
static unsigned int turn(const struct vcpu *v, unsigned int start)
{
    return v->sched_index >= start ? v->sched_index - start
                                   : v->sched_index + nr_vcpus - start;
}

/*
 * The runnable vCPU with the least vtime that may run on @p (the current
 * one included, unless it yielded and another can run); among equals the
 * first after the current one, so equal vCPUs take turns. NULL if there
 * is none.
 */
static struct vcpu *pick_next(struct pcpu *p)
{
    struct vcpu *best = NULL;
    bool yielded = p->curr && p->curr->yielded;
    uint64_t floor = UINT64_MAX;
    unsigned int start = p->curr ? p->curr->sched_index + 1 : 0, stale = 0;

    for (unsigned int i = 0; i < nr_runq; i++) {
        struct vcpu *v = runq[i];

        if (!sched_runnable(v)) {
            stale++;
            continue;
        }
        floor = MIN(floor, v->vtime);
        if ((v->running && v != p->curr) || !(v->affinity & (1ULL << p->id)))
            continue;
        if (yielded && v == p->curr)
            continue;
        if (!best || v->vtime < best->vtime ||
            (v->vtime == best->vtime && turn(v, start) < turn(best, start)))
            best = v;
    }
    if (yielded) {
        p->curr->yielded = false;
        if (!best && sched_runnable(p->curr) && (p->curr->affinity & (1ULL << p->id)))
            best = p->curr;
    }
    if (stale >= RUNQ_DROP_MIN)
        runq_drop_stale();
    vtime_floor = floor;
    return best;
}

void sched_arm_timer(void)
{
    struct pcpu *p = this_pcpu();
    uint64_t now = now_ns();
    uint64_t next = p->slice_end > now ? p->slice_end - now : 0;

    if (nr_capped)
        next = MIN(next, cap_period_end > now ? cap_period_end - now : 0);
    /* A capped vCPU stops when its budget does. */
    if (p->curr && p->curr->domain->cap) {
        const struct domain *d = p->curr->domain;

        next = MIN(next, cap_budget(d) > d->cap_used ?
                         cap_budget(d) - d->cap_used : 0);
    }
    arch_timer_slice(MIN(next, timer_next(p->id)));
}

void sched_tick(void)
{
    struct pcpu *p = this_pcpu();
    uint64_t now = now_ns();

    account(p, now);
    cap_refill(now);
    if (!p->curr)
        return;         /* idle: the idle loop looks again and re-arms */
    if (now + SLICE_SLACK_NS >= p->slice_end ||
        (p->curr && !sched_runnable(p->curr)))
        p->need_resched = true;
    else
        sched_arm_timer();
}

static __noreturn void run(struct pcpu *p, struct vcpu *next)
{
    uint64_t now = now_ns();

    p->need_resched = false;
    idle_cpus &= ~(1ULL << p->id);
    p->hc_mc_args = NULL;       /* a multicall cut short by a crash */
    next->processor = p->id;
    timer_periodic_in(next);
    next->running = true;
    sched_runstate_update(next);
    p->running_since = now;
    p->slice_end = now + SCHED_SLICE_NS;
    time_update_vcpu(next);
    sched_arm_timer();
    arch_switch_to(next);
}

/* Nothing can run here: halt until an interrupt makes something runnable. */
static __noreturn void idle(struct pcpu *p)
{
    arch_save_current();
    p->curr = NULL;
    idle_cpus |= 1ULL << p->id;
    arch_idle_enter();
    p->idle_since = now_ns();
    for (;;) {
        struct vcpu *next;
        struct frame_scrub scrub;
        bool scrubbing;

        p->need_resched = false;
        cap_refill(now_ns());
        domain_reap();
        next = pick_next(p);
        if (next) {
            p->idle_ns += now_ns() - p->idle_since;
            p->idle_since = 0;
            run(p, next);
        }
        p->slice_end = ~0ULL;
        sched_arm_timer();                      /* wakes for guest timers */
        /*
         * Freed memory waiting to be scrubbed: zero a block (at most 16
         * frames, 8K stores) without the lock, so that a CPU that wants
         * it is not starved; then only an interrupt window instead of
         * halt, and look for work again.
         */
        scrubbing = frame_scrub_claim(&scrub);
        hv_unlock_all();
        if (scrubbing) {
            arch_clear_frames(scrub.mfn, scrub.nr);
            frame_scrub_done(&scrub);
            hv_lock();
            frame_scrub_finish(&scrub);
            hv_unlock_all();
        }
        smp_poll();
        /*
         * sti and hlt in one statement: the interrupt shadow of sti covers
         * hlt, so a wake-up already pending wakes it instead of being taken
         * just before it (and leaving it asleep for ever).
         */
        if (scrubbing)
            __asm__ volatile("sti; nop; cli" ::: "memory");
        else
            __asm__ volatile("sti; hlt; cli" ::: "memory");
        hv_lock();
    }
}

void schedule(void)
{
    struct pcpu *p = this_pcpu();
    struct vcpu *prev = p->curr, *next;
    uint64_t now = now_ns();

    account(p, now);
    cap_refill(now);
    domain_reap();
    p->need_resched = false;
    next = pick_next(p);
    if (next == prev && prev) {
        p->slice_end = now + SCHED_SLICE_NS;    /* nobody better wants it */
        sched_arm_timer();
        return;
    }
    if (prev) {
        prev->running = false;
        timer_periodic_out(prev);
        sched_runstate_update(prev);
    }
    if (!next)
        idle(p);
    run(p, next);
}

/*
 * @v became runnable: find it a CPU. An idle CPU it may use takes it; else
 * it preempts the CPU whose vCPU is furthest ahead of it, if that is a
 * whole slice ahead.
 */
static void tickle(struct vcpu *v)
{
    struct pcpu *victim = NULL;
    uint64_t idle = idle_cpus & v->affinity;

    if (idle) {
        unsigned int c = (unsigned int)__builtin_ctzll(idle);

        pcpus[c]->need_resched = true;
        smp_kick(c);
        return;
    }
    for (unsigned int c = 0; c < nr_cpus; c++) {
        struct pcpu *p = pcpus[c];

        /* (A CPU not yet in the scheduler, curr NULL, picks by itself.) */
        if (!p || !p->online || !p->curr || !(v->affinity & (1ULL << c)))
            continue;
        if (p->curr->vtime > v->vtime + SCHED_SLICE_NS &&
            (!victim || p->curr->vtime > victim->curr->vtime))
            victim = p;
    }
    if (victim) {
        victim->need_resched = true;
        smp_kick(victim->id);
    }
}

void sched_wake(struct vcpu *v)
{
    uint64_t floor;
    bool runnable = sched_runnable(v);

    if (runnable)
        runq_add(v);            /* (also when running: a pick may have dropped it) */
    if (!runnable || v->running) {
        sched_runstate_update(v);
        return;
    }
    floor = vtime_floor;
    if (floor != UINT64_MAX && v->vtime + SCHED_SLICE_NS < floor)
        v->vtime = floor - SCHED_SLICE_NS;
    sched_runstate_update(v);
    tickle(v);
}

void vcpu_kick(struct vcpu *v)
{
    if (v->blocked) {
        v->blocked = false;
        v->polling = false;
        timer_stop(&v->poll_timer);
        sched_wake(v);
    } else if (v->running) {
        smp_kick(v->processor);         /* it sees the event on its way out */
    }
}

void sched_stop_vcpu(struct vcpu *v)
{
    sched_runstate_update(v);
    if (v->running) {
        pcpus[v->processor]->need_resched = true;
        smp_kick(v->processor);
    }
}

void sched_start(void)
{
    smp_release_cpus();
    sched_start_cpu();
}

void sched_start_cpu(void)
{
    struct pcpu *p = this_pcpu();
    struct vcpu *next;

    hv_lock();
    sched_started = true;
    next = pick_next(p);
    if (!next)
        idle(p);
    run(p, next);
}

void sched_report(void)
{
    uint64_t now = now_ns();

    for (unsigned int c = 0; c < nr_cpus; c++) {
        struct pcpu *p = pcpus[c];
        uint64_t idle;

        if (!p || !p->online)
            continue;
        idle = p->idle_ns + (p->idle_since ? now - p->idle_since : 0);
        printk(LOG_INFO, "CPU%u: idle %llu ms of %llu ms, %llu timer interrupts", c,
               (unsigned long long)(idle / 1000000),
               (unsigned long long)(now / 1000000),
               (unsigned long long)p->timer_irqs);
    }
}

void sched_dump(void)
{
    uint64_t now = now_ns();
    unsigned int runnable = 0, blocked = 0, offline = 0;

    printk(LOG_INFO, "scheduler: one run queue, %u vCPUs, slice %llu ms, %u capped domains",
           nr_vcpus, (unsigned long long)(SCHED_SLICE_NS / 1000000), nr_capped);
    for (unsigned int c = 0; c < nr_cpus; c++) {
        const struct pcpu *p = pcpus[c];

        if (!p || !p->online)
            continue;
        if (p->curr)
            printk(LOG_INFO, "CPU%u: runs d%u v%u for %llu us%s", c,
                   p->curr->domain->domid, p->curr->id,
                   (unsigned long long)((now - p->running_since) / 1000),
                   p->need_resched ? ", to reschedule" : "");
        else
            printk(LOG_INFO, "CPU%u: idle", c);
    }
    for (unsigned int i = 0; i < nr_vcpus; i++) {
        const struct vcpu *v = vcpus[i];

        if (v->running || sched_runnable(v)) {
            runnable++;
            printk(LOG_INFO, "  d%u v%u: %s, vtime %llu, weight %u, affinity %#llx",
                   v->domain->domid, v->id, v->running ? "running" : "runnable",
                   (unsigned long long)v->vtime, v->domain->weight,
                   (unsigned long long)v->affinity);
        } else if (v->online && v->blocked) {
            blocked++;
        } else {
            offline++;
        }
    }
    printk(LOG_INFO, "%u running or runnable (above), %u blocked, %u down or paused",
           runnable, blocked, offline);
}
