/* SPDX-License-Identifier: MIT */
/*
 * EFI loader: the jump into the hypervisor, after ExitBootServices.
 *
 * Still on the firmware's page tables (all memory identity mapped), GDT and
 * stack; start64 replaces the page tables and stack at once and does not
 * come back, so nothing needs saving.
 */
#include <asm/asm.h>

        .text
/*
 * efi_handoff: RDI = entry (phys), RSI = BOOT_INFO_MAGIC, RDX = boot_info
 * (phys); interrupts may be on. Enters start64 with RDI = magic,
 * RSI = boot_info, interrupts off, direction flag clear. Does not return.
 */
FUNC(efi_handoff)
        cli
        cld
        mov     %rdi, %rax
        mov     %rsi, %rdi
        mov     %rdx, %rsi
        jmp     *%rax
END(efi_handoff)

        .section .note.GNU-stack, "", @progbits
