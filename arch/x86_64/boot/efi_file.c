/* SPDX-License-Identifier: MIT */
/* EFI loader: reading whole files from the volume the loader came from. */
#include <hv/lib.h>

#include "efi_boot.h"

EFI_STATUS efi_file_open_root(EFI_FILE_HANDLE *root)
{
    EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
    EFI_LOADED_IMAGE *li;
    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
    EFI_STATUS st;

    st = efi_bs->HandleProtocol(efi_image, &li_guid, (void **)&li);
    if (EFI_ERROR(st)) {
        efi_print("pvisor-efi: error: no loaded image protocol: %s\n", efi_status_str(st));
        return st;
    }
    st = efi_bs->HandleProtocol(li->DeviceHandle, &fs_guid, (void **)&fs);
    if (EFI_ERROR(st)) {
        efi_print("pvisor-efi: error: boot device has no file system: %s\n",
                  efi_status_str(st));
        return st;
    }
    st = fs->OpenVolume(fs, root);
    if (EFI_ERROR(st))
        efi_print("pvisor-efi: error: cannot open boot volume: %s\n", efi_status_str(st));
    return st;
}

/* The file's size, from EFI_FILE_INFO (whose length depends on the name). */
static EFI_STATUS efi_file_size(EFI_FILE_HANDLE f, const char *path, UINT64 *size)
{
    EFI_GUID info_guid = EFI_FILE_INFO_ID;
    EFI_FILE_INFO *info = NULL;
    UINTN len = 0;
    EFI_STATUS st;

    st = f->GetInfo(f, &info_guid, &len, NULL);
    if (st == EFI_BUFFER_TOO_SMALL) {
        st = efi_bs->AllocatePool(EfiLoaderData, len, (void **)&info);
        if (!EFI_ERROR(st))
            st = f->GetInfo(f, &info_guid, &len, info);
    }
    if (EFI_ERROR(st)) {
        efi_print("pvisor-efi: error: %s: cannot get file size: %s\n", path,
                  efi_status_str(st));
    } else if (info->Attribute & EFI_FILE_DIRECTORY) {
        efi_print("pvisor-efi: error: %s is a directory\n", path);
        st = EFI_NOT_FOUND;
    } else {
        *size = info->FileSize;
    }
    if (info)
        efi_bs->FreePool(info);
    return st;
}

EFI_STATUS efi_file_open(EFI_FILE_HANDLE root, const char *path, EFI_FILE_HANDLE *f)
{
    CHAR16 wpath[BOOTCFG_PATH_MAX];
    size_t i;

    /* UCS-2, and '/' accepted for '\' (FAT does not care about case). */
    for (i = 0; i < ARRAY_SIZE(wpath) - 1 && path[i]; i++)
        wpath[i] = path[i] == '/' ? L'\\' : (unsigned char)path[i];
    wpath[i] = 0;
    return root->Open(root, f, wpath, EFI_FILE_MODE_READ, 0);
}

EFI_STATUS efi_file_read_data(EFI_FILE_HANDLE f, const char *path, void *buf,
                              UINT64 size)
{
    UINT64 done = 0;
    UINTN chunk;
    EFI_STATUS st;

    while (done < size) {
        chunk = size - done;
        st = f->Read(f, &chunk, (uint8_t *)buf + done);
        if (EFI_ERROR(st) || chunk == 0) {
            efi_print("pvisor-efi: error: %s: read failed at byte %lu of %lu: %s\n",
                      path, (unsigned long)done, (unsigned long)size,
                      EFI_ERROR(st) ? efi_status_str(st) : "unexpected end of file");
            return EFI_ERROR(st) ? st : EFI_END_OF_FILE;
        }
        done += chunk;
    }
    return EFI_SUCCESS;
}

EFI_STATUS efi_file_read(EFI_FILE_HANDLE root, const char *path, UINT32 type,
                         UINT64 max, struct efi_blob *blob)
{
    EFI_FILE_HANDLE f;
    EFI_STATUS st;

    memset(blob, 0, sizeof(*blob));
    st = efi_file_open(root, path, &f);
    if (EFI_ERROR(st)) {
        efi_print("pvisor-efi: error: cannot open %s: %s\n", path, efi_status_str(st));
        return st;
    }
    st = efi_file_size(f, path, &blob->size);
    if (EFI_ERROR(st))
        goto out;

    /* At least one page, so that an empty module still has an address. */
    blob->pages = EFI_SIZE_TO_PAGES(blob->size ? blob->size : 1);
    st = efi_pages_alloc(blob->pages, type, max, &blob->base);
    if (EFI_ERROR(st))
        goto out;
    /* Zero the tail of the last page: modules are handed over whole pages. */
    memset((uint8_t *)(uintptr_t)blob->base + blob->size, 0,
           blob->pages * EFI_PAGE_SIZE - blob->size);
    st = efi_file_read_data(f, path, (void *)(uintptr_t)blob->base, blob->size);
    if (EFI_ERROR(st))
        efi_pages_free(blob->base, blob->pages);
out:
    f->Close(f);
    return st;
}
