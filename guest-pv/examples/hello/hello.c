/* SPDX-License-Identifier: MIT */
/*
 * hello: the smallest pvkern program. It runs in user mode in a PV domain
 * (on pvisor or Xen); printf goes through newlib, the write() system call
 * and pvkern's console.
 */
#include <stdio.h>

int main(void)
{
    printf("Hello from a pvkern program, in user mode in a PV domain.\n");
    return 0;
}
