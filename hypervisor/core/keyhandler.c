/* SPDX-License-Identifier: MIT */
/*
 * Debug keys: single keys typed at the serial console while its input is
 * switched to the hypervisor (console_input.c) dump hypervisor state into
 * the log, as Xen's keyhandlers do. One table gives the keys and `h`.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <public/xen.h>

static void show_help(void);

static const char *const runstate_name[] = { "running", "runnable", "blocked", "offline" };

/* 'q': every domain and its vCPUs: state, runstate times, pending events. */
static void dump_domains(void)
{
    uint64_t now = now_ns();

    for (struct domain *d = domain_first(); d; d = d->next) {
        printk(LOG_INFO, "d%u (%s)%s%s%s%s: pages %llu/%llu, cpu %llu ms, weight %u, cap %u",
               d->domid, d->name, d->privileged ? " privileged" : "",
               d->dying ? " dying" : "", d->pause_count ? " paused" : "",
               d->shutdown_reason != SHUTDOWN_NONE ? " shut-down" : "",
               (unsigned long long)d->tot_pages, (unsigned long long)d->max_pages,
               (unsigned long long)(d->cpu_time / 1000000), d->weight, d->cap);
        for (unsigned int i = 0; i < d->nr_vcpus; i++) {
            struct vcpu *v = d->vcpus[i];
            const struct vcpu_runstate_info *r = &v->runstate;
            uint64_t t[4];

            sched_runstate_update(v);
            for (unsigned int s = 0; s < 4; s++)
                t[s] = r->time[s] + (s == (unsigned int)r->state ? now - r->state_entry_time : 0);
            printk(LOG_INFO, "  v%u: %s on CPU%u%s; ms running %llu runnable %llu "
                   "blocked %llu offline %llu; upcall pending %u mask %u sel %#llx",
                   v->id, runstate_name[r->state & 3], v->processor,
                   v->polling ? " (poll)" : "",
                   (unsigned long long)(t[0] / 1000000), (unsigned long long)(t[1] / 1000000),
                   (unsigned long long)(t[2] / 1000000), (unsigned long long)(t[3] / 1000000),
                   v->vcpu_info->evtchn_upcall_pending, v->vcpu_info->evtchn_upcall_mask,
                   (unsigned long long)v->vcpu_info->evtchn_pending_sel);
        }
    }
}

/* 'm': free memory and what each domain holds. */
static void dump_memory(void)
{
    uint64_t held = 0;

    printk(LOG_INFO, "memory: %llu frames tracked, %llu free (%llu MiB)",
           (unsigned long long)frame_table_size, (unsigned long long)frame_free_count(),
           (unsigned long long)(frame_free_count() >> (20 - PAGE_SHIFT)));
    for (struct domain *d = domain_first(); d; d = d->next) {
        held += d->tot_pages;
        printk(LOG_INFO, "  d%u (%s): %llu frames of %llu allowed", d->domid, d->name,
               (unsigned long long)d->tot_pages, (unsigned long long)d->max_pages);
    }
    printk(LOG_INFO, "%u domains hold %llu frames", domain_count(), (unsigned long long)held);
}

/* 'e': the event channels of each domain. */
static void dump_evtchn(void)
{
    for (struct domain *d = domain_first(); d; d = d->next)
        evtchn_dump(d);
}

static const struct keyhandler {
    char key;
    void (*fn)(void);
    const char *what;
} keys[] = {
    { 'h', show_help, "show this list" },
    { 'q', dump_domains, "domains and vCPUs: state, runstate times, pending events" },
    { 'r', sched_dump, "the scheduler: CPUs and the vCPUs that run or wait" },
    { 'm', dump_memory, "memory: free frames, each domain's pages" },
    { 'e', dump_evtchn, "event channels of each domain" },
    { 't', timer_dump, "timers armed on each CPU" },
};

static void show_help(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
        printk(LOG_INFO, " key '%c': %s", keys[i].key, keys[i].what);
}

void keyhandler_run(char key)
{
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        if (keys[i].key == key) {
            printk(LOG_INFO, "'%c' pressed -> %s", key, keys[i].what);
            keys[i].fn();
            return;
        }
    }
    printk(LOG_INFO, "key %#x: no debug key ('h' lists them)", (unsigned char)key);
}
