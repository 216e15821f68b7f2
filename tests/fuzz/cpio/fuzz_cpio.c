/* SPDX-License-Identifier: MIT */
/*
 * Fuzzer of the cpio newc reader (toolstack/lib/cpio.c), which dom0 runs
 * on its initrd (guest images and their configurations). The input is the
 * archive. Checked: cpio_next answers 1, 0 or -1 (with a message); every
 * entry's name and data lie inside the archive, the name is NUL-terminated
 * at namelen, the offset only moves forward and stays within the archive;
 * cpio_find of each regular file read finds a regular file of that name,
 * that entry or an earlier one.
 */
#include <string.h>

#include "cpio.h"
#include "fuzz.h"

#define MAX_SEEN    64

static int inside(const uint8_t *buf, size_t size, const void *p, size_t len)
{
    const uint8_t *q = p;

    return q >= buf && (size_t)(q - buf) <= size && len <= size - (size_t)(q - buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cpio_file f, g, seen[MAX_SEEN];
    unsigned int nseen = 0;
    size_t off = 0, prev;
    const char *err = NULL;
    int rc;

    for (;;) {
        prev = off;
        err = NULL;
        rc = cpio_next(data, size, &off, &f, &err);
        if (rc != 1)
            break;
        FUZZ_CHECK(off > prev && off <= size);
        FUZZ_CHECK(inside(data, size, f.name, f.namelen + 1));
        FUZZ_CHECK(f.name[f.namelen] == '\0' && strlen(f.name) == f.namelen);
        FUZZ_CHECK(f.size == 0 || inside(data, size, f.data, f.size));
        if ((f.mode & CPIO_TYPE_MASK) == CPIO_TYPE_REG && nseen < MAX_SEEN)
            seen[nseen++] = f;
    }
    FUZZ_CHECK(rc == 0 || (rc == -1 && err && err[0]));
    if (rc != 0)
        return 0;
    for (unsigned int i = 0; i < nseen; i++) {
        err = NULL;
        rc = cpio_find(data, size, seen[i].name, &g, &err);
        /* Found: this entry or an earlier one of the same (stripped) name. */
        FUZZ_CHECK(rc == 1 && (g.mode & CPIO_TYPE_MASK) == CPIO_TYPE_REG);
        FUZZ_CHECK(g.name <= seen[i].name);
    }
    return 0;
}
