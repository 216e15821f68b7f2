/* SPDX-License-Identifier: MIT */
/*
 * bench: the PV-versus-native workloads of `make bench` (scripts/bench-pv.sh
 * runs this image natively, on pvisor and on Xen 4.17, all under QEMU's
 * -icount shift=0, where a TSC difference counts instructions).
 *
 *   pv_compute           a compute loop that never enters the kernel
 *   pv_pagefault         touching new heap pages: each is a page fault that
 *                        pvkern answers by mapping the page
 *   pv_syscall           a null system call (getpid) from user mode
 *   pv_addrspace_switch  a system call that switches to the other of two
 *                        address spaces and returns to user mode there, as
 *                        a ping-pong between two processes does
 *
 * Each prints "BENCH-PV name=<id> instr=<total> ops=<n>"; the script divides.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <pvkern/syscall.h>

#define COMPUTE_ITERS   2000000
#define FAULT_PAGES     2048
#define SYSCALLS        10000
#define SWITCHES        2000

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

static void report(const char *name, uint64_t t0, uint64_t t1, long ops)
{
    printf("BENCH-PV name=%s instr=%llu ops=%ld\n", name, (unsigned long long)(t1 - t0), ops);
}

int main(void)
{
    volatile uint64_t sink;
    uint64_t x = 88172645463325252ULL, t0, t1;
    uint8_t *heap;

    t0 = rdtsc();
    for (long i = 0; i < COMPUTE_ITERS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    t1 = rdtsc();
    sink = x;
    report("pv_compute", t0, t1, 1);

    heap = sbrk(FAULT_PAGES * 4096L);
    if (heap == (void *)-1) {
        printf("bench: sbrk failed\n");
        return 1;
    }
    t0 = rdtsc();
    for (long i = 0; i < FAULT_PAGES; i++)
        heap[i * 4096] = 1;
    t1 = rdtsc();
    report("pv_pagefault", t0, t1, FAULT_PAGES);

    t0 = rdtsc();
    for (long i = 0; i < SYSCALLS; i++)
        sink = getpid();
    t1 = rdtsc();
    report("pv_syscall", t0, t1, SYSCALLS);

    t0 = rdtsc();
    for (long i = 0; i < SWITCHES; i++)
        pvk_syscall(PVK_SYS_switch_space, 0, 0, 0);
    t1 = rdtsc();
    report("pv_addrspace_switch", t0, t1, SWITCHES);
    (void)sink;
    printf("bench: done (%ld page faults taken)\n", pvk_faults());
    return 0;
}
