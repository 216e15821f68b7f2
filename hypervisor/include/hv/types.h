/* SPDX-License-Identifier: MIT */
/* Basic types: the compiler's freestanding headers plus a few names. */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/compiler.h>

typedef uint64_t paddr_t;       /* physical (machine) address */
typedef uint64_t mfn_t;         /* machine frame number */
typedef uint64_t vaddr_t;       /* virtual address */

#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a)  (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

#endif /* HV_TYPES_H */
