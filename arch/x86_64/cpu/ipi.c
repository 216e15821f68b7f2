/* SPDX-License-Identifier: MIT */
/*
 * Inter-processor interrupts through the local APIC. EVENT_CHECK takes the
 * normal interrupt path (hypervisor lock, then the exit to the guest looks
 * at need_resched and pending events); FLUSH and STOP are handled before
 * the lock (trap_dispatch), because the CPU that sent them may hold it.
 */
#include <hv/arch.h>
#include <hv/percpu.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/setup.h>

static const uint8_t ipi_vector[] = {
    [IPI_EVENT_CHECK] = IPI_EVENT_CHECK_VECTOR,
    [IPI_FLUSH] = IPI_FLUSH_VECTOR,
    [IPI_STOP] = IPI_STOP_VECTOR,
};

void arch_send_ipi(unsigned int cpu, enum ipi_kind kind)
{
    apic_send_ipi(pcpus[cpu]->apic_id, ipi_vector[kind]);
}

void arch_flush_tlb_local(void)
{
    flush_tlb_global();
}

static void event_check_irq(struct cpu_regs *regs)
{
    (void)regs;
    apic_eoi();
    /* A timer may have been armed here from elsewhere: wait for the right one. */
    if (sched_started)
        sched_arm_timer();
    /* The rest happens on the way out (reschedule, pending events). */
}

bool ipi_lockless(struct cpu_regs *regs)
{
    switch (regs->vector) {
    case IPI_FLUSH_VECTOR:
        apic_eoi();
        smp_poll();
        return true;
    case IPI_STOP_VECTOR:
        apic_eoi();
        for (;;)
            __asm__ volatile("cli; hlt");
    default:
        return false;
    }
}

void smp_init(void)
{
    irq_set_handler(IPI_EVENT_CHECK_VECTOR, event_check_irq);
}
