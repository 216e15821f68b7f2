/* SPDX-License-Identifier: MIT */
/*
 * pvkern-newlib: newlib's everyday functions work in a program running in
 * user mode under pvkern: printf and snprintf (integers, strings, doubles),
 * malloc/realloc/free (sbrk through pvkern), qsort, strtol, time and
 * gettimeofday (pvkern's wallclock + pvclock), clock (times()), and the
 * program really is in the user half of the address space.
 *
 * Correct: every check passes, main returns 0 and pvkern prints
 * "Test result: SUCCESS" (a failed check prints FAIL and returns 1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

static int failures;

#define CHECK(cond, ...) do {                                   \
        if (!(cond)) {                                          \
            printf("FAIL: %s: ", #cond);                        \
            printf(__VA_ARGS__);                                \
            printf("\n");                                       \
            failures++;                                         \
        }                                                       \
    } while (0)

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

int main(void)
{
    char buf[128];
    int *v, n = 1000;
    long sum = 0;
    struct timeval tv;
    time_t t;
    char *end;

    /* In user mode: code and stack in the low half, where pvkern maps programs. */
    CHECK((uintptr_t)main < 0x8000000000UL, "main at %p", (void *)main);
    CHECK((uintptr_t)buf < 0x8000000000UL, "stack at %p", (void *)buf);

    snprintf(buf, sizeof(buf), "%d %s %05.2f %x %lld", 42, "pv", 3.14159, 0xbeefu,
             -1234567890123LL);
    CHECK(!strcmp(buf, "42 pv 03.14 beef -1234567890123"), "snprintf gave \"%s\"", buf);

    CHECK(strtol("-0x7fff", &end, 16) == -0x7fff && *end == 0, "strtol hex");
    CHECK(strtol("  123abc", &end, 10) == 123 && !strcmp(end, "abc"), "strtol dec");

    v = malloc(n * sizeof(*v));
    CHECK(v != NULL, "malloc(%zu)", n * sizeof(*v));
    if (!v)
        return 1;
    for (int i = 0; i < n; i++)
        v[i] = (i * 7919) % n;          /* a permutation of 0..n-1 */
    qsort(v, n, sizeof(*v), cmp_int);
    for (int i = 0; i < n; i++) {
        CHECK(v[i] == i, "v[%d] = %d after qsort", i, v[i]);
        if (v[i] != i)
            break;
        sum += v[i];
    }
    CHECK(sum == (long)n * (n - 1) / 2, "sum %ld", sum);
    v = realloc(v, 4 * 1024 * 1024);    /* past the first heap pages */
    CHECK(v != NULL && v[n - 1] == n - 1, "realloc to 4 MiB");
    memset(v, 0x5a, 4 * 1024 * 1024);
    free(v);

    /*
     * time() and gettimeofday() agree, and time moves on. The date itself
     * is whatever the hypervisor's wallclock says: Xen sets it from the
     * RTC, pvisor leaves it at 0 (1970) for now, so it is printed, not
     * checked.
     */
    t = time(NULL);
    CHECK(gettimeofday(&tv, NULL) == 0, "gettimeofday");
    CHECK(tv.tv_sec >= t && tv.tv_sec <= t + 1, "time %lld, gettimeofday %lld",
          (long long)t, (long long)tv.tv_sec);
    printf("newlib: time() = %lld\n", (long long)t);
    clock_t c0 = clock();
    struct timeval tv2;

    do
        gettimeofday(&tv2, NULL);
    while (tv2.tv_sec == tv.tv_sec && tv2.tv_usec == tv.tv_usec);
    CHECK(c0 != (clock_t)-1 && clock() >= c0, "clock %ld then %ld", (long)c0, (long)clock());

    if (failures) {
        printf("newlib: %d check(s) failed\n", failures);
        return 1;
    }
    printf("newlib: all checks passed\n");
    return 0;
}
