/* SPDX-License-Identifier: MIT */
/* Segment selectors and IST slots of the hypervisor's GDT and TSS. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

/*
 * The GDT follows Xen's PV layout: entries 0..7167 (pages 0-13) are the
 * guest's (set_gdt), the hypervisor's reserved entries start at 7168
 * (selector 0xe000), and the flat ring-3 selectors guests use are fixed ABI:
 * 0xe023 32-bit code, 0xe02b data/stack, 0xe033 64-bit code. STAR is set so
 * that syscall enters with 0xe008/0xe010 and sysret returns with those.
 */
#define HV_FIRST_RESERVED_GDT_ENTRY 7168  /* = public FIRST_RESERVED_GDT_ENTRY */
#define HV_CS       0xe008      /* 64-bit code, DPL 0 */
#define HV_DS       0xe010      /* data, DPL 0 */
#define GUEST_CS32  0xe023      /* FLAT_RING3_CS32 */
#define GUEST_DS    0xe02b      /* FLAT_RING3_DS32 = FLAT_RING3_SS64 */
#define GUEST_CS64  0xe033      /* FLAT_RING3_CS64 */
#define TSS_SEL     0xe040      /* 16-byte descriptor */
#define LDT_SEL     0xe050      /* 16-byte descriptor of the current guest LDT */
/* The GDT: 14 guest pages then the hypervisor's page, at a fixed address. */
#define GDT_GUEST_PAGES 14
#define GDT_LIMIT   ((GDT_GUEST_PAGES + 1) * 4096 - 1)
/* This CPU's (asm/percpu.h; users include hv/percpu.h). */
#define GDT_VIRT_START (PERCPU_AREA(smp_processor_id()) + PERCPU_GDT_OFF)
/* The guest LDT shows here, page by page as it is first used (16 pages). */
#define LDT_VIRT_START (PERCPU_AREA(smp_processor_id()) + PERCPU_LDT_OFF)
#define LDT_PAGES   16

/* IST slots (1-based in the gate, as the CPU counts them). */
#define IST_DF      1
#define IST_NMI     2
#define IST_MC      3
#define IST_NR      3

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <asm/layout.h>
#include <asm/percpu.h>

/*
 * arch_pcpu_alloc - the arch state of CPU @cpu (TSS, hypervisor GDT page);
 * NULL when out of memory. arch_pcpu_gdt_page - that GDT page's address.
 */
void *arch_pcpu_alloc(unsigned int cpu);
uint64_t arch_pcpu_gdt_page(const void *arch);

/*
 * cpu_load_percpu_tables - on CPU @cpu, point its TSS at its stack block
 * and load GDTR (its GDT area), IDTR and TR.
 */
void cpu_load_percpu_tables(unsigned int cpu, void *arch);

/*
 * ldt_load - make the LDT at LDT_VIRT_START with @ents entries current
 * (0: no LDT): writes LDT_SEL's descriptor and loads LDTR.
 */
void ldt_load(unsigned int ents);
#endif

#endif /* ASM_DESC_H */
