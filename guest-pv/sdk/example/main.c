/* SPDX-License-Identifier: MIT */
/*
 * sdk-hello: a program built outside the pvisor tree, from the installed
 * SDK alone (Makefile beside it). It uses newlib and a pvkern call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <pvkern/syscall.h>

int main(void)
{
    char *s = malloc(64);

    if (!s)
        return 1;
    snprintf(s, 64, "built out of tree, %ld upcalls so far", pvk_upcalls());
    printf("sdk-hello: %s\n", s);
    free(s);
    return 0;
}
