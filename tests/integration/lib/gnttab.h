/* SPDX-License-Identifier: MIT */
/*
 * Test-guest grant tables: the domain's own table (set up and mapped on
 * first use), writing grant entries, and GNTTABOP wrappers that return the
 * per-operation GNTST_* status.
 *
 * A wrapper whose hypercall itself fails (not 0) records a test failure
 * and returns GNT_HCALL_FAILED, a value no GNTST_* takes.
 */
#ifndef GUEST_GNTTAB_H
#define GUEST_GNTTAB_H

#include <stdbool.h>
#include <stdint.h>
#include <public/grant_table.h>

#define GNT_HCALL_FAILED    (-100)

/* gnt_table - the entries of table frame 0, mapped writable (ERROR if impossible). */
struct grant_entry_v1 *gnt_table(void);

/* gnt_table_mfn - machine frame of table frame 0. */
uint64_t gnt_table_mfn(void);

/*
 * gnt_grant - let @domid use frame @mfn through @ref: frame and domid are
 * written first, then GTF_permit_access | @extra (the order Xen asks for).
 * gnt_revoke - make @ref invalid again (flags 0).
 */
void gnt_grant(grant_ref_t ref, domid_t domid, uint64_t mfn, uint16_t extra);
void gnt_revoke(grant_ref_t ref);

/* gnt_flags - the flags word of @ref as the hypervisor left it. */
uint16_t gnt_flags(grant_ref_t ref);

/* One GNTTABOP_map_grant_ref; *@handle and *@bus (may be NULL) on success. */
int gnt_map(domid_t dom, grant_ref_t ref, uint64_t host_addr, uint32_t flags,
            grant_handle_t *handle, uint64_t *bus);

/* One GNTTABOP_unmap_grant_ref. */
int gnt_unmap(uint64_t host_addr, uint64_t bus, grant_handle_t handle);

/* One GNTTABOP_copy of @len bytes; the status. */
int gnt_copy(const struct gnttab_copy_ptr *src, const struct gnttab_copy_ptr *dst,
             uint16_t len, uint16_t flags);

/*
 * gnt_page - a fresh frame of ours mapped writable, zeroed, with word 0 =
 * @word0 (ERROR if impossible); *@map gets the mapping. Returns the MFN.
 */
uint64_t gnt_page(volatile uint64_t **map, uint64_t word0);

/*
 * Waiting for the other domain, which may start late on a loaded host: a
 * bound in TSC cycles (about 20 s at the hosts' 2-3 GHz) rather than in
 * tries. gnt_wait_start - the TSC now; gnt_waited_too_long - has the wait
 * begun at @t0 run out? gnt_wait_word - yield until @p[@w] == @want
 * (FAILURE if the wait runs out).
 */
#define GNT_WAIT_CYCLES 50000000000ULL
uint64_t gnt_wait_start(void);
bool gnt_waited_too_long(uint64_t t0);
void gnt_wait_word(volatile uint64_t *p, unsigned int w, uint64_t want);

/* gnt_dump - GNTTABOP_dump_table of @dom (pvisor logs the table's state). */
long gnt_dump(domid_t dom);

#endif /* GUEST_GNTTAB_H */
