/* SPDX-License-Identifier: MIT */
/*
 * guest-sched-spin: a guest that never yields: it spins on the TSC for
 * about a second (the count of TSC ticks on its command line, default
 * 2e9), then reports. Alone it simply finishes. Next to another domain
 * (sched-preempt) the hypervisor's time slice must take the CPU away from
 * it, or the other domain could not run until it is done.
 *
 * Correct: the loop ends, SUCCESS.
 */
#include "test.h"

TEST_TITLE("spin without yielding");

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* A decimal number, or @dflt if @s is empty or not one. */
static uint64_t decimal(const char *s, uint64_t dflt)
{
    uint64_t v = 0;

    if (!*s)
        return dflt;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return dflt;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    return v;
}

void test_main(void)
{
    uint64_t t0 = tsc();
    uint64_t ticks = decimal((const char *)start_info->cmd_line, 2000000000ULL);
    while (tsc() - t0 < ticks)
        __asm__ volatile("pause");
    printf("spun %llu TSC ticks\n", (unsigned long long)ticks);
}
