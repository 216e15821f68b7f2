/* SPDX-License-Identifier: MIT */
/*
 * Virtual memory layout of the hypervisor (x86-64).
 *
 * The hypervisor owns PML4 slots 256..271, the range Xen reserves in every
 * 64-bit PV address space; everything else belongs to the guest. The
 * read-only M2P must start at 0xFFFF800000000000 because PV guests read it
 * there (Xen's MACH2PHYS_VIRT_START).
 *
 *  slot  start                 size     use
 *  256   0xFFFF800000000000    512 GiB  read-only M2P table (guest visible)
 *  257   0xFFFF808000000000    512 GiB  read-write M2P table
 *  258   0xFFFF810000000000    512 GiB  frame table (struct frame per MFN)
 *  259   0xFFFF818000000000    512 GiB  per-CPU and per-domain areas
 *  260   0xFFFF820000000000    512 GiB  ioremap: MMIO, framebuffer, firmware tables
 *  261   0xFFFF828000000000    512 GiB  hypervisor image (text, data, bss)
 *  262+  0xFFFF830000000000    5 TiB    direct map of RAM (slots 262..271)
 *
 * Usable from assembly: constants only.
 */
#ifndef ASM_LAYOUT_H
#define ASM_LAYOUT_H

#ifdef __ASSEMBLER__
#define _AC(x, y) x
#else
#define _AC(x, y) x##y
#endif

#define PML4_SLOT_VA(n)         (_AC(0xFFFF000000000000, UL) | ((n) * _AC(0x8000000000, UL)))

#define HV_VIRT_START           _AC(0xFFFF800000000000, UL)
#define HV_VIRT_END             _AC(0xFFFF880000000000, UL)
#define HV_FIRST_SLOT           256
#define HV_LAST_SLOT            271

#define RO_MPT_VIRT_START       _AC(0xFFFF800000000000, UL)
#define RDWR_MPT_VIRT_START     _AC(0xFFFF808000000000, UL)
#define FRAMETABLE_VIRT_START   _AC(0xFFFF810000000000, UL)
#define PERCPU_VIRT_START       _AC(0xFFFF818000000000, UL)
#define IOREMAP_VIRT_START      _AC(0xFFFF820000000000, UL)
#define IOREMAP_VIRT_END        _AC(0xFFFF828000000000, UL)
#define HV_IMAGE_VIRT           _AC(0xFFFF828000000000, UL)
#define HV_IMAGE_SLOT           261
#define DIRECTMAP_VIRT_START    _AC(0xFFFF830000000000, UL)
#define DIRECTMAP_VIRT_END      _AC(0xFFFF880000000000, UL)
#define DIRECTMAP_SLOT          262

/* Physical address where the multiboot path loads the image (2 MiB aligned). */
#define MB_LOAD_PHYS            _AC(0x200000, UL)

/* Largest image (text to end of bss) the boot page tables map. */
#define HV_IMAGE_MAX            _AC(0x2000000, UL)   /* 32 MiB: 16 large pages */

#define PAGE_SHIFT              12
#define PAGE_SIZE               (_AC(1, UL) << PAGE_SHIFT)
#define LARGE_PAGE_SHIFT        21
#define LARGE_PAGE_SIZE         (_AC(1, UL) << LARGE_PAGE_SHIFT)

#define BOOT_STACK_SIZE         0x8000

#endif /* ASM_LAYOUT_H */
