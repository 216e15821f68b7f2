/* SPDX-License-Identifier: MIT */
/*
 * Bringing up the other CPUs: for each CPU the MADT lists, build its
 * per-CPU window, copy the trampoline (entry/trampoline.S) to the low page
 * with that CPU's stack, and send INIT, SIPI, SIPI (the universal start-up
 * algorithm of Intel's MP specification). The CPU comes up in ap_start(),
 * sets up its tables, syscall MSRs and local APIC, says it is online and
 * waits for the scheduler to start.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/lib.h>
#include <hv/percpu.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/setup.h>

paddr_t trampoline_phys;

extern const char trampoline_start[], trampoline_end[];
extern const char tr_gdtr[], tr_pm_ptr[], tr_lm_ptr[], tr_cr3[], tr_efer[];
extern const char tr_stack[], tr_entry[];
extern const uint32_t tr_gdt_off, tr_pm_off, tr_lm_off;
void ap_start64(void);
void ap_start(void) __noreturn;

#define ICR_INIT        0x00004500      /* INIT, level assert */
#define ICR_STARTUP     0x00004600      /* start-up IPI, vector = page */

static volatile bool smp_go;            /* the scheduler runs: APs may join */

static void udelay(uint64_t us)
{
    uint64_t t0 = arch_read_cycles(), n = arch_tsc_khz() * us / 1000;

    while (arch_read_cycles() - t0 < n)
        arch_cpu_relax();
}

/* A field of the low copy, at the same offset as @sym in the template. */
#define TR_FIELD(base, sym, type) \
    (*(type *)((uint8_t *)(base) + ((sym) - trampoline_start)))

void ap_start(void)
{
    struct pcpu *p = this_pcpu();

    cpu_load_percpu_tables(p->id, p->arch);
    write_cr4(read_cr4() | X86_CR4_PGE);
    pv_cpu_init(p->id);
    apic_cpu_init();
    __atomic_store_n(&p->online, true, __ATOMIC_RELEASE);
    while (!smp_go) {
        arch_cpu_relax();
        smp_poll();             /* a flush another CPU waits for */
    }
    sched_start_cpu();
}

void smp_release_cpus(void)
{
    smp_go = true;
}

static bool start_cpu(void *low, unsigned int cpu, uint32_t apic_id)
{
    struct pcpu *p;
    uint64_t t0;

    if (percpu_setup(cpu, apic_id)) {
        printk(LOG_ERR, "SMP: no memory for CPU%u", cpu);
        return false;
    }
    p = pcpus[cpu];
    /* Below the guest register frame, as the boot CPU (setup.c). */
    TR_FIELD(low, tr_stack, uint64_t) = (uint64_t)((struct cpu_regs *)cpu_info_of(cpu) - 1);
    barrier();

    apic_send_ipi(apic_id, ICR_INIT);
    udelay(10000);
    for (unsigned int i = 0; i < 2 && !p->online; i++) {
        apic_send_ipi(apic_id, ICR_STARTUP | (uint32_t)(trampoline_phys >> 12));
        t0 = arch_read_cycles();
        /* 200 us for the first to land, then up to a second for the CPU. */
        while (!__atomic_load_n(&p->online, __ATOMIC_ACQUIRE) &&
               arch_read_cycles() - t0 < arch_tsc_khz() * (i ? 1000 : 1))
            arch_cpu_relax();
    }
    if (!p->online) {
        printk(LOG_ERR, "SMP: CPU%u (APIC %u) did not start", cpu, apic_id);
        pcpus[cpu] = NULL;
        return false;
    }
    return true;
}

void smp_boot_cpus(void)
{
    uint32_t self = pcpus[0]->apic_id;
    unsigned int want = MIN(acpi_nr_cpus, (unsigned int)HV_MAX_CPUS);
    paddr_t base = trampoline_phys;
    void *low;

    if (want <= 1 || hv_opts.max_cpus <= 1)
        return;
    if (!base) {
        printk(LOG_WARN, "SMP: no free page below 1 MiB, one CPU only");
        return;
    }
    low = ioremap(base, PAGE_SIZE, true);
    if (!low)
        return;
    memcpy(low, trampoline_start, (size_t)(trampoline_end - trampoline_start));
    memcpy((uint8_t *)low + (tr_gdtr - trampoline_start) + 2,
           &(uint32_t){ (uint32_t)base + tr_gdt_off }, 4);
    TR_FIELD(low, tr_pm_ptr, uint32_t) = (uint32_t)base + tr_pm_off;
    TR_FIELD(low, tr_lm_ptr, uint32_t) = (uint32_t)base + tr_lm_off;
    TR_FIELD(low, tr_cr3, uint32_t) = (uint32_t)paging_idle_root();
    TR_FIELD(low, tr_efer, uint32_t) =
        (uint32_t)(rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE | EFER_SCE));
    TR_FIELD(low, tr_entry, uint64_t) = (uint64_t)(uintptr_t)ap_start64;
    BUG_ON(paging_idle_root() >> 32);
    paging_low_identity(true);

    for (unsigned int i = 0; i < acpi_nr_cpus && nr_cpus < want &&
                             nr_cpus < hv_opts.max_cpus; i++) {
        if (acpi_cpu_apic_id[i] == self)
            continue;
        if (start_cpu(low, nr_cpus, acpi_cpu_apic_id[i]))
            nr_cpus++;
    }
    paging_low_identity(false);
    printk(LOG_INFO, "SMP: %u CPU%s online", nr_cpus, nr_cpus == 1 ? "" : "s");
}
