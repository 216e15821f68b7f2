/* SPDX-License-Identifier: MIT */
/*
 * Physical memory map: sanitising the loader's ranges, reservations and the
 * boot-time allocator (see hv/memmap.h).
 *
 * Invariants of a built map, kept by every function here:
 *   - entries are sorted by base and do not overlap;
 *   - every base and end is a multiple of PAGE_SIZE (only memmap_build,
 *     before it rounds, works in bytes);
 *   - two entries that touch have different types (runs are maximal).
 * Each byte (then page) takes the strictest type that claims it, and runs
 * are maximal, so the map of a set of ranges does not depend on the order
 * the ranges came in.
 *
 * The last page of the 64-bit space cannot be described (an end of 2^64 does
 * not fit in a paddr_t); a range reaching into it is cut short there. That
 * costs nothing: no machine has RAM there and nothing can be allocated from
 * a page the map does not hold.
 *
 * Runs before the frame allocator and before SMP: no locking.
 */
#include <hv/arch.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/memmap.h>

/* Highest end the map can hold: the base of the last page. */
#define MEMMAP_TOP  ALIGN_DOWN(UINT64_MAX, PAGE_SIZE)

/*
 * type_rank - how strict a type is; where ranges overlap the higher rank
 * wins. Returns -1 for a type the map does not know.
 *
 * The order, lowest first, and why:
 *   USABLE    free now: anything else beats it.
 *   BOOT      loader data in use; given back once dom0 is built.
 *   ACPI      firmware tables; given back (if ever) after parsing, later
 *             than BOOT, so it outranks BOOT.
 *   MEM_HV    the hypervisor's own, kept for its lifetime.
 *   RUNTIME   EFI runtime services, kept for the machine's lifetime.
 *   MMIO      not RAM at all: treating device memory as RAM (cacheable,
 *             allocatable) is worse than the reverse.
 *   RESERVED  never touch.
 *   NVS       never touch, and its contents must survive sleep states.
 *   UNUSABLE  bad RAM: whatever else claims it, it must never be used.
 */
static int type_rank(uint32_t type)
{
    switch (type) {
    case BOOT_MEM_USABLE:   return 0;
    case BOOT_MEM_BOOT:     return 1;
    case BOOT_MEM_ACPI:     return 2;
    case MEM_HV:            return 3;
    case BOOT_MEM_RUNTIME:  return 4;
    case BOOT_MEM_MMIO:     return 5;
    case BOOT_MEM_RESERVED: return 6;
    case BOOT_MEM_NVS:      return 7;
    case BOOT_MEM_UNUSABLE: return 8;
    default:                return -1;
    }
}

/*
 * memmap_set - make [@b, @e) one range of @type, whatever lay there, and
 * keep the map canonical. @b < @e.
 * Returns 0, or -ENOSPC (map unchanged) if the result would not fit.
 */
static int memmap_set(struct memmap *mm, paddr_t b, paddr_t e, uint32_t type)
{
    struct mem_range out[3];    /* left remainder, the new range, right remainder */
    unsigned int i, j, nout = 0, nr_new;
    paddr_t nb = b, ne = e;

    /*
     * Entries [i, j) are the ones the new range replaces: those overlapping
     * [b, e), plus a same-type neighbour that touches it, to merge with.
     */
    for (i = 0; i < mm->nr && mm->r[i].end <= b; i++)
        ;
    for (j = i; j < mm->nr && mm->r[j].base < e; j++)
        ;
    if (i > 0 && mm->r[i - 1].end == b && mm->r[i - 1].type == type)
        i--;
    if (j < mm->nr && mm->r[j].base == e && mm->r[j].type == type)
        j++;

    /* What sticks out of [b, e) on either side survives, or merges if same type. */
    if (i < j && mm->r[i].base < b) {
        if (mm->r[i].type == type)
            nb = mm->r[i].base;
        else
            out[nout++] = (struct mem_range){ mm->r[i].base, b, mm->r[i].type };
    }
    out[nout++] = (struct mem_range){ nb, ne, type };
    if (i < j && mm->r[j - 1].end > e) {
        if (mm->r[j - 1].type == type)
            out[nout - 1].end = mm->r[j - 1].end;
        else
            out[nout++] = (struct mem_range){ e, mm->r[j - 1].end, mm->r[j - 1].type };
    }

    nr_new = mm->nr - (j - i) + nout;
    if (nr_new > MEMMAP_MAX)
        return -ENOSPC;
    memmove(&mm->r[i + nout], &mm->r[j], (mm->nr - j) * sizeof(mm->r[0]));
    memcpy(&mm->r[i], out, nout * sizeof(out[0]));
    mm->nr = nr_new;
    return 0;
}

/*
 * memmap_add - lay [@b, @e) of @type under the map: it takes only the parts
 * not already held by a type of equal or higher rank. @b < @e; any
 * granularity (memmap_build works in bytes before it rounds to pages).
 * Returns 0 or -ENOSPC (the map then holds the parts laid so far).
 */
static int memmap_add(struct memmap *mm, paddr_t b, paddr_t e, uint32_t type)
{
    int rank = type_rank(type);
    paddr_t cur = b;

    while (cur < e) {
        paddr_t stop = e, next = e;

        /* The first entry at or after cur that the new range must go around. */
        for (unsigned int k = 0; k < mm->nr && mm->r[k].base < e; k++) {
            if (mm->r[k].end > cur && type_rank(mm->r[k].type) >= rank) {
                stop = MAX(mm->r[k].base, cur);
                next = mm->r[k].end;
                break;
            }
        }
        if (cur < stop) {
            int rc = memmap_set(mm, cur, stop, type);

            if (rc)
                return rc;
        }
        cur = next;
    }
    return 0;
}

/*
 * memmap_round - bring a byte-granular map to pages. A page holding any
 * byte of a non-usable type becomes wholly the strictest such type in it;
 * a usable range then keeps only its whole pages.
 * Returns 0 or -ENOSPC. (Neither step adds entries: a page changes type
 * only at the edge of a range, so each range still gives at most one.)
 *
 * Ranks go strictest first: once a type holds whole pages, a weaker type's
 * growth cannot take them back, so each step makes one range whole and the
 * loop ends. Rounding after merging, not range by range, keeps a page that
 * two adjacent usable ranges share between them.
 */
static int memmap_round(struct memmap *mm)
{
    unsigned int w = 0;

    for (int rank = type_rank(BOOT_MEM_UNUSABLE); rank > 0; rank--) {
        for (;;) {
            const struct mem_range *r = NULL;
            int rc;

            for (unsigned int i = 0; i < mm->nr && !r; i++)
                if (type_rank(mm->r[i].type) == rank &&
                    (!IS_ALIGNED(mm->r[i].base, PAGE_SIZE) ||
                     !IS_ALIGNED(mm->r[i].end, PAGE_SIZE)))
                    r = &mm->r[i];
            if (!r)
                break;
            /* MEMMAP_TOP is aligned and no end exceeds it: no overflow. */
            rc = memmap_add(mm, ALIGN_DOWN(r->base, PAGE_SIZE),
                            ALIGN_UP(r->end, PAGE_SIZE), r->type);
            if (rc)
                return rc;
        }
    }

    /*
     * Every neighbour of a usable range now holds whole pages (or is a
     * hole), so shrinking cannot leave two same-type ranges touching.
     */
    for (unsigned int i = 0; i < mm->nr; i++) {
        struct mem_range r = mm->r[i];

        if (r.type == BOOT_MEM_USABLE) {
            r.base = ALIGN_UP(r.base, PAGE_SIZE);
            r.end = ALIGN_DOWN(r.end, PAGE_SIZE);
            if (r.base >= r.end)
                continue;
        }
        mm->r[w++] = r;
    }
    mm->nr = w;
    return 0;
}

/*
 * The map is first built in bytes (each byte takes the strictest type that
 * claims it), then rounded to pages by memmap_round. n ranges have at most
 * 2n edges, so at most 2n - 1 pieces: BOOT_MAX_MEMMAP inputs always fit in
 * MEMMAP_MAX. On -ENOSPC the map holds the ranges laid so far, rounded:
 * a sane map, short of the rest.
 */
int memmap_build(struct memmap *mm, const struct boot_mem_range *in,
                 unsigned int n, unsigned int *bad)
{
    unsigned int skipped = 0;
    int rc = 0;

    mm->nr = 0;
    for (unsigned int i = 0; i < n && !rc; i++) {
        uint64_t base = in[i].base, len = in[i].len, last;

        if (len == 0)
            continue;
        if (type_rank(in[i].type) < 0 || len - 1 > UINT64_MAX - base) {
            skipped++;
            continue;
        }
        if (base >= MEMMAP_TOP)
            continue;
        last = base + len - 1;  /* the last byte: cannot overflow, unlike the end */
        rc = memmap_add(mm, base, last >= MEMMAP_TOP ? MEMMAP_TOP : last + 1,
                        in[i].type);
    }
    /* Round even after -ENOSPC; rounding never adds entries. */
    if (memmap_round(mm) && !rc)
        rc = -ENOSPC;
    if (bad)
        *bad = skipped;
    if (rc)
        return rc;
    return skipped ? -EINVAL : 0;
}

/*
 * Beyond hv/memmap.h: an unknown @type is refused with -EINVAL too, since
 * the map could not rank it against the loader's types later.
 */
int memmap_reserve(struct memmap *mm, paddr_t base, paddr_t end,
                   uint32_t type)
{
    paddr_t b, e;

    if (base >= end || type_rank(type) < 0)
        return -EINVAL;
    b = ALIGN_DOWN(base, PAGE_SIZE);
    e = end > MEMMAP_TOP ? MEMMAP_TOP : ALIGN_UP(end, PAGE_SIZE);
    if (b >= e)                 /* wholly in the last page: not describable */
        return -EINVAL;
    return memmap_set(mm, b, e, type);
}

/*
 * An @align below a page (0 included) means a page. An @align that is not a
 * power of two, a @size of 0, or a map too full to record the allocation
 * make it fail (0).
 */
paddr_t memmap_alloc(struct memmap *mm, uint64_t size, uint64_t align,
                     paddr_t limit)
{
    if (size == 0 || size > MEMMAP_TOP)
        return 0;
    size = ALIGN_UP(size, PAGE_SIZE);
    if (align < PAGE_SIZE)
        align = PAGE_SIZE;
    if (align & (align - 1))
        return 0;

    for (unsigned int i = 0; i < mm->nr && mm->r[i].base < limit; i++) {
        const struct mem_range *r = &mm->r[i];
        paddr_t lo, hi, start;

        if (r->type != BOOT_MEM_USABLE)
            continue;
        lo = MAX(r->base, (paddr_t)PAGE_SIZE);  /* page 0 is never handed out */
        hi = MIN(r->end, limit);
        if (lo > UINT64_MAX - (align - 1))
            break;
        start = ALIGN_UP(lo, align);
        if (start >= hi || hi - start < size)
            continue;
        if (memmap_set(mm, start, start + size, MEM_HV))
            return 0;
        return start;
    }
    return 0;
}

uint64_t memmap_total(const struct memmap *mm, uint32_t type)
{
    uint64_t sum = 0;

    for (unsigned int i = 0; i < mm->nr; i++)
        if (mm->r[i].type == type)
            sum += mm->r[i].end - mm->r[i].base;
    return sum;
}

/* RAM here means what the frame table must cover: usable, MEM_HV and BOOT. */
paddr_t memmap_ram_end(const struct memmap *mm)
{
    paddr_t end = 0;

    for (unsigned int i = 0; i < mm->nr; i++) {
        uint32_t t = mm->r[i].type;

        if (t == BOOT_MEM_USABLE || t == MEM_HV || t == BOOT_MEM_BOOT)
            end = MAX(end, mm->r[i].end);
    }
    return end;
}

const char *memmap_type_name(uint32_t type)
{
    switch (type) {
    case BOOT_MEM_USABLE:   return "usable";
    case BOOT_MEM_RESERVED: return "reserved";
    case BOOT_MEM_ACPI:     return "acpi";
    case BOOT_MEM_NVS:      return "nvs";
    case BOOT_MEM_UNUSABLE: return "unusable";
    case BOOT_MEM_BOOT:     return "boot";
    case BOOT_MEM_RUNTIME:  return "runtime";
    case BOOT_MEM_MMIO:     return "mmio";
    case MEM_HV:            return "hv";
    default:                return "unknown";
    }
}
