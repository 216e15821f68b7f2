/* SPDX-License-Identifier: MIT */
/*
 * Boot memory map: translation of firmware (UEFI) memory types into
 * BOOT_MEM_* and the sorted, merged list in struct boot_info.
 *
 * Freestanding and free of EFI headers so that the host unit tests build it;
 * efi_exit.c checks that the numbers below match the EFI ones.
 */
#ifndef BOOT_BOOTMAP_H
#define BOOT_BOOTMAP_H

#include <hv/types.h>
#include <asm/bootinfo.h>

/* UEFI memory types (EFI_MEMORY_TYPE), by value. */
#define BOOTMAP_EFI_RESERVED        0
#define BOOTMAP_EFI_LOADER_CODE     1
#define BOOTMAP_EFI_LOADER_DATA     2
#define BOOTMAP_EFI_BS_CODE         3
#define BOOTMAP_EFI_BS_DATA         4
#define BOOTMAP_EFI_RT_CODE         5
#define BOOTMAP_EFI_RT_DATA         6
#define BOOTMAP_EFI_CONVENTIONAL    7
#define BOOTMAP_EFI_UNUSABLE        8
#define BOOTMAP_EFI_ACPI_RECLAIM    9
#define BOOTMAP_EFI_ACPI_NVS        10
#define BOOTMAP_EFI_MMIO            11
#define BOOTMAP_EFI_MMIO_PORT       12
#define BOOTMAP_EFI_PAL_CODE        13
#define BOOTMAP_EFI_PERSISTENT      14

/*
 * The memory type the loader gives everything it hands over (hypervisor
 * image, modules, boot_info): UEFI leaves 0x80000000..0xFFFFFFFF to the OS,
 * and a type of our own lets the map tell hand-off data apart from the
 * loader's own EfiLoaderData, which is free once the hypervisor runs.
 */
#define BOOTMAP_EFI_HANDOFF         0x80000001u

/* bootmap_type - the BOOT_MEM_* type for an EFI memory type. */
uint32_t bootmap_type(uint32_t efi_type);

/*
 * bootmap_add - insert [base, base + len) of BOOT_MEM_* @type into
 * @bi->memmap, kept sorted by base, merging with a neighbour of the same
 * type that it touches. Ranges are assumed not to overlap (firmware maps
 * do not). Allocates nothing: safe between GetMemoryMap and
 * ExitBootServices.
 * Returns 0 (also for len == 0), -EINVAL if the range wraps or ends at 2^64
 * (its end would not fit in 64 bits), or -ENOSPC if
 * BOOT_MAX_MEMMAP entries are in use and the range merges with none.
 */
int bootmap_add(struct boot_info *bi, uint64_t base, uint64_t len,
                uint32_t type) __must_check;

#endif /* BOOT_BOOTMAP_H */
