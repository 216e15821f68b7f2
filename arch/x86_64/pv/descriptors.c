/* SPDX-License-Identifier: MIT */
/*
 * Guest descriptor tables: set_gdt and update_descriptor. A GDT frame takes
 * the seg_desc page type (so it cannot be mapped writable while in use) and
 * every descriptor in it is checked (check_descriptor). The frames appear
 * read-only as pages 0-13 of the GDT area; page 14 is the hypervisor's.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/smp.h>
#include <asm/desc.h>
#include <asm/pagetype.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/setup.h>
#include <asm/uaccess.h>
#include <public/arch-x86_64.h>
#include <public/xen.h>

/*
 * set_gdt(frame_list, entries): the guest GDT becomes the frames in
 * frame_list (ceil(entries / 512) of them), entries <= 7168.
 * -EINVAL: too many entries, a frame not the caller's, mapped writable, in
 * use as something else, or holding a refused descriptor (nothing changes);
 * -EFAULT: unreadable list.
 */
long hc_set_gdt(uint64_t frame_list, uint64_t entries)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    uint64_t frames[GDT_GUEST_PAGES];
    unsigned int nr, i;

    entries = (uint32_t)entries;        /* Xen's unsigned int */
    if (entries > FIRST_RESERVED_GDT_ENTRY)
        return -EINVAL;
    nr = (unsigned int)((entries + 511) / 512);
    if (nr && copy_from_guest(frames, frame_list, nr * sizeof(frames[0])))
        return -EFAULT;
    for (i = 0; i < nr; i++) {
        if (get_page_and_type(frames[i], PGT_seg_desc, d)) {
            while (i--)
                put_page_and_type(frames[i]);
            return -EINVAL;
        }
    }
    for (i = 0; i < v->arch.gdt_nr_frames; i++)
        put_page_and_type(v->arch.gdt_frames[i]);
    for (i = 0; i < GDT_GUEST_PAGES; i++) {
        v->arch.gdt_frames[i] = i < nr ? frames[i] : 0;
        gdt_map_guest_page(i, v->arch.gdt_frames[i]);
    }
    v->arch.gdt_nr_frames = nr;
    return 0;
}

/*
 * update_descriptor(ma, desc): write one descriptor at machine address @ma
 * (8-byte aligned, in a frame of the caller's that is a GDT/LDT page or
 * could be mapped writable). -EINVAL for a misaligned address, a foreign
 * frame, a page table, or a refused descriptor.
 */
long hc_update_descriptor(uint64_t ma, uint64_t desc)
{
    struct domain *d = current->domain;
    mfn_t mfn = ma >> PAGE_SHIFT;
    struct frame *f;
    uint64_t type;

    if (ma & 7 || !check_descriptor(&desc))
        return -EINVAL;
    if (get_page(mfn, d))
        return -EINVAL;
    f = mfn_to_frame(mfn);
    type = (f->type_info & PGT_type_mask) == PGT_seg_desc &&
           (f->type_info & PGT_count_mask) ? PGT_seg_desc : PGT_writable;
    if (get_page_type(mfn, type, d)) {
        put_page(mfn);
        return -EINVAL;
    }
    ((uint64_t *)phys_to_virt(mfn << PAGE_SHIFT))[(ma & (PAGE_SIZE - 1)) / 8] = desc;
    put_page_and_type(mfn);
    return 0;
}

/* Give back the LDT pages @v has mapped (their descriptor-page refs). */
static void ldt_release(struct vcpu *v)
{
    /*
     * Only pages the LDT's size covers are ever mapped (pv_ldt_fault), and
     * the size changes only after a release: most guests have none, and a
     * new_baseptr (every address-space switch) skips the walk.
     */
    unsigned int pages = (v->arch.ldt_ents + 511) / 512;

    for (unsigned int i = 0; i < pages && i < LDT_PAGES; i++) {
        if (v->arch.ldt_frames[i]) {
            put_page_and_type(v->arch.ldt_frames[i]);
            v->arch.ldt_frames[i] = 0;
            if (v == current)   /* only the running vCPU's are mapped */
                ldt_map_page(i, 0);
        }
    }
}

void pv_ldt_invalidate(struct vcpu *v)
{
    ldt_release(v);
}

long pv_set_ldt(struct vcpu *v, uint64_t base, uint64_t ents)
{
    if (!ents)
        base = 0;               /* no LDT: the address does not matter (Xen) */
    if ((base & (PAGE_SIZE - 1)) || ents > 8192)
        return -EINVAL;
    if (ents && !guest_range_ok(base, ents * 8))
        return -EINVAL;
    ldt_release(v);
    v->arch.ldt_base = base;
    v->arch.ldt_ents = (unsigned int)ents;
    ldt_load(v->arch.ldt_ents);
    return 0;
}

/* Map LDT page @page of @v from the guest's tables; under the lock. */
static bool ldt_map_from_guest(struct vcpu *v, unsigned int page)
{
    uint64_t gva, pte;
    mfn_t l1, mfn;

    if ((uint64_t)page * 512 >= v->arch.ldt_ents || v->arch.ldt_frames[page])
        return false;
    gva = v->arch.ldt_base + (uint64_t)page * PAGE_SIZE;
    l1 = pv_l1_for_va(v, gva);
    if (l1 == MFN_INVALID)
        return false;
    pte = ((uint64_t *)phys_to_virt(l1 << PAGE_SHIFT))[(gva >> PAGE_SHIFT) & 511];
    if (!(pte & _PAGE_PRESENT))
        return false;
    mfn = (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
    /* Like a GDT frame: the domain's, never writable while in use. */
    if (get_page_and_type(mfn, PGT_seg_desc, v->domain))
        return false;
    v->arch.ldt_frames[page] = mfn;
    ldt_map_page(page, mfn);
    return true;
}

/*
 * Takes the hypervisor lock (nested where it is held: a guest #PF, a
 * context switch) for the mapping's frame references: the hypervisor's
 * own iretq in restore_all, which loads a guest LDT selector, runs with
 * the lock dropped.
 */
bool pv_ldt_fault(struct vcpu *v, uint64_t addr)
{
    bool mapped;

    if (addr < LDT_VIRT_START || addr >= LDT_VIRT_START + LDT_PAGES * PAGE_SIZE)
        return false;
    hv_lock();
    mapped = ldt_map_from_guest(v, (unsigned int)((addr - LDT_VIRT_START) >> PAGE_SHIFT));
    hv_unlock();
    return mapped;
}

void pv_ldt_switch_in(struct vcpu *v)
{
    for (unsigned int i = 0; i < LDT_PAGES; i++)
        ldt_map_page(i, v->arch.ldt_frames[i]);
    ldt_load(v->arch.ldt_ents);
}
