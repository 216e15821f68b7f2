/* SPDX-License-Identifier: MIT */
/*
 * Fuzzer of the ELF reader (hypervisor/core/elf.c) that the dom0 builder,
 * the EFI loader and the toolstack trust with untrusted kernels. The input
 * is the file; its last byte's low bit says whether ET_DYN is accepted.
 * Checked of an accepted image: every segment and note handed out lies
 * inside the buffer, segments are non-empty, filesz <= memsz, do not wrap
 * and do not overlap, they lie in the load range, and the entry point lies
 * in an executable one. Of a refused one: -ENOEXEC and a message.
 */
#include <string.h>

#include <hv/elf.h>
#include <hv/errno.h>

#include "fuzz.h"

static int inside(const uint8_t *buf, size_t size, const void *p, uint64_t len)
{
    const uint8_t *q = p;

    return q >= buf && len <= size && (size_t)(q - buf) <= size - len;
}

static void check_segments(const struct elf_image *img, const uint8_t *buf,
                           size_t size)
{
    struct elf_segment seg[ELF_MAX_LOAD + 1];
    unsigned int pos = 0, n = 0, i, j;
    uint64_t vstart, vend, entry = elf_entry(img);
    int entry_ok = 0;

    elf_load_range(img, &vstart, &vend);
    FUZZ_CHECK(vstart < vend);
    while (elf_load_next(img, &pos, &seg[n])) {
        const struct elf_segment *s = &seg[n];

        FUZZ_CHECK(n < ELF_MAX_LOAD);
        FUZZ_CHECK(s->memsz > 0 && s->filesz <= s->memsz);
        FUZZ_CHECK(s->vaddr + s->memsz > s->vaddr);
        FUZZ_CHECK(s->vaddr >= vstart && s->vaddr + s->memsz <= vend);
        FUZZ_CHECK(s->filesz == 0 || inside(buf, size, s->data, s->filesz));
        if ((s->flags & ELF_PF_X) && entry >= s->vaddr &&
            entry - s->vaddr < s->memsz)
            entry_ok = 1;
        n++;
    }
    FUZZ_CHECK(n > 0 && entry_ok);
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            FUZZ_CHECK(seg[i].vaddr + seg[i].memsz <= seg[j].vaddr ||
                       seg[j].vaddr + seg[j].memsz <= seg[i].vaddr);
}

static void check_notes(const struct elf_image *img, const uint8_t *buf,
                        size_t size)
{
    struct elf_note_iter it;
    struct elf_note note;
    const char *why = NULL;
    unsigned int count = 0;
    int rc;

    elf_note_iter_init(&it, img);
    while ((rc = elf_note_next(&it, &note, &why)) == 1) {
        FUZZ_CHECK(note.namesz == 0 || inside(buf, size, note.name, note.namesz));
        FUZZ_CHECK(note.descsz == 0 || inside(buf, size, note.desc, note.descsz));
        (void)elf_note_is(&note, "Xen");
        FUZZ_CHECK(++count <= size / sizeof(struct elf64_nhdr));
    }
    FUZZ_CHECK(rc == 0 || (rc == -ENOEXEC && why && why[0]));
    rc = elf_note_find(img, "Xen", 6, &note, &why);
    FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -ENOEXEC);
    if (rc == 0)
        FUZZ_CHECK(elf_note_is(&note, "Xen") && note.type == 6);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_image img;
    const char *why = NULL;
    unsigned int flags = size && (data[size - 1] & 1) ? ELF_ALLOW_DYN : 0;
    int rc = elf_init(&img, data, size, flags, &why);

    if (rc) {
        FUZZ_CHECK(rc == -ENOEXEC && why && why[0]);
        return 0;
    }
    check_segments(&img, data, size);
    check_notes(&img, data, size);
    return 0;
}
