/* SPDX-License-Identifier: MIT */
/*
 * pvkern start of day: the Xen ELF notes that make this a PV kernel, the
 * hypercall page, the entry point and the stacks.
 */
#include <pv/elfnote.h>
#include "pvkern.h"

PV_ELFNOTE(XEN_ELFNOTE_GUEST_OS,       .asciz "pvkern")
PV_ELFNOTE(XEN_ELFNOTE_GUEST_VERSION,  .asciz "0.1")
PV_ELFNOTE(XEN_ELFNOTE_LOADER,         .asciz "generic")
PV_ELFNOTE(XEN_ELFNOTE_XEN_VERSION,    .asciz "xen-3.0")
PV_ELFNOTE(XEN_ELFNOTE_VIRT_BASE,      .quad PVKERN_VIRT_BASE)
PV_ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET,   .quad PVKERN_VIRT_BASE)
PV_ELFNOTE(XEN_ELFNOTE_ENTRY,          .quad _start)
PV_ELFNOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)

/*
 * _start: RSI = start_info (VA), RSP = the builder's one-page stack, events
 * masked, guest kernel mode. Clears .bss, moves to our own stack and calls
 * pvkern_start(start_info), which does not return.
 */
    .section .text.head, "ax", @progbits
    .globl _start
_start:
    mov     %rsi, %r12
    lea     __bss_start(%rip), %rdi
    lea     __bss_end(%rip), %rcx
    sub     %rdi, %rcx
    shr     $3, %rcx                /* both ends page aligned (pvkern.lds.S) */
    xor     %eax, %eax
    rep stosq
    lea     boot_stack_top(%rip), %rsp
    mov     %r12, %rdi
    call    pvkern_start
    ud2

/* Filled by the builder: stub n at +32n. The int3 fill tells it was not. */
    .section .text.hypercall_page, "ax", @progbits
    .balign 4096
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

    .bss
    .balign 4096
    .globl shared_info_page
shared_info_page:                   /* its frame is replaced by shared_info */
    .space 4096
boot_stack:                         /* main line of the kernel */
    .space PVKERN_STACK_SIZE
    .globl boot_stack_top
boot_stack_top:
entry_stack:                        /* entries from user mode (load_tr) */
    .space PVKERN_STACK_SIZE
    .globl entry_stack_top
entry_stack_top:

    .section .note.GNU-stack, "", @progbits
