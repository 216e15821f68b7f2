/* SPDX-License-Identifier: MIT */
/*
 * A tiny domain dom0 builds from nothing through pvisor's toolstack
 * interface (domctl) and foreign mmu_update, as a toolstack's PV builder
 * does: 16 frames mapped at DOMBUILD_BASE in its own address space, PFN 0
 * the L4, 1 the L3, 2 the L2, 3 the L1 (all four read-only), 4 the code (a
 * position-independent blob), 5 the stack. Used by guest-build-domain and
 * guest-domain-churn. pvisor only.
 */
#ifndef GUEST_DOMBUILD_H
#define GUEST_DOMBUILD_H

#include <stddef.h>
#include <stdint.h>

#include <public/domctl.h>

#include "minidom.h"

#define DOMBUILD_NR     16
#define DOMBUILD_BASE   MINIDOM_BASE     /* its tables come from minidom.c */
#define DOMBUILD_L4     0
#define DOMBUILD_L3     1
#define DOMBUILD_L2     2
#define DOMBUILD_L1     3
#define DOMBUILD_CODE   4
#define DOMBUILD_STACK  5

struct dombuild {
    uint16_t dom;                       /* the domain being built */
    uint64_t mfn[DOMBUILD_NR];          /* its frames (populate_physmap) */
    const void *code;                   /* the blob for PFN 4 */
    size_t code_len;
    void *win;                          /* dom0's window page */
    uint64_t win_l1e;                   /* machine address of its L1 entry */
};

/* dombuild_init - take dom0's window; 0, or -1 if it has none. */
int dombuild_init(struct dombuild *b);

/* dombuild_domctl - a domctl with pvisor's interface version. */
long dombuild_domctl(struct pvisor_domctl *op);

/*
 * dombuild_wait_gone - wait until domain @id no longer exists (destroyed
 * and reaped), @ns of system time at most (a loaded host can stall a TCG
 * CPU for seconds: allow tens of them), pausing between looks so that the
 * hypervisor's lock is free for the CPU doing the work. 0 when it is gone;
 * else -1 with the last getdomaininfo in @last (if not NULL).
 */
int dombuild_wait_gone(uint16_t id, uint64_t ns, struct pvisor_domctl *last);

/* dombuild_map - map machine frame @mfn at the window, naming @owner. */
long dombuild_map(struct dombuild *b, uint64_t mfn, uint16_t owner);

/* dombuild_unmap - clear the window (and flush it). */
long dombuild_unmap(struct dombuild *b);

/*
 * dombuild_write - fill the new domain's PFN @pfn (0 to 5 as above, or
 * any other: zeroes) through a foreign mapping. 0, or the failing call's
 * error.
 */
long dombuild_write(struct dombuild *b, unsigned int pfn);

/*
 * dombuild_start - vCPU 0's context (kernel mode, RIP at the code, RSP at
 * the top of the stack, CR3 the L4) and unpause. 0 or the failing domctl's
 * error.
 */
long dombuild_start(struct dombuild *b);

#endif /* GUEST_DOMBUILD_H */
