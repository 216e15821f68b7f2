/* SPDX-License-Identifier: MIT */
/* Assembly helpers: FUNC()/END() emit symbol type and size. */
#ifndef ASM_ASM_H
#define ASM_ASM_H

#ifdef __ASSEMBLER__
#define FUNC(name)      .globl name; .type name, @function; .balign 16; name:
#define LOCAL_FUNC(name) .type name, @function; .balign 16; name:
#define DATA(name)      .globl name; .type name, @object; name:
#define END(name)       .size name, . - name
#endif

#endif /* ASM_ASM_H */
