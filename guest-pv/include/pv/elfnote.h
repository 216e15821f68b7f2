/* SPDX-License-Identifier: MIT */
/*
 * PV_ELFNOTE(type, desc) - one Xen ELF note, for a kernel's assembly head.
 * The builder (pvisor's or Xen's) reads these from a PT_NOTE segment: owner
 * "Xen", 4-byte aligned parts. Types are XEN_ELFNOTE_* (public/elfnote.h);
 * desc is the directive that emits the value, e.g. `.quad _start` or
 * `.asciz "generic"`.
 */
#ifndef PV_ELFNOTE_H
#define PV_ELFNOTE_H

#include <public/elfnote.h>

#ifdef __ASSEMBLER__
#define PV_ELFNOTE(type, desc...)                        \
    .pushsection .note.Xen, "a", @note;                  \
    .balign 4;                                           \
    .long 2f - 1f;                                       \
    .long 4f - 3f;                                       \
    .long type;                                          \
1:  .asciz "Xen";                                        \
2:  .balign 4;                                           \
3:  desc;                                                \
4:  .balign 4;                                           \
    .popsection
#endif

#endif /* PV_ELFNOTE_H */
