/* SPDX-License-Identifier: MIT */
/*
 * Boot protocol: the one structure a loader hands the hypervisor.
 *
 * Both loaders fill it: the UEFI application (arch/x86_64/boot/efi_*.c) directly,
 * and the multiboot path (arch/x86_64/cpu/multiboot.c) by converting the
 * multiboot information at start of day. Nothing else crosses from loader to
 * hypervisor.
 *
 * Entry contract (start64 in arch/x86_64/entry/head.S):
 *   64-bit mode, paging on, interrupts off, physical memory below 4 GiB
 *   identity mapped, direction flag clear;
 *   RDI = BOOT_INFO_MAGIC (EFI loader) or MULTIBOOT_BOOTLOADER_MAGIC;
 *   RSI = physical address of struct boot_info (or of the multiboot info);
 *   the image sits at a 2 MiB aligned physical address below 4 GiB, its bss
 *   zeroed; boot_info, the memory map and the modules sit below 4 GiB too.
 *   The stack is not used: start64 switches to its own at once.
 *
 * This file is freestanding (stdint only): the loader includes it too.
 */
#ifndef ASM_BOOTINFO_H
#define ASM_BOOTINFO_H

#include <stdint.h>

#define BOOT_INFO_MAGIC     0x746f6f6273697670ULL /* "pvisboot" */
#define BOOT_INFO_VERSION   1

#define BOOT_MAX_MEMMAP     256
#define BOOT_MAX_MODULES    16
#define BOOT_CMDLINE_MAX    1024
#define BOOT_MODNAME_MAX    64

/* Who filled the structure. */
#define BOOT_LOADER_EFI         1
#define BOOT_LOADER_MULTIBOOT   2

/* Memory range types, after the loader's translation of its firmware's. */
#define BOOT_MEM_USABLE     1   /* free RAM once the hypervisor runs */
#define BOOT_MEM_RESERVED   2   /* never touch */
#define BOOT_MEM_ACPI       3   /* ACPI tables: reclaimable after parsing */
#define BOOT_MEM_NVS        4   /* ACPI NVS: never touch */
#define BOOT_MEM_UNUSABLE   5   /* bad RAM */
#define BOOT_MEM_BOOT       6   /* loader hand-off data in use: image, info, modules */
#define BOOT_MEM_RUNTIME    7   /* EFI runtime services code/data */
#define BOOT_MEM_MMIO       8   /* device memory reported by firmware */

struct boot_mem_range {
    uint64_t base;
    uint64_t len;
    uint32_t type;              /* BOOT_MEM_* */
    uint32_t pad;
};
_Static_assert(sizeof(struct boot_mem_range) == 24, "boot_mem_range layout");

/*
 * A module the loader placed in memory. modules[0] is the dom0 kernel when
 * there is one; its cmdline is dom0's command line.
 */
struct boot_module {
    uint64_t base;              /* physical, page aligned */
    uint64_t len;               /* bytes */
    char name[BOOT_MODNAME_MAX];        /* file name, NUL terminated */
    char cmdline[BOOT_CMDLINE_MAX];     /* NUL terminated, may be empty */
};
_Static_assert(sizeof(struct boot_module) == 16 + 64 + 1024, "boot_module layout");

/* Framebuffer pixel formats. */
#define BOOT_FB_NONE        0
#define BOOT_FB_RGBX8       1   /* byte 0 red, 1 green, 2 blue, 3 reserved */
#define BOOT_FB_BGRX8       2   /* byte 0 blue, 1 green, 2 red, 3 reserved */

struct boot_fb {
    uint64_t base;              /* physical address of pixel (0,0) */
    uint64_t size;              /* bytes */
    uint32_t width;             /* visible pixels */
    uint32_t height;
    uint32_t stride;            /* pixels per scan line (>= width) */
    uint32_t format;            /* BOOT_FB_* */
};
_Static_assert(sizeof(struct boot_fb) == 32, "boot_fb layout");

struct boot_info {
    uint64_t magic;             /* BOOT_INFO_MAGIC */
    uint32_t version;           /* BOOT_INFO_VERSION */
    uint32_t size;              /* sizeof(struct boot_info) */
    uint32_t loader;            /* BOOT_LOADER_* */
    uint32_t nr_memmap;         /* valid entries in memmap[] */
    uint32_t nr_modules;        /* valid entries in modules[] */
    uint32_t pad;
    uint64_t image_phys;        /* physical base of the hypervisor image */
    uint64_t image_size;        /* bytes, bss included */
    uint64_t acpi_rsdp;         /* physical address of the RSDP, 0 if none */
    uint64_t efi_systab;        /* physical address of the EFI system table, 0 if none */
    uint64_t boot_tsc;          /* TSC when the loader started, 0 if unknown */
    struct boot_fb fb;
    char cmdline[BOOT_CMDLINE_MAX];     /* hypervisor command line */
    struct boot_module modules[BOOT_MAX_MODULES];
    struct boot_mem_range memmap[BOOT_MAX_MEMMAP];
};

/*
 * boot_module_is_domain - whether @m is a boot-time domain: its command
 * line starts with the word "domain" (as Xen's dom0less). Of the other
 * modules, the first is dom0's kernel and the next one dom0's initrd; the
 * hypervisor builds dom0 so and the EFI loader finds the initrd it appends
 * \pvisor\guests\ to so.
 */
static inline int boot_module_is_domain(const struct boot_module *m)
{
    static const char word[] = "domain";
    unsigned int i;

    for (i = 0; i < sizeof(word) - 1; i++)
        if (m->cmdline[i] != word[i])
            return 0;
    return m->cmdline[i] == '\0' || m->cmdline[i] == ' ';
}

#endif /* ASM_BOOTINFO_H */
