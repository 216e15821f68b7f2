/* SPDX-License-Identifier: MIT */
/*
 * Constants of the test-guest runtime that assembly needs, turned into
 * build/guests/include/guest-offsets.h by mk/guests.mk (compiled to
 * assembly; the "->" lines are picked out).
 */
#include <stddef.h>
#include "hypercall.h"
#include "traps.h"

#define DEFINE(sym, val) \
    __asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"((long)(val)))
#define OFFSET(sym, type, member) DEFINE(sym, offsetof(type, member))

void asm_offsets(void);

void asm_offsets(void)
{
    DEFINE(HC_VIA_SYSCALL, HC_VIA_SYSCALL);
    OFFSET(TF_vector, struct trap_frame, vector);
    OFFSET(TF_iret_flags, struct trap_frame, iret_flags);
    OFFSET(TF_rip, struct trap_frame, rip);
    DEFINE(TF_SIZE, sizeof(struct trap_frame));
}
