/* SPDX-License-Identifier: MIT */
/*
 * memory_op: the queries a PV guest makes at start of day (reservation
 * sizes, the highest machine frame, its memory map). Changing a
 * reservation comes with ballooning and the toolstack.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/hypercall.h>
#include <hv/main.h>
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
