/* SPDX-License-Identifier: MIT */
/*
 * Guest entry by `syscall` (MSR_LSTAR) and the first entry into a guest.
 *
 * A PV guest runs at CPL3 in both its kernel and its user mode, so every
 * `syscall` it makes lands here. syscall_common builds the same struct
 * cpu_regs frame an exception from ring 3 would leave at the top of the
 * hypervisor stack (vector = TRAP_SYSCALL), calls pv_syscall() and leaves
 * through restore_all (trap/entry.S):
 *
 *   stack top ->  +--------------+
 *                 | ss   0xe02b  |
 *                 | rsp  (guest) |
 *                 | rflags (R11) |
 *                 | cs   0xe033  |
 *                 | rip  (RCX)   |
 *                 | error  0     |
 *                 | vector 0x100 |
 *                 | GPRs ...     |  <- RSP = struct cpu_regs *
 *                 +--------------+
 *
 * MSR_LSTAR/MSR_CSTAR point at the CPU's entry stub (cpu/percpu.c): it
 * parks the guest RSP in cpu_info.guest_rsp, points RSP at the CPU's
 * cpu_info (the top of its stack) and jumps here.
 */
#include <asm/asm.h>
#include <asm/entry.h>
#include <asm/desc.h>
#include <asm/pv.h>
#include <asm/percpu.h>

        .text
/*
 * syscall_common: from guest ring 3, through the stub. RCX = guest RIP, R11 = guest RFLAGS,
 * RSP = the CPU's cpu_info (guest RSP parked in it); IF, DF, TF, AC, NT cleared by SFMASK. Clobbers nothing
 * the guest can see except what pv_syscall() decides (RAX result, bounces).
 */
/* Build the frame for a syscall from code segment \cs. */
.macro SYSCALL_FRAME cs
        push    $GUEST_DS
        push    8+CPUINFO_guest_rsp(%rsp)       /* address taken before the push */
        push    %r11
        push    $\cs
        push    %rcx
        push    $0
        push    $TRAP_SYSCALL
        SAVE_GPRS
        mov     %rsp, %rdi
        xor     %ebp, %ebp              /* the guest's RBP is no frame of ours */
        call    pv_syscall
        jmp     restore_all
.endm

FUNC(syscall_common)
        SYSCALL_FRAME GUEST_CS64
END(syscall_common)

/* cstar_common: syscall from 32-bit compatibility code (CS 0xe023). */
FUNC(cstar_common)
        SYSCALL_FRAME GUEST_CS32
END(cstar_common)

/*
 * enter_guest_frame: RDI = a struct cpu_regs (at the stack top) holding
 * the guest state to start. Does not return.
 */
FUNC(enter_guest_frame)
        mov     %rdi, %rsp
        jmp     restore_all
END(enter_guest_frame)
