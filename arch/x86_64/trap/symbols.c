/* SPDX-License-Identifier: MIT */
/* Symbol lookup for backtraces over the embedded, sorted symbol table. */
#include <hv/lib.h>
#include <asm/symbols.h>

void symbol_describe(uint64_t addr, char *buf, size_t len)
{
    uint64_t lo = 0, hi = hv_nr_symbols;

    /* Find the last symbol at or below addr (the table is sorted). */
    if (hi < 2 || addr < hv_symbols[0].addr || addr >= hv_symbols[hi - 1].addr) {
        snprintf(buf, len, "?");
        return;
    }
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;

        if (hv_symbols[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    snprintf(buf, len, "%s+%#llx/%#llx", hv_symbols[lo].name,
             (unsigned long long)(addr - hv_symbols[lo].addr),
             (unsigned long long)(hv_symbols[lo + 1].addr - hv_symbols[lo].addr));
}
