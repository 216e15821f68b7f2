/* SPDX-License-Identifier: MIT */
/*
 * cpio "newc" writer for the EFI loader: the archive of \pvisor\guests that
 * is appended to dom0's initrd (efi_guests.c). Entries are laid out as
 * toolstack/lib/cpio.c reads them and as Linux's initramfs unpacks them: a
 * 110-byte ASCII header "070701", the NUL-terminated name, the data, name
 * and data each padded to 4 bytes from the start of the archive (which
 * must itself start 4-byte aligned).
 *
 * Freestanding and free of EFI headers so that the host unit tests build it
 * (tests/unit/cpio writes archives with it and reads them back).
 */
#ifndef BOOT_BOOTCPIO_H
#define BOOT_BOOTCPIO_H

#include <hv/types.h>

#define BOOTCPIO_HDR_LEN        110
#define BOOTCPIO_MODE_FILE      0100644u
#define BOOTCPIO_MODE_DIR       0040755u

/*
 * bootcpio_entry_size - bytes an entry of name length @namelen (without
 * the NUL) and @size bytes of data takes, padding included: a multiple of 4.
 */
size_t bootcpio_entry_size(size_t namelen, size_t size);

/* bootcpio_data_offset - where an entry's data starts, from the entry's start. */
size_t bootcpio_data_offset(size_t namelen);

/*
 * bootcpio_put - write the header and the name of an entry at @out (4-byte
 * aligned in the archive, with bootcpio_entry_size() bytes of room), and
 * zero the padding after the name and after @size bytes of data; the data
 * itself is the caller's, at @out + bootcpio_data_offset() (it may be
 * there already: it is not touched). @ino numbers the entry (Linux links
 * entries with the same inode number and more than one link: give each its
 * own). Returns bootcpio_entry_size().
 */
size_t bootcpio_put(uint8_t *out, uint32_t ino, uint32_t mode, const char *name,
                    size_t namelen, uint32_t size);

/* bootcpio_put_trailer - the "TRAILER!!!" entry that ends an archive. */
size_t bootcpio_put_trailer(uint8_t *out);

/* Bytes of the trailer entry. */
#define BOOTCPIO_TRAILER_SIZE   (BOOTCPIO_HDR_LEN + 14)

#endif /* BOOT_BOOTCPIO_H */
