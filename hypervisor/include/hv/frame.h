/* SPDX-License-Identifier: MIT */
/*
 * Machine frames: the frame table (one struct frame per machine frame) and
 * the buddy allocator that hands out free frames.
 *
 * Invariants: a frame is in exactly one state, free (in one buddy block on
 * one free list), dirty (freed, waiting to be scrubbed), reserved
 * (firmware, loader data still in use, the hypervisor's own memory: never
 * handed out) or allocated. Only the head frame of a free or dirty block
 * carries its order. Every free frame is zero (known zero): whatever is
 * freed is dirty until it has been scrubbed, and only then free.
 */
#ifndef HV_FRAME_H
#define HV_FRAME_H

#include <hv/types.h>

#define MFN_INVALID     (~(mfn_t)0)
#define FRAME_NONE      0xffffffffu     /* end of a frame list */
#define FRAME_MAX_ORDER 18              /* largest block: 2^18 frames = 1 GiB */
#define DOMID_NONE      0x7ff4u         /* owner of a frame no domain owns (Xen's DOMID_INVALID) */

/* frame.state */
#define FRAME_RESERVED  0   /* never handed out */
#define FRAME_FREE      1   /* in the buddy allocator */
#define FRAME_ALLOCATED 2   /* handed out by frame_alloc */
#define FRAME_DIRTY     3   /* freed, not yet scrubbed: never handed out as is */

struct frame {
    uint32_t next;              /* free list: next block head, FRAME_NONE at end */
    uint32_t prev;              /* free list: previous block head */
    uint32_t count_info;        /* reference count (page types, later) */
    uint16_t owner;             /* domain id, DOMID_NONE if none */
    uint8_t order;              /* free block head: log2 of the block's frames */
    uint8_t state;              /* FRAME_* */
    uint64_t type_info;         /* page type and type count (later) */
    uint64_t data;              /* owner's use (e.g. guest pfn) */
};

/* The table: frame_table[mfn] for every mfn < frame_table_size. */
extern struct frame *frame_table;
extern mfn_t frame_table_size;

/*
 * frame_table_init - take @table (@nr entries) as the frame table; every
 * frame starts FRAME_RESERVED and the allocator empty.
 */
void frame_table_init(struct frame *table, mfn_t nr);

/*
 * frame_free_range - hand the reserved frames [@start, @end) to the
 * allocator (boot time), zeroed first (anything dirty is, too).
 * Frames outside the table are ignored. Returns the number of frames added.
 */
uint64_t frame_free_range(mfn_t start, mfn_t end);

/*
 * frame_alloc - allocate 2^@order contiguous frames, naturally aligned,
 * every byte zero. Scrubs dirty frames first if no free block fits.
 * Returns the first MFN, or MFN_INVALID if none is free or @order is too big.
 */
mfn_t frame_alloc(unsigned int order);

/*
 * frame_alloc_split - the same, but the block is 2^@order single-frame
 * allocations, each given back on its own with frame_free(m, 0).
 */
mfn_t frame_alloc_split(unsigned int order);

/*
 * frame_free - give back a block frame_alloc returned. It is dirty until
 * scrubbed (it counts as free meanwhile).
 * Returns 0; -EINVAL if @mfn is outside the table, misaligned for @order,
 * or not allocated (double free, reserved frame): nothing changes then.
 */
int frame_free(mfn_t mfn, unsigned int order) __must_check;


/* frame_free_count - frames currently free, dirty ones included. */
uint64_t frame_free_count(void);

/* frame_dirty_count - free frames still to be scrubbed. */
uint64_t frame_dirty_count(void);

/*
 * Scrubbing by the idle loop, one block of at most 16 frames at a time,
 * zeroed without the hypervisor lock:
 *   frame_scrub_claim  (lock held) take a dirty block; false if none, or
 *                      another CPU's block is in flight
 *   arch_clear_frames(s.mfn, s.nr)   (lock dropped)
 *   frame_scrub_done   (no lock) the block is zero
 *   frame_scrub_finish (lock held) it joins the free lists, unless an
 *                      allocation took it meanwhile (after its done mark)
 */
struct frame_scrub {
    mfn_t mfn, nr;
    uint64_t ticket;
};
bool frame_scrub_claim(struct frame_scrub *s);
void frame_scrub_done(const struct frame_scrub *s);
void frame_scrub_finish(const struct frame_scrub *s);

static inline struct frame *mfn_to_frame(mfn_t mfn)
{
    return &frame_table[mfn];
}

#endif /* HV_FRAME_H */
