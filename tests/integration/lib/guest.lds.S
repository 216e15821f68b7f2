/* SPDX-License-Identifier: MIT */
/*
 * Linker script of the test guests (run through cpp for layout.h).
 *
 * One RWX load segment: the builder (Xen's or pvisor's) maps the whole
 * image read-write anyway, and one segment keeps any builder's job simple.
 * The Xen notes get their own PT_NOTE segment, which is where the builder
 * looks for them (PV-ABI-NOTES 2.1).
 */
#include "layout.h"

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
    . = GUEST_VIRT_BASE;
    __image_start = .;

    .text : {
        *(.text.head)
        /* The page the hypervisor fills with hypercall stubs. */
        . = ALIGN(GUEST_PAGE_SIZE);
        *(.text.hypercall_page)
        *(.text .text.*)
    } :image

    .note.Xen : { KEEP(*(.note.Xen)) } :image :notes

    .rodata : { *(.rodata .rodata.*) } :image

    /* Exception fixups: pairs {faulting RIP, resume RIP}, see traps.h. */
    .ex_table : {
        . = ALIGN(8);
        __start_ex_table = .;
        KEEP(*(.ex_table))
        __stop_ex_table = .;
    } :image

    .data : { *(.data .data.*) } :image

    .bss : {
        __bss_start = .;
        *(.bss .bss.*) *(COMMON)
        . = ALIGN(GUEST_PAGE_SIZE);
        __bss_end = .;
    } :image

    __image_end = .;

    /DISCARD/ : {
        *(.note.GNU-stack) *(.note.gnu.*) *(.comment) *(.eh_frame*)
    }
}
