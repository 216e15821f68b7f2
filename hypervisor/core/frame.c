/* SPDX-License-Identifier: MIT */
/*
 * Machine frames: the frame table and a binary buddy allocator over it
 * (see hv/frame.h).
 *
 * A block of order k is 2^k frames starting at an MFN that is a multiple of
 * 2^k. Its buddy is the block of the same order it was split from, at
 * mfn ^ 2^k. Invariants beyond those in hv/frame.h:
 *   - every frame of a block has the block's state (FREE or ALLOCATED);
 *   - the head of a block (free or allocated) has order = the block's
 *     order; every other frame of it has order = FRAME_TAIL. So "is a free
 *     head of order k" is one look at one frame, and frame_free can tell a
 *     block frame_alloc returned from a frame inside it;
 *   - free_head[k] lists every free block of order k, linked through
 *     next/prev as MFNs, FRAME_NONE terminated; no two free buddies of the
 *     same order exist (they would have been merged);
 *   - free_frames is the sum of the sizes of the listed blocks.
 *
 * Policy: frame_alloc takes the smallest order that fits and, within it,
 * the block freed last (lists are LIFO: O(1), and recently freed memory is
 * likely still in the cache). A larger block is split and its lowest part
 * returned. There is no address preference.
 *
 * Locking: single CPU for now. With SMP, one lock (the heap lock) will cover
 * the free lists, free_frames and the state/order of every frame.
 */
#include <hv/errno.h>
#include <hv/frame.h>

/* frame.order of a frame that is in a block but not its head. */
#define FRAME_TAIL  0xffu

struct frame *frame_table;
mfn_t frame_table_size;

static uint32_t free_head[FRAME_MAX_ORDER + 1];
static uint64_t free_frames;

static void list_add(mfn_t mfn, unsigned int order)
{
    struct frame *f = mfn_to_frame(mfn);

    f->prev = FRAME_NONE;
    f->next = free_head[order];
    if (f->next != FRAME_NONE)
        mfn_to_frame(f->next)->prev = (uint32_t)mfn;
    free_head[order] = (uint32_t)mfn;
}

static void list_del(mfn_t mfn, unsigned int order)
{
    struct frame *f = mfn_to_frame(mfn);

    if (f->prev != FRAME_NONE)
        mfn_to_frame(f->prev)->next = f->next;
    else
        free_head[order] = f->next;
    if (f->next != FRAME_NONE)
        mfn_to_frame(f->next)->prev = f->prev;
    f->next = f->prev = FRAME_NONE;
}

/* Give the 2^@order frames at @mfn @state, @mfn the head, the rest tails. */
static void block_mark(mfn_t mfn, unsigned int order, uint8_t state)
{
    for (mfn_t i = 0; i < ((mfn_t)1 << order); i++) {
        struct frame *f = mfn_to_frame(mfn + i);

        f->state = state;
        f->order = i ? FRAME_TAIL : (uint8_t)order;
    }
}

/*
 * block_free - put the block [@mfn, +2^@order), whose frames are not free,
 * into the allocator, merging it with its buddy as long as the buddy is a
 * free block of the same order.
 */
static void block_free(mfn_t mfn, unsigned int order)
{
    for (mfn_t i = 0; i < ((mfn_t)1 << order); i++) {
        struct frame *f = mfn_to_frame(mfn + i);

        /* The next owner starts clean. */
        f->count_info = 0;
        f->owner = DOMID_NONE;
        f->type_info = 0;
        f->data = 0;
    }
    block_mark(mfn, order, FRAME_FREE);
    free_frames += (uint64_t)1 << order;

    while (order < FRAME_MAX_ORDER) {
        mfn_t buddy = mfn ^ ((mfn_t)1 << order);
        struct frame *b;

        /*
         * A buddy partly outside the table is never a free head: only whole
         * blocks inside the table are ever freed.
         */
        if (buddy >= frame_table_size)
            break;
        b = mfn_to_frame(buddy);
        if (b->state != FRAME_FREE || b->order != order)
            break;
        list_del(buddy, order);
        /* The upper of the two heads becomes a tail of the merged block. */
        mfn_to_frame(MAX(mfn, buddy))->order = FRAME_TAIL;
        mfn = MIN(mfn, buddy);
        order++;
        mfn_to_frame(mfn)->order = (uint8_t)order;
    }
    list_add(mfn, order);
}

void frame_table_init(struct frame *table, mfn_t nr)
{
    /* The free lists link by 32-bit MFN; FRAME_NONE itself marks the end. */
    if (nr > FRAME_NONE)
        nr = FRAME_NONE;
    frame_table = table;
    frame_table_size = nr;
    for (mfn_t i = 0; i < nr; i++)
        table[i] = (struct frame){
            .next = FRAME_NONE, .prev = FRAME_NONE,
            .owner = DOMID_NONE, .state = FRAME_RESERVED,
        };
    for (unsigned int k = 0; k <= FRAME_MAX_ORDER; k++)
        free_head[k] = FRAME_NONE;
    free_frames = 0;
}

/*
 * Frames in the range that are not FRAME_RESERVED (freed already, or
 * allocated) are skipped and not counted. Each run of reserved frames is cut
 * into the largest naturally aligned blocks that fit, each merged with its
 * buddy where possible, so freeing a range piecewise ends in the same blocks
 * as freeing it at once.
 */
uint64_t frame_free_range(mfn_t start, mfn_t end)
{
    uint64_t added = 0;
    mfn_t mfn = start;

    end = MIN(end, frame_table_size);
    while (mfn < end) {
        mfn_t run_end;

        if (mfn_to_frame(mfn)->state != FRAME_RESERVED) {
            mfn++;
            continue;
        }
        for (run_end = mfn; run_end < end &&
             mfn_to_frame(run_end)->state == FRAME_RESERVED; run_end++)
            ;
        while (mfn < run_end) {
            unsigned int order = FRAME_MAX_ORDER;

            /* Largest order for which mfn is aligned and the block fits. */
            if (mfn)
                order = MIN(order, (unsigned int)__builtin_ctzll(mfn));
            order = MIN(order, 63u - (unsigned int)__builtin_clzll(run_end - mfn));
            block_free(mfn, order);
            added += (uint64_t)1 << order;
            mfn += (mfn_t)1 << order;
        }
    }
    return added;
}

mfn_t frame_alloc(unsigned int order)
{
    unsigned int k;
    mfn_t mfn;

    if (order > FRAME_MAX_ORDER)
        return MFN_INVALID;
    for (k = order; k <= FRAME_MAX_ORDER && free_head[k] == FRAME_NONE; k++)
        ;
    if (k > FRAME_MAX_ORDER)
        return MFN_INVALID;

    mfn = free_head[k];
    list_del(mfn, k);
    /* Split: keep the lower half, list the upper half, until the size fits. */
    while (k > order) {
        mfn_t upper;

        k--;
        upper = mfn + ((mfn_t)1 << k);
        mfn_to_frame(upper)->order = (uint8_t)k;
        list_add(upper, k);
    }
    block_mark(mfn, order, FRAME_ALLOCATED);
    free_frames -= (uint64_t)1 << order;
    return mfn;
}

int frame_free(mfn_t mfn, unsigned int order)
{
    const struct frame *f;

    /* Check everything before touching anything. */
    if (order > FRAME_MAX_ORDER || mfn >= frame_table_size ||
        ((mfn_t)1 << order) > frame_table_size - mfn)
        return -EINVAL;
    if (mfn & (((mfn_t)1 << order) - 1))
        return -EINVAL;
    f = mfn_to_frame(mfn);
    /* A tail has order FRAME_TAIL, so this also refuses a frame inside a block. */
    if (f->state != FRAME_ALLOCATED || f->order != order)
        return -EINVAL;

    block_free(mfn, order);
    return 0;
}

uint64_t frame_free_count(void)
{
    return free_frames;
}
