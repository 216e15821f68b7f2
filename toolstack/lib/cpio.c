/* SPDX-License-Identifier: MIT */
/* cpio newc reader: see cpio.h. */
#include "cpio.h"

#include <stdbool.h>
#include <string.h>

#include "hexdigit.h"

#define HDR_LEN     110
#define TRAILER     "TRAILER!!!"

/* Header fields: 8 hex digits each after the 6-byte magic. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

static int hex8(const char *s, uint32_t *out)
{
    uint32_t v = 0;

    for (int i = 0; i < 8; i++) {
        int d = hex_digit(s[i]);

        if (d < 0)
            return -1;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return 0;
}

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/*
 * Past the zero padding at @off, after an entry: the end of the bytes
 * (returns 0), or the start of the next header, which must be 4-byte
 * aligned as each archive of a concatenation starts (returns 1).
 */
static int skip_padding(const char *a, size_t len, size_t *off, const char **err)
{
    size_t i = *off;

    while (i < len && a[i] == '\0')
        i++;
    if (i < len && (i & 3)) {
        *err = "bytes after zero padding";
        return -1;
    }
    *off = i;
    return i < len;
}

int cpio_next(const void *archive, size_t len, size_t *offset,
              struct cpio_file *f, const char **err)
{
    const char *a = archive;
    size_t off = *offset, name_end;
    uint32_t mode, size, namesize;

    if (off > len) {
        *err = "offset past the end";
        return -1;
    }
    /* Each pass reads one header; a trailer only moves on to what follows. */
    for (;;) {
        size_t left, data_end;

        /* Zero padding (tools pad to 512 bytes) ends an archive, or sits
         * between two concatenated ones. */
        if (off > 0) {
            int rc = skip_padding(a, len, &off, err);

            if (rc <= 0) {
                *offset = off;
                return rc;
            }
        }
        left = len - off;
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
        /* off > 0 from here on: the next pass skips padding first. */
        off = pad4(data_end) <= len ? pad4(data_end) : len;
        if (strcmp(a + name_end - namesize, TRAILER) != 0)
            break;
    }
    f->name = a + name_end - namesize;
    f->namelen = namesize - 1;
    f->data = a + pad4(name_end);
    f->size = size;
    f->mode = mode;
    *offset = off;
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
    struct cpio_file e;
    size_t off = 0;
    bool seen = false;
    int rc;

    /* Every entry is read: a later one of the same name replaces it. */
    path = strip(path);
    while ((rc = cpio_next(archive, len, &off, &e, err)) == 1) {
        if (strcmp(strip(e.name), path) == 0) {
            *f = e;
            seen = true;
        }
    }
    if (rc < 0)
        return -1;
    return seen && (f->mode & CPIO_TYPE_MASK) == CPIO_TYPE_REG;
}

int cpio_replaced(const void *archive, size_t len, size_t offset,
                  const struct cpio_file *f, const char **err)
{
    struct cpio_file e;
    const char *name = strip(f->name);
    int rc;

    while ((rc = cpio_next(archive, len, &offset, &e, err)) == 1)
        if (strcmp(strip(e.name), name) == 0)
            return 1;
    return rc;
}
