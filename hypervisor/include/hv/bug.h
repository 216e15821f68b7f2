/* SPDX-License-Identifier: MIT */
/* Fatal checks: panic, BUG_ON and ASSERT. */
#ifndef HV_BUG_H
#define HV_BUG_H

#include <hv/types.h>

/* panic - print the message and a backtrace, then stop the machine. */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG_ON(cond) do {                                                   \
    if (unlikely(cond))                                                     \
        panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);               \
} while (0)

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

/* ASSERT is type-checked even when compiled out (NDEBUG). */
#ifndef NDEBUG
#define ASSERT(cond) do {                                                   \
    if (unlikely(!(cond)))                                                  \
        panic("Assertion '%s' failed at %s:%d", #cond, __FILE__, __LINE__); \
} while (0)
#else
#define ASSERT(cond) do { if (0 && (cond)) {} } while (0)
#endif

#endif /* HV_BUG_H */
