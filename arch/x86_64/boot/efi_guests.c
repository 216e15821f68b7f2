/* SPDX-License-Identifier: MIT */
/*
 * EFI loader: the files the user put into \pvisor\guests\ on the ESP,
 * appended to dom0's initrd as a cpio newc archive of guests/<name>.
 *
 * dom0 reads its initrd as concatenated archives (toolstack/lib/cpio.c),
 * as Linux's initramfs does, and a later file of a name replaces an
 * earlier one: guests/ticker.cfg on the ESP replaces the built-in one. The
 * hypervisor still sees one initrd module: the initrd is copied into a
 * larger allocation, zero padded to 4 bytes (where the next archive must
 * start), and the new archive written after it.
 *
 * Two passes over the folder (efi_guests_walk): the first adds up the
 * sizes and says what it leaves out, the second reads the files into
 * place. Nothing here stops the boot: a file that cannot be read is left
 * out, and without memory the whole folder is.
 */
#include <hv/lib.h>

#include "bootcpio.h"
#include "efi_boot.h"

#define EFI_GUESTS_DIR          "\\pvisor\\guests"
#define EFI_GUESTS_PREFIX       "guests/"
/* Guest kernels are a few MiB and dom0 copies its initrd into its own
 * memory: anything larger is not what this folder is for. */
#define EFI_GUESTS_FILE_MAX     (64ULL << 20)
#define EFI_GUESTS_TOTAL_MAX    (256ULL << 20)
/* FAT long names have at most 255 UCS-2 characters, 3 UTF-8 bytes each. */
#define EFI_GUESTS_NAME_MAX     (sizeof(EFI_GUESTS_PREFIX) - 1 + 255 * 3)
#define EFI_GUESTS_INITRD_NAME  "guests.cpio"
#define EFI_GUESTS_DIR_ENTRY    "guests"        /* the archive's first entry */

/* A directory entry: EFI_FILE_INFO with room for the longest FAT name. */
static union {
    EFI_FILE_INFO info;
    uint8_t buf[__builtin_offsetof(EFI_FILE_INFO, FileName) + 256 * sizeof(CHAR16)];
} efi_dirent;

/* The name a file gets in the archive. */
struct efi_guest {
    char name[EFI_GUESTS_NAME_MAX + 1];     /* "guests/<file>", UTF-8 */
    size_t namelen;
    const char *file;                       /* <file>, inside name */
};

/* @w as UTF-8 after the prefix in @g. Returns false if it is too long. */
static bool efi_guest_name(const CHAR16 *w, struct efi_guest *g)
{
    size_t n = sizeof(EFI_GUESTS_PREFIX) - 1;

    memcpy(g->name, EFI_GUESTS_PREFIX, n);
    g->file = g->name + n;
    for (; *w; w++) {
        unsigned int c = *w;

        if (n + 3 > sizeof(g->name) - 1)
            return false;
        if (c < 0x80) {
            g->name[n++] = (char)c;
        } else if (c < 0x800) {
            g->name[n++] = (char)(0xc0 | c >> 6);
            g->name[n++] = (char)(0x80 | (c & 0x3f));
        } else {
            g->name[n++] = (char)(0xe0 | c >> 12);
            g->name[n++] = (char)(0x80 | (c >> 6 & 0x3f));
            g->name[n++] = (char)(0x80 | (c & 0x3f));
        }
    }
    g->name[n] = '\0';
    g->namelen = n;
    return true;
}

/*
 * Whether the archive takes the entry @info (filling @g); if not and @say,
 * print why. Folders (no recursion), hidden files (".DS_Store", macOS's
 * "._x" companions) and files past EFI_GUESTS_FILE_MAX are left out.
 */
static bool efi_guest_take(const EFI_FILE_INFO *info, struct efi_guest *g, bool say)
{
    const CHAR16 *w = info->FileName;
    bool dot = w[0] == L'.' && (!w[1] || (w[1] == L'.' && !w[2]));

    if (!efi_guest_name(w, g)) {
        if (say)
            efi_print("pvisor-efi: %s: left out a file whose name is too long\n",
                      EFI_GUESTS_DIR);
        return false;
    }
    if (dot)
        return false;                   /* "." and ".." */
    if (info->Attribute & EFI_FILE_DIRECTORY) {
        if (say)
            efi_print("pvisor-efi: %s\\%s: left out: a folder (subfolders are not read)\n",
                      EFI_GUESTS_DIR, g->file);
        return false;
    }
    if (w[0] == L'.') {
        if (say)
            efi_print("pvisor-efi: %s\\%s: left out: a hidden file\n",
                      EFI_GUESTS_DIR, g->file);
        return false;
    }
    if (info->FileSize > EFI_GUESTS_FILE_MAX) {
        if (say)
            efi_print("pvisor-efi: %s\\%s: left out: %lu bytes, more than %lu MiB\n",
                      EFI_GUESTS_DIR, g->file, (unsigned long)info->FileSize,
                      (unsigned long)(EFI_GUESTS_FILE_MAX >> 20));
        return false;
    }
    return true;
}

/* Read the file of @info in @dir, whole, into @buf. Prints why it fails. */
static EFI_STATUS efi_guest_read(EFI_FILE_HANDLE dir, const EFI_FILE_INFO *info,
                                 const struct efi_guest *g, void *buf)
{
    EFI_FILE_HANDLE f;
    EFI_STATUS st;

    st = dir->Open(dir, &f, (CHAR16 *)info->FileName, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(st)) {
        efi_print("pvisor-efi: %s\\%s: left out: cannot open it: %s\n", EFI_GUESTS_DIR,
                  g->file, efi_status_str(st));
        return st;
    }
    st = efi_file_read_data(f, g->file, buf, info->FileSize);
    if (EFI_ERROR(st))
        efi_print("pvisor-efi: %s\\%s: left out\n", EFI_GUESTS_DIR, g->file);
    f->Close(f);
    return st;
}

/*
 * One pass over @dir. With @out NULL, add up the bytes of the entries of
 * the files taken (saying what is left out and why); else write those
 * entries at @out, @room bytes at most, from inode number 2 on (the
 * folder's entry is 1). Both passes take the same files, unless the folder
 * changes in between. Returns the bytes, *@nr the files.
 */
static UINT64 efi_guests_walk(EFI_FILE_HANDLE dir, uint8_t *out, UINT64 room,
                              unsigned int *nr)
{
    static struct efi_guest g;          /* 800 bytes: not on the stack */
    EFI_FILE_INFO *info = &efi_dirent.info;
    const UINT64 limit = EFI_GUESTS_TOTAL_MAX - BOOTCPIO_TRAILER_SIZE -
                         bootcpio_entry_size(sizeof(EFI_GUESTS_DIR_ENTRY) - 1, 0);
    UINT64 used = 0, need;
    EFI_STATUS st;
    UINTN len;

    *nr = 0;
    st = dir->SetPosition(dir, 0);
    for (;;) {
        len = sizeof(efi_dirent);
        if (!EFI_ERROR(st))
            st = dir->Read(dir, &len, &efi_dirent);
        if (EFI_ERROR(st)) {
            /* What was read so far still goes in. */
            efi_print("pvisor-efi: %s: cannot read the folder: %s\n", EFI_GUESTS_DIR,
                      efi_status_str(st));
            break;
        }
        if (len == 0)
            break;
        if (!efi_guest_take(info, &g, !out))
            continue;
        need = bootcpio_entry_size(g.namelen, info->FileSize);
        if (need > limit - used) {
            if (!out)
                efi_print("pvisor-efi: %s\\%s: left out: the folder's files would "
                          "pass %lu MiB\n", EFI_GUESTS_DIR, g.file,
                          (unsigned long)(EFI_GUESTS_TOTAL_MAX >> 20));
            continue;
        }
        if (out && need > room - used) {
            efi_print("pvisor-efi: %s\\%s: left out: it grew while being read\n",
                      EFI_GUESTS_DIR, g.file);
            continue;
        }
        if (out) {
            /* The data first: a file that cannot be read leaves no entry. */
            if (EFI_ERROR(efi_guest_read(dir, info, &g,
                                         out + used + bootcpio_data_offset(g.namelen))))
                continue;
            bootcpio_put(out + used, *nr + 2, BOOTCPIO_MODE_FILE, g.name, g.namelen,
                         (uint32_t)info->FileSize);
            efi_print("pvisor-efi: %s\\%s: %lu bytes, as /%s\n", EFI_GUESTS_DIR, g.file,
                      (unsigned long)info->FileSize, g.name);
        }
        used += need;
        (*nr)++;
    }
    return used;
}

/* The folder, open, or NULL (said why, unless there is none). */
static EFI_FILE_HANDLE efi_guests_open(EFI_FILE_HANDLE root)
{
    EFI_GUID info_guid = EFI_FILE_INFO_ID;
    EFI_FILE_HANDLE dir;
    UINTN len = sizeof(efi_dirent);
    EFI_STATUS st;

    st = efi_file_open(root, EFI_GUESTS_DIR, &dir);
    if (st == EFI_NOT_FOUND)
        return NULL;
    if (EFI_ERROR(st)) {
        efi_print("pvisor-efi: %s: cannot open it: %s\n", EFI_GUESTS_DIR,
                  efi_status_str(st));
        return NULL;
    }
    st = dir->GetInfo(dir, &info_guid, &len, &efi_dirent);
    if (EFI_ERROR(st) || !(efi_dirent.info.Attribute & EFI_FILE_DIRECTORY)) {
        efi_print("pvisor-efi: %s: left out: %s\n", EFI_GUESTS_DIR,
                  EFI_ERROR(st) ? efi_status_str(st) : "not a folder");
        dir->Close(dir);
        return NULL;
    }
    return dir;
}

/* dom0's initrd in @bi (boot_module_is_domain()), or -1; *@kernel: dom0's, or -1. */
static int efi_find_initrd(const struct boot_info *bi, int *kernel)
{
    *kernel = -1;
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        if (boot_module_is_domain(&bi->modules[i]))
            continue;
        if (*kernel >= 0)
            return (int)i;
        *kernel = (int)i;
    }
    return -1;
}

void efi_add_guests(EFI_FILE_HANDLE root, struct boot_info *bi)
{
    const UINT64 dir_entry = bootcpio_entry_size(sizeof(EFI_GUESTS_DIR_ENTRY) - 1, 0);
    EFI_PHYSICAL_ADDRESS base;
    EFI_FILE_HANDLE dir;
    struct boot_module *mod;
    UINT64 head, files, len;
    UINTN pages, used_pages;
    unsigned int nr;
    int kernel, initrd;
    uint8_t *buf, *p;

    dir = efi_guests_open(root);
    if (!dir)
        return;
    initrd = efi_find_initrd(bi, &kernel);
    if (kernel < 0) {
        efi_print("pvisor-efi: %s: left out: no dom0 to give it to\n", EFI_GUESTS_DIR);
        goto out;
    }
    if (initrd < 0 && bi->nr_modules == BOOT_MAX_MODULES) {
        efi_print("pvisor-efi: %s: left out: no module left for dom0's initrd\n",
                  EFI_GUESTS_DIR);
        goto out;
    }
    files = efi_guests_walk(dir, NULL, 0, &nr);
    if (nr == 0) {
        efi_print("pvisor-efi: %s: no files to add\n", EFI_GUESTS_DIR);
        goto out;
    }

    /* Room for the initrd, the padding to 4 bytes and the new archive. */
    mod = initrd >= 0 ? &bi->modules[initrd] : &bi->modules[bi->nr_modules];
    head = initrd >= 0 ? ALIGN_UP(mod->len, 4ULL) : 0;
    pages = EFI_SIZE_TO_PAGES(head + dir_entry + files + BOOTCPIO_TRAILER_SIZE);
    if (EFI_ERROR(efi_pages_alloc(pages, BOOTMAP_EFI_HANDOFF, EFI_BELOW_4G, &base))) {
        efi_print("pvisor-efi: %s: left out: no memory for its %u file(s)\n",
                  EFI_GUESTS_DIR, nr);
        goto out;
    }
    buf = (uint8_t *)(uintptr_t)base;
    if (initrd >= 0) {
        memcpy(buf, (const void *)(uintptr_t)mod->base, mod->len);
        memset(buf + mod->len, 0, head - mod->len);
    }
    p = buf + head;
    p += bootcpio_put(p, 1, BOOTCPIO_MODE_DIR, EFI_GUESTS_DIR_ENTRY,
                      sizeof(EFI_GUESTS_DIR_ENTRY) - 1, 0);
    p += efi_guests_walk(dir, p, files, &nr);
    if (nr == 0) {
        efi_print("pvisor-efi: %s: left out: none of its files could be read\n",
                  EFI_GUESTS_DIR);
        efi_pages_free(base, pages);
        goto out;
    }
    p += bootcpio_put_trailer(p);
    len = (UINT64)(p - buf);

    /* Whole pages are handed over: zero the tail, give back what is unused. */
    used_pages = EFI_SIZE_TO_PAGES(len);
    memset(p, 0, used_pages * EFI_PAGE_SIZE - len);
    efi_pages_free(base + used_pages * EFI_PAGE_SIZE, pages - used_pages);
    if (initrd >= 0) {
        efi_pages_free(mod->base, EFI_SIZE_TO_PAGES(mod->len ? mod->len : 1));
        efi_print("pvisor-efi: module %d: dom0's initrd %s with %u file(s) of %s "
                  "appended: %lu bytes at %#lx\n", initrd, mod->name, nr,
                  EFI_GUESTS_DIR, (unsigned long)len, (unsigned long)base);
    } else {
        memset(mod, 0, sizeof(*mod));
        strlcpy(mod->name, EFI_GUESTS_INITRD_NAME, sizeof(mod->name));
        efi_print("pvisor-efi: module %u: dom0's initrd %s: %u file(s) of %s, "
                  "%lu bytes at %#lx\n", bi->nr_modules, mod->name, nr,
                  EFI_GUESTS_DIR, (unsigned long)len, (unsigned long)base);
        bi->nr_modules++;
    }
    mod->base = base;
    mod->len = len;
out:
    dir->Close(dir);
}
