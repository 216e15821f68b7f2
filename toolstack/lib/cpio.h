/* SPDX-License-Identifier: MIT */
/*
 * A reader of cpio "newc" archives (the format of Linux initramfs and of
 * dom0's initrd, `cpio -H newc`): 110-byte ASCII headers "070701" (or
 * "070702", with a checksum that is not checked), each followed by the
 * NUL-terminated name and the data, both padded to 4 bytes; the entry
 * named "TRAILER!!!" ends the archive.
 *
 * The archive is untrusted input (the user's own files): every length is
 * checked against what is left before it is used, nothing is written, and
 * a bad archive gives an error string, never a read out of bounds.
 */
#ifndef TOOLSTACK_CPIO_H
#define TOOLSTACK_CPIO_H

#include <stddef.h>
#include <stdint.h>

/* cpio mode bits (the file type), as stat's. */
#define CPIO_TYPE_MASK  0170000u
#define CPIO_TYPE_REG   0100000u
#define CPIO_TYPE_DIR   0040000u

struct cpio_file {
    const char *name;           /* inside the archive, NUL-terminated */
    size_t namelen;             /* without the NUL */
    const void *data;
    size_t size;
    uint32_t mode;
};

/*
 * cpio_next - the entry at *@offset of the @len-byte @archive into @f, and
 * *@offset moved past it. Returns 1 for an entry, 0 at the trailer (or at
 * the end of the bytes, when at least one entry was read before: archives
 * padded with zeros end there too), -1 for a malformed archive with a
 * message in *@err (static text).
 */
int cpio_next(const void *archive, size_t len, size_t *offset,
              struct cpio_file *f, const char **err);

/*
 * cpio_find - the regular file @path ("guests/a.cfg"; a leading "/" or
 * "./" on either side is ignored). Returns 1 found, 0 not there, -1 for a
 * malformed archive (*@err says why).
 */
int cpio_find(const void *archive, size_t len, const char *path,
              struct cpio_file *f, const char **err);

#endif /* TOOLSTACK_CPIO_H */
