/* SPDX-License-Identifier: MIT */
/*
 * Native entry glue: make the CPU's own interrupt and `syscall` entries
 * look like the hypervisor's bounce frames, so libpv's entry path
 * (entry.S) serves both, and return with iretq.
 *
 * The CPU pushes [SS RSP RFLAGS CS RIP (error code)]; a trampoline pushes
 * R11 and RCX below, which is the PV frame (RCX on top) exactly, and jumps
 * to the stub libpv registered for the vector (pv_native_targets).
 * `syscall` pushes nothing and does not switch stacks: the syscall entry
 * builds the whole frame on the kernel stack itself.
 */
#include <pv/frame.h>
#include <pv/native.h>

#define NATIVE_USER_CS  0x2b
#define NATIVE_USER_SS  0x23
#define SHARED_PENDING  0x800   /* offsetof(struct shared_info, evtchn_pending) */
#define VCPU0_SEL       8       /* offsetof(struct vcpu_info, evtchn_pending_sel) */

    .text
/* Trampolines for vectors 0-32, 16 bytes each (pv_native_tramp + 16 * n). */
    .p2align 4
    .globl pv_native_tramp
pv_native_tramp:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32
    .p2align 4
    push    %r11
    push    %rcx
    jmp     *pv_native_targets + 8 * \n(%rip)
    .endr

/*
 * pv_native_irq0: the PIT's interrupt (vector 32), events off (interrupt
 * gate). Marks the timer port pending the way the hypervisor would, then
 * enters as an event upcall. RSP at the PV frame; no register is free yet,
 * so only instructions with immediate and memory operands.
 */
    .globl pv_native_irq0
pv_native_irq0:
    lock btsq $PV_NATIVE_TIMER_PORT, pv_native_shared + SHARED_PENDING(%rip)
    lock btsq $0, pv_native_shared + VCPU0_SEL(%rip)
    movb    $1, pv_native_shared(%rip)      /* evtchn_upcall_pending */
    jmp     pv_event_entry

/*
 * pv_native_syscall: LSTAR. RCX = user RIP, R11 = user RFLAGS, RSP = user
 * stack, interrupts off (FMASK). One CPU and interrupts off: a static
 * slot holds the user RSP while the stack changes.
 */
    .globl pv_native_syscall
pv_native_syscall:
    mov     %rsp, native_user_rsp(%rip)
    mov     pv_native_kernel_sp(%rip), %rsp
    push    $NATIVE_USER_SS
    push    native_user_rsp(%rip)
    push    %r11                    /* RFLAGS */
    push    $NATIVE_USER_CS
    push    %rcx                    /* RIP */
    push    %r11
    push    %rcx
    jmp     pv_syscall_entry

/* pv_native_iret: RSP at the iret flags word, every register final. */
    .globl pv_native_iret
pv_native_iret:
    add     $8, %rsp
    iretq

    .bss
    .balign 8
    .globl pv_native_targets, pv_native_kernel_sp
pv_native_targets:
    .space  8 * 33
pv_native_kernel_sp:
    .quad   0
native_user_rsp:
    .quad   0

    .section .note.GNU-stack, "", @progbits
