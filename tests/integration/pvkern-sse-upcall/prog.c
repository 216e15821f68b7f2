/* SPDX-License-Identifier: MIT */
/*
 * pvkern-sse-upcall: FPU/SSE state survives event upcalls.
 *
 * The program loads a pattern into XMM0-15, then spins checking them, a
 * long time between system calls. Meanwhile the kernel side (kmod.c) takes
 * a timer event every millisecond and overwrites every XMM register and
 * MXCSR in the upcall. The check runs until at least MIN_UPCALLS upcalls
 * have come in (counted by pvkern) and the registers and MXCSR must be
 * unchanged throughout.
 *
 * Correct: no mismatch, at least MIN_UPCALLS upcalls; main returns 0 and
 * pvkern prints "Test result: SUCCESS".
 */
#include <stdint.h>
#include <stdio.h>
#include <pvkern/syscall.h>

#define MIN_UPCALLS 20
#define MAX_ROUNDS  2000
#define SPINS       20000

/* Load @pat into XMM0-15 and check them @iters times. Returns 0 if intact. */
static long sse_spin(const uint64_t pat[16], long iters)
{
    long bad;

    __asm__ volatile(".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
                     "movq 8*\\n(%[p]), %%xmm\\n\n\t"
                     ".endr\n"
                     "1:\n\t"
                     ".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
                     "movq %%xmm\\n, %%rax\n\t"
                     "cmp 8*\\n(%[p]), %%rax\n\t"
                     "jne 2f\n\t"
                     ".endr\n\t"
                     "dec %[it]\n\t"
                     "jnz 1b\n\t"
                     "xor %k[bad], %k[bad]\n\t"
                     "jmp 3f\n"
                     "2:\n\t"
                     "mov $1, %k[bad]\n"
                     "3:"
                     : [bad] "=&r"(bad), [it] "+r"(iters)
                     : [p] "r"(pat)
                     : "rax", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
                       "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
                       "xmm14", "xmm15", "cc", "memory");
    return bad;
}

static uint32_t get_mxcsr(void)
{
    uint32_t v;

    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

int main(void)
{
    uint64_t pat[16];
    long first = pvk_upcalls(), seen = 0;
    uint32_t mxcsr = get_mxcsr();

    for (int round = 0; round < MAX_ROUNDS && seen < MIN_UPCALLS; round++) {
        long before;

        for (int i = 0; i < 16; i++)
            pat[i] = 0x0101010101010101ULL * (uint64_t)(i + 1) + (uint64_t)round;
        before = pvk_upcalls();
        if (sse_spin(pat, SPINS)) {
            printf("sse-upcall: XMM registers changed in round %d\n", round);
            return 1;
        }
        /* Only upcalls that came during the checks count. */
        seen += pvk_upcalls() - before;
        if (get_mxcsr() != mxcsr) {
            printf("sse-upcall: MXCSR changed: %#x, was %#x\n", get_mxcsr(), mxcsr);
            return 1;
        }
    }
    if (seen < MIN_UPCALLS) {
        printf("sse-upcall: only %ld upcalls (of %ld in all) in the checks\n", seen,
               pvk_upcalls() - first);
        return 1;
    }
    printf("sse-upcall: %ld upcalls during the checks, registers intact\n", seen);
    return 0;
}
