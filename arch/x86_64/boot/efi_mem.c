/* SPDX-License-Identifier: MIT */
/*
 * EFI loader: page allocations, recorded so that a failed boot returns
 * every page to the firmware before going back to its menu.
 */
#include "efi_boot.h"

/* The config, the ELF file, the image, boot_info, the map, 16 modules,
 * the initrd grown by \pvisor\guests. */
#define EFI_MAX_ALLOCS  32

static struct {
    EFI_PHYSICAL_ADDRESS base;
    UINTN pages;                /* 0: slot free */
} efi_allocs[EFI_MAX_ALLOCS];

EFI_STATUS efi_pages_alloc(UINTN pages, UINT32 type, UINT64 max,
                           EFI_PHYSICAL_ADDRESS *base)
{
    EFI_STATUS st;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(efi_allocs) && efi_allocs[i].pages; i++)
        ;
    if (i == ARRAY_SIZE(efi_allocs)) {
        efi_print("pvisor-efi: error: too many allocations\n");
        return EFI_OUT_OF_RESOURCES;
    }
    *base = max;
    st = efi_bs->AllocatePages(max ? AllocateMaxAddress : AllocateAnyPages,
                               (EFI_MEMORY_TYPE)type, pages, base);
    if (EFI_ERROR(st)) {
        efi_print("pvisor-efi: error: out of memory: %lu pages%s: %s\n",
                  (unsigned long)pages, max ? " below 4 GiB" : "",
                  efi_status_str(st));
        return st;
    }
    efi_allocs[i].base = *base;
    efi_allocs[i].pages = pages;
    return EFI_SUCCESS;
}

/*
 * Freeing the head or tail of a recorded allocation (the 2 MiB alignment
 * of the image does that) shrinks the record; freeing the middle would
 * split it, which nothing needs.
 */
void efi_pages_free(EFI_PHYSICAL_ADDRESS base, UINTN pages)
{
    UINT64 len = (UINT64)pages * EFI_PAGE_SIZE;
    size_t i;

    if (!pages)
        return;
    for (i = 0; i < ARRAY_SIZE(efi_allocs); i++) {
        EFI_PHYSICAL_ADDRESS b = efi_allocs[i].base;
        UINT64 l = (UINT64)efi_allocs[i].pages * EFI_PAGE_SIZE;

        if (!efi_allocs[i].pages || base < b || base + len > b + l)
            continue;
        if (base == b) {
            efi_allocs[i].base += len;
            efi_allocs[i].pages -= pages;
        } else if (base + len == b + l) {
            efi_allocs[i].pages -= pages;
        } else {
            return;             /* a hole: keep it, the hypervisor reclaims it */
        }
        efi_bs->FreePages(base, pages);
        return;
    }
}

void efi_pages_free_all(void)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(efi_allocs); i++) {
        if (efi_allocs[i].pages)
            efi_bs->FreePages(efi_allocs[i].base, efi_allocs[i].pages);
        efi_allocs[i].pages = 0;
    }
}
