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
 *
 * Ownership: an allocated frame is the hypervisor's (owner DOMID_NONE) or
 * one domain's. A domain's frames are on its frame_list, linked through
 * the same next/prev a free block uses (a frame is never both free and
 * owned), so what a domain owns is found without looking at every frame,
 * as Xen's d->page_list. A frame becomes a domain's only as it is
 * allocated (frame_alloc_assign) and stops being one only through
 * frame_unassign: the only writers of a frame's owner and of its list
 * links while it is allocated, so a frame is on its owner's list exactly
 * when its owner is a domain. frame_free refuses an owned frame. A frame
 * a dead domain left to others' references (an orphan, owner DOMID_NONE)
 * is on no list.
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
    uint32_t next;              /* free/dirty block head: the next block;
                                   owned: the next frame of its owner's
                                   list; FRAME_NONE at the end */
    uint32_t prev;              /* free block head: the previous block;
                                   owned: the previous frame of the list */
    uint32_t count_info;        /* general reference count (asm/pagetype.h) */
    uint16_t owner;             /* domain id, DOMID_NONE if none */
    uint8_t order;              /* free block head: log2 of the block's frames */
    uint8_t state;              /* FRAME_* */
    uint64_t type_info;         /* page type and type count (asm/pagetype.h) */
    int32_t linear;             /* page table: linear references (pagetype.c) */
    uint32_t data;              /* the hypervisor's use of its own frames */
};
_Static_assert(sizeof(struct frame) == 32, "the frame table: 32 bytes a frame");

/*
 * The frames one domain owns (Xen's d->page_list): first frame, count, and
 * the id its frames carry in frame.owner. Covered by the hypervisor lock.
 */
struct frame_list {
    uint32_t head;              /* FRAME_NONE when empty */
    uint32_t nr;                /* frames on it */
    uint16_t owner;
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
 * frame_free - give back a block frame_alloc returned. It is dirty until
 * scrubbed (it counts as free meanwhile).
 * Returns 0; -EINVAL if @mfn is outside the table, misaligned for @order,
 * not allocated (double free, reserved frame) or still owned by a domain
 * (frame_unassign first): nothing changes then.
 */
int frame_free(mfn_t mfn, unsigned int order) __must_check;

/* frame_list_init - @l empty, for frames that will carry @owner. */
void frame_list_init(struct frame_list *l, uint16_t owner);

/*
 * frame_alloc_assign - frame_alloc(@order) for @l's owner, as 2^@order
 * single-frame allocations: each frame owned (first on @l, in address
 * order), given back on its own (frame_unassign, then frame_free(m, 0)),
 * and holding one general reference, its owner's (count_info 1), which
 * the owner drops when it gives the frame up. Returns the first MFN, or
 * MFN_INVALID (nothing changes).
 */
mfn_t frame_alloc_assign(struct frame_list *l, unsigned int order);

/*
 * frame_unassign - @mfn leaves @l: off the list, owned by nobody (then
 * freed with frame_free, or left to others' references as an orphan).
 * The ownership reference is the caller's to drop.
 * Returns 0; -EINVAL if @mfn is outside the table or not on @l (its owner
 * is not @l's): nothing changes then.
 */
int frame_unassign(struct frame_list *l, mfn_t mfn) __must_check;

/*
 * frame_list_count - walk @l: the number of frames on it, or -EINVAL if
 * the walk finds a frame that is not allocated and @l's owner's, a back
 * link that does not match, or a length other than l->nr (a debug check:
 * the accounting sysctl, unit tests).
 */
long frame_list_count(const struct frame_list *l);

/* frame_list_for_each - @m over @l's frames; the body may not change @l. */
#define frame_list_for_each(m, l) \
    for (mfn_t m = (l)->head; m != FRAME_NONE; m = mfn_to_frame(m)->next)

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
