/* SPDX-License-Identifier: MIT */
/* The hypervisor lock, kicks and remote TLB flushes (hv/smp.h). */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/percpu.h>
#include <hv/smp.h>

volatile uint32_t hv_lock_word;

void hv_lock_slow(uint32_t me)
{
    for (;;) {
        uint32_t free = 0;

        while (__atomic_load_n(&hv_lock_word, __ATOMIC_RELAXED)) {
            arch_cpu_relax();
            smp_poll();         /* the holder may be waiting for us */
        }
        if (__atomic_compare_exchange_n(&hv_lock_word, &free, me, false,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return;
    }
}

void hv_lock_bad_release(uint32_t word)
{
    panic("CPU%u released the hypervisor lock held by %d", smp_processor_id(),
          (int)word - 1);
}

void hv_unlock(void)
{
    struct pcpu *p = this_pcpu();

    BUG_ON(!p->hv_depth);
    if (--p->hv_depth)
        return;
    if (unlikely(hv_lock_word != p->id + 1))
        hv_lock_bad_release(hv_lock_word);
    __atomic_store_n(&hv_lock_word, 0, __ATOMIC_RELEASE);
}

void smp_poll(void)
{
    struct pcpu *p = this_pcpu();

    if (__atomic_load_n(&p->flush_req, __ATOMIC_ACQUIRE)) {
        arch_flush_tlb_local();
        __atomic_store_n(&p->flush_req, 0, __ATOMIC_RELEASE);
    }
}

void smp_kick(unsigned int cpu)
{
    if (cpu != smp_processor_id() && pcpus[cpu] && pcpus[cpu]->online)
        arch_send_ipi(cpu, IPI_EVENT_CHECK);
}

/* Flush this CPU and every other online CPU @want(p, d) picks; wait. */
static void flush_cpus(bool (*want)(const struct pcpu *p, const struct domain *d),
                       const struct domain *d)
{
    unsigned int me = smp_processor_id();

    for (unsigned int c = 0; c < nr_cpus; c++) {
        struct pcpu *p = pcpus[c];

        if (c == me || !p || !p->online || !want(p, d))
            continue;
        __atomic_store_n(&p->flush_req, 1, __ATOMIC_RELEASE);
        arch_send_ipi(c, IPI_FLUSH);
    }
    arch_flush_tlb_local();
    for (unsigned int c = 0; c < nr_cpus; c++)
        while (pcpus[c] && __atomic_load_n(&pcpus[c]->flush_req, __ATOMIC_ACQUIRE))
            arch_cpu_relax();
}

static bool runs_domain(const struct pcpu *p, const struct domain *d)
{
    return p->curr && p->curr->domain == d;
}

static bool any_cpu(const struct pcpu *p, const struct domain *d)
{
    (void)p, (void)d;
    return true;
}

void flush_tlb_domain(struct domain *d)
{
    flush_cpus(runs_domain, d);
}

void flush_tlb_all_cpus(void)
{
    flush_cpus(any_cpu, NULL);
}

void smp_stop_others(void)
{
    unsigned int me = smp_processor_id();

    for (unsigned int c = 0; c < nr_cpus; c++)
        if (c != me && pcpus[c] && pcpus[c]->online)
            arch_send_ipi(c, IPI_STOP);
}
