/* SPDX-License-Identifier: MIT */
/*
 * Stubs for the rest of the hypervisor when one source file is built for
 * the host: printk keeps the last line, panic aborts. Shared by the unit
 * tests and the fuzzers (tests/fuzz), so it holds no CUnit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/bug.h>
#include <hv/console.h>

char harness_last_log[512];
int harness_panics;

void vprintk(int level, const char *fmt, va_list ap)
{
    (void)level;
    vsnprintf(harness_last_log, sizeof(harness_last_log), fmt, ap);
}

void printk(int level, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(level, fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "panic: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

#if !defined(__GLIBC__) || __GLIBC__ < 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ < 38)
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
#endif

