/* SPDX-License-Identifier: MIT */
/*
 * Hypercall handlers and dispatch. Every handler is hc_<name>() with its
 * arguments as raw 64-bit register values; it decodes and checks them all
 * before changing any state, and returns 0 or more, or a negative Xen errno.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/types.h>
#include <hv/percpu.h>

#define NR_HYPERCALLS   64

#define HC_PARAMS0 void
#define HC_PARAMS1 uint64_t
#define HC_PARAMS2 uint64_t, uint64_t
#define HC_PARAMS3 uint64_t, uint64_t, uint64_t
#define HC_PARAMS4 uint64_t, uint64_t, uint64_t, uint64_t
#define HC_PARAMS5 uint64_t, uint64_t, uint64_t, uint64_t, uint64_t

#define HYPERCALL(nr, name, n) long hc_##name(HC_PARAMS##n);
#include <hv/hypercall.def>
#undef HYPERCALL

/*
 * hypercall_do - run hypercall @nr with @args (5 values; a handler that
 * preempts itself may rewrite them, see below).
 * Returns the handler's result, or -ENOSYS for an unknown number.
 */
long hypercall_do(uint64_t nr, uint64_t args[5]);

/* The syscall path's table: trampolines that take the arguments from the frame. */
struct cpu_regs;
typedef long (*hc_regs_call_t)(const struct cpu_regs *regs);
extern const hc_regs_call_t hypercall_regs_table[NR_HYPERCALLS];

/*
 * hypercall_guest_unknown - an empty slot or a number past the table:
 * -ENOSYS, logged once.
 */
long hypercall_guest_unknown(const struct cpu_regs *regs, uint64_t nr);

/* hypercall_note_preempted - log (debug) that hypercall @nr preempted itself. */
void hypercall_note_preempted(uint64_t nr);

/*
 * hypercall_guest_call - run hypercall @nr, which a guest's syscall asked
 * for with the registers of @regs, on CPU @p (this one). Returns the
 * handler's result for RAX, unless p->hc_preempted says the handler
 * preempted itself: then the registers hold its continuation and RIP is
 * wound back onto the syscall, which the guest runs again (Xen's
 * protocol), and RAX must keep the number. Inline: it is the syscall
 * path's dispatch (the null hypercall's count matters).
 */
static inline long hypercall_guest_call(struct pcpu *p, const struct cpu_regs *regs,
                                        uint64_t nr)
{
    /* (hc_mc_args is cleared by run(): a crashed multicall never returns.) */
    p->hc_flags = 0;
    if (likely(nr < NR_HYPERCALLS && hypercall_regs_table[nr]))
        return hypercall_regs_table[nr](regs);
    return hypercall_guest_unknown(regs, nr);
}

/*
 * Preemption. Interrupts are off in the hypervisor, so a long hypercall
 * (big batches, console floods, multicalls) stops after a time budget:
 * hypercall_preempt_check() says when; the handler then calls
 * hypercall_continue() with the arguments it wants to be called with next
 * time and returns (its return value is not seen by the guest). Inside a
 * multicall the new arguments go into the multicall entry, and the
 * multicall preempts itself at that entry.
 */
bool hypercall_preempt_check(void);
void hypercall_continue(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                        uint64_t a5);

/* The multicall's part in preemption (core/multicall.c). */
/* Per CPU (a lock-free hypercall may run beside a locked one elsewhere). */
#define hypercall_mc_args (this_pcpu()->hc_mc_args)    /* non-NULL inside a multicall */
#define hypercall_preempted (this_pcpu()->hc_preempted)

#endif /* HV_HYPERCALL_H */
