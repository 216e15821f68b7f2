/* SPDX-License-Identifier: MIT */
/* Start-of-day pieces of the x86-64 port and the order setup.c calls them in. */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <hv/types.h>
#include <hv/memmap.h>
#include <asm/bootinfo.h>

/* Image bounds from the linker script. */
extern char __image_start[], __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[], __data_start[];
extern char __bss_start[], __bss_end[], _end[];
extern char boot_stack_guard[];      /* unmapped page below the boot stack */

/* Physical base of the image (set by start_hypervisor). */
extern paddr_t image_phys;

/* Linker symbols are distinct objects to C: compare them as integers. */
static inline paddr_t image_virt_to_phys(const void *va)
{
    return (paddr_t)((uintptr_t)va - (uintptr_t)__image_start) + image_phys;
}

/* Bytes from the start of the image to the end of its bss. */
static inline uint64_t image_size(void)
{
    return (uintptr_t)_end - (uintptr_t)__image_start;
}

void serial_init(uint16_t port, uint32_t baud);

/* multiboot_to_boot_info - convert multiboot information at @mbi (phys). */
struct boot_info *multiboot_to_boot_info(paddr_t mbi);

/* cpu_init_tables - load the GDT, TSS (with IST stacks) and IDT. */
void cpu_init_tables(void);

/*
 * paging_init - build the final page tables (image with section
 * permissions, direct map of RAM, frame table) from @mm and switch to them.
 * Page-table frames come from memmap_alloc. Returns the frame table's size
 * in frames.
 */
mfn_t paging_init(struct memmap *mm);

/* paging_idle_root - the hypervisor's own PML4 (physical), CR3 when idle. */
paddr_t paging_idle_root(void);

/*
 * paging_low_identity - map (or unmap again) the first 2 MiB at virtual
 * address 0 in the hypervisor's PML4, for CPUs leaving the trampoline.
 */
void paging_low_identity(bool on);

/*
 * gdt_area_init - map CPU @cpu's GDT area (guest pages empty, then its
 * hypervisor GDT page at @hv_page) and prepare its LDT area.
 */
void gdt_area_init(unsigned int cpu, paddr_t hv_page);

/* percpu_map_page - map one page of a per-CPU window (global, kernel only). */
void percpu_map_page(uint64_t va, paddr_t pa, bool writable, bool exec);

/*
 * percpu_setup - build CPU @cpu's window (asm/percpu.h): struct pcpu, arch
 * state, stack block, GDT/LDT areas and syscall stubs. 0, or -1 when out
 * of memory.
 */
int percpu_setup(unsigned int cpu, uint32_t apic_id);

/* call_on_stack - switch to stack @sp and call @fn(@arg); never returns. */
void call_on_stack(void *arg, void (*fn)(void *), uint64_t sp) __noreturn;

/* ldt_map_page - show guest LDT frame @mfn as LDT page @page (0: unmap). */
void ldt_map_page(unsigned int page, mfn_t mfn);

/* guest_areas_clear - this CPU's GDT and LDT areas show no guest frame. */
bool guest_areas_clear(void);

/* gdt_map_guest_page - show guest GDT frame @mfn (0: none) as page @page. */
void gdt_map_guest_page(unsigned int page, mfn_t mfn);

/* m2p_init - allocate and map the machine-to-phys table (all entries invalid). */
void m2p_init(void);

/*
 * ioremap - map @size bytes of device or firmware memory at @pa.
 * @cached: write-back (firmware tables) or uncached (MMIO).
 * Returns the virtual address, or NULL when the ioremap area is full.
 */
void *ioremap(paddr_t pa, size_t size, bool cached);

/* tsc_calibrate - measure the TSC frequency (CPUID 0x15/0x16 or the PIT). */
void tsc_calibrate(void);

/* apic_init - enable the local APIC and calibrate its timer. */
void apic_init(void);

/* acpi_init - find the ACPI tables from @rsdp (phys, 0 to scan low memory). */
void acpi_init(paddr_t rsdp);

/* acpi_poweroff - enter S5 through the FADT's PM1 ports; returns if it cannot. */
void acpi_poweroff(void);

/* CPUs ACPI's MADT lists as enabled (1 if there is no MADT), their APIC IDs. */
#define ACPI_MAX_CPUS 64
extern unsigned int acpi_nr_cpus;
extern uint32_t acpi_cpu_apic_id[ACPI_MAX_CPUS];

/* The low page (below 1 MiB) other CPUs start in; 0 if there is none. */
extern paddr_t trampoline_phys;

/* smp_boot_cpus - start every other CPU the MADT lists (INIT-SIPI-SIPI). */
void smp_boot_cpus(void);

/* apic_cpu_init - enable this CPU's local APIC (timer as the boot CPU's). */
void apic_cpu_init(void);

/* ipi_lockless - handle a FLUSH or STOP IPI (true), or leave it (false). */
struct cpu_regs;
bool ipi_lockless(struct cpu_regs *regs);

/* apic_send_ipi - send @icr_lo (vector and mode) to the CPU with @apic_id. */
void apic_send_ipi(uint32_t apic_id, uint32_t icr_lo);

#endif /* ASM_SETUP_H */
