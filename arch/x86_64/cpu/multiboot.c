/* SPDX-License-Identifier: MIT */
/*
 * Multiboot (v1) hand-off: convert the information QEMU's -kernel loader
 * gives into struct boot_info, so the rest of start of day sees one format.
 * By Xen's convention the first module is dom0's kernel and its string is
 * "<path> <dom0 command line>".
 */
#include <hv/lib.h>
#include <asm/layout.h>
#include <asm/setup.h>

#define MBI_MEM         (1u << 0)
#define MBI_CMDLINE     (1u << 2)
#define MBI_MODS        (1u << 3)
#define MBI_MMAP        (1u << 6)

struct mb_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
} __packed;

struct mb_module {
    uint32_t start, end;
    uint32_t string;
    uint32_t reserved;
} __packed;

struct mb_mmap {
    uint32_t size;              /* of the rest of the entry */
    uint64_t base, len;
    uint32_t type;
} __packed;

static struct boot_info mb_boot_info;

/* Boot-time view of low physical memory: the boot tables identity map 4 GiB. */
static const void *low_ptr(uint32_t pa)
{
    return (const void *)(uintptr_t)pa;
}

static void copy_word(char *dst, size_t len, const char **src)
{
    const char *s = *src;
    size_t n = 0;

    while (*s == ' ')
        s++;
    while (s[n] && s[n] != ' ')
        n++;
    if (len)
        snprintf(dst, len, "%.*s", (int)n, s);
    s += n;
    while (*s == ' ')
        s++;
    *src = s;
}

struct boot_info *multiboot_to_boot_info(paddr_t mbi_pa)
{
    const struct mb_info *mbi = low_ptr((uint32_t)mbi_pa);
    struct boot_info *bi = &mb_boot_info;

    memset(bi, 0, sizeof(*bi));
    bi->magic = BOOT_INFO_MAGIC;
    bi->version = BOOT_INFO_VERSION;
    bi->size = sizeof(*bi);
    bi->loader = BOOT_LOADER_MULTIBOOT;
    bi->image_phys = image_phys;
    bi->image_size = image_size();

    if (mbi->flags & MBI_CMDLINE) {
        const char *cl = low_ptr(mbi->cmdline);

        /* QEMU passes the kernel's file name first, as GRUB does. */
        copy_word(NULL, 0, &cl);
        strlcpy(bi->cmdline, cl, sizeof(bi->cmdline));
    }

    if (mbi->flags & MBI_MODS) {
        const struct mb_module *m = low_ptr(mbi->mods_addr);

        for (uint32_t i = 0; i < mbi->mods_count && i < BOOT_MAX_MODULES; i++) {
            struct boot_module *bm = &bi->modules[bi->nr_modules++];
            const char *s = m[i].string ? low_ptr(m[i].string) : "";

            bm->base = m[i].start;
            bm->len = m[i].end > m[i].start ? m[i].end - m[i].start : 0;
            copy_word(bm->name, sizeof(bm->name), &s);
            strlcpy(bm->cmdline, s, sizeof(bm->cmdline));
        }
    }

    if (mbi->flags & MBI_MMAP) {
        uint32_t off = 0;

        while (off + sizeof(struct mb_mmap) <= mbi->mmap_length &&
               bi->nr_memmap < BOOT_MAX_MEMMAP) {
            const struct mb_mmap *e = low_ptr(mbi->mmap_addr + off);
            struct boot_mem_range *r = &bi->memmap[bi->nr_memmap++];

            r->base = e->base;
            r->len = e->len;
            switch (e->type) {
            case 1: r->type = BOOT_MEM_USABLE; break;
            case 3: r->type = BOOT_MEM_ACPI; break;
            case 4: r->type = BOOT_MEM_NVS; break;
            case 5: r->type = BOOT_MEM_UNUSABLE; break;
            default: r->type = BOOT_MEM_RESERVED; break;
            }
            off += e->size + 4;
        }
    } else if (mbi->flags & MBI_MEM) {
        bi->memmap[0] = (struct boot_mem_range){ 0, (uint64_t)mbi->mem_lower << 10,
                                                 BOOT_MEM_USABLE, 0 };
        bi->memmap[1] = (struct boot_mem_range){ 0x100000,
                                                 (uint64_t)mbi->mem_upper << 10,
                                                 BOOT_MEM_USABLE, 0 };
        bi->nr_memmap = 2;
    }

    /* The multiboot info itself and the module strings are reserved by the
     * caller reserving the first MiB and each module; the hand-off data we
     * still need has been copied into mb_boot_info (in the image). */
    return bi;
}
