/* SPDX-License-Identifier: MIT */
/*
 * memory_op: the queries a PV guest makes at start of day (reservation
 * sizes, the highest machine frame, its memory map), and changing a
 * reservation: a guest its own (ballooning), dom0 another domain's (the
 * toolstack populating a domain it builds).
 */
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/hypercall.h>
#include <hv/main.h>
#include <hv/smp.h>
#include <asm/m2p.h>
#include <asm/pagetype.h>
#include <asm/uaccess.h>
#include <public/memory.h>
#include <public/xen.h>

#define E820_RAM        1
#define E820_RESERVED   2

struct e820_entry {
    uint64_t addr, size;
    uint32_t type;
} __packed;

/* The domain named by a domid_t at @arg: only the caller itself so far. */
static struct domain *target_domain(uint64_t arg, long *err)
{
    domid_t id;

    if (copy_from_guest(&id, arg, sizeof(id))) {
        *err = -EFAULT;
        return NULL;
    }
    if (id == DOMID_SELF || id == current->domain->domid)
        return current->domain;
    *err = current->domain->privileged && domain_lookup(id) ? 0 : -ESRCH;
    return *err ? NULL : domain_lookup(id);
}

static long memory_map(uint64_t arg, bool machine)
{
    struct xen_memory_map map;
    unsigned int n = 0;

    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    if (!machine) {
        /* A PV domain's pseudo-physical space: one RAM range. */
        struct e820_entry e = { 0, current->domain->tot_pages << PAGE_SHIFT,
                                E820_RAM };

        if (map.nr_entries < 1)
            return -EINVAL;
        if (copy_to_guest(map.buffer, &e, sizeof(e)))
            return -EFAULT;
        n = 1;
    } else {
        if (!current->domain->privileged)
            return -EPERM;
        for (unsigned int i = 0; i < boot_memmap.nr && n < map.nr_entries; i++) {
            const struct mem_range *r = &boot_memmap.r[i];
            struct e820_entry e = { r->base, r->end - r->base,
                                    r->type == BOOT_MEM_USABLE ? E820_RAM
                                                               : E820_RESERVED };

            if (copy_to_guest(map.buffer + n * sizeof(e), &e, sizeof(e)))
                return -EFAULT;
            n++;
        }
    }
    map.nr_entries = n;
    return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

#define MEMOP_EXTENT_SHIFT  6       /* cmd bits 6+: extents already done */
#define MEMOP_MAX_ORDER     9       /* largest extent: 2 MiB */

/* The domain a reservation names: the caller, or for dom0 one it created. */
static struct domain *reservation_domain(domid_t id, long *err)
{
    struct domain *d;

    if (id == DOMID_SELF || id == current->domain->domid)
        return current->domain;
    if (!current->domain->privileged) {
        *err = -EPERM;
        return NULL;
    }
    d = domain_lookup(id);
    if (!d || d->dying) {
        *err = -ESRCH;
        return NULL;
    }
    if (d->builder != current->domain->domid) {
        *err = -EPERM;          /* a boot-time domain's memory is its own */
        return NULL;
    }
    return d;
}

/*
 * Give @mfn back from @d (decrease_reservation) and to the allocator.
 * False if it is not @d's, or is still mapped or in use as a page table or
 * descriptor page (Xen would keep such a frame until its last reference
 * goes; pvisor refuses it, see divergences.md).
 */
static bool remove_frame(struct domain *d, mfn_t mfn)
{
    struct frame *f;

    if (mfn == d->shared_info_mfn || get_page(mfn, d))
        return false;
    f = mfn_to_frame(mfn);
    /*
     * Only a frame nothing refers to but its owner (and us): one still
     * mapped, a page table or a descriptor page stays, so a guest cannot
     * hold frames beyond its reservation through its mappings.
     */
    if (f->count_info != 2 || (f->type_info & PGT_count_mask)) {
        put_page(mfn);
        return false;
    }
    if (frame_unassign(&d->frames, mfn))
        BUG();                  /* get_page found it d's */
    d->tot_pages--;
    /*
     * Another vCPU of the domain may still hold a TLB entry for it from a
     * mapping removed without a flush there: flush them before the frame
     * can be handed out again (as a page table, say).
     */
    flush_tlb_domain(d);
    put_page(mfn);              /* the ownership reference */
    put_page(mfn);              /* ours: the last one frees it */
    return true;
}

/*
 * increase_reservation, decrease_reservation, populate_physmap (PV: the
 * MFNs are the guest's frame numbers). An extent is 2^extent_order
 * contiguous frames, at most 2 MiB (order 9, Xen's default limit for a
 * guest), for increase and populate; decrease takes single frames (a
 * larger order does nothing, as Xen does beyond a domain's maximum). For
 * populate each extent's entry names its first PFN and gets its first MFN
 * back; the M2P entries of all its frames are set. The result is the
 * number of extents done; long lists are continued.
 */
static long reservation(uint64_t cmd, uint64_t arg)
{
    unsigned int op = cmd & 0x3f;
    uint64_t start = cmd >> MEMOP_EXTENT_SHIFT;
    struct xen_memory_reservation r;
    struct domain *d;
    long err = 0;
    uint64_t i;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    d = reservation_domain(r.domid, &err);
    if (!d)
        return err;
    if (r.extent_order > MEMOP_MAX_ORDER ||
        (r.extent_order && op == XENMEM_decrease_reservation) || start > r.nr_extents)
        return (long)start;
    for (i = start; i < r.nr_extents; i++) {
        uint64_t slot = r.extent_start + i * sizeof(xen_pfn_t);
        xen_pfn_t v = 0;
        mfn_t mfn;

        if (i > start && hypercall_preempt_check()) {
            hypercall_continue(op | (i << MEMOP_EXTENT_SHIFT), arg, 0, 0, 0);
            return 0;
        }
        if ((op != XENMEM_increase_reservation || r.extent_start) &&
            copy_from_guest(&v, slot, sizeof(v)))
            break;
        if (op == XENMEM_decrease_reservation) {
            if (!remove_frame(d, v))
                break;
            continue;
        }
        mfn = domain_alloc_frames(d, r.extent_order);
        if (mfn == MFN_INVALID)
            break;
        if (op == XENMEM_populate_physmap)
            for (mfn_t k = 0; k < ((mfn_t)1 << r.extent_order); k++)
                m2p_set(mfn + k, v + k);
        /* Tell the caller the new frame's machine address. */
        v = mfn;
        if (r.extent_start && copy_to_guest(slot, &v, sizeof(v)))
            break;
    }
    return (long)i;
}

/*
 * memory_op(cmd, arg): current/maximum_reservation (arg: domid_t) return a
 * page count; maximum_ram_page returns the highest MFN; memory_map and
 * machine_memory_map (dom0) fill struct xen_memory_map. -ENOSYS otherwise.
 */
long hc_memory_op(uint64_t cmd, uint64_t arg)
{
    struct domain *d;
    long err = 0;

    switch (cmd & 0x3f) {        /* MEMOP_CMD_MASK: the rest are flags */
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation(cmd, arg);
    case XENMEM_current_reservation:
        d = target_domain(arg, &err);
        return d ? (long)d->tot_pages : err;
    case XENMEM_maximum_reservation:
        d = target_domain(arg, &err);
        return d ? (long)d->max_pages : err;
    case XENMEM_maximum_ram_page:
        return (long)(frame_table_size - 1);
    case XENMEM_memory_map:
        return memory_map(arg, false);
    case XENMEM_machine_memory_map:
        return memory_map(arg, true);
    default:
        return -ENOSYS;
    }
}
