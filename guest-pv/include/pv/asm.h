/* SPDX-License-Identifier: MIT */
/*
 * Assembly helpers shared by libpv and kernels built on it.
 *
 * PV_PUSH_CALLEE_SAVED / PV_POP_CALLEE_SAVED: the registers the x86-64 C
 * ABI says a function keeps (RBP RBX R12-R15), for code that leaves a C
 * context and comes back to it later on the same stack (a thread switch,
 * a trip to user mode).
 */
#ifndef PV_ASM_H
#define PV_ASM_H

#ifdef __ASSEMBLER__
.macro PV_PUSH_CALLEE_SAVED
    push    %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
.endm

.macro PV_POP_CALLEE_SAVED
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
.endm
#endif

#endif /* PV_ASM_H */
