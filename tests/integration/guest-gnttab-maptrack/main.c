/* SPDX-License-Identifier: MIT */
/*
 * guest-gnttab-maptrack: the limit on a domain's grant mappings.
 *
 * Correct (Xen 4.17 common/grant_table.c; PV-ABI-NOTES.md section 9): a
 * domain may hold 1024 maptrack frames of 256 handles (Xen 4.17 keeps one
 * as the tail of its free list, so 262143 mappings there, 262144 on
 * pvisor); beyond, a map fails with GNTST_no_space.
 * One grant takes at most 128 uses of a kind (Xen's 8-bit pin counters):
 * the 129th read-only map of a ref fails with GNTST_general_error.
 *
 * The test grants one page through 2048 refs and maps it read-only 128
 * times per ref, 262144 times in all, at the same address, in batches of
 * 256 per call (each map replaces the previous PTE, whose handle stays in
 * use): the first 262143 succeed, and at most one more before a map fails
 * with GNTST_no_space; after one unmap (the mapping still in the PTE) a
 * map succeeds again. The hypervisor must neither crash nor run out of
 * memory on the way.
 */
#include <public/errno.h>
#include <public/grant_table.h>
#include "gnttab.h"
#include "pt.h"
#include "test.h"

TEST_TITLE("grant maptrack limit: 1024 frames of 256 handles");

#define SELF        0
#define REF0        8           /* the first ref a guest may use */
#define PINS        128         /* uses per ref */
#define BATCH       256
#define BATCHES     1024
#define NR_REFS     (BATCH * BATCHES / PINS)
#define TOTAL       (BATCH * BATCHES - 1)   /* maps both hypervisors allow */

static struct gnttab_map_grant_ref ops[BATCH];
static volatile struct grant_entry_v1 *table[5];

/* Grant frame @mfn to ourselves through @ref. */
static void grant(unsigned int ref, uint64_t mfn)
{
    volatile struct grant_entry_v1 *e = &table[ref / 512][ref % 512];

    e->frame = (uint32_t)mfn;
    e->domid = SELF;
    __asm__ volatile("" ::: "memory");
    e->flags = GTF_permit_access;
}

void test_main(void)
{
    void *win = pt_take_window();
    uint64_t va = (uint64_t)(uintptr_t)win;
    unsigned int bad = 0;
    grant_handle_t h, last = 0;
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 5 };
    uint64_t frames[5], mfn = pt_alloc_frame();

    st.frame_list = (uint64_t)(uintptr_t)frames;
    if (HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1) || st.status)
        test_result(TEST_ERROR, "setup_table(5): status %d", st.status);
    for (unsigned int f = 0; f < 5; f++)
        if (!(table[f] = pt_map(frames[f], PTE_RW)))
            test_result(TEST_ERROR, "cannot map table frame %u", f);
    for (unsigned int r = REF0; r <= REF0 + NR_REFS; r++)
        grant(r, mfn);

    /* The pin limit of one ref. */
    for (unsigned int i = 0; i < PINS; i++)
        ops[i] = (struct gnttab_map_grant_ref){
            .host_addr = va, .flags = GNTMAP_host_map | GNTMAP_readonly,
            .ref = REF0, .dom = SELF, .status = 99,
        };
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, ops, PINS), 0, "128 maps");
    for (unsigned int i = 0; i < PINS; i++)
        bad += ops[i].status != GNTST_okay;
    CHECK_EQ(bad, 0, "failed maps among the first 128 of one ref");
    CHECK_EQ(gnt_map(SELF, REF0, va, GNTMAP_host_map | GNTMAP_readonly, &h, NULL),
             GNTST_general_error, "the 129th map of one ref");

    /* The other refs, 128 maps each: 262143 in all with the first one's. */
    for (unsigned int k = 0; k < TOTAL - PINS; ) {
        unsigned int n = TOTAL - PINS - k < BATCH ? TOTAL - PINS - k : BATCH;

        for (unsigned int i = 0; i < n; i++)
            ops[i] = (struct gnttab_map_grant_ref){
                .host_addr = va, .flags = GNTMAP_host_map | GNTMAP_readonly,
                .ref = REF0 + 1 + (k + i) / PINS, .dom = SELF, .status = 99,
            };
        if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, ops, n))
            test_result(TEST_FAILURE, "map batch at %u refused", k);
        for (unsigned int i = 0; i < n; i++)
            bad += ops[i].status != GNTST_okay;
        if (bad)
            test_result(TEST_FAILURE, "maps from %u: %u failed (last status %d)", k, bad,
                        ops[n - 1].status);
        last = ops[n - 1].handle;
        k += n;
    }
    CHECK(last < BATCHES * BATCH, "last handle %#x within the limit", last);
    /* A ref with pins to spare (REF0 + NR_REFS): only the handles are out. */
    st.status = (int16_t)gnt_map(SELF, REF0 + NR_REFS, va, GNTMAP_host_map | GNTMAP_readonly,
                                 &h, NULL);
    if (st.status == GNTST_okay)        /* pvisor's 262144th */
        st.status = (int16_t)gnt_map(SELF, REF0 + NR_REFS, va,
                                     GNTMAP_host_map | GNTMAP_readonly, &h, NULL);
    CHECK_EQ(st.status, GNTST_no_space, "a map beyond the limit");
    CHECK_EQ(gnt_unmap(va, 0, last), GNTST_okay, "unmap the last mapping");
    CHECK_EQ(gnt_map(SELF, REF0 + NR_REFS, va, GNTMAP_host_map | GNTMAP_readonly, &h, NULL),
             GNTST_okay, "a map after one handle was freed");
    CHECK_EQ(table[0][REF0].flags, GTF_permit_access | GTF_reading, "the grant stays pinned");
}
