/* SPDX-License-Identifier: MIT */
/*
 * pvkern memory: where free frames come from, and the program's address
 * space, built with pv_ops.mmu.
 *
 *   [first_free, heap_end)       the kernel's sbrk heap (mapped)
 *   [heap_end, mapped_end)       kernel pages: page tables (mapped), taken from the top
 *   [mapped_end, nr_pages)       frames for user memory (not mapped in the kernel's
 *                                direct map: reached through their user mapping)
 *
 * The program's image and stack are mapped when it is loaded, its heap
 * page by page as it is touched (mm_demand_fault).
 *
 * Page tables: a root of our own for kernel mode (the builder's upper-half
 * entries plus slot 0) and one for user mode (slot 0 only). Slot 0 holds
 * one L3 shared by both, so a user mapping is visible to the kernel, while
 * user mode sees nothing of the kernel.
 */
#include <string.h>
#include <pv/boot.h>
#include <pv/pv_ops.h>
#include "pvkern.h"

#define TABLE_FLAGS (PV_PTE_P | PV_PTE_RW | PV_PTE_US | PV_PTE_A)
#define USER_FLAGS  (PV_PTE_P | PV_PTE_RW | PV_PTE_US | PV_PTE_A | PV_PTE_D)
#define L4_HV_FIRST 256         /* slots 256..271 belong to the hypervisor */
#define L4_HV_END   272
#define MAX_RANGES  8

static uint64_t heap_first, heap_end, page_top;
static uint64_t frame_next, frame_end;
static uint64_t *user_l3;
/*
 * Address spaces: [0] is the one built at boot; [1], made on first use by
 * mm_switch_space(), has roots of its own over the same program L3.
 */
static uint64_t *kroots[2], *uroots[2];
static unsigned int space;

/* What mm_map_user() mapped, as merged [lo, hi) ranges. */
static struct { uint64_t lo, hi; } ranges[MAX_RANGES];

void *mm_kernel_heap(size_t *size)
{
    *size = (heap_end - heap_first) << PV_PAGE_SHIFT;
    return pv_pfn_to_virt(heap_first);
}

void *mm_alloc_page(void)
{
    void *page;

    if (page_top <= heap_end)
        panic("out of kernel pages");
    page = pv_pfn_to_virt(--page_top);
    memset(page, 0, PV_PAGE_SIZE);
    return page;
}

uint64_t mm_alloc_frame(void)
{
    if (frame_next < frame_end)
        return frame_next++;
    return pv_virt_to_pfn(mm_alloc_page());
}

static uint64_t entry_for(void *table_page, uint64_t flags)
{
    return (pv_ops.mmu.pfn_to_frame(pv_virt_to_pfn(table_page)) << PV_PAGE_SHIFT) | flags;
}

/* A new, empty page table of @level, already registered with pv_ops. */
static uint64_t *new_table(unsigned int level, uint64_t slot0)
{
    uint64_t *t = mm_alloc_page();
    long rc;

    t[0] = slot0;
    rc = pv_ops.mmu.alloc_table(t, level);
    if (rc)
        panic("page table (level %u) refused: %ld", level, rc);
    return t;
}

/* The table @table[idx] points to, made (level @child) if absent. */
static uint64_t *child_table(uint64_t *table, unsigned int idx, unsigned int child)
{
    uint64_t e = table[idx];
    long rc;

    if (e & PV_PTE_P)
        return pv_pfn_to_virt(pv_ops.mmu.frame_to_pfn((e & PV_PTE_FRAME) >> PV_PAGE_SHIFT));
    uint64_t *t = new_table(child, 0);

    rc = pv_ops.mmu.set_pte(&table[idx], entry_for(t, TABLE_FLAGS));
    if (rc)
        panic("linking a level %u table refused: %ld", child, rc);
    return t;
}

/* A kernel root (slot 0 for the program, @upper's upper half) and a user root. */
static void make_roots(unsigned int n, const uint64_t *upper)
{
    uint64_t *kroot = mm_alloc_page();
    long rc;

    uroots[n] = new_table(4, entry_for(user_l3, TABLE_FLAGS));
    kroot[0] = entry_for(user_l3, TABLE_FLAGS);
    for (unsigned int i = L4_HV_END; i < 512; i++)
        kroot[i] = upper[i];
    rc = pv_ops.mmu.alloc_table(kroot, 4);
    if (rc)
        panic("kernel root refused: %ld", rc);
    kroots[n] = kroot;
}

static void build_roots(void)
{
    long rc;

    user_l3 = new_table(3, 0);
    make_roots(0, (const uint64_t *)pv_boot.si->pt_base);
    rc = pv_ops.mmu.switch_root(kroots[0], uroots[0]);
    if (rc)
        panic("switching to our page tables failed: %ld", rc);
}

long mm_switch_space(void)
{
    if (!kroots[1])
        make_roots(1, kroots[0]);
    space ^= 1;
    return pv_ops.mmu.switch_root(kroots[space], uroots[space]);
}

void mm_init(void)
{
    uint64_t first = pv_boot.first_free_pfn, end = pv_boot.mapped_end_pfn;

    heap_first = first;
    heap_end = first + (end - first) / 2;
    page_top = end;
    frame_next = end;
    frame_end = pv_boot.si->nr_pages;
    build_roots();
    printk("pvkern: memory: kernel heap %llu KiB, %llu KiB of page-table pages, "
           "%llu KiB for the program\n",
           (unsigned long long)((heap_end - heap_first) * 4),
           (unsigned long long)((page_top - heap_end) * 4),
           (unsigned long long)((frame_end - frame_next) * 4));
}

static void add_range(uint64_t lo, uint64_t hi)
{
    /* Merge with a range it touches or overlaps (the heap grows in steps). */
    for (unsigned int i = 0; i < MAX_RANGES; i++) {
        if (ranges[i].hi && lo <= ranges[i].hi && hi >= ranges[i].lo) {
            ranges[i].lo = lo < ranges[i].lo ? lo : ranges[i].lo;
            ranges[i].hi = hi > ranges[i].hi ? hi : ranges[i].hi;
            return;
        }
    }
    for (unsigned int i = 0; i < MAX_RANGES; i++) {
        if (!ranges[i].hi) {
            ranges[i].lo = lo;
            ranges[i].hi = hi;
            return;
        }
    }
    panic("too many user memory ranges");
}

bool mm_user_range_ok(uint64_t va, uint64_t len)
{
    if (va + len < va)
        return false;
    if (va >= user_heap_start && va + len <= user_brk)
        return true;
    for (unsigned int i = 0; i < MAX_RANGES; i++)
        if (va >= ranges[i].lo && va + len <= ranges[i].hi)
            return true;
    return false;
}

/* Map a fresh zeroed frame at the user page @va, unless one is there. */
static long map_user_page(uint64_t va)
{
    uint64_t *l2 = child_table(user_l3, (va >> 30) & 511, 2);
    uint64_t *l1 = child_table(l2, (va >> 21) & 511, 1);
    uint64_t *pte = &l1[(va >> 12) & 511];
    long rc;

    if (*pte & PV_PTE_P)
        return 0;
    rc = pv_ops.mmu.set_pte(pte, (pv_ops.mmu.pfn_to_frame(mm_alloc_frame())
                                  << PV_PAGE_SHIFT) | USER_FLAGS);
    if (rc)
        return rc;
    /* Frames may hold anything: clear through the new mapping. */
    memset((void *)va, 0, PV_PAGE_SIZE);
    return 0;
}

uint64_t *mm_user_pte(uint64_t va)
{
    uint64_t *l2, *l1;

    if (va < USER_LOW || va >= USER_TOP)
        return NULL;
    l2 = child_table(user_l3, (va >> 30) & 511, 2);
    l1 = child_table(l2, (va >> 21) & 511, 1);
    return &l1[(va >> 12) & 511];
}

long mm_map_user(uint64_t va, uint64_t len)
{
    uint64_t lo = va & ~(PV_PAGE_SIZE - 1);
    uint64_t hi = (va + len + PV_PAGE_SIZE - 1) & ~(PV_PAGE_SIZE - 1);

    if (lo < USER_LOW || hi > USER_TOP || hi < lo)
        return -1;
    for (uint64_t a = lo; a < hi; a += PV_PAGE_SIZE) {
        long rc = map_user_page(a);

        if (rc)
            return rc;
    }
    add_range(lo, hi);
    return 0;
}

/*
 * The heap, [user_heap_start, user_brk), is mapped on first touch: sbrk
 * only moves the break, and a not-present fault inside it maps a page.
 */
uint64_t user_heap_start, user_brk, user_brk_limit;
uint64_t mm_demand_faults;

bool mm_demand_fault(uint64_t addr)
{
    if (addr < user_heap_start || addr >= user_brk)
        return false;
    if (map_user_page(addr & ~(PV_PAGE_SIZE - 1)))
        return false;
    mm_demand_faults++;
    return true;
}
