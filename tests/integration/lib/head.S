/* SPDX-License-Identifier: MIT */
/*
 * Test-guest start of day: the Xen ELF notes, the hypercall page, the entry
 * point and the boot stack.
 */
#include <asm/asm.h>
#include <public/elfnote.h>
#include "layout.h"

/*
 * One Xen ELF note: namesz, descsz, type, "Xen\0", then the descriptor,
 * each part 4-byte aligned (ELF64 notes from Xen use 4-byte alignment).
 */
#define XEN_NOTE(type, desc...)                          \
    .pushsection .note.Xen, "a", @note;                  \
    .balign 4;                                           \
    .long 2f - 1f;                                       \
    .long 4f - 3f;                                       \
    .long type;                                          \
1:  .asciz "Xen";                                        \
2:  .balign 4;                                           \
3:  desc;                                                \
4:  .balign 4;                                           \
    .popsection

XEN_NOTE(XEN_ELFNOTE_GUEST_OS,      .asciz "pvisor-test")
XEN_NOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz "1")
XEN_NOTE(XEN_ELFNOTE_LOADER,        .asciz "generic")
XEN_NOTE(XEN_ELFNOTE_XEN_VERSION,   .asciz "xen-3.0")
XEN_NOTE(XEN_ELFNOTE_VIRT_BASE,     .quad GUEST_VIRT_BASE)
XEN_NOTE(XEN_ELFNOTE_PADDR_OFFSET,  .quad GUEST_VIRT_BASE)
XEN_NOTE(XEN_ELFNOTE_ENTRY,         .quad _start)
XEN_NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)

/*
 * _start: first guest instruction, in guest kernel mode.
 * In: RSI = VA of start_info; RSP = top of the builder's boot stack; all
 * other registers unspecified (zero on Xen). Events are masked
 * (evtchn_upcall_mask = 1). Does not return.
 */
    .section .text.head, "ax", @progbits
FUNC(_start)
    /* Clear .bss while still on the builder's stack (ours lives in .bss). */
    mov     %rsi, %r12
    lea     __bss_start(%rip), %rdi
    lea     __bss_end(%rip), %rcx
    sub     %rdi, %rcx
    xor     %eax, %eax
    rep stosb

    lea     boot_stack_top(%rip), %rsp
    mov     %r12, %rdi
    call    guest_start
    ud2
END(_start)

/*
 * The hypercall page: stub i at hypercall_page + 32 * i, written by the
 * hypervisor before the guest starts (HYPERCALL_PAGE note). Filled with
 * int3 here so a missing stub traps instead of running on.
 */
    .section .text.hypercall_page, "ax", @progbits
    .balign GUEST_PAGE_SIZE
    .globl hypercall_page
    .type hypercall_page, @object
hypercall_page:
    .fill GUEST_PAGE_SIZE, 1, 0xcc
    .size hypercall_page, GUEST_PAGE_SIZE

    .bss
    .balign GUEST_PAGE_SIZE
boot_stack:
    .space GUEST_STACK_SIZE
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
