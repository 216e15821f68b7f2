/* SPDX-License-Identifier: MIT */
/*
 * pvkern-sse-upcall, kernel side: a kernel timer every millisecond, run in
 * the event upcall, that overwrites all sixteen XMM registers and MXCSR's
 * rounding bits, as any kernel code compiled with SSE may. If libpv's entry
 * path did not save and restore the interrupted program's FPU/SSE state,
 * the program (prog.c) would see these values.
 */
#include <pv/pv_ops.h>
#include "pvkern.h"

#define PERIOD_NS 1000000

static struct ktimer tick;

static void clobber(struct ktimer *t)
{
    static const uint64_t junk = 0xdeadbeefdeadbeefULL;
    uint32_t mxcsr = 0x7f80;            /* round toward zero */

    __asm__ volatile(".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
                     "movq %0, %%xmm\\n\n\t"
                     ".endr\n\t"
                     "ldmxcsr %1"
                     :: "m"(junk), "m"(mxcsr)
                     : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                       "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
                       "xmm15");
    t->deadline += PERIOD_NS;
    ktimer_add(t);
}

void pvkern_test_init(void)
{
    printk("sse-upcall: a kernel timer clobbers the XMM registers every 1 ms\n");
    tick.deadline = pv_ops.time.clock_ns() + PERIOD_NS;
    tick.fn = clobber;
    ktimer_add(&tick);
}
