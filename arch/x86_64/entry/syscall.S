/* SPDX-License-Identifier: MIT */
/*
 * Guest entry by `syscall` (MSR_LSTAR) and the first entry into a guest.
 *
 * A PV guest runs at CPL3 in both its kernel and its user mode, so every
 * `syscall` it makes lands here. syscall_entry builds the same struct
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
 * One CPU for now: the scratch slot for the guest RSP and the stack top are
 * globals; per-CPU entry stubs come with SMP.
 */
#include <asm/asm.h>
#include <asm/entry.h>
#include <asm/desc.h>
#include <asm/pv.h>

        .data
        .balign 8
syscall_guest_rsp:
        .quad   0

        .text
/*
 * syscall_entry: from guest ring 3. RCX = guest RIP, R11 = guest RFLAGS,
 * RSP = guest RSP; IF, DF, TF, AC, NT cleared by SFMASK. Clobbers nothing
 * the guest can see except what pv_syscall() decides (RAX result, bounces).
 */
/* Build the frame for a syscall from code segment \cs. */
.macro SYSCALL_FRAME cs
        mov     %rsp, syscall_guest_rsp(%rip)
        mov     hv_stack_top(%rip), %rsp
        push    $GUEST_DS
        push    syscall_guest_rsp(%rip)
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

FUNC(syscall_entry)
        SYSCALL_FRAME GUEST_CS64
END(syscall_entry)

/* cstar_entry: syscall from 32-bit compatibility code (CS 0xe023). */
FUNC(cstar_entry)
        SYSCALL_FRAME GUEST_CS32
END(cstar_entry)

/*
 * enter_guest_frame: RDI = a struct cpu_regs (at the stack top) holding
 * the guest state to start. Does not return.
 */
FUNC(enter_guest_frame)
        mov     %rdi, %rsp
        jmp     restore_all
END(enter_guest_frame)
