/* SPDX-License-Identifier: MIT */
/*
 * Test-guest user mode, assembly part: enter user mode with a prepared
 * trap_frame and come back to the caller of user_run().
 */
#include <asm/asm.h>
#include "layout.h"
#include "user.h"

/*
 * user_enter(frame): RDI = a trap_frame describing the user context. Saves
 * the callee-saved registers and RSP for user_return, then resumes the frame
 * with HYPERVISOR_iret (trap_resume). Returns only through user_return,
 * with RAX = its value. Clobbers what a C call may.
 */
FUNC(user_enter)
    push    %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, user_saved_rsp(%rip)
    mov     %rdi, %rsp
    jmp     trap_resume
END(user_enter)

/*
 * user_return(value): RDI = value for user_run. In kernel mode, on any
 * stack. Back to the stack and registers user_enter saved.
 */
FUNC(user_return)
    mov     user_saved_rsp(%rip), %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
    mov     %rdi, %rax
    ret
END(user_return)

/*
 * user_exit_stub: in user mode, where a user function returns to (RAX = its
 * result). Ends user_run with that value.
 */
FUNC(user_exit_stub)
    mov     %rax, %rdi
    mov     $USER_EXIT_NR, %eax
    syscall
    ud2
END(user_exit_stub)

    .bss
    .balign 8
user_saved_rsp:
    .quad   0

    .balign GUEST_PAGE_SIZE
    .globl user_kernel_stack, user_kernel_stack_top
user_kernel_stack:
    .space  GUEST_STACK_SIZE
user_kernel_stack_top:

    .section .note.GNU-stack, "", @progbits
