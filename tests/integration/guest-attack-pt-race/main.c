/* SPDX-License-Identifier: MIT */
/*
 * guest-attack-pt-race: two vCPUs race to give the same frame T both of
 * its incompatible types at once: vCPU 1 pins T as an L1 table and unpins
 * it, over and over; vCPU 0 maps T writable (mmu_update of a window's L1
 * entry), writes into T an entry that maps the L4 writable (what a
 * validated L1 must never hold), clears it, and unmaps T, over and over.
 * If both could succeed at once, T would be a validated page table holding
 * an unvalidated entry: the guest would own its page tables.
 *
 * Correct (Xen 4.17 and pvisor): each operation either succeeds or is
 * refused with its documented error (pin of a frame mapped writable:
 * -EINVAL; writable mapping of a pinned L1: -EBUSY); whenever vCPU 1's pin
 * succeeded, T (read through a read-only window) holds no entry while
 * pinned; both sides succeed many times (so the race happened); and when
 * both stop, T's type counts are consistent: it can be mapped writable
 * again, then pinned and unpinned.
 */
#include <public/errno.h>

#include "pt.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("two vCPUs race a writable mapping against a pin of the same frame");

#define ROUNDS  3000
#define SLOT    5               /* T's entry vCPU 0 writes */

static uint64_t t_mfn, bad_pte, rw_l1e;
static volatile uint64_t *rw_win;       /* vCPU 0's window onto T */
static const volatile uint64_t *ro_win; /* vCPU 1's, read-only */
static volatile unsigned int pins_ok, pins_refused, pin_other, seen_bad, done1;

/* A pseudo-random pause (0-511 spins), so the two loops drift past each other. */
static void jitter(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    for (unsigned int n = (unsigned int)(*seed >> 55); n; n--)
        cpu_relax();
}

/* vCPU 1: pin, check T while pinned, unpin. */
static void pinner(void)
{
    uint64_t seed = 1;

    for (unsigned int i = 0; i < ROUNDS; i++) {
        long rc;

        jitter(&seed);
        rc = pt_pin(1, t_mfn);

        if (rc == 0) {
            pins_ok++;
            for (unsigned int j = 0; j < 8; j++)
                if (ro_win[SLOT])
                    seen_bad++;
            jitter(&seed);
            if (pt_unpin(t_mfn))
                pin_other++;
        } else if (rc == -XEN_EINVAL) {
            pins_refused++;
        } else {
            pin_other++;
        }
    }
    done1 = 1;
}

void test_main(void)
{
    unsigned int maps_ok = 0, maps_refused = 0, map_other = 0;
    uint64_t start, seed = 2;

    t_mfn = pt_alloc_frame();
    rw_win = pt_take_window();
    rw_l1e = pt_entry_ma(pt_boot_l4(), (uint64_t)(uintptr_t)rw_win, 1);
    ro_win = pt_map(t_mfn, 0);
    CHECK(rw_l1e && ro_win, "the windows");
    bad_pte = (pt_boot_l4() << 12) | PTE_P | PTE_RW | PTE_A | PTE_D;

    /* T starts empty: a valid L1 table. */
    CHECK_EQ(pt_mmu_update(rw_l1e, (t_mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D), 0,
             "map T writable");
    pt_invlpg((uint64_t)(uintptr_t)rw_win);
    memset((void *)rw_win, 0, 4096);
    CHECK_EQ(pt_mmu_update(rw_l1e, 0), 0, "unmap T");
    pt_invlpg((uint64_t)(uintptr_t)rw_win);

    smp_start(1, pinner);
    for (unsigned int i = 0; i < ROUNDS || !done1; i++) {
        long rc;

        jitter(&seed);
        rc = pt_mmu_update(rw_l1e, (t_mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D);

        if (rc == 0) {
            maps_ok++;
            pt_invlpg((uint64_t)(uintptr_t)rw_win);
            rw_win[SLOT] = bad_pte;
            jitter(&seed);
            rw_win[SLOT] = 0;
            if (pt_mmu_update(rw_l1e, 0))
                map_other++;
            pt_invlpg((uint64_t)(uintptr_t)rw_win);
        } else if (rc == -XEN_EBUSY) {
            maps_refused++;
        } else {
            map_other++;
        }
        if (i > 100 * ROUNDS)
            break;
    }
    start = pvclock_now();
    while (!done1 && pvclock_now() - start < 10000000000ULL)
        cpu_relax();
    printf("vCPU 0: %u writable maps, %u refused; vCPU 1: %u pins, %u refused\n",
           maps_ok, maps_refused, pins_ok, pins_refused);
    CHECK(done1, "vCPU 1 finished");
    CHECK_EQ(map_other, 0, "vCPU 0: other errors");
    CHECK_EQ(pin_other, 0, "vCPU 1: other errors");
    CHECK_EQ(seen_bad, 0, "T held the forged entry while pinned");
    CHECK(maps_ok > 0 && pins_ok > 0, "both sides succeeded (%u maps, %u pins)",
          maps_ok, pins_ok);
    if (!maps_refused && !pins_refused)
        printf("note: no refusal seen: the two loops did not overlap\n");

    /* Type counts consistent: writable, then a table, then nothing. */
    CHECK_EQ(pt_mmu_update(rw_l1e, (t_mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D), 0,
             "T can be mapped writable after the race");
    CHECK_EQ(pt_pin(1, t_mfn), -XEN_EINVAL, "and cannot be pinned while so");
    CHECK_EQ(pt_mmu_update(rw_l1e, 0), 0, "unmap T");
    pt_invlpg((uint64_t)(uintptr_t)rw_win);
    CHECK_EQ(pt_pin(1, t_mfn), 0, "T pins once unmapped");
    CHECK_EQ(pt_mmu_update(rw_l1e, (t_mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D),
             -XEN_EBUSY, "a pinned T cannot be mapped writable");
    CHECK_EQ(pt_unpin(t_mfn), 0, "unpin T");
}
