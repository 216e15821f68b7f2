/* SPDX-License-Identifier: MIT */
/*
 * pvkern-nullderef: the program writes through a null pointer; pvkern must
 * report it and stop the domain with the crash code (see test.conf).
 * Reaching the end of main is a failure.
 */
#include <stdio.h>

int main(void)
{
    volatile int *p = NULL;

    printf("nullderef: writing through a null pointer\n");
    *p = 42;
    printf("nullderef: the write did not fault\n");
    return 1;
}
