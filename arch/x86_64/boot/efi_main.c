/* SPDX-License-Identifier: MIT */
/*
 * EFI loader: the steps from firmware to hypervisor.
 *
 * Read \pvisor\pvisor.cfg, load the hypervisor ELF and the modules below
 * 4 GiB, append the files of \pvisor\guests\ to dom0's initrd, fill
 * struct boot_info, exit boot services and jump to start64.
 * Any failure prints why, gives back what was allocated and returns an
 * error to the firmware, which goes back to its boot menu.
 */
#include <hv/lib.h>
#include <asm/processor.h>

#include "efi_boot.h"

EFI_HANDLE efi_image;
EFI_SYSTEM_TABLE *efi_st;
EFI_BOOT_SERVICES *efi_bs;

/* Read and parse the config; @cfg is allocated here (it is ~20 KiB). */
static EFI_STATUS efi_read_config(EFI_FILE_HANDLE root, struct bootcfg **cfg)
{
    struct bootcfg_error err;
    struct efi_blob blob;
    char msg[128];
    EFI_STATUS st;

    st = efi_bs->AllocatePool(EfiLoaderData, sizeof(**cfg), (void **)cfg);
    if (EFI_ERROR(st)) {
        efi_print("pvisor-efi: error: out of memory for the configuration\n");
        return st;
    }
    st = efi_file_read(root, EFI_CFG_PATH, EfiLoaderData, 0, &blob);
    if (EFI_ERROR(st))
        return st;
    if (bootcfg_parse(*cfg, (const char *)(uintptr_t)blob.base, blob.size, &err)) {
        bootcfg_format_error(&err, EFI_CFG_PATH, msg, sizeof(msg));
        efi_print("pvisor-efi: error: %s\n", msg);
        st = EFI_LOAD_ERROR;
    }
    efi_pages_free(blob.base, blob.pages);
    return st;
}

static EFI_STATUS efi_load_image(EFI_FILE_HANDLE root, const struct bootcfg *cfg,
                                 struct boot_info *bi, struct efi_hv *hv)
{
    struct efi_blob file;
    EFI_STATUS st;

    /* The file is only read from: plain loader data, anywhere, freed after. */
    st = efi_file_read(root, cfg->hypervisor, EfiLoaderData, 0, &file);
    if (EFI_ERROR(st))
        return st;
    st = efi_load_hypervisor(&file, cfg->hypervisor, hv);
    efi_pages_free(file.base, file.pages);
    if (EFI_ERROR(st))
        return st;
    bi->image_phys = hv->phys;
    bi->image_size = hv->size;
    efi_print("pvisor-efi: hypervisor %s: %lu bytes at %#lx, entry %#lx\n",
              cfg->hypervisor, (unsigned long)hv->size, (unsigned long)hv->phys,
              (unsigned long)hv->entry_phys);
    return EFI_SUCCESS;
}

static EFI_STATUS efi_boot(uint64_t tsc)
{
    EFI_FILE_HANDLE root;
    EFI_PHYSICAL_ADDRESS bi_phys;
    struct boot_info *bi;
    struct bootcfg *cfg = NULL;
    struct efi_hv hv;
    EFI_STATUS st;

    st = efi_file_open_root(&root);
    if (EFI_ERROR(st))
        return st;
    st = efi_read_config(root, &cfg);
    if (EFI_ERROR(st))
        goto out;

    st = efi_pages_alloc(EFI_SIZE_TO_PAGES(sizeof(*bi)), BOOTMAP_EFI_HANDOFF,
                         EFI_BELOW_4G, &bi_phys);
    if (EFI_ERROR(st))
        goto out;
    bi = (struct boot_info *)(uintptr_t)bi_phys;
    memset(bi, 0, sizeof(*bi));
    bi->magic = BOOT_INFO_MAGIC;
    bi->version = BOOT_INFO_VERSION;
    bi->size = sizeof(*bi);
    bi->loader = BOOT_LOADER_EFI;
    bi->boot_tsc = tsc;
    bi->efi_systab = (uint64_t)(uintptr_t)efi_st;
    bi->acpi_rsdp = efi_find_rsdp();
    efi_find_fb(&bi->fb);
    BUILD_BUG_ON(sizeof(cfg->options) != sizeof(bi->cmdline));
    strlcpy(bi->cmdline, cfg->options, sizeof(bi->cmdline));

    st = efi_load_image(root, cfg, bi, &hv);
    if (EFI_ERROR(st))
        goto out;
    st = efi_load_modules(root, cfg, bi);
    if (EFI_ERROR(st))
        goto out;
    efi_add_guests(root, bi);

    efi_print("pvisor-efi: cmdline '%s', %u module(s), ACPI RSDP %#lx, fb %ux%u at %#lx\n",
              bi->cmdline, bi->nr_modules, (unsigned long)bi->acpi_rsdp,
              bi->fb.width, bi->fb.height, (unsigned long)bi->fb.base);
    efi_print("pvisor-efi: boot_info at %#lx; exiting boot services\n",
              (unsigned long)bi_phys);
    root->Close(root);
    root = NULL;
    efi_bs->FreePool(cfg);
    cfg = NULL;

    st = efi_exit_boot(bi);
    if (EFI_ERROR(st))
        goto out;
    efi_handoff(hv.entry_phys, BOOT_INFO_MAGIC, bi_phys);

out:
    if (cfg)
        efi_bs->FreePool(cfg);
    if (root)
        root->Close(root);
    efi_pages_free_all();
    return st;
}

/* Called by GNU-EFI's crt0 (System V ABI) after it has relocated us. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
    uint64_t tsc = rdtsc();
    EFI_STATUS st;

    efi_image = image;
    efi_st = systab;
    efi_bs = systab->BootServices;
    /* The firmware would reset the machine after 5 minutes in a loader. */
    efi_bs->SetWatchdogTimer(0, 0, 0, NULL);

    efi_print("pvisor-efi: pvisor EFI loader\n");
    st = efi_boot(tsc);
    efi_print("pvisor-efi: boot failed (%s); returning to the firmware\n",
              efi_status_str(st));
    return st;
}
