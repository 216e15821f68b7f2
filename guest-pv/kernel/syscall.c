/* SPDX-License-Identifier: MIT */
/*
 * pvkern system calls: the syscall hook (a `syscall` from the program
 * arrives here through the hypervisor's bounce, events masked).
 */
#include <errno.h>
#include <pv/console.h>
#include <pv/evtchn.h>
#include <pv/pv_ops.h>
#include <pvkern/syscall.h>
#include "pvkern.h"

typedef long (*syscall_fn)(uint64_t a1, uint64_t a2, uint64_t a3);

static long sys_exit(uint64_t status, uint64_t a2, uint64_t a3)
{
    pv_user_return((int)status);
}

static long sys_write(uint64_t fd, uint64_t buf, uint64_t len)
{
    if (fd != 1 && fd != 2)
        return -EBADF;
    if (!mm_user_range_ok(buf, len))
        return -EFAULT;
    return pv_console_write((const char *)buf, len);
}

static long sys_read(uint64_t fd, uint64_t buf, uint64_t len)
{
    if (fd != 0)
        return -EBADF;
    if (!mm_user_range_ok(buf, len))
        return -EFAULT;
    return pv_console_read((char *)buf, len);
}

static long sys_sbrk(uint64_t incr, uint64_t a2, uint64_t a3)
{
    uint64_t old = user_brk, want = user_brk + incr;

    /* Pages are mapped when first touched (mm_demand_fault). */
    if ((int64_t)incr < 0 || want > user_brk_limit)
        return -ENOMEM;
    user_brk = want;
    return (long)old;
}

static long sys_clock(uint64_t which, uint64_t a2, uint64_t a3)
{
    uint64_t now = pv_ops.time.clock_ns();

    if (which == PVK_CLOCK_REALTIME) {
        uint64_t sec;
        uint32_t nsec;

        pv_ops.time.wallclock(&sec, &nsec);
        now += sec * 1000000000ULL + nsec;
    }
    return (long)now;
}

static long sys_sleep(uint64_t ns, uint64_t a2, uint64_t a3)
{
    sleep_ns(ns);
    return 0;
}

static long sys_kill(uint64_t sig, uint64_t a2, uint64_t a3)
{
    printk("pvkern: program killed by signal %d\n", (int)sig);
    pv_user_return(128 + (int)sig);
}

static long sys_getpid(uint64_t a1, uint64_t a2, uint64_t a3)
{
    return 1;
}

static long sys_upcalls(uint64_t a1, uint64_t a2, uint64_t a3)
{
    return (long)pv_evtchn_upcalls;
}

static long sys_faults(uint64_t a1, uint64_t a2, uint64_t a3)
{
    return (long)mm_demand_faults;
}

static long sys_switch_space(uint64_t a1, uint64_t a2, uint64_t a3)
{
    return mm_switch_space();
}

static long sys_evtchn_alloc(uint64_t remote_dom, uint64_t a2, uint64_t a3)
{
    return uevent_alloc_unbound(remote_dom);
}

static long sys_evtchn_bind(uint64_t remote_dom, uint64_t remote_port, uint64_t a3)
{
    return uevent_bind_interdomain(remote_dom, remote_port);
}

static long sys_evtchn_send(uint64_t port, uint64_t a2, uint64_t a3)
{
    return uevent_send(port);
}

static long sys_evtchn_wait(uint64_t port, uint64_t a2, uint64_t a3)
{
    return uevent_wait(port);
}

static long sys_bind_virq(uint64_t virq, uint64_t a2, uint64_t a3)
{
    return uevent_bind_virq(virq);
}

static long sys_evtchn_poll(uint64_t port, uint64_t a2, uint64_t a3)
{
    return uevent_poll(port);
}

static long sys_evtchn_close(uint64_t port, uint64_t a2, uint64_t a3)
{
    return uevent_close(port);
}

static const syscall_fn table[PVK_SYS_NR] = {
    [PVK_SYS_exit] = sys_exit,
    [PVK_SYS_write] = sys_write,
    [PVK_SYS_read] = sys_read,
    [PVK_SYS_sbrk] = sys_sbrk,
    [PVK_SYS_clock] = sys_clock,
    [PVK_SYS_sleep] = sys_sleep,
    [PVK_SYS_kill] = sys_kill,
    [PVK_SYS_getpid] = sys_getpid,
    [PVK_SYS_upcalls] = sys_upcalls,
    [PVK_SYS_faults] = sys_faults,
    [PVK_SYS_switch_space] = sys_switch_space,
    [PVK_SYS_evtchn_alloc] = sys_evtchn_alloc,
    [PVK_SYS_evtchn_bind] = sys_evtchn_bind,
    [PVK_SYS_evtchn_send] = sys_evtchn_send,
    [PVK_SYS_evtchn_wait] = sys_evtchn_wait,
    [PVK_SYS_hypercall] = privcmd_hypercall,
    [PVK_SYS_map_foreign] = privcmd_map_foreign,
    [PVK_SYS_unmap_foreign] = privcmd_unmap_foreign,
    [PVK_SYS_module] = privcmd_module,
    [PVK_SYS_wait_any] = privcmd_wait_any,
    [PVK_SYS_bind_virq] = sys_bind_virq,
    [PVK_SYS_evtchn_poll] = sys_evtchn_poll,
    [PVK_SYS_evtchn_close] = sys_evtchn_close,
};

void syscall_hook(struct pv_frame *f)
{
    uint64_t nr = f->rax;

    f->rax = nr < PVK_SYS_NR ? (uint64_t)table[nr](f->rdi, f->rsi, f->rdx) : (uint64_t)-ENOSYS;
    /* RCX and R11 are the syscall's to clobber: the cheaper SYSRET path. */
    f->error_code = PV_RETURN_SYSRET;
}
