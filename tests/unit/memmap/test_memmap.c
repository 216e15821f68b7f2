/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the physical memory map (hypervisor/core/memmap.c), part
 * one: the shared checks and memmap_build. Reservations, the boot allocator
 * and totals are in test_memmap_use.c.
 *
 * The rank order the map documents (where ranges overlap the stricter type
 * wins) is written down once here, in strictness[], and every overlap
 * expectation below follows from it.
 */
#include <stdlib.h>

#include "memmap_test.h"

/* The documented order, weakest first. */
static const uint32_t strictness[] = {
    USABLE, BOOT, ACPI, HV, RUNTIME, MMIO, RESERVED, NVS, UNUSABLE,
};

struct memmap mm;

static int rank_of(uint32_t type)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(strictness); i++)
        if (strictness[i] == type)
            return (int)i;
    return -1;
}

static void print_map(const char *what, const struct mem_range *r, unsigned int n)
{
    fprintf(stderr, "    %s (%u):", what, n);
    for (unsigned int i = 0; i < n; i++)
        fprintf(stderr, " [%#llx-%#llx %s]", (unsigned long long)r[i].base,
                (unsigned long long)r[i].end, memmap_type_name(r[i].type));
    fprintf(stderr, "\n");
}

unsigned int want_len(const struct mem_range *want, unsigned int max)
{
    unsigned int n = 0;

    while (n < max && want[n].end)
        n++;
    return n;
}

void check_map(const char *label, const struct mem_range *want,
                      unsigned int n)
{
    bool same = mm.nr == n;

    for (unsigned int i = 0; same && i < n; i++)
        same = mm.r[i].base == want[i].base && mm.r[i].end == want[i].end &&
               mm.r[i].type == want[i].type;
    if (!same) {
        fprintf(stderr, "  %s: map differs\n", label);
        print_map("got     ", mm.r, mm.nr);
        print_map("expected", want, n);
    }
    CU_ASSERT(same);
}

void check_canonical(const char *label)
{
    for (unsigned int i = 0; i < mm.nr; i++) {
        const struct mem_range *r = &mm.r[i];
        bool ok = r->base < r->end && r->base % PG == 0 && r->end % PG == 0 &&
                  (i == 0 || (mm.r[i - 1].end <= r->base &&
                              (mm.r[i - 1].end < r->base ||
                               mm.r[i - 1].type != r->type)));

        if (!ok) {
            fprintf(stderr, "  %s: entry %u breaks the map's invariants\n",
                    label, i);
            print_map("map", mm.r, mm.nr);
        }
        CU_ASSERT(ok);
        if (!ok)
            return;
    }
}

int map_type_at(uint64_t addr)
{
    for (unsigned int i = 0; i < mm.nr; i++)
        if (mm.r[i].base <= addr && addr < mm.r[i].end)
            return (int)mm.r[i].type;
    return -1;
}

/* ---- memmap_build: a table of loader inputs and the maps they give ---- */

struct build_case {
    const char *name;
    unsigned int n;
    struct boot_mem_range in[6];
    int rc;
    unsigned int bad;
    struct mem_range want[MAX_WANT];    /* ends at end == 0 */
};

static const struct build_case build_cases[] = {
    { "empty input", 0, { { 0 } }, 0, 0, { { 0 } } },
    { "zero length dropped", 2,
      { IN(0x1000, 0, USABLE), IN(0x5000, 0, RESERVED) }, 0, 0, { { 0 } } },
    { "one usable range", 1, { IN(0x100000, 0x100000, USABLE) }, 0, 0,
      { OUT(0x100000, 0x200000, USABLE) } },
    { "usable shrinks inward", 1, { IN(0x1234, 0x3000, USABLE) }, 0, 0,
      { OUT(0x2000, 0x4000, USABLE) } },
    { "usable inside one page dropped", 1, { IN(0x1100, 0x800, USABLE) }, 0, 0,
      { { 0 } } },
    { "usable across a page edge, no whole page", 1,
      { IN(0x1800, 0x1000, USABLE) }, 0, 0, { { 0 } } },
    { "reserved grows outward", 1, { IN(0x1234, 0x10, RESERVED) }, 0, 0,
      { OUT(0x1000, 0x2000, RESERVED) } },
    { "reserved across a page edge", 1, { IN(0x1ff0, 0x20, RESERVED) }, 0, 0,
      { OUT(0x1000, 0x3000, RESERVED) } },
    { "unaligned usable meets unaligned reserved", 2,
      { IN(0, 0x2800, USABLE), IN(0x2800, 0x800, RESERVED) }, 0, 0,
      { OUT(0, 0x2000, USABLE), OUT(0x2000, 0x3000, RESERVED) } },
    { "adjacent usable, unaligned seam keeps its page", 2,
      { IN(0x1000, 0x800, USABLE), IN(0x1800, 0x800, USABLE) }, 0, 0,
      { OUT(0x1000, 0x2000, USABLE) } },
    { "PC low memory", 4,
      { IN(0, 0x9fc00, USABLE), IN(0x9fc00, 0x400, RESERVED),
        IN(0xf0000, 0x10000, RESERVED), IN(0x100000, 0x7ef0000, USABLE) }, 0, 0,
      { OUT(0, 0x9f000, USABLE), OUT(0x9f000, 0xa0000, RESERVED),
        OUT(0xf0000, 0x100000, RESERVED), OUT(0x100000, 0x7ff0000, USABLE) } },
    { "usable contains reserved", 2,
      { IN(0x100000, 0x400000, USABLE), IN(0x200000, 0x1000, RESERVED) }, 0, 0,
      { OUT(0x100000, 0x200000, USABLE), OUT(0x200000, 0x201000, RESERVED),
        OUT(0x201000, 0x500000, USABLE) } },
    { "usable contains unaligned nvs", 2,
      { IN(0x100000, 0x400000, USABLE), IN(0x200800, 0x10, NVS) }, 0, 0,
      { OUT(0x100000, 0x200000, USABLE), OUT(0x200000, 0x201000, NVS),
        OUT(0x201000, 0x500000, USABLE) } },
    { "reserved contains usable", 2,
      { IN(0x100000, 0x400000, RESERVED), IN(0x200000, 0x1000, USABLE) }, 0, 0,
      { OUT(0x100000, 0x500000, RESERVED) } },
    { "two types in one page: the stricter takes it", 2,
      { IN(0x1100, 0x10, ACPI), IN(0x1800, 0x10, NVS) }, 0, 0,
      { OUT(0x1000, 0x2000, NVS) } },
    { "stricter range takes the shared edge page", 2,
      { IN(0x1000, 0x1800, ACPI), IN(0x2800, 0x10, RESERVED) }, 0, 0,
      { OUT(0x1000, 0x2000, ACPI), OUT(0x2000, 0x3000, RESERVED) } },
    { "weaker range keeps its whole pages", 2,
      { IN(0x1000, 0x1800, UNUSABLE), IN(0x2800, 0x2000, BOOT) }, 0, 0,
      { OUT(0x1000, 0x3000, UNUSABLE), OUT(0x3000, 0x5000, BOOT) } },
    { "adjacent same type merges", 3,
      { IN(0x1000, 0x1000, USABLE), IN(0x2000, 0x1000, USABLE),
        IN(0x3000, 0x2000, USABLE) }, 0, 0,
      { OUT(0x1000, 0x5000, USABLE) } },
    { "adjacent different types stay apart", 2,
      { IN(0x1000, 0x1000, USABLE), IN(0x2000, 0x1000, ACPI) }, 0, 0,
      { OUT(0x1000, 0x2000, USABLE), OUT(0x2000, 0x3000, ACPI) } },
    { "same type overlapping: union", 2,
      { IN(0x1000, 0x3000, RESERVED), IN(0x2000, 0x4000, RESERVED) }, 0, 0,
      { OUT(0x1000, 0x6000, RESERVED) } },
    { "duplicates", 3,
      { IN(0x1000, 0x1000, MMIO), IN(0x1000, 0x1000, MMIO),
        IN(0x1000, 0x1000, MMIO) }, 0, 0,
      { OUT(0x1000, 0x2000, MMIO) } },
    { "unsorted input comes out sorted", 4,
      { IN(0x300000, 0x100000, USABLE), IN(0x1000, 0x1000, RESERVED),
        IN(0x100000, 0x100000, USABLE), IN(0x200000, 0x1000, ACPI) }, 0, 0,
      { OUT(0x1000, 0x2000, RESERVED), OUT(0x100000, 0x200000, USABLE),
        OUT(0x200000, 0x201000, ACPI), OUT(0x300000, 0x400000, USABLE) } },
    { "holes stay holes", 2,
      { IN(0x1000, 0x1000, USABLE), IN(0x10000, 0x1000, USABLE) }, 0, 0,
      { OUT(0x1000, 0x2000, USABLE), OUT(0x10000, 0x11000, USABLE) } },
    { "wrapping range refused, the rest kept", 2,
      { IN(0xfffffffffffff000, 0x2000, USABLE), IN(0x1000, 0x1000, USABLE) },
      -EINVAL, 1, { OUT(0x1000, 0x2000, USABLE) } },
    { "length 2^64-1 from 2 wraps", 1, { IN(2, MAXADDR, RESERVED) }, -EINVAL, 1,
      { { 0 } } },
    { "length 2^64-1 from 1 ends at 2^64: last page cut", 1,
      { IN(1, MAXADDR, RESERVED) }, 0, 0, { OUT(0, TOP, RESERVED) } },
    { "reserved ending at 2^64: last page cut", 1,
      { IN(0xffffffffffffe000, 0x2000, RESERVED) }, 0, 0,
      { OUT(0xffffffffffffe000, TOP, RESERVED) } },
    { "usable ending at 2^64: last page cut", 1,
      { IN(0xffffffff00000000, 0x100000000, USABLE) }, 0, 0,
      { OUT(0xffffffff00000000, TOP, USABLE) } },
    { "range in the last page only: dropped", 1,
      { IN(0xfffffffffffff800, 0x800, RESERVED) }, 0, 0, { { 0 } } },
    { "unknown types refused, counted", 6,
      { IN(0x1000, 0x1000, 0), IN(0x2000, 0x1000, 9), IN(0x3000, 0x1000, USABLE),
        IN(0x4000, 0x1000, 15), IN(0x5000, 0x1000, 17),
        IN(0x6000, 0x1000, 0xffffffff) }, -EINVAL, 5,
      { OUT(0x3000, 0x4000, USABLE) } },
    { "wrap and unknown type both counted", 3,
      { IN(0x10, MAXADDR, USABLE), IN(0x1000, 0x1000, 0),
        IN(0x8000, 0x1000, BOOT) }, -EINVAL, 2,
      { OUT(0x8000, 0x9000, BOOT) } },
    { "hypervisor type accepted", 1, { IN(0x1000, 0x1000, HV) }, 0, 0,
      { OUT(0x1000, 0x2000, HV) } },
};

static void test_build_table(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(build_cases); i++) {
        const struct build_case *c = &build_cases[i];
        unsigned int bad = 12345;
        int rc = memmap_build(&mm, c->in, c->n, &bad);

        EXPECT_EQ(c->name, rc, c->rc);
        EXPECT_EQ(c->name, bad, c->bad);
        check_map(c->name, c->want, want_len(c->want, MAX_WANT));
        check_canonical(c->name);
    }
}

/* Input order never matters: the same table, reversed. */
static void test_build_reversed(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(build_cases); i++) {
        const struct build_case *c = &build_cases[i];
        struct boot_mem_range rev[6];
        unsigned int bad;
        int rc;

        for (unsigned int k = 0; k < c->n; k++)
            rev[k] = c->in[c->n - 1 - k];
        rc = memmap_build(&mm, rev, c->n, &bad);
        EXPECT_EQ(c->name, rc, c->rc);
        EXPECT_EQ(c->name, bad, c->bad);
        check_map(c->name, c->want, want_len(c->want, MAX_WANT));
    }
}

/* A NULL @bad is allowed. */
static void test_build_null_bad(void)
{
    static const struct boot_mem_range in[] = { IN(0x1000, 0x1000, 99) };

    EXPECT_EQ("NULL bad", memmap_build(&mm, in, 1, NULL), -EINVAL);
    EXPECT_EQ("NULL bad", mm.nr, 0);
}

/*
 * Every pair of types, both input orders: A at [64K, 192K) and B at
 * [128K, 256K) overlapping; and B inside A at [128K, 192K) of [64K, 320K).
 */
static void test_build_pairs(void)
{
    for (unsigned int a = 0; a < ARRAY_SIZE(strictness); a++) {
        for (unsigned int b = 0; b < ARRAY_SIZE(strictness); b++) {
            uint32_t ta = strictness[a], tb = strictness[b];
            struct mem_range want[3];
            unsigned int n = 0;
            char label[96];

            for (int order = 0; order < 2; order++) {
                struct boot_mem_range in[2] = {
                    IN(0x10000, 0x20000, ta), IN(0x20000, 0x20000, tb),
                };
                struct boot_mem_range sw[2] = { in[1], in[0] };

                snprintf(label, sizeof(label), "%s overlapping %s%s",
                         memmap_type_name(ta), memmap_type_name(tb),
                         order ? " (listed second first)" : "");
                n = 0;
                if (ta == tb) {
                    want[n++] = (struct mem_range)OUT(0x10000, 0x40000, ta);
                } else if (a > b) {
                    want[n++] = (struct mem_range)OUT(0x10000, 0x30000, ta);
                    want[n++] = (struct mem_range)OUT(0x30000, 0x40000, tb);
                } else {
                    want[n++] = (struct mem_range)OUT(0x10000, 0x20000, ta);
                    want[n++] = (struct mem_range)OUT(0x20000, 0x40000, tb);
                }
                EXPECT_EQ(label, memmap_build(&mm, order ? sw : in, 2, NULL), 0);
                check_map(label, want, n);
            }

            for (int order = 0; order < 2; order++) {
                struct boot_mem_range in[2] = {
                    IN(0x10000, 0x40000, ta), IN(0x20000, 0x10000, tb),
                };
                struct boot_mem_range sw[2] = { in[1], in[0] };

                snprintf(label, sizeof(label), "%s containing %s%s",
                         memmap_type_name(ta), memmap_type_name(tb),
                         order ? " (listed second first)" : "");
                n = 0;
                if (a >= b) {
                    want[n++] = (struct mem_range)OUT(0x10000, 0x50000, ta);
                } else {
                    want[n++] = (struct mem_range)OUT(0x10000, 0x20000, ta);
                    want[n++] = (struct mem_range)OUT(0x20000, 0x30000, tb);
                    want[n++] = (struct mem_range)OUT(0x30000, 0x50000, ta);
                }
                EXPECT_EQ(label, memmap_build(&mm, order ? sw : in, 2, NULL), 0);
                check_map(label, want, n);
            }
        }
    }
}

/* ---- too many ranges ---- */

static struct boot_mem_range many[1100];

struct many_case {
    const char *name;
    unsigned int n;
    uint64_t stride;            /* distance between range bases */
    uint64_t skew;              /* added to each base: unaligned ranges */
    bool alternate;             /* usable and reserved in turn, else reserved */
    int rc;
    unsigned int nr;            /* entries in the map when rc == 0 */
};

static const struct many_case many_cases[] = {
    { "MEMMAP_MAX disjoint ranges fit", MEMMAP_MAX, 0x2000, 0, false, 0, MEMMAP_MAX },
    { "MEMMAP_MAX + 1 disjoint ranges", MEMMAP_MAX + 1, 0x2000, 0, false, -ENOSPC, 0 },
    { "1100 disjoint ranges", 1100, 0x2000, 0, false, -ENOSPC, 0 },
    { "1100 disjoint unaligned: still rounded", 1100, 0x3000, 0x10, false,
      -ENOSPC, 0 },
    { "MEMMAP_MAX + 1 touching, alternating", MEMMAP_MAX + 1, 0x1000, 0, true,
      -ENOSPC, 0 },
    { "1100 touching, one type: merge to one", 1100, 0x1000, 0, false, 0, 1 },
};

static void test_build_too_many(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(many_cases); i++) {
        const struct many_case *c = &many_cases[i];
        unsigned int bad = 99;
        int rc;

        for (unsigned int k = 0; k < c->n; k++)
            many[k] = (struct boot_mem_range)IN(0x100000 + k * c->stride + c->skew,
                        0x1000, c->alternate && (k & 1) ? USABLE : RESERVED);
        rc = memmap_build(&mm, many, c->n, &bad);
        EXPECT_EQ(c->name, rc, c->rc);
        EXPECT_EQ(c->name, bad, 0);
        if (c->rc == 0)
            EXPECT_EQ(c->name, mm.nr, c->nr);
        /* Even a failed build leaves a sane map. */
        check_canonical(c->name);
        CU_ASSERT(mm.nr <= MEMMAP_MAX);
    }
}

/*
 * Random inputs against a brute-force model: every byte of 64 pages takes
 * the strictest type that claims it; a page is then the strictest
 * non-usable type among its bytes, else usable if all its bytes are usable,
 * else a hole. The map, expanded to pages, must agree, whatever the order.
 */
#define MODEL_PAGES 64
static int8_t model_byte[MODEL_PAGES * 0x1000];

static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t seed_from_env(void)
{
    const char *s = getenv("UNIT_SEED");

    return s ? strtoull(s, NULL, 0) : 0x5eed1234abcdull;
}

static void test_build_random(void)
{
    uint64_t seed = seed_from_env();
    struct boot_mem_range in[12], sh[12];
    unsigned int failures = 0;

    rng_state = seed ? seed : 1;
    printf("\n    memmap random: seed %#llx (set UNIT_SEED to repeat)\n",
           (unsigned long long)seed);
    for (int round = 0; round < 300 && failures < 3; round++) {
        unsigned int n = 1 + rng() % 12;

        memset(model_byte, -1, sizeof(model_byte));
        for (unsigned int k = 0; k < n; k++) {
            uint64_t base = rng() % sizeof(model_byte);
            uint64_t len = rng() % 3 ? rng() % 0x3000 : rng() % 0x10000;
            uint32_t t = strictness[rng() % ARRAY_SIZE(strictness)];

            if (base + len > sizeof(model_byte))
                len = sizeof(model_byte) - base;
            in[k] = (struct boot_mem_range)IN(base, len, t);
            for (uint64_t x = base; x < base + len; x++)
                if (model_byte[x] < rank_of(t))
                    model_byte[x] = (int8_t)rank_of(t);
        }
        for (unsigned int k = 0; k < n; k++)
            sh[k] = in[k];
        for (unsigned int k = n; k > 1; k--) {
            unsigned int j = rng() % k;
            struct boot_mem_range t = sh[k - 1];

            sh[k - 1] = sh[j];
            sh[j] = t;
        }

        for (int pass = 0; pass < 2; pass++) {
            char label[64];

            snprintf(label, sizeof(label), "random round %d%s", round,
                     pass ? " (shuffled)" : "");
            EXPECT_EQ(label, memmap_build(&mm, pass ? sh : in, n, NULL), 0);
            check_canonical(label);
            for (unsigned int p = 0; p < MODEL_PAGES; p++) {
                int best = -1, want;
                bool all_usable = true;

                for (unsigned int x = p * 0x1000; x < (p + 1) * 0x1000; x++) {
                    best = MAX(best, model_byte[x]);
                    all_usable &= model_byte[x] == 0;
                }
                want = best > 0 ? (int)strictness[best] : all_usable ? USABLE : -1;
                if (map_type_at(p * PG) != want) {
                    fprintf(stderr, "  %s: page %u is %d, expected %d\n",
                            label, p, map_type_at(p * PG), want);
                    failures++;
                    CU_FAIL("random map differs from the model");
                    break;
                }
            }
        }
    }
}

static const CU_TestInfo build_tests[] = {
    { "build: table of inputs", test_build_table },
    { "build: table reversed", test_build_reversed },
    { "build: NULL bad", test_build_null_bad },
    { "build: every pair of types", test_build_pairs },
    { "build: too many ranges", test_build_too_many },
    { "build: random against a model", test_build_random },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("memmap build", build_tests);
    unit_add_suite("memmap use", memmap_use_tests);
}
