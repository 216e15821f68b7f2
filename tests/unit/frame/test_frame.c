/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the frame table and buddy allocator
 * (hypervisor/core/frame.c): what frame_free_range adds, alignment of each
 * order, exhaustion, coalescing, every way frame_free refuses, the owners'
 * frame lists (frame_alloc_assign, frame_unassign, and frame_list_count
 * catching a broken list), and a seeded random alloc/unassign/free run
 * checked against a shadow of who owns what.
 *
 * Free blocks are observed through behaviour only (what frame_alloc can
 * still hand out), never through the allocator's private lists.
 *
 * Scrubbing: the frames' contents are a shadow byte each (0 = zero),
 * which starts as garbage, is zeroed only by arch_clear_frames (here a
 * stub that also checks it is only asked to clear dirty frames), and is
 * dirtied by whoever holds a frame. Every frame frame_alloc hands out must
 * read zero: boot memory is scrubbed when it is added, freed memory
 * before it is reused.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#include <hv/errno.h>
#include <hv/frame.h>

static struct frame *table;
static uint8_t *content;                /* per frame: 0 zero, else what is in it */
static unsigned int bad_clears;

#define GARBAGE 0xa5                    /* what boot memory holds */

void arch_clear_frames(mfn_t mfn, mfn_t nr)
{
    for (mfn_t m = mfn; m < mfn + nr; m++) {
        if (m >= frame_table_size || table[m].state != FRAME_DIRTY) {
            fprintf(stderr, "  arch_clear_frames of mfn %#llx, state %u: not dirty\n",
                    (unsigned long long)m, m < frame_table_size ? table[m].state : 0);
            bad_clears++;
            continue;
        }
        content[m] = 0;
    }
}

void arch_cpu_relax(void)
{
}

/*
 * idle_scrub - what the idle loop does, block by block, until about
 * @frames are scrubbed or nothing is left to claim. Returns the dirty
 * frames left.
 */
static uint64_t idle_scrub(uint64_t frames)
{
    struct frame_scrub s;

    for (uint64_t done = 0; done < frames && frame_scrub_claim(&s); done += s.nr) {
        arch_clear_frames(s.mfn, s.nr);
        frame_scrub_done(&s);
        frame_scrub_finish(&s);
    }
    return frame_dirty_count();
}

/* setup - a fresh table of @nr frames, all reserved, holding garbage. */
static void setup(mfn_t nr)
{
    free(table);
    free(content);
    table = calloc(nr ? nr : 1, sizeof(*table));
    content = malloc(nr ? nr : 1);
    CU_ASSERT_FATAL(table != NULL && content != NULL);
    memset(content, GARBAGE, nr ? nr : 1);
    bad_clears = 0;
    frame_table_init(table, nr);
}

static void teardown(void)
{
    EXPECT_EQ("arch_clear_frames only of dirty frames", bad_clears, 0);
    free(table);
    free(content);
    table = NULL;
    content = NULL;
}

/*
 * largest_order - the largest order frame_alloc can satisfy now, or -1.
 * Leaves the allocator as it found it (the block goes straight back).
 */
static int largest_order(void)
{
    for (int k = FRAME_MAX_ORDER; k >= 0; k--) {
        mfn_t m = frame_alloc((unsigned int)k);

        if (m != MFN_INVALID) {
            CU_ASSERT(frame_free(m, (unsigned int)k) == 0);
            return k;
        }
    }
    return -1;
}

/*
 * check_free_heads - walk the table: the free and dirty block heads (free
 * or dirty frames with a valid order; hv/frame.h: only a head carries its
 * order) must be aligned, be followed by 2^order non-head frames of the
 * same state, and add up to the free count (the dirty ones to the dirty
 * count). Free frames must be zero. Returns false (and says why) on the
 * first breach.
 */
static bool check_free_heads(const char *label)
{
    uint64_t sum = 0, dirty = 0;

    for (mfn_t m = 0; m < frame_table_size; m++) {
        mfn_t size;

        if (table[m].state != FRAME_FREE && table[m].state != FRAME_DIRTY)
            continue;
        if (table[m].order > FRAME_MAX_ORDER) {
            fprintf(stderr, "  %s: free mfn %#llx is in no block\n", label,
                    (unsigned long long)m);
            return false;
        }
        size = (mfn_t)1 << table[m].order;
        if (m % size || m + size > frame_table_size) {
            fprintf(stderr, "  %s: free head %#llx misaligned for order %u\n",
                    label, (unsigned long long)m, table[m].order);
            return false;
        }
        for (mfn_t t = m; t < m + size; t++) {
            if (table[t].state != table[m].state ||
                (t > m && table[t].order <= FRAME_MAX_ORDER)) {
                fprintf(stderr, "  %s: mfn %#llx inside free block %#llx is "
                        "state %u order %u\n", label, (unsigned long long)t,
                        (unsigned long long)m, table[t].state, table[t].order);
                return false;
            }
            if (table[t].state == FRAME_FREE && content[t]) {
                fprintf(stderr, "  %s: free mfn %#llx is not zero\n", label,
                        (unsigned long long)t);
                return false;
            }
        }
        if (table[m].state == FRAME_DIRTY)
            dirty += size;
        sum += size;
        m += size - 1;
    }
    if (dirty != frame_dirty_count()) {
        fprintf(stderr, "  %s: dirty blocks hold %llu frames, dirty count %llu\n",
                label, (unsigned long long)dirty,
                (unsigned long long)frame_dirty_count());
        return false;
    }
    if (sum != frame_free_count()) {
        fprintf(stderr, "  %s: free blocks hold %llu frames, free count %llu\n",
                label, (unsigned long long)sum,
                (unsigned long long)frame_free_count());
        return false;
    }
    return true;
}

/* ---- frame_table_init ---- */

static void test_init(void)
{
    static const mfn_t sizes[] = { 0, 1, 7, 1024 };

    for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
        unsigned int not_reserved = 0;

        setup(sizes[i]);
        for (mfn_t m = 0; m < sizes[i]; m++)
            not_reserved += table[m].state != FRAME_RESERVED ||
                            table[m].owner != DOMID_NONE;
        EXPECT_EQ("init: frames not reserved", not_reserved, 0);
        EXPECT_EQ("init: table size", frame_table_size, sizes[i]);
        EXPECT_EQ("init: free count", frame_free_count(), 0);
        EXPECT_EQ("init: alloc from nothing", frame_alloc(0), MFN_INVALID);
    }
    teardown();
}

/* ---- frame_free_range ---- */

struct range_case {
    const char *name;
    mfn_t table;                /* frames in the table */
    unsigned int n;
    struct { mfn_t start, end; uint64_t added; } r[3];
    uint64_t free;              /* free count after all ranges */
    int largest;                /* largest order allocatable afterwards */
};

static const struct range_case range_cases[] = {
    { "whole table", 1024, 1, { { 0, 1024, 1024 } }, 1024, 10 },
    { "unaligned start", 1024, 1, { { 1, 1024, 1023 } }, 1023, 9 },
    { "three frames from 1", 1024, 1, { { 1, 4, 3 } }, 3, 1 },
    { "empty range", 1024, 1, { { 5, 5, 0 } }, 0, -1 },
    { "end before start", 1024, 1, { { 10, 3, 0 } }, 0, -1 },
    { "clamped at the table end", 1024, 1, { { 1000, 2000, 24 } }, 24, 4 },
    { "wholly outside the table", 1024, 1, { { 2000, 3000, 0 } }, 0, -1 },
    { "odd table size", 1000, 1, { { 0, 1000, 1000 } }, 1000, 9 },
    { "the same range twice", 1024, 2, { { 0, 16, 16 }, { 0, 16, 0 } }, 16, 4 },
    { "overlapping ranges", 1024, 2, { { 0, 16, 16 }, { 8, 24, 8 } }, 24, 4 },
    { "piecewise merges like at once", 1024, 3,
      { { 0, 3, 3 }, { 3, 5, 2 }, { 5, 8, 3 } }, 8, 3 },
    { "halves merge into the whole", 1024, 2,
      { { 512, 1024, 512 }, { 0, 512, 512 } }, 1024, 10 },
    { "hole in the middle", 1024, 2, { { 0, 100, 100 }, { 101, 1024, 923 } },
      1023, 9 },
    { "largest order is capped", (mfn_t)1 << (FRAME_MAX_ORDER + 1), 1,
      { { 0, (mfn_t)1 << (FRAME_MAX_ORDER + 1), (uint64_t)1 << (FRAME_MAX_ORDER + 1) } },
      (uint64_t)1 << (FRAME_MAX_ORDER + 1), FRAME_MAX_ORDER },
};

static void test_free_range(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(range_cases); i++) {
        const struct range_case *c = &range_cases[i];

        setup(c->table);
        for (unsigned int k = 0; k < c->n; k++)
            EXPECT_EQ(c->name, frame_free_range(c->r[k].start, c->r[k].end),
                      c->r[k].added);
        EXPECT_EQ(c->name, frame_free_count(), c->free);
        CU_ASSERT(check_free_heads(c->name));
        EXPECT_EQ(c->name, largest_order(), c->largest);
        EXPECT_EQ(c->name, frame_free_count(), c->free);
    }
    teardown();
}

/* Frames already handed out are skipped by a later frame_free_range. */
static void test_free_range_skips_allocated(void)
{
    mfn_t m;

    setup(64);
    EXPECT_EQ("free 0..32", frame_free_range(0, 32), 32);
    m = frame_alloc(5);
    EXPECT_EQ("alloc all 32", m, 0);
    EXPECT_EQ("free 0..64 over the allocated block", frame_free_range(0, 64), 32);
    EXPECT_EQ("allocated head untouched", table[0].state, FRAME_ALLOCATED);
    EXPECT_EQ("free count", frame_free_count(), 32);
    EXPECT_EQ("give it back", frame_free(m, 5), 0);
    EXPECT_EQ("all merged", largest_order(), 6);
    teardown();
}

/* ---- frame_alloc ---- */

static void test_alloc_each_order(void)
{
    const mfn_t nr = (mfn_t)1 << (FRAME_MAX_ORDER + 1);
    mfn_t got[FRAME_MAX_ORDER + 1];
    uint64_t expect_free = nr;

    setup(nr);
    EXPECT_EQ("free all", frame_free_range(0, nr), nr);
    for (unsigned int k = 0; k <= FRAME_MAX_ORDER; k++) {
        char label[48];
        mfn_t m = frame_alloc(k);
        bool aligned = m != MFN_INVALID && (m & (((mfn_t)1 << k) - 1)) == 0 &&
                       m + ((mfn_t)1 << k) <= nr;

        snprintf(label, sizeof(label), "alloc order %u", k);
        got[k] = m;
        if (!aligned)
            fprintf(stderr, "  %s: returned %#llx, expected an aligned block\n",
                    label, (unsigned long long)m);
        CU_ASSERT(aligned);
        if (!aligned)
            continue;
        expect_free -= (uint64_t)1 << k;
        EXPECT_EQ(label, frame_free_count(), expect_free);
        EXPECT_EQ(label, table[m].state, FRAME_ALLOCATED);
        EXPECT_EQ(label, table[m].order, k);
        EXPECT_EQ(label, table[m + ((mfn_t)1 << k) - 1].state, FRAME_ALLOCATED);
    }
    for (unsigned int k = 0; k <= FRAME_MAX_ORDER; k++)
        if (got[k] != MFN_INVALID)
            EXPECT_EQ("free each order", frame_free(got[k], k), 0);
    EXPECT_EQ("all back", frame_free_count(), nr);
    EXPECT_EQ("max order again", largest_order(), FRAME_MAX_ORDER);
    teardown();
}

struct bad_order_case {
    unsigned int order;
};

static const struct bad_order_case bad_orders[] = {
    { FRAME_MAX_ORDER + 1 }, { 63 }, { 64 }, { 0xffffffffu },
};

static void test_alloc_bad_order(void)
{
    setup(1024);
    frame_free_range(0, 1024);
    for (unsigned int i = 0; i < ARRAY_SIZE(bad_orders); i++) {
        EXPECT_EQ("alloc of a too large order", frame_alloc(bad_orders[i].order),
                  MFN_INVALID);
        EXPECT_EQ("free count unchanged", frame_free_count(), 1024);
    }
    /* Valid order, but more than the table holds. */
    EXPECT_EQ("alloc larger than memory", frame_alloc(11), MFN_INVALID);
    teardown();
}

static void test_exhaust(void)
{
    static mfn_t got[64];
    bool seen[64] = { false };

    setup(64);
    frame_free_range(0, 64);
    for (unsigned int i = 0; i < 64; i++) {
        got[i] = frame_alloc(0);
        CU_ASSERT_FATAL(got[i] < 64);
        if (seen[got[i]])
            fprintf(stderr, "  exhaust: mfn %llu handed out twice\n",
                    (unsigned long long)got[i]);
        CU_ASSERT(!seen[got[i]]);
        seen[got[i]] = true;
    }
    EXPECT_EQ("exhausted: free count", frame_free_count(), 0);
    EXPECT_EQ("exhausted: order 0", frame_alloc(0), MFN_INVALID);
    EXPECT_EQ("exhausted: order 1", frame_alloc(1), MFN_INVALID);
    /* Give them back in a scrambled order; they must merge into one block. */
    for (unsigned int i = 0; i < 64; i++)
        EXPECT_EQ("free back", frame_free(got[(i * 37) % 64], 0), 0);
    EXPECT_EQ("all back", frame_free_count(), 64);
    CU_ASSERT(check_free_heads("exhaust: all back"));
    EXPECT_EQ("coalesced to order 6", frame_alloc(6), 0);
    EXPECT_EQ("then nothing", frame_alloc(0), MFN_INVALID);
    teardown();
}

/* A freed block starts clean for its next owner. */
static void test_free_clears_owner(void)
{
    mfn_t m;

    setup(16);
    frame_free_range(0, 16);
    m = frame_alloc(1);
    table[m].data = 0x1234;
    table[m].linear = -2;
    table[m + 1].count_info = 5;
    table[m + 1].type_info = 7;
    EXPECT_EQ("free", frame_free(m, 1), 0);
    EXPECT_EQ("owner none", table[m].owner, DOMID_NONE);
    EXPECT_EQ("data cleared", table[m].data, 0);
    EXPECT_EQ("linear count cleared", table[m].linear, 0);
    EXPECT_EQ("count cleared", table[m + 1].count_info, 0);
    EXPECT_EQ("type cleared", table[m + 1].type_info, 0);
    teardown();
}

/* ---- frame_free refusals ---- */

/*
 * The setup for every case: a 48-frame table; frames [0, 32) freed and
 * [32, 48) reserved; then A = frame_alloc(2) and B = frame_alloc(0).
 */
enum base { ABS, REL_A, REL_B };

struct free_case {
    const char *name;
    enum base base;
    mfn_t off;                  /* mfn = base + off */
    unsigned int order;
    int rc;
};

static const struct free_case free_cases[] = {
    { "A, its order", REL_A, 0, 2, 0 },
    { "B, its order", REL_B, 0, 0, 0 },
    { "A, order too small", REL_A, 0, 1, -EINVAL },
    { "A, order too large", REL_A, 0, 3, -EINVAL },
    { "A, order 0", REL_A, 0, 0, -EINVAL },
    { "inside A, order 0", REL_A, 1, 0, -EINVAL },
    { "inside A, order 1", REL_A, 2, 1, -EINVAL },
    { "inside A, misaligned for order 2", REL_A, 1, 2, -EINVAL },
    { "reserved frame", ABS, 40, 0, -EINVAL },
    { "reserved block", ABS, 32, 3, -EINVAL },
    { "free frame never allocated", ABS, 31, 0, -EINVAL },
    { "block partly outside the table", ABS, 32, 5, -EINVAL },
    { "first frame past the table", ABS, 48, 0, -EINVAL },
    { "far outside the table", ABS, 1000000, 0, -EINVAL },
    { "MFN_INVALID", ABS, MFN_INVALID, 0, -EINVAL },
    { "order above the maximum", ABS, 0, FRAME_MAX_ORDER + 1, -EINVAL },
    { "order 63", ABS, 0, 63, -EINVAL },
    { "order 64", ABS, 0, 64, -EINVAL },
};

static void test_free_refused(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(free_cases); i++) {
        const struct free_case *c = &free_cases[i];
        mfn_t a, b, mfn;
        uint64_t before;

        setup(48);
        frame_free_range(0, 32);
        a = frame_alloc(2);
        b = frame_alloc(0);
        CU_ASSERT_FATAL(a != MFN_INVALID && b != MFN_INVALID);
        mfn = c->off + (c->base == REL_A ? a : c->base == REL_B ? b : 0);
        before = frame_free_count();

        EXPECT_EQ(c->name, frame_free(mfn, c->order), c->rc);
        if (c->rc) {
            EXPECT_EQ(c->name, frame_free_count(), before);
            EXPECT_EQ(c->name, table[a].state, FRAME_ALLOCATED);
            EXPECT_EQ(c->name, table[b].state, FRAME_ALLOCATED);
            EXPECT_EQ(c->name, table[40].state, FRAME_RESERVED);
        }
    }
    teardown();
}

/* A second free of the same block is refused and changes nothing. */
static void test_double_free(void)
{
    mfn_t a;

    setup(32);
    frame_free_range(0, 32);
    a = frame_alloc(3);
    EXPECT_EQ("first free", frame_free(a, 3), 0);
    EXPECT_EQ("first free: count", frame_free_count(), 32);
    EXPECT_EQ("double free", frame_free(a, 3), -EINVAL);
    EXPECT_EQ("double free: count", frame_free_count(), 32);
    EXPECT_EQ("double free: still one block", largest_order(), 5);
    /* After a merge the old head is inside a larger free block. */
    EXPECT_EQ("free of a merged head", frame_free(0, 3), -EINVAL);
    EXPECT_EQ("free of a merged head: count", frame_free_count(), 32);
    teardown();
}

/* ---- owners' frame lists ---- */

/*
 * The list steps name frames by when they were allocated: 'a' the first,
 * 'b' the next, ... (a block's frames in address order).
 */
static mfn_t mfn_of[26];
static char name_of[16];
static unsigned int named;

/*
 * list_is - @l holds exactly the frames @want names (head first), linked
 * both ways and owned by @l's owner (frame_list_count); says what differs.
 */
static bool list_is(const char *label, const struct frame_list *l, const char *want)
{
    char got[32];
    size_t n = 0;
    long count = frame_list_count(l);

    for (mfn_t m = l->head; m != FRAME_NONE && n < sizeof(got) - 1;
         m = table[m].next)
        got[n++] = m < ARRAY_SIZE(name_of) && name_of[m] ? name_of[m] : '?';
    got[n] = '\0';
    if (strcmp(got, want) || count != (long)strlen(want)) {
        fprintf(stderr, "  %s: list of owner %u is \"%s\" (frame_list_count "
                "%ld), expected \"%s\"\n", label, l->owner, got, count, want);
        return false;
    }
    return true;
}

/*
 * Two lists, A (owner 1) and B (owner 2), over a 16-frame table: frames
 * [0, 12) freed, [12, 16) reserved. The steps run in order, each on what
 * the previous left; each says what both lists hold after it.
 */
struct list_step {
    const char *name;
    char op;                    /* 'n' frame_alloc_assign(order), 'u' frame_unassign, 'f' frame_free(m, 0) */
    char list;                  /* 'A' or 'B' */
    unsigned int order;         /* 'n' */
    char frame;                 /* 'u', 'f': a frame's name, or '#': the MFN raw */
    mfn_t raw;
    int rc;                     /* 'n': 0, or -ENOMEM for MFN_INVALID */
    const char *a, *b;
};

static const struct list_step list_steps[] = {
    { "A takes a frame", 'n', 'A', 0, 0, 0, 0, "a", "" },
    { "A takes another", 'n', 'A', 0, 0, 0, 0, "ba", "" },
    { "B takes four at once", 'n', 'B', 2, 0, 0, 0, "ba", "cdef" },
    { "A takes a third", 'n', 'A', 0, 0, 0, 0, "gba", "cdef" },
    { "unassign A's a from B", 'u', 'B', 0, 'a', 0, -EINVAL, "gba", "cdef" },
    { "free b (owned)", 'f', 'A', 0, 'b', 0, -EINVAL, "gba", "cdef" },
    { "unassign b (middle)", 'u', 'A', 0, 'b', 0, 0, "ga", "cdef" },
    { "free b (owned by nobody now)", 'f', 'A', 0, 'b', 0, 0, "ga", "cdef" },
    { "unassign freed b", 'u', 'A', 0, 'b', 0, -EINVAL, "ga", "cdef" },
    { "unassign g (head)", 'u', 'A', 0, 'g', 0, 0, "a", "cdef" },
    { "unassign e (inside a block taken at once)", 'u', 'B', 0, 'e', 0, 0, "a", "cdf" },
    { "unassign f (tail)", 'u', 'B', 0, 'f', 0, 0, "a", "cd" },
    { "unassign f again", 'u', 'B', 0, 'f', 0, -EINVAL, "a", "cd" },
    { "A takes more than is free", 'n', 'A', 4, 0, 0, -ENOMEM, "a", "cd" },
    { "A takes an order too big", 'n', 'A', FRAME_MAX_ORDER + 1, 0, 0, -ENOMEM, "a", "cd" },
    { "unassign a reserved frame", 'u', 'A', 0, '#', 12, -EINVAL, "a", "cd" },
    { "unassign past the table", 'u', 'A', 0, '#', 16, -EINVAL, "a", "cd" },
    { "unassign MFN_INVALID", 'u', 'A', 0, '#', MFN_INVALID, -EINVAL, "a", "cd" },
    { "unassign a (the last of A)", 'u', 'A', 0, 'a', 0, 0, "", "cd" },
    { "unassign c", 'u', 'B', 0, 'c', 0, 0, "", "d" },
    { "unassign d", 'u', 'B', 0, 'd', 0, 0, "", "" },
};

/* One 'n' step: the frames named, each owned with its reference; 0 or -ENOMEM. */
static int list_step_alloc(const struct list_step *c, struct frame_list *l)
{
    mfn_t m = frame_alloc_assign(l, c->order);

    if (m == MFN_INVALID)
        return -ENOMEM;
    for (mfn_t i = m; i < m + ((mfn_t)1 << c->order); i++) {
        EXPECT_EQ(c->name, table[i].owner, l->owner);
        EXPECT_EQ(c->name, table[i].count_info, 1);
        name_of[i] = (char)('a' + named);
        mfn_of[named++] = i;
    }
    return 0;
}

static void test_list_steps(void)
{
    struct frame_list a, b;

    setup(16);
    frame_free_range(0, 12);
    memset(name_of, 0, sizeof(name_of));
    named = 0;
    frame_list_init(&a, 1);
    frame_list_init(&b, 2);
    CU_ASSERT(list_is("empty", &a, ""));
    for (unsigned int i = 0; i < ARRAY_SIZE(list_steps); i++) {
        const struct list_step *c = &list_steps[i];
        struct frame_list *l = c->list == 'A' ? &a : &b;
        mfn_t m = c->op == 'n' ? MFN_INVALID
                : c->frame == '#' ? c->raw : mfn_of[c->frame - 'a'];
        uint64_t free_before = frame_free_count();
        int rc = c->op == 'n' ? list_step_alloc(c, l)
               : c->op == 'u' ? frame_unassign(l, m) : frame_free(m, 0);

        EXPECT_EQ(c->name, rc, c->rc);
        CU_ASSERT(list_is(c->name, &a, c->a));
        CU_ASSERT(list_is(c->name, &b, c->b));
        if (c->op == 'u' && !rc)
            EXPECT_EQ(c->name, table[m].owner, DOMID_NONE);
        if (rc)
            EXPECT_EQ(c->name, frame_free_count(), free_before);
    }
    teardown();
}

/*
 * frame_list_count refuses a list the frame table does not back: each case
 * takes frames 0-3 for owner 1 (the list 0 -> 1 -> 2 -> 3), then breaks one
 * thing.
 */
struct broken_case {
    const char *name;
    void (*brk)(struct frame_list *l);
};

static void brk_owner(struct frame_list *l) { (void)l; table[1].owner = DOMID_NONE; }
static void brk_other_owner(struct frame_list *l) { (void)l; table[1].owner = 7; }
static void brk_back_link(struct frame_list *l) { (void)l; table[2].prev = 0; }
static void brk_head_prev(struct frame_list *l) { (void)l; table[0].prev = 2; }
static void brk_nr_low(struct frame_list *l) { l->nr--; }
static void brk_nr_high(struct frame_list *l) { l->nr++; }
static void brk_cycle(struct frame_list *l) { (void)l; table[3].next = 0; }
static void brk_past_table(struct frame_list *l) { (void)l; table[3].next = 1000; }
static void brk_freed(struct frame_list *l) { (void)l; table[1].state = FRAME_DIRTY; }

static const struct broken_case broken_cases[] = {
    { "a listed frame owned by nobody", brk_owner },
    { "a listed frame owned by another", brk_other_owner },
    { "a back link wrong", brk_back_link },
    { "the head has a previous frame", brk_head_prev },
    { "nr one short", brk_nr_low },
    { "nr one too many", brk_nr_high },
    { "a cycle", brk_cycle },
    { "a link past the table", brk_past_table },
    { "a listed frame not allocated", brk_freed },
};

static void test_list_broken(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(broken_cases); i++) {
        struct frame_list l;

        setup(16);
        frame_free_range(0, 16);
        frame_list_init(&l, 1);
        CU_ASSERT_FATAL(frame_alloc_assign(&l, 2) == 0);
        EXPECT_EQ("intact", frame_list_count(&l), 4);
        broken_cases[i].brk(&l);
        EXPECT_EQ(broken_cases[i].name, frame_list_count(&l), -EINVAL);
    }
    teardown();
}

/* ---- random stress against a shadow ---- */

#define STRESS_FRAMES   4096
#define STRESS_HELD     512

static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/*
 * The stress run's two owners: a frame held as a single-frame allocation
 * may be on one of their lists (on_list[m] 0 or 1, -1 none).
 */
static struct frame_list stress_lists[2];
static int8_t on_list[STRESS_FRAMES];
static long on_list_count[2];

/* Each list as long as the shadow says, and every frame's owner as it says. */
static bool check_lists(unsigned int step)
{
    for (unsigned int i = 0; i < 2; i++) {
        long n = frame_list_count(&stress_lists[i]);

        if (n != on_list_count[i]) {
            fprintf(stderr, "  stress step %u: list %u counts %ld, expected %ld\n",
                    step, i, n, on_list_count[i]);
            return false;
        }
    }
    for (mfn_t m = 0; m < STRESS_FRAMES; m++) {
        unsigned int want = on_list[m] < 0 ? DOMID_NONE : stress_lists[on_list[m]].owner;

        if (table[m].owner != want) {
            fprintf(stderr, "  stress step %u: mfn %#llx owner %u, expected %u\n",
                    step, (unsigned long long)m, table[m].owner, want);
            return false;
        }
    }
    return true;
}

/* Take held single frame @m off its list, if it is on one. */
static bool stress_unassign(unsigned int step, mfn_t m)
{
    int rc;

    if (on_list[m] < 0)
        return true;
    rc = frame_unassign(&stress_lists[on_list[m]], m);
    if (rc) {
        fprintf(stderr, "  stress step %u: unassign of %#llx returned %d, expected 0\n",
                step, (unsigned long long)m, rc);
        return false;
    }
    on_list_count[on_list[m]]--;
    on_list[m] = -1;
    return true;
}

static void test_stress(void)
{
    const char *env = getenv("UNIT_SEED");
    uint64_t seed = env ? strtoull(env, NULL, 0) : 0xf4a3e5eedull;
    static struct { mfn_t mfn; unsigned int order; } held[STRESS_HELD];
    static bool owned[STRESS_FRAMES], reserved[STRESS_FRAMES];
    unsigned int nheld = 0, errors = 0;
    uint64_t usable = 0, in_use = 0;

    memset(on_list, -1, sizeof(on_list));
    on_list_count[0] = on_list_count[1] = 0;
    frame_list_init(&stress_lists[0], 1);
    frame_list_init(&stress_lists[1], 2);

    rng_state = seed ? seed : 1;
    printf("\n    frame stress: seed %#llx (set UNIT_SEED to repeat)\n",
           (unsigned long long)seed);
    setup(STRESS_FRAMES);
    /* Free all but a few reserved holes of odd sizes. */
    for (mfn_t m = 0; m < STRESS_FRAMES; m++)
        reserved[m] = (m >= 100 && m < 103) || (m >= 1000 && m < 1024) ||
                      m == 2047 || m >= 4000;
    for (mfn_t m = 0; m < STRESS_FRAMES; m++) {
        if (!reserved[m]) {
            mfn_t e = m;

            while (e < STRESS_FRAMES && !reserved[e])
                e++;
            usable += frame_free_range(m, e);
            m = e;
        }
    }
    EXPECT_EQ("stress: usable", usable, STRESS_FRAMES - 3 - 24 - 1 - 96);

    for (unsigned int step = 0; step < 200000 && errors < 5; step++) {
        bool do_alloc = nheld == 0 || (nheld < STRESS_HELD && rng() % 2);

        if (do_alloc) {
            unsigned int order = (unsigned int)(rng() % 100 < 70 ? rng() % 3 : rng() % 9);
            mfn_t size = (mfn_t)1 << order;
            /* Two thirds of the small ones for an owner, held frame by frame. */
            int owner = order <= 2 && nheld + size <= STRESS_HELD ? (int)(rng() % 3) : 2;
            mfn_t m = owner < 2 ? frame_alloc_assign(&stress_lists[owner], order)
                                : frame_alloc(order);

            if (m == MFN_INVALID)
                continue;
            if (m % size || m + size > STRESS_FRAMES) {
                fprintf(stderr, "  stress step %u: order %u gave %#llx\n",
                        step, order, (unsigned long long)m);
                errors++;
                CU_FAIL("misaligned block");
                continue;
            }
            for (mfn_t i = m; i < m + size; i++) {
                if (content[i]) {
                    fprintf(stderr, "  stress step %u: mfn %#llx handed out "
                            "holding %#x, expected zero\n", step,
                            (unsigned long long)i, content[i]);
                    errors++;
                    CU_FAIL("frame handed out unscrubbed");
                    break;
                }
                content[i] = (uint8_t)(step | 1);       /* its owner writes */
                if (owned[i] || reserved[i]) {
                    fprintf(stderr, "  stress step %u: mfn %#llx handed out "
                            "while %s\n", step, (unsigned long long)i,
                            owned[i] ? "in use" : "reserved");
                    errors++;
                    CU_FAIL("frame handed out twice");
                    break;
                }
                owned[i] = true;
            }
            in_use += size;
            if (owner == 2) {
                held[nheld].mfn = m;
                held[nheld++].order = order;
            }
            for (mfn_t i = m; owner < 2 && i < m + size; i++) {
                held[nheld].mfn = i;
                held[nheld++].order = 0;
                on_list[i] = (int8_t)owner;
                on_list_count[owner]++;
            }
        } else if (rng() % 8 == 0) {
            /* An owner gives a frame up without freeing it (an orphan). */
            if (!stress_unassign(step, held[rng() % nheld].mfn)) {
                errors++;
                CU_FAIL("unassign");
            }
        } else {
            unsigned int j = (unsigned int)(rng() % nheld);
            mfn_t size = (mfn_t)1 << held[j].order;
            int rc;

            if (on_list[held[j].mfn] >= 0 && frame_free(held[j].mfn, 0) != -EINVAL) {
                fprintf(stderr, "  stress step %u: free of owned %#llx not refused\n",
                        step, (unsigned long long)held[j].mfn);
                errors++;
                CU_FAIL("owned frame freed");
            }
            if (!stress_unassign(step, held[j].mfn)) {
                errors++;
                CU_FAIL("unassign");
            }
            rc = frame_free(held[j].mfn, held[j].order);

            if (rc) {
                fprintf(stderr, "  stress step %u: free returned %d, expected 0\n",
                        step, rc);
                errors++;
                CU_FAIL("free refused");
            }
            for (mfn_t i = held[j].mfn; i < held[j].mfn + size; i++)
                owned[i] = false;
            in_use -= size;
            held[j] = held[--nheld];
        }
        if (frame_free_count() != usable - in_use) {
            fprintf(stderr, "  stress step %u: free count %llu, expected %llu\n",
                    step, (unsigned long long)frame_free_count(),
                    (unsigned long long)(usable - in_use));
            errors++;
            CU_FAIL("free count drifted");
        }
        /* The idle loop scrubs now and then. */
        if (rng() % 8 == 0)
            (void)idle_scrub(rng() % 64);
        /* Now and then the table's states must match the shadow exactly. */
        if (step % 10000 == 0) {
            if (!check_free_heads("stress")) {
                errors++;
                CU_FAIL("free blocks inconsistent");
            }
            if (!check_lists(step)) {
                errors++;
                CU_FAIL("owner lists differ from the shadow");
            }
            for (mfn_t m = 0; m < STRESS_FRAMES; m++) {
                int want = reserved[m] ? FRAME_RESERVED
                         : owned[m] ? FRAME_ALLOCATED : FRAME_FREE;

                if (table[m].state != want &&
                    !(want == FRAME_FREE && table[m].state == FRAME_DIRTY)) {
                    fprintf(stderr, "  stress step %u: mfn %#llx state %d, "
                            "expected %d\n", step, (unsigned long long)m,
                            table[m].state, want);
                    errors++;
                    CU_FAIL("state differs from the shadow");
                    break;
                }
            }
        }
    }
    CU_ASSERT(check_lists(200000));
    while (nheld) {
        nheld--;
        CU_ASSERT(stress_unassign(200000, held[nheld].mfn));
        CU_ASSERT(frame_free(held[nheld].mfn, held[nheld].order) == 0);
    }
    EXPECT_EQ("stress: lists empty", stress_lists[0].nr + stress_lists[1].nr, 0);
    EXPECT_EQ("stress: all back", frame_free_count(), usable);
    CU_ASSERT(check_free_heads("stress: all back"));
    /* Everything merged back: [2048, 4000) holds an aligned 1024-frame block. */
    EXPECT_EQ("stress: merged back", largest_order(), 10);
    teardown();
}

/*
 * Known zero: boot memory and freed frames are dirty, counted free, and
 * zeroed before anyone gets them, by the idle loop's batches or by
 * frame_alloc itself.
 */
static void test_scrub(void)
{
    struct frame_list l;
    mfn_t got[64];

    setup(64);
    EXPECT_EQ("boot memory: added", frame_free_range(0, 64), 64);
    EXPECT_EQ("boot memory: scrubbed at once", frame_dirty_count(), 0);
    for (mfn_t m = 0; m < 64; m++)
        CU_ASSERT(content[m] == 0);
    CU_ASSERT(check_free_heads("boot memory"));
    /* Taken, dirtied and given back: dirty, counted free. */
    EXPECT_EQ("all of it", frame_alloc(6), 0);
    memset(content, 0x77, 64);
    EXPECT_EQ("given back", frame_free(0, 6), 0);
    EXPECT_EQ("freed: all dirty", frame_dirty_count(), 64);
    EXPECT_EQ("freed: counted free", frame_free_count(), 64);
    EXPECT_EQ("a batch of 16 leaves 48", idle_scrub(16), 48);
    CU_ASSERT(check_free_heads("after a batch"));
    EXPECT_EQ("the rest", idle_scrub(1000), 0);
    EXPECT_EQ("nothing dirty", frame_dirty_count(), 0);
    CU_ASSERT(check_free_heads("all scrubbed"));
    EXPECT_EQ("nothing to scrub", idle_scrub(16), 0);
    EXPECT_EQ("scrubbed blocks merged", largest_order(), 6);
    EXPECT_EQ("taken and given back: dirty", frame_dirty_count(), 64);
    EXPECT_EQ("scrub it", idle_scrub(64), 0);

    for (unsigned int i = 0; i < 64; i++) {
        got[i] = frame_alloc(0);
        CU_ASSERT_FATAL(got[i] < 64);
        EXPECT_EQ("handed out zero", content[got[i]], 0);
        content[got[i]] = 0x5a;                 /* the owner's secrets */
    }
    for (unsigned int i = 0; i < 64; i++)
        EXPECT_EQ("free", frame_free(got[i], 0), 0);
    EXPECT_EQ("freed: dirty", frame_dirty_count(), 64);
    EXPECT_EQ("freed: free", frame_free_count(), 64);
    EXPECT_EQ("freed: not cleared on free", content[got[0]], 0x5a);
    CU_ASSERT(check_free_heads("freed"));
    /* No idle time: the allocation scrubs what it needs, and merges. */
    EXPECT_EQ("order 6 from dirty memory", frame_alloc(6), 0);
    for (unsigned int i = 0; i < 64; i++)
        EXPECT_EQ("reused: zero", content[i], 0);
    EXPECT_EQ("then nothing", frame_alloc(0), MFN_INVALID);
    EXPECT_EQ("give it back", frame_free(0, 6), 0);
    /*
     * Blocks taken for an owner: aligned, every frame on its own, each
     * freed dirty once its owner gave it up.
     */
    frame_list_init(&l, 1);
    got[0] = frame_alloc_assign(&l, 3);
    CU_ASSERT_FATAL(got[0] != MFN_INVALID);
    EXPECT_EQ("split: aligned", got[0] % 8, 0);
    for (mfn_t m = got[0]; m < got[0] + 8; m++)
        EXPECT_EQ("split: zero", content[m], 0);
    EXPECT_EQ("split: owned, not freed", frame_free(got[0], 0), -EINVAL);
    for (mfn_t m = got[0]; m < got[0] + 8; m++)
        EXPECT_EQ("split: given up", frame_unassign(&l, m), 0);
    EXPECT_EQ("split: not freed as a block", frame_free(got[0], 3), -EINVAL);
    for (mfn_t m = got[0]; m < got[0] + 8; m++)
        EXPECT_EQ("split: each frame freed alone", frame_free(m, 0), 0);
    CU_ASSERT(check_free_heads("split and freed"));
    EXPECT_EQ("all back", frame_free_count(), 64);
    teardown();
}

/*
 * The idle loop's block in flight (zeroed without the lock): one at a
 * time; an allocation that needs it takes it once it is zero, and the
 * idle loop's late finish then changes nothing, even when the same frames
 * are dirty and in flight again by then.
 */
static void test_scrub_inflight(void)
{
    struct frame_scrub a, b, c;
    mfn_t m;

    setup(16);
    EXPECT_EQ("16 frames", frame_free_range(0, 16), 16);
    EXPECT_EQ("nothing dirty at first", frame_scrub_claim(&a), false);
    EXPECT_EQ("dirty them", frame_free(frame_alloc(4), 4), 0);
    CU_ASSERT_FATAL(frame_scrub_claim(&a));
    EXPECT_EQ("claimed: 16 frames", a.nr, 16);
    EXPECT_EQ("one block in flight at a time", frame_scrub_claim(&b), false);
    EXPECT_EQ("in flight: still dirty", frame_dirty_count(), 16);
    EXPECT_EQ("in flight: counted free", frame_free_count(), 16);
    CU_ASSERT(check_free_heads("in flight"));
    arch_clear_frames(a.mfn, a.nr);
    frame_scrub_done(&a);
    /* An allocation finds nothing else: it takes the zeroed block itself. */
    m = frame_alloc(0);
    EXPECT_EQ("allocation takes the block in flight", m, 0);
    EXPECT_EQ("taken: nothing dirty", frame_dirty_count(), 0);
    frame_scrub_finish(&a);
    EXPECT_EQ("late finish: frame still allocated", table[m].state, FRAME_ALLOCATED);
    EXPECT_EQ("late finish: free count", frame_free_count(), 15);
    CU_ASSERT(check_free_heads("late finish"));

    /* Everything back, dirty, in flight again under a new ticket. */
    EXPECT_EQ("free", frame_free(m, 0), 0);
    EXPECT_EQ("largest order", largest_order(), 4);       /* scrubs, then dirty again */
    CU_ASSERT_FATAL(frame_scrub_claim(&b));
    CU_ASSERT(b.ticket != a.ticket);
    frame_scrub_finish(&a);                             /* a stale finish */
    EXPECT_EQ("stale finish: still in flight", frame_dirty_count(), 16);
    EXPECT_EQ("stale finish: still dirty", table[b.mfn].state, FRAME_DIRTY);
    arch_clear_frames(b.mfn, b.nr);
    frame_scrub_done(&b);
    frame_scrub_finish(&b);
    EXPECT_EQ("finished: nothing dirty", frame_dirty_count(), 0);
    CU_ASSERT(check_free_heads("finished"));
    EXPECT_EQ("nothing to claim", frame_scrub_claim(&c), false);
    EXPECT_EQ("merged", largest_order(), 4);
    teardown();
}

static const CU_TestInfo frame_tests[] = {
    { "init: all reserved", test_init },
    { "free_range: table", test_free_range },
    { "free_range: skips allocated", test_free_range_skips_allocated },
    { "alloc: each order aligned", test_alloc_each_order },
    { "alloc: bad order", test_alloc_bad_order },
    { "alloc: exhaust and coalesce", test_exhaust },
    { "free: clears the owner's fields", test_free_clears_owner },
    { "free: refusals", test_free_refused },
    { "free: double free", test_double_free },
    { "list: alloc_assign, unassign, free, step by step", test_list_steps },
    { "list: frame_list_count catches a broken list", test_list_broken },
    { "scrub: freed and boot memory zeroed before reuse", test_scrub },
    { "scrub: the idle loop's block in flight", test_scrub_inflight },
    { "stress: random alloc/unassign/free", test_stress },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("frame", frame_tests);
}
