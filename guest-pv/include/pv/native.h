/* SPDX-License-Identifier: MIT */
/*
 * Running the same kernel on bare x86-64 (no hypervisor): the native
 * pv_ops and what replaces the hypervisor's start of day.
 *
 * The kernel's own boot code (a multiboot entry, for QEMU -kernel) enters
 * long mode with its image mapped at the same virtual base as under PV and
 * calls pv_native_init() and pv_boot_init_native(); from then on the same
 * libpv calls work. Natively: the CPU's own IDT, GDT, TSS and `syscall`
 * MSRs; "events" are the 8259 PIC's IRQ 0 from the 8254 PIT (the one-shot
 * timer, as VIRQ_TIMER on port PV_NATIVE_TIMER_PORT); the clock is the TSC
 * calibrated against the PIT; the console is COM1. A small in-kernel stand-in
 * (pv_hypercall_local) answers the hypercalls libpv's event, console and
 * time code make.
 *
 * Frame numbers: natively a "PFN" counts pages from the image's physical
 * load address, so VA = virt_base + pfn * 4K holds as under PV, and
 * pfn_to_frame() adds the load address.
 */
#ifndef PV_NATIVE_H
#define PV_NATIVE_H

#include <pv/defs.h>
#include <pv/pv_ops.h>

/* The port the PIT timer's interrupt is reported on (VIRQ_TIMER's binding). */
#define PV_NATIVE_TIMER_PORT 1

#ifndef __ASSEMBLER__

extern const struct pv_ops pv_ops_native;

/*
 * pv_native_init - GDT with user segments and a TSS, the PIC (IRQ 0 at
 * vector 32), the serial console, TSC calibration, the hypercall
 * stand-in. Call first, with interrupts off.
 */
void pv_native_init(void);

/*
 * pv_boot_init_native - fill pv_boot as pv_boot_init() does under PV:
 * a start_info of our own (nr_pages from @mem_bytes above @phys_base,
 * SIF_INITDOMAIN so the console is the serial line, @cmdline, pt_base =
 * @boot_root), a zeroed shared_info for the event code, free pages from
 * @free_va. @virt_base maps @phys_base (2 MiB pages, up to 1 GiB).
 */
void pv_boot_init_native(uint64_t virt_base, uint64_t phys_base, uint64_t mem_bytes,
                         const char *cmdline, const void *free_va, void *boot_root);

#endif /* !__ASSEMBLER__ */

#endif /* PV_NATIVE_H */
