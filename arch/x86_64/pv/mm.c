/* SPDX-License-Identifier: MIT */
/*
 * The MMU hypercalls of a PV guest: mmu_update, mmuext_op and
 * update_va_mapping. All page-table writes go through mod_pt_entry()
 * (asm/pagetype.h), which validates before it writes. Batches stop at the
 * first failing entry, whose error is returned; *pdone counts the entries
 * done, as on Xen.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/smp.h>
#include <asm/m2p.h>
#include <asm/pagetype.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <public/xen.h>

#define BATCH_MAX   (1u << 20)  /* entries one call may name */
/*
 * Entries a batch runs before it looks at the preemption clock (which
 * starts at the first look, with a TSC read): a few never need it, and
 * the usual small batch (an address-space switch's two base pointers)
 * should not pay for it.
 */
#define BATCH_UNCHECKED 4
#define PREEMPTED   (1ULL << 31)        /* MMU_UPDATE_PREEMPTED: a continuation */

/*
 * The count of a batch of @size-byte entries at @list, as Xen takes it: an
 * unsigned int (the register's upper half is ignored) whose bit 31 marks a
 * batch resumed after preemption; *pdone then already holds what the
 * earlier parts did, and keeps adding up. No bound on the count: a long
 * batch preempts itself (batch_preempt). The whole array must lie in guest
 * space (-EFAULT before anything is done, as Xen's guest_handle_okay).
 */
static long batch_start(uint64_t *count, uint64_t list, uint64_t size,
                        uint64_t pdone, uint64_t *done_base)
{
    *done_base = 0;
    *count = (uint32_t)*count;
    if (*count & PREEMPTED) {
        uint32_t n = 0;

        *count &= ~PREEMPTED;
        if (pdone && copy_from_guest(&n, pdone, sizeof(n)))
            return -EFAULT;
        *done_base = n;
    }
    return guest_range_ok(list, *count * size) ? 0 : -EFAULT;
}


static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/* Guest user pages are global (pagetype.c): a TLB flush includes them. */
static void flush_tlb_local(void)
{
    flush_tlb_global();
}

/*
 * A flush of every CPU running the domain: for *_ALL and *_MULTI scopes
 * (the vCPU bitmap is not narrowed down: every CPU of the domain flushes,
 * which is more than asked and always safe). An INVLPG scope flushes the
 * whole TLB on the other CPUs.
 */
static void flush_tlb_all_of(struct domain *d)
{
    flush_tlb_domain(d);
}

/*
 * foreigndom: bits 0-15 the owner of the frames mapped (DOMID_SELF or the
 * caller, or for dom0 a domain it created), bits 16-31 the page-table
 * owner plus one (0: the caller).
 */
static long check_foreigndom_slow(uint64_t fd, struct domain **pg_owner)
{
    struct domain *d = current->domain, *f;
    uint16_t id = fd & 0xffff;
    uint32_t pt_owner = (uint32_t)(fd >> 16) & 0xffff;

    *pg_owner = d;
    if (pt_owner && pt_owner - 1 != d->domid)
        return domain_lookup((uint16_t)(pt_owner - 1)) ? -EPERM : -ESRCH;
    if (id == DOMID_SELF || id == d->domid)
        return 0;
    if (!d->privileged)
        return domain_lookup(id) ? -EPERM : -ESRCH;
    /*
     * dom0 names the domain whose frames it maps or whose tables it pins:
     * one it created (its toolstack's), not a boot-time domain.
     */
    f = domain_lookup(id);
    if (!f || f->dying)
        return -ESRCH;
    if (f->builder != d->domid)
        return -EPERM;
    *pg_owner = f;
    return 0;
}

/* The caller's own memory (the usual DOMID_SELF) without a call. */
static inline long check_foreigndom(uint64_t fd, struct domain **pg_owner)
{
    if (likely(fd == DOMID_SELF)) {
        *pg_owner = current->domain;
        return 0;
    }
    return check_foreigndom_slow(fd, pg_owner);
}

/* *pdone is an unsigned int in the ABI: write exactly 4 bytes. */
static long report_done(uint64_t pdone, uint64_t done)
{
    uint32_t n = (uint32_t)done;

    if (pdone && copy_to_guest(pdone, &n, sizeof(n)))
        return -EFAULT;
    return 0;
}

/*
 * A flush scope naming a vCPU bitmap in guest memory (UVMF_MULTI, the
 * *_MULTI mmuext ops): read it, so a bad pointer fails as on Xen. With one
 * vCPU the flush itself is local either way.
 */
static long read_vcpumask(uint64_t ptr)
{
    uint64_t mask;

    return copy_from_guest(&mask, ptr, sizeof(mask)) ? -EFAULT : 0;
}

/*
 * Out of time at entry @i of a batch of @size-byte entries at @list: record
 * what is done and ask to be called again for the rest. Returns true if
 * the batch must stop here (*rc then holds what to return).
 */
static bool batch_preempt(uint64_t list, uint64_t i, uint64_t size,
                          uint64_t count, uint64_t pdone, uint64_t base,
                          uint64_t fd, long *rc)
{
    if (i < BATCH_UNCHECKED || !hypercall_preempt_check())
        return false;
    if (report_done(pdone, base + i)) {
        *rc = -EFAULT;
        return true;
    }
    hypercall_continue(list + i * size, (count - i) | PREEMPTED, pdone, fd, 0);
    *rc = 0;
    return true;
}

/*
 * One MMU_*_PT_UPDATE: the entry at machine address @ma (a table of @d)
 * becomes @val; an L1 entry maps a frame of @pg_owner.
 */
static long pt_update(struct domain *d, struct domain *pg_owner, uint64_t ma,
                      uint64_t val, bool preserve_ad)
{
    mfn_t mfn = ma >> PAGE_SHIFT;
    unsigned int idx = (ma & (PAGE_SIZE - 1)) / 8;
    struct frame *f;
    unsigned int level;
    long rc;

    if (get_page(mfn, d))
        return -EINVAL;
    f = mfn_to_frame(mfn);
    level = pgt_level(f->type_info);
    if (level && (f->type_info & PGT_count_mask)) {
        rc = mod_pt_entry_foreign(d, pg_owner, mfn, level, idx, val, preserve_ad);
        if (!rc && level > 1)
            flush_tlb_all_of(d);        /* upper levels: Xen flushes; L1: the guest does */
    } else if ((rc = get_page_type(mfn, PGT_writable, d)) == 0) {
        /* Not a page table in use: a plain write. */
        ((uint64_t *)phys_to_virt(mfn << PAGE_SHIFT))[idx] = val;
        put_page_type(mfn);
    }
    put_page(mfn);
    return rc;
}

/*
 * mmu_update(reqs, count, pdone, foreigndom): each {ptr, val} with the
 * command in ptr's low 3 bits: MMU_NORMAL_PT_UPDATE, MMU_PT_UPDATE_PRESERVE_AD,
 * MMU_PT_UPDATE_NO_TRANSLATE (same as normal for PV) write the page-table
 * entry at machine address ptr; MMU_MACHPHYS_UPDATE sets M2P[ptr >> 12] =
 * val for a frame the caller owns. Errors: -EINVAL (refused entry, frame
 * not the caller's, hypervisor slot), -EBUSY (writable mapping of a page
 * table), -EFAULT, -ENOSYS (unknown command), -EPERM/-ESRCH (foreigndom).
 */
long hc_mmu_update(uint64_t reqs, uint64_t count, uint64_t pdone, uint64_t fd)
{
    struct domain *d = current->domain, *pg_owner;
    uint64_t i, base;
    long rc = batch_start(&count, reqs, sizeof(struct mmu_update), pdone, &base);

    if (!rc)
        rc = check_foreigndom(fd, &pg_owner);
    if (rc)
        return rc;
    for (i = 0; i < count && !rc; i++) {
        struct mmu_update u;

        if (batch_preempt(reqs, i, sizeof(u), count, pdone, base, fd, &rc))
            return rc;

        if (copy_from_guest(&u, reqs + i * sizeof(u), sizeof(u))) {
            rc = -EFAULT;
            break;
        }
        switch (u.ptr & 7) {
        case MMU_NORMAL_PT_UPDATE:
        case MMU_PT_UPDATE_NO_TRANSLATE:
            rc = pt_update(d, pg_owner, u.ptr & ~7ULL, u.val, false);
            break;
        case MMU_PT_UPDATE_PRESERVE_AD:
            rc = pt_update(d, pg_owner, u.ptr & ~7ULL, u.val, true);
            break;
        case MMU_MACHPHYS_UPDATE:
            if (get_page(u.ptr >> PAGE_SHIFT, pg_owner)) {
                rc = -EINVAL;
                break;
            }
            m2p_set(u.ptr >> PAGE_SHIFT, u.val);
            put_page(u.ptr >> PAGE_SHIFT);
            break;
        default:
            rc = -ENOSYS;
            break;
        }
        if (rc)
            break;
    }
    if (report_done(pdone, base + i))
        return -EFAULT;
    return rc;
}

static long pin(struct domain *d, mfn_t mfn, uint64_t type)
{
    long rc;

    if (mfn < frame_table_size && mfn_to_frame(mfn)->owner == d->domid &&
        (mfn_to_frame(mfn)->type_info & PGT_pinned))
        return -EINVAL;
    /*
     * As Xen: a frame that cannot take the type (not the caller's, in use
     * as something else) -EINVAL; one whose validation refuses an entry,
     * that entry's error (-EBUSY for a writable mapping of a page table or
     * a frame not the domain's, -EINVAL for bad bits).
     */
    rc = get_page_and_type(mfn, type, d);
    if (rc)
        return rc == -EBUSY ? -EBUSY : -EINVAL;
    mfn_to_frame(mfn)->type_info |= PGT_pinned;
    return 0;
}

static long unpin(struct domain *d, mfn_t mfn)
{
    if (mfn >= frame_table_size || mfn_to_frame(mfn)->owner != d->domid ||
        mfn_to_frame(mfn)->state != FRAME_ALLOCATED ||
        !(mfn_to_frame(mfn)->type_info & PGT_pinned))
        return -EINVAL;
    mfn_to_frame(mfn)->type_info &= ~PGT_pinned;
    put_page_and_type(mfn);
    return 0;
}

/* Replace a base pointer (kernel or user L4), reference counts included. */
long pv_new_baseptr(struct vcpu *v, mfn_t mfn, bool user)
{
    uint64_t *slot = user ? &v->arch.guest_table_user : &v->arch.guest_table;
    mfn_t old = *slot;

    if (user && mfn == 0) {
        *slot = 0;
    } else {
        bool strict = v->domain->vm_assist & (1UL << VMASST_TYPE_m2p_strict);

        if (get_page_and_type(mfn, PGT_l4, v->domain))
            return -EINVAL;
        if (user && strict)
            pv_l4_set_ro_mpt(phys_to_virt(mfn << PAGE_SHIFT), false);
        else if (!user && !strict)
            pv_l4_set_ro_mpt(phys_to_virt(mfn << PAGE_SHIFT), true);
        /* The LDT's pages were found through the old tables (none without an LDT). */
        if (!user && mfn != old && v->arch.ldt_ents)
            pv_ldt_invalidate(v);
        *slot = mfn;
        if (v == current && user == !v->arch.kernel_mode)
            pv_load_cr3(mfn);
    }
    if (old)
        put_page_and_type(old);
    return 0;
}

/*
 * One mmuext op of @v's. Pins and unpins act on @pg_owner's tables (the
 * caller's, or for dom0 the domain foreigndom names: a domain it builds).
 */
static long mmuext_one(struct vcpu *v, struct domain *pg_owner,
                       const struct mmuext_op *op)
{
    struct domain *d = v->domain;

    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return pin(pg_owner, op->arg1.mfn, (uint64_t)(op->cmd + 1) << 61);
    case MMUEXT_UNPIN_TABLE:
        return unpin(pg_owner, op->arg1.mfn);
    case MMUEXT_NEW_BASEPTR:
        return pv_new_baseptr(v, op->arg1.mfn, false);
    case MMUEXT_NEW_USER_BASEPTR:
        return pv_new_baseptr(v, op->arg1.mfn, true);
    case MMUEXT_TLB_FLUSH_MULTI:
        if (read_vcpumask(op->arg2.vcpumask))
            return -EINVAL;     /* Xen 4.17: -EINVAL, not -EFAULT, here */
        /* fall through */
    case MMUEXT_TLB_FLUSH_ALL:
        flush_tlb_all_of(d);
        return 0;
    case MMUEXT_TLB_FLUSH_LOCAL:
        flush_tlb_local();
        return 0;
    case MMUEXT_INVLPG_MULTI:
        if (read_vcpumask(op->arg2.vcpumask))
            return -EINVAL;
        /* fall through */
    case MMUEXT_INVLPG_ALL:
        if (nr_cpus > 1)
            flush_tlb_all_of(d);
        /* fall through */
    case MMUEXT_INVLPG_LOCAL:
        if (canonical(op->arg1.linear_addr))
            invlpg((const void *)(uintptr_t)op->arg1.linear_addr);
        return 0;
    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        if (!d->privileged)
            return -EACCES;
        __asm__ volatile("wbinvd" ::: "memory");
        return 0;
    case MMUEXT_SET_LDT:
        return pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
    case MMUEXT_CLEAR_PAGE:
        if (get_page_and_type(op->arg1.mfn, PGT_writable, d))
            return -EINVAL;
        memset(phys_to_virt(op->arg1.mfn << PAGE_SHIFT), 0, PAGE_SIZE);
        put_page_and_type(op->arg1.mfn);
        return 0;
    case MMUEXT_COPY_PAGE:
        if (get_page(op->arg2.src_mfn, d))
            return -EINVAL;
        if (get_page_and_type(op->arg1.mfn, PGT_writable, d)) {
            put_page(op->arg2.src_mfn);
            return -EINVAL;
        }
        memcpy(phys_to_virt(op->arg1.mfn << PAGE_SHIFT),
               phys_to_virt(op->arg2.src_mfn << PAGE_SHIFT), PAGE_SIZE);
        put_page_and_type(op->arg1.mfn);
        put_page(op->arg2.src_mfn);
        return 0;
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -EOPNOTSUPP;
    default:
        return -ENOSYS;
    }
}

/*
 * mmuext_op(ops, count, pdone, foreigndom): pin/unpin page tables, set the
 * kernel and user base pointers, flush TLBs, clear/copy pages (see
 * mmuext_one for each command and its errors).
 */
long hc_mmuext_op(uint64_t ops, uint64_t count, uint64_t pdone, uint64_t fd)
{
    struct domain *pg_owner;
    uint64_t i, base;
    long rc = batch_start(&count, ops, sizeof(struct mmuext_op), pdone, &base);

    if (!rc)
        rc = check_foreigndom(fd, &pg_owner);
    if (rc)
        return rc;
    for (i = 0; i < count; i++) {
        struct mmuext_op op;

        if (batch_preempt(ops, i, sizeof(op), count, pdone, base, fd, &rc))
            return rc;

        if (copy_from_guest(&op, ops + i * sizeof(op), sizeof(op))) {
            rc = -EFAULT;
            break;
        }
        rc = mmuext_one(current, pg_owner, &op);
        if (rc)
            break;
    }
    if (report_done(pdone, base + i))
        return -EFAULT;
    return rc;
}

/* The L1 table mapping @va in the vCPU's kernel page tables, or MFN_INVALID. */
mfn_t pv_l1_for_va(struct vcpu *v, uint64_t va)
{
    mfn_t mfn = v->arch.guest_table;

    for (unsigned int shift = 39; shift >= 21; shift -= 9) {
        uint64_t e = ((uint64_t *)phys_to_virt(mfn << PAGE_SHIFT))[(va >> shift) & 511];

        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return MFN_INVALID;
        mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
    }
    if (pgt_level(mfn_to_frame(mfn)->type_info) != 1 ||
        !(mfn_to_frame(mfn)->type_info & PGT_count_mask))
        return MFN_INVALID;
    return mfn;
}

/*
 * update_va_mapping(va, val, flags): set the L1 entry mapping @va (found
 * through the current kernel page tables) to @val, then flush as
 * flags & UVMF_FLUSHTYPE_MASK says. -EINVAL if no L1 table maps @va or @va
 * is not guest space; otherwise mod_pt_entry's errors.
 */
long hc_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
{
    struct vcpu *v = current;
    mfn_t l1;
    long rc;

    if (!canonical(va) || !guest_range_ok(va, 1))
        return -EINVAL;
    l1 = pv_l1_for_va(v, va);
    if (l1 == MFN_INVALID)
        return -EINVAL;
    rc = mod_pt_entry(v->domain, l1, 1, (va >> PAGE_SHIFT) & 511, val, false);
    if (rc)
        return rc;
    /* As on Xen, the entry is written before a bad vCPU bitmap is found. */
    if ((flags & ~(uint64_t)UVMF_FLUSHTYPE_MASK) &&
        (flags & ~(uint64_t)UVMF_FLUSHTYPE_MASK) != UVMF_ALL &&
        read_vcpumask(flags & ~(uint64_t)UVMF_FLUSHTYPE_MASK))
        return -EFAULT;
    /* Beyond this vCPU (UVMF_ALL or a bitmap): every CPU of the domain. */
    if ((flags & UVMF_FLUSHTYPE_MASK) && (flags & ~(uint64_t)UVMF_FLUSHTYPE_MASK) &&
        nr_cpus > 1)
        flush_tlb_all_of(v->domain);
    switch (flags & UVMF_FLUSHTYPE_MASK) {
    case UVMF_INVLPG:
        invlpg((const void *)(uintptr_t)va);
        break;
    case UVMF_TLB_FLUSH:
        flush_tlb_local();
        break;
    }
    return 0;
}
