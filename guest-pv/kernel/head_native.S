/* SPDX-License-Identifier: MIT */
/*
 * pvkern on bare x86-64: the multiboot header (QEMU -kernel, with the
 * address fields, so the 64-bit ELF is loaded as it lies in the file) and
 * the way from 32-bit protected mode into long mode at the same virtual
 * addresses as under PV.
 *
 * The image is loaded at physical PVKERN_NATIVE_PHYS. Boot page tables
 * (in .bss, which the loader clears), 2 MiB pages, kernel only:
 *
 *   native_pml4[0]   -> pdpt_low[0]    -> pd_low:  0..1 GiB identity (the
 *                                          switch to long mode, multiboot info)
 *   native_pml4[511] -> pdpt_high[510] -> pd_high: PVKERN_VIRT_BASE + x ->
 *                                          PVKERN_NATIVE_PHYS + x, 1 GiB
 *
 * pvkern's mm.c later keeps slot 511 and puts the program's L3 in slot 0.
 */
#include "pvkern.h"

#define MB_MAGIC    0x1badb002
#define MB_FLAGS    ((1 << 1) | (1 << 16))      /* memory info, address fields */
#define PHYS(sym)   ((sym) - PVKERN_VIRT_BASE + PVKERN_NATIVE_PHYS)
#define PTE_P_RW    0x3
#define PTE_PS      0x80
#define CR0_PE      (1 << 0)
#define CR0_MP      (1 << 1)
#define CR0_EM      (1 << 2)
#define CR0_NE      (1 << 5)
#define CR0_PG      (1 << 31)
#define CR4_PAE     (1 << 5)
#define CR4_OSFXSR  (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER    0xc0000080
#define EFER_LME    (1 << 8)

    .section .text.head, "ax", @progbits
    .balign 4
mb_header:
    .long   MB_MAGIC
    .long   MB_FLAGS
    .long   -(MB_MAGIC + MB_FLAGS)
    .long   PHYS(mb_header)         /* header_addr */
    .long   PHYS(PVKERN_VIRT_BASE)  /* load_addr: the image's first byte */
    .long   PHYS(_edata)            /* load_end_addr: file contents end */
    .long   PHYS(_end)              /* bss_end_addr: the loader clears up to it */
    .long   PHYS(native_entry32)    /* entry_addr */

/*
 * native_entry32: EAX = 0x2badb002, EBX = multiboot info (physical), flat
 * 32-bit protected mode, paging and interrupts off, no stack. Builds the
 * boot tables, enables SSE and long mode, continues in native_entry64.
 */
    .code32
native_entry32:
    cli
    cld
    mov     %ebx, %esi

    xor     %ecx, %ecx
1:  mov     %ecx, %eax              /* pd_low[i] = i * 2 MiB */
    shl     $21, %eax
    or      $(PTE_P_RW | PTE_PS), %eax
    mov     %eax, PHYS(pd_low)(, %ecx, 8)
    add     $PVKERN_NATIVE_PHYS, %eax   /* pd_high[i] = PHYS + i * 2 MiB */
    mov     %eax, PHYS(pd_high)(, %ecx, 8)
    inc     %ecx
    cmp     $512, %ecx
    jb      1b
    movl    $(PHYS(pd_low) + PTE_P_RW), PHYS(pdpt_low)
    movl    $(PHYS(pd_high) + PTE_P_RW), PHYS(pdpt_high) + 510 * 8
    movl    $(PHYS(pdpt_low) + PTE_P_RW), PHYS(native_pml4)
    movl    $(PHYS(pdpt_high) + PTE_P_RW), PHYS(native_pml4) + 511 * 8

    mov     %cr4, %eax
    or      $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
    mov     %eax, %cr4
    mov     $PHYS(native_pml4), %eax
    mov     %eax, %cr3
    mov     $MSR_EFER, %ecx
    rdmsr
    or      $EFER_LME, %eax
    wrmsr
    mov     %cr0, %eax
    and     $~CR0_EM, %eax
    or      $(CR0_PG | CR0_PE | CR0_MP | CR0_NE), %eax
    mov     %eax, %cr0
    lgdt    PHYS(boot_gdt_ptr)
    ljmp    $0x08, $PHYS(native_entry64_low)

/* Long mode, still at the physical address: on to the link address. */
    .code64
native_entry64_low:
    movabs  $native_entry64, %rax
    jmp     *%rax

native_entry64:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    xor     %eax, %eax
    mov     %eax, %fs
    mov     %eax, %gs
    lea     boot_stack_top(%rip), %rsp
    mov     %esi, %edi              /* multiboot info, zero-extended */
    call    pvkern_start_native
    ud2

    .balign 8
boot_gdt:
    .quad   0
    .quad   0x00af9a000000ffff      /* 0x08: 64-bit code, ring 0 */
    .quad   0x00cf92000000ffff      /* 0x10: data, ring 0 */
boot_gdt_ptr:
    .word   boot_gdt_ptr - boot_gdt - 1
    .long   PHYS(boot_gdt)

    .bss
    .balign 4096
    .globl native_pml4
native_pml4:
    .space  4096
pdpt_low:
    .space  4096
pd_low:
    .space  4096
pdpt_high:
    .space  4096
pd_high:
    .space  4096

    .section .note.GNU-stack, "", @progbits
