/* SPDX-License-Identifier: MIT */
/*
 * TSC frequency: from CPUID leaf 0x15 (crystal ratio) or 0x16 (base MHz)
 * when the CPU reports them, else measured against PIT channel 2.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <asm/processor.h>
#include <asm/setup.h>

#define PIT_HZ          1193182u
#define PIT_CH2         0x42
#define PIT_CMD         0x43
#define PIT_GATE        0x61    /* bit 0 gate, bit 1 speaker, bit 5 output */
#define CALIBRATE_MS    10

static uint64_t tsc_khz;

uint64_t arch_tsc_khz(void)
{
    return tsc_khz;
}

uint64_t arch_read_cycles(void)
{
    return rdtsc();
}

/* One PIT measurement: TSC ticks in CALIBRATE_MS, or 0 if the PIT is dead. */
static uint64_t pit_measure(void)
{
    uint16_t count = (uint16_t)(PIT_HZ / (1000 / CALIBRATE_MS));
    uint64_t t0, t1;
    uint8_t gate = inb(PIT_GATE);
    unsigned long spins = 0;

    outb(PIT_GATE, (gate & ~0x02) | 0x01);      /* gate on, speaker off */
    outb(PIT_CMD, 0xb0);                        /* ch2, lo/hi, mode 0, binary */
    outb(PIT_CH2, count & 0xff);
    outb(PIT_CH2, count >> 8);
    t0 = rdtsc();
    while (!(inb(PIT_GATE) & 0x20)) {
        if (++spins > 100000000ul)
            return 0;
    }
    t1 = rdtsc();
    outb(PIT_GATE, gate);
    return t1 - t0;
}

void tsc_calibrate(void)
{
    uint32_t max, a, b, c, d;
    const char *how = "PIT";

    cpuid(0, &max, &b, &c, &d);
    if (max >= 0x15) {
        cpuid(0x15, &a, &b, &c, &d);
        if (a && b && c) {
            tsc_khz = (uint64_t)c * b / a / 1000;
            how = "CPUID 0x15";
        }
    }
    if (!tsc_khz && max >= 0x16) {
        cpuid(0x16, &a, &b, &c, &d);
        if (a & 0xffff) {
            tsc_khz = (uint64_t)(a & 0xffff) * 1000;
            how = "CPUID 0x16";
        }
    }
    if (!tsc_khz) {
        uint64_t best = ~0ULL;

        /* Shortest of three runs: the least disturbed by the host. */
        for (int i = 0; i < 3; i++) {
            uint64_t t = pit_measure();

            if (t && t < best)
                best = t;
        }
        if (best != ~0ULL)
            tsc_khz = best / CALIBRATE_MS;
    }
    if (!tsc_khz) {
        tsc_khz = 1000000;
        how = "guess (no PIT)";
    }
    printk(LOG_INFO, "TSC: %llu.%03llu MHz (%s)",
           (unsigned long long)(tsc_khz / 1000),
           (unsigned long long)(tsc_khz % 1000), how);
}
