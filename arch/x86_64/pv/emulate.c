/* SPDX-License-Identifier: MIT */
/*
 * Privileged instructions of a PV guest kernel: the few Xen emulates after
 * the #GP they raise in ring 3 (mov to/from CR, rdmsr/wrmsr of the MSRs a
 * PV kernel may touch, I/O ports and cli/sti under the virtual IOPL, clts,
 * wbinvd) and the CPUID policy. Everything else (hlt, lgdt, lidt, swapgs,
 * invlpg ...) is not emulated: the guest gets its #GP, as on Xen.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <asm/pagetype.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <public/xen.h>

#define MSR_PAT     0x277
#define MSR_HYPERCALL_PAGE 0x40000000  /* CPUID 0x40000002 EBX names it */
#define MSR_MISC_ENABLE 0x1a0
#define MISC_ENABLE_BTS_UNAVAIL  (1ULL << 11)
#define MISC_ENABLE_PEBS_UNAVAIL (1ULL << 12)
#define XEN_MSR_PAT 0x0000050100070406ULL       /* WB WT UC- UC WC WP UC UC */

static uint64_t *gpr(struct cpu_regs *r, unsigned int n)
{
    switch (n & 15) {
    case 0: return &r->rax;
    case 1: return &r->rcx;
    case 2: return &r->rdx;
    case 3: return &r->rbx;
    case 4: return &r->rsp;
    case 5: return &r->rbp;
    case 6: return &r->rsi;
    case 7: return &r->rdi;
    case 8: return &r->r8;
    case 9: return &r->r9;
    case 10: return &r->r10;
    case 11: return &r->r11;
    case 12: return &r->r12;
    case 13: return &r->r13;
    case 14: return &r->r14;
    default: return &r->r15;
    }
}

void pv_cpuid(struct cpu_regs *regs)
{
    uint32_t leaf = (uint32_t)regs->rax, sub = (uint32_t)regs->rcx;
    uint32_t a = 0, b = 0, c = 0, d = 0;

    if ((leaf & 0xffffff00) == 0x40000000) {
        switch (leaf) {
        case 0x40000000:        /* "XenVMMXenVMM", highest leaf */
            a = 0x40000002;
            b = 0x566e6558; c = 0x65584d4d; d = 0x4d4d566e;
            break;
        case 0x40000001:        /* the Xen interface version implemented */
            a = (4u << 16) | 17;
            break;
        case 0x40000002:        /* one hypercall page, set through MSR 0x40000000 */
            a = 1; b = 0x40000000; c = 1;  /* c bit 0: PT_UPDATE_PRESERVE_AD */
            break;
        }
    } else {
        cpuid_count(leaf, sub, &a, &b, &c, &d);
        switch (leaf) {
        case 1:
            /* Hide what a PV guest must not use or cannot control. */
            c &= ~((1u << 3) |  /* MONITOR */
                   (1u << 5) | (1u << 6) |      /* VMX, SMX */
                   (1u << 7) | (1u << 8) |      /* EIST, TM2 */
                   (1u << 17) |                 /* PCID */
                   (1u << 21) | (1u << 24) |    /* x2APIC, TSC deadline */
                   (1u << 26) | (1u << 27) | (1u << 28));  /* XSAVE, OSXSAVE, AVX */
            c |= 1u << 31;      /* running on a hypervisor */
            d &= ~((1u << 1) | (1u << 3) |      /* VME, PSE */
                   (1u << 12) | (1u << 13) |    /* MTRR, PGE */
                   (1u << 17) | (1u << 21) |    /* PSE36, DS */
                   (1u << 22) | (1u << 29) | (1u << 31));  /* ACPI, TM, PBE */
            break;
        case 5: case 6:         /* MONITOR, power management */
            a = b = c = d = 0;
            break;
        case 7:
            if (sub == 0) {
                b &= ~((1u << 5) | (1u << 10) | (1u << 4) | (1u << 11) |
                       0xfffc0000u);    /* AVX2, INVPCID, HLE, RTM, AVX-512... */
                c &= ~((1u << 3) | (1u << 4));  /* PKU, OSPKE */
            }
            break;
        case 0xd:               /* XSAVE state: not offered */
            a = b = c = d = 0;
            break;
        case 0x8000000a:        /* SVM */
            a = b = c = d = 0;
            break;
        }
    }
    regs->rax = a;
    regs->rbx = b;
    regs->rcx = c;
    regs->rdx = d;
}

static bool rdmsr_pv(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch (msr) {
    case MSR_FS_BASE: *val = rdmsr(MSR_FS_BASE); return true;
    case MSR_GS_BASE: *val = rdmsr(MSR_GS_BASE); return true;
    case MSR_KERNEL_GS_BASE: *val = rdmsr(MSR_KERNEL_GS_BASE); return true;
    case MSR_EFER: *val = rdmsr(MSR_EFER); return true;
    case MSR_APIC_BASE:
        *val = 0xfee00000ULL | (1ULL << 11) | (v->id == 0 ? 1ULL << 8 : 0);
        return true;
    case MSR_PAT: *val = XEN_MSR_PAT; return true;
    case 0x10: *val = rdtsc(); return true;     /* TSC */
    case MSR_MISC_ENABLE:
        /* As Xen: branch trace and PEBS reported unavailable. */
        *val = MISC_ENABLE_BTS_UNAVAIL | MISC_ENABLE_PEBS_UNAVAIL;
        return true;
    default: return false;
    }
}

static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

static bool wrmsr_pv(struct vcpu *v, uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_FS_BASE:
        if (!canonical(val))
            return false;
        wrmsr(MSR_FS_BASE, val);
        v->arch.fs_base = val;
        return true;
    case MSR_GS_BASE:
        if (!canonical(val))
            return false;
        wrmsr(MSR_GS_BASE, val);
        v->arch.gs_base_kernel = val;
        return true;
    case MSR_KERNEL_GS_BASE:
        if (!canonical(val))
            return false;
        wrmsr(MSR_KERNEL_GS_BASE, val);
        v->arch.gs_base_user = val;
        return true;
    case MSR_EFER:
        return val == rdmsr(MSR_EFER);  /* only a write that changes nothing */
    case MSR_PAT:
        return val == XEN_MSR_PAT;
    case MSR_HYPERCALL_PAGE: {
        /* val = machine address of a frame of the guest's: fill it with stubs. */
        mfn_t mfn = val >> PAGE_SHIFT;

        if (val & (PAGE_SIZE - 1))
            return false;
        if (get_page_and_type(mfn, PGT_writable, v->domain))
            return false;
        pv_fill_hypercall_page(phys_to_virt(mfn << PAGE_SHIFT));
        put_page_and_type(mfn);
        return true;
    }
    default:
        return false;
    }
}

/*
 * Xen's compatibility quirk: before a guest has a #GP handler, reading an
 * MSR the hardware has (outside the hypervisor leaves 0x4000xxxx) returns
 * 0 instead of faulting, so early boot code that probes MSRs survives.
 */
static bool rdmsr_quirk(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    uint64_t ignored;

    if (pv_trap_of(v, 13)->address || (msr >> 16) == 0x4000 ||
        rdmsr_safe(msr, &ignored))
        return false;
    printk(LOG_DEBUG, "d%u: faking RDMSR %#x (no #GP handler yet)",
           v->domain->domid, msr);
    *val = 0;
    return true;
}

/* Port I/O under the virtual IOPL: no port is assigned, reads give ones.
 * Returns the instruction length from the opcode. */
static unsigned int emulate_io(struct cpu_regs *regs, const uint8_t *p, bool opsize16)
{
    unsigned int size = (p[0] & 1) ? (opsize16 ? 2 : 4) : 1;
    bool in = p[0] == 0xe4 || p[0] == 0xe5 || p[0] == 0xec || p[0] == 0xed;
    unsigned int len = (p[0] <= 0xe7) ? 2 : 1;  /* imm8 port forms */

    if (in) {
        uint64_t ones = size == 4 ? 0xffffffffULL : size == 2 ? 0xffff : 0xff;

        if (size == 4)
            regs->rax = ones;   /* a 32-bit write zero-extends */
        else
            regs->rax |= ones;
    }
    return len;
}

bool pv_emulate_priv_op(struct cpu_regs *regs)
{
    struct vcpu *v = current;
    uint8_t insn[16];
    unsigned int n = fetch_guest_insn(regs, insn, sizeof(insn)), i = 0;
    unsigned int rex = 0;
    bool opsize16 = false;
    uint64_t val;

    if (n && insn[i] == 0x66) {
        opsize16 = true;
        i++;
    }
    if (i < n && (insn[i] & 0xf0) == 0x40)
        rex = insn[i++];
    if (i >= n)
        return false;

    switch (insn[i]) {
    case 0xe4: case 0xe5: case 0xe6: case 0xe7:
    case 0xec: case 0xed: case 0xee: case 0xef:
        if (v->arch.iopl < 1)
            return false;
        regs->rip += i + emulate_io(regs, &insn[i], opsize16);
        return true;
    case 0xfa: case 0xfb:       /* cli, sti: no-ops under IOPL, never the event mask */
        if (v->arch.iopl < 1)
            return false;
        regs->rip += i + 1;
        return true;
    case 0x0f:
        break;
    default:
        return false;
    }
    if (++i >= n)
        return false;
    switch (insn[i]) {
    case 0x06:                  /* clts */
        v->arch.virt_ts = false;
        write_cr0(read_cr0() & ~X86_CR0_TS);
        regs->rip += i + 1;
        return true;
    case 0x09:                  /* wbinvd: dom0 may flush caches, others no-op */
        if (v->domain->privileged)
            __asm__ volatile("wbinvd" ::: "memory");
        regs->rip += i + 1;
        return true;
    case 0x20: {                /* mov %crN, %reg */
        uint8_t modrm;
        unsigned int cr, reg;

        if (++i >= n || ((modrm = insn[i]) >> 6) != 3)
            return false;
        cr = ((modrm >> 3) & 7) | ((rex & 4) << 1);
        reg = (modrm & 7) | ((rex & 1) << 3);
        switch (cr) {
        case 0: val = (read_cr0() & ~X86_CR0_TS) | (v->arch.virt_ts ? X86_CR0_TS : 0); break;
        case 2: val = v->arch.cr2; break;
        case 3: val = v->arch.guest_table << 12; break;
        case 4: val = read_cr4() & (X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT); break;
        default: return false;
        }
        *gpr(regs, reg) = val;
        regs->rip += i + 1;
        return true;
    }
    case 0x22: {                /* mov %reg, %crN: CR0.TS, CR2, CR3, CR4 */
        uint8_t modrm;
        unsigned int cr, reg;
        uint64_t cur;

        if (++i >= n || ((modrm = insn[i]) >> 6) != 3)
            return false;
        cr = ((modrm >> 3) & 7) | ((rex & 4) << 1);
        reg = (modrm & 7) | ((rex & 1) << 3);
        val = *gpr(regs, reg);
        if (cr == 0) {
            cur = (read_cr0() & ~X86_CR0_TS) | (v->arch.virt_ts ? X86_CR0_TS : 0);
            if ((val ^ cur) & ~X86_CR0_TS)
                return false;
            v->arch.virt_ts = val & X86_CR0_TS;
            write_cr0(v->arch.virt_ts ? read_cr0() | X86_CR0_TS
                                      : read_cr0() & ~X86_CR0_TS);
        } else if (cr == 2) {
            v->arch.cr2 = val;
            v->vcpu_info->arch.cr2 = val;
        } else if (cr == 3) {
            /* A new kernel page-table root, as MMUEXT_NEW_BASEPTR. */
            if (pv_new_baseptr(v, (val & PTE_ADDR_MASK) >> PAGE_SHIFT, false))
                return false;
        } else if (cr == 4) {
            /*
             * The guest's CR4 is virtual and fixed (reads give PAE, OSFXSR,
             * OSXMMEXCPT): writes are accepted and change nothing.
             */
        } else {
            return false;
        }
        regs->rip += i + 1;
        return true;
    }
    case 0x32:                  /* rdmsr */
        if (!rdmsr_pv(v, (uint32_t)regs->rcx, &val) &&
            !rdmsr_quirk(v, (uint32_t)regs->rcx, &val))
            return false;
        regs->rax = (uint32_t)val;
        regs->rdx = val >> 32;
        regs->rip += i + 1;
        return true;
    case 0x30:                  /* wrmsr */
        if (!wrmsr_pv(v, (uint32_t)regs->rcx,
                      (regs->rdx << 32) | (uint32_t)regs->rax))
            return false;
        regs->rip += i + 1;
        return true;
    default:
        return false;
    }
}
