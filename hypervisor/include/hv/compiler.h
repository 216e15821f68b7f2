/* SPDX-License-Identifier: MIT */
/*
 * Compiler helpers, included first into every hypervisor object (-include).
 *
 * The hypervisor is built -fpie so that code addressing is RIP-relative and
 * works at its high link address; hidden visibility makes the compiler
 * address every symbol directly instead of through a GOT.
 */
#ifndef HV_COMPILER_H
#define HV_COMPILER_H

#if defined(__PIE__) && !defined(PVISOR_HOST_TEST)
#pragma GCC visibility push(hidden)
#endif

#define __must_check    __attribute__((warn_unused_result))
#define __noreturn      __attribute__((noreturn))
/* newlib's sys/cdefs.h defines these too (dom0 builds elf.c against it). */
#undef __packed
#undef __aligned
#undef __section
#undef __used
#undef __unused
#define __packed        __attribute__((packed))
#define __aligned(n)    __attribute__((aligned(n)))
#define __section(s)    __attribute__((section(s)))
#define __used          __attribute__((used))
#define __unused        __attribute__((unused))
#define __printf(f, a)  __attribute__((format(printf, f, a)))
#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)

#define barrier()       __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x)    (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif /* HV_COMPILER_H */
