/* SPDX-License-Identifier: MIT */
/* Register frame saved on the hypervisor stack by the trap entry path. */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <stdint.h>

/* Matches the push order in arch/x86_64/trap/entry.S: lowest address first. */
struct cpu_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx;
    uint64_t r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
    uint64_t vector;
    uint64_t error_code;
    /* Pushed by the CPU. */
    uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct cpu_regs) == 22 * 8, "cpu_regs layout");

#define NR_VECTORS          256
#define FIRST_IRQ_VECTOR    32
#define APIC_TIMER_VECTOR   0xef
#define IPI_EVENT_CHECK_VECTOR 0xf0
#define IPI_FLUSH_VECTOR    0xf1
#define IPI_STOP_VECTOR     0xf2
#define APIC_SPURIOUS_VECTOR 0xff

/* irq_set_handler - call @fn for interrupts on @vector (>= 32). */
void irq_set_handler(unsigned int vector, void (*fn)(struct cpu_regs *regs));

/* trap_dispatch - C side of every vector (called from entry.S). */
void trap_dispatch(struct cpu_regs *regs);

/* dump_regs - print a register dump of @regs and the control registers. */
void dump_regs(const struct cpu_regs *regs);

/* backtrace_from - print the call chain starting at @rip with frame @rbp. */
void backtrace_from(uint64_t rip, uint64_t rbp);

#endif /* ASM_REGS_H */
