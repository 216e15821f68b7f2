/* SPDX-License-Identifier: MIT */
/*
 * Where the other CPUs start: a template copied to a free page below 1 MiB
 * (trampoline_phys) whose page number is the SIPI vector. It runs real mode
 * -> 32-bit protected mode -> long mode, with the hypervisor's page tables
 * plus an identity map of low memory (smpboot.c), then jumps to the
 * hypervisor at tr_entry on the stack tr_stack. smpboot.c fills in every
 * tr_* field (absolute addresses of this copy) before each start.
 *
 * EBX holds the copy's physical base throughout: real-mode code addresses
 * its data through DS = CS, the later code through EBX/RBX.
 */
#include <asm/asm.h>
#include <asm/processor.h>

#define OFF(sym)        ((sym) - trampoline_start)

        .section .rodata.trampoline, "a"
        .balign 16
        .code16
DATA(trampoline_start)
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        movzwl  %ax, %ebx
        shl     $4, %ebx
        lgdtl   OFF(tr_gdtr)
        mov     %cr0, %eax
        orl     $X86_CR0_PE, %eax
        mov     %eax, %cr0
        ljmpl   *OFF(tr_pm_ptr)

        .code32
tr_pm:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %cr4, %eax
        or      $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        mov     OFF(tr_cr3)(%ebx), %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      OFF(tr_efer)(%ebx), %eax
        wrmsr
        mov     %cr0, %eax
        or      $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
        mov     %eax, %cr0
        ljmp    *OFF(tr_lm_ptr)(%ebx)

        .code64
tr_lm:
        mov     %ebx, %ebx              /* upper half undefined after the switch */
        mov     OFF(tr_stack)(%rbx), %rsp
        mov     OFF(tr_entry)(%rbx), %rax
        jmp     *%rax

        .balign 8
tr_gdt:
        .quad   0
        .quad   0x00af9a000000ffff      /* 0x08: 64-bit code */
        .quad   0x00cf92000000ffff      /* 0x10: data */
        .quad   0x00cf9a000000ffff      /* 0x18: 32-bit code */
DATA(tr_gdtr)
        .word   4 * 8 - 1
        .long   0                       /* base + OFF(tr_gdt) */
        .balign 8
DATA(tr_pm_ptr)
        .long   0                       /* base + OFF(tr_pm) */
        .word   0x18
        .balign 8
DATA(tr_lm_ptr)
        .long   0                       /* base + OFF(tr_lm) */
        .word   0x08
        .balign 8
DATA(tr_cr3)
        .long   0
DATA(tr_efer)
        .long   0
DATA(tr_stack)
        .quad   0
DATA(tr_entry)
        .quad   0
DATA(tr_gdt_off)
        .long   OFF(tr_gdt)
DATA(tr_pm_off)
        .long   OFF(tr_pm)
DATA(tr_lm_off)
        .long   OFF(tr_lm)
DATA(trampoline_end)

        .text
/* ap_start64: the trampoline's jump target, on the CPU's own stack. */
FUNC(ap_start64)
        xor     %ebp, %ebp              /* ends the backtrace */
        push    $0
        push    $0
        call    ap_start
        ud2
END(ap_start64)
