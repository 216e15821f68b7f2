/* SPDX-License-Identifier: MIT */
/*
 * pvkern's linker script (through cpp for pvkern.h). One RWX load segment
 * (the builder maps the image read-write anyway) and the Xen notes in a
 * PT_NOTE segment, where builders look for them.
 */
#define __ASSEMBLER__
#include "pvkern.h"

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
    image PT_LOAD FLAGS(7);
    notes PT_NOTE FLAGS(4);
}

SECTIONS
{
    . = PVKERN_VIRT_BASE;
    .text : {
        *(.text.head)
        . = ALIGN(4096);
        *(.text.hypercall_page)
        *(.text .text.*)
    } :image
    .note.Xen : { KEEP(*(.note.Xen)) } :image :notes
    .rodata : { *(.rodata .rodata.*) } :image
    .data : { *(.data .data.*) } :image
    _edata = .;
    /* Page aligned at both ends: head.S clears it 8 bytes at a time. */
    .bss ALIGN(4096) : {
        __bss_start = .;
        *(.bss .bss.*) *(COMMON)
        . = ALIGN(4096);
        __bss_end = .;
    } :image
    _end = .;
    /DISCARD/ : { *(.note.GNU-stack) *(.note.gnu.*) *(.comment) *(.eh_frame*) }
}
