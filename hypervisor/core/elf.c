/* SPDX-License-Identifier: MIT */
/*
 * ELF64 images: validation of x86-64 executables and walks over their
 * loadable segments and notes.
 *
 * Invariant after a successful elf_init(): every program header lies inside
 * the buffer; every PT_LOAD and PT_NOTE segment's file bytes lie inside the
 * buffer; non-empty PT_LOAD segments do not wrap and do not overlap; the
 * entry point is in the file-backed part of an executable PT_LOAD. The
 * walkers below rely on this and re-check only what elf_init() cannot
 * (the contents of notes).
 */
#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/lib.h>

static int elf_fail(const char **why, const char *msg)
{
    *why = msg;
    return -ENOEXEC;
}

/* A failure that names program headers: formatted into the image itself. */
static int elf_fail_ph(struct elf_image *img, const char **why,
                       const char *fmt, unsigned int a, unsigned int b)
{
    snprintf(img->why, sizeof(img->why), fmt, a, b);
    *why = img->why;
    return -ENOEXEC;
}

/* Program header @i; elf_init() has checked the table is inside the file. */
static void elf_phdr(const struct elf_image *img, unsigned int i,
                     struct elf64_phdr *ph)
{
    memcpy(ph, img->data + img->ehdr.e_phoff + (uint64_t)i * sizeof(*ph),
           sizeof(*ph));
}

/* Does [off, off + len) lie inside a buffer of @size bytes? No overflow. */
static bool elf_in_file(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

static int elf_check_header(struct elf_image *img, unsigned int flags,
                            const char **why)
{
    static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };
    const struct elf64_ehdr *eh = &img->ehdr;

    if (img->size < sizeof(*eh))
        return elf_fail(why, "truncated ELF header");
    memcpy(&img->ehdr, img->data, sizeof(img->ehdr));

    if (memcmp(&eh->e_ident[ELF_ID_MAG0], magic, sizeof(magic)) != 0)
        return elf_fail(why, "not an ELF file (bad magic)");
    if (eh->e_ident[ELF_ID_CLASS] != ELF_CLASS_64)
        return elf_fail(why, "not a 64-bit ELF file");
    if (eh->e_ident[ELF_ID_DATA] != ELF_DATA_LSB)
        return elf_fail(why, "not a little-endian ELF file");
    if (eh->e_ident[ELF_ID_VERSION] != ELF_VERSION_CURRENT ||
        eh->e_version != ELF_VERSION_CURRENT)
        return elf_fail(why, "unknown ELF version");
    if (eh->e_machine != ELF_MACHINE_X86_64)
        return elf_fail(why, "not an x86-64 ELF file");
    if (eh->e_type == ELF_TYPE_DYN && !(flags & ELF_ALLOW_DYN))
        return elf_fail(why, "position-independent (ET_DYN) image not accepted");
    if (eh->e_type != ELF_TYPE_EXEC && eh->e_type != ELF_TYPE_DYN)
        return elf_fail(why, "not an executable ELF file");
    if (eh->e_ehsize < sizeof(*eh))
        return elf_fail(why, "bad ELF header size");
    if (eh->e_phentsize != sizeof(struct elf64_phdr))
        return elf_fail(why, "bad program header entry size");
    if (eh->e_phnum == 0)
        return elf_fail(why, "no program headers");
    /* e_phnum is 16 bits, so the table size cannot overflow; its end can. */
    if (eh->e_phoff >= img->size)
        return elf_fail(why, "program header table outside the file");
    if (!elf_in_file(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr),
                     img->size))
        return elf_fail(why, "truncated program header table");
    return 0;
}

int elf_init(struct elf_image *img, const void *data, size_t size,
             unsigned int flags, const char **why)
{
    /* Non-empty PT_LOAD ranges seen so far, for the overlap check. */
    struct { uint64_t start, end; unsigned int index; } load[ELF_MAX_LOAD];
    const char *ignored;
    struct elf64_phdr ph;
    unsigned int i, j;
    bool entry_ok = false;
    int rc;

    if (!why)
        why = &ignored;
    memset(img, 0, sizeof(*img));
    if (!data) {
        *why = "no image";
        return -EINVAL;
    }
    img->data = data;
    img->size = size;

    rc = elf_check_header(img, flags, why);
    if (rc)
        return rc;

    img->vstart = UINT64_MAX;
    for (i = 0; i < img->ehdr.e_phnum; i++) {
        elf_phdr(img, i, &ph);

        if (ph.p_type == ELF_PT_INTERP)
            return elf_fail(why, "needs a program interpreter (dynamically linked)");
        if (ph.p_type == ELF_PT_NOTE) {
            if (!elf_in_file(ph.p_offset, ph.p_filesz, size))
                return elf_fail_ph(img, why,
                                   "program header %u: notes past end of file", i, 0);
            continue;
        }
        if (ph.p_type != ELF_PT_LOAD)
            continue;

        if (ph.p_filesz > ph.p_memsz)
            return elf_fail_ph(img, why,
                               "program header %u: file size exceeds memory size", i, 0);
        if (!elf_in_file(ph.p_offset, ph.p_filesz, size))
            return elf_fail_ph(img, why,
                               "program header %u: data past end of file", i, 0);
        if (ph.p_memsz == 0)
            continue;           /* occupies nothing: ignored from here on */
        if (ph.p_memsz > UINT64_MAX - ph.p_vaddr)
            return elf_fail_ph(img, why,
                               "program header %u: address range wraps", i, 0);
        if (img->nr_load == ELF_MAX_LOAD)
            return elf_fail(why, "too many loadable segments");

        for (j = 0; j < img->nr_load; j++)
            if (ph.p_vaddr < load[j].end && load[j].start < ph.p_vaddr + ph.p_memsz)
                return elf_fail_ph(img, why, "segments %u and %u overlap",
                                   load[j].index, i);
        load[img->nr_load].start = ph.p_vaddr;
        load[img->nr_load].end = ph.p_vaddr + ph.p_memsz;
        load[img->nr_load].index = i;
        img->nr_load++;

        img->vstart = MIN(img->vstart, ph.p_vaddr);
        img->vend = MAX(img->vend, ph.p_vaddr + ph.p_memsz);

        /* Executing zero-fill (bss) makes no sense: the entry must be in the file. */
        if ((ph.p_flags & ELF_PF_X) && img->ehdr.e_entry >= ph.p_vaddr &&
            img->ehdr.e_entry - ph.p_vaddr < ph.p_filesz)
            entry_ok = true;
    }

    if (img->nr_load == 0)
        return elf_fail(why, "no loadable segment");
    if (!entry_ok)
        return elf_fail(why, "entry point outside the executable segments");
    return 0;
}

uint64_t elf_entry(const struct elf_image *img)
{
    return img->ehdr.e_entry;
}

void elf_load_range(const struct elf_image *img, uint64_t *vstart, uint64_t *vend)
{
    *vstart = img->vstart;
    *vend = img->vend;
}

bool elf_load_next(const struct elf_image *img, unsigned int *pos,
                   struct elf_segment *seg)
{
    struct elf64_phdr ph;

    for (; *pos < img->ehdr.e_phnum; (*pos)++) {
        elf_phdr(img, *pos, &ph);
        if (ph.p_type != ELF_PT_LOAD || ph.p_memsz == 0)
            continue;
        seg->index = *pos;
        seg->flags = ph.p_flags;
        seg->vaddr = ph.p_vaddr;
        seg->memsz = ph.p_memsz;
        seg->filesz = ph.p_filesz;
        seg->data = img->data + ph.p_offset;
        (*pos)++;
        return true;
    }
    return false;
}

void elf_note_iter_init(struct elf_note_iter *it, const struct elf_image *img)
{
    it->img = img;
    it->phdr = 0;
    it->off = 0;
    it->end = 0;
    it->align = 4;
}

/* Move to the next PT_NOTE segment with data. Returns false at the end. */
static bool elf_note_next_segment(struct elf_note_iter *it)
{
    struct elf64_phdr ph;

    while (it->phdr < it->img->ehdr.e_phnum) {
        elf_phdr(it->img, it->phdr++, &ph);
        if (ph.p_type != ELF_PT_NOTE || ph.p_filesz == 0)
            continue;
        it->off = ph.p_offset;
        it->end = ph.p_offset + ph.p_filesz;
        /* Most producers pad notes to 4 bytes; 8-aligned segments pad to 8. */
        it->align = ph.p_align == 8 ? 8 : 4;
        return true;
    }
    return false;
}

/* Stop the walk after a malformed note: later calls report the end. */
static int elf_note_fail(struct elf_note_iter *it, const char **why, const char *msg)
{
    it->phdr = it->img->ehdr.e_phnum;
    it->off = it->end;
    return elf_fail(why, msg);
}

int elf_note_next(struct elf_note_iter *it, struct elf_note *note,
                  const char **why)
{
    const char *ignored;
    struct elf64_nhdr nh;
    uint64_t left, desc_off, next;

    if (!why)
        why = &ignored;
    if (it->off >= it->end && !elf_note_next_segment(it))
        return 0;

    left = it->end - it->off;
    if (left < sizeof(nh))
        return elf_note_fail(it, why, "truncated note header");
    memcpy(&nh, it->img->data + it->off, sizeof(nh));

    /*
     * Name and descriptor each start aligned, relative to the note (which
     * starts aligned). Sizes are 32 bits, so these 64-bit sums cannot wrap.
     */
    desc_off = ALIGN_UP(sizeof(nh) + (uint64_t)nh.n_namesz, it->align);
    if (desc_off > left)
        return elf_note_fail(it, why, "note name past end of segment");
    /* The last descriptor's padding may be missing; its bytes may not. */
    if (nh.n_descsz > left - desc_off)
        return elf_note_fail(it, why, "note descriptor past end of segment");
    next = MIN(ALIGN_UP(desc_off + nh.n_descsz, it->align), left);

    note->name = (const char *)it->img->data + it->off + sizeof(nh);
    note->namesz = nh.n_namesz;
    note->type = nh.n_type;
    note->desc = it->img->data + it->off + desc_off;
    note->descsz = nh.n_descsz;
    it->off += next;
    return 1;
}

bool elf_note_is(const struct elf_note *note, const char *name)
{
    size_t len = strlen(name);

    return note->namesz == len + 1 && memcmp(note->name, name, len + 1) == 0;
}

int elf_note_find(const struct elf_image *img, const char *name, uint32_t type,
                  struct elf_note *note, const char **why)
{
    struct elf_note_iter it;
    int rc;

    elf_note_iter_init(&it, img);
    while ((rc = elf_note_next(&it, note, why)) > 0)
        if (note->type == type && elf_note_is(note, name))
            return 0;
    return rc < 0 ? rc : -ENOENT;
}
