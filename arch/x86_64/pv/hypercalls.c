/* SPDX-License-Identifier: MIT */
/*
 * x86-64 PV hypercalls about the vCPU's processor state: the trap table,
 * kernel stack, callbacks, virtual CR0.TS, segment bases and iret.
 * Each decodes and checks all its arguments before it changes anything.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <public/arch-x86_64.h>
#include <public/callback.h>
#include <public/physdev.h>
#include <public/xen.h>

#define RFLAGS_IOPL (3UL << 12)
#define RFLAGS_VM   (1UL << 17)

static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/*
 * set_trap_table(traps): entries {vector, flags, cs, address} up to one
 * with address 0 (at most 256); NULL clears the table. An entry whose
 * address is not canonical fails the call with -EINVAL (entries before it
 * stay installed, as in Xen); a bad pointer gives -EFAULT.
 */
long hc_set_trap_table(uint64_t traps)
{
    struct vcpu *v = current;
    struct trap_info ti;

    if (!traps) {
        if (v->arch.traps)
            memset(v->arch.traps, 0, 256 * sizeof(*v->arch.traps));
        return 0;
    }
    for (unsigned int i = 0; i < 256; i++) {
        struct pv_trap *t;

        if (copy_from_guest(&ti, traps + i * sizeof(ti), sizeof(ti)))
            return -EFAULT;
        if (!ti.address)
            break;
        if (!canonical(ti.address))
            return -EINVAL;
        t = pv_trap_slot(v, ti.vector);
        if (!t)
            return -ENOMEM;
        t->address = ti.address;
        t->cs = ti.cs | 3;
        t->dpl = ti.flags & 3;
        t->mask_events = ti.flags & 4;
    }
    return 0;
}

/* stack_switch(ss, sp): the stack bounces from guest user mode land on. */
long hc_stack_switch(uint64_t ss, uint64_t sp)
{
    current->arch.kernel_ss = (ss & 0xffff) | 3;
    current->arch.kernel_sp = sp;
    return 0;
}

static long register_callback(const struct callback_register *cb)
{
    struct vcpu *v = current;

    if (!canonical(cb->address))
        return -EINVAL;
    switch (cb->type) {
    case CALLBACKTYPE_event:
        v->arch.event_callback = cb->address;
        break;
    case CALLBACKTYPE_failsafe:
        v->arch.failsafe_callback = cb->address;
        v->arch.failsafe_masks_events = cb->flags & CALLBACKF_mask_events;
        break;
    case CALLBACKTYPE_syscall:
        v->arch.syscall_callback = cb->address;
        v->arch.syscall_masks_events = cb->flags & CALLBACKF_mask_events;
        break;
    case CALLBACKTYPE_syscall32:
        v->arch.syscall32_callback = cb->address;
        break;
    case CALLBACKTYPE_nmi: {
        struct pv_trap *t = pv_trap_slot(v, 2);

        if (!t)
            return -ENOMEM;
        t->address = cb->address;
        t->mask_events = true;
        break;
    }
    case CALLBACKTYPE_sysenter:
    case CALLBACKTYPE_sysenter_deprecated:
        /* Accepted and unused: sysenter from 64-bit guests does not happen. */
        break;
    default:
        return -ENOSYS;
    }
    return 0;
}

/* set_callbacks(event, failsafe, syscall): the old form of callback_op. */
long hc_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall)
{
    struct callback_register cb[3] = {
        { .type = CALLBACKTYPE_event, .address = event },
        { .type = CALLBACKTYPE_failsafe, .address = failsafe },
        { .type = CALLBACKTYPE_syscall, .address = syscall },
    };

    for (unsigned int i = 0; i < 3; i++)
        if (!canonical(cb[i].address))
            return -EINVAL;
    for (unsigned int i = 0; i < 3; i++)
        (void)register_callback(&cb[i]);
    return 0;
}

/*
 * callback_op(cmd, arg): CALLBACKOP_register {type, flags, address};
 * CALLBACKOP_unregister {type}: only the NMI callback can be removed.
 */
long hc_callback_op(uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case CALLBACKOP_register: {
        struct callback_register cb;

        if (copy_from_guest(&cb, arg, sizeof(cb)))
            return -EFAULT;
        return register_callback(&cb);
    }
    case CALLBACKOP_unregister: {
        struct callback_unregister cb;

        if (copy_from_guest(&cb, arg, sizeof(cb)))
            return -EFAULT;
        if (cb.type != CALLBACKTYPE_nmi)
            return -EINVAL;
        if (current->arch.traps)
            current->arch.traps[2].address = 0;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}

/* fpu_taskswitch(set): set or clear the virtual CR0.TS (#NM on next use). */
long hc_fpu_taskswitch(uint64_t set)
{
    current->arch.virt_ts = set != 0;
    write_cr0(set ? read_cr0() | X86_CR0_TS : read_cr0() & ~X86_CR0_TS);
    return 0;
}

/*
 * set_segment_base(which, base): SEGBASE_FS, SEGBASE_GS_USER (the inactive
 * user base), SEGBASE_GS_KERNEL (the active one), SEGBASE_GS_USER_SEL
 * (load a selector into the user %gs). -EINVAL for a non-canonical base or
 * an unknown @which.
 */
long hc_set_segment_base(uint64_t which, uint64_t base)
{
    struct vcpu *v = current;

    switch (which) {
    case SEGBASE_FS:
        if (!canonical(base))
            return -EINVAL;
        wrmsr(MSR_FS_BASE, base);
        v->arch.fs_base = base;
        return 0;
    case SEGBASE_GS_USER:
        if (!canonical(base))
            return -EINVAL;
        wrmsr(MSR_KERNEL_GS_BASE, base);
        v->arch.gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        if (!canonical(base))
            return -EINVAL;
        wrmsr(MSR_GS_BASE, base);
        v->arch.gs_base_kernel = base;
        return 0;
    case SEGBASE_GS_USER_SEL: {
        /* Load the selector with the user base active, RPL 3, NUL if bad. */
        uint16_t sel = (uint16_t)(base | 3);

        __asm__ volatile("swapgs\n\t"
                         "1: mov %w0, %%gs\n\t"
                         "2: swapgs\n\t"
                         ".pushsection .text.fixup, \"ax\"\n\t"
                         "3: xor %%eax, %%eax\n\t"
                         "mov %%eax, %%gs\n\t"
                         "jmp 2b\n\t"
                         ".popsection\n\t"
                         ".pushsection __ex_table, \"a\"\n\t"
                         ".balign 8\n\t"
                         ".quad 1b, 3b\n\t"
                         ".popsection"
                         :: "r"(sel) : "rax", "memory");
        v->arch.gs_base_user = rdmsr(MSR_KERNEL_GS_BASE);
        return 0;
    }
    default:
        return -EINVAL;
    }
}

/*
 * iret(): return from a bounce frame. The guest stack holds struct
 * iret_context (rax, r11, rcx, flags, rip, cs, rflags, rsp, ss). CS RPL 3
 * returns to guest user mode (a user L4 must exist); VGCF_in_syscall
 * returns like sysret (RCX/R11 from RIP/RFLAGS). The upcall mask becomes
 * !RFLAGS.IF. An unreadable frame crashes the domain, as on Xen.
 * Returns the frame's RAX, which lands in RAX.
 */
long hc_iret(void)
{
    struct vcpu *v = current;
    struct cpu_regs *regs = guest_regs();
    struct iret_context ic;

    if (copy_from_guest(&ic, regs->rsp, sizeof(ic)))
        domain_crash(v->domain, "iret: unreadable frame at %#llx",
                     (unsigned long long)regs->rsp);
    if (!canonical(ic.rip) || !canonical(ic.rsp))
        domain_crash(v->domain, "iret: non-canonical rip %#llx or rsp %#llx",
                     (unsigned long long)ic.rip, (unsigned long long)ic.rsp);
    if ((ic.cs & 3) == 3 && v->arch.kernel_mode) {
        if (!v->arch.guest_table_user)
            domain_crash(v->domain, "iret to user mode with no user page table");
        pv_toggle_to_user(v);
    }
    v->vcpu_info->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);

    /*
     * Only the selector bits count: a frame the hypervisor built carries the
     * saved upcall mask in CS bits 32-39. Only the flat selectors exist until
     * guest GDTs do (set_gdt).
     */
    ic.cs = (ic.cs & 0xffff) | 3;
    if (ic.cs != GUEST_CS64 && ic.cs != GUEST_CS32)
        domain_crash(v->domain, "iret: code selector %#llx not supported",
                     (unsigned long long)ic.cs);
    regs->rip = ic.rip;
    regs->rsp = ic.rsp;
    regs->cs = ic.cs;
    /* SS from the frame with RPL 3, as Xen; a bad one faults the iretq,
     * which crashes the domain (bad_iret), never the hypervisor. */
    regs->ss = (ic.ss & 0xffff) | 3;
    regs->rflags = (ic.rflags & ~(RFLAGS_IOPL | RFLAGS_VM)) | X86_EFLAGS_IF | 2;
    if (ic.flags & VGCF_in_syscall) {
        regs->rcx = ic.rip;
        regs->r11 = regs->rflags;
    } else {
        regs->rcx = ic.rcx;
        regs->r11 = ic.r11;
    }
    return (long)ic.rax;
}

/*
 * physdev_op(cmd, arg): PHYSDEVOP_set_iopl {iopl} sets the vCPU's virtual
 * IOPL (port I/O and cli/sti from the guest kernel are then emulated: no
 * port is assigned, reads give all ones). -EINVAL for iopl > 3; other
 * commands -ENOSYS (no physical devices are passed through).
 */
long hc_physdev_op(uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case PHYSDEVOP_set_iopl: {
        struct physdev_set_iopl s;

        if (copy_from_guest(&s, arg, sizeof(s)))
            return -EFAULT;
        if (s.iopl > 3)
            return -EINVAL;
        current->arch.iopl = (uint8_t)s.iopl;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}
