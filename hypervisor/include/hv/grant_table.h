/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, version 1: a domain's shared entries, the use the hypervisor
 * makes of them (pins), and the mappings a domain holds of others' grants.
 *
 * The granting domain writes struct grant_entry_v1 entries in table frames
 * it owns and maps writable (setup_table gives their MFNs). Another domain
 * (or the granter itself) maps or copies a granted frame naming (domid,
 * ref). The hypervisor keeps, per granting domain, an active entry per ref
 * (the pinned frame and the pin counts, which GTF_reading/GTF_writing in
 * the shared entry mirror) and, per mapping domain, a maptrack table whose
 * index is the handle a map returns.
 *
 * Who holds what on a granted frame: a host mapping is an ordinary L1
 * entry of the mapper's page tables, and like any L1 entry it holds a
 * general reference on the frame and, when writable, a writable type
 * reference. Whoever removes the entry (unmap, the guest's own mmu_update,
 * page-table teardown) drops them. The grant layer holds only its pins, so
 * the frame stays allocated exactly as long as some entry maps it.
 */
#ifndef HV_GRANT_TABLE_H
#define HV_GRANT_TABLE_H

#include <hv/types.h>

struct domain;

#define GNTTAB_INITIAL_FRAMES   1       /* table frames a domain starts with */
#define GNTTAB_MAX_FRAMES       64      /* Xen's default gnttab_max_frames */
#define GNTTAB_MAX_MT_FRAMES    1024    /* Xen's default gnttab_max_maptrack_frames */

/*
 * gnttab_domain_init - give @d an empty version 1 table of
 * GNTTAB_INITIAL_FRAMES frames (owned by @d, writable for it, never a page
 * table) and an empty maptrack. Returns 0 or -ENOMEM.
 */
int gnttab_domain_init(struct domain *d) __must_check;

/*
 * gnttab_release_mappings - domain destruction, first step: drop every
 * mapping @d holds of grants (its own or others'): the PTE still holding
 * the frame is cleared (its references dropped), the granter's pin
 * released and the handle freed. Safe to call more than once.
 */
void gnttab_release_mappings(struct domain *d);

/*
 * gnttab_destroy - domain destruction, last step: release @d's own
 * mappings (as above), cut other domains' mappings of @d's grants loose
 * from @d (their PTEs and frame references stay until they unmap; an
 * unmap then releases no pin), give up the table frames (they leave @d's
 * ownership and go back to the allocator with their last reference, which
 * may be a PTE still mapping them) and free the bookkeeping.
 * @d->grant_table is NULL afterwards.
 */
void gnttab_destroy(struct domain *d);

/*
 * gnttab_account - @d's grant bookkeeping for the accounting sysctl: its
 * table frames, maptrack frames, mappings it holds, and its own grants in
 * use by others (pinned). All 0 if @d has no table (destroyed).
 */
void gnttab_account(const struct domain *d, uint32_t *frames,
                    uint32_t *mt_frames, uint32_t *mt_in_use, uint32_t *in_use);

#endif /* HV_GRANT_TABLE_H */
