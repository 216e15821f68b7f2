/* SPDX-License-Identifier: MIT */
/*
 * Exceptions a PV guest causes: bounced to the handlers of its trap table
 * (set_trap_table), after the hypervisor has had its say: software
 * interrupts checked against the handler's DPL, the forced-emulation CPUID,
 * privileged instructions emulated, #NM for the virtual CR0.TS.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <public/xen.h>

#define X86_EXC_DE  0
#define X86_EXC_DB  1
#define X86_EXC_BP  3
#define X86_EXC_UD  6
#define X86_EXC_NM  7
#define X86_EXC_GP  13
#define X86_EXC_PF  14

/* Vectors whose frame carries an error code. */
static bool has_error_code(unsigned int v)
{
    return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 ||
           v == 29 || v == 30;
}

void pv_inject_exception(struct cpu_regs *regs, unsigned int vector,
                         bool has_err, uint32_t err)
{
    struct vcpu *v = current;
    const struct pv_trap *t = pv_trap_of(v, vector);

    if (!t->address)
        domain_crash(v->domain, "unhandled exception %u (error %#x) at %#llx "
                     "in guest %s mode, cr2 %#llx", vector, err,
                     (unsigned long long)regs->rip,
                     v->arch.kernel_mode ? "kernel" : "user",
                     (unsigned long long)v->arch.cr2);
    regs->vector = vector;
    pv_bounce(regs, t->address, has_err, err, t->mask_events);
}

unsigned int fetch_guest_insn(const struct cpu_regs *regs, uint8_t *buf,
                              unsigned int n)
{
    while (n && copy_from_guest(buf, regs->rip, n))
        n--;
    return n;
}

/*
 * The forced-emulation prefix "ud2; .ascii \"xen\"" followed by cpuid:
 * emulate CPUID with the PV policy, advance RIP over all 7 bytes.
 */
static bool emulate_forced_cpuid(struct cpu_regs *regs)
{
    static const uint8_t sig[7] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 };
    uint8_t insn[7];

    if (fetch_guest_insn(regs, insn, sizeof(insn)) != sizeof(insn) ||
        memcmp(insn, sig, sizeof(sig)))
        return false;
    pv_cpuid(regs);
    regs->rip += sizeof(sig);
    return true;
}

/*
 * int $n from the guest reaches the hypervisor as #GP (its IDT gate has DPL
 * 0). Decode the bytes, since QEMU 7.2 reports a wrong error code: CD nn is
 * delivered to trap nn if its DPL allows the guest's mode (kernel: DPL >= 1,
 * user: DPL 3), with RIP after the instruction; else #GP(nn * 8 + 2).
 * int $0x80 reaches a registered handler whatever its DPL, as on Xen.
 */
static bool emulate_int_n(struct cpu_regs *regs)
{
    struct vcpu *v = current;
    uint8_t insn[2];
    unsigned int vec;
    const struct pv_trap *t;

    if (fetch_guest_insn(regs, insn, 2) != 2 || insn[0] != 0xcd)
        return false;
    vec = insn[1];
    t = pv_trap_of(v, vec);
    /* int $0x80 with a handler skips the DPL check: Xen's fast path. */
    if (t->address && (vec == 0x80 || t->dpl >= (v->arch.kernel_mode ? 1 : 3))) {
        regs->rip += 2;
        regs->vector = vec;
        pv_bounce(regs, t->address, false, 0, t->mask_events);
    } else {
        pv_inject_exception(regs, X86_EXC_GP, true, vec * 8 + 2);
    }
    return true;
}

void pv_trap(struct cpu_regs *regs)
{
    struct vcpu *v = current;
    unsigned int vec = (unsigned int)regs->vector;
    uint32_t err = (uint32_t)regs->error_code;

    switch (vec) {
    case X86_EXC_PF: {
        uint64_t cr2 = read_cr2();

        /*
         * The CPU reading the guest's LDT through the LDT area: map that
         * page and retry, leaving the guest's CR2 alone; if it cannot be,
         * the guest sees the fault at the LDT's own address, as on Xen.
         */
        if (cr2 >= LDT_VIRT_START && cr2 < LDT_VIRT_START + LDT_PAGES * PAGE_SIZE) {
            if (pv_ldt_fault(v, cr2))
                break;
            cr2 = v->arch.ldt_base + (cr2 - LDT_VIRT_START);
        }
        v->arch.cr2 = cr2;
        v->vcpu_info->arch.cr2 = cr2;
        /* U/S says which guest mode faulted, not the CPL (always 3). */
        err = v->arch.kernel_mode ? err & ~4u : err | 4u;
        /* A kernel store to its read-only L1 table (writable_pagetables). */
        if (v->arch.kernel_mode && (err & 3) == 3 &&
            pv_ptwr_emulate(regs, v->arch.cr2))
            break;
        pv_inject_exception(regs, vec, true, err);
        break;
    }
    case X86_EXC_UD:
        if (!emulate_forced_cpuid(regs))
            pv_inject_exception(regs, vec, false, 0);
        break;
    case X86_EXC_GP:
        if (err == 0 && v->arch.kernel_mode && pv_emulate_priv_op(regs))
            break;
        if (!emulate_int_n(regs))
            pv_inject_exception(regs, vec, true, err);
        break;
    case X86_EXC_NM:
        /* Only reaches us while the virtual TS is set: clear it, deliver. */
        v->arch.virt_ts = false;
        write_cr0(read_cr0() & ~X86_CR0_TS);
        pv_inject_exception(regs, vec, false, 0);
        break;
    case 2:     /* NMI */
    case 18:    /* machine check */
        printk(LOG_WARN, "d%u: vector %u while the guest ran; ignored",
               v->domain->domid, vec);
        break;
    default:
        pv_inject_exception(regs, vec, has_error_code(vec), err);
        break;
    }
    pv_exit_to_guest(regs);
}
