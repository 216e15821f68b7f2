// SPDX-License-Identifier: MIT
/*
 * guest-hostile-stale-tlb: after decrease_reservation, no vCPU of the
 * domain may still write the frame through a TLB entry cached before.
 *
 * vCPU 1 (holder) reads and writes a window onto frame F in a loop, so the
 * translation sits in its TLB. vCPU 0 (driver): clears the window's L1
 * entry (UVMF_INVLPG: a local flush, as a guest that does not care about
 * its other vCPUs may do), decrease_reservation(F), increase_reservation(1)
 * (the allocator hands F back: LIFO, once an idle CPU has scrubbed it;
 * the driver sleeps until then), MMUEXT_PIN_L1_TABLE on it. Then the
 * holder writes through the old translation: entry 0 a present PTE naming
 * a frame the domain does not own, entry 1 a marker with P clear. The
 * driver maps the pinned table read-only and reads it.
 *
 * Correct: the pinned L1 table is still all zero (the freed frame's stale
 * translations were flushed before it was handed out again). The holder
 * puts both entries back to zero in any case, so the domain's teardown
 * never meets the forged entry.
 */
#include "../lib/hypercall.h"
#include "../lib/pt.h"
#include "../lib/pvclock.h"
#include "../lib/smp.h"
#include "../lib/test.h"
#include <public/domctl.h>
#include <public/memory.h>
#include <public/sched.h>

TEST_TITLE("no write through a stale TLB entry into a freed and reused frame");

#define MARKER 0x5a5a5a5a5a5a5a50ULL    /* P clear: a non-present entry */

static volatile uint64_t *win;          /* the window onto F */
static volatile unsigned int phase;     /* 0 hold, 1 write, 2 undo, 3 stop */
static volatile unsigned int ack;       /* phase the holder has finished */
static volatile uint64_t loops;
static volatile uint64_t forged;

/* Store @v at @p; a fault (the translation is gone) skips the store. */
static void write_or_fault(volatile uint64_t *p, uint64_t v)
{
    __asm__ volatile("1: movq %1, %0\n2:\n\t" EXTABLE(1b, 2b)
                     : "=m"(*p) : "r"(v) : "memory");
}

static void holder(void)
{
    while (phase == 0) {
        write_or_fault(&win[2], loops); /* a write: the writable entry is cached */
        loops++;
    }
    /*
     * Phase 1: through the stale entry. With the flush it must have been
     * taken away: the write faults (#PF, skipped by the fixup), which is
     * what a correct hypervisor gives.
     */
    write_or_fault(&win[0], forged);
    write_or_fault(&win[1], MARKER);
    __atomic_store_n(&ack, 1, __ATOMIC_RELEASE);
    while (phase == 1)
        cpu_relax();
    write_or_fault(&win[0], 0);         /* phase 2: undo */
    write_or_fault(&win[1], 0);
    write_or_fault(&win[2], 0);
    __atomic_store_n(&ack, 2, __ATOMIC_RELEASE);
    while (phase == 2)
        cpu_relax();
    __atomic_store_n(&ack, 3, __ATOMIC_RELEASE);
}

static long reservation(unsigned int op, uint64_t *mfn)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)(uintptr_t)mfn, .nr_extents = 1,
        .extent_order = 0, .domid = DOMID_SELF,
    };

    return HYPERVISOR_memory_op(op, &r);
}

/* Sleep in 10 ms steps (1 s at most) until the hypervisor has no dirty frame. */
static void wait_scrubbed(void)
{
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_physinfo,
                                .interface_version = PVISOR_SYSCTL_VERSION };

    for (unsigned int i = 0; i < 100; i++) {
        if (hypercall1(__HYPERVISOR_sysctl, &op) == 0 && op.u.physinfo.scrub_pages == 0)
            return;
        struct sched_poll poll = { .timeout = pvclock_now() + 10000000ULL };

        HYPERVISOR_sched_op(SCHEDOP_poll, &poll);     /* no ports: a timed sleep */
    }
}

static void wait_ack(unsigned int n)
{
    uint64_t end = pvclock_now() + 2000000000ULL;

    while (__atomic_load_n(&ack, __ATOMIC_ACQUIRE) < n)
        if (pvclock_now() > end)
            test_result(TEST_ERROR, "holder did not finish phase %u in 2 s", n);
}

void test_main(void)
{
    uint64_t f = pt_alloc_frame(), g;
    const volatile uint64_t *ro;
    uint64_t e0, e1, e2, start;
    long rc;

    win = pt_map(f, PTE_RW);
    if (!win)
        test_result(TEST_ERROR, "setup: cannot map frame %#llx", (unsigned long long)f);
    win[0] = win[1] = win[2] = 0;
    /* A frame of the machine the domain does not own: the boot L4's neighbour below 1 MiB. */
    forged = (0x9fULL << 12) | PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D;

    smp_start(1, holder);
    start = pvclock_now();
    while (loops < 100000 && pvclock_now() - start < 1000000000ULL)
        cpu_relax();
    printf("holder looped %llu times over frame %#llx\n",
           (unsigned long long)loops, (unsigned long long)f);

    rc = pt_unmap((void *)win);         /* local invlpg only */
    if (rc)
        test_result(TEST_ERROR, "setup: unmapping the window: %ld", rc);
    g = f;
    rc = reservation(XENMEM_decrease_reservation, &g);
    if (rc != 1)
        test_result(TEST_ERROR, "decrease_reservation(%#llx) = %ld, expected 1",
                    (unsigned long long)f, rc);
    /*
     * pvisor hands out only zeroed frames: F waits on the dirty list until
     * an idle CPU scrubs it, and then heads the free list (LIFO). So this
     * vCPU sleeps until nothing is left to scrub (its CPU idles meanwhile).
     */
    wait_scrubbed();
    g = 0;
    rc = reservation(XENMEM_increase_reservation, &g);
    if (rc != 1)
        test_result(TEST_ERROR, "increase_reservation(1) = %ld, expected 1", rc);
    if (g != f) {
        /* Xen need not hand the same frame back: then nothing to show. */
        phase = 3;
        test_result(TEST_SKIP, "the frame handed back is %#llx, not %#llx: "
                    "inconclusive", (unsigned long long)g, (unsigned long long)f);
    }
    printf("frame %#llx given back and received again\n", (unsigned long long)g);
    rc = pt_pin(1, g);
    if (rc)
        test_result(TEST_ERROR, "pin L1 %#llx: %ld", (unsigned long long)g, rc);

    phase = 1;
    wait_ack(1);
    ro = pt_map(g, 0);
    if (!ro)
        test_result(TEST_ERROR, "cannot map the pinned L1 %#llx read-only",
                    (unsigned long long)g);
    e0 = ro[0];
    e1 = ro[1];
    e2 = ro[2];
    phase = 2;
    wait_ack(2);
    CHECK(ro[0] == 0 && ro[1] == 0, "undo did not clear the table");
    phase = 3;
    wait_ack(3);
    (void)pt_unmap((void *)ro);
    CHECK_EQ(pt_unpin(g), 0, "unpin");
    if (e1 == MARKER || e0 == forged)
        test_fail("vCPU 1 wrote into frame %#llx after it was freed, handed "
                  "back and pinned as an L1 table: entry 0 = %#llx (maps a "
                  "frame the domain does not own), entry 1 = %#llx", 
                  (unsigned long long)g, (unsigned long long)e0,
                  (unsigned long long)e1);
    CHECK(e0 == 0 && e1 == 0 && e2 == 0, "pinned L1 not zero: %#llx %#llx %#llx",
          (unsigned long long)e0, (unsigned long long)e1, (unsigned long long)e2);
}
