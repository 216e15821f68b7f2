/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor memory in whole frames (core/heap.c): zeroed blocks for
 * structures, and tables that grow by moving to a bigger block. Under the
 * hypervisor lock, as the frame allocator.
 */
#ifndef HV_HEAP_H
#define HV_HEAP_H

#include <hv/types.h>

/* heap_order - the buddy order of the block that holds @size bytes. */
unsigned int heap_order(size_t size);

/* heap_alloc - a zeroed block of at least @size bytes, or NULL. */
void *heap_alloc(size_t size);

/* heap_free - give back @p (NULL: nothing), allocated for @size bytes. */
void heap_free(void *p, size_t size);

/*
 * heap_grow - a block for @new_size bytes holding the @old_size bytes of
 * @old (NULL: none): @old itself if its block is big enough, else a new
 * zeroed one with them copied in, and @old freed. NULL without memory
 * (then @old is untouched).
 */
void *heap_grow(void *old, size_t old_size, size_t new_size);

#endif /* HV_HEAP_H */
