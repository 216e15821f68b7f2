/* SPDX-License-Identifier: MIT */
/* CPU lists ("0-3,5", "all", "^2") to and from bitmaps. */
#include <stdio.h>
#include <string.h>

#include "cpumap.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Read a decimal CPU number at s[*i]; -1 if there is none or it is > 63. */
static int read_cpu(const char *s, size_t *i, char *err, size_t errlen)
{
    unsigned long v = 0;
    size_t start = *i;

    if (!is_digit(s[*i])) {
        snprintf(err, errlen, "expected a CPU number");
        return -1;
    }
    while (is_digit(s[*i])) {
        if (v < 1000)
            v = v * 10 + (unsigned long)(s[*i] - '0');
        (*i)++;
    }
    if (v >= CPUMAP_BITS) {
        snprintf(err, errlen, "CPU %.*s is out of range (0-%d)",
                 (int)(*i - start), s + start, CPUMAP_BITS - 1);
        *i = start;
        return -1;
    }
    return (int)v;
}

static uint64_t range_bits(int lo, int hi)
{
    uint64_t upto_hi = hi == CPUMAP_BITS - 1 ? CPUMAP_ALL
                                             : ((uint64_t)1 << (hi + 1)) - 1;

    return upto_hi & ~(((uint64_t)1 << lo) - 1);
}

int cpumap_parse(const char *s, uint64_t *map, char *err, size_t errlen,
                 size_t *errpos)
{
    uint64_t m = 0;
    size_t i = 0;

    for (;;) {
        int exclude = 0, lo, hi;
        uint64_t bits;

        while (is_space(s[i]))
            i++;
        if (s[i] == '^') {
            exclude = 1;
            i++;
        }
        if (!exclude && strncmp(s + i, "all", 3) == 0) {
            bits = CPUMAP_ALL;
            i += 3;
        } else {
            lo = read_cpu(s, &i, err, errlen);
            if (lo < 0)
                goto fail;
            hi = lo;
            if (s[i] == '-') {
                size_t hi_pos;

                i++;
                hi_pos = i;
                hi = read_cpu(s, &i, err, errlen);
                if (hi < 0)
                    goto fail;
                if (hi < lo) {
                    snprintf(err, errlen, "range %d-%d runs backwards", lo, hi);
                    i = hi_pos;
                    goto fail;
                }
            }
            bits = range_bits(lo, hi);
        }
        m = exclude ? m & ~bits : m | bits;
        while (is_space(s[i]))
            i++;
        if (s[i] == '\0')
            break;
        if (s[i] != ',') {
            snprintf(err, errlen, "unexpected '%c' in CPU list", s[i]);
            goto fail;
        }
        i++;
    }
    if (!m) {
        snprintf(err, errlen, "CPU list selects no CPU");
        i = 0;
        goto fail;
    }
    *map = m;
    return 0;

fail:
    *errpos = i;
    return -1;
}

void cpumap_format(uint64_t map, unsigned int nr_cpus, char *buf, size_t len)
{
    uint64_t valid = nr_cpus == 0 || nr_cpus >= CPUMAP_BITS
                     ? CPUMAP_ALL : ((uint64_t)1 << nr_cpus) - 1;
    size_t used = 0;
    int cpu = 0;

    map &= valid;
    if (len == 0)
        return;
    buf[0] = '\0';
    if (map == valid) {
        snprintf(buf, len, "all");
        return;
    }
    if (!map) {
        snprintf(buf, len, "none");
        return;
    }
    while (cpu < CPUMAP_BITS) {
        int end = cpu;
        int n;

        if (!(map & ((uint64_t)1 << cpu))) {
            cpu++;
            continue;
        }
        while (end + 1 < CPUMAP_BITS && (map & ((uint64_t)1 << (end + 1))))
            end++;
        if (end == cpu)
            n = snprintf(buf + used, len - used, "%s%d", used ? "," : "", cpu);
        else
            n = snprintf(buf + used, len - used, "%s%d-%d", used ? "," : "",
                         cpu, end);
        if (n < 0 || (size_t)n >= len - used)
            return;     /* truncated, still NUL-terminated */
        used += (size_t)n;
        cpu = end + 1;
    }
}
