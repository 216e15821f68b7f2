/* SPDX-License-Identifier: MIT */
/*
 * guest-vcpu-time: system time as two vCPUs see it, each through its own
 * vcpu_info.time, and the wallclock of shared_info.
 *
 * Correct (dom0 with 2 vCPUs; Xen 4.17 under QEMU):
 *   - Each vCPU's vcpu_info.time is filled in once it runs: even version,
 *     non-zero tsc_to_system_mul.
 *   - vCPU 0 and vCPU 1 each read their own pvclock READS times (10^6
 *     reads in all) and publish every value in shared memory. No read is
 *     below the same vCPU's previous read. Against the other vCPU's
 *     published value, loaded (with a fence) before the read: if both
 *     vcpu_time_infos carry XEN_PVCLOCK_TSC_STABLE_BIT, no read is below
 *     it (one clock for the domain); without the bit the ABI promises no
 *     cross-vCPU order (Linux then enforces one itself with a global last
 *     value), and a read may be below it by at most CROSS_SKEW_MAX.
 *     Xen 4.17 under QEMU TCG leaves the bit clear (flags 0) and each
 *     pCPU extrapolates its own calibration: one vCPU's clock ran about
 *     45 us behind the other's, half of its reads being below the other's
 *     earlier ones.
 *   - Wallclock (shared_info wc_*, read while wc_version is even and
 *     unchanged): wc_version even and non-zero, wc_nsec < 10^9,
 *     wc_sec_hi 0, and wc_sec after 2020-01-01: Xen sets it at boot from
 *     the CMOS RTC, which QEMU starts at the host's time; wc_sec +
 *     system time is then the time of day.
 */
#include <public/errno.h>
#include "evtchn.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("pvclock on two vCPUs never goes backwards; wallclock");

#define READS       500000      /* per vCPU */
#define Y2020       1577836800ULL
/* How far one vCPU's clock may lag the other's without the stable bit. */
#define CROSS_SKEW_MAX 1000000ULL

/* Each vCPU's last read; written only by that vCPU. */
static volatile uint64_t published[2];
/* What went wrong on each vCPU (vCPU 1 does not print while vCPU 0 reads). */
struct clock_record {
    unsigned int own_backwards, cross_backwards;
    uint64_t worst_own, worst_cross;    /* largest step back, ns */
    uint64_t first, last;
};
static struct clock_record rec[2];
static volatile unsigned int go, done[2];

static void read_loop(unsigned int me)
{
    struct clock_record *r = &rec[me];
    uint64_t prev = 0, other, t;

    for (unsigned int i = 0; i < READS; i++) {
        other = __atomic_load_n(&published[!me], __ATOMIC_ACQUIRE);
        /* RDTSC may not pass the load above. */
        __asm__ volatile("lfence" ::: "memory");
        t = pvclock_now();
        if (t < prev) {
            r->own_backwards++;
            if (prev - t > r->worst_own)
                r->worst_own = prev - t;
        }
        if (t < other) {
            r->cross_backwards++;
            if (other - t > r->worst_cross)
                r->worst_cross = other - t;
        }
        if (i == 0)
            r->first = t;
        __atomic_store_n(&published[me], t, __ATOMIC_RELEASE);
        prev = t;
    }
    r->last = prev;
    __atomic_store_n(&done[me], 1, __ATOMIC_RELEASE);
}

static void ap_main(void)
{
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
        cpu_relax();
    read_loop(1);
}

/* Returns whether the vCPU's time info says its TSC is stable. */
static bool check_vcpu_time(unsigned int vcpu)
{
    const struct vcpu_time_info *t = &shared_info_map()->vcpu_info[vcpu].time;

    printf("vCPU %u: version %u, system_time %llu, mul %u, shift %d, flags %#x\n", vcpu,
           t->version, (unsigned long long)t->system_time, t->tsc_to_system_mul,
           t->tsc_shift, t->flags);
    CHECK(t->tsc_to_system_mul != 0, "vCPU %u: tsc_to_system_mul 0", vcpu);
    CHECK(!(t->version & 1), "vCPU %u: time version %u is odd at rest", vcpu, t->version);
    return t->flags & XEN_PVCLOCK_TSC_STABLE_BIT;
}

static void check_wallclock(void)
{
    struct shared_info *s = shared_info_map();
    uint32_t version, sec, nsec, sec_hi;

    do {
        version = READ_ONCE(s->wc_version);
        barrier();
        sec = READ_ONCE(s->wc_sec);
        nsec = READ_ONCE(s->wc_nsec);
        sec_hi = READ_ONCE(s->wc_sec_hi);
        barrier();
    } while ((version & 1) || version != READ_ONCE(s->wc_version));
    printf("wallclock: wc_version %u, wc_sec %u, wc_nsec %u, wc_sec_hi %u\n", version, sec,
           nsec, sec_hi);
    CHECK(version != 0, "wc_version is 0: the wallclock was never set");
    CHECK(nsec < 1000000000, "wc_nsec %u, expected < 10^9", nsec);
    CHECK_EQ(sec_hi, 0, "wc_sec_hi");
    CHECK(sec > Y2020, "wc_sec %u: before 2020-01-01", sec);
}

void test_main(void)
{
    bool stable;

    evtchn_init();
    check_wallclock();
    smp_start(1, ap_main);
    stable = check_vcpu_time(0);
    stable = check_vcpu_time(1) && stable;

    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    read_loop(0);
    while (!__atomic_load_n(&done[1], __ATOMIC_ACQUIRE))
        cpu_relax();

    for (unsigned int v = 0; v < 2; v++) {
        printf("vCPU %u: %u reads over %llu ns\n", v, READS,
               (unsigned long long)(rec[v].last - rec[v].first));
        CHECK(rec[v].own_backwards == 0,
              "vCPU %u: %u reads below its previous one (worst by %llu ns)", v,
              rec[v].own_backwards, (unsigned long long)rec[v].worst_own);
        printf("vCPU %u: %u reads below vCPU %u's earlier one (worst by %llu ns)\n", v,
               rec[v].cross_backwards, !v, (unsigned long long)rec[v].worst_cross);
        if (stable)
            CHECK_EQ(rec[v].cross_backwards, 0, "reads below the other vCPU's, TSC stable");
        else
            CHECK(rec[v].worst_cross <= CROSS_SKEW_MAX,
                  "vCPU %u lags vCPU %u by %llu ns, more than %llu", v, !v,
                  (unsigned long long)rec[v].worst_cross, CROSS_SKEW_MAX);
        CHECK(rec[v].last > rec[v].first, "vCPU %u: the clock did not move", v);
    }
    check_wallclock();
}
