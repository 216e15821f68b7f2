/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor memory in whole frames: zeroed blocks for structures and
 * tables that grow (hv/heap.h). A block of n bytes takes the smallest
 * power-of-two run of frames that holds it, straight from the frame
 * allocator; it is owned by no domain.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/frame.h>
#include <hv/heap.h>
#include <hv/lib.h>

unsigned int heap_order(size_t size)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < size)
        order++;
    return order;
}

void *heap_alloc(size_t size)
{
    unsigned int order = heap_order(size);
    mfn_t mfn = frame_alloc(order);

    /* Zero already: the frame allocator hands out nothing else (hv/frame.h). */
    return mfn == MFN_INVALID ? NULL : phys_to_virt(mfn << PAGE_SHIFT);
}

void heap_free(void *p, size_t size)
{
    if (p && frame_free(virt_to_phys(p) >> PAGE_SHIFT, heap_order(size)))
        BUG();
}

void *heap_grow(void *old, size_t old_size, size_t new_size)
{
    void *p;

    if (old && heap_order(new_size) <= heap_order(old_size))
        return old;             /* the block already holds it */
    p = heap_alloc(new_size);
    if (!p)
        return NULL;
    if (old) {
        memcpy(p, old, old_size);
        heap_free(old, old_size);
    }
    return p;
}
