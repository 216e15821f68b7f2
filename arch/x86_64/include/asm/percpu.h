/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU areas on x86-64. Every CPU has a 512 KiB window in PML4 slot 259
 * (PERCPU_VIRT_START + cpu * PERCPU_STRIDE):
 *
 *   +0        GDT area: 14 guest pages, the CPU's own hypervisor GDT page
 *   +64 KiB   LDT area: 16 pages, the running guest's LDT, mapped lazily
 *   +128 KiB  entry stubs (syscall, cstar): one read-only executable page
 *   +256 KiB  stack block, STACK_BLOCK_SIZE bytes, aligned to its size:
 *               page 0       guard (unmapped)
 *               pages 1-6    IST stacks: #DF, NMI, #MC (8 KiB each)
 *               page 7       guard
 *               pages 8-31   the CPU's stack; struct cpu_info at its top
 *
 * The GDT and LDT areas are at the same offsets on every CPU, so a guest
 * sees the same selectors wherever it runs; only this CPU's window is ever
 * touched by it, so its mappings need no remote TLB flush. Code on any of
 * the CPU's stacks finds struct cpu_info by rounding its stack pointer up.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <asm/layout.h>

#define PERCPU_STRIDE           0x80000         /* 512 KiB */
#define PERCPU_GDT_OFF          0x0
#define PERCPU_LDT_OFF          0x10000
#define PERCPU_STUB_OFF         0x20000
#define PERCPU_STACK_OFF        0x40000
#define STACK_BLOCK_SIZE        0x20000         /* 128 KiB */
#define STACK_IST_SIZE          0x2000
#define STACK_MAIN_OFF          0x8000          /* pages 8-31 */

#define PERCPU_AREA(cpu)        (PERCPU_VIRT_START + (uint64_t)(cpu) * PERCPU_STRIDE)

/*
 * struct cpu_info, the top CPUINFO_SIZE bytes of a stack block: the
 * syscall scratch slot at 0 (the stubs park the guest RSP there), the
 * CPU's struct pcpu at CPUINFO_PCPU (hv/percpu.h). Finding either is a
 * mask of RSP and an add: no memory load.
 */
#define CPUINFO_SIZE            256
#define CPUINFO_guest_rsp       0
#define CPUINFO_PCPU            16

#ifndef __ASSEMBLER__
#include <hv/types.h>

/* This CPU's cpu_info (from any of its stacks, IST ones included). */
static inline uintptr_t cpu_info_addr(void)
{
    uintptr_t sp;

    __asm__("mov %%rsp, %0" : "=r"(sp));
    return (sp | (STACK_BLOCK_SIZE - 1)) + 1 - CPUINFO_SIZE;
}

/* CPU @cpu's cpu_info, through its per-CPU window. */
static inline uintptr_t cpu_info_of(unsigned int cpu)
{
    return (uintptr_t)(PERCPU_AREA(cpu) + PERCPU_STACK_OFF + STACK_BLOCK_SIZE -
                       CPUINFO_SIZE);
}
#endif

#endif /* ASM_PERCPU_H */
