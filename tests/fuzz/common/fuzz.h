/* SPDX-License-Identifier: MIT */
/*
 * Host fuzzers: what every harness shares. A harness defines
 * LLVMFuzzerTestOneInput() over one parser and states, with FUZZ_CHECK(),
 * what must hold of every answer (not only "no crash"): a violation aborts,
 * so libFuzzer keeps the input as a crasher.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do {                                               \
    if (!(cond)) {                                                          \
        fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__,         \
                __LINE__, #cond);                                           \
        abort();                                                            \
    }                                                                       \
} while (0)

/* fuzz_terminated - is @s NUL-terminated within its @size bytes? */
static inline int fuzz_terminated(const char *s, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (!s[i])
            return 1;
    return 0;
}

#endif /* FUZZ_H */
