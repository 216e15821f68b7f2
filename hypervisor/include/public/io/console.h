/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: the console ring page shared between a domU and its console
 * backend (start_info.console.domU.mfn, signalled on .evtchn).
 *
 * Two byte rings: "in" carries input to the guest, "out" the guest's
 * output. Indices only grow (mod 2^32); the producer writes data, then
 * (after a write barrier) the prod index; the consumer reads data, then
 * advances cons, and each side notifies the other over the event channel.
 * Layout is Xen 4.17's.
 */
#ifndef PUBLIC_IO_CONSOLE_H
#define PUBLIC_IO_CONSOLE_H

#include "../xen.h"

/* MASK_XENCONS_IDX - position in ring (a power-of-two char array) of index idx. */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

#ifndef __ASSEMBLER__

/* A free-running ring index. */
typedef uint32_t XENCONS_RING_IDX;

/* xencons_interface - the console page (the rest of the page is unused). */
struct xencons_interface {
    char in[1024];              /* Input to the guest. */
    char out[2048];             /* Output from the guest. */
    XENCONS_RING_IDX in_cons;   /* Written by the guest. */
    XENCONS_RING_IDX in_prod;   /* Written by the backend. */
    XENCONS_RING_IDX out_cons;  /* Written by the backend. */
    XENCONS_RING_IDX out_prod;  /* Written by the guest. */
};
PUBLIC_ASSERT_SIZE(struct xencons_interface, 3088);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_IO_CONSOLE_H */
