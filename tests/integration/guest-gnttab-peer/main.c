/* SPDX-License-Identifier: MIT */
/*
 * guest-gnttab-peer: grants between two domains. Booted twice as boot-time
 * domains (test.conf): "A" (domain 1) grants, "B" (domain 2) maps and
 * copies. They talk through words of page P, which A grants B writable.
 *
 * A grants B: P writable (ref 8), Q read-only (ref 9), P to domain 3
 * (ref 10), R writable (ref 11, a zeroed frame A then unmaps from itself),
 * and writes MAGIC into P last. B maps P (retrying until A has granted),
 * maps R, and says hello; A then finds it cannot pin R as a page table
 * (B's writable mapping holds a writable type reference on it) and sees
 * GTF_reading|GTF_writing on refs 8 and 11. B unmaps R; A can now pin it.
 * B then goes through the refusals a foreign mapper meets, copies in both
 * directions, maps and unmaps P 1000 times, unmaps everything and reports
 * through a grant copy into P. On the way it meets a hostile granter: A's
 * own L4 table granted writable (refused; read-only works), and a grant A
 * keeps rewriting (read-only or not, for B or domain 3, frame P or Q)
 * while B maps and unmaps it 2000 times, on the other CPU when there are
 * two: each map either fails with general_error or maps writable what the
 * entry allowed at that instant, and every mapping unmaps cleanly.
 *
 * Correct: as guest-gnttab-self, across domains: the data one side writes
 * the other reads; read-only means read-only (a write faults); refs not
 * granted to B, beyond A's table or of a missing domain are refused with
 * general_error, bad_gntref, bad_domain; an unprivileged domain may not
 * look at another's table (permission_denied); after the cycles B's
 * maptrack is back to 0 handles in use and A's frames to their baseline
 * reference counts (count 2 = ownership + A's own mapping, writable type
 * count 1), which the hypervisor's dump_table log lines show (test.conf
 * MUST_LOG). Not a Xen conformance run (Xen 4.17 cannot start two domains
 * without its toolstack).
 */
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/sched.h>
#include "gnttab.h"
#include "pt.h"
#include "test.h"

TEST_TITLE("two domains share pages through grant tables");

#define DOMID_A     1
#define DOMID_B     2
#define REF_P       8
#define REF_Q       9
#define REF_OTHER   10
#define REF_R       11
#define CYCLES      1000

/* Words of P. */
#define W_MAGIC     0           /* A: everything is granted */
#define W_HELLO     1           /* B: P and R mapped */
#define W_PINNED    2           /* A: R's pin refused while mapped */
#define W_R_GONE    3           /* B: R unmapped */
#define W_DONE      4           /* B: all done (written by grant copy) */
#define W_A_L4      5           /* A: the MFN of its L4 table */
#define W_FLIP_GO   6           /* B: start flipping ref 12 */
#define W_FLIP_DONE 7           /* B: stop flipping */
#define REF_L4      13          /* A's L4 table, granted writable */
#define REF_FLIP    12          /* a grant A keeps changing */
#define FLIPS       2000
#define MAGIC       0xa11ce5eedULL
#define PATTERN_AT  2048        /* B copies a pattern here */

static void side_a(void)
{
    volatile uint64_t *p, *q, *r;
    uint64_t p_mfn = gnt_page(&p, 0), q_mfn = gnt_page(&q, 0x5151);
    uint64_t r_mfn = gnt_page(&r, 0);

    pt_unmap((void *)r);        /* R stays a valid (empty) L1 table's contents */
    gnt_grant(REF_P, DOMID_B, p_mfn, 0);
    gnt_grant(REF_Q, DOMID_B, q_mfn, GTF_readonly);
    gnt_grant(REF_OTHER, 3, p_mfn, 0);
    gnt_grant(REF_R, DOMID_B, r_mfn, 0);
    gnt_grant(REF_L4, DOMID_B, pt_boot_l4(), 0);
    gnt_grant(REF_FLIP, DOMID_B, p_mfn, 0);
    p[W_A_L4] = pt_boot_l4();
    p[W_MAGIC] = MAGIC;

    gnt_wait_word(p, W_HELLO, 1);
    CHECK_EQ(gnt_flags(REF_P), GTF_permit_access | GTF_reading | GTF_writing,
             "ref 8 flags while B maps it");
    CHECK_EQ(gnt_flags(REF_R), GTF_permit_access | GTF_reading | GTF_writing,
             "ref 11 flags while B maps it");
    CHECK_EQ(pt_pin(1, r_mfn), -XEN_EINVAL, "pin R as an L1 table while B maps it writable");
    p[W_PINNED] = 1;
    gnt_wait_word(p, W_R_GONE, 1);
    CHECK_EQ(gnt_flags(REF_R), GTF_permit_access, "ref 11 flags after B's unmap");
    CHECK_EQ(pt_pin(1, r_mfn), 0, "pin R as an L1 table once B unmapped it");
    CHECK_EQ(pt_unpin(r_mfn), 0, "unpin R");

    /*
     * A hostile granter: while B maps ref 12 on the other CPU, its entry
     * keeps changing (read-only or not, for B or for domain 3, frame P or
     * Q). Every map must be refused or pin exactly what it checked.
     */
    gnt_wait_word(p, W_FLIP_GO, 1);
    for (unsigned int i = 0; p[W_FLIP_DONE] != 1; i++) {
        volatile struct grant_entry_v1 *e = &gnt_table()[REF_FLIP];

        e->frame = (uint32_t)(i & 4 ? q_mfn : p_mfn);
        e->domid = i & 2 ? 3 : DOMID_B;
        e->flags = GTF_permit_access | (i & 1 ? GTF_readonly : 0);
        if (i % 64 == 63)
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);   /* one CPU: let B run */
    }
    gnt_grant(REF_FLIP, DOMID_B, p_mfn, 0);
    gnt_wait_word(p, W_DONE, 1);
    CHECK_EQ(gnt_flags(REF_L4), GTF_permit_access, "ref 13 flags at the end");
    CHECK_EQ(gnt_flags(REF_P), GTF_permit_access, "ref 8 flags at the end");
    CHECK_EQ(gnt_flags(REF_Q), GTF_permit_access | GTF_readonly, "ref 9 flags at the end");
    CHECK_EQ(p[PATTERN_AT / 8], 0x5151, "B's copy into P arrived");
    CHECK_EQ(q[0], 0x5151, "Q unchanged");
    CHECK_EQ(gnt_dump(DOMID_SELF), GNTST_okay, "dump_table (A, own)");
    printf("A: done\n");
}

static void side_b(void)
{
    volatile uint64_t *p, *q, *own;
    void *win_p = pt_take_window(), *win_q = pt_take_window(), *win_r = pt_take_window();
    uint64_t own_mfn = gnt_page(&own, 0);
    uint64_t va_p = (uint64_t)(uintptr_t)win_p, va_q = (uint64_t)(uintptr_t)win_q;
    uint64_t va_r = (uint64_t)(uintptr_t)win_r;
    grant_handle_t hp, hq, hr, h, first = 0;
    struct gnttab_copy_ptr src = { .domid = DOMID_A }, dst = { .domid = DOMID_SELF };
    struct fault_info fi;
    unsigned int bad = 0, flips_ok = 0;
    uint64_t p_a_l4 = 0;
    int st;

    gnt_table();        /* B's own table, for the dump at the end */
    /* A may not have granted yet: never granted reads general_error. */
    for (uint64_t t0 = gnt_wait_start(); (st = gnt_map(DOMID_A, REF_P, va_p, GNTMAP_host_map,
                                                    &hp, NULL)) != GNTST_okay; ) {
        CHECK_EQ(st, GNTST_general_error, "map before A granted");
        if (gnt_waited_too_long(t0))
            test_result(TEST_FAILURE, "domain 1 never granted ref 8");
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    p = win_p;
    gnt_wait_word(p, W_MAGIC, MAGIC);
    p_a_l4 = p[W_A_L4];
    CHECK_EQ(gnt_map(DOMID_A, REF_R, va_r, GNTMAP_host_map, &hr, NULL), GNTST_okay, "map R");
    p[W_HELLO] = 1;
    gnt_wait_word(p, W_PINNED, 1);
    CHECK_EQ(gnt_unmap(va_r, 0, hr), GNTST_okay, "unmap R");
    p[W_R_GONE] = 1;

    /* Read-only means read-only. */
    CHECK_EQ(gnt_map(DOMID_A, REF_Q, va_q, GNTMAP_host_map, &hq, NULL), GNTST_general_error,
             "writable map of a read-only grant");
    CHECK_EQ(gnt_map(DOMID_A, REF_Q, va_q, GNTMAP_host_map | GNTMAP_readonly, &hq, NULL),
             GNTST_okay, "read-only map");
    q = win_q;
    CHECK_EQ(q[0], 0x5151, "A's data through the read-only map");
    fault_clear();
    __asm__ volatile("1: movq $1, (%0)\n2:\n" EXTABLE(1b, 2b) :: "r"(q) : "memory");
    fi = last_fault;
    CHECK(fi.count == 1 && fi.vector == TRAP_PF, "write to the read-only map: %u faults, "
          "vector %u", fi.count, fi.vector);
    CHECK_EQ(gnt_unmap(va_q, 0, hq), GNTST_okay, "unmap Q");
    CHECK_EQ(gnt_unmap(va_q, 0, hq), GNTST_bad_handle, "unmap Q twice");

    /* What B may not map. */
    CHECK_EQ(gnt_map(DOMID_A, REF_OTHER, va_q, GNTMAP_host_map, &h, NULL), GNTST_general_error,
             "a ref granted to domain 3");
    CHECK_EQ(gnt_map(DOMID_A, 20, va_q, GNTMAP_host_map, &h, NULL), GNTST_general_error,
             "a ref never granted");
    CHECK_EQ(gnt_map(DOMID_A, 512, va_q, GNTMAP_host_map, &h, NULL), GNTST_bad_gntref,
             "a ref beyond A's table");
    CHECK_EQ(gnt_map(3, REF_P, va_q, GNTMAP_host_map, &h, NULL), GNTST_bad_domain,
             "a domain that does not exist");
    CHECK_EQ(gnt_dump(DOMID_A), GNTST_permission_denied, "dump_table of A's table");

    /* Copies both ways. */
    src.u.ref = REF_Q;
    dst.u.gmfn = own_mfn;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_source_gref), GNTST_okay, "copy from Q");
    CHECK_EQ(own[0], 0x5151, "Q's data copied");
    src.domid = DOMID_SELF;
    src.u.gmfn = own_mfn;
    dst.domid = DOMID_A;
    dst.u.ref = REF_P;
    dst.offset = PATTERN_AT;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_dest_gref), GNTST_okay, "copy into P");
    dst.u.ref = REF_Q;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_dest_gref), GNTST_general_error,
             "copy into read-only Q");
    dst.u.ref = REF_P;
    dst.offset = 4090;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_dest_gref), GNTST_bad_copy_arg,
             "copy past the end of P");
    src.domid = DOMID_A;
    src.u.gmfn = own_mfn;
    dst.domid = DOMID_SELF;
    dst.u.gmfn = own_mfn;
    dst.offset = 0;
    CHECK_EQ(gnt_copy(&src, &dst, 8, 0), GNTST_permission_denied,
             "A's memory named by frame, not by grant");

    CHECK_EQ(gnt_unmap(va_p, 0, hp), GNTST_okay, "unmap P");
    for (unsigned int i = 0; i < CYCLES; i++) {
        if (gnt_map(DOMID_A, REF_P, va_p, GNTMAP_host_map, &h, NULL) != GNTST_okay ||
            gnt_unmap(va_p, 0, h) != GNTST_okay)
            bad++;
        if (i == 0)
            first = h;
        else if (h != first)
            bad++;
    }
    CHECK_EQ(bad, 0, "map/unmap cycles that failed or took a new handle");
    CHECK_EQ(gnt_dump(DOMID_SELF), GNTST_okay, "dump_table (B, own)");

    /* A's L4: not writable through a grant, nor B's to write as a PTE. */
    CHECK_EQ(gnt_map(DOMID_A, REF_L4, va_q, GNTMAP_host_map, &h, NULL), GNTST_general_error,
             "writable map of A's L4 table");
    CHECK_EQ(gnt_map(DOMID_A, REF_P, p_a_l4 << 12, GNTMAP_host_map | GNTMAP_contains_pte, &h,
                     NULL), GNTST_general_error, "contains_pte naming A's L4 table");
    CHECK_EQ(gnt_map(DOMID_A, REF_L4, va_q, GNTMAP_host_map | GNTMAP_readonly, &h, NULL),
             GNTST_okay, "read-only map of A's L4 table");
    CHECK(((volatile uint64_t *)win_q)[511] & PTE_P,
          "A's L4 read through the grant: slot 511 (its kernel) present");
    CHECK_EQ(gnt_unmap(va_q, 0, h), GNTST_okay, "unmap A's L4");

    /* Against a granter that keeps changing the entry (see side_a). */
    own[0] = 1;
    src.domid = DOMID_SELF;
    src.u.gmfn = own_mfn;
    dst.domid = DOMID_A;
    dst.u.ref = REF_P;
    dst.offset = W_FLIP_GO * 8;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_dest_gref), GNTST_okay, "copy the go word");
    bad = 0;
    for (unsigned int i = 0; i < FLIPS; i++) {
        st = gnt_map(DOMID_A, REF_FLIP, va_q, GNTMAP_host_map, &h, NULL);
        if (st == GNTST_okay) {
            flips_ok++;
            ((volatile uint64_t *)win_q)[100] = i;     /* P or Q, writable by grant */
            if (gnt_unmap(va_q, 0, h) != GNTST_okay)
                bad++;
        } else if (st != GNTST_general_error) {
            bad++;
        }
    }
    CHECK_EQ(bad, 0, "maps of the changing grant with another status, or failed unmaps");
    printf("B: %u of %u maps of the changing grant succeeded\n", flips_ok, FLIPS);
    dst.offset = W_FLIP_DONE * 8;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_dest_gref), GNTST_okay, "copy the stop word");

    /* Tell A, through a copy: P is no longer mapped here. */
    own[0] = 1;
    src.domid = DOMID_SELF;
    dst.domid = DOMID_A;
    dst.u.ref = REF_P;
    dst.offset = W_DONE * 8;
    CHECK_EQ(gnt_copy(&src, &dst, 8, GNTCOPY_dest_gref), GNTST_okay, "copy the done word");
    printf("B: done\n");
}

void test_main(void)
{
    if (((const char *)start_info->cmd_line)[0] == 'A')
        side_a();
    else
        side_b();
}
