/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the physical memory map (hypervisor/core/memmap.c), part
 * two: memmap_reserve, memmap_alloc, totals, RAM end and type names.
 */
#include "memmap_test.h"

/* ---- memmap_reserve ---- */

/* Start map for the reserve cases: U [1M,5M) R [5M,6M) U [6M,8M). */
static const struct boot_mem_range reserve_base[] = {
    IN(0x100000, 0x400000, USABLE), IN(0x500000, 0x100000, RESERVED),
    IN(0x600000, 0x200000, USABLE),
};

/* That map, as memmap_build makes it (also what a refused reserve leaves). */
#define RESERVE_BASE OUT(0x100000, 0x500000, USABLE), \
                     OUT(0x500000, 0x600000, RESERVED), OUT(0x600000, 0x800000, USABLE)

struct reserve_case {
    const char *name;
    paddr_t base, end;
    uint32_t type;
    int rc;
    struct mem_range want[MAX_WANT];
};

static const struct reserve_case reserve_cases[] = {
    { "in the middle of a range", 0x200000, 0x300000, BOOT, 0,
      { OUT(0x100000, 0x200000, USABLE), OUT(0x200000, 0x300000, BOOT),
        OUT(0x300000, 0x500000, USABLE), OUT(0x500000, 0x600000, RESERVED),
        OUT(0x600000, 0x800000, USABLE) } },
    { "unaligned, grows to pages", 0x200123, 0x200456, BOOT, 0,
      { OUT(0x100000, 0x200000, USABLE), OUT(0x200000, 0x201000, BOOT),
        OUT(0x201000, 0x500000, USABLE), OUT(0x500000, 0x600000, RESERVED),
        OUT(0x600000, 0x800000, USABLE) } },
    { "at the left edge of a range", 0x100000, 0x180000, HV, 0,
      { OUT(0x100000, 0x180000, HV), OUT(0x180000, 0x500000, USABLE),
        OUT(0x500000, 0x600000, RESERVED), OUT(0x600000, 0x800000, USABLE) } },
    { "at the right edge, touching another type", 0x480000, 0x500000, HV, 0,
      { OUT(0x100000, 0x480000, USABLE), OUT(0x480000, 0x500000, HV),
        OUT(0x500000, 0x600000, RESERVED), OUT(0x600000, 0x800000, USABLE) } },
    { "at the right edge, merging with the same type", 0x480000, 0x500000,
      RESERVED, 0,
      { OUT(0x100000, 0x480000, USABLE), OUT(0x480000, 0x600000, RESERVED),
        OUT(0x600000, 0x800000, USABLE) } },
    { "spanning several ranges", 0x400000, 0x700000, BOOT, 0,
      { OUT(0x100000, 0x400000, USABLE), OUT(0x400000, 0x700000, BOOT),
        OUT(0x700000, 0x800000, USABLE) } },
    { "covering everything and the holes", 0, 0x1000000, RESERVED, 0,
      { OUT(0, 0x1000000, RESERVED) } },
    { "exactly one range, merging both sides", 0x500000, 0x600000, USABLE, 0,
      { OUT(0x100000, 0x800000, USABLE) } },
    { "in a hole above", 0x900000, 0xa00000, MMIO, 0,
      { RESERVE_BASE, OUT(0x900000, 0xa00000, MMIO) } },
    { "in a hole below", 0x1000, 0x2000, ACPI, 0,
      { OUT(0x1000, 0x2000, ACPI), RESERVE_BASE } },
    { "up to 2^64-1: last page cut", 0xffffffffffffe000, MAXADDR, RESERVED, 0,
      { RESERVE_BASE, OUT(0xffffffffffffe000, TOP, RESERVED) } },
    { "empty range", 0x200000, 0x200000, BOOT, -EINVAL,
      { RESERVE_BASE } },
    { "end below base (wraps)", 0x300000, 0x200000, BOOT, -EINVAL,
      { RESERVE_BASE } },
    { "unknown type", 0x200000, 0x300000, 42, -EINVAL,
      { RESERVE_BASE } },
    { "only inside the last page", 0xfffffffffffff800, MAXADDR, RESERVED, -EINVAL,
      { RESERVE_BASE } },
};

static void test_reserve_table(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(reserve_cases); i++) {
        const struct reserve_case *c = &reserve_cases[i];

        CU_ASSERT_FATAL(memmap_build(&mm, reserve_base,
                                     ARRAY_SIZE(reserve_base), NULL) == 0);
        EXPECT_EQ(c->name, memmap_reserve(&mm, c->base, c->end, c->type), c->rc);
        check_map(c->name, c->want, want_len(c->want, MAX_WANT));
        check_canonical(c->name);
    }
}

/*
 * A full map: MEMMAP_MAX entries, in pairs every 24 KiB from 1 MiB: a
 * two-page usable range, then a one-page reserved one, then a hole.
 * Splitting an entry needs room; replacing one does not.
 */
static void fill_map(void)
{
    static struct boot_mem_range many[MEMMAP_MAX];

    for (unsigned int k = 0; k < MEMMAP_MAX; k++) {
        uint64_t pair = 0x100000 + (k / 2) * 0x6000;

        many[k] = k & 1 ? (struct boot_mem_range)IN(pair + 0x2000, 0x1000, RESERVED)
                        : (struct boot_mem_range)IN(pair, 0x2000, USABLE);
    }
    CU_ASSERT_FATAL(memmap_build(&mm, many, MEMMAP_MAX, NULL) == 0);
    CU_ASSERT_FATAL(mm.nr == MEMMAP_MAX);
}

struct full_case {
    const char *name;
    paddr_t base, end;
    uint32_t type;
    int rc;
    unsigned int nr;            /* entries afterwards */
};

static const struct full_case full_cases[] = {
    /* Entry 0 is usable [1M, 1M+8K), entry 1 reserved [1M+8K, 1M+12K). */
    { "split in the middle: no room", 0x100000, 0x101000, BOOT, -ENOSPC,
      MEMMAP_MAX },
    { "replace a whole entry", 0x100000, 0x102000, BOOT, 0, MEMMAP_MAX },
    { "widen a neighbour: one fewer", 0x100000, 0x102000, RESERVED, 0,
      MEMMAP_MAX - 1 },
    { "in a hole after the last: no room", 0x10000000, 0x10001000, BOOT,
      -ENOSPC, MEMMAP_MAX },
};

static void test_reserve_full(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(full_cases); i++) {
        const struct full_case *c = &full_cases[i];
        static struct memmap before;

        fill_map();
        before = mm;
        EXPECT_EQ(c->name, memmap_reserve(&mm, c->base, c->end, c->type), c->rc);
        EXPECT_EQ(c->name, mm.nr, c->nr);
        if (c->rc)
            CU_ASSERT(memcmp(&before, &mm, sizeof(mm)) == 0);
        check_canonical(c->name);
    }
}

/* ---- memmap_alloc ---- */

/* U [0, 636K) R [636K, 1M) U [1M, 8M) R [8M, 9M) U [9M, 64M) */
static const struct boot_mem_range alloc_base[] = {
    IN(0, 0x9f000, USABLE), IN(0x9f000, 0x61000, RESERVED),
    IN(0x100000, 0x700000, USABLE), IN(0x800000, 0x100000, RESERVED),
    IN(0x900000, 0x3700000, USABLE),
};

struct alloc_case {
    const char *name;
    uint64_t size, align;
    paddr_t limit;
    paddr_t want;               /* 0: fails */
};

static const struct alloc_case alloc_cases[] = {
    { "one page: never page 0", 0x1000, 0x1000, MAXADDR, 0x1000 },
    { "one byte, align 0: a page", 1, 0, MAXADDR, 0x1000 },
    { "align below a page: a page", 0x1000, 0x800, MAXADDR, 0x1000 },
    { "three pages", 0x3000, 0x1000, MAXADDR, 0x1000 },
    { "exact fit of the low range", 0x9e000, 0x1000, MAXADDR, 0x1000 },
    { "one page too many for low: next range", 0x9f000, 0x1000, MAXADDR, 0x100000 },
    { "2 MiB aligned page", 0x1000, 0x200000, MAXADDR, 0x200000 },
    { "2 MiB aligned 2 MiB", 0x200000, 0x200000, MAXADDR, 0x200000 },
    { "1 MiB aligned, first fit at 1M", 0x100000, 0x100000, MAXADDR, 0x100000 },
    { "exact fit of [1M, 8M)", 0x700000, 0x1000, MAXADDR, 0x100000 },
    { "a byte more than [1M, 8M)", 0x700001, 0x1000, MAXADDR, 0x900000 },
    { "16 MiB aligned", 0x1000, 0x1000000, MAXADDR, 0x1000000 },
    { "limit leaves only page 0", 0x1000, 0x1000, 0x1000, 0 },
    { "limit 0", 0x1000, 0x1000, 0, 0 },
    { "limit exactly fits", 0x1000, 0x1000, 0x2000, 0x1000 },
    { "limit one page short", 0x2000, 0x1000, 0x2000, 0 },
    { "limit below a big enough range", 0x100000, 0x1000, 0x100000, 0 },
    { "limit at the end of it", 0x100000, 0x1000, 0x200000, 0x100000 },
    { "limit cuts the aligned start out", 0x1000, 0x200000, 0x200000, 0 },
    { "bigger than any range", 0x3800000, 0x1000, MAXADDR, 0 },
    { "size 0", 0, 0x1000, MAXADDR, 0 },
    { "size 2^64-1", MAXADDR, 0x1000, MAXADDR, 0 },
    { "align not a power of two", 0x1000, 0x3000, MAXADDR, 0 },
    { "align 2^63", 0x1000, 1ull << 63, MAXADDR, 0 },
};

static void test_alloc_table(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(alloc_cases); i++) {
        const struct alloc_case *c = &alloc_cases[i];
        uint64_t usable, rounded = (c->size + PG - 1) & ~(PG - 1);
        paddr_t got;

        CU_ASSERT_FATAL(memmap_build(&mm, alloc_base, ARRAY_SIZE(alloc_base),
                                     NULL) == 0);
        usable = memmap_total(&mm, USABLE);
        got = memmap_alloc(&mm, c->size, c->align, c->limit);
        EXPECT_EQ(c->name, got, c->want);
        check_canonical(c->name);
        if (c->want) {
            EXPECT_EQ(c->name, memmap_total(&mm, HV), rounded);
            EXPECT_EQ(c->name, memmap_total(&mm, USABLE), usable - rounded);
            EXPECT_EQ(c->name, map_type_at(got), HV);
            EXPECT_EQ(c->name, map_type_at(got + rounded - 1), HV);
        } else {
            EXPECT_EQ(c->name, memmap_total(&mm, HV), 0);
            EXPECT_EQ(c->name, memmap_total(&mm, USABLE), usable);
        }
    }
}

/* Allocations in a row: lowest first, and the MEM_HV ranges merge. */
static void test_alloc_sequence(void)
{
    static const struct mem_range want[] = {
        OUT(0, 0x1000, USABLE), OUT(0x1000, 0xb000, HV),
        OUT(0xb000, 0x9f000, USABLE), OUT(0x9f000, 0x100000, RESERVED),
        OUT(0x100000, 0x800000, USABLE), OUT(0x800000, 0x900000, RESERVED),
        OUT(0x900000, 0x4000000, USABLE),
    };

    CU_ASSERT_FATAL(memmap_build(&mm, alloc_base, ARRAY_SIZE(alloc_base),
                                 NULL) == 0);
    for (unsigned int k = 0; k < 10; k++)
        EXPECT_EQ("alloc in a row", memmap_alloc(&mm, PG, PG, MAXADDR),
                  0x1000 + k * PG);
    check_map("alloc in a row", want, ARRAY_SIZE(want));
}

/* Nothing usable, or only page 0: nothing to hand out. */
static void test_alloc_nothing(void)
{
    static const struct boot_mem_range only_reserved[] = {
        IN(0, 0x100000, RESERVED),
    };
    static const struct boot_mem_range only_page0[] = {
        IN(0, 0x1000, USABLE), IN(0x1000, 0x1000, RESERVED),
    };

    CU_ASSERT_FATAL(memmap_build(&mm, only_reserved, 1, NULL) == 0);
    EXPECT_EQ("only reserved", memmap_alloc(&mm, PG, PG, MAXADDR), 0);
    CU_ASSERT_FATAL(memmap_build(&mm, only_page0, 2, NULL) == 0);
    EXPECT_EQ("only page 0 usable", memmap_alloc(&mm, PG, PG, MAXADDR), 0);
    CU_ASSERT_FATAL(memmap_build(&mm, NULL, 0, NULL) == 0);
    EXPECT_EQ("empty map", memmap_alloc(&mm, PG, PG, MAXADDR), 0);
}

/* A full map: taking a usable range's first page needs a split, so it fails. */
static void test_alloc_full(void)
{
    static struct memmap before;

    fill_map();
    before = mm;
    EXPECT_EQ("alloc in a full map", memmap_alloc(&mm, PG, PG, MAXADDR), 0);
    CU_ASSERT(memcmp(&before, &mm, sizeof(mm)) == 0);
    /* Taking a whole usable range needs no new entry. */
    EXPECT_EQ("alloc a whole range in a full map",
              memmap_alloc(&mm, 2 * PG, PG, MAXADDR), 0x100000);
    EXPECT_EQ("alloc a whole range in a full map", mm.nr, MEMMAP_MAX);
}

/* ---- totals, RAM end, names ---- */

static const struct boot_mem_range totals_in[] = {
    IN(0x1000, 0x9e000, USABLE), IN(0x9f000, 0x61000, RESERVED),
    IN(0x100000, 0x700000, USABLE), IN(0x800000, 0x10000, ACPI),
    IN(0x1000000, 0x100000, BOOT), IN(0x2000000, 0x1000, NVS),
    IN(0xfec00000, 0x1000, MMIO), IN(0x100000000, 0x1000, RESERVED),
};

struct total_case {
    uint32_t type;
    uint64_t want;
};

static const struct total_case total_cases[] = {
    { USABLE, 0x9e000 + 0x700000 }, { RESERVED, 0x61000 + 0x1000 },
    { ACPI, 0x10000 }, { BOOT, 0x100000 }, { NVS, 0x1000 }, { MMIO, 0x1000 },
    { UNUSABLE, 0 }, { RUNTIME, 0 }, { HV, 0 }, { 77, 0 },
};

static void test_totals(void)
{
    CU_ASSERT_FATAL(memmap_build(&mm, totals_in, ARRAY_SIZE(totals_in),
                                 NULL) == 0);
    for (unsigned int i = 0; i < ARRAY_SIZE(total_cases); i++)
        EXPECT_EQ(memmap_type_name(total_cases[i].type),
                  memmap_total(&mm, total_cases[i].type), total_cases[i].want);
}

struct ram_end_case {
    const char *name;
    unsigned int n;
    struct boot_mem_range in[4];
    paddr_t want;
};

static const struct ram_end_case ram_end_cases[] = {
    { "empty map", 0, { { 0 } }, 0 },
    { "only reserved", 1, { IN(0x1000, 0x1000, RESERVED) }, 0 },
    { "usable", 2, { IN(0x1000, 0x1000, USABLE), IN(0x100000, 0x100000, USABLE) },
      0x200000 },
    { "boot above usable", 2,
      { IN(0x100000, 0x100000, USABLE), IN(0x1000000, 0x100000, BOOT) }, 0x1100000 },
    { "hv above usable", 2,
      { IN(0x100000, 0x100000, USABLE), IN(0x400000, 0x1000, HV) }, 0x401000 },
    { "reserved, acpi, mmio above RAM do not count", 4,
      { IN(0x100000, 0x100000, USABLE), IN(0x300000, 0x1000, ACPI),
        IN(0xfec00000, 0x1000, MMIO), IN(0x100000000, 0x1000, RESERVED) },
      0x200000 },
};

static void test_ram_end(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(ram_end_cases); i++) {
        const struct ram_end_case *c = &ram_end_cases[i];

        CU_ASSERT_FATAL(memmap_build(&mm, c->in, c->n, NULL) == 0);
        EXPECT_EQ(c->name, memmap_ram_end(&mm), c->want);
    }
}

struct name_case {
    uint32_t type;
    const char *want;
};

static const struct name_case name_cases[] = {
    { USABLE, "usable" }, { RESERVED, "reserved" }, { ACPI, "acpi" },
    { NVS, "nvs" }, { UNUSABLE, "unusable" }, { BOOT, "boot" },
    { RUNTIME, "runtime" }, { MMIO, "mmio" }, { HV, "hv" },
    { 0, "unknown" }, { 9, "unknown" }, { 0xffffffff, "unknown" },
};

static void test_type_names(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(name_cases); i++) {
        const char *got = memmap_type_name(name_cases[i].type);

        if (strcmp(got, name_cases[i].want))
            fprintf(stderr, "  type %u: returned \"%s\", expected \"%s\"\n",
                    name_cases[i].type, got, name_cases[i].want);
        CU_ASSERT_STRING_EQUAL(got, name_cases[i].want);
    }
}

const CU_TestInfo memmap_use_tests[] = {
    { "reserve: table", test_reserve_table },
    { "reserve: full map", test_reserve_full },
    { "alloc: table", test_alloc_table },
    { "alloc: in a row", test_alloc_sequence },
    { "alloc: nothing usable", test_alloc_nothing },
    { "alloc: full map", test_alloc_full },
    { "totals", test_totals },
    { "ram end", test_ram_end },
    { "type names", test_type_names },
    CU_TEST_INFO_NULL,
};
