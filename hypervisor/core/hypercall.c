/* SPDX-License-Identifier: MIT */
/* Hypercall dispatch: the table generated from hv/hypercall.def. */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/arch.h>
#include <hv/hypercall.h>
#include <asm/pv.h>
#include <asm/regs.h>

#define HC_ARGS0(a)
#define HC_ARGS1(a) a[0]
#define HC_ARGS2(a) a[0], a[1]
#define HC_ARGS3(a) a[0], a[1], a[2]
#define HC_ARGS4(a) a[0], a[1], a[2], a[3]
#define HC_ARGS5(a) a[0], a[1], a[2], a[3], a[4]

/* The same from a guest's register frame (RDI RSI RDX R10 R8). */
#define HC_REGS0(r)
#define HC_REGS1(r) r->rdi
#define HC_REGS2(r) r->rdi, r->rsi
#define HC_REGS3(r) r->rdi, r->rsi, r->rdx
#define HC_REGS4(r) r->rdi, r->rsi, r->rdx, r->r10
#define HC_REGS5(r) r->rdi, r->rsi, r->rdx, r->r10, r->r8

typedef long (*hc_call_t)(const uint64_t *args);

/*
 * Time a hypercall may run before it preempts itself: 1 ms of TSC, counted
 * from its first preemption check (so the null hypercall pays nothing).
 */
static uint64_t hc_budget;
static uint64_t preemptions;         /* logged at debug level */

/* One trampoline per hypercall: unpacks the registers it takes. */
#define HYPERCALL(nr, name, n)                                          \
    static long call_##name(const uint64_t *a)                          \
    {                                                                   \
        (void)a;                                                        \
        return hc_##name(HC_ARGS##n(a));                                \
    }
#include <hv/hypercall.def>
#undef HYPERCALL

static const hc_call_t hypercall_table[NR_HYPERCALLS] = {
#define HYPERCALL(nr, name, n) [nr] = call_##name,
#include <hv/hypercall.def>
#undef HYPERCALL
};

/*
 * A second set of trampolines for the syscall path: arguments straight
 * from the register frame, no copy (the null hypercall's cost matters).
 */
#define HYPERCALL(nr, name, n)                                          \
    static long regs_##name(const struct cpu_regs *r)                   \
    {                                                                   \
        (void)r;                                                        \
        return hc_##name(HC_REGS##n(r));                                \
    }
#include <hv/hypercall.def>
#undef HYPERCALL

const hc_regs_call_t hypercall_regs_table[NR_HYPERCALLS] = {
#define HYPERCALL(nr, name, n) [nr] = regs_##name,
#include <hv/hypercall.def>
#undef HYPERCALL
};

/* Unknown numbers are logged once each, so a guest cannot flood the log. */
static uint64_t unknown_logged;

bool hypercall_preempt_check(void)
{
    struct pcpu *p = this_pcpu();

    if (!p->hc_started) {
        p->hc_started = true;
        p->hc_start = arch_read_cycles();
        if (!hc_budget)
            hc_budget = arch_tsc_khz() ? arch_tsc_khz() : 1000000;
        return false;
    }
    return arch_read_cycles() - p->hc_start > hc_budget;
}

void hypercall_continue(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                        uint64_t a5)
{
    uint64_t *dst = hypercall_mc_args;
    struct cpu_regs *regs = guest_regs();

    hypercall_preempted = true;
    preemptions++;
    if (dst) {                  /* inside a multicall: into the entry */
        dst[0] = a1, dst[1] = a2, dst[2] = a3, dst[3] = a4, dst[4] = a5;
        return;
    }
    regs->rdi = a1, regs->rsi = a2, regs->rdx = a3, regs->r10 = a4, regs->r8 = a5;
    regs->rip -= 2;             /* run the syscall again */
}

long hypercall_guest_unknown(const struct cpu_regs *regs, uint64_t nr)
{
    uint64_t args[5] = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8 };

    return hypercall_do(nr, args);
}

void hypercall_note_preempted(uint64_t nr)
{
    printk(LOG_DEBUG, "d%u: hypercall %llu preempted (%llu so far)",
           current->domain->domid, (unsigned long long)nr,
           (unsigned long long)preemptions);
}

long hypercall_do(uint64_t nr, uint64_t args[5])
{
    if (nr < NR_HYPERCALLS && hypercall_table[nr])
        return hypercall_table[nr](args);
    if (nr < 64 && !(unknown_logged & (1ULL << nr))) {
        unknown_logged |= 1ULL << nr;
        printk(LOG_WARN, "d%u: hypercall %llu not implemented (-ENOSYS)",
               current ? current->domain->domid : 0, (unsigned long long)nr);
    }
    return -ENOSYS;
}
