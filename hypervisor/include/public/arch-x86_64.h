/* SPDX-License-Identifier: MIT */
/*
 * PV ABI, x86-64 part: selectors, the virtual layout guests must leave to the
 * hypervisor, register frames and the per-vCPU/per-domain arch fields.
 *
 * Numbers and layouts are Xen's x86-64 PV ABI (Xen 4.17), so guests written
 * for Xen run unchanged; identifiers of constants and structs are Xen's for
 * the same reason. Guest handles (pointers into guest memory) are uint64_t.
 * This is the lowest ABI header: it includes nothing from the project, and
 * public/xen.h includes it. Assembly may include it (__ASSEMBLER__): then
 * only the constants are seen.
 */
#ifndef PUBLIC_ARCH_X86_64_H
#define PUBLIC_ARCH_X86_64_H

/* ---------------------------------------------------------------------- */
/* Helpers shared by all the public headers.                               */

/* PUBLIC_STATIC_ASSERT - compile-time check usable from C11 and C++11. */
#ifndef __ASSEMBLER__
#ifdef __cplusplus
#define PUBLIC_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define PUBLIC_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif
/* PUBLIC_ASSERT_SIZE - the ABI size of @type is @bytes; a mismatch stops the build. */
#define PUBLIC_ASSERT_SIZE(type, bytes) \
    PUBLIC_STATIC_ASSERT(sizeof(type) == (bytes), "ABI size of " #type)
#endif

/* PUBLIC_U64 - a 64-bit unsigned constant that assembly can use too. */
#ifdef __ASSEMBLER__
#define PUBLIC_U64(x) x
#else
#define PUBLIC_U64(x) PUBLIC_U64_(x)
#define PUBLIC_U64_(x) x##ULL
#endif

#ifndef __ASSEMBLER__
#include <stdint.h>

/* A guest frame number: for PV guests the machine frame number (MFN). */
typedef uint64_t xen_pfn_t;
/* A value the width of a guest register ("unsigned long" in Xen's headers). */
typedef uint64_t xen_ulong_t;
/* A guest code address registered as a callback. */
typedef uint64_t xen_callback_t;
#endif

/* Marker: this ABI has start_info-based PV entry (Xen guests test it). */
#define XEN_HAVE_PV_GUEST_ENTRY 1
/* Marker: vcpu_info has evtchn_upcall_mask (Xen guests test it). */
#define XEN_HAVE_PV_UPCALL_MASK 1

/* Number of vCPUs with a vcpu_info slot inside shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/* ---------------------------------------------------------------------- */
/* Segment selectors. The hypervisor owns them (they are in its reserved   */
/* GDT page); kernel and user mode use the same values, all RPL 3.         */

/* 32-bit flat code segment, ring 3 (compatibility mode). */
#define FLAT_RING3_CS32 0xe023
/* 64-bit flat code segment, ring 3. */
#define FLAT_RING3_CS64 0xe033
/* 32-bit flat data segment, ring 3. */
#define FLAT_RING3_DS32 0xe02b
/* 64-bit data segment: the null selector (64-bit mode ignores DS). */
#define FLAT_RING3_DS64 0x0000
/* 32-bit stack segment, ring 3 (same descriptor as DS32). */
#define FLAT_RING3_SS32 0xe02b
/* 64-bit stack segment, ring 3 (same descriptor as DS32). */
#define FLAT_RING3_SS64 0xe02b

/* Guest kernel selectors: the ring-3 ones (the kernel runs at CPL 3). */
#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

/* Guest user selectors: the same values as the kernel's. */
#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS   FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS   FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS   FLAT_USER_SS64

/*
 * The guest GDT: guests own pages 0..13 (entries 0..7167); page 14 onwards
 * belongs to the hypervisor and holds the FLAT_* descriptors above.
 */
/* First GDT page reserved to the hypervisor. */
#define FIRST_RESERVED_GDT_PAGE  14
/* Byte offset in the GDT of the first reserved page. */
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
/* First GDT entry a guest may not use (7168). */
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* ---------------------------------------------------------------------- */
/* Virtual layout: L4 slots 256..271 belong to the hypervisor.             */

/* Start of the hypervisor's virtual range (first address of L4 slot 256). */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
/* End (exclusive) of the hypervisor's virtual range (L4 slot 272). */
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
/* Start of the read-only machine-to-phys table mapped into guests. */
#define __MACH2PHYS_VIRT_START  0xFFFF800000000000
/* End (exclusive) of the read-only machine-to-phys table. */
#define __MACH2PHYS_VIRT_END    0xFFFF804000000000

#ifndef HYPERVISOR_VIRT_START
/* The hypervisor range, as typed constants. */
#define HYPERVISOR_VIRT_START PUBLIC_U64(__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END   PUBLIC_U64(__HYPERVISOR_VIRT_END)
#endif
/* The read-only M2P table, as typed constants. */
#define MACH2PHYS_VIRT_START  PUBLIC_U64(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END    PUBLIC_U64(__MACH2PHYS_VIRT_END)
/* Entries in the M2P table (8 bytes each: MFN -> guest PFN). */
#define MACH2PHYS_NR_ENTRIES  ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)
#ifndef __ASSEMBLER__
#ifndef machine_to_phys_mapping
/* The M2P table as a guest sees it: machine_to_phys_mapping[mfn] = pfn. */
#define machine_to_phys_mapping ((uint64_t *)MACH2PHYS_VIRT_START)
#endif

/* Page-table base <-> CR3 value (64-bit guests: a plain shift). */
#define xen_pfn_to_cr3(pfn) ((uint64_t)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((uint64_t)(cr3) >> 12)
#endif


/* ---------------------------------------------------------------------- */
/* set_segment_base (hypercall 25): which base to set.                     */

/* FS base (shared by kernel and user mode). */
#define SEGBASE_FS          0
/* GS base of user mode (the inactive one while in the kernel). */
#define SEGBASE_GS_USER     1
/* GS base of kernel mode (the active one while in the kernel). */
#define SEGBASE_GS_KERNEL   2
/* Load selector base[15:0] into user-mode %gs (RPL forced to 3). */
#define SEGBASE_GS_USER_SEL 3

/* ---------------------------------------------------------------------- */
/* vcpu_guest_context.flags and iret_context.flags.                        */

/* Bit: fpu_ctxt holds valid FPU state. */
#define _VGCF_i387_valid               0
#define VGCF_i387_valid                (1 << _VGCF_i387_valid)
#define VGCF_I387_VALID                VGCF_i387_valid
/* Bit: the vCPU starts in guest kernel mode. */
#define _VGCF_in_kernel                2
#define VGCF_in_kernel                 (1 << _VGCF_in_kernel)
#define VGCF_IN_KERNEL                 VGCF_in_kernel
/* Bit: entering the failsafe callback masks events. */
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
/* Bit: entering the syscall callback masks events. */
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
/* Bit: the vCPU is brought up online. */
#define _VGCF_online                   5
#define VGCF_online                    (1 << _VGCF_online)
/* Bit (iret only): return with SYSRET; RCX/R11 of the frame are not restored. */
#define _VGCF_in_syscall               8
#define VGCF_in_syscall                (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL                VGCF_in_syscall

/* ---------------------------------------------------------------------- */
/* Forced emulation: this 5-byte prefix (ud2; 'x' 'e' 'n') before CPUID    */
/* makes the hypervisor emulate it with the guest's CPUID policy.          */

#ifdef __ASSEMBLER__
#define XEN_EMULATE_PREFIX .byte 0x0f, 0x0b, 0x78, 0x65, 0x6e ;
#define XEN_CPUID          XEN_EMULATE_PREFIX cpuid
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e\n\t"
#define XEN_CPUID          XEN_EMULATE_PREFIX "cpuid"
#endif

#ifndef __ASSEMBLER__

/* ---------------------------------------------------------------------- */
/* Structures.                                                             */

/*
 * trap_info - one entry of the virtual IDT (set_trap_table, hypercall 0).
 * flags bits 0-1: lowest DPL allowed to raise the vector with INT n;
 * bit 2: mask events (evtchn_upcall_mask) on entry. A table passed to
 * set_trap_table ends at the first entry whose address is 0.
 */
struct trap_info {
    uint8_t  vector;            /* Exception or interrupt vector. */
    uint8_t  flags;             /* DPL (bits 0-1), mask events (bit 2). */
    uint16_t cs;                /* Code selector of the handler. */
    uint32_t pad;               /* Zero. */
    uint64_t address;           /* Handler address. */
};
typedef struct trap_info trap_info_t;
PUBLIC_ASSERT_SIZE(struct trap_info, 16);

/*
 * cpu_user_regs - a guest's general registers, as saved in
 * vcpu_guest_context. error_code and entry_vector are the hypervisor's.
 * saved_upcall_mask is the event mask to restore with this frame.
 */
struct cpu_user_regs {
    uint64_t r15;
    uint64_t r14;
    uint64_t r13;
    uint64_t r12;
    uint64_t rbp;
    uint64_t rbx;
    uint64_t r11;
    uint64_t r10;
    uint64_t r9;
    uint64_t r8;
    uint64_t rax;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rsi;
    uint64_t rdi;
    uint32_t error_code;        /* Hypervisor-private. */
    uint32_t entry_vector;      /* Hypervisor-private. */
    uint64_t rip;
    uint16_t cs;
    uint16_t pad_cs;
    uint8_t  saved_upcall_mask; /* Event mask; rflags.IF == !mask. */
    uint8_t  pad_mask[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss;
    uint16_t pad_ss[3];
    uint16_t es;
    uint16_t pad_es[3];
    uint16_t ds;
    uint16_t pad_ds[3];
    uint16_t fs;
    uint16_t pad_fs[3];
    uint16_t gs;
    uint16_t pad_gs[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;
PUBLIC_ASSERT_SIZE(struct cpu_user_regs, 200);

/*
 * iret_context - what the guest leaves on its stack for HYPERVISOR_iret
 * (hypercall 23), lowest address (RSP at the syscall) first. flags holds
 * VGCF_in_syscall or 0; CS RPL 3 returns to user mode.
 */
struct iret_context {
    uint64_t rax;
    uint64_t r11;
    uint64_t rcx;
    uint64_t flags;             /* VGCF_in_syscall or 0. */
    uint64_t rip;
    uint64_t cs;
    uint64_t rflags;
    uint64_t rsp;
    uint64_t ss;
};
PUBLIC_ASSERT_SIZE(struct iret_context, 72);

/* arch_vcpu_info - arch part of vcpu_info: the #PF address the guest reads. */
struct arch_vcpu_info {
    uint64_t cr2;               /* Faulting address of the last #PF delivered. */
    uint64_t pad;               /* Keeps vcpu_info at 64 bytes. */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;
PUBLIC_ASSERT_SIZE(struct arch_vcpu_info, 16);

/*
 * arch_shared_info - arch part of shared_info. The guest publishes its
 * physical-to-machine table here for tools (save, dump, migration).
 */
struct arch_shared_info {
    uint64_t  max_pfn;          /* Entries in the guest's p2m table. */
    /* MFN of the top of the 3-level p2m frame tree; 0 unset, ~0 unused. */
    xen_pfn_t pfn_to_mfn_frame_list_list;
    uint64_t  nmi_reason;       /* Why the last NMI was raised (dom0). */
    uint64_t  p2m_cr3;          /* Address space of p2m_vaddr (0: not set). */
    uint64_t  p2m_vaddr;        /* Virtual address of the linear p2m list. */
    uint64_t  p2m_generation;   /* Odd while the guest remaps the p2m list. */
};
typedef struct arch_shared_info arch_shared_info_t;
PUBLIC_ASSERT_SIZE(struct arch_shared_info, 48);

/*
 * vcpu_guest_context - the full register state of a PV vCPU: the argument
 * of VCPUOP_initialise and of the toolstack's get/set vCPU context.
 * ctrlreg[3] is the kernel L4 (xen_pfn_to_cr3(mfn)); ctrlreg[1] the user L4.
 */
struct vcpu_guest_context {
    struct {
        uint8_t x[512];
    } fpu_ctxt;                         /* FXSAVE image. */
    uint64_t flags;                     /* VGCF_* */
    struct cpu_user_regs user_regs;     /* General registers. */
    struct trap_info trap_ctxt[256];    /* Virtual IDT. */
    uint64_t ldt_base;                  /* LDT linear address. */
    uint64_t ldt_ents;                  /* LDT entries. */
    uint64_t gdt_frames[16];            /* GDT machine frames. */
    uint64_t gdt_ents;                  /* GDT entries. */
    uint64_t kernel_ss;                 /* Stack for entering the kernel. */
    uint64_t kernel_sp;
    uint64_t ctrlreg[8];                /* CR0..CR7 (CR1 = user L4). */
    uint64_t debugreg[8];               /* DR0..DR7. */
    uint64_t event_callback_eip;        /* CALLBACKTYPE_event address. */
    uint64_t failsafe_callback_eip;     /* CALLBACKTYPE_failsafe address. */
    uint64_t syscall_callback_eip;      /* CALLBACKTYPE_syscall address. */
    uint64_t vm_assist;                 /* Bitmap of VMASST_TYPE_*. */
    uint64_t fs_base;                   /* FS base. */
    uint64_t gs_base_kernel;            /* GS base in kernel mode. */
    uint64_t gs_base_user;              /* GS base in user mode. */
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
PUBLIC_ASSERT_SIZE(struct vcpu_guest_context, 5168);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_ARCH_X86_64_H */
