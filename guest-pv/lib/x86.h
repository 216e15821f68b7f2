/* SPDX-License-Identifier: MIT */
/*
 * libpv internal: the raw x86 instructions, for the native pv_ops and for
 * the PV ones that rely on the hypervisor emulating a trapping instruction
 * (CR and MSR access, port I/O). Not installed: porters use pv_ops.
 */
#ifndef PV_LIB_X86_H
#define PV_LIB_X86_H

#include <pv/defs.h>

static inline uint64_t x86_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline uint8_t x86_inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void x86_outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint64_t x86_rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void x86_wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

#define X86_READ_CR(n)                                          \
    static inline uint64_t x86_read_cr##n(void)                 \
    {                                                           \
        uint64_t v;                                             \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));       \
        return v;                                               \
    }
#define X86_WRITE_CR(n)                                         \
    static inline void x86_write_cr##n(uint64_t v)              \
    {                                                           \
        __asm__ volatile("mov %0, %%cr" #n ::"r"(v) : "memory"); \
    }
X86_READ_CR(0)
X86_READ_CR(2)
X86_READ_CR(3)
X86_READ_CR(4)
X86_WRITE_CR(0)
X86_WRITE_CR(3)
X86_WRITE_CR(4)

#endif /* PV_LIB_X86_H */
