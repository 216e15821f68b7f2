/* SPDX-License-Identifier: MIT */
/*
 * guest-mm-pagetables: a guest builds a second page-table tree from its own
 * free frames, pins it, runs on it, and goes back.
 *
 * The new tree copies the builder's: a new L4 whose kernel slot points at
 * a new L3, then a new L2, then new L1s holding the builder's L1 entries
 * (the window entries of lib/pt.c cleared), so the same kernel is mapped.
 * A second chain L3b/L2b/L1b in L4 slot 0 maps data frame B at LOW_VA,
 * which the builder's tree leaves unmapped. The tables are written through
 * read-write windows, mapped read-only again, pinned bottom-up
 * (MMUEXT_PIN_L1..L4_TABLE) and installed with MMUEXT_NEW_BASEPTR.
 *
 * Correct (PV-ABI-NOTES 6.3-6.8), each step checked:
 *   - first, on one L1 entry of the builder's tree: MMU_NORMAL_PT_UPDATE
 *     stores the entry as given (plus US and bit 52 for a kernel page),
 *     MMU_PT_UPDATE_PRESERVE_AD keeps the A and D bits already there,
 *     MMU_PT_UPDATE_NO_TRANSLATE works as NORMAL for a PV guest;
 *   - every pin returns 0; read-only mappings of the pinned frames stay;
 *   - the entries read back hold what was written (the hypervisor may add
 *     US, G and bit 52 to present entries, 6.4, nothing else);
 *   - before the switch LOW_VA faults (#PF, not present, CR2 = LOW_VA);
 *     NEW_BASEPTR returns 0 and the kernel keeps running on the new tree:
 *     calls, stack, data, hypercalls, and LOW_VA reads B's marker; the
 *     read-only M2P is visible (the hypervisor fills slots 256-271);
 *   - on the new tree: mmu_update of L1b's entry to frame C plus
 *     MMUEXT_INVLPG_LOCAL makes LOW_VA read C's marker; update_va_mapping
 *     (which walks the current tree) maps B again; a write lands in B;
 *   - NEW_BASEPTR back to the builder's L4 returns 0, LOW_VA faults again
 *     and update_va_mapping(LOW_VA) now finds no L1: -EINVAL;
 *   - UNPIN of every new table returns 0, after which each frame can be
 *     mapped read-write again (its page-table type is gone).
 */
#include <public/errno.h>
#include "pt.h"
#include "test.h"

TEST_TITLE("build, pin, switch to and unpin a new page-table tree");

/* L4 0, L3 1, L2 1, L1 1: a different index at every level. */
#define LOW_VA         0x40201000ULL
#define MARK_B         0xb0b0b0b0b0b0b0b0ULL
#define MARK_B2        0xb2b2b2b2b2b2b2b2ULL
#define MARK_C         0xc0c0c0c0c0c0c0c0ULL
#define MAX_L1         64
#define XEN_SLOT_FIRST 256
#define XEN_SLOT_LAST  271

struct table {
    uint64_t mfn;
    uint64_t *va; /* a window, NULL when unmapped */
    unsigned int level;
    const char *name;
};

static struct table tables[MAX_L1 + 7];
static unsigned int nr_tables;
/* Written on the new tree, read back on the old one. */
static volatile uint64_t scratch;

static void must(long rc, const char *what)
{
    if (rc)
        test_result(TEST_FAILURE, "%s: got %ld, expected 0", what, rc);
}

static struct table *new_table(unsigned int level, const char *name)
{
    struct table *t = &tables[nr_tables++];

    t->va = pt_new_table(&t->mfn);
    t->level = level;
    t->name = name;
    return t;
}

/* A data frame holding @mark in its first and last word, left unmapped. */
static uint64_t new_data_frame(uint64_t mark)
{
    uint64_t mfn;
    uint64_t *p = pt_new_table(&mfn);

    p[0] = mark;
    p[PT_ENTRIES - 1] = mark;
    must(pt_unmap(p), "pt_unmap(data frame)");
    return mfn;
}

static uint64_t kpte(uint64_t mfn)
{
    return (mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D;
}

/* An entry reads back as written, give or take the bits 6.4 lets Xen add. */
static void check_entry(const char *what, uint64_t got, uint64_t want)
{
    const uint64_t added = PTE_US | PTE_G | PTE_GUEST_KERNEL | PTE_A;

    if (got == PT_INVALID)
        test_fail("%s: entry unreadable", what);
    else if ((got & ~added) != (want & ~added) || (got & want) != want)
        test_fail("%s: read back %#llx, expected %#llx (plus US/G/A/bit 52)",
                  what, (unsigned long long)got, (unsigned long long)want);
}

static void check_low_va_faults(const char *what)
{
    struct fault_info fi;

    /* cmpq only reads: no register changes behind the compiler's back. */
    fi = FAULT_PROBE("cmpq $0, 0x40201000");
    if (fi.count != 1 || fi.vector != TRAP_PF)
        test_fail(
            "%s: read of LOW_VA %#llx: %u faults, vector %s, expected one #PF",
            what, LOW_VA, fi.count, fi.count ? trap_name(fi.vector) : "-");
    else {
        CHECK_EQ(fi.cr2, LOW_VA, "#PF CR2 for LOW_VA");
        CHECK_EQ(fi.error_code, 0,
                 "#PF error code for LOW_VA (read, not present)");
    }
}

/* Information only: what the hypervisor put in its slots of an L4. */
static void dump_xen_slots(const char *what, const uint64_t *l4)
{
    unsigned int present = 0;

    for (unsigned int i = XEN_SLOT_FIRST; i <= XEN_SLOT_LAST; i++)
        present += !!(l4[i] & PTE_P);
    printf("%s: slot 256 %#llx, %u of slots 256-271 present\n", what,
           (unsigned long long)l4[256], present);
}

static uint64_t read_low_va(void)
{
    return *(volatile uint64_t *)(uintptr_t)LOW_VA;
}

/* The three page-table update commands of mmu_update on one L1 entry. */
static void test_update_commands(uint64_t boot_l4)
{
    uint64_t data = pt_alloc_frame();
    uint64_t w = (uint64_t)(uintptr_t)pt_take_window();
    uint64_t ma = pt_entry_ma(boot_l4, w, 1);
    const uint64_t kern = PTE_US | PTE_GUEST_KERNEL; /* what Xen adds (6.4) */
    uint64_t base = (data << 12) | PTE_P | PTE_RW;

    CHECK_EQ(pt_mmu_update(ma | MMU_NORMAL_PT_UPDATE, base | PTE_A | PTE_D), 0,
             "mmu_update(MMU_NORMAL_PT_UPDATE, window = frame with A|D)");
    CHECK_EQ(pt_read(ma), base | PTE_A | PTE_D | kern,
             "entry after NORMAL with A|D");
    CHECK_EQ(
        pt_mmu_update(ma | MMU_PT_UPDATE_PRESERVE_AD, base), 0,
        "mmu_update(MMU_PT_UPDATE_PRESERVE_AD, window = frame without A|D)");
    CHECK_EQ(pt_read(ma), base | PTE_A | PTE_D | kern,
             "entry after PRESERVE_AD (A|D kept)");
    CHECK_EQ(pt_mmu_update(ma | MMU_NORMAL_PT_UPDATE, base), 0,
             "mmu_update(MMU_NORMAL_PT_UPDATE, window = frame without A|D)");
    CHECK_EQ(pt_read(ma), base | kern,
             "entry after NORMAL without A|D (cleared)");
    CHECK_EQ(
        pt_mmu_update(ma | MMU_PT_UPDATE_NO_TRANSLATE,
                      (data << 12) | PTE_P | PTE_A),
        0, "mmu_update(MMU_PT_UPDATE_NO_TRANSLATE, window = frame, read-only)");
    CHECK_EQ(pt_read(ma), (data << 12) | PTE_P | PTE_A | kern,
             "entry after NO_TRANSLATE");
    CHECK_EQ(pt_mmu_update(ma, 0), 0, "mmu_update(window = 0)");
    CHECK_EQ(pt_read(ma), 0, "entry after clearing");
}

void test_main(void)
{
    uint64_t boot_l4, l3_mfn, l2_mfn, b_mfn, c_mfn;
    const uint64_t *l4v, *l3v, *l2v;
    uint64_t win_lo, win_hi, kva = GUEST_VIRT_BASE;
    unsigned int i4 = pt_index(kva, 4), i3 = pt_index(kva, 3);
    struct table *l4n, *l3n, *l2n, *l3b, *l2b, *l1b;
    unsigned int nr_l1 = 0;
    const uint64_t *m2p = (const uint64_t *)MACH2PHYS_VIRT_START;

    /* #PF records CR2 from shared_info; map it before the tables are copied. */
    shared_info_map();
    pt_init();
    boot_l4 = pt_boot_l4();
    win_hi = pt_region_end();
    win_lo = win_hi - PT_WINDOWS * GUEST_PAGE_SIZE;
    printf("initial mapping %#llx-%#llx, L4 mfn %#llx, %llu pages\n",
           (unsigned long long)GUEST_VIRT_BASE, (unsigned long long)win_hi,
           (unsigned long long)boot_l4,
           (unsigned long long)start_info->nr_pages);

    test_update_commands(boot_l4);

    /* The builder's chain down to the L2 of the kernel (all readable). */
    l4v = pt_table_va(boot_l4);
    l3_mfn = PTE_MFN(l4v[i4]);
    l3v = pt_table_va(l3_mfn);
    if (!(l4v[i4] & PTE_P) || !l3v)
        test_result(TEST_ERROR, "setup: L4[%u] = %#llx: no readable L3", i4,
                    (unsigned long long)l4v[i4]);
    l2_mfn = PTE_MFN(l3v[i3]);
    l2v = pt_table_va(l2_mfn);
    if (!(l3v[i3] & PTE_P) || !l2v)
        test_result(TEST_ERROR, "setup: L3[%u] = %#llx: no readable L2", i3,
                    (unsigned long long)l3v[i3]);

    /* Data frames for LOW_VA, before the tables take windows. */
    b_mfn = new_data_frame(MARK_B);
    c_mfn = new_data_frame(MARK_C);

    /* New L1s: copies of the builder's, without the window entries. */
    l2n = new_table(2, "L2'");
    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        const uint64_t *old;
        uint64_t base = kva + (uint64_t)(i - pt_index(kva, 2)) * (1ULL << 21);
        struct table *t;

        if (!(l2v[i] & PTE_P))
            continue;
        old = pt_table_va(PTE_MFN(l2v[i]));
        if (!old || (l2v[i] & PTE_PSE) || i < pt_index(kva, 2))
            test_result(
                TEST_ERROR,
                "setup: L2[%u] = %#llx: not a readable L1 of the region", i,
                (unsigned long long)l2v[i]);
        if (nr_l1 == MAX_L1)
            test_result(TEST_ERROR, "setup: more than %u L1 tables", MAX_L1);
        t = new_table(1, "L1'");
        nr_l1++;
        for (unsigned int j = 0; j < PT_ENTRIES; j++) {
            uint64_t va = base + (uint64_t)j * GUEST_PAGE_SIZE;

            t->va[j] = (va >= win_lo && va < win_hi) ? 0 : old[j];
        }
        l2n->va[i] = (l2v[i] & ~PTE_ADDR_MASK) | (t->mfn << 12);
        /* Keep the first L1 mapped (read-only below); windows are few. */
        if (nr_l1 > 1) {
            must(pt_unmap(t->va), "pt_unmap(L1')");
            t->va = NULL;
        }
    }
    l3n = new_table(3, "L3'");
    memcpy(l3n->va, l3v, GUEST_PAGE_SIZE);
    l3n->va[i3] = (l3v[i3] & ~PTE_ADDR_MASK) | (l2n->mfn << 12);

    /* The LOW_VA chain. */
    l1b = new_table(1, "L1b");
    l1b->va[pt_index(LOW_VA, 1)] = kpte(b_mfn);
    l2b = new_table(2, "L2b");
    l2b->va[pt_index(LOW_VA, 2)] = kpte(l1b->mfn);
    l3b = new_table(3, "L3b");
    l3b->va[pt_index(LOW_VA, 3)] = kpte(l2b->mfn);

    /*
     * The new L4: the builder's guest slots (the hypervisor's 256-271 left
     * empty: it fills them itself), the kernel slot to L3', slot 0 to L3b.
     */
    l4n = new_table(4, "L4'");
    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        if (i < XEN_SLOT_FIRST || i > XEN_SLOT_LAST)
            l4n->va[i] = l4v[i];
    }
    l4n->va[i4] = (l4v[i4] & ~PTE_ADDR_MASK) | (l3n->mfn << 12);
    l4n->va[pt_index(LOW_VA, 4)] = kpte(l3b->mfn);

    /* Read-only in every mapping, then pin bottom-up. */
    for (unsigned int i = 0; i < nr_tables; i++) {
        if (tables[i].va)
            must(pt_remap(tables[i].va, 0),
                 "update_va_mapping(window, table frame, read-only)");
    }
    for (unsigned int level = 1; level <= 4; level++) {
        for (unsigned int i = 0; i < nr_tables; i++) {
            char what[64];

            if (tables[i].level != level)
                continue;
            snprintf(what, sizeof(what), "MMUEXT_PIN_L%u_TABLE(%s, mfn %#llx)",
                     level, tables[i].name, (unsigned long long)tables[i].mfn);
            must(pt_pin(level, tables[i].mfn), what);
        }
    }
    printf("pinned %u new tables (%u L1 copies)\n", nr_tables, nr_l1);

    /* The stored entries, read through the read-only windows. */
    check_entry("L1b[LOW_VA] after pin", l1b->va[pt_index(LOW_VA, 1)],
                kpte(b_mfn));
    check_entry("L2b[LOW_VA] after pin", l2b->va[pt_index(LOW_VA, 2)],
                kpte(l1b->mfn));
    check_entry("L3b[LOW_VA] after pin", l3b->va[pt_index(LOW_VA, 3)],
                kpte(l2b->mfn));
    check_entry("L4'[0] after pin", l4n->va[pt_index(LOW_VA, 4)],
                kpte(l3b->mfn));
    check_entry("L4'[kernel] after pin", l4n->va[i4],
                (l4v[i4] & ~PTE_ADDR_MASK) | (l3n->mfn << 12));
    printf("L1b entry %#llx (written %#llx), L4'[0] %#llx, L4'[256] %#llx\n",
           (unsigned long long)l1b->va[pt_index(LOW_VA, 1)],
           (unsigned long long)kpte(b_mfn), (unsigned long long)l4n->va[0],
           (unsigned long long)l4n->va[256]);

    dump_xen_slots("builder's L4", l4v);
    dump_xen_slots("L4' after pin", l4n->va);

    /* The builder's tree does not map LOW_VA. */
    check_low_va_faults("builder's tree");

    must(pt_new_baseptr(l4n->mfn), "MMUEXT_NEW_BASEPTR(L4')");
    /* Running on the new tree: stack, calls, data, hypercalls. */
    scratch = MARK_B2;
    printf("running on the new tree (L4' mfn %#llx)\n",
           (unsigned long long)l4n->mfn);
    CHECK_EQ(scratch, MARK_B2, "data write on the new tree");
    CHECK_EQ(read_low_va(), MARK_B, "LOW_VA on the new tree (frame B)");
    CHECK_EQ(m2p[b_mfn], pt_mfn_to_pfn(b_mfn),
             "RO M2P[B] read on the new tree");

    /* mmu_update of L1b's entry (an L1 in use) and a flush of that page. */
    CHECK_EQ(
        pt_mmu_update((l1b->mfn << 12) + pt_index(LOW_VA, 1) * 8, kpte(c_mfn)),
        0, "mmu_update(L1b[LOW_VA] = C)");
    CHECK_EQ(pt_invlpg(LOW_VA), 0, "MMUEXT_INVLPG_LOCAL(LOW_VA)");
    CHECK_EQ(read_low_va(), MARK_C, "LOW_VA after mmu_update (frame C)");

    /* update_va_mapping walks the current tree: L1b is reachable now. */
    CHECK_EQ(pt_set_va(LOW_VA, kpte(b_mfn)), 0,
             "update_va_mapping(LOW_VA = B) on the new tree");
    CHECK_EQ(read_low_va(), MARK_B, "LOW_VA after update_va_mapping (frame B)");
    *(volatile uint64_t *)(uintptr_t)(LOW_VA + 8) = MARK_B2;

    must(pt_new_baseptr(boot_l4), "MMUEXT_NEW_BASEPTR(builder's L4)");
    printf("back on the builder's tree\n");
    CHECK_EQ(scratch, MARK_B2, "data written on the new tree, read on the old");
    check_low_va_faults("builder's tree again");
    CHECK_EQ(pt_set_va(LOW_VA, kpte(c_mfn)), -XEN_EINVAL,
             "update_va_mapping(LOW_VA) on the builder's tree (no L1)");
    check_entry("L1b[LOW_VA] after the switch back",
                l1b->va[pt_index(LOW_VA, 1)], kpte(b_mfn));
    dump_xen_slots("L4' after NEW_BASEPTR and back", l4n->va);

    /* Unpin top-down; then every frame may be mapped read-write again. */
    for (unsigned int level = 4; level >= 1; level--) {
        for (unsigned int i = 0; i < nr_tables; i++) {
            char what[64];

            if (tables[i].level != level)
                continue;
            snprintf(what, sizeof(what), "MMUEXT_UNPIN_TABLE(%s, mfn %#llx)",
                     tables[i].name, (unsigned long long)tables[i].mfn);
            CHECK_EQ(pt_unpin(tables[i].mfn), 0, what);
        }
    }
    for (unsigned int i = 0; i < nr_tables; i++) {
        struct table *t = &tables[i];
        long rc;

        if (t->va)
            rc = pt_remap(t->va, PTE_RW);
        else if ((t->va = pt_map(t->mfn, PTE_RW)) != NULL)
            rc = 0;
        else
            rc = -1;
        if (rc) {
            test_fail("update_va_mapping(window, %s mfn %#llx, read-write) "
                      "after unpin: "
                      "got %ld, expected 0",
                      t->name, (unsigned long long)t->mfn, rc);
            continue;
        }
        must(pt_unmap(t->va), "pt_unmap(table frame)");
        t->va = NULL;
    }

    /* The write through LOW_VA on the new tree went to frame B. */
    {
        const uint64_t *b = pt_map(b_mfn, 0);

        if (!b)
            test_fail("update_va_mapping(window, B, read-only) failed");
        else {
            CHECK_EQ(b[0], MARK_B, "frame B word 0");
            CHECK_EQ(b[1], MARK_B2, "frame B word 1 (written through LOW_VA)");
            pt_unmap((void *)b);
        }
    }
}
