/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's page tables: its image with per-section permissions, the
 * direct map of RAM, the frame table and the ioremap area. Built once at
 * boot while the boot tables (head.S) map the low 4 GiB; page-table frames
 * come from the boot allocator (memmap_alloc) until the frame allocator runs,
 * and from frame_alloc afterwards.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <asm/processor.h>
#include <asm/desc.h>
#include <asm/pagetype.h>
#include <asm/percpu.h>
#include <hv/percpu.h>
#include <asm/setup.h>

#define PT_ENTRIES      512
#define PADDR_MASK      0x000ffffffffff000ULL
#define HUGE_PAGE_SIZE  (1ULL << 30)

static uint64_t *hv_pml4;
static paddr_t hv_pml4_pa;
static struct memmap *boot_mm;          /* page-table source until frames run */
static bool have_nx, have_1g;
static uint64_t ioremap_next = IOREMAP_VIRT_START;
static struct mem_range ram[MEMMAP_MAX];
static unsigned int nr_ram;

static uint64_t nx(void)
{
    return have_nx ? _PAGE_NX : 0;
}

static paddr_t pt_alloc(void)
{
    paddr_t pa;

    if (boot_mm) {
        /* Below 4 GiB: the boot tables reach only that far. */
        pa = memmap_alloc(boot_mm, PAGE_SIZE, PAGE_SIZE, 1ULL << 32);
    } else {
        mfn_t mfn = frame_alloc(0);

        pa = mfn == MFN_INVALID ? 0 : mfn << PAGE_SHIFT;
    }
    if (!pa)
        panic("out of memory for page tables");
    memset(phys_to_virt(pa), 0, PAGE_SIZE);
    return pa;
}

/*
 * The table an entry points to, created if absent. Upper levels are
 * permissive (P RW, plus US where guests may look, i.e. the RO M2P); the
 * leaf entries decide.
 */
static uint64_t *next_table(uint64_t *table, unsigned int idx, uint64_t upper)
{
    if (!(table[idx] & _PAGE_PRESENT))
        table[idx] = pt_alloc() | _PAGE_PRESENT | _PAGE_RW | upper;
    BUG_ON(table[idx] & _PAGE_PSE);
    return phys_to_virt(table[idx] & PADDR_MASK);
}

static unsigned int pt_index(uint64_t va, unsigned int level)
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

/*
 * map_range - map [va, va+size) to [pa, ...) with leaf @flags, using 1 GiB
 * and 2 MiB pages where both addresses are aligned and @large allows.
 */
static void map_range(uint64_t va, paddr_t pa, uint64_t size, uint64_t flags,
                      bool large)
{
    uint64_t upper = flags & _PAGE_USER;

    while (size) {
        uint64_t *l3 = next_table(hv_pml4, pt_index(va, 4), upper);

        if (large && have_1g && size >= HUGE_PAGE_SIZE &&
            IS_ALIGNED(va | pa, HUGE_PAGE_SIZE)) {
            l3[pt_index(va, 3)] = pa | flags | _PAGE_PSE;
            va += HUGE_PAGE_SIZE, pa += HUGE_PAGE_SIZE, size -= HUGE_PAGE_SIZE;
            continue;
        }
        uint64_t *l2 = next_table(l3, pt_index(va, 3), upper);

        if (large && size >= LARGE_PAGE_SIZE &&
            IS_ALIGNED(va | pa, LARGE_PAGE_SIZE)) {
            l2[pt_index(va, 2)] = pa | flags | _PAGE_PSE;
            va += LARGE_PAGE_SIZE, pa += LARGE_PAGE_SIZE, size -= LARGE_PAGE_SIZE;
            continue;
        }
        uint64_t *l1 = next_table(l2, pt_index(va, 2), upper);

        l1[pt_index(va, 1)] = pa | flags;
        va += PAGE_SIZE, pa += PAGE_SIZE, size -= PAGE_SIZE;
    }
}

static void map_image(void)
{
    const struct {
        const char *start, *end;
        uint64_t flags;
    } sect[] = {
        { __text_start, __text_end, _PAGE_PRESENT | _PAGE_GLOBAL },
        { __rodata_start, __rodata_end, _PAGE_PRESENT | _PAGE_GLOBAL | nx() },
        { __data_start, _end, _PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | nx() },
    };

    uint64_t guard = (uint64_t)(uintptr_t)boot_stack_guard;

    for (unsigned int i = 0; i < ARRAY_SIZE(sect); i++) {
        uint64_t va = ALIGN_DOWN((uint64_t)(uintptr_t)sect[i].start, PAGE_SIZE);
        uint64_t end = ALIGN_UP((uint64_t)(uintptr_t)sect[i].end, PAGE_SIZE);

        for (; va < end; va += PAGE_SIZE)
            if (va != guard)
                map_range(va, image_virt_to_phys((void *)(uintptr_t)va),
                          PAGE_SIZE, sect[i].flags, false);
    }
}

static bool is_ram(uint32_t type)
{
    return type == BOOT_MEM_USABLE || type == BOOT_MEM_ACPI ||
           type == BOOT_MEM_BOOT || type == BOOT_MEM_RUNTIME ||
           type == MEM_HV;
}

mfn_t paging_init(struct memmap *mm)
{
    uint32_t a, b, c, d;
    uint64_t ft_bytes;
    paddr_t ft_pa, ram_end = memmap_ram_end(mm);
    mfn_t nr_frames;

    cpuid(0x80000000, &a, &b, &c, &d);
    if (a >= 0x80000001) {
        cpuid(0x80000001, &a, &b, &c, &d);
        have_nx = d & (1u << 20);
        have_1g = d & (1u << 26);
    }

    boot_mm = mm;
    hv_pml4_pa = pt_alloc();
    hv_pml4 = phys_to_virt(hv_pml4_pa);
    /*
     * Every hypervisor slot gets its L3 now: guest L4s copy these entries
     * once, so later mappings must only ever change lower levels.
     */
    for (unsigned int slot = HV_FIRST_SLOT; slot <= HV_LAST_SLOT; slot++)
        next_table(hv_pml4, slot, slot == 256 ? _PAGE_USER : 0);
    /* The guest-visible M2P slot: read-only and not executable from the top. */
    hv_pml4[HV_FIRST_SLOT] = (hv_pml4[HV_FIRST_SLOT] & ~_PAGE_RW) | nx();

    map_image();

    /* Frame table: one struct frame per frame up to the end of RAM. */
    nr_frames = ram_end >> PAGE_SHIFT;
    ft_bytes = ALIGN_UP(nr_frames * sizeof(struct frame), LARGE_PAGE_SIZE);
    ft_pa = memmap_alloc(mm, ft_bytes, LARGE_PAGE_SIZE, ~0ULL);
    if (!ft_pa)
        ft_pa = memmap_alloc(mm, ft_bytes, PAGE_SIZE, ~0ULL);
    if (!ft_pa)
        panic("no memory for a frame table of %llu frames",
              (unsigned long long)nr_frames);
    map_range(FRAMETABLE_VIRT_START, ft_pa, ft_bytes,
              _PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | nx(), true);

    /*
     * Direct map: RAM only, so no large page ever covers a device hole.
     * Snapshot the RAM extents first: mapping allocates page-table frames,
     * which splits ranges of the map being walked.
     */
    nr_ram = 0;
    for (unsigned int i = 0; i < mm->nr; i++) {
        const struct mem_range *r = &mm->r[i];

        if (!is_ram(r->type))
            continue;
        if (nr_ram && ram[nr_ram - 1].end == r->base)
            ram[nr_ram - 1].end = r->end;
        else
            ram[nr_ram++] = *r;
    }
    for (unsigned int i = 0; i < nr_ram; i++)
        map_range(DIRECTMAP_VIRT_START + ram[i].base, ram[i].base,
                  ram[i].end - ram[i].base,
                  _PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | nx(), true);

    write_cr4(read_cr4() | X86_CR4_PGE);
    write_cr3(hv_pml4_pa);
    boot_mm = NULL;

    frame_table_init((struct frame *)FRAMETABLE_VIRT_START, nr_frames);
    return nr_frames;
}

void pv_l4_install_hv_slots(uint64_t *l4, bool ro_mpt)
{
    for (unsigned int slot = HV_FIRST_SLOT; slot <= HV_LAST_SLOT; slot++)
        l4[slot] = hv_pml4[slot];
    pv_l4_set_ro_mpt(l4, ro_mpt);
}

void pv_l4_set_ro_mpt(uint64_t *l4, bool present)
{
    l4[HV_FIRST_SLOT] = present ? hv_pml4[HV_FIRST_SLOT] : 0;
}

paddr_t paging_idle_root(void)
{
    return hv_pml4_pa;
}

void paging_low_identity(bool on)
{
    static uint64_t *l3, *l2;

    if (on) {
        l3 = phys_to_virt(pt_alloc());
        l2 = phys_to_virt(pt_alloc());
        l2[0] = _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
        l3[0] = virt_to_phys(l2) | _PAGE_PRESENT | _PAGE_RW;
        hv_pml4[0] = virt_to_phys(l3) | _PAGE_PRESENT | _PAGE_RW;
    } else {
        hv_pml4[0] = 0;
        flush_tlb_global();
        if (frame_free(virt_to_phys(l3) >> PAGE_SHIFT, 0) ||
            frame_free(virt_to_phys(l2) >> PAGE_SHIFT, 0))
            BUG();
    }
}

void m2p_init(void)
{
    uint64_t bytes = ALIGN_UP(frame_table_size * sizeof(uint64_t), PAGE_SIZE);
    uint64_t *rw = (uint64_t *)RDWR_MPT_VIRT_START;

    /* Page by page: the M2P need not be contiguous. */
    for (uint64_t off = 0; off < bytes; off += PAGE_SIZE) {
        mfn_t mfn = frame_alloc(0);

        if (mfn == MFN_INVALID)
            panic("no memory for the M2P table");
        map_range(RDWR_MPT_VIRT_START + off, mfn << PAGE_SHIFT, PAGE_SIZE,
                  _PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | nx(), false);
        map_range(RO_MPT_VIRT_START + off, mfn << PAGE_SHIFT, PAGE_SIZE,
                  _PAGE_PRESENT | _PAGE_USER | nx(), false);
    }
    for (uint64_t i = 0; i < frame_table_size; i++)
        rw[i] = ~0ULL;          /* INVALID_M2P_ENTRY */
    printk(LOG_INFO, "M2P: %llu KiB at %#llx (read-only view at %#llx)",
           (unsigned long long)(bytes >> 10),
           (unsigned long long)RDWR_MPT_VIRT_START,
           (unsigned long long)RO_MPT_VIRT_START);
}

static paddr_t zero_frame;

/* Clear the 4 KiB mapping of @va (its tables stay). */
static void unmap_page(uint64_t va)
{
    uint64_t *t = hv_pml4;

    for (unsigned int level = 4; level > 1; level--) {
        uint64_t e = t[pt_index(va, level)];

        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return;
        t = phys_to_virt(e & PADDR_MASK);
    }
    t[pt_index(va, 1)] = 0;
}

/*
 * What each CPU's GDT and LDT areas show now (0: the zero page, or
 * nothing): a context switch remaps only the pages that change.
 */
static mfn_t gdt_shown[HV_MAX_CPUS][GDT_GUEST_PAGES];
static mfn_t ldt_shown[HV_MAX_CPUS][LDT_PAGES];
static unsigned int areas_used[HV_MAX_CPUS];    /* non-zero entries above */

bool guest_areas_clear(void)
{
    return !areas_used[smp_processor_id()];
}

/* Record that a shown entry changes from @old to @new. */
static void count_shown(mfn_t old, mfn_t new)
{
    if (!old != !new)
        areas_used[smp_processor_id()] += new ? 1 : (unsigned int)-1;
}

void gdt_map_guest_page(unsigned int page, mfn_t mfn)
{
    uint64_t va = GDT_VIRT_START + (uint64_t)page * PAGE_SIZE;
    mfn_t *shown = &gdt_shown[smp_processor_id()][page];

    if (*shown == mfn)
        return;
    count_shown(*shown, mfn);
    *shown = mfn;
    /*
     * Writable for the hypervisor: the CPU sets a descriptor's accessed bit
     * when a selector is loaded. The guest cannot reach this slot (no US),
     * and the unused pages show the shared zero frame read-only.
     */
    map_range(va, mfn ? mfn << PAGE_SHIFT : zero_frame, PAGE_SIZE,
              _PAGE_PRESENT | (mfn ? _PAGE_RW : 0) | nx(), false);
    invlpg((const void *)(uintptr_t)va);
}

void ldt_map_page(unsigned int page, mfn_t mfn)
{
    uint64_t va = LDT_VIRT_START + (uint64_t)page * PAGE_SIZE;
    mfn_t *shown = &ldt_shown[smp_processor_id()][page];

    if (*shown == mfn)
        return;
    count_shown(*shown, mfn);
    *shown = mfn;
    /* Writable for the CPU's accessed bits, like the GDT; 0 unmaps. */
    if (mfn)
        map_range(va, mfn << PAGE_SHIFT, PAGE_SIZE,
                  _PAGE_PRESENT | _PAGE_RW | nx(), false);
    else
        unmap_page(va);
    invlpg((const void *)(uintptr_t)va);
}

void percpu_map_page(uint64_t va, paddr_t pa, bool writable, bool exec)
{
    map_range(va, pa, PAGE_SIZE, _PAGE_PRESENT | _PAGE_GLOBAL |
              (writable ? _PAGE_RW : 0) | (exec ? 0 : nx()), false);
}

void gdt_area_init(unsigned int cpu, paddr_t hv_page)
{
    uint64_t base = PERCPU_AREA(cpu) + PERCPU_GDT_OFF;

    if (!zero_frame) {
        mfn_t z = frame_alloc(0);

        if (z == MFN_INVALID)
            panic("no memory for the GDT area");
        zero_frame = z << PAGE_SHIFT;
        memset(phys_to_virt(zero_frame), 0, PAGE_SIZE);
    }
    for (unsigned int i = 0; i < GDT_GUEST_PAGES; i++)
        map_range(base + i * PAGE_SIZE, zero_frame, PAGE_SIZE,
                  _PAGE_PRESENT | nx(), false);
    /* The hypervisor's page: written by the CPU too (TSS busy bit). */
    percpu_map_page(base + GDT_GUEST_PAGES * PAGE_SIZE, hv_page, true, false);
    /* Every level of the LDT area's tables now, so mapping it never allocates. */
    map_range(PERCPU_AREA(cpu) + PERCPU_LDT_OFF, zero_frame, PAGE_SIZE,
              _PAGE_PRESENT | nx(), false);
    for (unsigned int i = 0; i < LDT_PAGES; i++)
        unmap_page(PERCPU_AREA(cpu) + PERCPU_LDT_OFF + i * PAGE_SIZE);
}

void *ioremap(paddr_t pa, size_t size, bool cached)
{
    paddr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
    uint64_t len = ALIGN_UP(pa + size, PAGE_SIZE) - base;
    uint64_t va = ioremap_next;

    if (!size || len > IOREMAP_VIRT_END - ioremap_next)
        return NULL;
    map_range(va, base, len, _PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | nx() |
              (cached ? 0 : _PAGE_PCD | _PAGE_PWT), false);
    ioremap_next += len;
    return (void *)(uintptr_t)(va + (pa - base));
}

/*
 * Through the direct map, 8 bytes a store: `rep stosq` is what the CPU
 * clears memory fastest with (ERMS), and QEMU's -icount counts it one
 * instruction per 8 bytes rather than per byte as `rep stosb`.
 */
void arch_clear_frames(mfn_t mfn, mfn_t nr)
{
    void *p = phys_to_virt(mfn << PAGE_SHIFT);
    uint64_t n = nr * (PAGE_SIZE / 8);

    __asm__ volatile("rep stosq" : "+D"(p), "+c"(n) : "a"(0ULL) : "memory");
}
