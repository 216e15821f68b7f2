/* SPDX-License-Identifier: MIT */
/*
 * Kernel entry: the saved context of an exception, a user `syscall` or an
 * event upcall, and the hooks that handle them.
 *
 * libpv's entry stubs (lib/entry.S) turn the hypervisor's bounce frame into
 * a struct pv_frame, save the FPU/SSE state, call the kernel's hook for the
 * kind of entry, restore the FPU/SSE state and resume the (possibly
 * changed) frame through HYPERVISOR_iret. A kernel installs the stubs with
 * pv_entry_init() and its hooks with pv_entry_hooks.
 */
#ifndef PV_FRAME_H
#define PV_FRAME_H

/* frame.vector for entries that are not exceptions. */
#define PV_VEC_SYSCALL  0x100   /* `syscall` from user mode. */
#define PV_VEC_EVENT    0x101   /* Event upcall. */

/* Exception vectors the kernel cares about by name. */
#define PV_VEC_DE   0
#define PV_VEC_DB   1
#define PV_VEC_BP   3
#define PV_VEC_UD   6
#define PV_VEC_NM   7
#define PV_VEC_DF   8
#define PV_VEC_GP   13
#define PV_VEC_PF   14
#define PV_VEC_MF   16
#define PV_VEC_XM   19

/* #PF error code bits. */
#define PV_PF_PRESENT   (1U << 0)
#define PV_PF_WRITE     (1U << 1)
#define PV_PF_USER      (1U << 2)
#define PV_PF_FETCH     (1U << 4)

#ifndef __ASSEMBLER__
#include <pv/defs.h>

/*
 * pv_frame - the interrupted context, lowest address first. From rip on
 * it is the hypervisor's frame (PV-ABI: RIP, CS, RFLAGS, RSP, SS); the CS
 * word carries the saved event mask in bits 32-39 and has RPL 3 when user
 * mode was interrupted.
 */
struct pv_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;            /* 0-31, PV_VEC_SYSCALL or PV_VEC_EVENT. */
    /*
     * In: the exception's error code (0 if none or not an exception).
     * Out, for a syscall hook only: 0 to return by IRETQ (every register
     * restored) or PV_RETURN_SYSRET (faster; RCX and R11 are lost, as
     * after any `syscall`). Other entries always return by IRETQ.
     */
    uint64_t error_code;
    uint64_t rip;
    uint64_t cs;
    uint64_t rflags;
    uint64_t rsp;
    uint64_t ss;
};

#define PV_RETURN_SYSRET    (1ULL << 8)     /* VGCF_in_syscall */

/* pv_frame_from_user - true if the frame interrupted user mode. */
static inline bool pv_frame_from_user(const struct pv_frame *f)
{
    return (f->cs & 3) == 3;
}

typedef void (*pv_entry_hook_t)(struct pv_frame *f);

/*
 * The kernel's handlers. exception: vectors 0-31 (frame.error_code valid);
 * syscall: a user `syscall` (RAX and the argument registers are the
 * user's; the hook writes the result into frame.rax); event: an upcall
 * (events are masked while it runs; the iret unmasks them again). An entry
 * whose hook is NULL stops the domain with a crash report.
 */
struct pv_entry_hooks {
    pv_entry_hook_t exception;
    pv_entry_hook_t syscall;
    pv_entry_hook_t event;
};

extern struct pv_entry_hooks pv_entry_hooks;

/*
 * pv_entry_init - install libpv's stubs through pv_ops (exception table,
 * syscall and event entry points) and, if @kernel_sp is not 0, the stack
 * user-to-kernel entries use. Returns 0 or the first error.
 */
PV_MUST_CHECK long pv_entry_init(uint64_t kernel_sp);

/*
 * pv_enter_user - leave for user mode at @rip with stack @rsp and every
 * general register 0 but RDI = @arg; events enabled. Returns only when a
 * hook calls pv_user_return(value): then with that value.
 */
long pv_enter_user(uint64_t rip, uint64_t rsp, uint64_t arg);

/*
 * pv_user_return - from a hook (in kernel mode), abandon the user context
 * and return @value from pv_enter_user(). The hook's frame is dropped.
 */
PV_NORETURN void pv_user_return(long value);

/* pv_vector_name - "#PF" etc. */
const char *pv_vector_name(uint64_t vector);
#endif /* !__ASSEMBLER__ */

#endif /* PV_FRAME_H */
