/* SPDX-License-Identifier: MIT */
/*
 * pvkern-workload: a deterministic workload whose printed results must be
 * the same whichever pv_ops the kernel chose: PV on pvisor, PV on Xen 4.17,
 * native on bare QEMU (scripts/test-native.sh compares the "workload:"
 * lines of the three runs).
 *
 * It sorts pseudo-random numbers, hashes a few MiB of heap written page by
 * page (the heap grows by page faults under pvkern), formats doubles, and
 * crosses into the kernel many times (system calls, each a round trip
 * through the entry path). Nothing it prints depends on time or addresses.
 *
 * Correct: the checksums below and "Test result: SUCCESS".
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_SORT      20000
#define HEAP_BYTES  (4 * 1024 * 1024)
#define N_SYSCALLS  2000

static uint32_t rng = 12345;

static uint32_t next(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 1;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static int cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

int main(void)
{
    uint32_t *v = malloc(N_SORT * sizeof(*v));
    uint8_t *heap = malloc(HEAP_BYTES);
    uint64_t h = 0xcbf29ce484222325ULL;
    double acc = 0;
    long pids = 0;

    if (!v || !heap) {
        printf("workload: out of memory\n");
        return 1;
    }
    for (int i = 0; i < N_SORT; i++)
        v[i] = next();
    qsort(v, N_SORT, sizeof(*v), cmp);
    printf("workload: sort min %u median %u max %u hash %016llx\n", v[0], v[N_SORT / 2],
           v[N_SORT - 1], (unsigned long long)fnv(h, v, N_SORT * sizeof(*v)));

    for (size_t off = 0; off < HEAP_BYTES; off += 4096)
        memset(heap + off, (int)(off >> 12), 4096);
    printf("workload: heap %d KiB hash %016llx\n", HEAP_BYTES / 1024,
           (unsigned long long)fnv(h, heap, HEAP_BYTES));

    for (int i = 1; i <= 100000; i++)
        acc += sqrt((double)i) / i;
    printf("workload: float %.9f %.3e\n", acc, exp(acc / 100));

    for (int i = 0; i < N_SYSCALLS; i++)
        pids += getpid();
    printf("workload: %d system calls, pid sum %ld\n", N_SYSCALLS, pids);
    return 0;
}
