/* SPDX-License-Identifier: MIT */
/* x86-64 PV state of a vCPU: guest modes, page-table roots, callbacks, traps. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include <asm/regs.h>

/* One guest trap-table entry (from set_trap_table). */
struct pv_trap {
    uint64_t address;           /* 0: no handler */
    uint16_t cs;
    uint8_t dpl;                /* int $n allowed from this privilege */
    bool mask_events;           /* "clear event enable" flag: TBF_INTERRUPT */
};

struct arch_vcpu {
    struct cpu_regs regs;       /* guest state while not running */
    uint8_t fpu[512] __attribute__((aligned(16)));  /* fxsave area */
    bool fpu_used;              /* fpu[] holds state (else: fresh FPU) */
    uint16_t ds, es, fs, gs;    /* data selectors while not running */
    bool kernel_mode;           /* guest kernel (true) or guest user mode */
    uint64_t guest_table;       /* MFN of the kernel L4 (holds an L4 type ref) */
    uint64_t guest_table_user;  /* MFN of the user L4, 0 if none */
    uint64_t kernel_ss, kernel_sp;      /* from stack_switch */
    uint64_t gs_base_kernel, gs_base_user, fs_base;

    uint64_t event_callback;
    uint64_t failsafe_callback;
    uint64_t syscall_callback;
    uint64_t syscall32_callback;
    bool syscall_masks_events;
    bool failsafe_masks_events;

    /*
     * The virtual IDT: 256 entries (4 KiB), allocated with the first
     * handler set (pv_trap_slot), so a vCPU without one fits in less;
     * NULL reads as no handler for any vector (pv_trap_of).
     */
    struct pv_trap *traps;

    uint64_t gdt_frames[14];    /* guest GDT frames (set_gdt), each a seg_desc ref */
    unsigned int gdt_nr_frames;
    uint64_t ldt_base;          /* MMUEXT_SET_LDT: guest VA of the LDT */
    unsigned int ldt_ents;      /* its entries, 0 = none */
    uint64_t ldt_frames[16];    /* pages mapped so far (each a seg_desc ref), 0 = not yet */

    uint64_t cr2;               /* virtual CR2 */
    bool virt_ts;               /* virtual CR0.TS (fpu_taskswitch) */
    uint8_t iopl;               /* virtual IOPL (architectural_iopl) */
};

#endif /* ASM_DOMAIN_H */
