/* SPDX-License-Identifier: MIT */
/*
 * ABI layout check: the two expansions of abi.def. The including TU first
 * defines ABI_SIDE_SYM(sym), which prefixes the symbols of its assembled
 * snippets with its side. The first expansion, here, assembles each
 * ABI_ASM text into .rodata; after it the ABI_* macros make table entries,
 * and the TU includes abi.def again inside its array.
 */
#ifndef ABI_EXPAND_H
#define ABI_EXPAND_H

#define ABI_STR_(x) #x
#define ABI_STR(x)  ABI_STR_(x)

#define ABI_STRUCT(type)
#define ABI_FIELD(type, field)
#define ABI_CONST(name)
#define ABI_EXPR(...)
/* The text (name expanded) and the symbols (name pasted) need two levels. */
#define ABI_ASM(name) ABI_ASM_(abi_asm_##name, abi_asm_##name##_end, name)
#define ABI_ASM_(sym, sym_end, text)                                        \
    extern const uint8_t ABI_SIDE_SYM(sym)[], ABI_SIDE_SYM(sym_end)[];     \
    __asm__(".pushsection .rodata\n"                                        \
            ".globl " ABI_STR(ABI_SIDE_SYM(sym)) "\n"                       \
            ".globl " ABI_STR(ABI_SIDE_SYM(sym_end)) "\n"                   \
            ABI_STR(ABI_SIDE_SYM(sym)) ":\n\t"                              \
            text "\n"                                                       \
            ABI_STR(ABI_SIDE_SYM(sym_end)) ":\n"                            \
            ".popsection\n");
#include "abi.def"
#undef ABI_STRUCT
#undef ABI_FIELD
#undef ABI_CONST
#undef ABI_EXPR
#undef ABI_ASM
#undef ABI_ASM_

#define ABI_STRUCT(type)        ABI_ENTRY_STRUCT(#type, type)
#define ABI_FIELD(type, field)  ABI_ENTRY_FIELD(#type, #field, type, field)
#define ABI_CONST(name)         ABI_ENTRY_CONST(#name, name)
#define ABI_EXPR(...)           ABI_ENTRY_CONST(#__VA_ARGS__, (__VA_ARGS__))
#define ABI_ASM(name) ABI_ASM_(#name, abi_asm_##name, abi_asm_##name##_end)
#define ABI_ASM_(label, sym, sym_end) \
    { ABI_KIND_ASM, "", label, 0, 0, ABI_SIDE_SYM(sym), ABI_SIDE_SYM(sym_end) },

#endif /* ABI_EXPAND_H */
