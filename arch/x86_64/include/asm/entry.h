/* SPDX-License-Identifier: MIT */
/*
 * Entry-path macros shared by the trap and syscall entries: saving the
 * general registers in struct cpu_regs order (asm/regs.h), RDI highest.
 */
#ifndef ASM_ENTRY_H
#define ASM_ENTRY_H

#ifdef __ASSEMBLER__
/* Push every GPR; afterwards RSP points at a struct cpu_regs. */
.macro SAVE_GPRS
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
.endm
#endif

#endif /* ASM_ENTRY_H */
