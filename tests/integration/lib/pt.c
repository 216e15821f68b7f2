/* SPDX-License-Identifier: MIT */
/* Test-guest page-table helpers (pt.h). */
#include "pt.h"
#include "test.h"

enum window_state {
    WINDOW_FREE,   /* not present, for pt_map */
    WINDOW_MAPPED, /* maps window_mfn[i] (pt_map) */
    WINDOW_TAKEN,  /* the test's (pt_take_window) */
};

static bool ready;
static uint64_t region_pfns;         /* v_end's PFN; 0 until known */
static uint64_t pt_first_pfn, pt_nr; /* the bootstrap page tables */
static uint64_t next_free_pfn;
static enum window_state window_state[PT_WINDOWS];
static uint64_t window_mfn[PT_WINDOWS];

static const uint64_t *p2m(void)
{
    return (const uint64_t *)start_info->mfn_list;
}

uint64_t pt_mfn_to_pfn(uint64_t mfn)
{
    const uint64_t *map = p2m();

    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
        if (map[pfn] == mfn)
            return pfn;
    }
    return PT_INVALID;
}

static void *window_va(unsigned int i)
{
    return (void *)(uintptr_t)(GUEST_VIRT_BASE +
                               (region_pfns - PT_WINDOWS + i) *
                                   GUEST_PAGE_SIZE);
}

static int window_index(const void *va)
{
    for (unsigned int i = 0; i < PT_WINDOWS; i++) {
        if (window_va(i) == va)
            return (int)i;
    }
    return -1;
}

const uint64_t *pt_table_va(uint64_t mfn)
{
    uint64_t pfn = pt_mfn_to_pfn(mfn);
    bool in_region;

    /* Before v_end is known only the bootstrap tables are sure to be mapped. */
    if (region_pfns)
        in_region = pfn < region_pfns - PT_WINDOWS;
    else
        in_region = pfn >= pt_first_pfn && pfn < pt_first_pfn + pt_nr;
    if (pfn != PT_INVALID && in_region)
        return (const uint64_t *)(uintptr_t)(GUEST_VIRT_BASE +
                                             pfn * GUEST_PAGE_SIZE);
    if (region_pfns) {
        for (unsigned int i = 0; i < PT_WINDOWS; i++) {
            if (window_state[i] == WINDOW_MAPPED && window_mfn[i] == mfn)
                return window_va(i);
        }
    }
    return NULL;
}

uint64_t pt_read(uint64_t ma)
{
    const uint64_t *t = pt_table_va(ma >> 12);

    return t ? t[(ma & 0xfff) / 8] : PT_INVALID;
}

uint64_t pt_entry_ma(uint64_t l4_mfn, uint64_t va, unsigned int level)
{
    uint64_t mfn = l4_mfn;

    for (unsigned int lvl = 4; lvl > level; lvl--) {
        const uint64_t *t = pt_table_va(mfn);
        uint64_t e;

        if (!t)
            return 0;
        e = t[pt_index(va, lvl)];
        if (!(e & PTE_P) || (lvl < 4 && (e & PTE_PSE)))
            return 0;
        mfn = PTE_MFN(e);
    }
    if (!pt_table_va(mfn))
        return 0;
    return (mfn << 12) + pt_index(va, level) * 8;
}

uint64_t pt_boot_l4(void)
{
    return virt_to_mfn((const void *)(uintptr_t)start_info->pt_base);
}

/* v_end: walk the builder's L1 entries up from GUEST_VIRT_BASE. */
static uint64_t find_region_end(void)
{
    uint64_t l4 = pt_boot_l4();
    uint64_t va = GUEST_VIRT_BASE;

    for (;;) {
        uint64_t ma = pt_entry_ma(l4, va, 1);
        const uint64_t *l1;

        if (!ma)
            return va;
        l1 = pt_table_va(ma >> 12);
        for (unsigned int i = pt_index(va, 1); i < PT_ENTRIES; i++) {
            if (!(l1[i] & PTE_P))
                return va;
            va += GUEST_PAGE_SIZE;
        }
        if (va == 0)
            return va;
    }
}

void pt_init(void)
{
    uint64_t end, used_end;

    if (ready)
        return;
    pt_first_pfn = (start_info->pt_base - GUEST_VIRT_BASE) / GUEST_PAGE_SIZE;
    pt_nr = start_info->nr_pt_frames;
    if (start_info->pt_base < GUEST_VIRT_BASE || pt_nr == 0 ||
        pt_first_pfn + pt_nr > start_info->nr_pages)
        test_result(TEST_ERROR,
                    "pt: start_info pt_base %#llx nr_pt_frames %llu "
                    "do not lie in the %llu pages",
                    (unsigned long long)start_info->pt_base,
                    (unsigned long long)pt_nr,
                    (unsigned long long)start_info->nr_pages);
    if (pt_mfn_to_pfn(pt_boot_l4()) != pt_first_pfn)
        test_result(TEST_ERROR, "pt: p2m of the L4 at %#llx is not found",
                    (unsigned long long)start_info->pt_base);

    end = find_region_end();
    /* The boot stack page follows the page tables; padding follows it. */
    used_end = start_info->pt_base + (pt_nr + 1) * GUEST_PAGE_SIZE;
    if (end < used_end + PT_WINDOWS * GUEST_PAGE_SIZE ||
        (end - GUEST_VIRT_BASE) / GUEST_PAGE_SIZE > start_info->nr_pages)
        test_result(
            TEST_ERROR,
            "pt: initial mapping ends at %#llx: no room for %u "
            "windows after the boot stack (%#llx) or past nr_pages %llu",
            (unsigned long long)end, PT_WINDOWS, (unsigned long long)used_end,
            (unsigned long long)start_info->nr_pages);
    region_pfns = (end - GUEST_VIRT_BASE) / GUEST_PAGE_SIZE;
    next_free_pfn = region_pfns;

    for (unsigned int i = 0; i < PT_WINDOWS; i++) {
        long rc = pt_set_va((uint64_t)(uintptr_t)window_va(i), 0);

        if (rc)
            test_result(TEST_ERROR,
                        "pt: unmapping window %p: update_va_mapping "
                        "returned %ld",
                        window_va(i), rc);
        window_state[i] = WINDOW_FREE;
    }
    ready = true;
}

uint64_t pt_region_end(void)
{
    pt_init();
    return GUEST_VIRT_BASE + region_pfns * GUEST_PAGE_SIZE;
}

uint64_t pt_alloc_frame(void)
{
    pt_init();
    if (next_free_pfn >= start_info->nr_pages)
        test_result(TEST_ERROR, "pt: no free frame left (nr_pages %llu)",
                    (unsigned long long)start_info->nr_pages);
    return p2m()[next_free_pfn++];
}

static uint64_t window_pte(uint64_t mfn, uint64_t flags)
{
    return (mfn << 12) | PTE_P | PTE_A | flags | ((flags & PTE_RW) ? PTE_D : 0);
}

void *pt_map(uint64_t mfn, uint64_t flags)
{
    long rc;

    pt_init();
    for (unsigned int i = 0; i < PT_WINDOWS; i++) {
        if (window_state[i] != WINDOW_FREE)
            continue;
        rc = pt_set_va((uint64_t)(uintptr_t)window_va(i),
                       window_pte(mfn, flags));
        if (rc) {
            printf("pt_map: update_va_mapping(%p, mfn %#llx flags %#llx) "
                   "returned %ld\n",
                   window_va(i), (unsigned long long)mfn,
                   (unsigned long long)flags, rc);
            return NULL;
        }
        window_state[i] = WINDOW_MAPPED;
        window_mfn[i] = mfn;
        return window_va(i);
    }
    test_result(TEST_ERROR, "pt_map: all %u windows in use", PT_WINDOWS);
}

long pt_unmap(void *va)
{
    int i = window_index(va);
    long rc;

    if (i < 0)
        test_result(TEST_ERROR, "pt_unmap: %p is not a window", va);
    rc = pt_set_va((uint64_t)(uintptr_t)va, 0);
    if (!rc)
        window_state[i] = WINDOW_FREE;
    return rc;
}

long pt_remap(void *va, uint64_t flags)
{
    int i = window_index(va);

    if (i < 0 || window_state[i] != WINDOW_MAPPED)
        test_result(TEST_ERROR, "pt_remap: %p is not a mapped window", va);
    return pt_set_va((uint64_t)(uintptr_t)va, window_pte(window_mfn[i], flags));
}

void *pt_take_window(void)
{
    pt_init();
    for (unsigned int i = 0; i < PT_WINDOWS; i++) {
        if (window_state[i] == WINDOW_FREE) {
            window_state[i] = WINDOW_TAKEN;
            return window_va(i);
        }
    }
    test_result(TEST_ERROR, "pt_take_window: all %u windows in use",
                PT_WINDOWS);
}

void *pt_new_table(uint64_t *mfn)
{
    void *va;

    *mfn = pt_alloc_frame();
    va = pt_map(*mfn, PTE_RW);
    if (!va)
        test_result(TEST_ERROR, "pt_new_table: cannot map free frame %#llx",
                    (unsigned long long)*mfn);
    memset(va, 0, GUEST_PAGE_SIZE);
    return va;
}

long pt_set_va(uint64_t va, uint64_t pte)
{
    return HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);
}

long pt_mmu_update(uint64_t ptr, uint64_t val)
{
    struct mmu_update req = {.ptr = ptr, .val = val};

    return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

long pt_mmuext(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op = {.cmd = cmd};

    op.arg1.mfn = arg1;
    op.arg2.src_mfn = arg2;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long pt_pin(unsigned int level, uint64_t mfn)
{
    return pt_mmuext(MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0);
}

long pt_unpin(uint64_t mfn)
{
    return pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0);
}

long pt_new_baseptr(uint64_t mfn)
{
    return pt_mmuext(MMUEXT_NEW_BASEPTR, mfn, 0);
}

long pt_new_user_baseptr(uint64_t mfn)
{
    return pt_mmuext(MMUEXT_NEW_USER_BASEPTR, mfn, 0);
}

long pt_invlpg(uint64_t va)
{
    return pt_mmuext(MMUEXT_INVLPG_LOCAL, va, 0);
}

long pt_flush_tlb(void)
{
    return pt_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
}
