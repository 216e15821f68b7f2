/* SPDX-License-Identifier: MIT */
/*
 * thread_switch(from_sp, to_sp, from_fpu, to_fpu): cooperative switch
 * between kernel threads (thread.c). RDI = where to store the current RSP,
 * RSI = the RSP to resume, RDX / RCX = 512-byte, 16-byte aligned FPU/SSE
 * save areas of the two threads. Saves the C callee-saved registers and
 * the FPU/SSE state on the way out, restores the other thread's; returns
 * in the other thread (into its thread_switch call, or thread_first_run
 * for a new one). Events may be on or off: the state is the thread's.
 *
 * A thread's stack at the switch, lowest first:
 *      r15 r14 r13 r12 rbx rbp | return address
 */
#include <pv/asm.h>

    .text
    .globl thread_switch
    .type thread_switch, @function
thread_switch:
    PV_PUSH_CALLEE_SAVED
    fxsave64 (%rdx)
    mov     %rsp, (%rdi)
    mov     %rsi, %rsp
    fxrstor64 (%rcx)
    PV_POP_CALLEE_SAVED
    ret
    .size thread_switch, . - thread_switch

/*
 * thread_first_run: where a new thread's first switch returns to, with
 * R12 = its function and R13 = its argument (set up by thread_create).
 * Runs thread_main(fn, arg), which does not return.
 */
    .globl thread_first_run
    .type thread_first_run, @function
thread_first_run:
    mov     %r12, %rdi
    mov     %r13, %rsi
    call    thread_main
    ud2
    .size thread_first_run, . - thread_first_run

    .section .note.GNU-stack, "", @progbits
