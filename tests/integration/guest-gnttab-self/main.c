/* SPDX-License-Identifier: MIT */
/*
 * guest-gnttab-self: grant tables v1 within one domain (dom0 granting to
 * itself, which Xen allows): map, unmap and copy, and every check a grant
 * operation makes on its arguments and on the shared entry.
 *
 * Correct (PV-ABI-NOTES.md section 9; Xen 4.17 common/grant_table.c and
 * arch/x86/pv/grant_table.c):
 *  - setup_table hands out the table's MFNs, which the guest maps writable;
 *    more frames than query_size's max_nr_frames is GNTST_general_error;
 *  - a host map writes a PTE at host_addr (or at the machine address with
 *    GNTMAP_contains_pte) and returns a handle and the frame's address;
 *    GTF_reading (and GTF_writing for a writable map) is set while mapped
 *    and cleared by the last unmap; a read-only map faults on a write;
 *  - refused maps: no host_map flag -> bad_gntref; DOMID_SELF or an unknown
 *    domain -> bad_domain; a ref beyond the table -> bad_gntref; a ref never
 *    granted, granted to another domain or read-only (for a writable map)
 *    -> general_error; a frame the granter does not own -> bad_page; a
 *    page-table frame mapped writable, host_addr in the hypervisor's range,
 *    non-canonical, without an L1 table, or a PTE address that is not in
 *    an L1 table of the domain -> general_error;
 *  - unmap: a handle never issued or already unmapped -> bad_handle; a
 *    host_addr that does not map the frame -> general_error (the mapping
 *    stays); dev_bus_addr matters only for device mappings;
 *  - copy: the data arrive; a frame of another domain named without
 *    GNTCOPY_*_gref -> permission_denied; a frame not the caller's ->
 *    bad_page; bad refs as for map; offset + len beyond the page ->
 *    bad_copy_arg; a read-only grant as destination -> general_error;
 *  - swap_grant_ref swaps two entries, refuses one in use (eagain);
 *  - 1000 map/unmap cycles all succeed and leave the entry's flags clear;
 *  - a grant PTE the guest clears itself (update_va_mapping) is gone, and
 *    unmapping it by address then fails (general_error) as on Xen; the
 *    entry stays pinned (GTF_reading|GTF_writing) until the domain dies.
 */
#include <public/errno.h>
#include <public/grant_table.h>
#include "gnttab.h"
#include "pt.h"
#include "test.h"

TEST_TITLE("grant tables v1: self-grants, map, unmap, copy and their refusals");

#define SELF        0           /* dom0's id */
#define REF_RW      8           /* the first refs a guest may use */
#define REF_RO      9
#define REF_OTHER   10          /* granted to domain 5 */
#define REF_PT      11          /* one of our L1 page tables */
#define REF_NOTOURS 12          /* a frame we do not own */
#define REF_NEVER   13
#define REF_ZAP     14
#define CYCLES      1000

static struct fault_info probe_write(volatile uint8_t *p)
{
    fault_clear();
    __asm__ volatile("1: movb $0x5a, (%0)\n2:\n" EXTABLE(1b, 2b) :: "r"(p) : "memory");
    return last_fault;
}

static uint64_t va_of(void *p)
{
    return (uint64_t)(uintptr_t)p;
}

static void test_setup(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct gnttab_setup_table st = { .dom = DOMID_SELF };
    uint64_t frames[2];

    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0, "query_size");
    CHECK_EQ(q.status, GNTST_okay, "query_size status");
    CHECK(q.nr_frames >= 1 && q.max_nr_frames >= q.nr_frames, "query_size: %u of %u",
          q.nr_frames, q.max_nr_frames);
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 2), -XEN_EINVAL,
             "query_size, count 2");

    st.nr_frames = q.max_nr_frames + 1;
    st.frame_list = (uint64_t)(uintptr_t)frames;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0,
             "setup_table beyond the limit");
    CHECK_EQ(st.status, GNTST_general_error, "setup_table beyond the limit: status");
    st.nr_frames = 2;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0, "setup_table(2)");
    CHECK_EQ(st.status, GNTST_okay, "setup_table(2): status");
    CHECK_EQ(frames[0], gnt_table_mfn(), "frame 0 stays the same");
    CHECK(frames[1] != frames[0], "two different frames");
    q.nr_frames = 0;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0, "query_size");
    CHECK_EQ(q.nr_frames, 2, "query_size after growing");
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 0), -XEN_EINVAL,
             "setup_table, count 0");
}

static void test_map_rw(uint64_t mfn, volatile uint8_t *own)
{
    void *win = pt_take_window();
    volatile uint8_t *m = win;
    grant_handle_t h;
    uint64_t bus = 0;

    gnt_grant(REF_RW, SELF, mfn, 0);
    CHECK_EQ(gnt_map(SELF, REF_RW, va_of(win), GNTMAP_host_map, &h, &bus), GNTST_okay,
             "map writable");
    CHECK_EQ(bus, mfn << 12, "dev_bus_addr");
    CHECK_EQ(gnt_flags(REF_RW), GTF_permit_access | GTF_reading | GTF_writing,
             "flags while mapped writable");
    own[100] = 0x11;
    CHECK_EQ(m[100], 0x11, "the mapping shows the frame");
    m[200] = 0x22;
    CHECK_EQ(own[200], 0x22, "a write through the mapping reaches the frame");

    /* Refused unmaps leave the mapping. */
    CHECK_EQ(gnt_unmap(va_of(win) + (1ULL << 30), 0, h), GNTST_general_error,
             "unmap at an address without the mapping");
    CHECK_EQ(m[100], 0x11, "still mapped after refused unmaps");
    CHECK_EQ(gnt_unmap(va_of(win), (mfn + 1) << 12, h), GNTST_okay,
             "unmap (dev_bus_addr is not checked for host mappings)");
    CHECK_EQ(gnt_flags(REF_RW), GTF_permit_access, "flags after unmap");
    CHECK_EQ(probe_write(m).vector, TRAP_PF, "the unmapped address faults");
    CHECK_EQ(gnt_unmap(va_of(win), 0, h), GNTST_bad_handle, "unmap twice");
    CHECK_EQ(gnt_unmap(va_of(win), 0, 0xffff), GNTST_bad_handle, "unmap, handle never issued");
    CHECK_EQ(gnt_unmap(va_of(win), 0, 1u << 30), GNTST_bad_handle, "unmap, handle out of range");
    pt_unmap(win);
}

static void test_map_ro(uint64_t mfn, volatile uint8_t *own)
{
    void *win = pt_take_window();
    volatile uint8_t *m = win;
    struct fault_info fi;
    grant_handle_t h, h2;

    gnt_grant(REF_RO, SELF, mfn, GTF_readonly);
    CHECK_EQ(gnt_map(SELF, REF_RO, va_of(win), GNTMAP_host_map, &h, NULL),
             GNTST_general_error, "writable map of a read-only grant");
    CHECK_EQ(gnt_flags(REF_RO), GTF_permit_access | GTF_readonly, "flags after the refusal");
    CHECK_EQ(gnt_map(SELF, REF_RO, va_of(win), GNTMAP_host_map | GNTMAP_readonly, &h, NULL),
             GNTST_okay, "read-only map");
    CHECK_EQ(gnt_flags(REF_RO), GTF_permit_access | GTF_readonly | GTF_reading,
             "flags while mapped read-only");
    own[300] = 0x33;
    CHECK_EQ(m[300], 0x33, "read through the read-only mapping");
    fi = probe_write(m + 300);
    CHECK(fi.count == 1 && fi.vector == TRAP_PF && (fi.error_code & 3) == 3,
          "write to the read-only mapping: %u faults, vector %u, error %#llx",
          fi.count, fi.vector, (unsigned long long)fi.error_code);
    CHECK_EQ(own[300], 0x33, "the frame is unchanged");
    /* Unmapping must name the access the map had. */
    gnt_grant(REF_RW, SELF, mfn, 0);
    CHECK_EQ(gnt_map(SELF, REF_RW, va_of(win), GNTMAP_host_map, &h2, NULL), GNTST_okay,
             "a writable map over the read-only one");
    CHECK_EQ(gnt_unmap(va_of(win), 0, h), GNTST_general_error,
             "read-only handle against a writable PTE");
    CHECK_EQ(gnt_unmap(va_of(win), 0, h2), GNTST_okay, "unmap the writable one");
    CHECK_EQ(gnt_unmap(va_of(win), 0, h), GNTST_general_error,
             "read-only handle, PTE gone");
    /* The read-only handle is still live: an address of 0 undoes nothing. */
    CHECK_EQ(gnt_unmap(0, 0, h), GNTST_okay, "unmap with host_addr 0");
    CHECK_EQ(gnt_map(SELF, REF_RO, va_of(win), GNTMAP_host_map | GNTMAP_readonly, &h2, NULL),
             GNTST_okay, "map read-only again");
    CHECK_EQ(gnt_unmap(va_of(win), 0, h), GNTST_okay, "unmap by the first handle");
    CHECK_EQ(gnt_flags(REF_RO), GTF_permit_access | GTF_readonly | GTF_reading,
             "the second handle still pins it");
    CHECK_EQ(gnt_unmap(va_of(win), 0, h2), GNTST_general_error, "its PTE is gone");
    pt_unmap(win);
}

static void test_map_refusals(uint64_t mfn, uint64_t l1_mfn)
{
    void *win = pt_take_window();
    uint64_t va = va_of(win), pte_ma = pt_entry_ma(pt_boot_l4(), va, 1);
    grant_handle_t h;

    gnt_grant(REF_RW, SELF, mfn, 0);
    CHECK_EQ(gnt_map(SELF, REF_RW, va, GNTMAP_readonly, &h, NULL), GNTST_bad_gntref,
             "map without GNTMAP_host_map");
    CHECK_EQ(gnt_map(DOMID_SELF, REF_RW, va, GNTMAP_host_map, &h, NULL), GNTST_bad_domain,
             "map from DOMID_SELF");
    CHECK_EQ(gnt_map(60, REF_RW, va, GNTMAP_host_map, &h, NULL), GNTST_bad_domain,
             "map from a domain that does not exist");
    CHECK_EQ(gnt_map(SELF, 2 * 512, va, GNTMAP_host_map, &h, NULL), GNTST_bad_gntref,
             "map of a ref beyond the table");
    CHECK_EQ(gnt_map(SELF, 0xffffffffu, va, GNTMAP_host_map, &h, NULL), GNTST_bad_gntref,
             "map of ref 0xffffffff");
    CHECK_EQ(gnt_map(SELF, REF_NEVER, va, GNTMAP_host_map, &h, NULL), GNTST_general_error,
             "map of a ref never granted");
    gnt_grant(REF_OTHER, 5, mfn, 0);
    CHECK_EQ(gnt_map(SELF, REF_OTHER, va, GNTMAP_host_map, &h, NULL), GNTST_general_error,
             "map of a ref granted to another domain");
    gnt_grant(REF_NOTOURS, SELF, 1, 0);
    CHECK_EQ(gnt_map(SELF, REF_NOTOURS, va, GNTMAP_host_map | GNTMAP_readonly, &h, NULL),
             GNTST_bad_page, "map of a grant of a frame we do not own");
    CHECK_EQ(gnt_flags(REF_NOTOURS), GTF_permit_access, "its flags left clear");
    gnt_grant(REF_PT, SELF, l1_mfn, 0);
    CHECK_EQ(gnt_map(SELF, REF_PT, va, GNTMAP_host_map, &h, NULL), GNTST_general_error,
             "writable map of our own L1 table");
    CHECK_EQ(gnt_flags(REF_PT), GTF_permit_access, "flags after the refused pin");
    CHECK_EQ(gnt_map(SELF, REF_PT, va, GNTMAP_host_map | GNTMAP_readonly, &h, NULL),
             GNTST_okay, "read-only map of our own L1 table");
    CHECK_EQ(gnt_unmap(va, 0, h), GNTST_okay, "unmap it");

    CHECK_EQ(gnt_map(SELF, REF_RW, 0xffff830000000000ULL, GNTMAP_host_map, &h, NULL),
             GNTST_general_error, "host_addr in the hypervisor's range");
    CHECK_EQ(gnt_map(SELF, REF_RW, 0x0000900000000000ULL, GNTMAP_host_map, &h, NULL),
             GNTST_general_error, "non-canonical host_addr");
    CHECK_EQ(gnt_map(SELF, REF_RW, 0x0000700000000000ULL, GNTMAP_host_map, &h, NULL),
             GNTST_general_error, "host_addr without an L1 table");
    CHECK_EQ(gnt_map(SELF, REF_RW, pte_ma + 4, GNTMAP_host_map | GNTMAP_contains_pte, &h,
                     NULL), GNTST_general_error, "contains_pte, misaligned");
    CHECK_EQ(gnt_map(SELF, REF_RW, mfn << 12, GNTMAP_host_map | GNTMAP_contains_pte, &h,
                     NULL), GNTST_general_error, "contains_pte, not a page table");
    CHECK_EQ(gnt_flags(REF_RW), GTF_permit_access, "flags after the refused maps");

    CHECK_EQ(gnt_map(SELF, REF_RW, pte_ma, GNTMAP_host_map | GNTMAP_contains_pte, &h, NULL),
             GNTST_okay, "contains_pte map");
    CHECK_EQ(PTE_MFN(pt_read(pte_ma)), mfn, "the PTE names the frame");
    CHECK_EQ(((volatile uint8_t *)win)[100], 0x11, "read through it");
    CHECK_EQ(gnt_unmap(pte_ma, 0, h), GNTST_okay, "contains_pte unmap");
    CHECK_EQ(pt_read(pte_ma) & PTE_P, 0, "the PTE is cleared");
    pt_unmap(win);
}

static void test_copy(uint64_t mfn, volatile uint8_t *own)
{
    uint64_t mfn2 = pt_alloc_frame();
    volatile uint8_t *other = pt_map(mfn2, PTE_RW);
    struct gnttab_copy_ptr src = { .domid = SELF }, dst = { .domid = DOMID_SELF };

    if (!other)
        test_result(TEST_ERROR, "cannot map a second frame");
    for (unsigned int i = 0; i < 64; i++)
        own[1000 + i] = (uint8_t)(i * 3);
    gnt_grant(REF_RW, SELF, mfn, 0);
    gnt_grant(REF_RO, SELF, mfn, GTF_readonly);
    src.u.ref = REF_RO;
    src.offset = 1000;
    dst.u.gmfn = mfn2;
    dst.offset = 8;
    CHECK_EQ(gnt_copy(&src, &dst, 64, GNTCOPY_source_gref), GNTST_okay,
             "copy from a read-only grant to our frame");
    CHECK(other[8] == 0 && other[8 + 63] == 189, "copied bytes: %u %u", other[8],
          other[8 + 63]);
    CHECK_EQ(gnt_flags(REF_RO), GTF_permit_access | GTF_readonly, "flags after the copy");

    CHECK_EQ(gnt_copy(&src, &dst, 4096 - 8 + 1, GNTCOPY_source_gref), GNTST_bad_copy_arg,
             "copy past the end of the destination page");
    src.offset = 4095;
    CHECK_EQ(gnt_copy(&src, &dst, 2, GNTCOPY_source_gref), GNTST_bad_copy_arg,
             "copy past the end of the source page");
    src.offset = 0;
    CHECK_EQ(gnt_copy(&src, &dst, 0, GNTCOPY_source_gref), GNTST_okay, "copy of 0 bytes");

    /* Destination by grant: it must be writable. */
    dst.u.ref = REF_RO;
    dst.domid = SELF;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_source_gref | GNTCOPY_dest_gref),
             GNTST_general_error, "copy into a read-only grant");
    dst.u.ref = REF_RW;
    src.u.ref = REF_RO;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_source_gref | GNTCOPY_dest_gref), GNTST_okay,
             "copy between two grants of one frame");

    /* Frames named directly: only DOMID_SELF's own. */
    src.u.gmfn = mfn2;
    src.domid = SELF;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_dest_gref), GNTST_permission_denied,
             "source frame named with a domain id");
    src.domid = DOMID_SELF;
    src.u.gmfn = 1;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_dest_gref), GNTST_bad_page,
             "source frame not ours");
    src.u.ref = 2 * 512;
    src.domid = SELF;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_source_gref | GNTCOPY_dest_gref),
             GNTST_bad_gntref, "source ref beyond the table");
    src.u.ref = REF_OTHER;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_source_gref | GNTCOPY_dest_gref),
             GNTST_general_error, "source ref granted to another domain");
    src.u.ref = REF_RO;
    src.domid = 60;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_source_gref | GNTCOPY_dest_gref),
             GNTST_bad_domain, "source in a domain that does not exist");
    CHECK_EQ(gnt_flags(REF_RW), GTF_permit_access, "no pin left behind");
    pt_unmap((void *)other);
}

static void test_swap(uint64_t mfn)
{
    struct gnttab_swap_grant_ref sw = { .ref_a = REF_RW, .ref_b = REF_NEVER, .status = 99 };
    void *win = pt_take_window();
    grant_handle_t h;

    gnt_grant(REF_RW, SELF, mfn, 0);
    gnt_revoke(REF_NEVER);
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &sw, 1), 0, "swap_grant_ref");
    CHECK_EQ(sw.status, GNTST_okay, "swap status");
    CHECK(gnt_flags(REF_RW) == 0 && gnt_flags(REF_NEVER) == GTF_permit_access &&
          gnt_table()[REF_NEVER].frame == (uint32_t)mfn, "entries swapped");
    CHECK_EQ(gnt_map(SELF, REF_NEVER, va_of(win), GNTMAP_host_map, &h, NULL), GNTST_okay,
             "map the swapped grant");
    sw.ref_a = REF_NEVER;
    sw.ref_b = REF_RW;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &sw, 1), 0, "swap_grant_ref");
    CHECK_EQ(sw.status, GNTST_eagain, "swap of a grant in use");
    CHECK_EQ(gnt_unmap(va_of(win), 0, h), GNTST_okay, "unmap");
    sw.ref_b = 0x7fffffff;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &sw, 1), 0, "swap_grant_ref");
    CHECK_EQ(sw.status, GNTST_bad_gntref, "swap with a ref beyond the table");
    gnt_revoke(REF_NEVER);
    pt_unmap(win);
}

static void test_cycles(uint64_t mfn)
{
    void *win = pt_take_window();
    grant_handle_t h;
    unsigned int bad = 0;

    /* Xen hands out a new handle each time (its free list is FIFO): not checked. */
    gnt_grant(REF_RW, SELF, mfn, 0);
    for (unsigned int i = 0; i < CYCLES; i++) {
        if (gnt_map(SELF, REF_RW, va_of(win), GNTMAP_host_map, &h, NULL) != GNTST_okay ||
            gnt_unmap(va_of(win), 0, h) != GNTST_okay)
            bad++;
    }
    CHECK_EQ(bad, 0, "map/unmap cycles that failed");
    CHECK_EQ(gnt_flags(REF_RW), GTF_permit_access, "flags after the cycles");
    pt_unmap(win);
}

/*
 * The guest removes a grant PTE itself (update_va_mapping): its references
 * go with it; the handle stays live but can no longer be unmapped by
 * address (Xen's "undestroyable" grant), and the entry stays pinned.
 */
static void test_zapped(uint64_t mfn)
{
    void *win = pt_take_window();
    uint64_t va = va_of(win);
    grant_handle_t h;

    gnt_grant(REF_ZAP, SELF, mfn, 0);
    CHECK_EQ(gnt_map(SELF, REF_ZAP, va, GNTMAP_host_map, &h, NULL), GNTST_okay, "map");
    CHECK_EQ(HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG), 0,
             "update_va_mapping clearing the grant PTE");
    CHECK_EQ(probe_write(win).vector, TRAP_PF, "the address no longer maps");
    CHECK_EQ(gnt_unmap(va, 0, h), GNTST_general_error, "unmap after the PTE is gone");
    CHECK_EQ(gnt_flags(REF_ZAP), GTF_permit_access | GTF_reading | GTF_writing,
             "the entry stays pinned");
    pt_unmap(win);
}

void test_main(void)
{
    uint64_t mfn = pt_alloc_frame();
    volatile uint8_t *own = pt_map(mfn, PTE_RW);
    uint64_t l1_mfn;

    if (!own)
        test_result(TEST_ERROR, "cannot map a frame to grant");
    memset((void *)own, 0, 4096);
    gnt_table();
    /* The L1 table of the windows: a page table to (try to) grant. */
    l1_mfn = PTE_MFN(pt_read(pt_entry_ma(pt_boot_l4(), (uint64_t)(uintptr_t)own, 2)));

    test_setup();
    test_map_rw(mfn, own);
    test_map_ro(mfn, own);
    test_map_refusals(mfn, l1_mfn);
    test_copy(mfn, own);
    test_swap(mfn);
    test_cycles(mfn);
    test_zapped(mfn);
}
