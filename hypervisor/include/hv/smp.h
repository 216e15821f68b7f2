/* SPDX-License-Identifier: MIT */
/*
 * Many CPUs: the hypervisor lock, inter-processor interrupts and remote
 * TLB flushes.
 *
 * Locking: one hypervisor lock (hv_lock) serialises all hypervisor work on
 * shared state. A CPU takes it when it enters the hypervisor from a guest
 * (hypercall, exception, interrupt) or leaves the idle loop, and drops it
 * on its way back into a guest or into halt. Guest code runs on all CPUs
 * at once; only hypervisor work is serialised, and PV guests spend little
 * time there. Nothing else may be held across taking it, and the few
 * things that must work while another CPU holds it (remote TLB flushes,
 * the idle wake-up) do not take it. docs/architecture.md has the rationale
 * and the plan for finer locks.
 */
#ifndef HV_SMP_H
#define HV_SMP_H

#include <hv/types.h>
#include <hv/percpu.h>

struct domain;

/*
 * The lock word: 0 free, else the holder's CPU number + 1 (so a release
 * by a CPU that does not hold it is caught); each CPU counts its own
 * nesting (pcpu.hv_depth).
 */
extern volatile uint32_t hv_lock_word;

/* hv_lock_slow - wait for the lock (serving flush requests meanwhile). */
void hv_lock_slow(uint32_t me);

/* hv_lock_bad_release - a CPU released a lock it did not hold: fatal. */
void hv_lock_bad_release(uint32_t word) __noreturn;

/* hv_lock_held - does this CPU hold the hypervisor lock? */
static inline bool hv_lock_held(void)
{
    return this_pcpu()->hv_depth != 0;
}

/* hv_lock_on - hv_lock() for CPU @p, which must be this one. */
static inline void hv_lock_on(struct pcpu *p)
{
    uint32_t free = 0;

    if (p->hv_depth++)
        return;
    if (!__atomic_compare_exchange_n(&hv_lock_word, &free, p->id + 1, false,
                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        hv_lock_slow(p->id + 1);
}

/* hv_lock - take the hypervisor lock (nests on the CPU that holds it). */
static inline void hv_lock(void)
{
    hv_lock_on(this_pcpu());
}

/* hv_unlock - undo one hv_lock(). */
void hv_unlock(void);

/* hv_unlock_all_on - hv_unlock_all() for CPU @p, which must be this one. */
static inline void hv_unlock_all_on(struct pcpu *p)
{
    if (!p->hv_depth)
        return;
    p->hv_depth = 0;
    if (unlikely(hv_lock_word != p->id + 1))
        hv_lock_bad_release(hv_lock_word);
    __atomic_store_n(&hv_lock_word, 0, __ATOMIC_RELEASE);
}

/* hv_unlock_all - drop the lock whatever the nesting: leaving for a guest. */
static inline void hv_unlock_all(void)
{
    hv_unlock_all_on(this_pcpu());
}

/* smp_kick - make CPU @cpu leave its guest (or halt) and look at its work. */
void smp_kick(unsigned int cpu);

/*
 * flush_tlb_domain - flush the TLB of every CPU that runs a vCPU of @d,
 * this one included, and wait until they have. Called with the lock held.
 */
void flush_tlb_domain(struct domain *d);

/* flush_tlb_all_cpus - flush every online CPU's TLB and wait for them. */
void flush_tlb_all_cpus(void);

/* smp_poll - work another CPU asked of this one (lock spin, idle). */
void smp_poll(void);

/* smp_release_cpus - let the other CPUs into the scheduler. */
void smp_release_cpus(void);

/* smp_stop_others - halt every other CPU (machine stop, panic). */
void smp_stop_others(void);

/* smp_init - IPI vectors (the boot CPU, before smp_boot_cpus). */
void smp_init(void);

#endif /* HV_SMP_H */
