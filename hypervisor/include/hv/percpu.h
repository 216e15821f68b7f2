/* SPDX-License-Identifier: MIT */
/*
 * Physical CPUs: what the hypervisor keeps per CPU, and how code finds its
 * own (this_pcpu(), current). The arch finds struct pcpu from the stack
 * (asm/percpu.h), so it works from any hypervisor context, interrupts and
 * IST handlers included.
 */
#ifndef HV_PERCPU_H
#define HV_PERCPU_H

#include <hv/types.h>
#include <asm/percpu.h>

#define HV_MAX_CPUS     64

struct vcpu;

struct pcpu {
    unsigned int id;            /* 0 = the boot CPU */
    uint32_t apic_id;
    bool online;                /* brought up and taking work */
    struct vcpu *curr;          /* running vCPU; NULL while idle */
    struct vcpu *last_loaded;   /* whose state the CPU holds (arch) */
    bool need_resched;          /* reschedule at the next exit to a guest */
    uint64_t slice_end;         /* system time the running slice ends */
    uint64_t idle_ns;           /* time spent halted */
    uint64_t idle_since;        /* system time idling began, 0 if busy */
    uint64_t running_since;     /* system time curr was switched in */
    uint64_t timer_irqs;        /* local timer interrupts taken */
    volatile uint32_t flush_req;        /* remote TLB flush asked (smp.c) */
    unsigned int hv_depth;      /* nesting of the hypervisor lock here (smp.h) */
    union {
        struct {
            bool hc_started;    /* the running hypercall's preemption clock runs */
            bool hc_preempted;  /* it asked to be continued */
        };
        uint16_t hc_flags;      /* both, cleared in one store */
    };
    uint64_t hc_start;          /* when its clock started (cycles) */
    uint64_t *hc_mc_args;       /* the multicall entry being run, or NULL */
    void *arch;                 /* arch per-CPU state (TSS, GDT page) */
};
_Static_assert(sizeof(struct pcpu) <= CPUINFO_SIZE - CPUINFO_PCPU, "pcpu fits cpu_info");

/* Every CPU's struct pcpu (in its stack block), NULL for CPUs not set up. */
extern struct pcpu *pcpus[HV_MAX_CPUS];
extern unsigned int nr_cpus;    /* CPUs online */

/*
 * This CPU's: in the cpu_info of the stack block it runs on. (The boot
 * CPU uses the one of the boot stack until it moves to its own block.)
 */
static inline struct pcpu *this_pcpu(void)
{
    return (struct pcpu *)(cpu_info_addr() + CPUINFO_PCPU);
}

static inline unsigned int smp_processor_id(void)
{
    return this_pcpu()->id;
}

/* The vCPU running on this CPU (NULL while the hypervisor idles). */
#define current (this_pcpu()->curr)

#endif /* HV_PERCPU_H */
