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
extern char hv_stack_guard[];        /* unmapped page below the guest-entry stack */

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
 * gdt_area_init - map the GDT area (guest pages empty, then the
 * hypervisor's page) and load it.
 */
void gdt_area_init(void);

/* ldt_map_page - show guest LDT frame @mfn as LDT page @page (0: unmap). */
void ldt_map_page(unsigned int page, mfn_t mfn);

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

/* Number of CPUs ACPI's MADT lists (1 if there is no MADT). */
extern unsigned int acpi_nr_cpus;

#endif /* ASM_SETUP_H */
