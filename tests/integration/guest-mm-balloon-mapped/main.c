// SPDX-License-Identifier: MIT
/*
 * guest-mm-balloon-mapped: frames given back while still mapped writable
 * count against the domain until the last mapping goes; so, at its limit,
 * a guest cannot hold more distinct live frames than its maximum
 * reservation by ballooning mapped frames out and new ones in.
 */
#include "../lib/hypercall.h"
#include "../lib/pt.h"
#include "../lib/test.h"
#include <public/memory.h>

TEST_TITLE("frames given back while mapped still count against the limit");

#define ROUNDS 12       /* windows kept mapped (PT_WINDOWS is 16) */

static long reservation(unsigned int op, uint64_t *mfn)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)(uintptr_t)mfn, .nr_extents = 1,
        .extent_order = 0, .domid = DOMID_SELF,
    };

    return HYPERVISOR_memory_op(op, &r);
}

void test_main(void)
{
    domid_t self = DOMID_SELF;
    long cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    long max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self);
    uint64_t mfn = pt_alloc_frame();
    volatile uint64_t *w[ROUNDS];
    unsigned int extra = 0;

    printf("current %ld, maximum %ld pages\n", cur, max);
    for (unsigned int i = 0; i < ROUNDS; i++) {
        uint64_t m = mfn;
        long rc;

        w[i] = pt_map(mfn, PTE_RW);
        if (!w[i])
            test_result(TEST_ERROR, "cannot map frame %#llx", (unsigned long long)mfn);
        w[i][0] = 0x1000 + i;
        rc = reservation(XENMEM_decrease_reservation, &m);
        if (rc != 1)
            break;              /* refusing a mapped frame is fine too */
        m = 0;
        rc = reservation(XENMEM_increase_reservation, &m);
        if (rc != 1)
            break;              /* at the limit: correct */
        extra++;
        mfn = m;
    }
    /* Every frame handed out is still live behind its window. */
    for (unsigned int i = 0; i < extra; i++)
        CHECK_EQ(w[i][0], 0x1000 + i, "a window's contents");
    cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    printf("%u frames held beyond the reservation; current %ld, maximum %ld\n",
           extra, cur, max);
    CHECK(cur + (long)extra <= max,
          "the domain holds %ld live frames (%ld counted + %u given back but "
          "still mapped), more than its maximum %ld",
          cur + (long)extra, cur, extra, max);
}
