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
 *   - free_frames is the sum of the sizes of the listed blocks;
 *   - an owned frame's next/prev are its owner's list links (a doubly
 *     linked list through MFNs, FRAME_NONE terminated, head in the
 *     domain's struct frame_list); unused while the hypervisor holds it.
 *     Only single-frame allocations (frame_alloc_assign splits) are ever
 *     owned, so a domain's frames go back one by one (frame_free(m, 0)).
 *
 * Policy: frame_alloc takes the smallest order that fits and, within it,
 * the block scrubbed last (lists are LIFO: O(1)). A larger block is split
 * and its lowest part returned. There is no address preference.
 *
 * Scrubbing (the known-zero property): every frame on the free lists is
 * zero, so frame_alloc hands out zeroed memory and nothing needs to clear
 * a frame it takes. Boot memory (frame_free_range), whose contents nobody
 * knows, is zeroed before it joins the free lists, as Xen's bootscrub
 * does. What is freed later (frame_free) does not go to the free lists but
 * to the dirty list: state FRAME_DIRTY, blocks headed and linked as on the
 * free lists, never handed out. A block leaves it only to be
 * zeroed (arch_clear_frames) and then freed into the buddy lists, merging
 * as usual: by the idle loop, which zeroes one block of at most 16 frames
 * at a time without the lock (frame_scrub_claim, _done, _finish: a CPU
 * spinning for the lock is not starved), or by frame_alloc itself when the
 * free lists cannot serve a request (scrub_one), so dirty memory is never
 * unavailable, only slower. Until freed, the block in flight stays
 * FRAME_DIRTY and counted dirty; frame_alloc may finish it itself, after
 * waiting for its zeroing, which needs no lock, to complete.
 *   - dirty_frames is the sum of the sizes of the dirty blocks;
 *   - free_frames counts free and dirty frames alike (both are memory no
 *     one holds: "free memory" to the toolstack).
 *
 * Locking: the hypervisor lock (hv/smp.h) covers the lists, the counts and
 * the state/order of every frame, all but the zeroing of the block in
 * flight and its done mark.
 */
#include <hv/arch.h>
#include <hv/errno.h>
#include <hv/frame.h>

/* frame.order of a frame that is in a block but not its head. */
#define FRAME_TAIL  0xffu

struct frame *frame_table;
mfn_t frame_table_size;

/* Dirty blocks are zeroed at most 2^SCRUB_ORDER frames (64 KiB) at a time. */
#define SCRUB_ORDER 4

static uint32_t free_head[FRAME_MAX_ORDER + 1];
static uint64_t free_frames;
static uint32_t dirty_head;             /* dirty blocks, LIFO, through next */
static uint64_t dirty_frames;

/*
 * The one block the idle loop may be zeroing without the lock
 * (frame_scrub_claim/done/finish). ticket 0: none. done: the ticket of
 * the last block whose zeroing is complete, written without the lock.
 */
static struct {
    mfn_t mfn;
    unsigned int order;
    uint64_t ticket;
    uint64_t done;
} inflight;
static uint64_t next_ticket = 1;

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
 * dirty_add - the block [@mfn, +2^@order), whose frames are neither free nor
 * dirty, joins the dirty list with its owner's fields cleared. It counts as
 * free from here.
 */
static void dirty_add(mfn_t mfn, unsigned int order)
{
    for (mfn_t i = 0; i < ((mfn_t)1 << order); i++) {
        struct frame *f = mfn_to_frame(mfn + i);

        /* The next owner starts clean (frame_free refused an owned frame). */
        f->count_info = 0;
        f->type_info = 0;
        f->linear = 0;
        f->data = 0;
    }
    block_mark(mfn, order, FRAME_DIRTY);
    mfn_to_frame(mfn)->next = dirty_head;
    dirty_head = (uint32_t)mfn;
    free_frames += (uint64_t)1 << order;
    dirty_frames += (uint64_t)1 << order;
}

/*
 * block_free - put the block [@mfn, +2^@order), just scrubbed, into the
 * free lists, merging it with its buddy as long as the buddy is a free
 * block of the same order. (Its frames are counted free already.)
 */
static void block_free(mfn_t mfn, unsigned int order)
{
    block_mark(mfn, order, FRAME_FREE);

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
    dirty_head = FRAME_NONE;
    dirty_frames = 0;
    inflight.ticket = 0;
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
 * into the largest naturally aligned blocks that fit, which are zeroed
 * (what boot memory holds is unknown) and freed, each merged with its
 * buddy where possible, so freeing a range piecewise ends in the same
 * blocks as freeing it at once.
 */
static uint64_t scrub_one(void);

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
            dirty_add(mfn, order);
            added += (uint64_t)1 << order;
            mfn += (mfn_t)1 << order;
        }
    }
    /*
     * Zeroed now, at boot, as Xen does by default: memory is clean before
     * any domain exists, and the idle loop only ever deals with what
     * domains give back. (Scrubbing all of it in the background also made
     * timing tests flaky under QEMU, where a vCPU busy scrubbing competes
     * with the others for the host's CPUs.)
     */
    while (scrub_one())
        ;
    return added;
}

/*
 * dirty_take - take the dirty block at the head of the list, splitting
 * off and putting back its upper halves until it is at most SCRUB_ORDER.
 * False if the dirty list is empty. The block stays FRAME_DIRTY (and
 * counted dirty) until scrubbed() frees it.
 */
static bool dirty_take(mfn_t *pmfn, unsigned int *porder)
{
    mfn_t mfn = dirty_head;
    unsigned int order;

    if (mfn == FRAME_NONE)
        return false;
    order = mfn_to_frame(mfn)->order;
    dirty_head = mfn_to_frame(mfn)->next;
    mfn_to_frame(mfn)->next = FRAME_NONE;
    while (order > SCRUB_ORDER) {
        mfn_t upper;

        order--;
        upper = mfn + ((mfn_t)1 << order);
        mfn_to_frame(upper)->order = (uint8_t)order;
        mfn_to_frame(upper)->next = dirty_head;
        dirty_head = (uint32_t)upper;
    }
    mfn_to_frame(mfn)->order = (uint8_t)order;
    *pmfn = mfn;
    *porder = order;
    return true;
}

/* A block dirty_take gave, now zero, joins the free lists. */
static void scrubbed(mfn_t mfn, unsigned int order)
{
    dirty_frames -= (uint64_t)1 << order;
    block_free(mfn, order);
}

/*
 * scrub_one - zero and free one dirty block, holding the lock: from the
 * list or, if that is empty, the idle loop's block in flight (once it is
 * zero, which needs no lock: wait for it). Returns the frames freed (0:
 * nothing dirty left).
 */
static uint64_t scrub_one(void)
{
    mfn_t mfn;
    unsigned int order;

    if (dirty_take(&mfn, &order)) {
        arch_clear_frames(mfn, (mfn_t)1 << order);
    } else if (inflight.ticket) {
        while (__atomic_load_n(&inflight.done, __ATOMIC_ACQUIRE) != inflight.ticket)
            arch_cpu_relax();
        mfn = inflight.mfn;
        order = inflight.order;
        inflight.ticket = 0;    /* frame_scrub_finish will find it gone */
    } else {
        return 0;
    }
    scrubbed(mfn, order);
    return (uint64_t)1 << order;
}

bool frame_scrub_claim(struct frame_scrub *s)
{
    if (inflight.ticket || !dirty_take(&inflight.mfn, &inflight.order))
        return false;
    inflight.ticket = next_ticket++;
    s->mfn = inflight.mfn;
    s->nr = (mfn_t)1 << inflight.order;
    s->ticket = inflight.ticket;
    return true;
}

void frame_scrub_done(const struct frame_scrub *s)
{
    __atomic_store_n(&inflight.done, s->ticket, __ATOMIC_RELEASE);
}

void frame_scrub_finish(const struct frame_scrub *s)
{
    /* Not if an allocation took it meanwhile (and a new claim may be out). */
    if (inflight.ticket != s->ticket)
        return;
    inflight.ticket = 0;
    scrubbed(inflight.mfn, inflight.order);
}

uint64_t frame_dirty_count(void)
{
    return dirty_frames;
}

/*
 * assign_singles - the 2^@order frames at @mfn, just taken off the free
 * lists, become that many single-frame allocations of @l's owner, each
 * holding its ownership reference, first on @l in address order. One
 * pass over the frames: populate runs it for every frame of a domain.
 */
static void assign_singles(struct frame_list *l, mfn_t mfn, unsigned int order)
{
    struct frame *f = mfn_to_frame(mfn);
    mfn_t n = (mfn_t)1 << order;
    uint16_t owner = l->owner;
    uint32_t prev = FRAME_NONE;

    for (mfn_t i = 0; i < n; i++) {
        f[i].state = FRAME_ALLOCATED;
        f[i].order = 0;
        f[i].owner = owner;
        f[i].count_info = 1;
        f[i].prev = prev;
        prev = (uint32_t)(mfn + i);
        f[i].next = prev + 1;
    }
    f[n - 1].next = l->head;
    if (l->head != FRAME_NONE)
        mfn_to_frame(l->head)->prev = prev;
    l->head = (uint32_t)mfn;
    l->nr += (uint32_t)n;
}

/*
 * alloc_block - take a block of 2^@order frames off the free lists
 * (scrubbing dirty ones if none fits), allocated as one block or, with an
 * owner's list @l, as that many single frames of that owner (each freed
 * on its own).
 */
static mfn_t alloc_block(unsigned int order, struct frame_list *l)
{
    unsigned int k;
    mfn_t mfn;

    if (order > FRAME_MAX_ORDER)
        return MFN_INVALID;
    /* Nothing clean fits: scrub dirty memory until something does. */
    for (;;) {
        for (k = order; k <= FRAME_MAX_ORDER && free_head[k] == FRAME_NONE; k++)
            ;
        if (k <= FRAME_MAX_ORDER)
            break;
        if (!scrub_one())
            return MFN_INVALID;
    }

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
    if (l)
        assign_singles(l, mfn, order);
    else
        block_mark(mfn, order, FRAME_ALLOCATED);
    free_frames -= (uint64_t)1 << order;
    return mfn;
}

mfn_t frame_alloc(unsigned int order)
{
    return alloc_block(order, NULL);
}

mfn_t frame_alloc_assign(struct frame_list *l, unsigned int order)
{
    return alloc_block(order, l);
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
    /*
     * A tail has order FRAME_TAIL, so this also refuses a frame inside a
     * block. An owned frame is on its owner's list, which the dirty list
     * would overwrite.
     */
    if (f->state != FRAME_ALLOCATED || f->order != order ||
        f->owner != DOMID_NONE)
        return -EINVAL;

    dirty_add(mfn, order);
    return 0;
}

uint64_t frame_free_count(void)
{
    return free_frames;
}

void frame_list_init(struct frame_list *l, uint16_t owner)
{
    l->head = FRAME_NONE;
    l->nr = 0;
    l->owner = owner;
}

int frame_unassign(struct frame_list *l, mfn_t mfn)
{
    struct frame *f;

    if (mfn >= frame_table_size)
        return -EINVAL;
    f = mfn_to_frame(mfn);
    if (f->state != FRAME_ALLOCATED || f->owner != l->owner)
        return -EINVAL;
    if (f->prev != FRAME_NONE)
        mfn_to_frame(f->prev)->next = f->next;
    else
        l->head = f->next;
    if (f->next != FRAME_NONE)
        mfn_to_frame(f->next)->prev = f->prev;
    f->next = f->prev = FRAME_NONE;
    f->owner = DOMID_NONE;
    l->nr--;
    return 0;
}

long frame_list_count(const struct frame_list *l)
{
    uint32_t prev = FRAME_NONE;
    long n = 0;

    /* At most nr steps: a cycle cannot keep the walk going. */
    frame_list_for_each(m, l) {
        const struct frame *f;

        if (m >= frame_table_size || n == (long)l->nr)
            return -EINVAL;
        f = mfn_to_frame(m);
        if (f->state != FRAME_ALLOCATED || f->owner != l->owner ||
            f->prev != prev)
            return -EINVAL;
        prev = (uint32_t)m;
        n++;
    }
    return n == (long)l->nr ? n : -EINVAL;
}
