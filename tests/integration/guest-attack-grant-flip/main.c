/* SPDX-License-Identifier: MIT */
/*
 * guest-attack-grant-flip: a grant entry changed by one vCPU while the
 * other maps it (the double-fetch class of grant-table advisories: a
 * hypervisor that reads the entry's frame or domid twice can check one
 * value and use another).
 *
 * dom0 grants itself frame F1 through a ref and maps the ref (host map at
 * a window, GNTMAP_host_map) and unmaps it, over and over on vCPU 0. On
 * vCPU 1, phase 1 flips the entry's frame between F1 and F2 (64-bit
 * stores of the frame field); phase 2 flips its domid between 0 (dom0)
 * and 7 (nobody), 16-bit stores that leave the flags alone.
 *
 * Correct (Xen 4.17 and pvisor): a map either fails (phase 2:
 * general_error, Xen's "bad flags or domain", while the domid is not
 * dom0's) or succeeds with the bus address of F1 or F2 and the window
 * showing that very frame's contents (its marker); every unmap succeeds;
 * both outcomes occur (each phase maps ROUNDS times, and on until it has
 * seen both: 10 s of system time at most, as vCPU 1 may not run for a
 * while on a loaded host); and after the race the entry's GTF_reading and
 * GTF_writing are clear (no pin left behind).
 */
#include <public/grant_table.h>

#include "gnttab.h"
#include "pt.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("grant entry flipped by another vCPU while it is mapped (double fetch)");

#define REF     20
#define ROUNDS  3000            /* maps a phase, at least */
#define PHASE_SECONDS 10        /* at most, for both outcomes */
#define MARK1   0x1111111111111111ULL
#define MARK2   0x2222222222222222ULL

static uint64_t f1, f2;
static volatile unsigned int phase, stop, flips;

static void flipper(void)
{
    volatile struct grant_entry_v1 *e = &gnt_table()[REF];

    while (!stop) {
        if (phase == 1)
            e->frame = (flips & 1) ? (uint32_t)f2 : (uint32_t)f1;
        else if (phase == 2)
            e->domid = (flips & 1) ? 7 : 0;
        flips++;
        for (unsigned int n = (flips * 37) % 200; n; n--)
            cpu_relax();
    }
}

/* Has phase @p seen both of its outcomes? */
static bool both_seen(unsigned int p, const unsigned int *ok, unsigned int refused)
{
    return p == 1 ? ok[0] && ok[1] : ok[0] + ok[1] && refused;
}

/*
 * One phase: ROUNDS maps, and on until both outcomes were seen, for
 * PHASE_SECONDS at most; counts into ok[] / refused.
 */
static void run_phase(unsigned int p, uint64_t win, unsigned int *ok, unsigned int *refused)
{
    uint64_t deadline = pvclock_now() + PHASE_SECONDS * 1000000000ULL;

    phase = p;
    for (unsigned int i = 0; (i < ROUNDS || !both_seen(p, ok, *refused)) &&
                             pvclock_now() < deadline; i++) {
        grant_handle_t h;
        uint64_t bus = 0, mfn, got;
        int st = gnt_map(0, REF, win, GNTMAP_host_map, &h, &bus);

        if (st != GNTST_okay) {
            CHECK(p == 2 && st == GNTST_general_error,
                  "phase %u: map refused with %d", p, st);
            (*refused)++;
            continue;
        }
        mfn = bus >> 12;
        got = *(volatile uint64_t *)(uintptr_t)win;
        CHECK(mfn == f1 || mfn == f2, "phase %u: mapped frame %#llx, neither F1 nor F2",
              p, (unsigned long long)mfn);
        CHECK(got == (mfn == f1 ? MARK1 : MARK2),
              "phase %u: window shows %#llx, not frame %#llx's marker", p,
              (unsigned long long)got, (unsigned long long)mfn);
        ok[mfn == f2]++;
        CHECK_EQ(gnt_unmap(win, bus, h), GNTST_okay, "unmap");
    }
}

void test_main(void)
{
    volatile uint64_t *p1, *p2;
    unsigned int ok1[2] = { 0, 0 }, ok2[2] = { 0, 0 }, refused1 = 0, refused2 = 0;
    uint64_t win;

    f1 = pt_alloc_frame();
    f2 = pt_alloc_frame();
    p1 = pt_map(f1, PTE_RW);
    p2 = pt_map(f2, PTE_RW);
    CHECK(p1 && p2, "map F1 and F2");
    p1[0] = MARK1;
    p2[0] = MARK2;
    win = (uint64_t)(uintptr_t)pt_take_window();
    gnt_grant(REF, 0, f1, 0);

    smp_start(1, flipper);
    run_phase(1, win, ok1, &refused1);
    run_phase(2, win, ok2, &refused2);
    stop = 1;
    printf("phase 1: %u maps of F1, %u of F2; phase 2: %u maps, %u refused; %u flips\n",
           ok1[0], ok1[1], ok2[0] + ok2[1], refused2, flips);
    CHECK(both_seen(1, ok1, refused1), "phase 1 mapped both frames (in %u s)", PHASE_SECONDS);
    CHECK(both_seen(2, ok2, refused2), "phase 2 both mapped and was refused (in %u s)",
          PHASE_SECONDS);
    CHECK_EQ(gnt_flags(REF) & (GTF_reading | GTF_writing), 0,
             "no pin left on the entry");
    gnt_revoke(REF);
}
