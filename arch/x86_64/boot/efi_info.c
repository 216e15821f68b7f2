/* SPDX-License-Identifier: MIT */
/* EFI loader: firmware facts for boot_info (ACPI RSDP, GOP framebuffer). */
#include <hv/lib.h>

#include "efi_boot.h"

static bool efi_guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
    return memcmp(a, b, sizeof(*a)) == 0;
}

UINT64 efi_find_rsdp(void)
{
    EFI_GUID acpi20 = ACPI_20_TABLE_GUID;
    EFI_GUID acpi10 = ACPI_TABLE_GUID;
    UINT64 rsdp1 = 0;
    UINTN i;

    /* The 2.0 RSDP leads to the XSDT (64-bit pointers): take it if present. */
    for (i = 0; i < efi_st->NumberOfTableEntries; i++) {
        EFI_CONFIGURATION_TABLE *t = &efi_st->ConfigurationTable[i];

        if (efi_guid_eq(&t->VendorGuid, &acpi20))
            return (UINT64)(uintptr_t)t->VendorTable;
        if (efi_guid_eq(&t->VendorGuid, &acpi10) && !rsdp1)
            rsdp1 = (UINT64)(uintptr_t)t->VendorTable;
    }
    return rsdp1;
}

void efi_find_fb(struct boot_fb *fb)
{
    EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
    EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;

    memset(fb, 0, sizeof(*fb));
    if (EFI_ERROR(efi_bs->LocateProtocol(&gop_guid, NULL, (void **)&gop)) ||
        !gop->Mode || !gop->Mode->Info)
        return;
    info = gop->Mode->Info;

    /*
     * Only the two 32-bit layouts are described; a bit-mask format or a
     * Blt-only adapter leaves the framebuffer out (format NONE).
     */
    switch (info->PixelFormat) {
    case PixelRedGreenBlueReserved8BitPerColor:
        fb->format = BOOT_FB_RGBX8;
        break;
    case PixelBlueGreenRedReserved8BitPerColor:
        fb->format = BOOT_FB_BGRX8;
        break;
    default:
        return;
    }
    fb->base = gop->Mode->FrameBufferBase;
    fb->size = gop->Mode->FrameBufferSize;
    fb->width = info->HorizontalResolution;
    fb->height = info->VerticalResolution;
    fb->stride = info->PixelsPerScanLine;
}
