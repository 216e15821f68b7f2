/* SPDX-License-Identifier: MIT */
/*
 * Access to guest virtual memory from hypercalls: through the guest's own
 * page tables (the current CR3), refusing ranges that touch the hypervisor's
 * slots and turning a fault into -EFAULT instead of a hypervisor crash.
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include <hv/errno.h>
#include <hv/types.h>
#include <asm/layout.h>

uint64_t raw_copy_guest(void *dst, const void *src, uint64_t n);

/* Set when CR4.SMAP is on: raw_copy_guest then brackets its copy with stac/clac. */
extern uint8_t smap_enabled;

/* guest_range_ok - [va, va+n) is canonical guest space, not the hypervisor's. */
static inline bool guest_range_ok(uint64_t va, uint64_t n)
{
    uint64_t end = va + n;

    if (end < va)
        return false;
    if (n == 0)
        return true;
    /* Lower canonical half, or the upper half above the hypervisor slots. */
    if (end <= 0x0000800000000000ULL)
        return true;
    return va >= HV_VIRT_END;
}

/* copy_from_guest - returns 0 or -EFAULT. */
static inline int __must_check copy_from_guest(void *dst, uint64_t gva, uint64_t n)
{
    if (!guest_range_ok(gva, n))
        return -EFAULT;
    return raw_copy_guest(dst, (const void *)(uintptr_t)gva, n) ? -EFAULT : 0;
}

/* copy_to_guest - returns 0 or -EFAULT (also for read-only guest pages). */
static inline int __must_check copy_to_guest(uint64_t gva, const void *src, uint64_t n)
{
    if (!guest_range_ok(gva, n))
        return -EFAULT;
    return raw_copy_guest((void *)(uintptr_t)gva, src, n) ? -EFAULT : 0;
}

/* rdmsr_safe - read @msr into *@val; 0, or -1 if it does not exist. */
int rdmsr_safe(uint32_t msr, uint64_t *val);

/* search_exception_table - the fixup for a faulting @rip, or 0. */
uint64_t search_exception_table(uint64_t rip);

#endif /* ASM_UACCESS_H */
