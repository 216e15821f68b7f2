/* SPDX-License-Identifier: MIT */
/*
 * guest-sched-share: a CPU-bound guest that measures the CPU it got. It
 * spins until FROM ms after its start (boot-time domains start together,
 * so every domain of the test is running by then), reads its running time
 * from VCPUOP_get_runstate_info, spins on until TO ms after its start,
 * reads it again and prints
 *   share <name> ran <ms> of <ms>
 * for the window [FROM, TO]. Its command line is "NAME FROM TO".
 *
 * Alone (no other domain) it gets the whole window; next to others the
 * scheduler divides it (sched-weights, sched-cap check the figures).
 * Correct here: the runstate calls succeed and the time run is not more
 * than the window; the shares themselves are the test.conf's to judge.
 */
#include "test.h"
#include "evtchn.h"
#include "pvclock.h"
#include <public/vcpu.h>

TEST_TITLE("measure the CPU share a spinning domain gets");

/* The next space-separated word of *s (NUL-terminated in a copy). */
static const char *word(const char **s, char *buf, unsigned int len)
{
    unsigned int n = 0;

    while (**s == ' ')
        (*s)++;
    while (**s && **s != ' ' && n + 1 < len)
        buf[n++] = *(*s)++;
    buf[n] = '\0';
    return buf;
}

static uint64_t decimal(const char *s)
{
    uint64_t v = 0;

    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (uint64_t)(*s - '0');
    return v;
}

static uint64_t ran_ns(void)
{
    struct vcpu_runstate_info r;

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r), 0,
             "vcpu_op(get_runstate_info)");
    CHECK_EQ(r.state, RUNSTATE_running, "the caller's own state is running");
    /* The current state's time so far is included in time[running]. */
    return r.time[RUNSTATE_running];
}

void test_main(void)
{
    const char *p = (const char *)start_info->cmd_line;
    char name[32], a[24], b[24];
    uint64_t from, to, r0, r1, t0;

    evtchn_init();              /* maps shared_info: the pvclock lives there */
    t0 = pvclock_now();
    word(&p, name, sizeof(name));
    from = decimal(word(&p, a, sizeof(a))) * 1000000ULL;
    to = decimal(word(&p, b, sizeof(b))) * 1000000ULL;
    CHECK(to > from, "command line: NAME FROM_MS TO_MS with FROM < TO");
    while (pvclock_now() < t0 + from)
        __asm__ volatile("pause");
    r0 = ran_ns();
    while (pvclock_now() < t0 + to)
        __asm__ volatile("pause");
    r1 = ran_ns();
    printf("share %s ran %llu of %llu\n", name,
           (unsigned long long)((r1 - r0) / 1000000ULL),
           (unsigned long long)((to - from) / 1000000ULL));
    /*
     * The runstate's running time moves at scheduling points, so a read
     * can include time from before the window: up to one slice (Xen's
     * credit scheduler: 30 ms).
     */
    CHECK(r1 - r0 <= to - from + 30000000ULL, "ran no more than the window (+ one slice)");
}
