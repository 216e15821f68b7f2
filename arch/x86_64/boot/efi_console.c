/* SPDX-License-Identifier: MIT */
/* EFI loader: console output and status names. */
#include <hv/lib.h>

#include "efi_boot.h"

bool efi_console_off;

void efi_print(const char *fmt, ...)
{
    char text[512];
    CHAR16 wide[128 + 2];
    size_t i, n = 0;
    va_list ap;

    if (efi_console_off)
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);

    /* The console takes UCS-2 and wants CR LF; send it in short pieces. */
    for (i = 0; text[i]; i++) {
        if (text[i] == '\n')
            wide[n++] = L'\r';
        wide[n++] = (unsigned char)text[i];
        if (n >= ARRAY_SIZE(wide) - 2 || !text[i + 1]) {
            wide[n] = 0;
            efi_st->ConOut->OutputString(efi_st->ConOut, wide);
            n = 0;
        }
    }
}

const char *efi_status_str(EFI_STATUS st)
{
    static const struct { EFI_STATUS st; const char *name; } names[] = {
        { EFI_SUCCESS, "success" },
        { EFI_LOAD_ERROR, "load error" },
        { EFI_INVALID_PARAMETER, "invalid parameter" },
        { EFI_UNSUPPORTED, "unsupported" },
        { EFI_BUFFER_TOO_SMALL, "buffer too small" },
        { EFI_DEVICE_ERROR, "device error" },
        { EFI_VOLUME_CORRUPTED, "volume corrupted" },
        { EFI_OUT_OF_RESOURCES, "out of resources" },
        { EFI_NOT_FOUND, "not found" },
        { EFI_ACCESS_DENIED, "access denied" },
        { EFI_NO_MEDIA, "no media" },
        { EFI_END_OF_FILE, "end of file" },
        { EFI_SECURITY_VIOLATION, "security violation" },
    };
    static char other[32];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
        if (names[i].st == st)
            return names[i].name;
    snprintf(other, sizeof(other), "status %#lx", (unsigned long)st);
    return other;
}
