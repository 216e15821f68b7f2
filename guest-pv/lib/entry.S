/* SPDX-License-Identifier: MIT */
/*
 * libpv kernel entry: exceptions, user `syscall`, event upcalls, and the
 * way back through HYPERVISOR_iret.
 *
 * The hypervisor enters with its bounce frame on the kernel stack (the
 * current one if kernel mode was interrupted, else the one load_tr named),
 * RSP 16-byte aligned at the first word, RCX and R11 garbage:
 *
 *      +0  RCX  +8  R11  [+16 error code]  RIP  CS  RFLAGS  RSP  SS
 *
 * (a failsafe frame has DS ES FS GS between R11 and RIP). Each stub takes
 * back RCX and R11, makes the error-code slot uniform and pushes a vector
 * number; pv_entry_common pushes the general registers. That is struct
 * pv_frame (pv/frame.h), lowest address first:
 *
 *      r15 ... rax | vector | error code | RIP CS RFLAGS RSP SS
 *
 * Below the frame, on a 16-byte boundary, the FPU/SSE state of the
 * interrupted context (fxsave, 512 bytes): kernel C code, newlib and the
 * handlers are free to use SSE. The kernel then runs with a clean FPU
 * state (default control words).
 *
 * The way back pops the registers and leaves RSP at the error-code slot,
 * which is then iret_context.flags (0 for IRETQ or VGCF_in_syscall for
 * SYSRET) with RIP..SS above it; the iret stub (or this code) pushes RCX,
 * R11 and RAX below it, completing struct iret_context.
 */
#include <pv/asm.h>
#include <pv/frame.h>
#include <public/xen.h>

#define FXSAVE_SIZE     512
#define FRAME_WORDS     22      /* sizeof(struct pv_frame) / 8 */

    .text

/* Stub for vector n: RSP at the bounce frame's RCX word. */
.macro STUB n, has_error_code
    .p2align 4
pv_stub_\n:
    pop     %rcx
    pop     %r11
    .if \has_error_code == 0
    push    $0
    .endif
    push    $\n
    jmp     pv_entry_common
.endm

    /* Error code pushed by the CPU (and so by the hypervisor) for these. */
    .irp n, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
    STUB \n, 0
    .endr
    .irp n, 8,10,11,12,13,14,17,21,29,30
    STUB \n, 1
    .endr

/* pv_syscall_entry: a `syscall` in user mode; RAX, RDI.. are the user's. */
    .globl pv_syscall_entry
    .type pv_syscall_entry, @function
pv_syscall_entry:
    pop     %rcx
    pop     %r11
    push    $0
    push    $PV_VEC_SYSCALL
    jmp     pv_entry_common
    .size pv_syscall_entry, . - pv_syscall_entry

/* pv_event_entry: an event upcall; events are masked. */
    .globl pv_event_entry
    .type pv_event_entry, @function
pv_event_entry:
    pop     %rcx
    pop     %r11
    push    $0
    push    $PV_VEC_EVENT
    jmp     pv_entry_common
    .size pv_event_entry, . - pv_event_entry

/*
 * pv_failsafe_entry: reloading a data segment register failed on the way
 * back to the guest; the hypervisor loaded the null selector instead.
 * Nothing to repair for a 64-bit kernel with flat segments: drop the
 * four selector words and resume.
 */
    .globl pv_failsafe_entry
    .type pv_failsafe_entry, @function
pv_failsafe_entry:
    pop     %rcx
    pop     %r11
    add     $32, %rsp               /* DS ES FS GS */
    push    $0                      /* iret flags: IRETQ */
    jmp     pv_iret
    .size pv_failsafe_entry, . - pv_failsafe_entry

/*
 * pv_entry_common: RSP at the vector word of a partial frame; every general
 * register but RCX/R11 (restored) is the interrupted context's. Completes
 * the frame, saves the FPU state, calls pv_entry_dispatch(frame), restores
 * the FPU state and resumes the frame. Does not return.
 */
pv_entry_common:
    push    %rax
    push    %rbx
    push    %rcx
    push    %rdx
    push    %rsi
    push    %rdi
    push    %rbp
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, %rbx              /* callee-saved: the frame */
    sub     $FXSAVE_SIZE, %rsp
    and     $~15, %rsp
    fxsave64 (%rsp)
    fninit
    ldmxcsr pv_default_mxcsr(%rip)
    cld
    mov     %rbx, %rdi
    call    pv_entry_dispatch
    fxrstor64 (%rsp)
    mov     %rbx, %rsp
    /* fall through */

/*
 * pv_frame_resume: RSP = a struct pv_frame; resume it with HYPERVISOR_iret.
 * Its error-code word is the iret flags. Does not return.
 */
    .globl pv_frame_resume
    .type pv_frame_resume, @function
pv_frame_resume:
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
    add     $8, %rsp                /* the vector */
/* pv_iret: RSP at iret_context.flags, RIP..SS above; every register final. */
pv_iret:
    /* Only RFLAGS' arithmetic bits change here; iret reloads RFLAGS. */
    cmpq    $0, pv_iret_stub(%rip)
    je      1f
    jmp     *pv_iret_stub(%rip)
1:  push    %rcx
    push    %r11
    push    %rax
    mov     $__HYPERVISOR_iret, %eax
    syscall
    ud2                             /* iret does not come back */
    .size pv_frame_resume, . - pv_frame_resume

/*
 * pv_enter_user(rip, rsp, arg): RDI RSI RDX as named. Saves the C
 * callee-saved registers and RSP for pv_user_return, gives user mode a
 * clean FPU state, builds a frame for user mode (events enabled, every
 * register 0 but RDI = arg) and resumes it. Returns only by
 * pv_user_return, with RAX = its value.
 */
    .globl pv_enter_user
    .type pv_enter_user, @function
pv_enter_user:
    PV_PUSH_CALLEE_SAVED
    mov     %rsp, pv_user_saved_sp(%rip)
    fninit
    ldmxcsr pv_default_mxcsr(%rip)
    push    pv_user_ss(%rip)
    push    %rsi                    /* RSP */
    push    $0x202                  /* RFLAGS: IF (events on), bit 1 */
    push    pv_user_cs(%rip)        /* RPL 3: return to user mode */
    push    %rdi                    /* RIP */
    push    $0                      /* iret flags */
    push    $0                      /* vector */
    xor     %eax, %eax
    .rept 5                         /* rax rbx rcx rdx rsi */
    push    %rax
    .endr
    push    %rdx                    /* rdi = arg */
    .rept 9                         /* rbp r8 .. r15 */
    push    %rax
    .endr
    jmp     pv_frame_resume
    .size pv_enter_user, . - pv_enter_user

/*
 * pv_user_return(value): RDI = value. In kernel mode on any stack: back
 * to pv_enter_user's caller with RAX = value.
 */
    .globl pv_user_return
    .type pv_user_return, @function
pv_user_return:
    mov     pv_user_saved_sp(%rip), %rsp
    PV_POP_CALLEE_SAVED
    mov     %rdi, %rax
    ret
    .size pv_user_return, . - pv_user_return

    .section .rodata
    .balign 8
/* The 32 exception stubs by vector, for pv_entry_init(). */
    .globl pv_exception_stubs
pv_exception_stubs:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad pv_stub_\n
    .endr
    .size pv_exception_stubs, . - pv_exception_stubs
/* MXCSR at reset: all exceptions masked, round to nearest. */
pv_default_mxcsr:
    .long   0x1f80

    .data
    .balign 8
/* User-mode selectors: the hypervisor's flat ones; native ones natively. */
    .globl pv_user_cs, pv_user_ss
pv_user_cs:
    .quad   FLAT_USER_CS
pv_user_ss:
    .quad   FLAT_USER_SS

    .bss
    .balign 8
pv_user_saved_sp:
    .quad   0

    .section .note.GNU-stack, "", @progbits
