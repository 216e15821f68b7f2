/* SPDX-License-Identifier: MIT */
/*
 * Physical memory map: the loader's ranges made sane (sorted, page aligned,
 * no overlaps), reservations carved out of them, and the boot-time allocator
 * that takes memory from the usable ranges before the frame allocator runs.
 */
#ifndef HV_MEMMAP_H
#define HV_MEMMAP_H

#include <hv/types.h>
#include <asm/bootinfo.h>

/* Types beyond the loader's BOOT_MEM_*: memory the hypervisor itself took. */
#define MEM_HV      16  /* allocated at boot by the hypervisor (page tables, frame table) */

#define MEMMAP_MAX  (BOOT_MAX_MEMMAP * 2)

struct mem_range {
    paddr_t base;               /* first byte */
    paddr_t end;                /* one past the last byte; base < end */
    uint32_t type;              /* BOOT_MEM_* or MEM_HV */
};

struct memmap {
    unsigned int nr;
    struct mem_range r[MEMMAP_MAX];
};

/*
 * memmap_build - make a sane map from a loader's ranges.
 * Ranges of length 0 are dropped. Where ranges overlap, the stricter type wins
 * (anything beats USABLE). Usable ranges shrink inward to page boundaries,
 * others grow outward. Adjacent ranges of one type merge. The result is sorted.
 * Returns 0; -EINVAL if a range wraps past 2^64 or has an unknown type
 * (that entry is skipped, the rest are kept, and @bad counts the skipped);
 * -ENOSPC if the result does not fit.
 */
int memmap_build(struct memmap *mm, const struct boot_mem_range *in,
                 unsigned int n, unsigned int *bad) __must_check;

/*
 * memmap_reserve - mark [@base, @end) as @type, whatever it was.
 * Page granular (grows outward). Returns 0, -EINVAL for an empty or
 * wrapping range, -ENOSPC when the map is full.
 */
int memmap_reserve(struct memmap *mm, paddr_t base, paddr_t end,
                   uint32_t type) __must_check;

/*
 * memmap_alloc - take @size bytes (rounded up to pages) aligned to @align
 * (a power of two, at least a page) from usable memory below @limit, lowest
 * address first, and mark them MEM_HV. Returns the physical address, or 0
 * when nothing fits (page 0 is never handed out).
 */
paddr_t memmap_alloc(struct memmap *mm, uint64_t size, uint64_t align,
                     paddr_t limit);

/* memmap_total - bytes of type @type in the map. */
uint64_t memmap_total(const struct memmap *mm, uint32_t type);

/* memmap_end - one past the highest byte of RAM (usable, HV or boot types). */
paddr_t memmap_ram_end(const struct memmap *mm);

/* memmap_type_name - short name for a type, for the log. */
const char *memmap_type_name(uint32_t type);

#endif /* HV_MEMMAP_H */
