/* SPDX-License-Identifier: MIT */
/* PV guest support on x86-64: entry markers and the calls between its parts. */
#ifndef ASM_PV_H
#define ASM_PV_H

/* cpu_regs.vector of a frame built by syscall_entry (no IDT vector). */
#define TRAP_SYSCALL    0x100

#ifndef __ASSEMBLER__
#include <hv/types.h>
#include <asm/regs.h>
#include <asm/percpu.h>

struct domain;
struct vcpu;

/* The running guest's frame: at the top of this CPU's stack, below cpu_info. */
static inline struct cpu_regs *guest_regs(void)
{
    return (struct cpu_regs *)cpu_info_addr() - 1;
}

/* pv_cpu_init - this CPU's syscall MSRs and control-register bits. */
void pv_cpu_init(unsigned int cpu);

/* percpu_syscall_stub - CPU @cpu's syscall (or compat, cstar) entry stub. */
uint64_t percpu_syscall_stub(unsigned int cpu, bool compat);

/* pv_syscall - C side of syscall_entry: a hypercall or a bounce to the guest. */
void pv_syscall(struct cpu_regs *regs);

/* pv_trap - an exception or interrupt taken while a guest ran. */
void pv_trap(struct cpu_regs *regs);

/* pv_exit_to_guest - last work before restore_all returns to the guest. */
void pv_exit_to_guest(struct cpu_regs *regs);

/* pv_upcall_check - bounce to the event callback if an upcall is due. */
void pv_upcall_check(struct cpu_regs *regs);

/* pv_bad_iret - the CPU refused the frame returning to a guest: crash it. */
void pv_bad_iret(struct cpu_regs *regs) __noreturn;

/* enter_guest_frame - load @regs (at the stack top) and return to the guest. */
void enter_guest_frame(struct cpu_regs *regs) __noreturn;

/*
 * pv_bounce - build a bounce frame on the guest kernel stack and point the
 * guest at @handler (see pv.c). Crashes the domain on a bad stack.
 */
void pv_bounce(struct cpu_regs *regs, uint64_t handler, bool has_err,
               uint32_t err, bool mask_events);

/*
 * pv_bounce_failsafe - a data selector the vCPU had could not be loaded
 * when it was switched in (it is NUL now): bounce to its failsafe callback
 * with the frame Xen builds (RCX, R11, DS, ES, FS, GS as they were, RIP,
 * CS, RFLAGS, RSP, SS). No callback crashes the domain.
 */
void pv_bounce_failsafe(struct cpu_regs *regs, const uint16_t sel[4]);

/*
 * pv_inject_exception - deliver exception @vector to the guest's handler
 * from its trap table (with @err if @has_err); no handler crashes it.
 */
void pv_inject_exception(struct cpu_regs *regs, unsigned int vector,
                         bool has_err, uint32_t err);

/* pv_load_cr3 - load a guest page-table root (flushing global entries). */
void pv_load_cr3(uint64_t mfn);

void pv_toggle_to_kernel(struct vcpu *v);
void pv_toggle_to_user(struct vcpu *v);

/*
 * pv_set_vcpu_context - give @v (not running, not yet initialised) the
 * context @c (VCPUOP_initialise). -EEXIST if it has one, -EINVAL for a
 * refused field or frame; nothing changes on failure.
 */
struct vcpu_guest_context;
long pv_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c);

/* pv_trap_of - @v's handler for @vector (an entry with address 0 if none). */
const struct pv_trap *pv_trap_of(const struct vcpu *v, unsigned int vector);

/*
 * pv_trap_slot - @v's entry for @vector, to set: the virtual IDT is
 * allocated on first use. NULL without memory.
 */
struct pv_trap *pv_trap_slot(struct vcpu *v, unsigned int vector);

/* pv_vcpu_release - drop every frame reference @v's context holds (and its virtual IDT). */
void pv_vcpu_release(struct vcpu *v);

/* pv_vcpu_init_regs - the start-of-day register state of a PV vCPU. */
void pv_vcpu_init_regs(struct vcpu *v, uint64_t rip, uint64_t rsp, uint64_t rsi);

/* pv_fill_hypercall_page - write the 32-byte hypercall stubs into @page. */
void pv_fill_hypercall_page(uint8_t *page);

/*
 * fetch_guest_insn - read up to @n bytes at the guest's RIP (fewer where
 * its mapping ends). Returns the bytes read.
 */
unsigned int fetch_guest_insn(const struct cpu_regs *regs, uint8_t *buf,
                              unsigned int n);

/*
 * pv_ptwr_emulate - a guest kernel store to @addr faulted on a read-only
 * mapping: if it is a page-table entry write writable_pagetables allows,
 * perform it checked and step over it. Returns true if handled.
 */
bool pv_ptwr_emulate(struct cpu_regs *regs, uint64_t addr);

/*
 * pv_new_baseptr - make L4 frame @mfn the vCPU's kernel (or @user) page-table
 * root, taking its L4 type reference and dropping the old root's.
 * Returns 0 or -EINVAL.
 */
long pv_new_baseptr(struct vcpu *v, mfn_t mfn, bool user);

/* pv_l1_for_va - the validated L1 table mapping @va for @v, or MFN_INVALID. */
mfn_t pv_l1_for_va(struct vcpu *v, uint64_t va);

/*
 * pv_set_ldt - MMUEXT_SET_LDT: the guest LDT is @ents descriptors at guest
 * VA @base (page aligned, <= 8192 entries; 0 entries: none). Its pages are
 * mapped lazily, on the first use (pv_ldt_fault). Returns 0 or -EINVAL.
 */
long pv_set_ldt(struct vcpu *v, uint64_t base, uint64_t ents);

/*
 * pv_ldt_fault - the CPU faulted reading the LDT area at @addr for a guest
 * selector: map that page of the guest's LDT (it must be the guest's and
 * take the descriptor-page type). Returns true if the guest may retry.
 */
bool pv_ldt_fault(struct vcpu *v, uint64_t addr);

/*
 * pv_ldt_invalidate - drop the LDT pages @v has mapped (they fault in again
 * from the current page tables); on a new kernel page-table root, as Xen.
 */
void pv_ldt_invalidate(struct vcpu *v);

/* pv_ldt_switch_in - make @v's LDT (mapped pages and LDTR) current. */
void pv_ldt_switch_in(struct vcpu *v);

/* pv_cpuid - CPUID with the PV policy, on the guest registers. */
void pv_cpuid(struct cpu_regs *regs);

/*
 * pv_emulate_priv_op - emulate the privileged instruction at the guest RIP
 * (which raised #GP(0) in guest kernel mode). Returns false if it is not one
 * pvisor emulates; the guest then gets the #GP.
 */
bool pv_emulate_priv_op(struct cpu_regs *regs);

/* pv_fpu_init - capture the clean FPU/SSE image new vCPUs start from. */
void pv_fpu_init(void);

/* pv_init - syscall MSRs and the hypervisor stack for guests. */
void pv_init(void);


#endif
#endif /* ASM_PV_H */
