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

/*
 * One naturally sized read of guest memory, for the small argument of a
 * hot hypercall (EVTCHNOP_send's port) where a call of raw_copy_guest
 * costs more than the data: the range check, then one mov with an
 * exception-table entry whose fixup gives -EFAULT (SMAP opened around it
 * with stac/clac, as raw_copy_guest does). On a fault *val is untouched.
 */
static inline void guest_access_open(void)
{
    if (smap_enabled)
        __asm__ volatile("stac" ::: "memory");
}

static inline void guest_access_close(void)
{
    if (smap_enabled)
        __asm__ volatile("clac" ::: "memory");
}

#define GUEST_ACCESS_FIXUP                                      \
    "2:\n"                                                      \
    ".pushsection .text.fixup, \"ax\"\n"                       \
    "3: mov %[efault], %[err]\n"                                \
    "   jmp 2b\n"                                               \
    ".popsection\n"                                             \
    ".pushsection __ex_table, \"a\"\n"                         \
    ".balign 8\n"                                               \
    ".quad 1b, 3b\n"                                            \
    ".popsection"

/* get_guest_u32 - *val = the guest's 4 bytes at @gva; 0 or -EFAULT. */
static inline int __must_check get_guest_u32(uint32_t *val, uint64_t gva)
{
    uint32_t v = 0;
    int err = 0;

    if (!guest_range_ok(gva, sizeof(v)))
        return -EFAULT;
    guest_access_open();
    __asm__ volatile("1: movl %[mem], %[v]\n" GUEST_ACCESS_FIXUP
                     : [v] "+r"(v), [err] "+r"(err)
                     : [mem] "m"(*(const volatile uint32_t *)(uintptr_t)gva),
                       [efault] "i"(-EFAULT)
                     : "memory");
    guest_access_close();
    if (!err)
        *val = v;
    return err;
}

/* rdmsr_safe - read @msr into *@val; 0, or -1 if it does not exist. */
int rdmsr_safe(uint32_t msr, uint64_t *val);

/* search_exception_table - the fixup for a faulting @rip, or 0. */
uint64_t search_exception_table(uint64_t rip);

#endif /* ASM_UACCESS_H */
