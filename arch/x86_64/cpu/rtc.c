/* SPDX-License-Identifier: MIT */
/*
 * The CMOS real-time clock, read once at boot for the guests' wallclock
 * (shared_info wc_sec/wc_nsec). BCD or binary, 12 or 24 hour, as status
 * register B says; the century register is not trusted (20xx assumed).
 */
#include <hv/arch.h>
#include <asm/processor.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

static uint8_t cmos(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static unsigned int from_bcd(uint8_t v, bool bcd)
{
    return bcd ? (v >> 4) * 10 + (v & 15) : v;
}

/* Days from 1970-01-01 to @y-@m-@d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
    int64_t era;
    unsigned int yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned int)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

uint64_t arch_rtc_seconds(void)
{
    uint8_t sec, min, hour, day, mon, year, b;
    bool bcd, pm;
    unsigned int h;

    /* Wait out an update in progress, then read twice until both agree. */
    do {
        for (unsigned int i = 0; i < 1000000 && (cmos(0x0a) & 0x80); i++)
            arch_cpu_relax();
        sec = cmos(0x00), min = cmos(0x02), hour = cmos(0x04);
        day = cmos(0x07), mon = cmos(0x08), year = cmos(0x09);
    } while (sec != cmos(0x00) || min != cmos(0x02));
    b = cmos(0x0b);
    bcd = !(b & 0x04);
    pm = !(b & 0x02) && (hour & 0x80);
    h = from_bcd(hour & 0x7f, bcd);
    if (!(b & 0x02))
        h = (h % 12) + (pm ? 12 : 0);
    if (from_bcd(mon, bcd) < 1 || from_bcd(mon, bcd) > 12 || !from_bcd(day, bcd))
        return 0;
    return (uint64_t)(days_from_civil(2000 + from_bcd(year, bcd), from_bcd(mon, bcd),
                                      from_bcd(day, bcd)) * 86400 +
                      h * 3600 + from_bcd(min, bcd) * 60 + from_bcd(sec, bcd));
}
