/* SPDX-License-Identifier: MIT */
/*
 * Grant tables (version 1): share a page with another domain, or map one
 * it shares, plus the helpers that set up a shared ring in one call.
 *
 * The granter writes {frame, domid} into a free entry of its grant table,
 * then (after a write barrier) the flags that make it valid, and passes
 * the entry's number (the grant reference) and an event-channel port to
 * the other domain, which maps the frame by (granter, ref).
 *
 * Written against the public ABI (public/grant_table.h) and tested on Xen
 * 4.17 (tests/integration/pvkern-grant-ring); pvisor's grant tables are
 * being implemented, so these calls may return -ENOSYS there.
 */
#ifndef PV_GRANT_H
#define PV_GRANT_H

#include <pv/defs.h>
#include <public/grant_table.h>

/*
 * pv_gnt_init - get the first @nr_frames frames of our grant table and map
 * them at @table (nr_frames pages of kernel VA, no backing needed: the
 * mappings replace what is there). Returns 0 or a negative error.
 */
PV_MUST_CHECK long pv_gnt_init(void *table, unsigned int nr_frames);

/*
 * pv_gnt_grant - let @domid access machine frame @mfn (read-only if @ro).
 * Returns the grant reference (>= GNTTAB_NR_RESERVED_ENTRIES) or -ENOSPC.
 */
long pv_gnt_grant(domid_t domid, uint64_t mfn, bool ro);

/*
 * pv_gnt_end - withdraw grant @ref. Returns 0, or -EBUSY if the other
 * domain still has it mapped (the entry stays valid then).
 */
long pv_gnt_end(grant_ref_t ref);

/*
 * pv_gnt_map - map @dom's grant @ref at @va (a kernel VA whose L1 table
 * exists). Returns the mapping handle (>= 0) or a negative GNTST_ value.
 */
long pv_gnt_map(domid_t dom, grant_ref_t ref, void *va, bool ro);

/* pv_gnt_unmap - undo pv_gnt_map(@va, @handle). Returns 0 or GNTST_ value. */
long pv_gnt_unmap(void *va, grant_handle_t handle);

/*
 * A shared ring in one call, for the frontend: grant @page (direct-mapped,
 * zeroed by the caller and PV_SRING_INIT'ed) to @backend and allocate an
 * unbound port for it. Out: *ref and *port to publish. Returns 0 or error.
 */
struct pv_ring_share {
    grant_ref_t ref;
    uint32_t port;
};
PV_MUST_CHECK long pv_ring_share(domid_t backend, void *page, struct pv_ring_share *out);

#endif /* PV_GRANT_H */
