/* SPDX-License-Identifier: MIT */
/* Segment selectors and IST slots of the hypervisor's GDT and TSS. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#define HV_CS       0x08
#define HV_DS       0x10
#define TSS_SEL     0x20        /* 16-byte descriptor: entries 4 and 5 */
#define GDT_ENTRIES 8

/* IST slots (1-based in the gate, as the CPU counts them). */
#define IST_DF      1
#define IST_NMI     2
#define IST_MC      3
#define IST_NR      3

#ifndef __ASSEMBLER__
#include <stdint.h>
/* tss_set_rsp0 - stack the CPU switches to on an entry from ring 3. */
void tss_set_rsp0(uint64_t rsp0);
#endif

#endif /* ASM_DESC_H */
