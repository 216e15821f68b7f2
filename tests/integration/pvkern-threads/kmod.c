/* SPDX-License-Identifier: MIT */
/*
 * pvkern-threads: cooperative kernel threads keep their own FPU/SSE state
 * across context switches, and a sleeping thread lets the others run.
 *
 * Three threads besides the boot line: "down" and "up" each set their own
 * SSE rounding mode (MXCSR, which the C ABI says a function must preserve)
 * and x87 precision, then yield ROUNDS times, checking after each switch
 * that their control words are still theirs and that 1/3 still rounds
 * their way (down < up). "sleeper" sleeps 3 times 2 ms meanwhile. The boot
 * line yields until all have finished, then checks its own MXCSR is the
 * default.
 *
 * Correct: every check passes, the sleeper wakes 3 times while the others
 * keep switching; "Test result: SUCCESS" (pvisor, Xen 4.17 and native).
 */
#include <pv/pv_ops.h>
#include "pvkern.h"

#define ROUNDS          200
#define MXCSR_DEFAULT   0x1f80
#define MXCSR_DOWN      (MXCSR_DEFAULT | 1 << 13)
#define MXCSR_UP        (MXCSR_DEFAULT | 2 << 13)

struct worker {
    const char *name;
    uint32_t mxcsr;
    uint16_t fpucw;
    volatile double result;
};

static struct worker down = { .name = "down", .mxcsr = MXCSR_DOWN, .fpucw = 0x007f };
static struct worker up = { .name = "up", .mxcsr = MXCSR_UP, .fpucw = 0x037f };
static volatile unsigned int switches, sleeps;
static int verdict;

/* MXCSR's control bits (the low six are sticky exception flags: 1/3 sets PE). */
static uint32_t get_mxcsr(void)
{
    uint32_t v;

    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v & ~0x3fU;
}

static uint16_t get_fpucw(void)
{
    uint16_t v;

    __asm__ volatile("fnstcw %0" : "=m"(v));
    return v;
}

static void work(void *arg)
{
    struct worker *w = arg;
    volatile double one = 1.0, three = 3.0;

    __asm__ volatile("ldmxcsr %0" ::"m"(w->mxcsr));
    __asm__ volatile("fldcw %0" ::"m"(w->fpucw));
    for (int i = 0; i < ROUNDS; i++) {
        thread_yield();
        switches++;
        if (get_mxcsr() != w->mxcsr || get_fpucw() != w->fpucw) {
            printk("threads: FAIL: %s: MXCSR %#x x87 CW %#x after a switch, expected %#x %#x\n",
                   w->name, get_mxcsr(), get_fpucw(), w->mxcsr, w->fpucw);
            verdict = 1;
            return;
        }
        w->result = one / three;
    }
}

static void sleeper(void *arg)
{
    for (int i = 0; i < 3; i++) {
        sleep_ns(2000000);
        sleeps++;
    }
}

void pvkern_test_init(void)
{
    thread_create("down", work, &down);
    thread_create("up", work, &up);
    thread_create("sleeper", sleeper, NULL);
    while (thread_others_runnable())
        thread_yield();
    if (!verdict && !(down.result < up.result)) {
        printk("threads: FAIL: 1/3 rounded down %.20f is not below rounded up %.20f\n",
               down.result, up.result);
        verdict = 1;
    }
    if (!verdict && get_mxcsr() != MXCSR_DEFAULT) {
        printk("threads: FAIL: boot line MXCSR %#x\n", get_mxcsr());
        verdict = 1;
    }
    if (!verdict && sleeps != 3) {
        printk("threads: FAIL: the sleeper woke %u times\n", sleeps);
        verdict = 1;
    }
    if (!verdict)
        printk("threads: %u switches, FPU/SSE control state kept per thread, "
               "sleeper woke %u times\n", switches, sleeps);
}

int pvkern_test_result(int status)
{
    return status ? status : verdict;
}
