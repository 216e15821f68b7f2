/* SPDX-License-Identifier: MIT */
/*
 * EFI loader: the final memory map and ExitBootServices.
 *
 * ExitBootServices takes the key of the latest memory map, and any
 * allocation (printing may allocate too) changes the key. So the buffer is
 * allocated first and generously, then GetMemoryMap, the translation into
 * boot_info (no allocation) and ExitBootServices follow with nothing in
 * between. If the firmware changed the map meanwhile (its timer events may
 * allocate) ExitBootServices says EFI_INVALID_PARAMETER and we go round
 * again; from then on only memory services may be used, so efi_print()
 * stays silent.
 */
#include "efi_boot.h"

#define EFI_EXIT_TRIES  8

BUILD_BUG_ON(BOOTMAP_EFI_RESERVED != EfiReservedMemoryType);
BUILD_BUG_ON(BOOTMAP_EFI_LOADER_CODE != EfiLoaderCode);
BUILD_BUG_ON(BOOTMAP_EFI_LOADER_DATA != EfiLoaderData);
BUILD_BUG_ON(BOOTMAP_EFI_BS_CODE != EfiBootServicesCode);
BUILD_BUG_ON(BOOTMAP_EFI_BS_DATA != EfiBootServicesData);
BUILD_BUG_ON(BOOTMAP_EFI_RT_CODE != EfiRuntimeServicesCode);
BUILD_BUG_ON(BOOTMAP_EFI_RT_DATA != EfiRuntimeServicesData);
BUILD_BUG_ON(BOOTMAP_EFI_CONVENTIONAL != EfiConventionalMemory);
BUILD_BUG_ON(BOOTMAP_EFI_UNUSABLE != EfiUnusableMemory);
BUILD_BUG_ON(BOOTMAP_EFI_ACPI_RECLAIM != EfiACPIReclaimMemory);
BUILD_BUG_ON(BOOTMAP_EFI_ACPI_NVS != EfiACPIMemoryNVS);
BUILD_BUG_ON(BOOTMAP_EFI_MMIO != EfiMemoryMappedIO);
BUILD_BUG_ON(BOOTMAP_EFI_MMIO_PORT != EfiMemoryMappedIOPortSpace);
BUILD_BUG_ON(BOOTMAP_EFI_PAL_CODE != EfiPalCode);

/* Translate the firmware map into @bi->memmap. Allocates nothing. */
static int efi_translate(struct boot_info *bi, const uint8_t *map, UINTN size,
                         UINTN desc_size)
{
    const EFI_MEMORY_DESCRIPTOR *d;
    UINTN off;
    int rc;

    bi->nr_memmap = 0;
    for (off = 0; off + desc_size <= size; off += desc_size) {
        d = (const EFI_MEMORY_DESCRIPTOR *)(map + off);
        rc = bootmap_add(bi, d->PhysicalStart, d->NumberOfPages * EFI_PAGE_SIZE,
                         bootmap_type(d->Type));
        if (rc)
            return rc;
    }
    return 0;
}

EFI_STATUS efi_exit_boot(struct boot_info *bi)
{
    uint8_t *map = NULL;
    UINTN map_alloc = 0, size, key, desc_size = 0;
    UINT32 desc_ver;
    unsigned int tries;
    EFI_STATUS st = EFI_ABORTED;

    for (tries = 0; tries < EFI_EXIT_TRIES; tries++) {
        size = map_alloc;
        st = efi_bs->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key,
                                  &desc_size, &desc_ver);
        if (st == EFI_BUFFER_TOO_SMALL) {
            /* Room for the pool block's own entries and later changes. */
            if (map)
                efi_bs->FreePool(map);
            map_alloc = size * 2 + 64 * MAX(desc_size, sizeof(EFI_MEMORY_DESCRIPTOR));
            st = efi_bs->AllocatePool(EfiLoaderData, map_alloc, (void **)&map);
            if (EFI_ERROR(st)) {
                map = NULL;
                efi_print("pvisor-efi: error: no memory for the memory map: %s\n",
                          efi_status_str(st));
                break;
            }
            continue;
        }
        if (EFI_ERROR(st) || desc_size < sizeof(EFI_MEMORY_DESCRIPTOR)) {
            efi_print("pvisor-efi: error: GetMemoryMap: %s\n",
                      EFI_ERROR(st) ? efi_status_str(st) : "descriptors too small");
            st = EFI_ERROR(st) ? st : EFI_UNSUPPORTED;
            break;
        }

        /* From here to ExitBootServices: no allocation, no output. */
        if (efi_translate(bi, map, size, desc_size)) {
            efi_print("pvisor-efi: error: memory map has more than %u ranges\n",
                      BOOT_MAX_MEMMAP);
            st = EFI_OUT_OF_RESOURCES;
            break;
        }
        /* Even a failed call may have stopped the console: no output after. */
        efi_console_off = true;
        st = efi_bs->ExitBootServices(efi_image, key);
        if (!EFI_ERROR(st))
            return EFI_SUCCESS;     /* the map buffer is free memory now */
        if (st != EFI_INVALID_PARAMETER)
            break;
    }
    efi_print("pvisor-efi: error: cannot exit boot services: %s\n", efi_status_str(st));
    if (map)
        efi_bs->FreePool(map);      /* a memory service: allowed even now */
    return st;
}
