/* SPDX-License-Identifier: MIT */
/*
 * Test-guest exception and syscall-callback entry, and the return through
 * HYPERVISOR_iret.
 *
 * The hypervisor enters a handler with this bounce frame on the guest
 * kernel stack (PV-ABI-NOTES 4.1), RSP 16-byte aligned at its first word:
 *
 *      RSP ->  +0   RCX of the interrupted context
 *              +8   R11 of the interrupted context
 *             (+16  error code: vectors 8, 10-14, 17, 21, 29, 30 only)
 *                   RIP
 *                   CS        (bits 32-39: saved evtchn_upcall_mask)
 *                   RFLAGS
 *                   RSP
 *                   SS
 *
 * RCX and R11 hold garbage on entry (the hypervisor returned with SYSRET),
 * so the stub first pops the real ones. It then pushes the error code (0 if
 * the vector has none) and the vector, and trap_common pushes the general
 * registers, giving struct trap_frame (traps.h):
 *
 *              r15 r14 ... rbx rax | vector | error code | RIP CS RFLAGS RSP SS
 *              ^ RSP at the C call                         ^ the hypervisor's
 *
 * On the way out the error-code slot becomes iret_context.flags and the
 * words above it are the rest of the iret_context; the iret stub (or our
 * own syscall) pushes RCX, R11 and RAX below it (PV-ABI-NOTES 4.6):
 *
 *              RAX R11 RCX | flags | RIP CS RFLAGS RSP SS
 */
#include <asm/asm.h>
#include <public/xen.h>
#include "guest-offsets.h"
#include "traps.h"

/* A stub for a vector the hypervisor pushes no error code for. */
#define ENTRY_NOERR(n)          \
LOCAL_FUNC(trap_entry_##n);     \
    pop     %rcx;               \
    pop     %r11;               \
    push    $0;                 \
    push    $n;                 \
    jmp     trap_common;        \
END(trap_entry_##n)

/* A stub for a vector with an error code: it already sits in place. */
#define ENTRY_ERR(n)            \
LOCAL_FUNC(trap_entry_##n);     \
    pop     %rcx;               \
    pop     %r11;               \
    push    $n;                 \
    jmp     trap_common;        \
END(trap_entry_##n)

/* The push order in trap_common and the stubs is struct trap_frame. */
.if TF_vector != 15 * 8 || TF_iret_flags != 16 * 8 || TF_rip != 17 * 8 || TF_SIZE != 22 * 8
.error "struct trap_frame does not match the pushes of the entry stubs"
.endif

    .text
ENTRY_NOERR(0)
ENTRY_NOERR(1)
ENTRY_NOERR(2)
ENTRY_NOERR(3)
ENTRY_NOERR(4)
ENTRY_NOERR(5)
ENTRY_NOERR(6)
ENTRY_NOERR(7)
ENTRY_ERR(8)
ENTRY_NOERR(9)
ENTRY_ERR(10)
ENTRY_ERR(11)
ENTRY_ERR(12)
ENTRY_ERR(13)
ENTRY_ERR(14)
ENTRY_NOERR(15)
ENTRY_NOERR(16)
ENTRY_ERR(17)
ENTRY_NOERR(18)
ENTRY_NOERR(19)
ENTRY_NOERR(20)
ENTRY_ERR(21)
ENTRY_NOERR(22)
ENTRY_NOERR(23)
ENTRY_NOERR(24)
ENTRY_NOERR(25)
ENTRY_NOERR(26)
ENTRY_NOERR(27)
ENTRY_NOERR(28)
ENTRY_ERR(29)
ENTRY_ERR(30)
ENTRY_NOERR(31)

/*
 * syscall_entry: the CALLBACKTYPE_syscall callback, for a `syscall` in
 * guest user mode. Bounce frame as above without an error code; RAX and
 * the argument registers are the user's. Handled as vector TRAP_SYSCALL.
 */
FUNC(syscall_entry)
    pop     %rcx
    pop     %r11
    push    $0
    push    $TRAP_SYSCALL
    jmp     trap_common
END(syscall_entry)

/*
 * trap_common: the shared part. In: RSP at the vector slot of a partial
 * trap_frame, every general register the interrupted context's. Calls
 * trap_dispatch(frame) on a 16-byte aligned stack, then resumes the frame
 * through HYPERVISOR_iret. Does not return.
 */
LOCAL_FUNC(trap_common)
    FRAME_CALL_RESUME trap_dispatch
END(trap_common)

/*
 * trap_resume: resume the trap_frame at RSP through HYPERVISOR_iret, with
 * its iret_flags word as iret_context.flags. Used by trap_common and by
 * user_enter (user.S), which builds a frame of its own. Does not return.
 */
FUNC(trap_resume)
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rbp
    pop     %rdi
    pop     %rsi
    pop     %rdx
    pop     %rcx
    pop     %rbx
    pop     %rax
    add     $8, %rsp                /* the vector; RSP at the flags word now */
    /* fall through */

/*
 * trap_iret: RSP at iret_context.flags with RIP CS RFLAGS RSP SS above it,
 * every register final: HYPERVISOR_iret. Also the slow path of callbacks
 * that return to kernel mode without it (guest-bench-evtchn).
 */
    .globl  trap_iret
trap_iret:
    /* The arithmetic flags may go: iret reloads RFLAGS from the frame. */
    cmpl    $HC_VIA_SYSCALL, hypercall_via(%rip)
    je      1f
    jmp     hypercall_page + __HYPERVISOR_iret * 32
1:  push    %rcx
    push    %r11
    push    %rax
    mov     $__HYPERVISOR_iret, %eax
    syscall
    ud2                             /* iret does not return here */
END(trap_resume)

/* Addresses of the 32 stubs, indexed by vector, for trap_init(). */
    .section .rodata
    .balign 8
    .globl trap_entry_table
    .type trap_entry_table, @object
trap_entry_table:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad trap_entry_\n
    .endr
    .size trap_entry_table, . - trap_entry_table

    .section .note.GNU-stack, "", @progbits
