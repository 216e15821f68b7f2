/* SPDX-License-Identifier: MIT */
/* Number parsing for command lines and config values. */
#include <hv/errno.h>
#include <hv/lib.h>

int parse_u64(const char *s, const char **end, uint64_t *out)
{
    uint64_t v = 0, base = 10, shift = 0;
    const char *p = s;
    bool any = false;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    for (;; p++) {
        unsigned int d;

        if (*p >= '0' && *p <= '9')
            d = *p - '0';
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            d = *p - 'a' + 10;
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            d = *p - 'A' + 10;
        else
            break;
        if (v > (UINT64_MAX - d) / base) {
            if (end)
                *end = p;
            return -ERANGE;
        }
        v = v * base + d;
        any = true;
    }
    if (!any) {
        if (end)
            *end = s;
        return -EINVAL;
    }
    switch (*p) {
    case 'K': case 'k': shift = 10; p++; break;
    case 'M': case 'm': shift = 20; p++; break;
    case 'G': case 'g': shift = 30; p++; break;
    }
    if (shift && v > (UINT64_MAX >> shift)) {
        if (end)
            *end = p;
        return -ERANGE;
    }
    if (end)
        *end = p;
    *out = v << shift;
    return 0;
}
