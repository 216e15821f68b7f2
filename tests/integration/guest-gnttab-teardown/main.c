/* SPDX-License-Identifier: MIT */
/*
 * guest-gnttab-teardown: the grant-table teardown hooks
 * (gnttab_release_mappings, gnttab_destroy in hv/grant_table.h), which
 * domain destruction runs when a domU has shut down. Two boot-time
 * domains: "A" (domain 1), "B" (2).
 *
 * A grants B page P writable (ref 8) and Q read-only (ref 9); B grants A
 * its page S writable (its ref 8). B maps P and Q, A maps S, and B, still
 * holding its mappings, shuts down.
 *
 * Correct: B's mappings are released: A sees GTF_reading/GTF_writing
 * cleared on refs 8 and 9, and P and Q back at their reference counts
 * (dump_table: count 2 = ownership + A's own mapping, writable type 1,
 * no pins). A's mapping of S (whose granter's table is gone) still reads
 * S, since the frame stays referenced while mapped; unmapping it succeeds
 * once (then bad_handle), and a new map of B's grant is refused
 * (bad_domain). A's maptrack is back to 0 handles in use, and once both
 * domains are destroyed every frame is back in the allocator (test.conf).
 */
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/sched.h>
#include "gnttab.h"
#include "pt.h"
#include "test.h"

TEST_TITLE("grant mappings released when a domain goes away");

#define DOMID_A     1
#define DOMID_B     2
#define REF_P       8
#define REF_Q       9
#define REF_S       8           /* in B's table */
#define W_MAGIC     0           /* P: A has granted */
#define W_MAPPED    1           /* P: B has mapped P and Q and granted S */
#define MAGIC       0x7ea4d0e5ULL
#define S_WORD      0x5eed5eedULL

static volatile uint64_t *p;

static void side_a(void)
{
    volatile uint64_t *q, *s;
    uint64_t p_mfn = gnt_page(&p, 0), q_mfn = gnt_page(&q, 0x5151);
    void *win = pt_take_window();
    uint64_t va = (uint64_t)(uintptr_t)win;
    grant_handle_t h;

    gnt_table();
    gnt_grant(REF_P, DOMID_B, p_mfn, 0);
    gnt_grant(REF_Q, DOMID_B, q_mfn, GTF_readonly);
    p[W_MAGIC] = MAGIC;
    gnt_wait_word(p, W_MAPPED, 1);
    CHECK_EQ(gnt_flags(REF_P), GTF_permit_access | GTF_reading | GTF_writing,
             "ref 8 while B maps it");
    CHECK_EQ(gnt_map(DOMID_B, REF_S, va, GNTMAP_host_map, &h, NULL), GNTST_okay,
             "map B's grant");
    s = win;
    CHECK_EQ(s[0], S_WORD, "B's page through the grant");
    p[W_MAPPED] = 2;            /* B may go now */

    /* B's destruction releases its mappings (the teardown hooks). */
    for (uint64_t t0 = gnt_wait_start(); gnt_flags(REF_P) != GTF_permit_access; ) {
        if (gnt_waited_too_long(t0))
            test_result(TEST_FAILURE, "B's mappings never released");
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    CHECK_EQ(gnt_flags(REF_Q), GTF_permit_access | GTF_readonly, "ref 9 released");
    CHECK_EQ(s[0], S_WORD, "B's page still mapped and alive");
    CHECK_EQ(gnt_unmap(va, 0, h), GNTST_okay, "unmap B's grant after B's table is gone");
    CHECK_EQ(gnt_unmap(va, 0, h), GNTST_bad_handle, "unmap it twice");
    CHECK_EQ(gnt_map(DOMID_B, REF_S, va, GNTMAP_host_map, &h, NULL), GNTST_bad_domain,
             "map from a domain whose table is gone");
    CHECK_EQ(gnt_dump(DOMID_SELF), GNTST_okay, "dump_table");
    printf("A: done\n");
}

static void side_b(void)
{
    volatile uint64_t *s;
    void *wp = pt_take_window(), *wq = pt_take_window();
    grant_handle_t hp, hq;
    int st;

    gnt_grant(REF_S, DOMID_A, gnt_page(&s, S_WORD), 0);
    for (uint64_t t0 = gnt_wait_start(); (st = gnt_map(DOMID_A, REF_P, (uint64_t)(uintptr_t)wp,
                                                    GNTMAP_host_map, &hp, NULL)) != GNTST_okay; ) {
        if (gnt_waited_too_long(t0))
            test_result(TEST_FAILURE, "domain 1 never granted: %d", st);
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    p = wp;
    gnt_wait_word(p, W_MAGIC, MAGIC);
    CHECK_EQ(gnt_map(DOMID_A, REF_Q, (uint64_t)(uintptr_t)wq,
                     GNTMAP_host_map | GNTMAP_readonly, &hq, NULL), GNTST_okay, "map Q");
    p[W_MAPPED] = 1;
    gnt_wait_word(p, W_MAPPED, 2);
    printf("B: leaving with P and Q mapped\n");
    /* Returning shuts B down with both mappings still in place. */
}

void test_main(void)
{
    if (((const char *)start_info->cmd_line)[0] == 'A')
        side_a();
    else
        side_b();
}
