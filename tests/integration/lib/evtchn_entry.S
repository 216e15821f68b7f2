/* SPDX-License-Identifier: MIT */
/*
 * Test-guest event callback entry (CALLBACKTYPE_event).
 *
 * The hypervisor enters with a bounce frame without error code, upcalls
 * masked (it set vcpu_info.evtchn_upcall_mask), RSP 16-byte aligned at the
 * first word (PV-ABI-NOTES 4.1, 4.3):
 *
 *      RSP ->  +0   RCX of the interrupted context
 *              +8   R11 of the interrupted context
 *             +16   RIP
 *             +24   CS        (bits 32-39: saved evtchn_upcall_mask)
 *             +32   RFLAGS    (IF = !saved mask)
 *             +40   RSP
 *             +48   SS
 *
 * As the exception stubs do (entry.S), the real RCX and R11 are popped, a
 * zero flags word and a pseudo-vector pushed, then the general registers,
 * giving a struct trap_frame (traps.h) for evtchn_dispatch():
 *
 *              r15 r14 ... rbx rax | vector | flags 0 | RIP CS RFLAGS RSP SS
 *
 * trap_resume (entry.S) then returns through HYPERVISOR_iret, which sets
 * the upcall mask to !RFLAGS.IF of the frame: unmasked again.
 */
#include <asm/asm.h>
#include "guest-offsets.h"
#include "traps.h"

/* The vector word of an event callback frame (not an exception vector). */
#define EVTCHN_PSEUDO_VECTOR 0x200

/* The push order below is struct trap_frame, as in entry.S. */
.if TF_vector != 15 * 8 || TF_iret_flags != 16 * 8 || TF_rip != 17 * 8 || TF_SIZE != 22 * 8
.error "struct trap_frame does not match the pushes of evtchn_callback_entry"
.endif

/*
 * evtchn_callback_entry: in guest kernel mode, upcalls masked, every
 * register but RCX/R11 the interrupted context's (RCX/R11 on the stack).
 * Does not return: resumes the interrupted context through iret.
 */
    .text
FUNC(evtchn_callback_entry)
    pop     %rcx
    pop     %r11
    push    $0
    push    $EVTCHN_PSEUDO_VECTOR
    FRAME_CALL_RESUME evtchn_dispatch
END(evtchn_callback_entry)

    .section .note.GNU-stack, "", @progbits
