/* SPDX-License-Identifier: MIT */
/*
 * pvkern's system calls, for programs running in user mode under pvkern.
 *
 * `syscall` with RAX = number, arguments in RDI RSI RDX R10, result in RAX
 * (negative = -errno); RCX and R11 are clobbered, as on Linux. Programs
 * normally reach these through newlib (the stubs in kernel/user/); the
 * pvk_* calls are pvkern's own additions.
 */
#ifndef PVKERN_SYSCALL_H
#define PVKERN_SYSCALL_H

#define PVK_SYS_exit        0   /* (status): never returns */
#define PVK_SYS_write       1   /* (fd, buf, len): bytes written */
#define PVK_SYS_read        2   /* (fd, buf, len): bytes read, 0 if none */
#define PVK_SYS_sbrk        3   /* (increment): old break, or -ENOMEM */
#define PVK_SYS_clock       4   /* (which): ns; 0 time of day, 1 since boot */
#define PVK_SYS_sleep       5   /* (ns): 0 */
#define PVK_SYS_kill        6   /* (signal): ends the program as killed */
#define PVK_SYS_getpid      7   /* (): the program's id (1) */
#define PVK_SYS_upcalls     8   /* (): event upcalls the kernel has handled */
#define PVK_SYS_faults      9   /* (): heap pages mapped on first touch so far */
#define PVK_SYS_switch_space 10 /* (): return in the other of two address spaces
                                   mapping this program (benchmarks) */
#define PVK_SYS_evtchn_alloc 11 /* (remote domid): a port that domain may bind */
#define PVK_SYS_evtchn_bind 12  /* (remote domid, remote port): our end of it */
#define PVK_SYS_evtchn_send 13  /* (port): signal the other end */
#define PVK_SYS_evtchn_wait 14  /* (port): sleep until it was signalled */
/* dom0's toolstack (kernel/privcmd.c), as Linux's privcmd: */
#define PVK_SYS_hypercall   15  /* (nr, struct pvk_hypercall *): its result */
#define PVK_SYS_map_foreign 16  /* (domid, uint64_t mfns[n], n): address of the mapping */
#define PVK_SYS_unmap_foreign 17 /* (address, n): 0 */
#define PVK_SYS_module      18  /* (buf, len, offset): bytes of the initrd copied;
                                   buf 0: its size */
#define PVK_SYS_wait_any    19  /* (timeout ns, 0 none): 1 an event came, 0 timeout */
#define PVK_SYS_bind_virq   20  /* (virq): a port of ours for it */
#define PVK_SYS_evtchn_poll 21  /* (port): signals since the last poll/wait */
#define PVK_SYS_evtchn_close 22 /* (port): 0 */
#define PVK_SYS_NR          23

#define PVK_CLOCK_REALTIME  0
#define PVK_CLOCK_MONOTONIC 1

#ifndef __ASSEMBLER__
#include <stdint.h>

/* PVK_SYS_hypercall's arguments (RDI RSI RDX R10 R8 of the hypercall). */
struct pvk_hypercall {
    uint64_t arg[5];
};

static inline long pvk_syscall(long nr, long a1, long a2, long a3)
{
    long ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "0"(nr), "D"(a1), "S"(a2), "d"(a3)
                     : "rcx", "r11", "memory");
    return ret;
}

/* pvk_upcalls - event upcalls handled since boot (statistics, tests). */
static inline long pvk_upcalls(void)
{
    return pvk_syscall(PVK_SYS_upcalls, 0, 0, 0);
}

/* pvk_faults - page faults that mapped heap pages, since boot. */
static inline long pvk_faults(void)
{
    return pvk_syscall(PVK_SYS_faults, 0, 0, 0);
}

/* pvk_sleep_ns - sleep at least @ns nanoseconds (the timer event wakes us). */
static inline long pvk_sleep_ns(long ns)
{
    return pvk_syscall(PVK_SYS_sleep, ns, 0, 0);
}

/* pvk_clock_ns - nanoseconds: PVK_CLOCK_REALTIME since the epoch, or since boot. */
static inline long pvk_clock_ns(int which)
{
    return pvk_syscall(PVK_SYS_clock, which, 0, 0);
}
#endif

#endif /* PVKERN_SYSCALL_H */
