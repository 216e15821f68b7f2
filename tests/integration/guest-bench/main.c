/* SPDX-License-Identifier: MIT */
/*
 * guest-bench: the round trips `make bench` reports, measured from inside
 * a PV guest with rdtsc. Under QEMU -icount shift=0,sleep=off the TSC
 * advances one tick per instruction, so the per-operation numbers are
 * instruction counts, the same whichever hypervisor runs the guest.
 *
 *   null_hypercall       xen_version(XENVER_version) by direct syscall
 *   null_hypercall_page  the same through the hypercall page
 *   trap_bounce          int3 -> bounce to the guest handler -> iret
 *   grant_map_unmap      GNTTABOP_map_grant_ref + unmap_grant_ref of a
 *                        page the guest (dom0) grants to itself, one
 *                        operation per call
 *
 * Correct: each loop completes and every call returns what it should; the
 * lines "BENCH-GUEST name=<id> instr=<per op>" carry the figures.
 */
#include <public/grant_table.h>
#include <public/version.h>

#include "gnttab.h"
#include "pt.h"

#include "test.h"

TEST_TITLE("null hypercall, trap bounce and grant map/unmap round trips");

#define ITERATIONS 2000

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static unsigned long bp_count;

static bool on_bp(struct trap_frame *f)
{
    (void)f;
    bp_count++;
    return true;                /* resume after the int3 */
}

static void report(const char *name, uint64_t t0, uint64_t t1, uint64_t empty)
{
    uint64_t per = (t1 - t0 - empty) / ITERATIONS;

    printf("BENCH-GUEST name=%s instr=%llu\n", name, (unsigned long long)per);
}

/* Map and unmap a self-granted page (dom0 is domain 0 on both hypervisors). */
static void bench_grant(uint64_t empty)
{
    void *win = pt_take_window();
    uint64_t va = (uint64_t)(uintptr_t)win, t0, t1;
    grant_handle_t h;
    long bad = 0;

    gnt_grant(8, 0, pt_alloc_frame(), 0);
    t0 = tsc();
    for (unsigned int i = 0; i < ITERATIONS; i++) {
        bad += gnt_map(0, 8, va, GNTMAP_host_map, &h, NULL) != GNTST_okay;
        bad += gnt_unmap(va, 0, h) != GNTST_okay;
    }
    t1 = tsc();
    report("grant_map_unmap", t0, t1, empty);
    CHECK_EQ(bad, 0, "grant map/unmap failures");
}

void test_main(void)
{
    uint64_t t0, t1, empty;
    long bad = 0;

    /* The loop's own cost, to subtract. */
    t0 = tsc();
    for (unsigned int i = 0; i < ITERATIONS; i++)
        __asm__ volatile("" ::: "memory");
    empty = tsc() - t0;

    t0 = tsc();
    for (unsigned int i = 0; i < ITERATIONS; i++)
        bad += hypercall_syscall5(__HYPERVISOR_xen_version, XENVER_version,
                                  0, 0, 0, 0) <= 0;
    t1 = tsc();
    report("null_hypercall", t0, t1, empty);

    t0 = tsc();
    for (unsigned int i = 0; i < ITERATIONS; i++)
        bad += hypercall_page5(__HYPERVISOR_xen_version, XENVER_version,
                               0, 0, 0, 0) <= 0;
    t1 = tsc();
    report("null_hypercall_page", t0, t1, empty);
    CHECK_EQ(bad, 0, "xen_version results");

    trap_set_handler(TRAP_BP, on_bp);
    t0 = tsc();
    for (unsigned int i = 0; i < ITERATIONS; i++)
        __asm__ volatile("int3" ::: "memory");
    t1 = tsc();
    report("trap_bounce", t0, t1, empty);
    trap_set_handler(TRAP_BP, NULL);
    CHECK_EQ(bp_count, ITERATIONS, "int3 handler calls");

    bench_grant(empty);
}
