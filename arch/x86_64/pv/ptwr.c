/* SPDX-License-Identifier: MIT */
/*
 * Writable page tables (VMASST_TYPE_writable_pagetables, always on as in
 * Xen 4.17): a guest kernel
 * may write its L1 page-table entries with ordinary stores although the
 * L1 frames are mapped read-only. The store faults; when it is one of the
 * instructions kernels use for that (mov, xchg, cmpxchg of 8 bytes at an
 * aligned address in a validated L1 table of the domain), the hypervisor
 * performs it as a checked entry update (mod_pt_entry) and steps over the
 * instruction. Anything else is a real fault and goes to the guest.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <asm/pagetype.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <public/xen.h>

#define RFLAGS_ZF   (1UL << 6)

/* The L1 entry mapping @va in the current kernel page tables (0 if none). */
static uint64_t l1e_of(struct vcpu *v, uint64_t va, mfn_t *l1_mfn)
{
    mfn_t mfn = v->arch.guest_table;

    for (unsigned int shift = 39; shift >= 21; shift -= 9) {
        uint64_t e = ((uint64_t *)phys_to_virt(mfn << PAGE_SHIFT))[(va >> shift) & 511];

        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return 0;
        mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
    }
    *l1_mfn = mfn;
    return ((uint64_t *)phys_to_virt(mfn << PAGE_SHIFT))[(va >> 12) & 511];
}

static uint64_t *reg_ptr(struct cpu_regs *r, unsigned int n)
{
    uint64_t *map[16] = {
        &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
        &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
    };

    return map[n & 15];
}

/* Bytes of ModRM + SIB + displacement for a memory operand at @p. */
static unsigned int modrm_len(const uint8_t *p, unsigned int left)
{
    unsigned int mod = p[0] >> 6, rm = p[0] & 7, len = 1;

    if (mod == 3)
        return 0;               /* a register operand: not a store */
    if (rm == 4) {              /* SIB */
        if (left < 2)
            return 0;
        len++;
        if (mod == 0 && (p[1] & 7) == 5)
            len += 4;
    } else if (mod == 0 && rm == 5) {
        len += 4;               /* RIP-relative */
    }
    if (mod == 1)
        len += 1;
    else if (mod == 2)
        len += 4;
    return len <= left ? len : 0;
}

enum ptwr_op { OP_MOV_REG, OP_MOV_IMM, OP_XCHG, OP_CMPXCHG };

bool pv_ptwr_emulate(struct cpu_regs *regs, uint64_t addr)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    uint8_t insn[15];
    unsigned int n = fetch_guest_insn(regs, insn, sizeof(insn)), i = 0, ml;
    unsigned int rex = 0, reg;
    enum ptwr_op op;
    mfn_t l1_of_addr, target;
    uint64_t pte, val, old, *slot;
    struct frame *f;

    /*
     * Xen 4.17 emulates these stores for every 64-bit PV guest, whether it
     * enabled VMASST_TYPE_writable_pagetables or not; so does pvisor.
     */
    if (addr & 7)
        return false;
    /* The faulting address must be mapped read-only onto a live L1 table. */
    pte = l1e_of(v, addr, &l1_of_addr);
    if (!(pte & _PAGE_PRESENT) || (pte & _PAGE_RW))
        return false;
    target = (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
    if (target >= frame_table_size)
        return false;
    f = mfn_to_frame(target);
    if (f->owner != d->domid || pgt_level(f->type_info) != 1 ||
        !(f->type_info & PGT_count_mask))
        return false;

    while (i < n && insn[i] == 0xf0)    /* lock: fine for xchg/cmpxchg */
        i++;
    if (i < n && (insn[i] & 0xf0) == 0x40)
        rex = insn[i++];
    if (!(rex & 8) || i + 1 >= n)
        return false;                   /* only 8-byte stores */
    if (insn[i] == 0x89) {
        op = OP_MOV_REG;
        i++;
    } else if (insn[i] == 0xc7 && ((insn[i + 1] >> 3) & 7) == 0) {
        op = OP_MOV_IMM;
        i++;
    } else if (insn[i] == 0x87) {
        op = OP_XCHG;
        i++;
    } else if (insn[i] == 0x0f && insn[i + 1] == 0xb1) {
        op = OP_CMPXCHG;
        i += 2;
    } else {
        return false;
    }
    if (i >= n)
        return false;
    reg = ((insn[i] >> 3) & 7) | ((rex & 4) << 1);
    ml = modrm_len(&insn[i], n - i);
    if (!ml)
        return false;
    i += ml;
    if (op == OP_MOV_IMM) {
        int32_t imm;

        if (i + 4 > n)
            return false;
        memcpy(&imm, &insn[i], 4);
        i += 4;
        val = (uint64_t)(int64_t)imm;
    } else {
        val = *reg_ptr(regs, reg);
    }

    slot = (uint64_t *)phys_to_virt(target << PAGE_SHIFT) + ((addr & 0xfff) / 8);
    old = *slot;
    if (op == OP_CMPXCHG && old != regs->rax) {
        regs->rax = old;
        regs->rflags &= ~RFLAGS_ZF;
        regs->rip += i;
        return true;
    }
    if (mod_pt_entry(d, target, 1, (unsigned int)((addr & 0xfff) / 8), val, false))
        return false;           /* refused: the guest gets its #PF */
    if (op == OP_XCHG)
        *reg_ptr(regs, reg) = old;
    if (op == OP_CMPXCHG)
        regs->rflags |= RFLAGS_ZF;
    /* The guest flushes for L1 changes (as on Xen), but its own entry for
     * this address may be cached: drop it. */
    invlpg((const void *)(uintptr_t)addr);
    regs->rip += i;
    return true;
}
