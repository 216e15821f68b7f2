/* SPDX-License-Identifier: MIT */
/* PV time: pvclock (vcpu_info.time), wallclock, the one-shot timer. */
#include <pv/boot.h>
#include <pv/hypercall.h>
#include <pv/time.h>
#include "x86.h"

uint64_t pv_clock_ns(void)
{
    const volatile struct vcpu_time_info *t = &pv_vcpu()->time;
    uint32_t version;
    uint64_t ns;

    do {
        uint64_t delta;

        version = t->version;
        pv_rmb();
        delta = x86_rdtsc() - t->tsc_timestamp;
        delta = t->tsc_shift < 0 ? delta >> -t->tsc_shift : delta << t->tsc_shift;
        ns = t->system_time +
             (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
        pv_rmb();
    } while ((version & 1) || version != t->version);
    return ns;
}

void pv_wallclock(uint64_t *sec, uint32_t *nsec)
{
    const volatile struct shared_info *s = pv_boot.shared;
    uint32_t version;

    do {
        version = s->wc_version;
        pv_rmb();
        *sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
        *nsec = s->wc_nsec;
        pv_rmb();
    } while ((version & 1) || version != s->wc_version);
}

long pv_timer_arm(uint64_t deadline_ns)
{
    return HYPERVISOR_set_timer_op(deadline_ns);
}
