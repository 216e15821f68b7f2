/* SPDX-License-Identifier: MIT */
/*
 * EFI loader: what its files share (console, files, allocations, steps).
 *
 * The loader is a GNU-EFI application built with GNU_EFI_USE_MS_ABI: it
 * calls firmware services directly through the tables (no uefi_call_wrapper)
 * and does not link libefi; memcpy/vsnprintf come from hypervisor/lib.
 * Every step returns an EFI_STATUS and prints its own reason before failing,
 * so efi_main() only has to undo allocations and return to the firmware.
 */
#ifndef BOOT_EFI_BOOT_H
#define BOOT_EFI_BOOT_H

#include <efi.h>

#include <hv/types.h>
#include <asm/bootinfo.h>

#include "bootcfg.h"
#include "bootmap.h"

#define EFI_CFG_PATH        "\\pvisor\\pvisor.cfg"
#define EFI_BELOW_4G        0xFFFFFFFFULL      /* AllocateMaxAddress limit */

/* Set by efi_main() before anything else runs. */
extern EFI_HANDLE efi_image;
extern EFI_SYSTEM_TABLE *efi_st;
extern EFI_BOOT_SERVICES *efi_bs;

/*
 * efi_print - formatted text on the firmware console ("\n" becomes CR LF).
 * Prints nothing once efi_console_off is set (from the first
 * ExitBootServices call on, the console may no longer be used).
 */
extern bool efi_console_off;
void efi_print(const char *fmt, ...) __printf(1, 2);

/* efi_status_str - a short name for an EFI status ("not found"). */
const char *efi_status_str(EFI_STATUS st);

/*
 * Page allocations are recorded so that a failed boot can give them all
 * back before returning to the firmware menu.
 */
/*
 * efi_pages_alloc - @pages pages of @type (an EFI memory type, or
 * BOOTMAP_EFI_HANDOFF), ending at or below @max (or anywhere if @max is 0).
 * Prints the reason on failure. Returns EFI_SUCCESS with *@base set.
 */
EFI_STATUS efi_pages_alloc(UINTN pages, UINT32 type, UINT64 max,
                           EFI_PHYSICAL_ADDRESS *base);
/* efi_pages_free - give back part or all of a recorded allocation. */
void efi_pages_free(EFI_PHYSICAL_ADDRESS base, UINTN pages);
/* efi_pages_free_all - give back every recorded allocation (error path). */
void efi_pages_free_all(void);

/* A file read into pages. */
struct efi_blob {
    EFI_PHYSICAL_ADDRESS base;  /* page aligned */
    UINT64 size;                /* bytes of file */
    UINTN pages;
};

/* efi_file_open_root - the root of the volume the loader was started from. */
EFI_STATUS efi_file_open_root(EFI_FILE_HANDLE *root);

/*
 * efi_file_open - open @path ('/' or '\' separated, ASCII) under @root
 * for reading. Prints nothing (a missing file may be no error).
 */
EFI_STATUS efi_file_open(EFI_FILE_HANDLE root, const char *path, EFI_FILE_HANDLE *f);

/*
 * efi_file_read_data - read @size bytes from @f's position into @buf.
 * Prints the reason, naming @path, on failure (a short file included).
 */
EFI_STATUS efi_file_read_data(EFI_FILE_HANDLE f, const char *path, void *buf,
                              UINT64 size);

/*
 * efi_file_read - read @path ('/' or '\' separated) from @root into new
 * pages of @type below @max (0: anywhere). Prints the reason on failure.
 */
EFI_STATUS efi_file_read(EFI_FILE_HANDLE root, const char *path, UINT32 type,
                         UINT64 max, struct efi_blob *blob);

/* Where the hypervisor image went. */
struct efi_hv {
    EFI_PHYSICAL_ADDRESS phys;  /* 2 MiB aligned, below 4 GiB */
    UINT64 size;                /* lowest to highest segment byte, page rounded */
    UINT64 entry_phys;
};

/* efi_load_hypervisor - validate the ELF in @file and lay it out in memory. */
EFI_STATUS efi_load_hypervisor(const struct efi_blob *file, const char *path,
                               struct efi_hv *hv);

/*
 * efi_load_modules - dom0 (modules[0]) and the other modules of @cfg, page
 * aligned below 4 GiB, recorded in @bi.
 */
EFI_STATUS efi_load_modules(EFI_FILE_HANDLE root, const struct bootcfg *cfg,
                            struct boot_info *bi);

/*
 * efi_add_guests - the regular files of \pvisor\guests\ on @root, as a
 * cpio newc archive of guests/<name> appended to dom0's initrd module in
 * @bi (or as that initrd when dom0 has none). Prints each file taken or
 * left out and why; never fails the boot: on any failure the modules stay
 * as they were.
 */
void efi_add_guests(EFI_FILE_HANDLE root, struct boot_info *bi);

/* efi_find_rsdp - physical address of the ACPI RSDP (2.0 preferred), or 0. */
UINT64 efi_find_rsdp(void);

/* efi_find_fb - the GOP framebuffer, if any, in the current mode. */
void efi_find_fb(struct boot_fb *fb);

/*
 * efi_exit_boot - take the final memory map into @bi and exit boot
 * services. On success nothing of the firmware but runtime services may be
 * used any more (not even the console). Prints the reason on failure.
 */
EFI_STATUS efi_exit_boot(struct boot_info *bi);

/*
 * efi_handoff - jump to the hypervisor: RDI = @magic, RSI = @info, with
 * interrupts off. Does not return.
 */
void efi_handoff(UINT64 entry, UINT64 magic, UINT64 info) __noreturn;

#endif /* BOOT_EFI_BOOT_H */
