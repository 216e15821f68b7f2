/* SPDX-License-Identifier: MIT */
/*
 * Hypercall handlers and dispatch. Every handler is hc_<name>() with its
 * arguments as raw 64-bit register values; it decodes and checks them all
 * before changing any state, and returns 0 or more, or a negative Xen errno.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/types.h>

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
 * hypercall_do - run hypercall @nr with @args (5 values).
 * Returns the handler's result, or -ENOSYS for an unknown number.
 */
long hypercall_do(uint64_t nr, const uint64_t args[5]);

#endif /* HV_HYPERCALL_H */
