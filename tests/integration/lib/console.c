/* SPDX-License-Identifier: MIT */
/* Test-guest console: formatted output through console_io. */
#include "test.h"

long console_write(const char *buf, unsigned int len)
{
    return HYPERVISOR_console_io(CONSOLEIO_write, len, buf);
}

int vprintf(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    unsigned int len = n < 0 ? 0 : MIN((unsigned int)n, sizeof(buf) - 1);

    console_write(buf, len);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
