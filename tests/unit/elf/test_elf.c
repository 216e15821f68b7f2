/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the ELF64 reader (hypervisor/core/elf.c).
 *
 * Each case starts from one valid image built in memory, applies up to two
 * field patches (and optionally cuts the file short), and states what
 * elf_init() must answer: the error and the exact message. Note walks have
 * their own table of raw note segments.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

#include <hv/elf.h>
#include <hv/errno.h>

/*
 * The valid image: a text segment (R X), a data segment with bss (R W), a
 * note segment and a GNU_STACK header that must be ignored.
 *
 *   file offset  contents
 *   0x0000       ELF header, then 4 program headers at 0x40
 *   0x0400       notes (0x40 bytes reserved)
 *   0x1000       text: 0x100 bytes at VBASE
 *   0x2000       data: 0x80 bytes at VBASE + 0x1000, memsz 0x3000
 *   0x2080       end of file
 */
#define VBASE           0xFFFF828000000000ULL
#define IMG_SIZE        0x2080
#define IMG_BUF         0x3000
#define NOTE_OFF        0x400
#define NOTE_MAX        0x40
#define PT_GNU_STACK    0x6474e551

static uint8_t img_buf[IMG_BUF] __attribute__((aligned(8)));

static void put_phdr(unsigned int i, uint32_t type, uint32_t flags, uint64_t off,
                     uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align)
{
    struct elf64_phdr ph = {
        .p_type = type, .p_flags = flags, .p_offset = off, .p_vaddr = vaddr,
        .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz, .p_align = align,
    };

    memcpy(img_buf + sizeof(struct elf64_ehdr) + i * sizeof(ph), &ph, sizeof(ph));
}

/* Notes of the valid image: "Xen" type 18 (PHYS32_ENTRY) = 0x100000. */
static const uint32_t valid_notes[] = { 4, 4, 18, 0x006e6558, 0x100000 };

static void build_valid(void)
{
    struct elf64_ehdr eh = {
        .e_ident = { 0x7f, 'E', 'L', 'F', ELF_CLASS_64, ELF_DATA_LSB,
                     ELF_VERSION_CURRENT },
        .e_type = ELF_TYPE_EXEC,
        .e_machine = ELF_MACHINE_X86_64,
        .e_version = ELF_VERSION_CURRENT,
        .e_entry = VBASE + 0x10,
        .e_phoff = sizeof(struct elf64_ehdr),
        .e_ehsize = sizeof(struct elf64_ehdr),
        .e_phentsize = sizeof(struct elf64_phdr),
        .e_phnum = 4,
    };

    memset(img_buf, 0xcc, sizeof(img_buf));
    memcpy(img_buf, &eh, sizeof(eh));
    put_phdr(0, ELF_PT_LOAD, ELF_PF_R | ELF_PF_X, 0x1000, VBASE, 0x100, 0x100, 0x1000);
    put_phdr(1, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, 0x2000, VBASE + 0x1000, 0x80,
             0x3000, 0x1000);
    put_phdr(2, ELF_PT_NOTE, ELF_PF_R, NOTE_OFF, 0, sizeof(valid_notes), 0, 4);
    put_phdr(3, PT_GNU_STACK, ELF_PF_R | ELF_PF_W, 0, 0, 0, 0, 16);
    memcpy(img_buf + NOTE_OFF, valid_notes, sizeof(valid_notes));
}

/* Offsets of fields, for patches. */
#define EH(f)           offsetof(struct elf64_ehdr, f)
#define PH(i, f)        (sizeof(struct elf64_ehdr) + (i) * sizeof(struct elf64_phdr) + \
                         offsetof(struct elf64_phdr, f))
#define FLD(s, f)       sizeof(((struct s *)0)->f)
#define P_EH(f, v)      { EH(f), FLD(elf64_ehdr, f), (v) }
#define P_ID(i, v)      { EH(e_ident) + (i), 1, (v) }
#define P_PH(i, f, v)   { PH(i, f), FLD(elf64_phdr, f), (v) }

struct patch {
    size_t off;
    size_t width;               /* 0: no patch */
    uint64_t value;
};

static void apply(const struct patch *p)
{
    if (p->width)
        memcpy(img_buf + p->off, &p->value, p->width);   /* little endian host */
}

struct init_case {
    const char *name;
    struct patch patch[2];
    size_t size;                /* 0: IMG_SIZE */
    unsigned int flags;
    int rc;                     /* expected result */
    const char *why;            /* expected message, NULL if rc == 0 */
};

static const struct init_case init_cases[] = {
    { "valid image", {}, 0, 0, 0, NULL },
    { "ET_DYN with ELF_ALLOW_DYN", { P_EH(e_type, ELF_TYPE_DYN) }, 0, ELF_ALLOW_DYN,
      0, NULL },
    { "ET_DYN without flag", { P_EH(e_type, ELF_TYPE_DYN) }, 0, 0,
      -ENOEXEC, "position-independent (ET_DYN) image not accepted" },
    { "empty file", {}, 1, 0, -ENOEXEC, "truncated ELF header" },
    { "truncated header", {}, 63, 0, -ENOEXEC, "truncated ELF header" },
    { "bad magic", { P_ID(1, 'e') }, 0, 0, -ENOEXEC, "not an ELF file (bad magic)" },
    { "32-bit class", { P_ID(ELF_ID_CLASS, 1) }, 0, 0,
      -ENOEXEC, "not a 64-bit ELF file" },
    { "big endian", { P_ID(ELF_ID_DATA, 2) }, 0, 0,
      -ENOEXEC, "not a little-endian ELF file" },
    { "e_ident version 0", { P_ID(ELF_ID_VERSION, 0) }, 0, 0,
      -ENOEXEC, "unknown ELF version" },
    { "e_version 2", { P_EH(e_version, 2) }, 0, 0, -ENOEXEC, "unknown ELF version" },
    { "i386 machine", { P_EH(e_machine, 3) }, 0, 0,
      -ENOEXEC, "not an x86-64 ELF file" },
    { "relocatable object", { P_EH(e_type, 1) }, 0, ELF_ALLOW_DYN,
      -ENOEXEC, "not an executable ELF file" },
    { "core file", { P_EH(e_type, 4) }, 0, 0, -ENOEXEC, "not an executable ELF file" },
    { "e_ehsize too small", { P_EH(e_ehsize, 52) }, 0, 0,
      -ENOEXEC, "bad ELF header size" },
    { "e_phentsize 32", { P_EH(e_phentsize, 32) }, 0, 0,
      -ENOEXEC, "bad program header entry size" },
    { "no program headers", { P_EH(e_phnum, 0) }, 0, 0,
      -ENOEXEC, "no program headers" },
    { "phoff past end", { P_EH(e_phoff, 0x10000) }, 0, 0,
      -ENOEXEC, "program header table outside the file" },
    { "phoff at end", { P_EH(e_phoff, IMG_SIZE) }, 0, 0,
      -ENOEXEC, "program header table outside the file" },
    { "phoff + table wraps", { P_EH(e_phoff, UINT64_MAX - 8) }, 0, 0,
      -ENOEXEC, "program header table outside the file" },
    { "table runs past end", { P_EH(e_phoff, IMG_SIZE - 100) }, 0, 0,
      -ENOEXEC, "truncated program header table" },
    { "phnum 65535", { P_EH(e_phnum, 0xffff) }, 0, 0,
      -ENOEXEC, "truncated program header table" },
    { "file cut inside the table", {}, 200, 0,
      -ENOEXEC, "truncated program header table" },
    { "filesz > memsz", { P_PH(1, p_filesz, 0x3001) }, 0, 0,
      -ENOEXEC, "program header 1: file size exceeds memory size" },
    { "segment offset past end", { P_PH(0, p_offset, 0x100000) }, 0, 0,
      -ENOEXEC, "program header 0: data past end of file" },
    { "segment offset + filesz wraps", { P_PH(0, p_offset, UINT64_MAX - 0x10) }, 0, 0,
      -ENOEXEC, "program header 0: data past end of file" },
    { "segment data runs past end", { P_PH(1, p_filesz, 0x81) }, 0, 0,
      -ENOEXEC, "program header 1: data past end of file" },
    { "file cut inside data", {}, IMG_SIZE - 1, 0,
      -ENOEXEC, "program header 1: data past end of file" },
    { "segments overlap", { P_PH(1, p_vaddr, VBASE + 0xff) }, 0, 0,
      -ENOEXEC, "segments 0 and 1 overlap" },
    { "segment inside another", { P_PH(0, p_vaddr, VBASE + 0x2000),
                                  P_EH(e_entry, VBASE + 0x2010) }, 0, 0,
      -ENOEXEC, "segments 0 and 1 overlap" },
    { "segments touch", { P_PH(1, p_vaddr, VBASE + 0x100) }, 0, 0, 0, NULL },
    { "vaddr + memsz wraps", { P_PH(1, p_vaddr, UINT64_MAX - 0x100) }, 0, 0,
      -ENOEXEC, "program header 1: address range wraps" },
    { "segment ends at 2^64", { P_PH(1, p_vaddr, 0 - 0x3000ULL) }, 0, 0,
      -ENOEXEC, "program header 1: address range wraps" },
    { "entry in data segment", { P_EH(e_entry, VBASE + 0x1000) }, 0, 0,
      -ENOEXEC, "entry point outside the executable segments" },
    { "entry below text", { P_EH(e_entry, VBASE - 1) }, 0, 0,
      -ENOEXEC, "entry point outside the executable segments" },
    { "entry just past text", { P_EH(e_entry, VBASE + 0x100) }, 0, 0,
      -ENOEXEC, "entry point outside the executable segments" },
    { "entry in zero-fill of text", { P_PH(0, p_memsz, 0x800),
                                      P_EH(e_entry, VBASE + 0x200) }, 0, 0,
      -ENOEXEC, "entry point outside the executable segments" },
    { "entry in non-executable text", { P_PH(0, p_flags, ELF_PF_R) }, 0, 0,
      -ENOEXEC, "entry point outside the executable segments" },
    { "no PT_LOAD", { P_PH(0, p_type, 6), P_PH(1, p_type, 6) }, 0, 0,
      -ENOEXEC, "no loadable segment" },
    { "only empty PT_LOAD", { P_PH(0, p_memsz, 0), P_PH(0, p_filesz, 0) }, 0, 0,
      -ENOEXEC, "entry point outside the executable segments" },
    { "empty data PT_LOAD ignored", { P_PH(1, p_memsz, 0), P_PH(1, p_filesz, 0) }, 0, 0,
      0, NULL },
    { "empty PT_LOAD at top of memory", { P_PH(3, p_type, ELF_PT_LOAD),
                                          P_PH(3, p_vaddr, UINT64_MAX) }, 0, 0, 0, NULL },
    { "PT_INTERP", { P_PH(3, p_type, ELF_PT_INTERP) }, 0, 0,
      -ENOEXEC, "needs a program interpreter (dynamically linked)" },
    { "note segment past end", { P_PH(2, p_filesz, 0x10000) }, 0, 0,
      -ENOEXEC, "program header 2: notes past end of file" },
    { "note offset wraps", { P_PH(2, p_offset, UINT64_MAX) }, 0, 0,
      -ENOEXEC, "program header 2: notes past end of file" },
};

static void test_init_table(void)
{
    struct elf_image img;
    const char *why;
    size_t i;
    int rc;

    for (i = 0; i < ARRAY_SIZE(init_cases); i++) {
        const struct init_case *c = &init_cases[i];

        build_valid();
        apply(&c->patch[0]);
        apply(&c->patch[1]);
        why = NULL;
        rc = elf_init(&img, img_buf, c->size ? c->size : IMG_SIZE, c->flags, &why);
        EXPECT_EQ(c->name, rc, c->rc);
        if (c->why && (!why || strcmp(why, c->why) != 0)) {
            fprintf(stderr, "  %s: message '%s', expected '%s'\n", c->name,
                    why ? why : "(none)", c->why);
            CU_FAIL("wrong message");
        }
    }
}

static void test_null_data(void)
{
    struct elf_image img;
    const char *why = NULL;

    EXPECT_EQ("NULL data", elf_init(&img, NULL, 100, 0, &why), -EINVAL);
    CU_ASSERT_PTR_NOT_NULL(why);
    /* A NULL @why is allowed. */
    build_valid();
    EXPECT_EQ("NULL why", elf_init(&img, img_buf, 10, 0, NULL), -ENOEXEC);
}

/* The image need not be aligned: headers are copied out. */
static void test_unaligned(void)
{
    static uint8_t shifted[IMG_BUF + 1];
    struct elf_image img;

    build_valid();
    memcpy(shifted + 1, img_buf, IMG_SIZE);
    EXPECT_EQ("unaligned", elf_init(&img, shifted + 1, IMG_SIZE, 0, NULL), 0);
    EXPECT_EQ("unaligned entry", elf_entry(&img), VBASE + 0x10);
}

static void test_segments(void)
{
    /* Expected walk over the valid image: index, flags, vaddr, filesz, memsz, offset. */
    static const struct {
        unsigned int index;
        uint32_t flags;
        uint64_t vaddr, filesz, memsz, offset;
    } want[] = {
        { 0, ELF_PF_R | ELF_PF_X, VBASE, 0x100, 0x100, 0x1000 },
        { 1, ELF_PF_R | ELF_PF_W, VBASE + 0x1000, 0x80, 0x3000, 0x2000 },
    };
    struct elf_image img;
    struct elf_segment seg;
    uint64_t vstart, vend;
    unsigned int pos = 0, n = 0;

    build_valid();
    CU_ASSERT_FATAL(elf_init(&img, img_buf, IMG_SIZE, 0, NULL) == 0);
    elf_load_range(&img, &vstart, &vend);
    EXPECT_EQ("vstart", vstart, VBASE);
    EXPECT_EQ("vend", vend, VBASE + 0x4000);
    EXPECT_EQ("entry", elf_entry(&img), VBASE + 0x10);

    while (elf_load_next(&img, &pos, &seg)) {
        CU_ASSERT_FATAL(n < ARRAY_SIZE(want));
        EXPECT_EQ("segment index", seg.index, want[n].index);
        EXPECT_EQ("segment flags", seg.flags, want[n].flags);
        EXPECT_EQ("segment vaddr", seg.vaddr, want[n].vaddr);
        EXPECT_EQ("segment filesz", seg.filesz, want[n].filesz);
        EXPECT_EQ("segment memsz", seg.memsz, want[n].memsz);
        CU_ASSERT_PTR_EQUAL(seg.data, img_buf + want[n].offset);
        n++;
    }
    EXPECT_EQ("segment count", n, ARRAY_SIZE(want));
    /* The walk stays finished. */
    CU_ASSERT_FALSE(elf_load_next(&img, &pos, &seg));
}

/* An empty PT_LOAD is neither walked nor part of the range. */
static void test_empty_segment_skipped(void)
{
    struct elf_image img;
    struct elf_segment seg;
    uint64_t vstart, vend;
    unsigned int pos = 0, n = 0;

    build_valid();
    put_phdr(3, ELF_PT_LOAD, ELF_PF_R, 0, 0x1000, 0, 0, 0);
    CU_ASSERT_FATAL(elf_init(&img, img_buf, IMG_SIZE, 0, NULL) == 0);
    elf_load_range(&img, &vstart, &vend);
    EXPECT_EQ("vstart", vstart, VBASE);
    while (elf_load_next(&img, &pos, &seg))
        n++;
    EXPECT_EQ("segment count", n, 2);
}

/* ELF_MAX_LOAD segments are accepted, one more is refused. */
static void test_max_load(void)
{
    static const struct { unsigned int nr; int rc; } cases[] = {
        { ELF_MAX_LOAD, 0 },
        { ELF_MAX_LOAD + 1, -ENOEXEC },
    };
    struct elf_image img;
    struct elf64_ehdr eh;
    const char *why;
    size_t c;
    unsigned int i;

    for (c = 0; c < ARRAY_SIZE(cases); c++) {
        build_valid();
        memcpy(&eh, img_buf, sizeof(eh));
        eh.e_phnum = cases[c].nr;
        memcpy(img_buf, &eh, sizeof(eh));
        /* 64 + 33 * 56 < 0x1000: the table fits before the text. */
        for (i = 0; i < cases[c].nr; i++)
            put_phdr(i, ELF_PT_LOAD, ELF_PF_R | ELF_PF_X, 0x1000,
                     VBASE + i * 0x1000, 0x100, 0x100, 0x1000);
        why = NULL;
        EXPECT_EQ("max load", elf_init(&img, img_buf, IMG_SIZE, 0, &why), cases[c].rc);
        if (cases[c].rc)
            CU_ASSERT_STRING_EQUAL(why, "too many loadable segments");
    }
}

/*
 * Note walks. Each case is the raw contents of the one note segment (32-bit
 * words, little endian) and its p_align, the note looked up, and the result.
 */
#define N_XEN   0x006e6558      /* "Xen\0" */
#define N_GNU   0x00554e47      /* "GNU\0" */

struct note_case {
    const char *name;
    uint32_t words[12];
    unsigned int nr_words;
    uint64_t align;
    const char *owner;          /* elf_note_find() arguments */
    uint32_t type;
    int rc;                     /* expected result */
    const char *why;            /* expected message when rc == -ENOEXEC */
    uint32_t desc0;             /* expected first descriptor word when rc == 0 */
};

static const struct note_case note_cases[] = {
    { "single Xen note", { 4, 4, 18, N_XEN, 0x100000 }, 5, 4,
      "Xen", 18, 0, NULL, 0x100000 },
    { "second of two", { 4, 4, 1, N_GNU, 7, 4, 4, 18, N_XEN, 0x200000 }, 10, 4,
      "Xen", 18, 0, NULL, 0x200000 },
    { "same type, other owner", { 4, 4, 18, N_GNU, 7, 4, 4, 18, N_XEN, 9 }, 10, 4,
      "Xen", 18, 0, NULL, 9 },
    { "type absent", { 4, 4, 18, N_XEN, 0x100000 }, 5, 4,
      "Xen", 5, -ENOENT, NULL, 0 },
    { "owner is a prefix", { 3, 4, 18, 0x00006558, 0x100000 }, 5, 4,
      "Xen", 18, -ENOENT, NULL, 0 },
    { "owner without NUL", { 4, 4, 18, 0x436e6558, 0x100000 }, 5, 4,
      "Xen", 18, -ENOENT, NULL, 0 },
    { "long name padded", { 6, 4, 2, 0x756e694c, 0x00000078, 1 }, 6, 4,
      "Linux", 2, 0, NULL, 1 },
    { "empty descriptor", { 4, 0, 3, N_XEN }, 4, 4, "Xen", 3, 0, NULL, 0 },
    { "last descriptor unpadded", { 4, 3, 9, N_XEN, 0x00636261 }, 5, 4,
      "Xen", 9, 0, NULL, 0x636261 },
    { "8-byte aligned notes", { 4, 4, 5, N_GNU, 0xaa, 0, 4, 4, 6, N_XEN, 0xbb, 0 },
      12, 8, "Xen", 6, 0, NULL, 0xbb },
    { "empty segment", {}, 0, 4, "Xen", 18, -ENOENT, NULL, 0 },
    { "truncated header", { 4, 4 }, 2, 4, "Xen", 18,
      -ENOEXEC, "truncated note header", 0 },
    { "namesz past end", { 0x1000, 4, 18, N_XEN, 0x100000 }, 5, 4, "Xen", 18,
      -ENOEXEC, "note name past end of segment", 0 },
    { "namesz 2^32-1", { 0xffffffff, 4, 18, N_XEN, 0x100000 }, 5, 4, "Xen", 18,
      -ENOEXEC, "note name past end of segment", 0 },
    { "descsz past end", { 4, 8, 18, N_XEN, 0x100000 }, 5, 4, "Xen", 18,
      -ENOEXEC, "note descriptor past end of segment", 0 },
    { "descsz 2^32-1", { 4, 0xffffffff, 18, N_XEN, 0x100000 }, 5, 4, "Xen", 18,
      -ENOEXEC, "note descriptor past end of segment", 0 },
    { "bad note after a match", { 4, 4, 18, N_XEN, 1, 4, 99 }, 7, 4, "Xen", 18,
      0, NULL, 1 },
    { "bad note before a match", { 4, 4, 1, N_GNU, 1, 4, 99, 0, N_XEN }, 9, 4, "Xen", 18,
      -ENOEXEC, "note descriptor past end of segment", 0 },
};

static void test_note_table(void)
{
    struct elf_image img;
    struct elf_note note;
    const char *why;
    size_t i;
    uint32_t desc0;
    int rc;

    for (i = 0; i < ARRAY_SIZE(note_cases); i++) {
        const struct note_case *c = &note_cases[i];
        size_t len = c->nr_words * sizeof(uint32_t);

        build_valid();
        CU_ASSERT_FATAL(len <= NOTE_MAX);
        memcpy(img_buf + NOTE_OFF, c->words, len);
        put_phdr(2, ELF_PT_NOTE, ELF_PF_R, NOTE_OFF, 0, len, 0, c->align);
        rc = elf_init(&img, img_buf, IMG_SIZE, 0, NULL);
        EXPECT_EQ(c->name, rc, 0);
        if (rc)
            continue;
        why = NULL;
        rc = elf_note_find(&img, c->owner, c->type, &note, &why);
        EXPECT_EQ(c->name, rc, c->rc);
        if (c->why && (!why || strcmp(why, c->why) != 0)) {
            fprintf(stderr, "  %s: message '%s', expected '%s'\n", c->name,
                    why ? why : "(none)", c->why);
            CU_FAIL("wrong message");
        }
        if (rc == 0 && note.descsz >= 4) {
            memcpy(&desc0, note.desc, sizeof(desc0));
            EXPECT_EQ(c->name, desc0, c->desc0);
        } else if (rc == 0 && note.descsz) {
            desc0 = 0;
            memcpy(&desc0, note.desc, note.descsz);
            EXPECT_EQ(c->name, desc0, c->desc0);
        }
    }
}

/* Walking all notes of two segments; a malformed note ends the walk. */
static void test_note_walk(void)
{
    static const uint32_t seg_a[] = { 4, 4, 1, N_XEN, 11, 4, 4, 2, N_XEN, 22 };
    static const uint32_t seg_b[] = { 4, 4, 3, N_GNU, 33, 4, 64, 4, N_XEN };
    static const uint32_t want_types[] = { 1, 2, 3 };
    struct elf_image img;
    struct elf_note_iter it;
    struct elf_note note;
    const char *why = NULL;
    unsigned int n = 0;
    int rc;

    build_valid();
    memcpy(img_buf + NOTE_OFF, seg_a, sizeof(seg_a));
    memcpy(img_buf + NOTE_OFF + 0x100, seg_b, sizeof(seg_b));
    put_phdr(2, ELF_PT_NOTE, ELF_PF_R, NOTE_OFF, 0, sizeof(seg_a), 0, 4);
    put_phdr(3, ELF_PT_NOTE, ELF_PF_R, NOTE_OFF + 0x100, 0, sizeof(seg_b), 0, 4);
    CU_ASSERT_FATAL(elf_init(&img, img_buf, IMG_SIZE, 0, NULL) == 0);

    elf_note_iter_init(&it, &img);
    while ((rc = elf_note_next(&it, &note, &why)) > 0) {
        CU_ASSERT_FATAL(n < ARRAY_SIZE(want_types));
        EXPECT_EQ("walk type", note.type, want_types[n]);
        n++;
    }
    EXPECT_EQ("walk count", n, 3);
    EXPECT_EQ("walk end", rc, -ENOEXEC);
    CU_ASSERT_STRING_EQUAL(why, "note descriptor past end of segment");
    EXPECT_EQ("walk stays ended", elf_note_next(&it, &note, NULL), 0);
}

/*
 * Random corruption of the headers and notes: whatever elf_init() accepts,
 * the walks must stay inside the buffer. The file sits in a heap block of
 * exactly its size so that AddressSanitizer sees any read past its end.
 */
static void test_corruption(void)
{
    uint32_t seed = 12345;
    uint8_t *copy = malloc(IMG_SIZE);
    struct elf_image img;
    struct elf_segment seg;
    struct elf_note_iter it;
    struct elf_note note;
    unsigned int round, k, pos, accepted = 0;
    volatile uint8_t sink = 0;

    CU_ASSERT_FATAL(copy != NULL);
    for (round = 0; round < 20000; round++) {
        build_valid();
        for (k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245 + 12345;
            /* Mostly the headers and notes; sometimes anywhere. */
            size_t off = (seed >> 8) % (round % 8 ? 0x240 + NOTE_MAX : IMG_SIZE);

            if (off >= 0x240 && off < 0x240 + NOTE_MAX)
                off = NOTE_OFF + off - 0x240;
            img_buf[off] = (uint8_t)(seed >> 24);
        }
        memcpy(copy, img_buf, IMG_SIZE);
        if (elf_init(&img, copy, IMG_SIZE, round & 1 ? ELF_ALLOW_DYN : 0, NULL))
            continue;
        accepted++;
        pos = 0;
        while (elf_load_next(&img, &pos, &seg))
            if (seg.filesz)
                sink ^= ((const uint8_t *)seg.data)[seg.filesz - 1];
        elf_note_iter_init(&it, &img);
        while (elf_note_next(&it, &note, NULL) > 0)
            if (note.descsz)
                sink ^= ((const uint8_t *)note.desc)[note.descsz - 1];
    }
    (void)sink;
    free(copy);
    /* Many corruptions hit padding: some images must still pass. */
    CU_ASSERT(accepted > 0);
}

static CU_TestInfo elf_tests[] = {
    { "elf_init table", test_init_table },
    { "NULL data and why", test_null_data },
    { "unaligned buffer", test_unaligned },
    { "segment walk and range", test_segments },
    { "empty segment skipped", test_empty_segment_skipped },
    { "ELF_MAX_LOAD", test_max_load },
    { "note lookup table", test_note_table },
    { "note walk", test_note_walk },
    { "random corruption", test_corruption },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("elf", elf_tests);
}
