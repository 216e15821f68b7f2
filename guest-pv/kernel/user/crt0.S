/* SPDX-License-Identifier: MIT */
/*
 * Program start under pvkern, in user mode. RDI = {argc, argv...} on the
 * stack (kernel/program.c). Calls _pvk_main(argc, argv), which runs main
 * and exits.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    mov     (%rdi), %rax
    lea     8(%rdi), %rsi
    mov     %rax, %rdi
    and     $~15, %rsp
    xor     %ebp, %ebp
    call    _pvk_main
    ud2
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
