/* SPDX-License-Identifier: MIT */
/*
 * The door from arch-neutral code to arch/: every hook common code may call.
 * Arch differences are settled at link time; no #ifdef in callers.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/types.h>
#include <asm/layout.h>

/* arch_cpu_relax - pause in a spin loop. */
void arch_cpu_relax(void);

/* arch_read_cycles - a monotonic cycle counter (the TSC). */
uint64_t arch_read_cycles(void);

/* arch_tsc_khz - calibrated TSC frequency in kHz (0 before calibration). */
uint64_t arch_tsc_khz(void);

/* arch_rtc_seconds - seconds since the epoch from the RTC (0 if unreadable). */
uint64_t arch_rtc_seconds(void);

/* arch_backtrace - print the call chain of the caller, from its frame. */
void arch_backtrace(void);

/* What stopping the machine means. */
enum stop_action {
    STOP_HALT,                  /* halt the CPU, leave the machine on */
    STOP_POWEROFF,              /* ACPI soft off (S5); halt if that fails */
    STOP_REBOOT,                /* reset the machine */
};

/*
 * arch_machine_stop - stop the machine for good. In test mode QEMU exits
 * with @code (0 = success, else failure) whatever @action says; otherwise
 * @action is carried out.
 */
void arch_machine_stop(int code, enum stop_action action) __noreturn;

/* arch_poweroff_ready - can the machine switch itself off (ACPI S5 found)? */
bool arch_poweroff_ready(void);

/* arch_irq_disable/enable - mask or unmask interrupts on this CPU. */
void arch_irq_disable(void);
void arch_irq_enable(void);

/* Inter-processor interrupts (hv/smp.h says what each means). */
enum ipi_kind {
    IPI_EVENT_CHECK,            /* leave the guest or halt, look at work */
    IPI_FLUSH,                  /* flush the TLB and acknowledge (no lock) */
    IPI_STOP,                   /* halt for good (no lock) */
};

/* arch_send_ipi - interrupt CPU @cpu with @kind. */
void arch_send_ipi(unsigned int cpu, enum ipi_kind kind);

/* arch_flush_tlb_local - flush this CPU's TLB, global entries included. */
void arch_flush_tlb_local(void);

/* Address translation for RAM through the direct map. */
static inline void *phys_to_virt(paddr_t pa)
{
    return (void *)(uintptr_t)(pa + DIRECTMAP_VIRT_START);
}

static inline paddr_t virt_to_phys(const void *va)
{
    return (paddr_t)(uintptr_t)va - DIRECTMAP_VIRT_START;
}

#endif /* HV_ARCH_H */
