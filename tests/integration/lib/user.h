/* SPDX-License-Identifier: MIT */
/*
 * Test-guest user mode: run a function in guest user mode and come back.
 *
 * The user address space is the kernel's own (the user L4 is the kernel
 * L4, as XTF does), so user code reaches all guest memory; what changes is
 * the mode: CS RPL 3 in frames, `syscall` bounced to the syscall callback
 * instead of being a hypercall, kernel entries on the stack_switch stack.
 * So user code must not call anything that makes a hypercall (printf).
 */
#ifndef GUEST_USER_H
#define GUEST_USER_H

#include "traps.h"

/*
 * RAX of the `syscall` by which user code ends a user_run() (RDI = value).
 * Chosen far from any hypercall number a test might bounce on purpose.
 */
#define USER_EXIT_NR 0x7e57

#ifndef __ASSEMBLER__

/*
 * user_init - make user mode usable: kernel stack for entries from user
 * mode (stack_switch), user L4 = kernel L4 (MMUEXT_NEW_USER_BASEPTR), the
 * syscall callback (CALLBACKTYPE_syscall, events masked). Returns 0, or the
 * error of the first step that failed (and prints which).
 */
long user_init(void);

/*
 * user_run - call @fn in guest user mode on the user stack, events masked
 * (RFLAGS.IF = 0 in the iret frame). Returns what @fn returns, or the value
 * a handler passes to user_return().
 */
long user_run(long (*fn)(void));

/*
 * user_return - from a handler of an event that came from user mode:
 * abandon the user context and make user_run() return @value.
 */
__noreturn void user_return(long value);

/*
 * user_set_syscall_handler - handle `syscall` from user mode other than
 * USER_EXIT_NR. The handler returns true to resume user mode (RAX of the
 * frame is the syscall's result), false for an "unexpected" FAILURE.
 */
void user_set_syscall_handler(trap_handler_t handler);

/* The stack kernel entries from user mode use (for range checks). */
extern uint8_t user_kernel_stack[], user_kernel_stack_top[];

#endif /* !__ASSEMBLER__ */

#endif /* GUEST_USER_H */
