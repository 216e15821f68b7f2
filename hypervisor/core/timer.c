/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor timers (hv/timer.h): one binary min-heap of armed timers per
 * CPU, keyed by expiry (system time). A CPU's local APIC timer is armed for
 * the nearer of its heap's top and its scheduler slice (sched.c); when it
 * fires, timer_run() calls every expired timer's function. Arming, moving
 * and stopping a timer are O(log n); nothing walks all domains.
 *
 * A timer lives on the heap of the CPU it was armed for (for a vCPU's
 * timer, the CPU the vCPU runs or last ran on). Arming one on another
 * CPU's heap as its new earliest kicks that CPU, which re-arms its APIC.
 * Everything here runs under the hypervisor lock.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/heap.h>
#include <hv/lib.h>
#include <hv/percpu.h>
#include <hv/smp.h>
#include <hv/time.h>
#include <hv/timer.h>

/*
 * Every CPU's heap has room for every timer that may be armed (reserved:
 * three per vCPU of every domain, timer_reserve), so arming never fails.
 * The heaps start with a page and grow with the vCPUs.
 */
#define HEAP_CAP_MIN    (PAGE_SIZE / sizeof(struct hv_timer *))

static struct hv_timer **heaps[HV_MAX_CPUS];
static unsigned int heap_len[HV_MAX_CPUS];
static unsigned int heap_cap;           /* entries each heap holds */
static unsigned int reserved;           /* timers that may be armed at once */

void timer_heaps_init(void)
{
    for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
        heaps[cpu] = heap_alloc(HEAP_CAP_MIN * sizeof(struct hv_timer *));
        if (!heaps[cpu])
            panic("no memory for CPU%u's timer heap", cpu);
    }
    heap_cap = HEAP_CAP_MIN;
}

/* Move every heap to blocks of @cap entries (each holds its timers): 0 or -ENOMEM. */
static int resize_heaps(unsigned int cap)
{
    struct hv_timer **moved[HV_MAX_CPUS] = { NULL };

    /* Every new heap first, so that a failure leaves the old ones as they are. */
    for (unsigned int c = 0; c < nr_cpus; c++) {
        moved[c] = heaps[c] ? heap_alloc(cap * sizeof(struct hv_timer *)) : NULL;
        if (heaps[c] && !moved[c]) {
            for (unsigned int u = 0; u < c; u++)
                heap_free(moved[u], cap * sizeof(struct hv_timer *));
            return -ENOMEM;
        }
    }
    for (unsigned int c = 0; c < nr_cpus; c++) {
        if (!heaps[c])
            continue;
        BUG_ON(heap_len[c] > cap);
        memcpy(moved[c], heaps[c], heap_len[c] * sizeof(struct hv_timer *));
        heap_free(heaps[c], heap_cap * sizeof(struct hv_timer *));
        heaps[c] = moved[c];
    }
    heap_cap = cap;
    return 0;
}

void timer_unreserve(unsigned int n)
{
    BUG_ON(n > reserved);
    reserved -= n;
    /*
     * Few vCPUs left: back to one page per heap, so that the machine's free
     * memory returns to what it was once the many domains are gone. (If the
     * smaller heaps cannot be had, the big ones stay.)
     */
    if (heap_cap > HEAP_CAP_MIN && reserved <= HEAP_CAP_MIN / 2)
        (void)resize_heaps(HEAP_CAP_MIN);
}

int timer_reserve(unsigned int n)
{
    unsigned int want = reserved + n, cap = heap_cap;

    if (want > heap_cap) {
        while (cap < want)
            cap *= 2;
        if (resize_heaps(cap))
            return -ENOMEM;
    }
    reserved = want;
    return 0;
}

static struct hv_timer **heap_of(unsigned int cpu)
{
    BUG_ON(cpu >= nr_cpus || !heaps[cpu]);
    return heaps[cpu];
}

static void place(struct hv_timer **h, unsigned int i, struct hv_timer *t)
{
    h[i] = t;
    t->heap_idx = (int)i;
}

static void sift_up(struct hv_timer **h, unsigned int i)
{
    struct hv_timer *t = h[i];

    while (i) {
        unsigned int parent = (i - 1) / 2;

        if (h[parent]->expires <= t->expires)
            break;
        place(h, i, h[parent]);
        i = parent;
    }
    place(h, i, t);
}

static void sift_down(struct hv_timer **h, unsigned int n, unsigned int i)
{
    struct hv_timer *t = h[i];

    for (;;) {
        unsigned int c = 2 * i + 1;

        if (c >= n)
            break;
        if (c + 1 < n && h[c + 1]->expires < h[c]->expires)
            c++;
        if (t->expires <= h[c]->expires)
            break;
        place(h, i, h[c]);
        i = c;
    }
    place(h, i, t);
}

static void heap_remove(struct hv_timer *t)
{
    struct hv_timer **h = heaps[t->cpu];
    unsigned int i = (unsigned int)t->heap_idx, n = --heap_len[t->cpu];

    t->heap_idx = -1;
    if (i == n)
        return;
    place(h, i, h[n]);
    if (i && h[(i - 1) / 2]->expires > h[i]->expires)
        sift_up(h, i);
    else
        sift_down(h, n, i);
}

void timer_init(struct hv_timer *t, void (*fn)(struct hv_timer *t),
                struct vcpu *v)
{
    t->expires = 0;
    t->heap_idx = -1;
    t->cpu = 0;
    t->fn = fn;
    t->vcpu = v;
}

void timer_set(struct hv_timer *t, uint64_t expires, unsigned int cpu)
{
    struct hv_timer **h = heap_of(cpu);

    if (timer_active(t))
        heap_remove(t);
    t->expires = expires;
    t->cpu = cpu;
    BUG_ON(heap_len[cpu] >= heap_cap);
    place(h, heap_len[cpu]++, t);
    sift_up(h, (unsigned int)t->heap_idx);
    /* Earlier than what that CPU's APIC waits for: it must look again. */
    if (h[0] == t && cpu != smp_processor_id())
        smp_kick(cpu);
}

void timer_stop(struct hv_timer *t)
{
    if (timer_active(t))
        heap_remove(t);
}

void timer_run(void)
{
    unsigned int cpu = smp_processor_id();
    struct hv_timer **h = heaps[cpu];
    uint64_t now = now_ns();

    while (heap_len[cpu] && h[0]->expires <= now) {
        struct hv_timer *t = h[0];

        heap_remove(t);
        t->fn(t);               /* may arm it (or others) again */
    }
}

uint64_t timer_next(unsigned int cpu)
{
    uint64_t now = now_ns();

    if (!heap_len[cpu])
        return UINT64_MAX;
    return heaps[cpu][0]->expires > now ? heaps[cpu][0]->expires - now : 0;
}

unsigned int timer_count(void)
{
    unsigned int n = 0;

    /* The hypervisor's own (vcpu NULL: the console poll) do not count. */
    for (unsigned int c = 0; c < HV_MAX_CPUS; c++)
        for (unsigned int i = 0; i < heap_len[c]; i++)
            n += heaps[c][i]->vcpu != NULL;
    return n;
}

void timer_dump(void)
{
    uint64_t now = now_ns();

    printk(LOG_INFO, "timers: %u may be armed, heaps of %u each", reserved, heap_cap);
    for (unsigned int c = 0; c < nr_cpus; c++) {
        if (!heaps[c])
            continue;
        printk(LOG_INFO, "CPU%u: %u armed", c, heap_len[c]);
        /* The heap's first entries: the earliest, roughly in order. */
        for (unsigned int i = 0; i < heap_len[c] && i < 16; i++) {
            const struct hv_timer *t = heaps[c][i];
            int64_t in = (int64_t)(t->expires - now);

            if (t->vcpu)
                printk(LOG_INFO, "  in %lld us: d%u v%u %s", (long long)(in / 1000),
                       t->vcpu->domain->domid, t->vcpu->id,
                       t == &t->vcpu->periodic_timer ? "periodic" :
                       t == &t->vcpu->singleshot_timer ? "single-shot" : "poll");
            else
                printk(LOG_INFO, "  in %lld us: hypervisor", (long long)(in / 1000));
        }
    }
}
