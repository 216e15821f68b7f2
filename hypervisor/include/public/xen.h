/* SPDX-License-Identifier: MIT */
/*
 * PV ABI core: hypercall numbers, domain ids, the start_info and
 * shared_info pages, MMU update commands, multicalls and VIRQs.
 *
 * Numbers and layouts are Xen's x86-64 PV ABI (Xen 4.17); identifiers of
 * constants and structs are Xen's, so guests written for Xen port
 * unchanged. Guest handles are uint64_t guest virtual addresses. Assembly
 * may include this header (__ASSEMBLER__): it then sees the constants only.
 * docs/abi/README.md gives the register convention and per-call behaviour.
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include "arch-x86_64.h"

/* ---------------------------------------------------------------------- */
/* Hypercall numbers (RAX at the syscall; stub offset 32 * number).        */

#define __HYPERVISOR_set_trap_table        0  /* Install the virtual IDT. */
#define __HYPERVISOR_mmu_update            1  /* Batch of checked PTE / M2P writes. */
#define __HYPERVISOR_set_gdt               2  /* Install GDT frames. */
#define __HYPERVISOR_stack_switch          3  /* Set the kernel stack (SS:RSP). */
#define __HYPERVISOR_set_callbacks         4  /* Event, failsafe, syscall entry points. */
#define __HYPERVISOR_fpu_taskswitch        5  /* Set or clear virtual CR0.TS. */
#define __HYPERVISOR_sched_op_compat       6  /* Old form of sched_op. */
#define __HYPERVISOR_platform_op           7  /* Platform management (dom0). */
#define __HYPERVISOR_set_debugreg          8  /* Write a debug register. */
#define __HYPERVISOR_get_debugreg          9  /* Read a debug register. */
#define __HYPERVISOR_update_descriptor    10  /* Write one GDT/LDT descriptor. */
/* 11 is unused. */
#define __HYPERVISOR_memory_op            12  /* Reservations and physmap (XENMEM_*). */
#define __HYPERVISOR_multicall            13  /* Batch of hypercalls. */
#define __HYPERVISOR_update_va_mapping    14  /* Set the PTE mapping one address. */
#define __HYPERVISOR_set_timer_op         15  /* Single-shot timer, absolute ns. */
#define __HYPERVISOR_event_channel_op_compat 16 /* Old form of event_channel_op. */
#define __HYPERVISOR_xen_version          17  /* Version and features (XENVER_*). */
#define __HYPERVISOR_console_io           18  /* Hypervisor console (CONSOLEIO_*). */
#define __HYPERVISOR_physdev_op_compat    19  /* Old form of physdev_op. */
#define __HYPERVISOR_grant_table_op       20  /* Grant tables (GNTTABOP_*). */
#define __HYPERVISOR_vm_assist            21  /* Enable/disable VMASST_TYPE_* modes. */
#define __HYPERVISOR_update_va_mapping_otherdomain 22 /* update_va_mapping, foreign frame. */
#define __HYPERVISOR_iret                 23  /* Return from a bounce frame. */
#define __HYPERVISOR_vcpu_op              24  /* Per-vCPU control (VCPUOP_*). */
#define __HYPERVISOR_set_segment_base     25  /* FS/GS bases (SEGBASE_*). */
#define __HYPERVISOR_mmuext_op            26  /* Pin, base pointers, flushes (MMUEXT_*). */
#define __HYPERVISOR_xsm_op               27  /* Security module operations. */
#define __HYPERVISOR_nmi_op               28  /* NMI callback (old interface). */
#define __HYPERVISOR_sched_op             29  /* Yield, block, shutdown (SCHEDOP_*). */
#define __HYPERVISOR_callback_op          30  /* Register callbacks (CALLBACKOP_*). */
#define __HYPERVISOR_xenoprof_op          31  /* Profiling; gone from Xen 4.17 builds. */
#define __HYPERVISOR_event_channel_op     32  /* Event channels (EVTCHNOP_*). */
#define __HYPERVISOR_physdev_op           33  /* Physical devices, IRQs, I/O ports. */
#define __HYPERVISOR_hvm_op               34  /* HVM parameters (few PV uses). */
#define __HYPERVISOR_sysctl               35  /* Toolstack: system-wide control. */
#define __HYPERVISOR_domctl               36  /* Toolstack: domain control. */
#define __HYPERVISOR_kexec_op             37  /* Load/execute a crash kernel. */
#define __HYPERVISOR_tmem_op              38  /* Transcendent memory; removed. */
#define __HYPERVISOR_argo_op              39  /* Argo inter-domain messages. */
#define __HYPERVISOR_xenpmu_op            40  /* Performance counters. */
#define __HYPERVISOR_dm_op                41  /* Device-model operations. */
#define __HYPERVISOR_hypfs_op             42  /* Hypervisor file system. */

/* Arch-specific hypercalls; on x86 arch_0 is the machine-check op. */
#define __HYPERVISOR_arch_0               48  /* x86: mca (machine check). */
#define __HYPERVISOR_arch_1               49  /* x86: paging_domctl_cont. */
#define __HYPERVISOR_arch_2               50
#define __HYPERVISOR_arch_3               51
#define __HYPERVISOR_arch_4               52
#define __HYPERVISOR_arch_5               53
#define __HYPERVISOR_arch_6               54
#define __HYPERVISOR_arch_7               55

/* ---------------------------------------------------------------------- */
/* Virtual IRQs, bound with EVTCHNOP_bind_virq. "Per-vCPU" ones bind to    */
/* each vCPU separately; global ones go to one domain (dom0 by default).   */

#define VIRQ_TIMER      0   /* Per-vCPU: timer fired (set_timer_op, VCPUOP timers). */
#define VIRQ_DEBUG      1   /* Per-vCPU: please dump debug state. */
#define VIRQ_CONSOLE    2   /* Global: input on the hypervisor console. */
#define VIRQ_DOM_EXC    3   /* Global: some domain crashed or shut down. */
#define VIRQ_TBUF       4   /* Global: trace buffer has records. */
#define VIRQ_DEBUGGER   6   /* Global: a domain paused for a debugger. */
#define VIRQ_XENOPROF   7   /* Per-vCPU: profiling sample ready. */
#define VIRQ_CON_RING   8   /* Global: hypervisor console ring has output. */
#define VIRQ_PCPU_STATE 9   /* Global: a physical CPU changed state. */
#define VIRQ_MEM_EVENT  10  /* Global: a memory event happened. */
#define VIRQ_ARGO       11  /* Per-domain: Argo message arrived. */
#define VIRQ_ENOMEM     12  /* Global: hypervisor heap is low. */
#define VIRQ_XENPMU     13  /* Per-vCPU: performance counter interrupt. */
#define VIRQ_ARCH_0     16  /* Arch-specific VIRQs 16..23. */
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define VIRQ_MCA        VIRQ_ARCH_0 /* x86, global: machine check. */
#define NR_VIRQS        24  /* VIRQ numbers are below this. */

/* ---------------------------------------------------------------------- */
/* mmu_update (hypercall 1): the command is in bits 0-2 of mmu_update.ptr. */

#define MMU_NORMAL_PT_UPDATE       0 /* *ptr = val, validated; ptr = MA of the PTE. */
#define MMU_MACHPHYS_UPDATE        1 /* M2P[ptr >> 12] = val; ptr = MA in the frame. */
#define MMU_PT_UPDATE_PRESERVE_AD  2 /* As NORMAL, keeping the current A and D bits. */
#define MMU_PT_UPDATE_NO_TRANSLATE 3 /* As NORMAL; val is never translated. */

/* ---------------------------------------------------------------------- */
/* mmuext_op (hypercall 26): mmuext_op.cmd.                                */

#define MMUEXT_PIN_L1_TABLE        0  /* Validate arg1.mfn as L1 and pin it. */
#define MMUEXT_PIN_L2_TABLE        1  /* ... as L2. */
#define MMUEXT_PIN_L3_TABLE        2  /* ... as L3. */
#define MMUEXT_PIN_L4_TABLE        3  /* ... as L4. */
#define MMUEXT_UNPIN_TABLE         4  /* Drop the pin on arg1.mfn. */
#define MMUEXT_NEW_BASEPTR         5  /* Kernel-mode L4 = arg1.mfn (loads CR3). */
#define MMUEXT_TLB_FLUSH_LOCAL     6  /* Flush this vCPU's TLB. */
#define MMUEXT_INVLPG_LOCAL        7  /* Flush arg1.linear_addr on this vCPU. */
#define MMUEXT_TLB_FLUSH_MULTI     8  /* Flush the vCPUs in arg2.vcpumask. */
#define MMUEXT_INVLPG_MULTI        9  /* Flush one address on arg2.vcpumask. */
#define MMUEXT_TLB_FLUSH_ALL      10  /* Flush all the domain's vCPUs. */
#define MMUEXT_INVLPG_ALL         11  /* Flush one address on all vCPUs. */
#define MMUEXT_FLUSH_CACHE        12  /* WBINVD on this CPU (I/O-capable domains). */
#define MMUEXT_SET_LDT            13  /* LDT at arg1.linear_addr, arg2.nr_ents entries. */
#define MMUEXT_NEW_USER_BASEPTR   15  /* User-mode L4 = arg1.mfn (0 clears). */
#define MMUEXT_CLEAR_PAGE         16  /* Zero frame arg1.mfn. */
#define MMUEXT_COPY_PAGE          17  /* Copy frame arg2.src_mfn to arg1.mfn. */
#define MMUEXT_FLUSH_CACHE_GLOBAL 18  /* WBINVD on all CPUs (I/O-capable domains). */
#define MMUEXT_MARK_SUPER         19  /* Superpage marking; not supported. */
#define MMUEXT_UNMARK_SUPER       20  /* Superpage unmarking; not supported. */

/* ---------------------------------------------------------------------- */
/* update_va_mapping (hypercall 14) flags: a flush type in bits 0-1 and a  */
/* scope in the remaining bits (or a guest pointer to a vCPU bitmap).      */

#define UVMF_NONE           0  /* No flush. */
#define UVMF_TLB_FLUSH      1  /* Flush whole TLBs. */
#define UVMF_INVLPG         2  /* Flush the one address. */
#define UVMF_FLUSHTYPE_MASK 3  /* Bits holding the flush type. */
#define UVMF_MULTI          0  /* Scope: vCPU bitmap pointer in the upper bits. */
#define UVMF_LOCAL          0  /* Scope: this vCPU. */
#define UVMF_ALL            4  /* Scope: all the domain's vCPUs. */

/* ---------------------------------------------------------------------- */
/* console_io (hypercall 18) commands.                                     */

#define CONSOLEIO_write     0  /* Write count bytes from a guest buffer. */
#define CONSOLEIO_read      1  /* Read up to count bytes (dom0). */

/* ---------------------------------------------------------------------- */
/* vm_assist (hypercall 21).                                               */

#define VMASST_CMD_enable                0  /* Turn the assist on. */
#define VMASST_CMD_disable               1  /* Turn the assist off. */

#define VMASST_TYPE_4gb_segments         0  /* 32-bit guests only. */
#define VMASST_TYPE_4gb_segments_notify  1  /* 32-bit guests only. */
#define VMASST_TYPE_writable_pagetables  2  /* Emulate writes to read-only L1 pages. */
#define VMASST_TYPE_pae_extended_cr3     3  /* 32-bit PAE guests only. */
#define VMASST_TYPE_architectural_iopl   4  /* IOPL as hardware would treat it. */
#define VMASST_TYPE_runstate_update_flag 5  /* Flag runstate updates in progress. */
#define VMASST_TYPE_m2p_strict           32 /* M2P mapped in kernel L4s only. */

/* ---------------------------------------------------------------------- */
/* Domain ids. Real domains are 0 .. DOMID_FIRST_RESERVED - 1.             */

#define DOMID_FIRST_RESERVED 0x7FF0 /* First special id. */
#define DOMID_SELF           0x7FF0 /* The calling domain. */
#define DOMID_IO             0x7FF1 /* Owner of MMIO frames (foreign mapping of I/O). */
#define DOMID_XEN            0x7FF2 /* The hypervisor as a frame owner. */
#define DOMID_COW            0x7FF3 /* Owner of shared copy-on-write frames. */
#define DOMID_INVALID        0x7FF4 /* No domain. */
#define DOMID_IDLE           0x7FFF /* The idle domain. */
#define DOMID_MASK           0x7FFF /* Bits of a domain id. */

/* ---------------------------------------------------------------------- */
/* start_info.flags (SIF_*).                                               */

#define SIF_PRIVILEGED      (1 << 0)    /* The domain may use privileged ops. */
#define SIF_INITDOMAIN      (1 << 1)    /* This is the initial (control) domain. */
#define SIF_MULTIBOOT_MOD   (1 << 2)    /* mod_start holds a multiboot module list. */
#define SIF_MOD_START_PFN   (1 << 3)    /* mod_start is a PFN, not a VA. */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)    /* Tools may use the linear p2m list. */
#define SIF_PM_MASK         (0xFF << 8) /* Processor power-management options. */

/* Size of start_info.cmd_line, including the terminating NUL. */
#define MAX_GUEST_CMDLINE   1024

/* start_info.magic for a 64-bit PV guest; a guest checks the "xen-3.0" prefix. */
#define XEN_START_INFO_MAGIC "xen-3.0-x86_64"

/* vcpu_time_info.flags. */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0) /* TSC is synchronised across CPUs. */
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1) /* The vCPU was paused by tools. */

/* dom0_vga_console_info.video_type. */
#define XEN_VGATYPE_TEXT_MODE_3 0x03 /* VGA text mode 3. */
#define XEN_VGATYPE_VESA_LFB    0x23 /* VESA linear framebuffer. */
#define XEN_VGATYPE_EFI_LFB     0x70 /* EFI GOP linear framebuffer. */

#ifndef __ASSEMBLER__

/* A domain id (0 .. DOMID_FIRST_RESERVED - 1, or a DOMID_* value). */
typedef uint16_t domid_t;

/* A 16-byte domain handle (UUID) chosen by the toolstack. */
typedef uint8_t xen_domain_handle_t[16];

/*
 * mmu_update - one request of hypercall 1. ptr: machine address of the
 * target with an MMU_* command in bits 0-2; val: the new contents.
 */
struct mmu_update {
    uint64_t ptr;               /* MA of the PTE (or frame) | MMU_* command. */
    uint64_t val;               /* New PTE value, or the PFN for MACHPHYS. */
};
typedef struct mmu_update mmu_update_t;
PUBLIC_ASSERT_SIZE(struct mmu_update, 16);

/* mmuext_op - one request of hypercall 26. */
struct mmuext_op {
    uint32_t cmd;               /* MMUEXT_* */
    uint32_t pad;
    union {
        xen_pfn_t mfn;          /* PIN/UNPIN, NEW_BASEPTRs, CLEAR/COPY_PAGE. */
        uint64_t  linear_addr;  /* INVLPG_*, SET_LDT. */
    } arg1;
    union {
        uint32_t  nr_ents;      /* SET_LDT. */
        uint64_t  vcpumask;     /* TLB_FLUSH_MULTI, INVLPG_MULTI: bitmap handle. */
        xen_pfn_t src_mfn;      /* COPY_PAGE. */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
PUBLIC_ASSERT_SIZE(struct mmuext_op, 24);

/*
 * multicall_entry - one call in a multicall batch (hypercall 13): op is
 * the hypercall number, args[0..4] its arguments (args[5] unused), and the
 * call's return value is written back to result.
 */
struct multicall_entry {
    xen_ulong_t op;             /* Hypercall number. */
    xen_ulong_t result;         /* OUT: the call's return value. */
    xen_ulong_t args[6];        /* Arguments 1..6 (only 5 are used). */
};
typedef struct multicall_entry multicall_entry_t;
PUBLIC_ASSERT_SIZE(struct multicall_entry, 64);

/*
 * vcpu_time_info - the hypervisor's system time for one vCPU. The writer
 * makes version odd before an update and even after it; a reader retries
 * while version is odd or changed under it. Now, in ns since boot:
 *   system_time + ((((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32)
 * where a negative tsc_shift shifts right.
 */
struct vcpu_time_info {
    uint32_t version;           /* Odd while an update is in progress. */
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* TSC when system_time was sampled. */
    uint64_t system_time;       /* ns since boot at tsc_timestamp. */
    uint32_t tsc_to_system_mul; /* TSC -> ns factor, 32.32 fixed point. */
    int8_t   tsc_shift;         /* Pre-scale of the TSC delta. */
    uint8_t  flags;             /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
PUBLIC_ASSERT_SIZE(struct vcpu_time_info, 32);

/*
 * vcpu_info - per-vCPU event state and time, in shared_info (first 32
 * vCPUs) or where VCPUOP_register_vcpu_info put it. The hypervisor sets
 * evtchn_upcall_pending and evtchn_pending_sel; the guest clears them. A
 * non-zero evtchn_upcall_mask blocks upcalls (the guest's "interrupts off").
 */
struct vcpu_info {
    uint8_t  evtchn_upcall_pending; /* An upcall is wanted. */
    uint8_t  evtchn_upcall_mask;    /* Non-zero: no upcall is delivered. */
    uint8_t  pad[6];
    xen_ulong_t evtchn_pending_sel; /* Bit i: evtchn_pending[i] may be non-zero. */
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;
PUBLIC_ASSERT_SIZE(struct vcpu_info, 64);

/*
 * shared_info - the page shared by the hypervisor and a domain (its MA is
 * start_info.shared_info). Event channel p is bit p % 64 of word p / 64 in
 * evtchn_pending and evtchn_mask (2-level ABI, 4096 ports). Wallclock:
 * wc_sec_hi:wc_sec, wc_nsec is the time of day at system time 0, read with
 * the same version protocol as vcpu_time_info.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[64]; /* Set by the hypervisor, cleared by the guest. */
    xen_ulong_t evtchn_mask[64];    /* Set/cleared by the guest only. */
    uint32_t wc_version;            /* Odd while the wallclock is updated. */
    uint32_t wc_sec;                /* Seconds since the epoch, low 32 bits. */
    uint32_t wc_nsec;               /* Nanoseconds. */
    uint32_t wc_sec_hi;             /* Seconds since the epoch, high 32 bits. */
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;
PUBLIC_ASSERT_SIZE(struct shared_info, 3136);

/*
 * start_info - what a PV guest finds at RSI on entry (one page, read-write).
 * Addresses are guest virtual unless said to be machine addresses/frames.
 */
struct start_info {
    char     magic[32];         /* XEN_START_INFO_MAGIC, NUL-padded. */
    uint64_t nr_pages;          /* Pages allocated to the domain. */
    uint64_t shared_info;       /* MA of the shared_info page. */
    uint32_t flags;             /* SIF_* */
    uint32_t pad0;
    xen_pfn_t store_mfn;        /* MFN of the xenstore ring page (domU). */
    uint32_t store_evtchn;      /* Event channel of the xenstore ring. */
    uint32_t pad1;
    union {
        struct {
            xen_pfn_t mfn;      /* MFN of the console ring page. */
            uint32_t  evtchn;   /* Event channel of the console ring. */
            uint32_t  pad;
        } domU;
        struct {
            uint32_t info_off;  /* Offset in this page of dom0_vga_console_info. */
            uint32_t info_size; /* Its size. */
        } dom0;
    } console;
    uint64_t pt_base;           /* VA of the bootstrap L4. */
    uint64_t nr_pt_frames;      /* Frames of bootstrap page tables. */
    uint64_t mfn_list;          /* VA of the p2m list (PFN -> MFN). */
    uint64_t mod_start;         /* VA of the initrd (a PFN with SIF_MOD_START_PFN). */
    uint64_t mod_len;           /* Its size in bytes. */
    int8_t   cmd_line[MAX_GUEST_CMDLINE]; /* Kernel command line, NUL-terminated. */
    uint64_t first_p2m_pfn;     /* First PFN of the p2m frames (INIT_P2M). */
    uint64_t nr_p2m_frames;     /* Number of p2m frames (INIT_P2M). */
};
typedef struct start_info start_info_t;
PUBLIC_ASSERT_SIZE(struct start_info, 1168);

/* xen_multiboot_mod_list - one module when SIF_MULTIBOOT_MOD is set. */
struct xen_multiboot_mod_list {
    uint32_t mod_start;         /* Physical address of the first byte. */
    uint32_t mod_end;           /* Physical address of the last byte (inclusive). */
    uint32_t cmdline;           /* Physical address of its NUL-terminated command line. */
    uint32_t pad;               /* Zero. */
};
PUBLIC_ASSERT_SIZE(struct xen_multiboot_mod_list, 16);

/*
 * dom0_vga_console_info - the boot display handed to dom0, placed in the
 * start_info page at console.dom0.info_off.
 */
typedef struct dom0_vga_console_info {
    uint8_t video_type;         /* XEN_VGATYPE_* */
    uint8_t pad[3];
    union {
        struct {
            uint16_t font_height;   /* Pixels. */
            uint16_t cursor_x;      /* Cursor column. */
            uint16_t cursor_y;      /* Cursor row. */
            uint16_t rows;          /* Text rows. */
            uint16_t columns;       /* Text columns. */
        } text_mode_3;
        struct {
            uint16_t width;         /* Pixels. */
            uint16_t height;        /* Pixels. */
            uint16_t bytes_per_line;
            uint16_t bits_per_pixel;
            uint32_t lfb_base;      /* Physical address, low 32 bits. */
            uint32_t lfb_size;      /* In 64 KiB units. */
            uint8_t  red_pos, red_size;
            uint8_t  green_pos, green_size;
            uint8_t  blue_pos, blue_size;
            uint8_t  rsvd_pos, rsvd_size;
            uint32_t gbl_caps;      /* VESA capabilities. */
            uint16_t mode_attrs;    /* VESA mode attributes. */
            uint16_t pad;
            uint32_t ext_lfb_base;  /* Physical address, high 32 bits. */
        } vesa_lfb;
    } u;
} dom0_vga_console_info_t;
PUBLIC_ASSERT_SIZE(struct dom0_vga_console_info, 40);

/* A 16-byte UUID, as used by some toolstack interfaces. */
typedef struct {
    uint8_t a[16];
} xen_uuid_t;
PUBLIC_ASSERT_SIZE(xen_uuid_t, 16);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_XEN_H */
