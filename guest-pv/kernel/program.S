/* SPDX-License-Identifier: MIT */
/*
 * The program a pvkern image runs, built separately (a static ELF linked
 * in the user half, kernel/user/user.lds) and included here whole.
 * PROGRAM_ELF (its path) and PROGRAM_NAME come from the build.
 */
    .section .rodata.program, "a"
    .balign 16
    .globl pvkern_program_start, pvkern_program_end, pvkern_program_name
pvkern_program_start:
    .incbin PROGRAM_ELF
pvkern_program_end:
pvkern_program_name:
    .asciz PROGRAM_NAME

    .section .note.GNU-stack, "", @progbits
