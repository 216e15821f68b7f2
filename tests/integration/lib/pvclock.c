/* SPDX-License-Identifier: MIT */
/* Test-guest system time from vcpu_info.time (pvclock.h). */
#include <hv/compiler.h>
#include <public/xen.h>

#include "evtchn.h"
#include "pvclock.h"

/* System time at TSC value @tsc (@tsc 0: now), with the published formula. */
static uint64_t system_time_at(uint64_t tsc)
{
    const volatile struct vcpu_time_info *t = &evtchn_vcpu()->time;
    uint32_t version, lo, hi;
    uint64_t delta, ns;

    do {
        version = t->version;
        barrier();
        if (!tsc) {
            __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
            delta = (((uint64_t)hi << 32) | lo) - t->tsc_timestamp;
        } else {
            delta = tsc - t->tsc_timestamp;
        }
        if (t->tsc_shift < 0)
            delta >>= -t->tsc_shift;
        else
            delta <<= t->tsc_shift;
        ns = t->system_time + (uint64_t)(((unsigned __int128)delta *
                                           t->tsc_to_system_mul) >> 32);
        barrier();
    } while ((version & 1) || version != t->version);
    return ns;
}

uint64_t pvclock_now(void)
{
    return system_time_at(0);
}

uint64_t pvclock_at_tsc(uint64_t tsc)
{
    return system_time_at(tsc);
}
