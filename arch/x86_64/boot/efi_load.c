/* SPDX-License-Identifier: MIT */
/*
 * EFI loader: laying out the hypervisor image and the modules.
 *
 * The image is placed as the linker laid it out: segment at p_vaddr goes to
 * phys + (p_vaddr - lowest p_vaddr), the gaps and bss zeroed, at a 2 MiB
 * aligned address below 4 GiB (what start64's boot page tables need).
 */
#include <hv/elf.h>
#include <hv/lib.h>
#include <asm/layout.h>

#include "efi_boot.h"

/*
 * UEFI 2.10 EFI_MEMORY_ATTRIBUTE_PROTOCOL (not in gnu-efi 3.0.15). Firmware
 * that has it may map new allocations non-executable; start64 runs on the
 * firmware's page tables until it loads its own, from our pages, and writes
 * its page tables into our bss, so the image must be executable and writable.
 */
#define EFI_MEMATTR_GUID \
    { 0xf4560cf6, 0x40ec, 0x4b4a, { 0xa1, 0x92, 0xbf, 0x1d, 0x57, 0xd0, 0xb1, 0x89 } }
#define EFI_MEMATTR_RO      0x20000ULL

struct efi_memattr;
typedef EFI_STATUS (EFIAPI *efi_memattr_fn)(struct efi_memattr *self,
                                            EFI_PHYSICAL_ADDRESS base, UINT64 len,
                                            UINT64 attr);
struct efi_memattr {
    EFI_STATUS (EFIAPI *get)(struct efi_memattr *self, EFI_PHYSICAL_ADDRESS base,
                             UINT64 len, UINT64 *attr);
    efi_memattr_fn set;
    efi_memattr_fn clear;
};

static void efi_make_executable(EFI_PHYSICAL_ADDRESS base, UINT64 len)
{
    EFI_GUID guid = EFI_MEMATTR_GUID;
    struct efi_memattr *ma;
    EFI_STATUS st;

    /* Older firmware has no protocol and maps everything executable. */
    if (EFI_ERROR(efi_bs->LocateProtocol(&guid, NULL, (void **)&ma)))
        return;
    st = ma->clear(ma, base, len, EFI_MEMORY_XP | EFI_MEMATTR_RO);
    if (EFI_ERROR(st))
        efi_print("pvisor-efi: warning: cannot make the image executable: %s\n",
                  efi_status_str(st));
}

/*
 * AllocatePages has no alignment argument: take 2 MiB - 4 KiB more than
 * needed and give back the pages before and after the aligned block.
 */
static EFI_STATUS efi_alloc_aligned_2m(UINTN pages, EFI_PHYSICAL_ADDRESS *out)
{
    const UINTN extra = LARGE_PAGE_SIZE / EFI_PAGE_SIZE - 1;
    EFI_PHYSICAL_ADDRESS base, aligned;
    EFI_STATUS st;
    UINTN head;

    st = efi_pages_alloc(pages + extra, BOOTMAP_EFI_HANDOFF, EFI_BELOW_4G, &base);
    if (EFI_ERROR(st))
        return st;
    aligned = ALIGN_UP(base, (EFI_PHYSICAL_ADDRESS)LARGE_PAGE_SIZE);
    head = (aligned - base) / EFI_PAGE_SIZE;
    efi_pages_free(base, head);
    efi_pages_free(aligned + (UINT64)pages * EFI_PAGE_SIZE, extra - head);
    *out = aligned;
    return EFI_SUCCESS;
}

EFI_STATUS efi_load_hypervisor(const struct efi_blob *file, const char *path,
                               struct efi_hv *hv)
{
    struct elf_image img;
    struct elf_segment seg;
    const char *why;
    uint64_t vstart, vend, span;
    unsigned int pos = 0;
    EFI_STATUS st;
    uint8_t *dst;

    if (elf_init(&img, (const void *)(uintptr_t)file->base, file->size, 0, &why)) {
        efi_print("pvisor-efi: error: %s: not a loadable ELF image: %s\n", path, why);
        return EFI_LOAD_ERROR;
    }
    elf_load_range(&img, &vstart, &vend);
    span = vend - vstart;
    if (span > HV_IMAGE_MAX) {
        efi_print("pvisor-efi: error: %s: image spans %lu bytes, more than %lu\n",
                  path, (unsigned long)span, (unsigned long)HV_IMAGE_MAX);
        return EFI_LOAD_ERROR;
    }
    hv->size = ALIGN_UP(span, (uint64_t)EFI_PAGE_SIZE);

    st = efi_alloc_aligned_2m(hv->size / EFI_PAGE_SIZE, &hv->phys);
    if (EFI_ERROR(st))
        return st;
    dst = (uint8_t *)(uintptr_t)hv->phys;
    memset(dst, 0, hv->size);
    while (elf_load_next(&img, &pos, &seg))
        memcpy(dst + (seg.vaddr - vstart), seg.data, seg.filesz);
    efi_make_executable(hv->phys, hv->size);
    hv->entry_phys = hv->phys + (elf_entry(&img) - vstart);
    return EFI_SUCCESS;
}

/* The last component of @path: the module's name for the hypervisor. */
static const char *efi_basename(const char *path)
{
    const char *base = path;

    for (; *path; path++)
        if (*path == '\\' || *path == '/')
            base = path + 1;
    return base;
}

static EFI_STATUS efi_load_module(EFI_FILE_HANDLE root, const char *path,
                                  const char *cmdline, struct boot_info *bi)
{
    struct boot_module *mod = &bi->modules[bi->nr_modules];
    struct efi_blob blob;
    EFI_STATUS st;

    st = efi_file_read(root, path, BOOTMAP_EFI_HANDOFF, EFI_BELOW_4G, &blob);
    if (EFI_ERROR(st))
        return st;
    mod->base = blob.base;
    mod->len = blob.size;
    /* Names longer than the field are cut: they only label the module. */
    strlcpy(mod->name, efi_basename(path), sizeof(mod->name));
    strlcpy(mod->cmdline, cmdline, sizeof(mod->cmdline));
    bi->nr_modules++;
    efi_print("pvisor-efi: module %u: %s, %lu bytes at %#lx\n", bi->nr_modules - 1,
              path, (unsigned long)blob.size, (unsigned long)blob.base);
    return EFI_SUCCESS;
}

EFI_STATUS efi_load_modules(EFI_FILE_HANDLE root, const struct bootcfg *cfg,
                            struct boot_info *bi)
{
    EFI_STATUS st;
    unsigned int i;

    BUILD_BUG_ON(BOOTCFG_MAX_MODULES + 1 > BOOT_MAX_MODULES);
    BUILD_BUG_ON(sizeof(cfg->modules[0].cmdline) != sizeof(bi->modules[0].cmdline));
    BUILD_BUG_ON(sizeof(cfg->dom0_cmdline) != sizeof(bi->modules[0].cmdline));

    /* bootcfg_parse() refuses modules without dom0. */
    if (!cfg->dom0[0])
        return EFI_SUCCESS;
    st = efi_load_module(root, cfg->dom0, cfg->dom0_cmdline, bi);
    for (i = 0; !EFI_ERROR(st) && i < cfg->nr_modules; i++)
        st = efi_load_module(root, cfg->modules[i].path, cfg->modules[i].cmdline, bi);
    return st;
}
