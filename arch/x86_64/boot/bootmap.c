/* SPDX-License-Identifier: MIT */
/* Boot memory map: EFI type translation and the merged range list. */
#include <hv/errno.h>
#include <hv/lib.h>

#include "bootmap.h"

uint32_t bootmap_type(uint32_t efi_type)
{
    switch (efi_type) {
    /* Free once the loader has gone: its code, data and the firmware's. */
    case BOOTMAP_EFI_CONVENTIONAL:
    case BOOTMAP_EFI_BS_CODE:
    case BOOTMAP_EFI_BS_DATA:
    case BOOTMAP_EFI_LOADER_CODE:
    case BOOTMAP_EFI_LOADER_DATA:
        return BOOT_MEM_USABLE;
    case BOOTMAP_EFI_HANDOFF:
        return BOOT_MEM_BOOT;
    case BOOTMAP_EFI_ACPI_RECLAIM:
        return BOOT_MEM_ACPI;
    case BOOTMAP_EFI_ACPI_NVS:
        return BOOT_MEM_NVS;
    case BOOTMAP_EFI_RT_CODE:
    case BOOTMAP_EFI_RT_DATA:
        return BOOT_MEM_RUNTIME;
    case BOOTMAP_EFI_UNUSABLE:
        return BOOT_MEM_UNUSABLE;
    case BOOTMAP_EFI_MMIO:
    case BOOTMAP_EFI_MMIO_PORT:
        return BOOT_MEM_MMIO;
    default:
        /* Reserved, PAL code, persistent memory, unknown and other OS types. */
        return BOOT_MEM_RESERVED;
    }
}

int bootmap_add(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
    struct boot_mem_range *m = bi->memmap;
    uint32_t n = bi->nr_memmap, i;
    bool prev, next;

    if (len == 0)
        return 0;
    if (len > UINT64_MAX - base)
        return -EINVAL;

    /* Firmware maps come mostly sorted: search from the end. */
    for (i = n; i > 0 && m[i - 1].base > base; i--)
        ;
    prev = i > 0 && m[i - 1].type == type && m[i - 1].base + m[i - 1].len == base;
    next = i < n && m[i].type == type && base + len == m[i].base;

    if (prev && next) {
        m[i - 1].len += len + m[i].len;
        memmove(&m[i], &m[i + 1], (n - i - 1) * sizeof(*m));
        bi->nr_memmap = n - 1;
    } else if (prev) {
        m[i - 1].len += len;
    } else if (next) {
        m[i].base = base;
        m[i].len += len;
    } else {
        if (n == BOOT_MAX_MEMMAP)
            return -ENOSPC;
        memmove(&m[i + 1], &m[i], (n - i) * sizeof(*m));
        m[i].base = base;
        m[i].len = len;
        m[i].type = type;
        m[i].pad = 0;
        bi->nr_memmap = n + 1;
    }
    return 0;
}
