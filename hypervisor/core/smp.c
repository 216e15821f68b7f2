/* SPDX-License-Identifier: MIT */
/* The hypervisor lock, kicks and remote TLB flushes (hv/smp.h). */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/percpu.h>
#include <hv/smp.h>

#define NO_CPU (~0u)

static struct {
    volatile uint32_t locked;
    volatile unsigned int owner;
    unsigned int depth;
} hvl = { 0, NO_CPU, 0 };

bool hv_lock_held(void)
{
    return hvl.locked && hvl.owner == smp_processor_id();
}

void hv_lock(void)
{
    unsigned int me = smp_processor_id();

    if (hvl.locked && hvl.owner == me) {
        hvl.depth++;
        return;
    }
    while (__atomic_exchange_n(&hvl.locked, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&hvl.locked, __ATOMIC_RELAXED)) {
            arch_cpu_relax();
            smp_poll();         /* the holder may be waiting for us */
        }
    hvl.owner = me;
    hvl.depth = 1;
}

void hv_unlock(void)
{
    BUG_ON(!hv_lock_held());
    if (--hvl.depth)
        return;
    hvl.owner = NO_CPU;
    __atomic_store_n(&hvl.locked, 0, __ATOMIC_RELEASE);
}

void hv_unlock_all(void)
{
    if (!hv_lock_held())
        return;
    hvl.depth = 0;
    hvl.owner = NO_CPU;
    __atomic_store_n(&hvl.locked, 0, __ATOMIC_RELEASE);
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

void flush_tlb_domain(struct domain *d)
{
    unsigned int me = smp_processor_id();

    for (unsigned int c = 0; c < nr_cpus; c++) {
        struct pcpu *p = pcpus[c];

        if (c == me || !p || !p->online || !p->curr || p->curr->domain != d)
            continue;
        __atomic_store_n(&p->flush_req, 1, __ATOMIC_RELEASE);
        arch_send_ipi(c, IPI_FLUSH);
    }
    arch_flush_tlb_local();
    for (unsigned int c = 0; c < nr_cpus; c++)
        while (pcpus[c] && __atomic_load_n(&pcpus[c]->flush_req, __ATOMIC_ACQUIRE))
            arch_cpu_relax();
}

void smp_stop_others(void)
{
    unsigned int me = smp_processor_id();

    for (unsigned int c = 0; c < nr_cpus; c++)
        if (c != me && pcpus[c] && pcpus[c]->online)
            arch_send_ipi(c, IPI_STOP);
}
