/* SPDX-License-Identifier: MIT */
/* dom0's system calls (pvkern/syscall.h) and the hypercalls made by them. */
#include <string.h>

#include <pvkern/syscall.h>
#include <public/sched.h>
#include <public/xen.h>
#include <public/domctl.h>

#include "dom0.h"

uint64_t sys_privcmd_tsc;

uint64_t sys_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* A privcmd system call, its TSC cycles added to sys_privcmd_tsc. */
static long privcmd(long nr, long a1, long a2, long a3)
{
    uint64_t t0 = sys_rdtsc();
    long rc = pvk_syscall(nr, a1, a2, a3);

    sys_privcmd_tsc += sys_rdtsc() - t0;
    return rc;
}

long sys_hypercall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                   uint64_t a4, uint64_t a5)
{
    struct pvk_hypercall h = { { a1, a2, a3, a4, a5 } };

    return privcmd(PVK_SYS_hypercall, nr, (long)&h, 0);
}

void *sys_map_foreign(uint16_t domid, const uint64_t *mfns, unsigned int n)
{
    long va = privcmd(PVK_SYS_map_foreign, domid, (long)mfns, n);

    return va < 0 ? NULL : (void *)va;
}

int sys_unmap_foreign(void *va, unsigned int n)
{
    return (int)privcmd(PVK_SYS_unmap_foreign, (long)va, n, 0);
}

long sys_bind_virq(unsigned int virq)
{
    return pvk_syscall(PVK_SYS_bind_virq, virq, 0, 0);
}

long sys_evtchn_bind(uint16_t domid, uint32_t port)
{
    return pvk_syscall(PVK_SYS_evtchn_bind, domid, port, 0);
}

long sys_evtchn_send(long port)
{
    return pvk_syscall(PVK_SYS_evtchn_send, port, 0, 0);
}

long sys_evtchn_poll(long port)
{
    return pvk_syscall(PVK_SYS_evtchn_poll, port, 0, 0);
}

long sys_evtchn_close(long port)
{
    return pvk_syscall(PVK_SYS_evtchn_close, port, 0, 0);
}

int sys_wait_any(uint64_t timeout_ns)
{
    return (int)pvk_syscall(PVK_SYS_wait_any, (long)timeout_ns, 0, 0);
}

void sys_yield(void)
{
    (void)sys_hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0, 0);
}

uint64_t sys_now_ns(void)
{
    return (uint64_t)pvk_syscall(PVK_SYS_clock, PVK_CLOCK_MONOTONIC, 0, 0);
}

long sys_read_input(char *buf, size_t len)
{
    return pvk_syscall(PVK_SYS_read, 0, (long)buf, (long)len);
}

void sys_write_out(const char *buf, size_t len)
{
    (void)pvk_syscall(PVK_SYS_write, 1, (long)buf, (long)len);
}

int dom0_domctl(struct pvisor_domctl *op)
{
    op->interface_version = PVISOR_DOMCTL_VERSION;
    return (int)sys_hypercall(__HYPERVISOR_domctl, (uint64_t)(uintptr_t)op, 0, 0, 0, 0);
}

int dom0_sysctl(struct pvisor_sysctl *op)
{
    op->interface_version = PVISOR_SYSCTL_VERSION;
    return (int)sys_hypercall(__HYPERVISOR_sysctl, (uint64_t)(uintptr_t)op, 0, 0, 0, 0);
}
