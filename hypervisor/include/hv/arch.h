/* SPDX-License-Identifier: MIT */
/*
 * The door from arch-neutral code to arch/: every hook common code may call.
 * Arch differences are settled at link time; no #ifdef in callers.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/types.h>
#include <asm/layout.h>

struct domain;
struct vcpu;

/* arch_cpu_relax - pause in a spin loop. */
void arch_cpu_relax(void);

/* arch_read_cycles - a monotonic cycle counter (the TSC). */
uint64_t arch_read_cycles(void);

/*
 * arch_console_getc - the next byte received on the serial console, or -1
 * if none is waiting (or there is no serial port). Polled (console_input.c).
 */
int arch_console_getc(void);

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

/*
 * arch_clear_frames - zero the @nr machine frames from @mfn (the frame
 * allocator's scrubbing; the frames are no one's, the lock is held).
 */
void arch_clear_frames(mfn_t mfn, mfn_t nr);

/* arch_flush_tlb_local - flush this CPU's TLB, global entries included. */
void arch_flush_tlb_local(void);

/*
 * Grant mappings in the guest's page tables (arch/x86_64/pv/grant_map.c).
 * The mapping entry holds the frame's references itself (hv/grant_table.h).
 *
 * arch_gnttab_map - map @frame of @owner at @addr for vCPU @v as GNTMAP_*
 * @flags say (@addr a virtual address, or with GNTMAP_contains_pte the
 * machine address of the L1 entry), taking a general and, if writable, a
 * writable type reference; *@pte_ma is set to the entry's machine address.
 * Returns GNTST_okay, or GNTST_general_error (no L1 of the domain there,
 * frame not @owner's, or a page table that cannot be mapped writable).
 */
int arch_gnttab_map(struct vcpu *v, uint64_t addr, uint32_t flags,
                    mfn_t frame, struct domain *owner, uint64_t *pte_ma);

/*
 * arch_gnttab_unmap - clear the entry @addr names (as for map) if it maps
 * @frame present and with the access @flags gave. Returns GNTST_okay or
 * GNTST_general_error (no such entry). The caller flushes the TLBs of the
 * domain (flush_tlb_domain).
 */
int arch_gnttab_unmap(struct vcpu *v, uint64_t addr, uint32_t flags, mfn_t frame);

/*
 * arch_gnttab_release - clear the entry at machine address @pte_ma if it
 * is still in a live L1 table of @d and maps @frame with @flags' access.
 */
void arch_gnttab_release(struct domain *d, uint64_t pte_ma, uint32_t flags, mfn_t frame);

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
