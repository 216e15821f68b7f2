/* SPDX-License-Identifier: MIT */
/*
 * guest-hostile-victim: the victim of the hostile run (issue 8 item 1),
 * booted beside guest-hostile-fuzz by tests/integration/hostile-run; not a
 * test on its own.
 *
 * It fills VICTIM_BYTES of its memory with a pattern derived from its seed
 * and keeps a checksum per slice. Every ~100 ms of pvclock time it prints a
 * heartbeat and re-checks one slice (all of them every VICTIM_SLICES
 * beats), so a write into its memory by anyone else shows within a second.
 * It offers the hostile guest an event channel port (the first it
 * allocates) and ends when an event arrives on it, or after secs= seconds
 * (the hostile guest may have been killed: a port offered to a domain
 * that is gone stays allocatable, as on Xen, so that cannot be told).
 *
 * Command line: hostile=D secs=S maxgap=MS
 * Correct: every slice matches its checksum and every word its pattern at
 * every check, including a full check at the end; no gap between two
 * heartbeats exceeds maxgap ms (default 2000: the hostile guest must not
 * starve another domain). Then "victim: ... intact" and SUCCESS.
 */
#include <public/event_channel.h>
#include <public/sched.h>

#include "evtchn.h"
#include "pt.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("victim domain: patterned memory, checksums and heartbeats");

#define VICTIM_BYTES    (8u << 20)
#define VICTIM_SLICES   8
#define SLICE_WORDS     (VICTIM_BYTES / 8 / VICTIM_SLICES)
#define BEAT_NS         100000000ULL

static uint64_t mem[VICTIM_BYTES / 8] __aligned(GUEST_PAGE_SIZE);
static uint64_t sums[VICTIM_SLICES];

static uint64_t pattern(uint64_t i)
{
    uint64_t z = i * 0x9e3779b97f4a7c15ULL + 0x5eed;

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    return z ^ (z >> 27);
}

static uint64_t slice_sum(unsigned int s)
{
    uint64_t sum = 0;

    for (uint64_t i = (uint64_t)s * SLICE_WORDS; i < (uint64_t)(s + 1) * SLICE_WORDS; i++)
        sum = (sum << 1 | sum >> 63) ^ mem[i];
    return sum;
}

/* Check slice @s: its checksum, and on a mismatch the first bad word. */
static bool check_slice(unsigned int s)
{
    if (slice_sum(s) == sums[s])
        return true;
    for (uint64_t i = (uint64_t)s * SLICE_WORDS; i < (uint64_t)(s + 1) * SLICE_WORDS; i++) {
        if (mem[i] != pattern(i)) {
            test_fail("victim: word %llu (va %p, mfn %#llx) is %#llx, expected %#llx",
                      (unsigned long long)i, (void *)&mem[i],
                      (unsigned long long)virt_to_mfn(&mem[i]),
                      (unsigned long long)mem[i], (unsigned long long)pattern(i));
            break;
        }
    }
    test_fail("victim: slice %u checksum changed", s);
    return false;
}

void test_main(void)
{
    domid_t hostile = (domid_t)cmdline_arg("hostile", 2);
    uint64_t secs = cmdline_arg("secs", 600), maxgap_ms = cmdline_arg("maxgap", 2000);
    uint64_t start, last, next, worst = 0, beats = 0;
    evtchn_port_t port = 0;
    bool told = false, intact = true;

    evtchn_init();
    if (evtchn_alloc_unbound(DOMID_SELF, hostile, &port))
        test_result(TEST_ERROR, "victim: alloc_unbound for d%u failed", hostile);
    for (uint64_t i = 0; i < VICTIM_BYTES / 8; i++)
        mem[i] = pattern(i);
    for (unsigned int s = 0; s < VICTIM_SLICES; s++)
        sums[s] = slice_sum(s);
    printf("victim: %u KiB patterned (mfn %#llx..), port %u for d%u, up to %llu s\n",
           VICTIM_BYTES >> 10, (unsigned long long)virt_to_mfn(mem), port, hostile,
           (unsigned long long)secs);

    start = last = pvclock_now();
    next = start + BEAT_NS;
    while (!told) {
        uint64_t now = pvclock_now(), gap;

        if (evtchn_is_pending(port)) {
            evtchn_clear_pending(port);
            told = true;
        } else if (now < next) {
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
            continue;
        }
        gap = now - last;
        if (gap > worst)
            worst = gap;
        last = now;
        next = now + BEAT_NS;
        intact &= check_slice((unsigned int)(beats % VICTIM_SLICES));
        if (beats % 10 == 0 || told)
            printf("victim: heartbeat %llu at %llu ms, max gap %llu ms\n",
                   (unsigned long long)beats, (unsigned long long)((now - start) / 1000000),
                   (unsigned long long)(worst / 1000000));
        beats++;
        if (now - start > secs * 1000000000ULL) {
            printf("victim: no word from d%u after %llu s\n", hostile,
                   (unsigned long long)secs);
            break;
        }
    }
    for (unsigned int s = 0; s < VICTIM_SLICES; s++)
        intact &= check_slice(s);
    CHECK(worst / 1000000 <= maxgap_ms, "victim: a heartbeat came %llu ms late (limit %llu)",
          (unsigned long long)(worst / 1000000), (unsigned long long)maxgap_ms);
    printf("victim: %llu heartbeats, max gap %llu ms, memory %s, %s\n",
           (unsigned long long)beats, (unsigned long long)(worst / 1000000),
           intact ? "intact" : "CORRUPTED", told ? "told by the hostile guest" : "no word");
}
