/* SPDX-License-Identifier: MIT */
/*
 * The machine-to-physical table: for each machine frame, the guest frame
 * number its owner uses for it (~0 when none). The hypervisor writes it
 * through RDWR_MPT_VIRT_START; guests read it at RO_MPT_VIRT_START.
 */
#ifndef ASM_M2P_H
#define ASM_M2P_H

#include <hv/types.h>
#include <asm/layout.h>

#define M2P_INVALID (~0ULL)

static inline void m2p_set(mfn_t mfn, uint64_t pfn)
{
    ((uint64_t *)RDWR_MPT_VIRT_START)[mfn] = pfn;
}

static inline uint64_t m2p_get(mfn_t mfn)
{
    return ((const uint64_t *)RDWR_MPT_VIRT_START)[mfn];
}

#endif /* ASM_M2P_H */
