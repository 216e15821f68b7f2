/* SPDX-License-Identifier: MIT */
/*
 * pv_ops: every privileged operation a kernel performs, as one table of
 * function pointers grouped by concern.
 *
 * A kernel written against pv_ops runs as a PV guest (pv_ops_xen: hypercalls
 * and shared_info fields, for pvisor and Xen alike) or on bare hardware
 * (the real instructions), the table being chosen at boot from how the
 * kernel was entered. docs/porting.md lists each operation with the
 * instruction it replaces and what the PV implementation does instead.
 *
 * Addresses: "va" is a kernel virtual address. Page-table entries hold
 * frame numbers the MMU understands: machine frames (MFNs) on PV, physical
 * frames natively; mmu.pfn_to_frame()/frame_to_pfn() convert from and to
 * the kernel's own (pseudo-)physical frame numbers (PFNs).
 */
#ifndef PV_PV_OPS_H
#define PV_PV_OPS_H

#include <pv/defs.h>

#ifndef __ASSEMBLER__

/* One entry of the exception table a kernel installs (its "IDT"). */
struct pv_gate {
    uint8_t vector;             /* 0-255. */
    uint8_t dpl;                /* 0 kernel only, 3: `int n` allowed from user mode. */
    bool mask_events;           /* Enter with events (interrupts) off. */
    uint64_t handler;           /* Entry stub address; 0 ends the table. */
};

/* Page-table entry bits the kernel uses (the hardware's). */
#define PV_PTE_P        (1ULL << 0)     /* Present. */
#define PV_PTE_RW       (1ULL << 1)     /* Writable. */
#define PV_PTE_US       (1ULL << 2)     /* User mode may access. */
#define PV_PTE_A        (1ULL << 5)     /* Accessed. */
#define PV_PTE_D        (1ULL << 6)     /* Dirty. */
#define PV_PTE_NX       (1ULL << 63)    /* No execute. */
#define PV_PTE_FRAME    0x000ffffffffff000ULL

/* Where kernel and user mode enter the kernel (pv_cpu_ops.set_entries). */
struct pv_entries {
    uint64_t syscall;           /* `syscall` from user mode. */
    uint64_t event;             /* Event upcall (PV) / external interrupt. */
    uint64_t failsafe;          /* PV only: a segment reload failed; may be 0. */
};

struct pv_cpu_ops {
    /* lidt: install the exception table (PV: set_trap_table). */
    long (*load_idt)(const struct pv_gate *gates);
    /* lgdt: install a GDT of @entries descriptors in whole frames @frames (PFNs). */
    long (*load_gdt)(const uint64_t *frames, unsigned int entries);
    /* ltr / TSS.RSP0: the stack user-to-kernel entries run on (PV: stack_switch). */
    long (*load_tr)(uint64_t kernel_sp);
    /* wrmsr LSTAR/IDT vectors: the syscall and event entry points (PV: callback_op). */
    long (*set_entries)(const struct pv_entries *e);
    uint64_t (*read_cr0)(void);
    /* Only CR0.TS may change on PV (fpu_taskswitch). */
    void (*write_cr0)(uint64_t val);
    /* The last page-fault address (PV: vcpu_info.arch.cr2). */
    uint64_t (*read_cr2)(void);
    uint64_t (*read_cr4)(void);
    void (*write_cr4)(uint64_t val);
    /* MSRs; FS/GS bases go through set_segment_base on PV. Return 0 or -errno. */
    long (*rdmsr)(uint32_t msr, uint64_t *val);
    long (*wrmsr)(uint32_t msr, uint64_t val);
    /* cpuid (PV: the forced-emulation form, so the hypervisor's view). */
    void (*cpuid)(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
    /* sti; hlt: wait for an event with events enabled (PV: SCHEDOP_block). */
    void (*halt)(void);
    /* Port I/O (PV: emulated through #GP, ports the domain may use). */
    uint8_t (*inb)(uint16_t port);
    void (*outb)(uint16_t port, uint8_t val);
    /* Power off or crash the machine/domain with a SHUTDOWN_* reason. */
    PV_NORETURN void (*shutdown)(unsigned int reason);
};

/* "Interrupts" are event upcalls on PV: these set vcpu_info.evtchn_upcall_mask. */
struct pv_irq_ops {
    void (*disable)(void);              /* cli */
    void (*enable)(void);               /* sti (PV: then deliver what is pending) */
    unsigned long (*save)(void);        /* pushf: non-zero if enabled */
    void (*restore)(unsigned long flags);
};

struct pv_mmu_ops {
    /* Write one page-table entry at @ptep (PV: mmu_update, validated). */
    long (*set_pte)(uint64_t *ptep, uint64_t val);
    /*
     * A page at @va becomes a page table of @level (1-4) / stops being one.
     * PV: it is mapped read-only (and an L4 pinned); natively nothing.
     */
    long (*alloc_table)(void *va, unsigned int level);
    long (*release_table)(void *va, unsigned int level);
    /*
     * mov cr3: switch to @kernel_root for kernel mode and @user_root for user
     * mode (PV keeps two roots; natively user_root must equal kernel_root or
     * be 0). Both are VAs of L4 pages given to alloc_table().
     */
    long (*switch_root)(void *kernel_root, void *user_root);
    void (*flush_tlb)(void);
    void (*invlpg)(uint64_t va);
    /* PFN <-> the frame number written into page-table entries. */
    uint64_t (*pfn_to_frame)(uint64_t pfn);
    uint64_t (*frame_to_pfn)(uint64_t frame);
};

struct pv_time_ops {
    /* Monotonic nanoseconds since boot (PV: vcpu_info.time, the pvclock). */
    uint64_t (*clock_ns)(void);
    /* Time of day at clock_ns() == 0 (PV: shared_info.wc_*). */
    void (*wallclock)(uint64_t *sec, uint32_t *nsec);
    /* One-shot timer event at @deadline_ns (clock_ns scale); 0 cancels. */
    long (*timer_arm)(uint64_t deadline_ns);
};

struct pv_ops {
    const char *name;           /* "xen-pv" or "native". */
    struct pv_cpu_ops cpu;
    struct pv_irq_ops irq;
    struct pv_mmu_ops mmu;
    struct pv_time_ops time;
};

/* The table in use; the kernel copies one of the implementations in at boot. */
extern struct pv_ops pv_ops;

/* The PV implementation (needs pv_boot_init() first, pv/boot.h). */
extern const struct pv_ops pv_ops_xen;

#endif /* !__ASSEMBLER__ */

#endif /* PV_PV_OPS_H */
