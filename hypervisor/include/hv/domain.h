/* SPDX-License-Identifier: MIT */
/*
 * Domains and virtual CPUs: what the hypervisor knows of each guest.
 *
 * A domain owns frames (frame.owner == domid, each on d->frames; each owned
 * frame holds one general reference for as long as it is owned), a
 * shared_info page and up to HV_MAX_VCPUS vCPUs. `current` (hv/percpu.h)
 * is the vCPU whose state is in the frame at the top of the hypervisor
 * stack.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <hv/types.h>
#include <hv/frame.h>
#include <hv/percpu.h>
#include <hv/timer.h>
#include <asm/domain.h>
#include <public/vcpu.h>

/*
 * Domain ids 0 .. HV_MAX_DOMAINS - 1: every id Xen allows (below
 * DOMID_FIRST_RESERVED). Nothing is sized by it but a 64-entry directory:
 * the id table grows a page (512 ids) at a time (domain.c).
 */
#define HV_MAX_DOMAINS  0x7FF0
#define HV_MAX_VCPUS    8
#define DOMAIN_NAME_MAX 64

struct domain;
struct shared_info;
struct vcpu_info;

struct vcpu {
    unsigned int id;
    struct domain *domain;
    struct vcpu_info *vcpu_info;        /* hypervisor view of the guest's vcpu_info */
    bool online;                        /* up (VCPUOP_up), not down */
    bool initialised;                   /* has a context (built, VCPUOP_initialise) */
    bool blocked;                       /* SCHEDOP_block/poll: waits for an event */
    bool running;                       /* on a CPU now */
    bool yielded;                       /* SCHEDOP_yield: others first */
    unsigned int processor;             /* the CPU it runs or last ran on */
    unsigned int pause_count;           /* vcpu pauses (toolstack) */
    uint64_t affinity;                  /* CPUs it may run on, a bit each */
    uint64_t vtime;                     /* run time scaled by 256/weight (sched.c) */
    struct vcpu_runstate_info runstate; /* where its time went */
    uint64_t runstate_guest;            /* guest VA of its runstate copy, 0 = none */
    bool polling;                       /* blocked in SCHEDOP_poll */
    int poll_port;                      /* the one port it polls, -1 = several */
    struct hv_timer poll_timer;         /* SCHEDOP_poll's timeout */
    struct hv_timer singleshot_timer;   /* set_timer_op, VCPUOP single-shot */
    struct hv_timer periodic_timer;     /* VCPUOP periodic */
    uint64_t periodic_period;           /* periodic timer: ns, 0 = off */
    uint64_t periodic_last;             /* system time of its last tick */
    unsigned int sched_index;           /* position in the scheduler's list */
    bool on_runq;                       /* on the scheduler's run list */
    uint32_t virq_to_port[24];          /* NR_VIRQS: bound port, 0 if none */
    struct arch_vcpu arch;
};

/* domain.shutdown_reason when not shut down */
#define SHUTDOWN_NONE   (-1)

struct domain {
    uint16_t domid;
    bool privileged;                    /* dom0: console read, platform ops */
    /*
     * The domain that created it with domctl createdomain (the toolstack's),
     * the only one that may populate or map its memory; DOMID_XEN for
     * dom0 and boot-time domains.
     */
    uint16_t builder;
    bool dying;                         /* being destroyed: never runs again */
    unsigned int pause_count;           /* domain pauses (toolstack, build) */
    unsigned int weight;                /* credit scheduler weight (256) */
    unsigned int cap;                   /* % of one CPU per period, 0 = none */
    struct domain *cap_next;            /* capped domains, while cap (sched.c) */
    struct domain **cap_pprev;
    uint64_t cap_used;                  /* ns run in this cap period */
    uint64_t cpu_time;                  /* ns run by all its vCPUs */
    int shutdown_reason;                /* SHUTDOWN_* or SHUTDOWN_NONE */
    int shutdown_code;                  /* SCHEDOP_shutdown_code, or SHUTDOWN_NONE */
    bool console_sol;                   /* console_io: at the start of a line */
    char name[DOMAIN_NAME_MAX];

    uint64_t max_pages;                 /* limit on tot_pages */
    uint64_t tot_pages;                 /* frames owned but grant-table ones */
    struct frame_list frames;           /* every frame owned (hv/frame.h) */

    mfn_t shared_info_mfn;
    struct shared_info *shared_info;    /* through the direct map */

    unsigned long vm_assist;            /* VMASST_TYPE_* bits enabled */
    struct evtchn *evtchn;              /* ports 0 .. evtchn_nr - 1 (evtchn.c) */
    unsigned int evtchn_nr;             /* ports in evtchn[]: grows to max + 1 */
    unsigned int max_evtchn_port;       /* highest usable port */
    struct grant_table *grant_table;    /* hv/grant_table.h */
    unsigned int nr_vcpus;
    struct vcpu *vcpus[HV_MAX_VCPUS];
    struct domain *next;                /* list of all domains (domain.c) */
    struct domain **pprev;              /* the pointer that points at this one */
};


/*
 * domain_create - a new, empty, paused domain @domid with one vCPU.
 * Returns it, or NULL (domid in use or out of range, no memory).
 */
struct domain *domain_create(uint16_t domid, bool privileged, const char *name);

/*
 * domain_set_max_vcpus - give @d vCPUs 0..@n-1 (the new ones down, for the
 * guest to start with VCPUOP_initialise/up). -EINVAL for 0 or more than
 * HV_MAX_VCPUS, -EBUSY to shrink, -ENOMEM.
 */
int domain_set_max_vcpus(struct domain *d, unsigned int n);

/* domain_lookup - the live domain @domid, or NULL. */
struct domain *domain_lookup(uint16_t domid);

/*
 * domain_from - the domain with the least id >= @domid, or NULL. Skips
 * 512 unused ids at a time (toolstack listings).
 */
struct domain *domain_from(unsigned int domid);

/* domain_free_id - the next unused id after the last it gave (wrapping, never 0), or 0 if every id is used. */
uint16_t domain_free_id(void);

/*
 * domain_first - the first of all domains (in creation order); follow
 * d->next. For loops over the domains that exist, never over every id.
 */
struct domain *domain_first(void);

/* domain_count - domains that exist (dying ones included). */
unsigned int domain_count(void);

/*
 * domain_alloc_frame - take one free frame for @d: zeroed, owned by @d,
 * holding its ownership reference. Returns MFN_INVALID when the domain is
 * at max_pages or memory is exhausted.
 */
mfn_t domain_alloc_frame(struct domain *d);

/*
 * domain_alloc_frames - the same for 2^@order contiguous frames (naturally
 * aligned), each then @d's on its own (freed one by one). Returns the
 * first MFN, or MFN_INVALID as above or when no such block is free.
 */
mfn_t domain_alloc_frames(struct domain *d, unsigned int order);

/*
 * domain_shutdown - record that @d (the caller's domain) shut down with
 * @reason (SHUTDOWN_poweroff/reboot/crash/...) and act on it: for dom0 the
 * machine stops (powers off, resets, or for crash/watchdog does what
 * on_panic= says); another domain is killed and destroyed.
 */
void domain_shutdown(struct domain *d, int reason) __noreturn;

/*
 * domain_stop - @d shut down with @reason, as domain_shutdown says, but
 * returns (for another domain than the caller's, e.g. the toolstack's).
 */
void domain_stop(struct domain *d, int reason);

/*
 * domain_kill - @d never runs again; it is destroyed (every frame, port,
 * grant, timer and vCPU given back) as soon as no CPU runs it.
 */
void domain_kill(struct domain *d);

/*
 * domain_reap - destroy the killed domains no CPU runs any more; stop the
 * machine if none is left. Called by the scheduler.
 */
void domain_reap(void);

/* domain_pause/domain_unpause - counted pauses (toolstack, building). */
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/* domain_note_boot_memory - remember the free frames after boot (destroy logs it). */
void domain_note_boot_memory(void);

/*
 * domain_abort - a domain whose building failed: it never runs and is
 * destroyed by the scheduler's first look.
 */
void domain_abort(struct domain *d);

/*
 * domain_crash - the domain broke the rules or faulted beyond repair: log
 * @why with its state and shut it down as crashed. Never returns to it.
 */
void domain_crash(struct domain *d, const char *why, ...) __printf(2, 3) __noreturn;

struct pvisor_sysctl_accounting;

/*
 * domain_account - fill @a (public/domctl.h) for the first domain, live or
 * dying, whose id >= @a->domain (core/accounting.c).
 * Returns 0; -ESRCH if there is none; -EIO if its frame list does not hold
 * exactly the frames the frame table says it owns (a bug, logged).
 */
long domain_account(struct pvisor_sysctl_accounting *a) __must_check;

#endif /* HV_DOMAIN_H */
