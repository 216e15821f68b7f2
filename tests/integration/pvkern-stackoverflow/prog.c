/* SPDX-License-Identifier: MIT */
/*
 * pvkern-stackoverflow: deep recursion (2^30 levels of 512-byte frames,
 * far more than the stack) runs into the unmapped guard page under the
 * program's stack; pvkern must name it (see test.conf).
 */
#include <stdio.h>

static volatile long levels = 1L << 30;

static int depth(volatile char *prev)
{
    volatile char frame[512];

    if (--levels == 0)
        return 0;
    frame[0] = prev ? prev[0] + 1 : 0;
    return depth(frame) + frame[1];     /* not a tail call */
}

int main(void)
{
    printf("stackoverflow: recursing\n");
    return depth(NULL);
}
