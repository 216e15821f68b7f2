/* SPDX-License-Identifier: MIT */
/*
 * Freestanding C library subset: strings, memory and formatted output.
 * Implemented in hypervisor/lib/; host unit tests use the C library's own.
 */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <hv/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/*
 * strlcpy - copy a string into a buffer of @size bytes, always terminated.
 * Returns strlen(@src): a result >= @size means the copy was truncated.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * parse_u64 - parse an unsigned number: decimal, 0x hex, with an optional
 * K/M/G suffix (binary multiples). @end receives the first unparsed char.
 * Returns 0, or -EINVAL if there is no digit, -ERANGE on overflow.
 */
int parse_u64(const char *s, const char **end, uint64_t *out) __must_check;

#endif /* HV_LIB_H */
