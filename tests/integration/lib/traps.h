/* SPDX-License-Identifier: MIT */
/*
 * Test-guest exceptions: the virtual IDT, per-vector handlers, fixups and
 * the record of the last fault.
 *
 * Every vector 0-31 has a stub (entry.S) that turns the hypervisor's bounce
 * frame into a struct trap_frame and calls trap_dispatch(). A vector's
 * handler (trap_set_handler) sees the frame first and may change it (RIP,
 * registers) before the return through HYPERVISOR_iret. Without a handler,
 * a fault at an address listed in the fixup table (EXTABLE) is recorded in
 * last_fault and resumes at the fixup address. Anything else is an
 * unexpected exception: a register dump and "Test result: FAILURE".
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

/* Pseudo-vector of the syscall callback (a `syscall` from guest user mode). */
#define TRAP_SYSCALL    256
#define TRAP_NR         257

/* Exception vectors. */
#define TRAP_DE   0
#define TRAP_DB   1
#define TRAP_NMI  2
#define TRAP_BP   3
#define TRAP_OF   4
#define TRAP_BR   5
#define TRAP_UD   6
#define TRAP_NM   7
#define TRAP_DF   8
#define TRAP_TS   10
#define TRAP_NP   11
#define TRAP_SS   12
#define TRAP_GP   13
#define TRAP_PF   14
#define TRAP_MF   16
#define TRAP_AC   17
#define TRAP_MC   18
#define TRAP_XM   19
#define TRAP_VE   20
#define TRAP_CP   21
#define TRAP_VC   29
#define TRAP_SX   30

#ifdef __ASSEMBLER__
/*
 * FRAME_CALL_RESUME fn: RSP at the vector slot of a partial trap_frame:
 * push the general registers (completing the frame), call fn(frame) on a
 * 16-byte aligned stack, then resume the frame through trap_resume.
 */
.macro FRAME_CALL_RESUME fn
    push    %rax
    push    %rbx
    push    %rcx
    push    %rdx
    push    %rsi
    push    %rdi
    push    %rbp
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, %rdi
    mov     %rsp, %rbx              /* callee-saved: the frame */
    and     $~15, %rsp
    cld
    call    \fn
    mov     %rbx, %rsp
    jmp     trap_resume
.endm

#define EXTABLE(fault, fixup)           \
    .pushsection .ex_table, "a";        \
    .balign 8;                          \
    .quad fault, fixup;                 \
    .popsection
#else

#include <stdbool.h>
#include <stdint.h>

/*
 * EXTABLE(fault, fixup) - inside an asm string: an exception at label
 * @fault resumes at label @fixup (after being recorded in last_fault),
 * e.g. asm volatile("1: ud2\n2:\n" EXTABLE(1b, 2b)).
 */
#define EXTABLE(fault, fixup)                       \
    ".pushsection .ex_table, \"a\"\n\t"             \
    ".balign 8\n\t"                                 \
    ".quad " #fault ", " #fixup "\n\t"              \
    ".popsection\n\t"

/*
 * trap_frame - the interrupted context as the stubs save it, lowest
 * address first. The tail from rip on is the hypervisor's bounce frame;
 * RCX and R11 came from its first two words.
 */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;            /* 0-31, or TRAP_SYSCALL. */
    /*
     * In: the error code (0 for vectors without one). Out: the flags word
     * of the iret_context, 0 or VGCF_in_syscall; trap_dispatch() sets 0.
     */
    union {
        uint64_t error_code;
        uint64_t iret_flags;
    };
    uint64_t rip;
    uint64_t cs;                /* Bits 32-39: the saved upcall mask. */
    uint64_t rflags;
    uint64_t rsp;
    uint64_t ss;
};

/*
 * A handler: return true if it dealt with the exception (the frame, maybe
 * changed, is resumed), false to fall back to the fixup table.
 */
typedef bool (*trap_handler_t)(struct trap_frame *f);

/* What the last fault caught by a fixup (or recorded by a handler) was. */
struct fault_info {
    unsigned int count;         /* Faults recorded since fault_clear(). */
    unsigned int vector;
    uint64_t error_code;
    uint64_t rip;
    uint64_t cs;
    uint64_t rflags;
    uint64_t rsp;
    uint64_t cr2;               /* vcpu_info.arch.cr2, read for #PF only. */
};

extern struct fault_info last_fault;

/* trap_init - install the trap table. Returns 0 or set_trap_table's error. */
long trap_init(void);

/*
 * trap_fill_table - the runtime's entries for vectors 0-31, indexed by
 * vector (for set_trap_table, or a vCPU context's trap_ctxt).
 */
struct trap_info;
void trap_fill_table(struct trap_info table[32]);

/* trap_set_handler - handle @vector (0-31 or TRAP_SYSCALL); NULL removes. */
void trap_set_handler(unsigned int vector, trap_handler_t handler);

/* fault_clear - forget the last fault (count = 0, vector = ~0). */
void fault_clear(void);

/* fault_record - copy @f into last_fault (handlers may call it). */
void fault_record(const struct trap_frame *f);

/* trap_name - "#PF" etc. for a vector; "vec N" for others. */
const char *trap_name(unsigned int vector);

/* trap_dump - print @f, one register block. */
void trap_dump(const struct trap_frame *f);

/* Called by entry.S with the frame; returns to resume it. */
void trap_dispatch(struct trap_frame *f);

/*
 * FAULT_PROBE(insn) - run the one instruction @insn (an asm string without
 * operands); if it faults, resume after it. Returns a copy of last_fault:
 * .count == 0 means it did not fault.
 */
#define FAULT_PROBE(insn)                                           \
    ({                                                              \
        fault_clear();                                              \
        __asm__ volatile("1: " insn "\n2:\n" EXTABLE(1b, 2b)        \
                         ::: "memory");                             \
        last_fault;                                                 \
    })

/* The stubs, for the trap table: trap_entry_<n> (entry.S). */
extern const uint64_t trap_entry_table[32];
void syscall_entry(void);

#endif /* !__ASSEMBLER__ */

#endif /* GUEST_TRAPS_H */
