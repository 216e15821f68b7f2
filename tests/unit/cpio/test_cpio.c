/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the cpio newc reader (toolstack/lib/cpio.c) and the EFI
 * loader's writer (arch/x86_64/boot/bootcpio.c): archives written here
 * entry by entry are read back (names, data, modes, padding, the trailer);
 * concatenated archives (dom0's initrd with the ESP's \pvisor\guests
 * appended) read as one, a later file of a name replacing an earlier one;
 * what the loader's writer produces reads back as it was written; and
 * every malformed archive (bad magic, truncated header, bad hex, name or
 * data past the end, unterminated name, junk after the padding, a second
 * archive that is broken or misaligned) gives its error and never reads
 * past the buffer (ASan).
 */
#include <stdlib.h>

#include "harness.h"

#include "cpio.h"
#include "../../../arch/x86_64/boot/bootcpio.h"

struct ar {
    char buf[8192];
    size_t len;
};

static void put_pad(struct ar *a)
{
    while (a->len & 3)
        a->buf[a->len++] = '\0';
}

/* Append one entry, with @namesize overriding the real size when nonzero. */
static void put(struct ar *a, const char *name, unsigned int mode,
                const char *data, size_t size, unsigned int namesize)
{
    size_t nl = strlen(name) + 1;

    a->len += (size_t)sprintf(a->buf + a->len,
        "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
        1u, mode, 0u, 0u, 1u, 0u, (unsigned int)size, 0u, 0u, 0u, 0u,
        namesize ? namesize : (unsigned int)nl, 0u);
    memcpy(a->buf + a->len, name, nl);
    a->len += nl;
    put_pad(a);
    memcpy(a->buf + a->len, data, size);
    a->len += size;
    put_pad(a);
}

static void put_trailer(struct ar *a)
{
    put(a, "TRAILER!!!", 0, "", 0, 0);
}

/* A copy of @a's first @len bytes in a buffer of exactly that size (ASan). */
static char *exact(const struct ar *a, size_t len)
{
    char *p = malloc(len ? len : 1);

    memcpy(p, a->buf, len);
    return p;
}

static void test_read(void)
{
    struct ar a = { .len = 0 };
    struct cpio_file f;
    const char *err = NULL;
    size_t off = 0;
    char *p;

    put(&a, "guests", 0040755, "", 0, 0);
    put(&a, "guests/a.cfg", 0100644, "name='a'\n", 9, 0);
    put(&a, "./guests/b.elf", 0100755, "\x7f" "ELF", 4, 0);
    put_trailer(&a);
    p = exact(&a, a.len);

    EXPECT_EQ("dir", cpio_next(p, a.len, &off, &f, &err), 1);
    CU_ASSERT_STRING_EQUAL(f.name, "guests");
    EXPECT_EQ("dir mode", f.mode & CPIO_TYPE_MASK, CPIO_TYPE_DIR);
    EXPECT_EQ("file", cpio_next(p, a.len, &off, &f, &err), 1);
    EXPECT_EQ("file size", f.size, 9);
    CU_ASSERT(memcmp(f.data, "name='a'\n", 9) == 0);
    EXPECT_EQ("file 2", cpio_next(p, a.len, &off, &f, &err), 1);
    EXPECT_EQ("trailer", cpio_next(p, a.len, &off, &f, &err), 0);

    EXPECT_EQ("find", cpio_find(p, a.len, "/guests/b.elf", &f, &err), 1);
    EXPECT_EQ("found size", f.size, 4);
    CU_ASSERT(memcmp(f.data, "\x7f" "ELF", 4) == 0);
    EXPECT_EQ("find ./", cpio_find(p, a.len, "guests/a.cfg", &f, &err), 1);
    EXPECT_EQ("a dir is not a file", cpio_find(p, a.len, "guests", &f, &err), 0);
    EXPECT_EQ("missing", cpio_find(p, a.len, "guests/c", &f, &err), 0);
    free(p);

    /* Zero padding after the trailer-less end, as some tools write. */
    a.len = 0;
    put(&a, "x", 0100644, "12345", 5, 0);
    memset(a.buf + a.len, 0, 500);
    p = exact(&a, a.len + 500);
    EXPECT_EQ("padded find", cpio_find(p, a.len + 500, "x", &f, &err), 1);
    EXPECT_EQ("padded miss", cpio_find(p, a.len + 500, "y", &f, &err), 0);
    free(p);
}

/* Zeros up to a multiple of @align, as tools pad an archive's end. */
static void put_zeros(struct ar *a, size_t align)
{
    while (a->len % align)
        a->buf[a->len++] = '\0';
}

/*
 * The built-in initrd (guests/, a.cfg, b.cfg, padded to 512 as cpio(1)
 * does) followed by the loader's archive of \pvisor\guests (guests/, a
 * new a.cfg, c.cfg), written with bootcpio_put() as the loader does.
 */
static size_t put_loader_entry(struct ar *a, uint32_t ino, uint32_t mode,
                               const char *name, const char *data)
{
    uint8_t *e = (uint8_t *)a->buf + a->len;

    /* The loader reads the file into place first, then writes the header. */
    memcpy(e + bootcpio_data_offset(strlen(name)), data, strlen(data));
    a->len += bootcpio_put(e, ino, mode, name, strlen(name), (uint32_t)strlen(data));
    return a->len;
}

static void make_concat(struct ar *a, size_t pad)
{
    a->len = 0;
    put(a, "guests", 0040755, "", 0, 0);
    put(a, "guests/a.cfg", 0100644, "old a", 5, 0);
    put(a, "guests/b.cfg", 0100644, "b", 1, 0);
    put_trailer(a);
    put_zeros(a, pad);
    put_loader_entry(a, 1, BOOTCPIO_MODE_DIR, "guests", "");
    put_loader_entry(a, 2, BOOTCPIO_MODE_FILE, "guests/a.cfg", "new a from the ESP");
    put_loader_entry(a, 3, BOOTCPIO_MODE_FILE, "guests/c.cfg", "c");
    a->len += bootcpio_put_trailer((uint8_t *)a->buf + a->len);
}

static void test_concat(void)
{
    static const struct {
        const char *path;
        int rc;                 /* cpio_find's result */
        const char *data;       /* the file found */
    } finds[] = {
        { "guests/a.cfg", 1, "new a from the ESP" },   /* the later one wins */
        { "/guests/b.cfg", 1, "b" },                    /* first archive only */
        { "./guests/c.cfg", 1, "c" },                   /* second archive only */
        { "guests", 0, NULL },                          /* a directory */
        { "TRAILER!!!", 0, NULL },                      /* never an entry */
        { "guests/d.cfg", 0, NULL },
    };
    /* What cpio_next returns, in order, and whether a later entry replaces it. */
    static const struct {
        const char *name;
        int replaced;
    } walk[] = {
        { "guests", 1 }, { "guests/a.cfg", 1 }, { "guests/b.cfg", 0 },
        { "guests", 0 }, { "guests/a.cfg", 0 }, { "guests/c.cfg", 0 },
    };
    static const size_t pads[] = { 4, 512 };    /* no padding, then 512 */
    struct ar a;
    struct cpio_file f;
    const char *err = NULL;

    for (size_t p = 0; p < ARRAY_SIZE(pads); p++) {
        size_t off = 0;
        char *buf;

        make_concat(&a, pads[p]);
        buf = exact(&a, a.len);
        for (size_t i = 0; i < ARRAY_SIZE(walk); i++) {
            EXPECT_EQ(walk[i].name, cpio_next(buf, a.len, &off, &f, &err), 1);
            CU_ASSERT_STRING_EQUAL(f.name, walk[i].name);
            EXPECT_EQ(walk[i].name, cpio_replaced(buf, a.len, off, &f, &err),
                      walk[i].replaced);
        }
        EXPECT_EQ("end", cpio_next(buf, a.len, &off, &f, &err), 0);
        EXPECT_EQ("end offset", off, a.len);
        EXPECT_EQ("end again", cpio_next(buf, a.len, &off, &f, &err), 0);
        for (size_t i = 0; i < ARRAY_SIZE(finds); i++) {
            int rc = cpio_find(buf, a.len, finds[i].path, &f, &err);

            EXPECT_EQ(finds[i].path, rc, finds[i].rc);
            if (rc == 1 && finds[i].data) {
                EXPECT_EQ(finds[i].path, f.size, strlen(finds[i].data));
                CU_ASSERT(memcmp(f.data, finds[i].data, f.size) == 0);
            }
        }
        free(buf);
    }

    /* Zeros after the second archive's trailer end it as well. */
    make_concat(&a, 4);
    memset(a.buf + a.len, 0, 100);
    {
        char *buf = exact(&a, a.len + 100);

        EXPECT_EQ("padded end", cpio_find(buf, a.len + 100, "guests/c.cfg", &f, &err), 1);
        free(buf);
    }
}

/* The loader's writer: sizes, padding and what the reader makes of it. */
static void test_writer(void)
{
    static const char *const names[] = { "a", "ab", "abc", "abcd", "abcde",
                                         "guests/ticker.cfg", "guests/x.elf" };
    uint8_t buf[512];
    struct cpio_file f;
    const char *err = NULL;

    for (size_t n = 0; n < ARRAY_SIZE(names); n++) {
        for (uint32_t size = 0; size < 9; size++) {
            size_t namelen = strlen(names[n]), len, off = 0, data;

            memset(buf, 0xAA, sizeof(buf));
            data = bootcpio_data_offset(namelen);
            memset(buf + data, 'd', size);
            len = bootcpio_put(buf, 7, BOOTCPIO_MODE_FILE, names[n], namelen, size);
            EXPECT_EQ(names[n], len, bootcpio_entry_size(namelen, size));
            EXPECT_EQ("multiple of 4", len % 4, 0);
            for (size_t i = BOOTCPIO_HDR_LEN + namelen; i < data; i++)
                EXPECT_EQ("name padding", buf[i], 0);
            for (size_t i = data + size; i < len; i++)
                EXPECT_EQ("data padding", buf[i], 0);
            EXPECT_EQ("past the entry untouched", buf[len], 0xAA);
            len += bootcpio_put_trailer(buf + len);
            EXPECT_EQ(names[n], cpio_next(buf, len, &off, &f, &err), 1);
            CU_ASSERT_STRING_EQUAL(f.name, names[n]);
            EXPECT_EQ("size", f.size, size);
            EXPECT_EQ("mode", f.mode, BOOTCPIO_MODE_FILE);
            EXPECT_EQ("data", f.data == buf + data, 1);
            EXPECT_EQ("trailer", cpio_next(buf, len, &off, &f, &err), 0);
            EXPECT_EQ("all read", off, len);
        }
    }
    EXPECT_EQ("trailer size", bootcpio_put_trailer(buf), BOOTCPIO_TRAILER_SIZE);
}

/* Expect -1 and @want from the first or second entry of @a cut to @len. */
static void bad(const char *label, const struct ar *a, size_t len,
                const char *want)
{
    struct cpio_file f;
    const char *err = NULL;
    char *p = exact(a, len);
    int rc = cpio_find(p, len, "nothing-by-this-name", &f, &err);

    if (rc != -1 || err == NULL || strcmp(err, want) != 0) {
        fprintf(stderr, "  %s: rc %d err '%s', expected -1 '%s'\n", label, rc,
                err ? err : "(none)", want);
        CU_FAIL("wrong result");
    }
    free(p);
}

static void test_malformed(void)
{
    struct ar a = { .len = 0 }, b;

    put(&a, "file", 0100644, "abcdefgh", 8, 0);
    put_trailer(&a);

    bad("empty", &a, 0, "empty archive");
    bad("short header", &a, 50, "truncated header");
    b = a;
    b.buf[3] = '9';
    bad("magic", &b, b.len, "bad magic (not a cpio newc archive)");
    b = a;
    b.buf[6 + 8 * 6 + 2] = 'x';                 /* filesize */
    bad("hex", &b, b.len, "bad hex digit in a header field");
    bad("name cut", &a, 112, "name runs past the end");
    bad("data cut", &a, 120, "file data runs past the end");

    b.len = 0;
    put(&b, "file", 0100644, "ab", 2, 3);       /* NUL not at namesize */
    bad("unterminated name", &b, b.len, "name not terminated where its size says");
    b.len = 0;
    put(&b, "file", 0100644, "ab", 2, 0xFFFFFFFFu);
    bad("huge namesize", &b, b.len, "name runs past the end");
    b.len = 0;
    put(&b, "file", 0100644, "ab", 2, 0);
    memcpy(b.buf + 6 + 8 * 6, "FFFFFFFF", 8);   /* filesize 4 GiB */
    bad("huge filesize", &b, b.len, "file data runs past the end");

    b.len = 0;
    put(&b, "file", 0100644, "ab", 2, 0);
    memset(b.buf + b.len, 0, 8);
    b.buf[b.len + 6] = 'j';
    bad("junk after padding", &b, b.len + 8, "bytes after zero padding");

    /* A second archive after the first's trailer is checked as the first. */
    make_concat(&b, 4);
    bad("second archive cut in its header", &b, 440, "truncated header");
    b.len = 0;
    put(&b, "file", 0100644, "ab", 2, 0);
    put_trailer(&b);
    memset(b.buf + b.len, 0, 8);
    memset(b.buf + b.len + 8, 'J', 200);        /* aligned, but no magic */
    bad("junk after the trailer", &b, b.len + 208, "bad magic (not a cpio newc archive)");
    b.buf[b.len + 8] = '\0';                    /* "\0JJJ": misaligned junk */
    bad("misaligned after the trailer", &b, b.len + 208, "bytes after zero padding");
    b.len += 8;
    put_trailer(&b);                            /* an archive of a trailer alone */
    b.buf[b.len - 4] = '1';                     /* its NUL: the name runs on */
    bad("name of a later trailer", &b, b.len, "name not terminated where its size says");
}

static const CU_TestInfo tests[] = {
    { "entries, find, padding", test_read },
    { "concatenated archives, the later file wins", test_concat },
    { "the EFI loader's writer", test_writer },
    { "malformed archives", test_malformed },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("cpio", tests);
}
