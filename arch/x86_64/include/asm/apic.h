/* SPDX-License-Identifier: MIT */
/* Local APIC: end of interrupt and the timer. */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <stdint.h>

void apic_eoi(void);

/* apic_timer_oneshot_ns - raise APIC_TIMER_VECTOR once after @ns. */
void apic_timer_oneshot_ns(uint64_t ns);

/* apic_timer_count - timer interrupts taken since boot. */
uint64_t apic_timer_count(void);

#endif /* ASM_APIC_H */
