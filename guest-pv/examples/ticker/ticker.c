/* SPDX-License-Identifier: MIT */
/*
 * ticker: a domain that stays up. It prints a numbered line every second
 * (or every N ms: the first argument) and echoes what is typed at its
 * console; after a count (second argument) it exits, and "crash" as the
 * third argument makes it dereference NULL instead (an on_crash test).
 * The example guest `make run` starts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pvkern/syscall.h>

int main(int argc, char **argv)
{
    long period_ms = argc > 1 ? atol(argv[1]) : 1000;
    long count = argc > 2 ? atol(argv[2]) : 0;
    int crash = argc > 3 && !strcmp(argv[3], "crash");
    char in[64];

    if (period_ms <= 0)
        period_ms = 1000;
    printf("ticker: a line every %ld ms%s; type and I echo\n", period_ms,
           count ? "" : ", for ever");
    for (long n = 1; !count || n <= count; n++) {
        ssize_t got;

        pvk_sleep_ns(period_ms * 1000000L);
        printf("tick %ld\n", n);
        while ((got = read(0, in, sizeof(in) - 1)) > 0) {
            in[got] = '\0';
            printf("ticker got: %s\n", in);
        }
    }
    if (crash) {
        printf("ticker: crashing now\n");
        fflush(stdout);
        *(volatile int *)0 = 1;
    }
    printf("ticker: done\n");
    return 0;
}
