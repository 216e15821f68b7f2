/* SPDX-License-Identifier: MIT */
/*
 * Trap and interrupt entry: one stub per IDT vector, one common path.
 *
 * Stack on entry to trap_common (struct cpu_regs, higher addresses up):
 *
 *        +------------------+
 *        | ss               |  pushed by the CPU
 *        | rsp              |
 *        | rflags           |
 *        | cs               |
 *        | rip              |
 *        +------------------+
 *        | error code       |  by the CPU, or 0 by the stub
 *        | vector           |  by the stub
 *        +------------------+
 *        | rdi rsi rdx rcx  |  by trap_common, rdi highest ...
 *        | rax r8 .. r15    |  ... r15 lowest
 *        +------------------+  <- RSP = struct cpu_regs *
 */
#include <asm/asm.h>
#include <asm/entry.h>

/* Vector whose CPU frame has no error code: push a 0 in its place. */
#define TRAP_NOERR(n)   .balign 16; 1: pushq $0; pushq $(n); jmp trap_common; .pushsection .rodata.trap_stubs; .quad 1b; .popsection
/* Vector with an error code pushed by the CPU. */
#define TRAP_ERR(n)     .balign 16; 1: pushq $(n); jmp trap_common; .pushsection .rodata.trap_stubs; .quad 1b; .popsection

        .pushsection .rodata.trap_stubs, "a"
        .balign 8
DATA(trap_stubs)
        .popsection

        .text
TRAP_NOERR(0)   /* #DE divide error */
TRAP_NOERR(1)   /* #DB debug */
TRAP_NOERR(2)   /* NMI (IST) */
TRAP_NOERR(3)   /* #BP breakpoint */
TRAP_NOERR(4)   /* #OF overflow */
TRAP_NOERR(5)   /* #BR bound range */
TRAP_NOERR(6)   /* #UD invalid opcode */
TRAP_NOERR(7)   /* #NM device not available */
TRAP_ERR(8)     /* #DF double fault (IST) */
TRAP_NOERR(9)   /* coprocessor segment overrun */
TRAP_ERR(10)    /* #TS invalid TSS */
TRAP_ERR(11)    /* #NP segment not present */
TRAP_ERR(12)    /* #SS stack fault */
TRAP_ERR(13)    /* #GP general protection */
TRAP_ERR(14)    /* #PF page fault */
TRAP_NOERR(15)  /* reserved */
TRAP_NOERR(16)  /* #MF x87 error */
TRAP_ERR(17)    /* #AC alignment check */
TRAP_NOERR(18)  /* #MC machine check (IST) */
TRAP_NOERR(19)  /* #XM SIMD error */
TRAP_NOERR(20)  /* #VE virtualisation */
TRAP_ERR(21)    /* #CP control protection */
TRAP_NOERR(22)
TRAP_NOERR(23)
TRAP_NOERR(24)
TRAP_NOERR(25)
TRAP_NOERR(26)
TRAP_NOERR(27)
TRAP_NOERR(28)  /* #HV */
TRAP_ERR(29)    /* #VC */
TRAP_ERR(30)    /* #SX */
TRAP_NOERR(31)
/* External interrupts 32..255: no error code. */
        .set vec, 32
        .rept 256 - 32
        TRAP_NOERR(vec)
        .set vec, vec + 1
        .endr

/*
 * trap_common: RSP points at the vector (struct cpu_regs without GPRs).
 * Saves all GPRs, calls trap_dispatch(regs) with RSP 16-byte aligned,
 * restores and returns with iretq. Interrupts stay as the gate left them.
 */
LOCAL_FUNC(trap_common)
        cld
        /* A guest may enter with RFLAGS.AC set: SMAP must hold here. */
        cmpb    $0, smap_enabled(%rip)
        je      1f
        clac
1:
        SAVE_GPRS
        mov     %rsp, %rdi
        /* Frame pointer chain for backtraces: the interrupted RBP is saved. */
        mov     %rsp, %rbx
        and     $~15, %rsp
        call    trap_dispatch
        mov     %rbx, %rsp
        jmp     restore_all
END(trap_common)

/*
 * restore_all: RSP = struct cpu_regs. Restores every GPR and returns with
 * iretq to wherever the frame says (hypervisor or guest). Used by the trap
 * path, the syscall path and the first entry into a guest.
 */
FUNC(restore_all)
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        add     $16, %rsp
2:      iretq
END(restore_all)

/*
 * The iretq to a guest faulted (a frame the CPU refuses: e.g. a RIP past
 * the canonical boundary after an emulated instruction, or above a 32-bit
 * code segment's limit). RSP points at the frame's RIP: hand the whole
 * frame to C, which crashes the domain; it does not return here.
 */
LOCAL_FUNC(bad_iret)
        sub     $(17 * 8), %rsp
        mov     %rsp, %rdi
        and     $~15, %rsp
        call    pv_bad_iret
        ud2
END(bad_iret)

        .pushsection __ex_table, "a"
        .balign 8
        .quad   2b, bad_iret
        .popsection
