/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's whole PV context from a struct vcpu_guest_context (VCPUOP_
 * initialise): what a guest kernel hands over to start a secondary vCPU.
 * Every field is checked before anything changes; the frames it names
 * (kernel and user L4, GDT pages) take their references as set_gdt and
 * new_baseptr would, and are given back if a later one is refused.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/heap.h>
#include <hv/lib.h>
#include <asm/desc.h>
#include <asm/pagetype.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <public/xen.h>

#define RFLAGS_KEEP 0x00000cd5UL    /* CF PF AF ZF SF DF OF: the guest's own */

static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/* A guest selector with RPL 3 (Xen's fixup: guests never run at RPL 0). */
static uint16_t guest_sel(uint16_t sel, uint16_t dflt)
{
    return sel ? (uint16_t)(sel | 3) : dflt;
}

static long take_refs(struct domain *d, const struct vcpu_guest_context *c,
                      unsigned int nr_gdt)
{
    mfn_t l4 = c->ctrlreg[3] >> PAGE_SHIFT, ul4 = c->ctrlreg[1] >> PAGE_SHIFT;
    unsigned int i;

    for (i = 0; i < nr_gdt; i++)
        if (get_page_and_type(c->gdt_frames[i], PGT_seg_desc, d))
            goto put_gdt;
    if (get_page_and_type(l4, PGT_l4, d))
        goto put_gdt;
    if (ul4 && get_page_and_type(ul4, PGT_l4, d)) {
        put_page_and_type(l4);
        goto put_gdt;
    }
    return 0;
put_gdt:
    while (i--)
        put_page_and_type(c->gdt_frames[i]);
    return -EINVAL;
}

long pv_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct domain *d = v->domain;
    struct arch_vcpu *a = &v->arch;
    const struct cpu_user_regs *u = &c->user_regs;
    bool strict = d->vm_assist & (1UL << VMASST_TYPE_m2p_strict);
    unsigned int nr_gdt = (unsigned int)((c->gdt_ents + 511) / 512);
    long rc;

    if (v->running || v->initialised)
        return -EEXIST;
    if (!canonical(u->rip) || !canonical(u->rsp) ||
        !canonical(c->event_callback_eip) || !canonical(c->failsafe_callback_eip) ||
        !canonical(c->syscall_callback_eip) || !canonical(c->fs_base) ||
        !canonical(c->gs_base_kernel) || !canonical(c->gs_base_user) ||
        !canonical(c->kernel_sp))
        return -EINVAL;
    if ((c->ldt_base & (PAGE_SIZE - 1)) || c->ldt_ents > 8192 ||
        (c->ldt_ents && !guest_range_ok(c->ldt_base, c->ldt_ents * 8)))
        return -EINVAL;
    if (c->gdt_ents > FIRST_RESERVED_GDT_ENTRY)
        return -EINVAL;
    for (unsigned int i = 0; i < 256; i++) {
        if (!canonical(c->trap_ctxt[i].address))
            return -EINVAL;
        /* A handler needs the virtual IDT: before any reference is taken. */
        if (c->trap_ctxt[i].address && !pv_trap_slot(v, 0))
            return -ENOMEM;
    }
    rc = take_refs(d, c, nr_gdt);
    if (rc)
        return rc;

    memset(&a->regs, 0, sizeof(a->regs));
    a->regs.r15 = u->r15, a->regs.r14 = u->r14, a->regs.r13 = u->r13;
    a->regs.r12 = u->r12, a->regs.rbp = u->rbp, a->regs.rbx = u->rbx;
    a->regs.r11 = u->r11, a->regs.r10 = u->r10, a->regs.r9 = u->r9;
    a->regs.r8 = u->r8, a->regs.rax = u->rax, a->regs.rcx = u->rcx;
    a->regs.rdx = u->rdx, a->regs.rsi = u->rsi, a->regs.rdi = u->rdi;
    a->regs.rip = u->rip;
    a->regs.rsp = u->rsp;
    a->regs.cs = guest_sel(u->cs, GUEST_CS64);
    a->regs.ss = guest_sel(u->ss, GUEST_DS);
    a->regs.rflags = (u->rflags & RFLAGS_KEEP) | X86_EFLAGS_IF | 2;
    a->ds = u->ds ? guest_sel(u->ds, 0) : 0;
    a->es = u->es ? guest_sel(u->es, 0) : 0;
    a->fs = u->fs ? guest_sel(u->fs, 0) : 0;
    a->gs = u->gs ? guest_sel(u->gs, 0) : 0;
    a->kernel_mode = c->flags & VGCF_in_kernel;
    a->fpu_used = c->flags & VGCF_i387_valid;
    if (a->fpu_used)
        memcpy(a->fpu, c->fpu_ctxt.x, sizeof(a->fpu));
    /* vcpu_info keeps its mask (set at creation): saved_upcall_mask is ignored, as on Xen. */

    for (unsigned int i = 0; a->traps && i < 256; i++) {
        const struct trap_info *t = &c->trap_ctxt[i];

        a->traps[i].address = t->address;
        a->traps[i].cs = (uint16_t)(t->cs | 3);
        a->traps[i].dpl = t->flags & 3;
        a->traps[i].mask_events = t->flags & 4;
    }
    a->ldt_base = c->ldt_ents ? c->ldt_base : 0;
    a->ldt_ents = (unsigned int)c->ldt_ents;
    memset(a->ldt_frames, 0, sizeof(a->ldt_frames));
    for (unsigned int i = 0; i < GDT_GUEST_PAGES; i++)
        a->gdt_frames[i] = i < nr_gdt ? c->gdt_frames[i] : 0;
    a->gdt_nr_frames = nr_gdt;
    a->kernel_ss = guest_sel((uint16_t)c->kernel_ss, GUEST_DS);
    a->kernel_sp = c->kernel_sp;
    a->event_callback = c->event_callback_eip;
    a->failsafe_callback = c->failsafe_callback_eip;
    a->syscall_callback = c->syscall_callback_eip;
    a->syscall_masks_events = c->flags & VGCF_syscall_disables_events;
    a->failsafe_masks_events = c->flags & VGCF_failsafe_disables_events;
    a->fs_base = c->fs_base;
    a->gs_base_kernel = c->gs_base_kernel;
    a->gs_base_user = c->gs_base_user;
    a->guest_table = c->ctrlreg[3] >> PAGE_SHIFT;
    a->guest_table_user = c->ctrlreg[1] >> PAGE_SHIFT;
    pv_l4_set_ro_mpt(phys_to_virt(a->guest_table << PAGE_SHIFT), !strict);
    if (a->guest_table_user && strict)
        pv_l4_set_ro_mpt(phys_to_virt(a->guest_table_user << PAGE_SHIFT), false);
    v->initialised = true;
    return 0;
}

void pv_vcpu_release(struct vcpu *v)
{
    struct arch_vcpu *a = &v->arch;

    pv_ldt_invalidate(v);
    for (unsigned int i = 0; i < a->gdt_nr_frames; i++)
        put_page_and_type(a->gdt_frames[i]);
    memset(a->gdt_frames, 0, sizeof(a->gdt_frames));
    a->gdt_nr_frames = 0;
    if (a->guest_table)
        put_page_and_type(a->guest_table);
    if (a->guest_table_user)
        put_page_and_type(a->guest_table_user);
    a->guest_table = a->guest_table_user = 0;
    heap_free(a->traps, 256 * sizeof(*a->traps));
    a->traps = NULL;
}

const struct pv_trap *pv_trap_of(const struct vcpu *v, unsigned int vector)
{
    static const struct pv_trap none;

    return v->arch.traps ? &v->arch.traps[vector & 255] : &none;
}

struct pv_trap *pv_trap_slot(struct vcpu *v, unsigned int vector)
{
    if (!v->arch.traps && !(v->arch.traps = heap_alloc(256 * sizeof(*v->arch.traps))))
        return NULL;
    return &v->arch.traps[vector & 255];
}
