/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the freestanding library (hypervisor/lib/): vsnprintf
 * against the host's snprintf, truncation and return values, parse_u64,
 * strlcpy and the string functions.
 *
 * The product's functions would clash with the host C library's, so
 * tests/unit/lib/CFLAGS renames them (vsnprintf -> hv_vsnprintf, ...) in
 * the product sources only; here the plain names are the host's, the oracle.
 */
#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#include "harness.h"

#include <hv/errno.h>
#include <hv/lib.h>

/* The product's functions, as renamed by CFLAGS. */
int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *buf, size_t size, const char *fmt, ...);
size_t hv_strlcpy(char *dst, const char *src, size_t size);
void *hv_memcpy(void *dst, const void *src, size_t n);
void *hv_memmove(void *dst, const void *src, size_t n);
void *hv_memset(void *dst, int c, size_t n);
int hv_memcmp(const void *a, const void *b, size_t n);
size_t hv_strlen(const char *s);
size_t hv_strnlen(const char *s, size_t max);
int hv_strcmp(const char *a, const char *b);
int hv_strncmp(const char *a, const char *b, size_t n);
char *hv_strchr(const char *s, int c);

/* ---- vsnprintf against the host ---- */

enum arg_kind {
    A_NONE, A_INT, A_UINT, A_LONG, A_ULONG, A_LL, A_ULL, A_SIZE, A_SSIZE,
    A_PTR, A_STR, A_STAR_INT, A_STAR2_INT, A_STAR2_UINT, A_STAR_STR, A_MIX,
};

struct fmt_case {
    const char *fmt;
    enum arg_kind kind;
    long long i;                /* signed value */
    unsigned long long u;       /* unsigned value, pointer */
    const char *s;
    int w, p;                   /* '*' arguments */
};

#define I(f, v)         { f, A_INT, .i = (v) }
#define U(f, v)         { f, A_UINT, .u = (v) }
#define L(f, v)         { f, A_LONG, .i = (v) }
#define UL(f, v)        { f, A_ULONG, .u = (v) }
#define LL(f, v)        { f, A_LL, .i = (v) }
#define ULL(f, v)       { f, A_ULL, .u = (v) }
#define SZ(f, v)        { f, A_SIZE, .u = (v) }
#define SSZ(f, v)       { f, A_SSIZE, .i = (v) }
#define P(f, v)         { f, A_PTR, .u = (v) }
#define S(f, v)         { f, A_STR, .s = (v) }
#define N(f)            { f, A_NONE, .i = 0 }

static const struct fmt_case fmt_cases[] = {
    /* %d %i and their flags, widths, precisions */
    I("%d", 0), I("%d", 1), I("%d", -1), I("%d", INT_MAX), I("%d", INT_MIN),
    I("%i", -7), I("%5d", 42), I("%-5d|", 42), I("%05d", -42), I("%+d", 5),
    I("%+d", -5), I("% d", 5), I("% d", -5), I("%+ d", 5), I("% +d", 5),
    I("%.3d", 7), I("%.3d", -7), I("%.0d", 0), I("%5.0d", 0), I("%+.0d", 0),
    I("%08.3d", 5), I("%-08d|", 5), I("%.10d", -123), I("%3d", 12345),
    I("%0+6d", 12), I("%0 6d", 12), I("%-+6d|", 12),
    I("%hhd", 200), I("%hhd", -129), I("%hhi", 127), I("%hd", 40000),
    I("%hd", -32769), I("%hd", 32767),
    /* %c */
    I("%c", 'A'), I("%5c", 'x'), I("%-3c|", 'y'), I("[%c]", 0),
    /* unsigned: %u %x %X %o */
    U("%u", 0), U("%u", UINT_MAX), U("%x", 0xdeadbeef), U("%X", 0xdeadbeef),
    U("%o", 8), U("%o", 0), U("%#x", 255), U("%#X", 255), U("%#o", 8),
    U("%#x", 0), U("%#X", 0), U("%#o", 0), U("%#.0o", 0), U("%#.0x", 0),
    U("%#.5o", 8), U("%#.1o", 8), U("%#.2o", 8), U("%#.3o", 8),
    U("%#5o", 8), U("%#10x", 255), U("%#010x", 255), U("%-#10x|", 255),
    U("%#.4x", 255), U("%#08.4x", 255), U("%08x", 0xbeef), U("%.6x", 0xbeef),
    U("%-8X|", 0xbeef), U("%hhx", 0x1ff), U("%hx", 0x12345), U("%hhu", 261),
    U("%hu", 65536 + 7), U("%ho", 0x10008), U("%.0x", 0), U("%.0u", 0),
    U("%5.0u", 0), U("%+u", 5), U("% u", 5), U("%+x", 5), U("% X", 5),
    U("%+o", 5), U("%+05u", 5),
    /* long, long long, size_t */
    L("%ld", LONG_MIN), L("%ld", LONG_MAX), L("%li", -1), L("%+ld", 0),
    UL("%lu", ULONG_MAX), UL("%lx", 0xfedcba9876543210ul), UL("%#lo", 01234567),
    LL("%lld", LLONG_MIN), LL("%lld", LLONG_MAX), LL("%020lld", -1),
    ULL("%llu", ULLONG_MAX), ULL("%llo", ULLONG_MAX), ULL("%#llx", ULLONG_MAX),
    ULL("%#llX", 0x8000000000000000ull), ULL("%-25llu|", 12345678901234ull),
    SZ("%zu", SIZE_MAX), SZ("%zx", 0x1000), SZ("%#zx", 0x1000), SSZ("%zd", -5),
    L("%jd", -9), L("%td", -100), UL("%ju", 9),
    /* %p */
    P("%p", 0x1234), P("%p", 0xffff800000000000ull), P("%20p", 0xabc),
    P("%-20p|", 0xabc), P("%p", 1),
    /* %s */
    S("%s", "hello"), S("%10s", "hello"), S("%-10s|", "hello"),
    S("%.3s", "hello"), S("%10.3s", "hello"), S("%-10.3s|", "hello"),
    S("%.0s", "hello"), S("%s", ""), S("%5s", ""), S("%.10s", "short"),
    S("%2s", "longer"), S("<%s>", "with spaces and % signs"),
    /* '*' arguments */
    { "%*d", A_STAR_INT, .i = 42, .w = 6 },
    { "%-*d|", A_STAR_INT, .i = 42, .w = 6 },
    { "%*d|", A_STAR_INT, .i = 42, .w = -6 },
    { "%0*d", A_STAR_INT, .i = -42, .w = 6 },
    { "%*d", A_STAR_INT, .i = 42, .w = 0 },
    { "%.*d", A_STAR_INT, .i = 42, .w = 4 },
    { "%.*d", A_STAR_INT, .i = 42, .w = -1 },
    { "%.*d", A_STAR_INT, .i = 0, .w = 0 },
    { "%*.*d", A_STAR2_INT, .i = 42, .w = 8, .p = 4 },
    { "%-*.*d|", A_STAR2_INT, .i = -42, .w = 8, .p = 4 },
    { "%*.*d", A_STAR2_INT, .i = 42, .w = -8, .p = -4 },
    { "%0*.*d", A_STAR2_INT, .i = 42, .w = 8, .p = -1 },
    { "%#*.*x", A_STAR2_UINT, .u = 0xab, .w = 10, .p = 6 },
    { "%.*s", A_STAR_STR, .s = "hello", .w = 2 },
    { "%.*s", A_STAR_STR, .s = "hello", .w = -3 },
    { "%*s|", A_STAR_STR, .s = "ab", .w = -8 },
    { "%*s|", A_STAR_STR, .s = "ab", .w = 8 },
    /* no argument */
    N(""), N("plain text"), N("%%"), N("100%%"), N("%%d"), N("a%%b%%c"),
    /* several conversions */
    { "%d:%s:%x", A_MIX, .i = -3, .s = "mid", .u = 0xff },
    { "[%5d|%-5s|%#5x]", A_MIX, .i = 7, .s = "ab", .u = 0x1f },
    { "%s%d%s", A_MIX, .i = 0, .s = "", .u = 0 },
};

typedef int (*snprintf_fn)(char *buf, size_t size, const char *fmt, ...);

/* Host snprintf through a plain pointer, so both sides are called alike. */
static int host_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static int run_case(snprintf_fn fn, char *buf, size_t size,
                    const struct fmt_case *c)
{
    switch (c->kind) {
    case A_NONE:        return fn(buf, size, c->fmt);
    case A_INT:         return fn(buf, size, c->fmt, (int)c->i);
    case A_UINT:        return fn(buf, size, c->fmt, (unsigned int)c->u);
    case A_LONG:        return fn(buf, size, c->fmt, (long)c->i);
    case A_ULONG:       return fn(buf, size, c->fmt, (unsigned long)c->u);
    case A_LL:          return fn(buf, size, c->fmt, (long long)c->i);
    case A_ULL:         return fn(buf, size, c->fmt, (unsigned long long)c->u);
    case A_SIZE:        return fn(buf, size, c->fmt, (size_t)c->u);
    case A_SSIZE:       return fn(buf, size, c->fmt, (ssize_t)c->i);
    case A_PTR:         return fn(buf, size, c->fmt, (void *)(uintptr_t)c->u);
    case A_STR:         return fn(buf, size, c->fmt, c->s);
    case A_STAR_INT:    return fn(buf, size, c->fmt, c->w, (int)c->i);
    case A_STAR2_INT:   return fn(buf, size, c->fmt, c->w, c->p, (int)c->i);
    case A_STAR2_UINT:  return fn(buf, size, c->fmt, c->w, c->p, (unsigned int)c->u);
    case A_STAR_STR:    return fn(buf, size, c->fmt, c->w, c->s);
    case A_MIX:         return fn(buf, size, c->fmt, (int)c->i, c->s, (unsigned int)c->u);
    }
    return -1;
}

/*
 * compare - run case @c through both with a buffer of @size bytes (0: a
 * NULL buffer), and compare return values, the bytes written and that
 * nothing beyond @size was touched.
 */
static void compare(const struct fmt_case *c, size_t size)
{
    char hv[160], host[160];
    int rh, rc;
    bool same;

    memset(hv, 0x5a, sizeof(hv));
    memset(host, 0x5a, sizeof(host));
    rh = run_case(hv_snprintf, size ? hv : NULL, size, c);
    rc = run_case(host_snprintf, size ? host : NULL, size, c);
    same = rh == rc && !memcmp(hv, host, sizeof(hv));
    if (!same)
        fprintf(stderr, "  \"%s\" size %zu: returned %d \"%.*s\", expected %d \"%.*s\"\n",
                c->fmt, size, rh, size ? (int)size - 1 : 0, hv, rc,
                size ? (int)size - 1 : 0, host);
    CU_ASSERT(same);
}

static void test_printf_vs_host(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(fmt_cases); i++)
        compare(&fmt_cases[i], 128);
}

/* Truncation: every buffer size from 0 to past the full length. */
static void test_printf_truncation(void)
{
    static const struct fmt_case trunc_cases[] = {
        S("%s", "hello"), I("%+08d", -1234), U("%#x", 0xbeef),
        { "%d:%s:%x", A_MIX, .i = -3, .s = "mid", .u = 0xff },
        N("abc%%def"), N(""),
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(trunc_cases); i++)
        for (size_t size = 0; size < 20; size++)
            compare(&trunc_cases[i], size);
}

/* The return value and terminator around an exact fit, spelled out. */
struct fit_case {
    const char *name;
    size_t size;
    int ret;
    const char *want;           /* buffer contents */
};

static const struct fit_case fit_cases[] = {
    { "size 1: only the terminator", 1, 5, "" },
    { "size 5: one short", 5, 5, "hell" },
    { "size 6: exact fit", 6, 5, "hello" },
    { "size 7: room to spare", 7, 5, "hello" },
};

static void test_printf_fit(void)
{
    char buf[16];

    EXPECT_EQ("size 0, NULL buffer", hv_snprintf(NULL, 0, "%s", "hello"), 5);
    memset(buf, 'x', sizeof(buf));
    EXPECT_EQ("size 0, buffer", hv_snprintf(buf, 0, "%s", "hello"), 5);
    EXPECT_EQ("size 0 leaves the buffer alone", buf[0], 'x');
    for (unsigned int i = 0; i < ARRAY_SIZE(fit_cases); i++) {
        const struct fit_case *c = &fit_cases[i];

        memset(buf, 'x', sizeof(buf));
        EXPECT_EQ(c->name, hv_snprintf(buf, c->size, "%s", "hello"), c->ret);
        if (strcmp(buf, c->want))
            fprintf(stderr, "  %s: wrote \"%s\", expected \"%s\"\n", c->name,
                    buf, c->want);
        CU_ASSERT_STRING_EQUAL(buf, c->want);
        EXPECT_EQ(c->name, buf[c->size], 'x');
    }
}

/* Where C leaves the result open, the hypervisor's own choices. */
struct own_case {
    const char *name;
    const char *fmt;
    const void *arg;
    const char *want;
};

static const struct own_case own_cases[] = {
    { "NULL string", "%s", NULL, "(null)" },
    { "NULL pointer", "%p", NULL, "0x0" },
    { "unknown conversion", "a%yb", NULL, "a%yb" },
    { "lone % at the end", "abc%", NULL, "abc" },
};

static void test_printf_own(void)
{
    char buf[64];

    for (unsigned int i = 0; i < ARRAY_SIZE(own_cases); i++) {
        const struct own_case *c = &own_cases[i];
        int n = hv_snprintf(buf, sizeof(buf), c->fmt, c->arg);

        EXPECT_EQ(c->name, n, strlen(c->want));
        if (strcmp(buf, c->want))
            fprintf(stderr, "  %s: wrote \"%s\", expected \"%s\"\n", c->name,
                    buf, c->want);
        CU_ASSERT_STRING_EQUAL(buf, c->want);
    }
}

/* vsnprintf takes a va_list and must not consume the caller's. */
static int call_v(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int a, b;

    va_start(ap, fmt);
    a = hv_vsnprintf(buf, size, fmt, ap);
    b = hv_vsnprintf(buf, size, fmt, ap);   /* again: same va_list */
    va_end(ap);
    return a == b ? a : -1;
}

static void test_vsnprintf_va_list(void)
{
    char buf[32];

    EXPECT_EQ("vsnprintf twice on one va_list", call_v(buf, sizeof(buf), "%d-%s", 12, "ab"), 5);
    CU_ASSERT_STRING_EQUAL(buf, "12-ab");
}

/* ---- parse_u64 ---- */

struct parse_case {
    const char *in;
    int rc;
    uint64_t value;             /* when rc == 0; unchanged otherwise */
    int end;                    /* chars consumed; -1: not checked */
};

#define SENTINEL 0x5a5a5a5a5a5a5a5aull

static const struct parse_case parse_cases[] = {
    { "0", 0, 0, 1 },
    { "123", 0, 123, 3 },
    { "007", 0, 7, 3 },                         /* decimal, not octal */
    { "123abc", 0, 123, 3 },
    { "1,2", 0, 1, 1 },
    { "1 ", 0, 1, 1 },
    { "0x1f", 0, 0x1f, 4 },
    { "0X1F", 0, 0x1f, 4 },
    { "0xdeadBEEF", 0, 0xdeadbeef, 10 },
    { "0x1fz", 0, 0x1f, 4 },
    { "4K", 0, 4096, 2 },
    { "4k", 0, 4096, 2 },
    { "2M", 0, 2ull << 20, 2 },
    { "2m", 0, 2ull << 20, 2 },
    { "3G", 0, 3ull << 30, 2 },
    { "3g", 0, 3ull << 30, 2 },
    { "0x10K", 0, 16 * 1024, 5 },
    { "12KB", 0, 12 * 1024, 3 },
    { "1T", 0, 1, 1 },                          /* no T suffix */
    { "0K", 0, 0, 2 },
    { "18446744073709551615", 0, UINT64_MAX, 20 },
    { "0xffffffffffffffff", 0, UINT64_MAX, 18 },
    { "0x000000000000000000001", 0, 1, 23 },
    { "17179869183G", 0, 17179869183ull << 30, 12 },
    { "18014398509481983K", 0, 18014398509481983ull << 10, 18 },
    { "18446744073709551616", -ERANGE, 0, -1 },
    { "99999999999999999999", -ERANGE, 0, -1 },
    { "0x10000000000000000", -ERANGE, 0, -1 },
    { "17179869184G", -ERANGE, 0, -1 },
    { "18014398509481984K", -ERANGE, 0, -1 },
    { "", -EINVAL, 0, 0 },
    { "abc", -EINVAL, 0, 0 },
    { "-1", -EINVAL, 0, 0 },
    { "+1", -EINVAL, 0, 0 },
    { " 1", -EINVAL, 0, 0 },
    { "K", -EINVAL, 0, 0 },
    { "0x", -EINVAL, 0, 0 },
    { "0xg", -EINVAL, 0, 0 },
};

static void test_parse_u64(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(parse_cases); i++) {
        const struct parse_case *c = &parse_cases[i];
        const char *end = (const char *)1;
        uint64_t v = SENTINEL;
        int rc = parse_u64(c->in, &end, &v);
        char label[64];

        snprintf(label, sizeof(label), "parse_u64(\"%s\")", c->in);
        EXPECT_EQ(label, rc, c->rc);
        if (c->rc == 0) {
            if (v != c->value)
                fprintf(stderr, "  %s: value %#llx, expected %#llx\n", label,
                        (unsigned long long)v, (unsigned long long)c->value);
            CU_ASSERT(v == c->value);
        } else {
            CU_ASSERT(v == SENTINEL);
        }
        if (c->end >= 0)
            EXPECT_EQ(label, end - c->in, c->end);

        /* A NULL end pointer is allowed. */
        v = SENTINEL;
        EXPECT_EQ(label, parse_u64(c->in, NULL, &v), c->rc);
    }
}

/* ---- strlcpy ---- */

struct strlcpy_case {
    const char *src;
    size_t size;
    const char *want;           /* NULL: buffer untouched */
    size_t ret;
};

static const struct strlcpy_case strlcpy_cases[] = {
    { "hello", 10, "hello", 5 },
    { "hello", 6, "hello", 5 },
    { "hello", 5, "hell", 5 },
    { "hello", 2, "h", 5 },
    { "hello", 1, "", 5 },
    { "hello", 0, NULL, 5 },
    { "", 4, "", 0 },
    { "", 1, "", 0 },
    { "", 0, NULL, 0 },
    { "a string longer than the buffer", 8, "a strin", 31 },
};

static void test_strlcpy(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(strlcpy_cases); i++) {
        const struct strlcpy_case *c = &strlcpy_cases[i];
        char buf[40];
        char label[64];

        memset(buf, '#', sizeof(buf));
        snprintf(label, sizeof(label), "strlcpy(\"%s\", %zu)", c->src, c->size);
        EXPECT_EQ(label, hv_strlcpy(buf, c->src, c->size), c->ret);
        if (c->want) {
            if (strcmp(buf, c->want))
                fprintf(stderr, "  %s: wrote \"%s\", expected \"%s\"\n", label,
                        buf, c->want);
            CU_ASSERT_STRING_EQUAL(buf, c->want);
        }
        /* Nothing written at or past @size. */
        EXPECT_EQ(label, buf[c->size], '#');
    }
}

/* ---- string.c ---- */

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

struct cmp_case {
    const char *a, *b;
    size_t n;                   /* for strncmp and memcmp */
    int cmp, ncmp;              /* sign of strcmp, of strncmp(n) */
};

static const struct cmp_case cmp_cases[] = {
    { "", "", 0, 0, 0 },
    { "abc", "abc", 3, 0, 0 },
    { "abc", "abd", 3, -1, -1 },
    { "abd", "abc", 3, 1, 1 },
    { "abc", "abd", 2, -1, 0 },
    { "ab", "abc", 3, -1, -1 },
    { "abc", "ab", 3, 1, 1 },
    { "abc", "xyz", 0, -1, 0 },
    { "\x80", "\x7f", 1, 1, 1 },            /* compared as unsigned char */
    { "a\xff", "a\x01", 2, 1, 1 },
};

static void test_string_cmp(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(cmp_cases); i++) {
        const struct cmp_case *c = &cmp_cases[i];

        EXPECT_EQ("strcmp", sign(hv_strcmp(c->a, c->b)), c->cmp);
        EXPECT_EQ("strncmp", sign(hv_strncmp(c->a, c->b, c->n)), c->ncmp);
        EXPECT_EQ("memcmp", sign(hv_memcmp(c->a, c->b, c->n)), c->ncmp);
    }
}

struct len_case {
    const char *s;
    size_t max;
    size_t len, nlen;
};

static const struct len_case len_cases[] = {
    { "", 0, 0, 0 }, { "", 5, 0, 0 }, { "abc", 0, 3, 0 }, { "abc", 2, 3, 2 },
    { "abc", 3, 3, 3 }, { "abc", 100, 3, 3 },
};

static void test_string_len(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(len_cases); i++) {
        EXPECT_EQ(len_cases[i].s, hv_strlen(len_cases[i].s), len_cases[i].len);
        EXPECT_EQ(len_cases[i].s, hv_strnlen(len_cases[i].s, len_cases[i].max),
                  len_cases[i].nlen);
    }
}

struct chr_case {
    const char *s;
    int c;
    int at;                     /* index found, -1 for NULL */
};

static const struct chr_case chr_cases[] = {
    { "hello", 'l', 2 }, { "hello", 'h', 0 }, { "hello", 'z', -1 },
    { "hello", '\0', 5 }, { "", '\0', 0 }, { "", 'a', -1 },
    { "a\xe9", 0xe9, 1 }, { "a\xe9", 0x1e9, 1 },   /* c is taken as a char */
};

static void test_string_chr(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(chr_cases); i++) {
        const struct chr_case *c = &chr_cases[i];
        const char *p = hv_strchr(c->s, c->c);

        EXPECT_EQ("strchr", p ? p - c->s : -1, c->at);
    }
}

/* memmove both ways across an overlap; memcpy and memset plainly. */
struct move_case {
    const char *name;
    size_t dst, src, n;
    const char *want;
};

static const struct move_case move_cases[] = {
    { "forward overlap", 2, 0, 6, "ababcdefij" },
    { "backward overlap", 0, 2, 6, "cdefghghij" },
    { "same place", 3, 3, 4, "abcdefghij" },
    { "disjoint", 6, 0, 3, "abcdefabcj" },
    { "nothing", 0, 5, 0, "abcdefghij" },
};

static void test_string_move(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(move_cases); i++) {
        const struct move_case *c = &move_cases[i];
        char buf[16] = "abcdefghij";
        void *r = hv_memmove(buf + c->dst, buf + c->src, c->n);

        CU_ASSERT(r == buf + c->dst);
        buf[strlen(c->want)] = '\0';
        if (strcmp(buf, c->want))
            fprintf(stderr, "  memmove %s: \"%s\", expected \"%s\"\n", c->name,
                    buf, c->want);
        CU_ASSERT_STRING_EQUAL(buf, c->want);
    }
}

static void test_string_cpy_set(void)
{
    char buf[16] = "abcdefghij";

    CU_ASSERT(hv_memcpy(buf, "XYZ", 3) == buf);
    CU_ASSERT_STRING_EQUAL(buf, "XYZdefghij");
    CU_ASSERT(hv_memcpy(buf, "Q", 0) == buf);
    CU_ASSERT_STRING_EQUAL(buf, "XYZdefghij");
    CU_ASSERT(hv_memset(buf + 1, 0x100 + '-', 3) == buf + 1);  /* c as unsigned char */
    CU_ASSERT_STRING_EQUAL(buf, "X---efghij");
    hv_memset(buf, 'z', 0);
    CU_ASSERT_STRING_EQUAL(buf, "X---efghij");
}

static const CU_TestInfo printf_tests[] = {
    { "vsnprintf: against the host", test_printf_vs_host },
    { "vsnprintf: truncation at every size", test_printf_truncation },
    { "vsnprintf: exact fit and size 0", test_printf_fit },
    { "vsnprintf: own choices", test_printf_own },
    { "vsnprintf: va_list untouched", test_vsnprintf_va_list },
    CU_TEST_INFO_NULL,
};

static const CU_TestInfo lib_tests[] = {
    { "parse_u64", test_parse_u64 },
    { "strlcpy", test_strlcpy },
    { "strcmp strncmp memcmp", test_string_cmp },
    { "strlen strnlen", test_string_len },
    { "strchr", test_string_chr },
    { "memmove", test_string_move },
    { "memcpy memset", test_string_cpy_set },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("vsnprintf", printf_tests);
    unit_add_suite("lib", lib_tests);
}
