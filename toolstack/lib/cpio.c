/* SPDX-License-Identifier: MIT */
/* cpio newc reader: see cpio.h. */
#include "cpio.h"

#include <string.h>

#define HDR_LEN     110
#define TRAILER     "TRAILER!!!"

/* Header fields: 8 hex digits each after the 6-byte magic. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

static int hex8(const char *s, uint32_t *out)
{
    uint32_t v = 0;

    for (int i = 0; i < 8; i++) {
        char c = s[i];
        unsigned int d;

        if (c >= '0' && c <= '9')
            d = (unsigned int)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned int)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned int)(c - 'A' + 10);
        else
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

int cpio_next(const void *archive, size_t len, size_t *offset,
              struct cpio_file *f, const char **err)
{
    const char *a = archive;
    size_t off = *offset, left, name_end, data_end;
    uint32_t mode, size, namesize;

    if (off > len) {
        *err = "offset past the end";
        return -1;
    }
    left = len - off;
    /* Zero padding after the last entry (some tools pad to 512 bytes). */
    if (off > 0 && (left == 0 || a[off] == '\0')) {
        for (size_t i = off; i < len; i++) {
            if (a[i] != '\0') {
                *err = "bytes after zero padding";
                return -1;
            }
        }
        return 0;
    }
    if (left < HDR_LEN) {
        *err = left == 0 ? "empty archive" : "truncated header";
        return -1;
    }
    if (memcmp(a + off, "07070", 5) != 0 ||
        (a[off + 5] != '1' && a[off + 5] != '2')) {
        *err = "bad magic (not a cpio newc archive)";
        return -1;
    }
    if (hex8(a + off + 6 + 8 * F_MODE, &mode) ||
        hex8(a + off + 6 + 8 * F_FILESIZE, &size) ||
        hex8(a + off + 6 + 8 * F_NAMESIZE, &namesize)) {
        *err = "bad hex digit in a header field";
        return -1;
    }
    if (namesize == 0 || namesize > left - HDR_LEN) {
        *err = "name runs past the end";
        return -1;
    }
    name_end = off + HDR_LEN + namesize;
    if (a[name_end - 1] != '\0' ||
        memchr(a + off + HDR_LEN, '\0', namesize - 1) != NULL) {
        *err = "name not terminated where its size says";
        return -1;
    }
    /* The data starts at the name's end rounded up to 4 (from the start). */
    if (pad4(name_end) > len || size > len - pad4(name_end)) {
        *err = "file data runs past the end";
        return -1;
    }
    data_end = pad4(name_end) + size;
    f->name = a + off + HDR_LEN;
    f->namelen = namesize - 1;
    f->data = a + pad4(name_end);
    f->size = size;
    f->mode = mode;
    if (strcmp(f->name, TRAILER) == 0)
        return 0;
    *offset = pad4(data_end) <= len ? pad4(data_end) : len;
    return 1;
}

/* @s without a leading "/" or "./" (repeated). */
static const char *strip(const char *s)
{
    for (;;) {
        if (s[0] == '/')
            s++;
        else if (s[0] == '.' && s[1] == '/')
            s += 2;
        else
            return s;
    }
}

int cpio_find(const void *archive, size_t len, const char *path,
              struct cpio_file *f, const char **err)
{
    size_t off = 0;
    int rc;

    path = strip(path);
    while ((rc = cpio_next(archive, len, &off, f, err)) == 1) {
        if ((f->mode & CPIO_TYPE_MASK) == CPIO_TYPE_REG &&
            strcmp(strip(f->name), path) == 0)
            return 1;
    }
    return rc;
}
