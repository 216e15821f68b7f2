/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the cpio newc reader (toolstack/lib/cpio.c): archives
 * written here entry by entry are read back (names, data, modes, padding,
 * the trailer), and every malformed archive (bad magic, truncated header,
 * bad hex, name or data past the end, unterminated name, junk after the
 * padding) gives its error and never reads past the buffer (ASan).
 */
#include <stdlib.h>

#include "harness.h"

#include "cpio.h"

struct ar {
    char buf[4096];
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
}

static const CU_TestInfo tests[] = {
    { "entries, find, padding", test_read },
    { "malformed archives", test_malformed },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("cpio", tests);
}
