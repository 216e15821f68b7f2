/* SPDX-License-Identifier: MIT */
/* cpio newc writer for the EFI loader: see bootcpio.h. */
#include <hv/lib.h>

#include "bootcpio.h"

#define TRAILER     "TRAILER!!!"

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

size_t bootcpio_data_offset(size_t namelen)
{
    return pad4(BOOTCPIO_HDR_LEN + namelen + 1);
}

size_t bootcpio_entry_size(size_t namelen, size_t size)
{
    return bootcpio_data_offset(namelen) + pad4(size);
}

static void hex8(uint8_t *out, uint32_t v)
{
    static const char digits[] = "0123456789ABCDEF";

    for (int i = 7; i >= 0; i--, v >>= 4)
        out[i] = (uint8_t)digits[v & 0xf];
}

size_t bootcpio_put(uint8_t *out, uint32_t ino, uint32_t mode, const char *name,
                    size_t namelen, uint32_t size)
{
    /* ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor
     * rdevminor namesize check: fixed owners and times, one link. */
    const uint32_t fields[13] = { ino, mode, 0, 0, 1, 0, size, 0, 0, 0, 0,
                                  (uint32_t)namelen + 1, 0 };
    size_t data = bootcpio_data_offset(namelen);

    memcpy(out, "070701", 6);
    for (unsigned int i = 0; i < ARRAY_SIZE(fields); i++)
        hex8(out + 6 + 8 * i, fields[i]);
    memcpy(out + BOOTCPIO_HDR_LEN, name, namelen);
    memset(out + BOOTCPIO_HDR_LEN + namelen, 0, data - BOOTCPIO_HDR_LEN - namelen);
    memset(out + data + size, 0, pad4(size) - size);
    return data + pad4(size);
}

size_t bootcpio_put_trailer(uint8_t *out)
{
    BUILD_BUG_ON(BOOTCPIO_TRAILER_SIZE != BOOTCPIO_HDR_LEN + sizeof(TRAILER) + 3);
    return bootcpio_put(out, 0, 0, TRAILER, sizeof(TRAILER) - 1, 0);
}
