/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls: the two ways in, and one wrapper per hypercall.
 *
 * A 64-bit PV kernel makes a hypercall with `syscall` in guest kernel mode:
 * RAX = number, arguments in RDI RSI RDX R10 R8, result in RAX, negative
 * values being -errno (public/errno.h). RCX and R11 are lost; the argument
 * registers may be changed (continuations, debug poisoning). A kernel that
 * declares a hypercall page (the HYPERCALL_PAGE ELF note) gets 32-byte stubs
 * there, stub n at page + 32 * n, which save RCX and R11 themselves.
 *
 * pv_hypercall_init() chooses: the page if the hypervisor filled it, a
 * direct `syscall` otherwise (current Linux has no page; older Linux, Mini-OS
 * and XTF use one). Both reach the same handlers.
 *
 * Without a hypervisor (the native pv_ops, pv/native.h) there is a third
 * way: pv_hypercall_local, an in-kernel stand-in for the few hypercalls
 * libpv's own libraries make (console, event channels, timer, sched_op),
 * so that they run unchanged on bare hardware.
 */
#ifndef PV_HYPERCALL_H
#define PV_HYPERCALL_H

#include <pv/defs.h>
#include <public/xen.h>

/*
 * The hypercall page in use, or NULL for direct `syscall`. Set by
 * pv_hypercall_init(); read by the wrappers and by the iret path.
 */
extern const uint8_t *pv_hypercall_page;

/* Set only when running natively: handles hypercalls in the kernel itself. */
extern long (*pv_hypercall_local)(unsigned int nr, uint64_t a1, uint64_t a2,
                                  uint64_t a3, uint64_t a4, uint64_t a5);

/*
 * pv_hypercall_init - choose how to make hypercalls.
 * @page: the page named by the kernel's HYPERCALL_PAGE note, filled with
 *        0xcc (int3) by the kernel's image, or NULL if it declares none.
 * A page still starting with 0xcc was not filled: `syscall` is used.
 * Returns true if the page is used.
 */
bool pv_hypercall_init(const void *page);

/* pv_hypercall - hypercall @nr with five arguments, by page or syscall. */
static inline long pv_hypercall(unsigned int nr, uint64_t a1, uint64_t a2,
                                uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    long ret;

    if (__builtin_expect(pv_hypercall_local != NULL, 0))
        return pv_hypercall_local(nr, a1, a2, a3, a4, a5);
    if (pv_hypercall_page) {
        __asm__ volatile("call *%[stub]"
                         : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                         : [stub] "r"(pv_hypercall_page + 32 * nr)
                         : "rcx", "r11", "memory");
    } else {
        ret = nr;
        __asm__ volatile("syscall"
                         : "+a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                         :
                         : "rcx", "r11", "memory");
    }
    return ret;
}

#define PV_HC_ARG(x) ((uint64_t)(uintptr_t)(x))
#define pv_hypercall1(nr, a) pv_hypercall(nr, PV_HC_ARG(a), 0, 0, 0, 0)
#define pv_hypercall2(nr, a, b) pv_hypercall(nr, PV_HC_ARG(a), PV_HC_ARG(b), 0, 0, 0)
#define pv_hypercall3(nr, a, b, c) \
    pv_hypercall(nr, PV_HC_ARG(a), PV_HC_ARG(b), PV_HC_ARG(c), 0, 0)
#define pv_hypercall4(nr, a, b, c, d) \
    pv_hypercall(nr, PV_HC_ARG(a), PV_HC_ARG(b), PV_HC_ARG(c), PV_HC_ARG(d), 0)

/*
 * The wrappers, named as Xen's own guests name them so code ported from
 * them reads the same. docs/abi/hypercalls.md describes each call.
 */
static inline long HYPERVISOR_set_trap_table(const struct trap_info *table)
{
    return pv_hypercall1(__HYPERVISOR_set_trap_table, table);
}

static inline long HYPERVISOR_mmu_update(struct mmu_update *req, unsigned int count,
                                         unsigned int *done, unsigned int domid)
{
    return pv_hypercall4(__HYPERVISOR_mmu_update, req, count, done, domid);
}

static inline long HYPERVISOR_set_gdt(const xen_pfn_t *frames, unsigned int entries)
{
    return pv_hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
    return pv_hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
    return pv_hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
    return pv_hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_multicall(struct multicall_entry *calls, unsigned int count)
{
    return pv_hypercall2(__HYPERVISOR_multicall, calls, count);
}

static inline long HYPERVISOR_update_va_mapping(uint64_t va, uint64_t pte, uint64_t flags)
{
    return pv_hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long HYPERVISOR_set_timer_op(uint64_t deadline_ns)
{
    return pv_hypercall1(__HYPERVISOR_set_timer_op, deadline_ns);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return pv_hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count, const void *buf)
{
    return pv_hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
    return pv_hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
    return pv_hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return pv_hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long HYPERVISOR_set_segment_base(unsigned int which, uint64_t base)
{
    return pv_hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

static inline long HYPERVISOR_mmuext_op(struct mmuext_op *ops, unsigned int count,
                                        unsigned int *done, unsigned int domid)
{
    return pv_hypercall4(__HYPERVISOR_mmuext_op, ops, count, done, domid);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return pv_hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
    return pv_hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return pv_hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
    return pv_hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

#endif /* PV_HYPERCALL_H */
