/* SPDX-License-Identifier: MIT */
/*
 * A reader of cpio "newc" archives (the format of Linux initramfs and of
 * dom0's initrd, `cpio -H newc`): 110-byte ASCII headers "070701" (or
 * "070702", with a checksum that is not checked), each followed by the
 * NUL-terminated name and the data, both padded to 4 bytes; the entry
 * named "TRAILER!!!" ends the archive.
 *
 * Archives may be concatenated, as Linux's initramfs takes them: after a
 * trailer, zero padding, then the next archive's header at a 4-byte
 * aligned offset (the EFI loader appends the files of the ESP's
 * \pvisor\guests\ to dom0's initrd so). The reader walks them as one: a
 * later entry of the same name replaces an earlier one, as when Linux
 * unpacks them in order.
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
 * *@offset moved past it (start with 0). Trailers are stepped over: after
 * one, zero padding, then the end of the bytes or another archive. Returns
 * 1 for an entry, 0 at the end (the end of the bytes after a trailer, or
 * after at least one entry: an archive without a trailer may end there
 * too, padded with zeros or not), -1 for a malformed archive with a
 * message in *@err (static text). Entries of the same name are all
 * returned, in order: the last one counts (cpio_replaced()).
 */
int cpio_next(const void *archive, size_t len, size_t *offset,
              struct cpio_file *f, const char **err);

/*
 * cpio_find - the regular file @path ("guests/a.cfg"; a leading "/" or
 * "./" on either side is ignored): the last entry of that name, so a file
 * of a later archive replaces one of an earlier (if the last entry is not
 * a regular file, there is no such file). Every entry is read. Returns 1
 * found, 0 not there, -1 for a malformed archive anywhere (*@err says why).
 */
int cpio_find(const void *archive, size_t len, const char *path,
              struct cpio_file *f, const char **err);

/*
 * cpio_replaced - whether an entry at or after @offset (the offset
 * cpio_next() left after @f) has @f's name, so that @f does not count (a
 * listing shows only the last of each name). Returns 1 replaced, 0 not,
 * -1 for a malformed archive after @offset (*@err says why).
 */
int cpio_replaced(const void *archive, size_t len, size_t offset,
                  const struct cpio_file *f, const char **err);

#endif /* TOOLSTACK_CPIO_H */
