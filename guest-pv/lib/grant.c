/* SPDX-License-Identifier: MIT */
/* Grant tables v1: our table, granting, mapping others' grants, ring sharing. */
#include <pv/boot.h>
#include <pv/evtchn.h>
#include <pv/grant.h>
#include <pv/hypercall.h>
#include <pv/pv_ops.h>
#include <public/errno.h>

#define ENTRIES_PER_FRAME (PV_PAGE_SIZE / sizeof(struct grant_entry_v1))
#define MAX_FRAMES 4

static struct grant_entry_v1 *table;
static unsigned int nr_entries;
/* Entries this domain handed out (the table itself cannot say: flags may be 0). */
static uint8_t in_use[MAX_FRAMES * ENTRIES_PER_FRAME];

long pv_gnt_init(void *va, unsigned int nr_frames)
{
    xen_pfn_t frames[MAX_FRAMES];
    struct gnttab_setup_table op = {
        .dom = DOMID_SELF,
        .nr_frames = nr_frames,
        .frame_list = (uint64_t)(uintptr_t)frames,
    };
    long rc;

    if (nr_frames == 0 || nr_frames > MAX_FRAMES)
        return -XEN_EINVAL;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &op, 1);
    if (rc)
        return rc;
    if (op.status)
        return op.status;
    for (unsigned int i = 0; i < nr_frames; i++) {
        rc = HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)va + i * PV_PAGE_SIZE,
                                          (frames[i] << PV_PAGE_SHIFT) | PV_PTE_P |
                                          PV_PTE_RW | PV_PTE_A | PV_PTE_D, UVMF_INVLPG);
        if (rc)
            return rc;
    }
    table = va;
    nr_entries = nr_frames * ENTRIES_PER_FRAME;
    return 0;
}

long pv_gnt_grant(domid_t domid, uint64_t mfn, bool ro)
{
    for (grant_ref_t ref = GNTTAB_NR_RESERVED_ENTRIES; ref < nr_entries; ref++) {
        if (in_use[ref])
            continue;
        in_use[ref] = 1;
        table[ref].frame = (uint32_t)mfn;
        table[ref].domid = domid;
        pv_wmb();       /* frame and domid before the flags that validate them */
        PV_WRITE_ONCE(table[ref].flags,
                      (uint16_t)(GTF_permit_access | (ro ? GTF_readonly : 0)));
        return ref;
    }
    return -XEN_ENOSPC;
}

long pv_gnt_end(grant_ref_t ref)
{
    uint16_t flags;

    if (ref >= nr_entries || !in_use[ref])
        return -XEN_EINVAL;
    /* Clear the flags only if the grantee has no mapping (no reading/writing bit). */
    flags = PV_READ_ONCE(table[ref].flags);
    do {
        if (flags & (GTF_reading | GTF_writing))
            return -XEN_EBUSY;
    } while (!__atomic_compare_exchange_n(&table[ref].flags, &flags, 0, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    in_use[ref] = 0;
    return 0;
}

long pv_gnt_map(domid_t dom, grant_ref_t ref, void *va, bool ro)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = (uint64_t)(uintptr_t)va,
        .flags = GNTMAP_host_map | (ro ? GNTMAP_readonly : 0),
        .ref = ref,
        .dom = dom,
    };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if (rc)
        return rc;
    return op.status ? op.status : (long)op.handle;
}

long pv_gnt_unmap(void *va, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = {
        .host_addr = (uint64_t)(uintptr_t)va,
        .handle = handle,
    };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

    return rc ? rc : op.status;
}

long pv_ring_share(domid_t backend, void *page, struct pv_ring_share *out)
{
    long ref = pv_gnt_grant(backend, pv_virt_to_mfn(page), false);
    long port;

    if (ref < 0)
        return ref;
    port = pv_evtchn_alloc_unbound(backend, NULL, NULL);
    if (port < 0) {
        (void)pv_gnt_end((grant_ref_t)ref);
        return port;
    }
    out->ref = (grant_ref_t)ref;
    out->port = (uint32_t)port;
    return 0;
}
