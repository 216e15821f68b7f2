/* SPDX-License-Identifier: MIT */
/*
 * PV vCPUs on x86-64: the syscall MSRs, guest kernel/user mode switching,
 * bounce frames (how exceptions and events reach the guest), the syscall
 * path and the last work before every return to a guest.
 *
 * Both guest modes run at CPL3. Mode = arch.kernel_mode; switching it
 * swaps the GS bases (swapgs) and the page-table root (kernel or user L4),
 * as Xen does (PV-ABI-NOTES section 3).
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <public/xen.h>

#define RFLAGS_TF   (1UL << 8)
#define RFLAGS_IOPL (3UL << 12)
#define RFLAGS_NT   (1UL << 14)
#define RFLAGS_RF   (1UL << 16)
#define RFLAGS_VM   (1UL << 17)
#define RFLAGS_AC   (1UL << 18)
#define SFMASK_BITS (X86_EFLAGS_IF | RFLAGS_TF | X86_EFLAGS_DF | RFLAGS_AC | RFLAGS_NT)
#define MSR_STAR    0xc0000081
#define MSR_LSTAR   0xc0000082
#define MSR_CSTAR   0xc0000083
#define MSR_SFMASK  0xc0000084

uint8_t smap_enabled;

/* This CPU's half of PV support: syscall MSRs, SMEP/SMAP, FPU/SSE on. */
void pv_cpu_init(unsigned int cpu)
{
    uint32_t a, b, c, d;

    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* syscall: CS = 0xe008, SS = 0xe010; sysret: CS = 0xe033, SS = 0xe02b. */
    wrmsr(MSR_STAR, ((uint64_t)GUEST_CS32 << 48) | ((uint64_t)HV_CS << 32));
    wrmsr(MSR_LSTAR, percpu_syscall_stub(cpu, false));
    wrmsr(MSR_CSTAR, percpu_syscall_stub(cpu, true));
    wrmsr(MSR_SFMASK, SFMASK_BITS);
    /*
     * SMEP: the hypervisor never runs guest code (all guest pages are user
     * pages). SMAP: it touches guest memory only in raw_copy_guest, which
     * opens the window with stac/clac.
     */
    cpuid_count(7, 0, &a, &b, &c, &d);
    if (b & (1u << 7))
        write_cr4(read_cr4() | X86_CR4_SMEP);
    if (b & (1u << 20)) {
        smap_enabled = 1;
        write_cr4(read_cr4() | X86_CR4_SMAP);
    }
    if (cpu == 0)
        printk(LOG_INFO, "PV: SMEP %s, SMAP %s", (b & (1u << 7)) ? "on" : "off",
               smap_enabled ? "on" : "off");
    /* Guests may use x87/SSE; the hypervisor never does (built -mno-sse). */
    write_cr0((read_cr0() | X86_CR0_MP | X86_CR0_NE) & ~(X86_CR0_EM | X86_CR0_TS));
    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
}

void pv_init(void)
{
    pv_cpu_init(0);
    pv_fpu_init();
}

/*
 * A guest page-table root: guest user pages are global (pagetype.c), so a
 * new root flushes global entries too (CR4.PGE off and on), as Xen does.
 */
void pv_load_cr3(uint64_t mfn)
{
    write_cr3(mfn << PAGE_SHIFT);
    flush_tlb_global();
}

/*
 * Kernel/user toggles (a system call, an exception or event from user mode,
 * an iret to user mode) switch between the two roots of one guest address
 * space: a plain CR3 write, which keeps the global entries, i.e. the guest's
 * user pages, which both roots map alike. That is what user pages are
 * global for; Xen's toggle does the same ("don't flush user global
 * mappings"). A root that may map user space differently (new_baseptr, a
 * context switch) goes through pv_load_cr3 and flushes them. Kernel-only
 * pages are never global, so user mode cannot keep one from kernel mode.
 */
static inline void load_cr3_keep_global(uint64_t mfn)
{
    write_cr3(mfn << PAGE_SHIFT);
}

void pv_toggle_to_kernel(struct vcpu *v)
{
    ASSERT(!v->arch.kernel_mode);
    __asm__ volatile("swapgs");
    v->arch.kernel_mode = true;
    load_cr3_keep_global(v->arch.guest_table);
}

void pv_toggle_to_user(struct vcpu *v)
{
    ASSERT(v->arch.kernel_mode && v->arch.guest_table_user);
    __asm__ volatile("swapgs");
    v->arch.kernel_mode = false;
    load_cr3_keep_global(v->arch.guest_table_user);
}

void pv_vcpu_init_regs(struct vcpu *v, uint64_t rip, uint64_t rsp, uint64_t rsi)
{
    struct cpu_regs *r = &v->arch.regs;

    memset(r, 0, sizeof(*r));
    r->rip = rip;
    r->rsp = rsp;
    r->rsi = rsi;
    r->cs = GUEST_CS64;
    r->ss = GUEST_DS;
    r->rflags = X86_EFLAGS_IF | 2;
    v->arch.kernel_mode = true;
}

/*
 * pv_bounce - deliver a frame to the guest kernel handler @handler, as an
 * exception (with @err when @has_err) or an event: build the bounce frame
 * on the guest kernel stack in Xen's layout (RCX, R11, [error], RIP, CS with
 * the saved upcall mask in bits 32-39, RFLAGS, RSP, SS), switch to guest
 * kernel mode first if the guest was in user mode, and point the frame at
 * the stack top at the handler. A bad stack or no handler crashes the domain.
 */
/*
 * The bounce frame, with @nsel data selectors after R11 (the failsafe
 * callback's DS, ES, FS, GS) and/or an error code. Inlined where the
 * event upcall and the syscall from user mode call it, with constants
 * for the optional parts: those two run on every round trip that
 * benchmarks measure (docs/PERFORMANCE.md).
 */
static inline __attribute__((always_inline)) void
bounce(struct cpu_regs *regs, uint64_t handler, const uint16_t *sel,
       unsigned int nsel, bool has_err, uint32_t err, bool mask_events)
{
    struct vcpu *v = current;
    struct vcpu_info *vi = v->vcpu_info;
    uint8_t mask = vi->evtchn_upcall_mask;
    uint64_t frame[12], sp, cs = regs->cs;
    unsigned int n = 0;

    if (!handler)
        domain_crash(v->domain, "no handler for a bounce (vector %llu at %#llx)",
                     (unsigned long long)regs->vector,
                     (unsigned long long)regs->rip);
    if (v->arch.kernel_mode) {
        sp = regs->rsp;
        cs &= ~3ULL;            /* RPL 0: the guest kernel was interrupted */
    } else {
        pv_toggle_to_kernel(v);
        sp = v->arch.kernel_sp;
    }
    sp &= ~0xfULL;

    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    for (unsigned int i = 0; i < nsel; i++)
        frame[n++] = sel[i];
    if (has_err)
        frame[n++] = err;
    frame[n++] = regs->rip;
    frame[n++] = (cs & 0xffff) | ((uint64_t)mask << 32);
    /* The virtual IOPL shows in the frame only with architectural_iopl. */
    frame[n++] = (regs->rflags & ~(X86_EFLAGS_IF | RFLAGS_IOPL)) |
                 (mask ? 0 : X86_EFLAGS_IF) |
                 ((v->domain->vm_assist & (1UL << VMASST_TYPE_architectural_iopl))
                      ? (uint64_t)v->arch.iopl << 12 : 0);
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;
    sp -= n * 8;
    if (copy_to_guest(sp, frame, n * 8))
        domain_crash(v->domain, "bad guest kernel stack %#llx for a bounce "
                     "(vector %llu at %#llx)", (unsigned long long)sp,
                     (unsigned long long)regs->vector,
                     (unsigned long long)regs->rip);
    if (mask_events)
        vi->evtchn_upcall_mask = 1;
    regs->rip = handler;
    regs->cs = GUEST_CS64;
    regs->ss = GUEST_DS;
    regs->rsp = sp;
    regs->rflags &= ~(RFLAGS_AC | RFLAGS_VM | RFLAGS_RF | RFLAGS_NT | RFLAGS_TF);
    regs->rflags |= X86_EFLAGS_IF;      /* real IF: the guest always takes interrupts */
}

__attribute__((noinline)) void pv_bounce(struct cpu_regs *regs, uint64_t handler,
                                         bool has_err, uint32_t err, bool mask_events)
{
    bounce(regs, handler, NULL, 0, has_err, err, mask_events);
}

void pv_bounce_failsafe(struct cpu_regs *regs, const uint16_t sel[4])
{
    struct vcpu *v = current;

    regs->vector = TRAP_SYSCALL + 2;            /* marks the failsafe in logs */
    bounce(regs, v->arch.failsafe_callback, sel, 4, false, 0,
           v->arch.failsafe_masks_events);
}

/*
 * The two hot bounces, each with bounce() specialised for its frame, out
 * of line so that the exit path without one stays short (the null
 * hypercall's count).
 */
static __attribute__((noinline)) void bounce_upcall(struct vcpu *v, struct cpu_regs *regs)
{
    hv_lock();          /* a bad guest stack crashes the domain */
    regs->vector = TRAP_SYSCALL + 1;            /* marks an upcall in logs */
    bounce(regs, v->arch.event_callback, NULL, 0, false, 0, true);
}

static __attribute__((noinline)) void bounce_syscall(struct vcpu *v, struct cpu_regs *regs,
                                                     uint64_t cb)
{
    bounce(regs, cb, NULL, 0, false, 0, v->arch.syscall_masks_events);
    regs->rflags &= ~X86_EFLAGS_DF;
}

/* Event upcall for @v: pending and not masked. The guest clears pending. */
static inline __attribute__((always_inline)) void upcall_check_vcpu(struct vcpu *v,
                                                                     struct cpu_regs *regs)
{
    struct vcpu_info *vi = v->vcpu_info;

    if (vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask)
        bounce_upcall(v, regs);
}

void pv_upcall_check(struct cpu_regs *regs)
{
    upcall_check_vcpu(current, regs);
}

/*
 * The last work before restore_all, on CPU @p (this one: the pointer is
 * passed so the hot paths find it once). The slice ran out, the vCPU
 * yielded or blocked, or it was paused or stopped (whoever does that sets
 * need_resched on its CPU): maybe another runs now, so p->curr is read
 * after schedule().
 */
static inline __attribute__((always_inline)) void exit_to_guest_on(struct pcpu *p,
                                                                    struct cpu_regs *regs)
{
    if (unlikely(p->need_resched)) {
        hv_lock_on(p);  /* (a lock-free hypercall did not take it) */
        schedule();
    }
    upcall_check_vcpu(p->curr, regs);
    hv_unlock_all_on(p);
}

void pv_exit_to_guest(struct cpu_regs *regs)
{
    exit_to_guest_on(this_pcpu(), regs);
}

/*
 * Hypercalls that touch nothing but the calling vCPU (and read-only
 * hypervisor data) run without the hypervisor lock; pv_exit_to_guest takes
 * it if it has work. Anything that may fault into the LDT area or touch
 * frames, ports or the scheduler is not in this set. iret is: it touches
 * the calling vCPU, its guest stack and vcpu_info only, domain_crash takes
 * the lock, and an SS it returns to that faults into the LDT area does so
 * at restore_all's iretq, after every exit has dropped the lock anyway
 * (trap_dispatch takes it for that fault).
 */
#define HYPERCALL_NOLOCK ((1ULL << __HYPERVISOR_xen_version) |        \
                          (1ULL << __HYPERVISOR_iret) |               \
                          (1ULL << __HYPERVISOR_fpu_taskswitch) |     \
                          (1ULL << __HYPERVISOR_stack_switch))

void pv_syscall(struct cpu_regs *regs)
{
    struct pcpu *p = this_pcpu();
    struct vcpu *v = p->curr;

    if (likely(v->arch.kernel_mode)) {
        if (regs->rax >= 64 || !((HYPERCALL_NOLOCK >> regs->rax) & 1)) {
            hv_lock_on(p);
            /*
             * Killed by another CPU while this call waited for the lock:
             * it must not attach anything (a timer, a port) to a domain
             * about to be freed. It never runs again.
             */
            if (unlikely(v->domain->dying)) {
                p->need_resched = true;
                exit_to_guest_on(p, regs);
                return;
            }
        }
        long rc = hypercall_guest_call(p, regs, regs->rax);

        if (likely(!p->hc_preempted))
            regs->rax = (uint64_t)rc;
        else
            hypercall_note_preempted(regs->rax);    /* RAX keeps the number */
    } else {
        hv_lock_on(p);
        if (unlikely(v->domain->dying)) {
            p->need_resched = true;
            exit_to_guest_on(p, regs);
            return;
        }
        uint64_t cb = regs->cs == GUEST_CS32 ? v->arch.syscall32_callback
                                             : v->arch.syscall_callback;

        if (!cb) {
            /* No callback: #UD at the syscall instruction, as Xen does. */
            regs->rip -= 2;
            pv_inject_exception(regs, 6, false, 0);
        } else {
            bounce_syscall(v, regs, cb);
        }
    }
    exit_to_guest_on(p, regs);
}

void pv_bad_iret(struct cpu_regs *regs)
{
    domain_crash(current->domain, "return to the guest refused by the CPU "
                 "(rip %#llx cs %#llx rsp %#llx ss %#llx)",
                 (unsigned long long)regs->rip, (unsigned long long)regs->cs,
                 (unsigned long long)regs->rsp, (unsigned long long)regs->ss);
}


