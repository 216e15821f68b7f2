/* SPDX-License-Identifier: MIT */
/*
 * Start of day: the multiboot header and 32-bit entry, and the 64-bit entry
 * both loaders reach (start64). start64 builds the boot page tables, moves
 * to the image's link address and calls start_hypervisor().
 *
 * Boot page tables (all in bss, built at run time at their physical
 * addresses, so the image may sit at any 2 MiB aligned address):
 *
 *   boot_pml4[0]    -> boot_pdpt_low   identity map of 0..4 GiB (2 MiB pages)
 *   boot_pml4[261]  -> boot_pdpt_img   image: HV_IMAGE_VIRT -> phys base
 *   boot_pml4[262]  -> boot_pdpt_low   direct map of 0..4 GiB
 *
 * start_hypervisor() replaces them with the final tables.
 */
#include <asm/asm.h>
#include <asm/layout.h>
#include <asm/processor.h>
#include <asm/percpu.h>

#define MB_MAGIC        0x1badb002
#define MB_FLAGS        ((1 << 1) | (1 << 16))  /* memory info, address fields */
#define PHYS_MB(sym)    ((sym) - HV_IMAGE_VIRT + MB_LOAD_PHYS)

        .section .text.head, "ax"
        .code32
/*
 * Multiboot header: QEMU -kernel finds it in the first 8 KiB and loads the
 * flat image (build/pvisor.mb) at MB_LOAD_PHYS.
 */
        .balign 4
mb_header:
        .long   MB_MAGIC
        .long   MB_FLAGS
        .long   -(MB_MAGIC + MB_FLAGS)
        .long   PHYS_MB(mb_header)      /* header_addr */
        .long   MB_LOAD_PHYS            /* load_addr */
        .long   mb_load_end_phys        /* load_end_addr */
        .long   mb_bss_end_phys         /* bss_end_addr */
        .long   PHYS_MB(start32)        /* entry_addr */

/*
 * start32: multiboot entry. EAX = 0x2BADB002, EBX = multiboot info (phys),
 * 32-bit protected mode, paging off, no usable stack. Clobbers everything.
 * Enters long mode with a 1 GiB identity map, then goes to start64.
 */
FUNC(start32)
        cli
        cld
        mov     %eax, %edi
        mov     %ebx, %esi

        /* mb_pd: identity map 0..1 GiB with 2 MiB pages. */
        mov     $PHYS_MB(mb_pd), %ebx
        xor     %ecx, %ecx
1:      mov     %ecx, %eax
        shl     $21, %eax
        or      $(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE), %eax
        mov     %eax, (%ebx, %ecx, 8)
        movl    $0, 4(%ebx, %ecx, 8)
        inc     %ecx
        cmp     $512, %ecx
        jb      1b
        mov     $PHYS_MB(mb_pdpt), %edx
        lea     (_PAGE_PRESENT | _PAGE_RW)(%ebx), %eax
        mov     %eax, (%edx)
        mov     $PHYS_MB(mb_pml4), %ebx
        lea     (_PAGE_PRESENT | _PAGE_RW)(%edx), %eax
        mov     %eax, (%ebx)

        mov     %ebx, %cr3
        mov     %cr4, %eax
        or      $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        wrmsr
        mov     %cr0, %eax
        or      $(X86_CR0_PG | X86_CR0_PE), %eax
        mov     %eax, %cr0

        lgdt    PHYS_MB(mb_gdt_desc)
        ljmp    $0x08, $PHYS_MB(start64)
END(start32)

        .balign 8
mb_gdt:
        .quad   0
        .quad   0x00af9a000000ffff      /* 64-bit code, DPL 0 */
        .quad   0x00cf92000000ffff      /* data, DPL 0 */
mb_gdt_desc:
        .word   mb_gdt_desc - mb_gdt - 1
        .long   PHYS_MB(mb_gdt)

        .code64
/*
 * start64: common 64-bit entry (the ELF entry point for the EFI loader).
 * RDI = boot magic, RSI = boot info (phys). Running at the physical address
 * with 0..4 GiB identity mapped, interrupts off. Clobbers everything.
 */
FUNC(start64)
        cli
        cld
        /* Running identity mapped: RIP-relative addresses are physical. */
        lea     __image_start(%rip), %rbp       /* phys base of the image */

        /* Identity/direct map of 0..4 GiB: 2048 2 MiB pages. */
        lea     boot_pd_low(%rip), %rbx
        xor     %ecx, %ecx
1:      mov     %rcx, %rax
        shl     $21, %rax
        or      $(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE), %rax
        mov     %rax, (%rbx, %rcx, 8)
        inc     %ecx
        cmp     $2048, %ecx
        jb      1b
        lea     boot_pdpt_low(%rip), %rdx
        xor     %ecx, %ecx
2:      mov     %rcx, %rax
        shl     $12, %rax
        lea     (_PAGE_PRESENT | _PAGE_RW)(%rbx, %rax), %rax
        mov     %rax, (%rdx, %rcx, 8)
        inc     %ecx
        cmp     $4, %ecx
        jb      2b

        /* Image: HV_IMAGE_MAX bytes of 2 MiB pages from the phys base. */
        lea     boot_pd_img(%rip), %rbx
        xor     %ecx, %ecx
3:      mov     %rcx, %rax
        shl     $21, %rax
        add     %rbp, %rax
        or      $(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE), %rax
        mov     %rax, (%rbx, %rcx, 8)
        inc     %ecx
        cmp     $(HV_IMAGE_MAX >> LARGE_PAGE_SHIFT), %ecx
        jb      3b
        lea     boot_pdpt_img(%rip), %rax
        lea     (_PAGE_PRESENT | _PAGE_RW)(%rbx), %rcx
        mov     %rcx, (%rax)

        lea     boot_pml4(%rip), %rbx
        lea     (_PAGE_PRESENT | _PAGE_RW)(%rdx), %rcx
        mov     %rcx, (%rbx)
        mov     %rcx, (DIRECTMAP_SLOT * 8)(%rbx)
        lea     (_PAGE_PRESENT | _PAGE_RW)(%rax), %rcx
        mov     %rcx, (HV_IMAGE_SLOT * 8)(%rbx)

        /* NX usable from now on (final tables use it); write protect on. */
        mov     %rdi, %r12
        mov     %rsi, %r13
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_NXE, %eax
        wrmsr
        mov     %cr0, %rax
        or      $X86_CR0_WP, %rax
        mov     %rax, %cr0
        mov     %rbx, %cr3

        movabs  $start64_high, %rax
        jmp     *%rax
END(start64)

/* Now at the link address. R12 = magic, R13 = info, RBP = phys base. */
LOCAL_FUNC(start64_high)
        lea     boot_stack_top(%rip), %rsp
        mov     %r12, %rdi
        mov     %r13, %rsi
        mov     %rbp, %rdx
        xor     %ebp, %ebp              /* ends the backtrace */
        push    $0
        call    start_hypervisor
        ud2
END(start64_high)

/* call_on_stack(arg, fn, sp): RSP = sp, then fn(arg); never returns. */
FUNC(call_on_stack)
        mov     %rdx, %rsp
        xor     %ebp, %ebp              /* ends the backtrace */
        push    $0
        push    $0
        call    *%rsi
        ud2
END(call_on_stack)

        .section .bss.page_aligned, "aw", @nobits
        .balign 4096
DATA(boot_pml4)
        .skip   4096
DATA(boot_pdpt_low)
        .skip   4096
DATA(boot_pd_low)
        .skip   4096 * 4
DATA(boot_pdpt_img)
        .skip   4096
DATA(boot_pd_img)
        .skip   4096
mb_pml4:
        .skip   4096
mb_pdpt:
        .skip   4096
mb_pd:
        .skip   4096
/*
 * The boot stack: one stack block (asm/percpu.h) so struct cpu_info sits at
 * its top like on every CPU's own stack, which the boot CPU moves to once
 * its per-CPU window exists. Its first page is left unmapped by the final
 * page tables: an overflow faults (#DF, IST).
 */
        .section .bss.stack_block, "aw", @nobits
        .balign STACK_BLOCK_SIZE
DATA(boot_stack_guard)
        .skip   4096
DATA(boot_stack)
        .skip   STACK_BLOCK_SIZE - 4096 - CPUINFO_SIZE
DATA(boot_stack_top)
        .skip   CPUINFO_SIZE
