/* SPDX-License-Identifier: MIT */
/*
 * Test-guest hypercalls: two ways in, one set of wrappers.
 *
 * hypercall_page5() calls stub nr of the hypercall page (hypercall_page +
 * 32 * nr), the way older Linux, XTF and Mini-OS do. hypercall_syscall5()
 * issues `syscall` itself, the way current Linux does: RAX = number, RDI
 * RSI RDX R10 R8 = arguments, result in RAX (PV-ABI-NOTES 1). Both must
 * work on a conforming hypervisor. hypercall_via chooses the way for the
 * HYPERVISOR_*() wrappers and for the runtime's own iret (entry.S), so a
 * test can run the same body both ways.
 *
 * Both wrappers declare RCX and R11 clobbered even though the page stubs
 * preserve them: the runtime must not depend on what a test checks
 * (guest-hypercall-direct tests the preservation on its own).
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>
#include <public/xen.h>

/* Which entry the HYPERVISOR_*() wrappers use. */
enum hypercall_via {
    HC_VIA_PAGE = 0,        /* call hypercall_page + 32 * nr */
    HC_VIA_SYSCALL = 1,     /* syscall with RAX = nr */
};

extern enum hypercall_via hypercall_via;
extern uint8_t hypercall_page[4096];

/* A hypercall through stub @nr of the hypercall page. */
static inline long hypercall_page5(unsigned int nr, uint64_t a1, uint64_t a2,
                                   uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    long ret;

    __asm__ volatile("call *%[stub]"
                     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
                       "+r"(r8)
                     : [stub] "r"(hypercall_page + 32 * nr)
                     : "rcx", "r11", "memory");
    return ret;
}

/* A hypercall by a direct `syscall` with RAX = @nr. */
static inline long hypercall_syscall5(unsigned int nr, uint64_t a1, uint64_t a2,
                                      uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    long ret = nr;

    __asm__ volatile("syscall"
                     : "+a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
                       "+r"(r8)
                     :
                     : "rcx", "r11", "memory");
    return ret;
}

/* A hypercall the way hypercall_via says. */
static inline long hypercall5(unsigned int nr, uint64_t a1, uint64_t a2,
                              uint64_t a3, uint64_t a4, uint64_t a5)
{
    if (hypercall_via == HC_VIA_SYSCALL)
        return hypercall_syscall5(nr, a1, a2, a3, a4, a5);
    return hypercall_page5(nr, a1, a2, a3, a4, a5);
}

#define HC_ARG(x) ((uint64_t)(uintptr_t)(x))
#define hypercall0(nr) hypercall5(nr, 0, 0, 0, 0, 0)
#define hypercall1(nr, a) hypercall5(nr, HC_ARG(a), 0, 0, 0, 0)
#define hypercall2(nr, a, b) hypercall5(nr, HC_ARG(a), HC_ARG(b), 0, 0, 0)
#define hypercall3(nr, a, b, c) \
    hypercall5(nr, HC_ARG(a), HC_ARG(b), HC_ARG(c), 0, 0)
#define hypercall4(nr, a, b, c, d) \
    hypercall5(nr, HC_ARG(a), HC_ARG(b), HC_ARG(c), HC_ARG(d), 0)

/*
 * The wrappers, named as in Xen's guests so test code reads like theirs.
 * Structures are passed as pointers; the public headers define them.
 */
static inline long HYPERVISOR_set_trap_table(const void *table)
{
    return hypercall1(__HYPERVISOR_set_trap_table, table);
}

static inline long HYPERVISOR_mmu_update(void *reqs, unsigned int count,
                                         unsigned int *done, unsigned int domid)
{
    return hypercall4(__HYPERVISOR_mmu_update, reqs, count, done, domid);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
    return hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
    return hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_multicall(void *entries, unsigned int count)
{
    return hypercall2(__HYPERVISOR_multicall, entries, count);
}

static inline long HYPERVISOR_update_va_mapping(uint64_t va, uint64_t pte,
                                                uint64_t flags)
{
    return hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long HYPERVISOR_set_timer_op(uint64_t timeout_ns)
{
    return hypercall1(__HYPERVISOR_set_timer_op, timeout_ns);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count,
                                         const void *buf)
{
    return hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
    return hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long HYPERVISOR_set_segment_base(unsigned int which,
                                               uint64_t base)
{
    return hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

static inline long HYPERVISOR_mmuext_op(void *ops, unsigned int count,
                                        unsigned int *done, unsigned int domid)
{
    return hypercall4(__HYPERVISOR_mmuext_op, ops, count, done, domid);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
    return hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop,
                                             unsigned int count)
{
    return hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

#endif /* GUEST_HYPERCALL_H */
