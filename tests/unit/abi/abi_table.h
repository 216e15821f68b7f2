/* SPDX-License-Identifier: MIT */
/*
 * ABI layout check: the table each translation unit builds from abi.def.
 *
 * tu_ours.c fills one from hypervisor/include/public, tu_xen.c one from
 * Debian's /usr/include/xen (the oracle). The two headers cannot meet in
 * one file (same identifiers), so each side is reduced to plain numbers
 * here, in the order of abi.def, and test_abi.c compares them entry by entry.
 */
#ifndef ABI_TABLE_H
#define ABI_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* What an entry describes, and what a and b hold. */
enum abi_kind {
    ABI_KIND_STRUCT,    /* a = sizeof, b = alignof */
    ABI_KIND_FIELD,     /* a = offsetof, b = sizeof the member */
    ABI_KIND_CONST,     /* a = value (converted to int64_t) */
    ABI_KIND_ASM,       /* bytes [start, end) assembled from an asm text macro */
};

struct abi_entry {
    enum abi_kind kind;
    const char *owner;  /* The struct type, or "" for constants. */
    const char *name;   /* Field designator, constant or expression. */
    int64_t a;
    int64_t b;
    const uint8_t *start;
    const uint8_t *end;
};

/*
 * Builds an entry of each kind. The labels are stringified by the caller
 * (abi_expand.h), before any macro in them is expanded.
 */
#define ABI_ENTRY_STRUCT(label, type) \
    { ABI_KIND_STRUCT, label, "", (int64_t)sizeof(type), (int64_t)_Alignof(type), \
      NULL, NULL },
#define ABI_ENTRY_FIELD(type_label, field_label, type, field) \
    { ABI_KIND_FIELD, type_label, field_label, (int64_t)offsetof(type, field), \
      (int64_t)sizeof(((type *)0)->field), NULL, NULL },
#define ABI_ENTRY_CONST(label, value) \
    { ABI_KIND_CONST, "", label, (int64_t)(value), 0, NULL, NULL },

extern const struct abi_entry abi_ours[];
extern const size_t abi_ours_count;
extern const struct abi_entry abi_xen[];
extern const size_t abi_xen_count;

#endif /* ABI_TABLE_H */
