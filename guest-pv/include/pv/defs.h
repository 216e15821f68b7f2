/* SPDX-License-Identifier: MIT */
/*
 * SDK basics: compiler helpers, barriers and the page size, for the other
 * pv/ headers and for porters' code. Only the compiler's own headers are
 * used; nothing here comes from the hypervisor.
 */
#ifndef PV_DEFS_H
#define PV_DEFS_H

#define PV_PAGE_SHIFT   12
#define PV_PAGE_SIZE    (1UL << PV_PAGE_SHIFT)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PV_NORETURN     __attribute__((noreturn))
#define PV_MUST_CHECK   __attribute__((warn_unused_result))
#define PV_ALIGNED(n)   __attribute__((aligned(n)))
#define PV_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Barriers. Memory shared with the hypervisor or another domain is written
 * by another CPU: a compiler barrier is enough on x86 for ordering stores
 * against stores and loads against loads (TSO), a full fence is needed
 * where a store must be visible before a later load.
 */
#define pv_barrier()    __asm__ volatile("" ::: "memory")
#define pv_mb()         __asm__ volatile("mfence" ::: "memory")
#define pv_rmb()        pv_barrier()
#define pv_wmb()        pv_barrier()

/* One access, exactly as written (no tearing, no caching in a register). */
#define PV_READ_ONCE(x)     (*(const volatile __typeof__(x) *)&(x))
#define PV_WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#endif /* !__ASSEMBLER__ */

#endif /* PV_DEFS_H */
