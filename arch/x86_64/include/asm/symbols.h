/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own symbol table, embedded at link time from a generated
 * file (build/hypervisor/symbols.S, made by scripts/gensyms.sh).
 */
#ifndef ASM_SYMBOLS_H
#define ASM_SYMBOLS_H

#include <hv/types.h>

struct hv_symbol {
    uint64_t addr;
    const char *name;
};

/* Sorted by address; the last entry marks the end of the text. */
extern const struct hv_symbol hv_symbols[];
extern const uint64_t hv_nr_symbols;

/*
 * symbol_describe - write "name+0xoff/0xsize" for @addr into @buf, or "?"
 * when @addr is outside the hypervisor's text.
 */
void symbol_describe(uint64_t addr, char *buf, size_t len);

#endif /* ASM_SYMBOLS_H */
