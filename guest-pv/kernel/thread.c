/* SPDX-License-Identifier: MIT */
/*
 * pvkern cooperative kernel threads: a round-robin list, switched only
 * when a thread yields (or sleeps, time.c), each with its own stack and
 * FPU/SSE state (switch.S saves and restores it, so SSE code in one thread
 * never sees another's registers). The boot line, which also runs the
 * program, is thread 0. Threads are never preempted: events run on the
 * current thread's stack and return to it.
 */
#include <string.h>
#include <pv/pv_ops.h>
#include "pvkern.h"

#define THREAD_STACK_PAGES 4

struct thread {
    uint8_t fpu[512] PV_ALIGNED(16);    /* fxsave area while switched out */
    uint64_t sp;                        /* RSP while switched out */
    bool done;
    const char *name;
    struct thread *next;                /* circular list, in creation order */
};

static struct thread boot_thread = { .name = "boot" };
static struct thread *current_thread = &boot_thread;

void thread_switch(uint64_t *from_sp, uint64_t to_sp, void *from_fpu, void *to_fpu);
void thread_first_run(void);
PV_NORETURN void thread_main(void (*fn)(void *), void *arg);

/* The next thread that has not finished, or NULL if only the current one is left. */
static struct thread *next_runnable(void)
{
    for (struct thread *t = current_thread->next; t && t != current_thread; t = t->next)
        if (!t->done)
            return t;
    return NULL;
}

bool thread_others_runnable(void)
{
    return next_runnable() != NULL;
}

void thread_yield(void)
{
    struct thread *from = current_thread, *to = next_runnable();

    if (!to)
        return;
    current_thread = to;
    thread_switch(&from->sp, to->sp, from->fpu, to->fpu);
}

void thread_main(void (*fn)(void *), void *arg)
{
    fn(arg);
    current_thread->done = true;
    thread_yield();
    panic("finished thread '%s' resumed", current_thread->name);
}

void thread_create(const char *name, void (*fn)(void *), void *arg)
{
    struct thread *t = mm_alloc_page();
    uint8_t *stack = mm_alloc_page();
    uint64_t *sp;

    /* The pages are consecutive, from the top down: the stack ends below t. */
    for (int i = 1; i < THREAD_STACK_PAGES; i++)
        stack = mm_alloc_page();
    sp = (uint64_t *)(stack + THREAD_STACK_PAGES * PV_PAGE_SIZE);
    if ((void *)sp != (void *)t)
        panic("thread stack pages are not contiguous");
    /*
     * As thread_switch leaves a stack: r15 r14 r13 r12 rbx rbp, return
     * address. After its ret RSP is the page-aligned top, as the call in
     * thread_first_run wants it.
     */
    *--sp = (uint64_t)(uintptr_t)thread_first_run;
    *--sp = 0;                                  /* rbp */
    *--sp = 0;                                  /* rbx */
    *--sp = (uint64_t)(uintptr_t)fn;            /* r12 */
    *--sp = (uint64_t)(uintptr_t)arg;           /* r13 */
    *--sp = 0;                                  /* r14 */
    *--sp = 0;                                  /* r15 */
    t->sp = (uint64_t)(uintptr_t)sp;
    t->name = name;
    /* A fresh FPU state: the current one with default control words is close enough. */
    __asm__ volatile("fxsave64 %0" : "=m"(t->fpu));
    memset(t->fpu + 160, 0, 256);               /* XMM0-15 */
    t->next = current_thread->next ? current_thread->next : current_thread;
    current_thread->next = t;
}
