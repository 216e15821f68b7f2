/* SPDX-License-Identifier: MIT */
/*
 * The boot-time domain builder: lay out and start a domain (dom0, or a
 * domain the boot configuration names) from a PV kernel ELF, the way Xen's
 * x86-64 PV start-of-day contract describes.
 *
 * Virtual layout from VIRT_BASE, each item page aligned, VA = VIRT_BASE +
 * pfn * 4 KiB for every page (pseudo-physical 1:1):
 *
 *   kernel [kstart, kend)
 *   initrd (module 1, if any)
 *   p2m list: nr_pages * 8 bytes
 *   start_info page
 *   bootstrap page tables (L4 first; mapped read-only)
 *   one stack page (RSP starts at its top)
 *   padding up to a 4 MiB boundary with at least 512 KiB to spare
 *
 * The page tables map exactly [VIRT_BASE, v_end); they are validated by
 * the same code as any guest page table (asm/pagetype.h), the L4 pinned and
 * installed as the kernel base pointer.
 *
 * Two notes move things out of the region, as Xen's dom0 builder does:
 * MOD_START_PFN leaves the initrd unmapped (its frames are the PFNs right
 * after the region; start_info.mod_start is the first PFN, with
 * SIF_MOD_START_PFN), and INIT_P2M puts the p2m list at its own address
 * (frames after those, mapped there with page tables of their own, taken
 * from the same pool; start_info.first_p2m_pfn/nr_p2m_frames say which).
 * For a domU, INIT_P2M counts only below VIRT_BASE and page aligned, as
 * Xen's toolstack takes it.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/main.h>
#include <hv/xen_elfnotes.h>
#include <asm/bootinfo.h>
#include <asm/desc.h>
#include <asm/m2p.h>
#include <asm/pagetype.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <public/xen.h>

#define SZ_4M       (4ULL << 20)
#define SLACK_MIN   (512ULL << 10)
#define P2M_ORDER   9           /* staging p2m: 2 MiB, dom0 up to 1 GiB */

struct dom0_layout {
    uint64_t vstart, kend;
    uint64_t initrd, initrd_len;        /* initrd: VA, or 0 if unmapped */
    uint64_t p2m, start_info, pt, stack, vend;
    unsigned int nr_pt;
    bool unmapped_initrd, own_p2m;      /* MOD_START_PFN, INIT_P2M */
    uint64_t initrd_pfn;                /* first PFN of an unmapped initrd */
    uint64_t p2m_pfn, p2m_frames;       /* the p2m's frames (INIT_P2M) */
    uint64_t xpt_pfn, nr_xpt;           /* page tables mapping it */
};

/* Page tables needed to map [vstart, vend) with 4 KiB pages, L4 included. */
static uint64_t tables_needed(uint64_t vstart, uint64_t vend)
{
    uint64_t n = 1;

    for (unsigned int shift = 39; shift >= 21; shift -= 9)
        n += ((vend - 1) >> shift) - (vstart >> shift) + 1;
    return n;
}

/*
 * Lay the region out. Returns false if it cannot fit in @nr_pages pages
 * (checked before any sum could wrap: every item is bounded by nr_pages).
 */
static bool plan(struct dom0_layout *l, const struct xen_elfnotes *n,
                 uint64_t initrd_len, uint64_t nr_pages, uint64_t init_p2m)
{
    uint64_t cur, limit = nr_pages << PAGE_SHIFT, next;

    memset(l, 0, sizeof(*l));
    l->vstart = n->virt_base;
    l->kend = n->kend;
    l->unmapped_initrd = n->mod_start_pfn && initrd_len;
    l->own_p2m = init_p2m != 0;
    /* The kernel and the initrd alone must fit, before any more sums. */
    if (n->kend - n->virt_base > limit || initrd_len > limit ||
        n->kend - n->virt_base + ALIGN_UP(initrd_len, PAGE_SIZE) > limit)
        return false;
    cur = l->kend;
    l->initrd = initrd_len && !l->unmapped_initrd ? cur : 0;
    l->initrd_len = initrd_len;
    if (l->initrd)
        cur += ALIGN_UP(initrd_len, PAGE_SIZE);
    l->p2m = l->own_p2m ? init_p2m : cur;
    if (!l->own_p2m)
        cur += ALIGN_UP(nr_pages * 8, PAGE_SIZE);
    l->start_info = cur;
    cur += PAGE_SIZE;
    l->pt = cur;
    /* The tables map themselves: grow the count until it is enough. */
    for (l->nr_pt = 1;;) {
        uint64_t end = l->pt + (uint64_t)l->nr_pt * PAGE_SIZE + PAGE_SIZE;
        uint64_t vend = ALIGN_UP(end, SZ_4M);

        if (vend - end < SLACK_MIN)
            vend += SZ_4M;
        if (vend <= l->vstart || vend - l->vstart > limit)
            return false;       /* too large, or wrapped past 2^64 */
        if (tables_needed(l->vstart, vend) <= l->nr_pt) {
            l->stack = end - PAGE_SIZE;
            l->vend = vend;
            break;
        }
        l->nr_pt = (unsigned int)tables_needed(l->vstart, vend);
    }
    /* What lives outside the region takes the PFNs after it. */
    next = (l->vend - l->vstart) >> PAGE_SHIFT;
    if (l->unmapped_initrd) {
        l->initrd_pfn = next;
        next += ALIGN_UP(initrd_len, PAGE_SIZE) >> PAGE_SHIFT;
    }
    if (l->own_p2m) {
        l->p2m_pfn = next;
        l->p2m_frames = ALIGN_UP(nr_pages * 8, PAGE_SIZE) >> PAGE_SHIFT;
        next += l->p2m_frames;
        l->xpt_pfn = next;
        /* L3, L2 and L1 tables for the range (the L4 is the region's). */
        l->nr_xpt = tables_needed(init_p2m, init_p2m + (l->p2m_frames << PAGE_SHIFT)) - 1;
        next += l->nr_xpt;
    }
    return next <= nr_pages;
}

static uint64_t *frame_ptr(mfn_t mfn)
{
    return phys_to_virt(mfn << PAGE_SHIFT);
}

/* Copy @len bytes to guest VA @va of the domain being built. */
static void copy_in(const mfn_t *p2m, uint64_t vstart, uint64_t va,
                    const void *src, uint64_t len)
{
    const uint8_t *s = src;

    while (len) {
        uint64_t pfn = (va - vstart) >> PAGE_SHIFT;
        uint64_t off = va & (PAGE_SIZE - 1);
        uint64_t n = MIN(len, PAGE_SIZE - off);

        memcpy((uint8_t *)frame_ptr(p2m[pfn]) + off, s, n);
        va += n, s += n, len -= n;
    }
}

/* Copy @len bytes into the domain's frames from PFN @pfn on (unmapped ones). */
static void copy_frames(const mfn_t *p2m, uint64_t pfn, const void *src, uint64_t len)
{
    const uint8_t *s = src;

    for (; len; pfn++) {
        uint64_t n = MIN(len, PAGE_SIZE);

        memcpy(frame_ptr(p2m[pfn]), s, n);
        s += n, len -= n;
    }
}

/* [va, va + len) is guest space: canonical, one half, not the hypervisor's. */
static bool p2m_range_ok(uint64_t va, uint64_t len)
{
    uint64_t end = va + len;

    return end > va && (va >> 63) == ((end - 1) >> 63) &&
           !(va < 0x0000800000000000ULL && end > 0x0000800000000000ULL) &&
           !(va < 0xffff800000000000ULL && (va >> 63)) &&
           !(va < HYPERVISOR_VIRT_END && end > HYPERVISOR_VIRT_START);
}

/* The page at guest VA @va of the domain being built. */
static void *guest_page(const mfn_t *p2m, uint64_t vstart, uint64_t va)
{
    return frame_ptr(p2m[(va - vstart) >> PAGE_SHIFT]);
}

/*
 * Fill a hypercall page: 32-byte stubs "push %rcx; push %r11; mov $i,%eax;
 * syscall; pop %r11; pop %rcx; ret" (RCX and R11 survive), the iret stub
 * that does not return, int3 padding elsewhere.
 */
void pv_fill_hypercall_page(uint8_t *p)
{
    memset(p, 0xcc, PAGE_SIZE);
    for (unsigned int i = 0; i < PAGE_SIZE / 32; i++) {
        uint8_t *s = p + i * 32;

        if (i == __HYPERVISOR_iret) {
            /* push %rcx; push %r11; push %rax; mov $23,%eax; syscall */
            const uint8_t stub[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0,
                                     0x0f, 0x05 };

            memcpy(s, stub, sizeof(stub));
            continue;
        }
        s[0] = 0x51;                    /* push %rcx */
        s[1] = 0x41; s[2] = 0x53;       /* push %r11 */
        s[3] = 0xb8;                    /* mov $i, %eax */
        s[4] = (uint8_t)i; s[5] = 0; s[6] = 0; s[7] = 0;
        s[8] = 0x0f; s[9] = 0x05;       /* syscall */
        s[10] = 0x41; s[11] = 0x5b;     /* pop %r11 */
        s[12] = 0x59;                   /* pop %rcx */
        s[13] = 0xc3;                   /* ret */
    }
}

static int build_page_tables(struct domain *d, const struct dom0_layout *l,
                             const mfn_t *p2m, mfn_t *l4_out)
{
    uint64_t pt_pfn = (l->pt - l->vstart) >> PAGE_SHIFT;
    unsigned int used = 1;
    mfn_t l4 = p2m[pt_pfn];
    const uint64_t upper = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
                           _PAGE_ACCESSED | _PAGE_DIRTY;

    for (uint64_t va = l->vstart; va < l->vend; va += PAGE_SIZE) {
        uint64_t pfn = (va - l->vstart) >> PAGE_SHIFT;
        uint64_t *t = frame_ptr(l4);
        uint64_t leaf;

        for (unsigned int shift = 39; shift >= 21; shift -= 9) {
            unsigned int idx = (va >> shift) & 511;

            if (!(t[idx] & _PAGE_PRESENT)) {
                BUG_ON(used >= l->nr_pt);
                t[idx] = (p2m[pt_pfn + used++] << PAGE_SHIFT) | upper;
            }
            t = frame_ptr((t[idx] & PTE_ADDR_MASK) >> PAGE_SHIFT);
        }
        /* Everything writable except the page tables themselves. */
        leaf = (p2m[pfn] << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED |
               _PAGE_DIRTY;
        if (va < l->pt || va >= l->pt + (uint64_t)l->nr_pt * PAGE_SIZE)
            leaf |= _PAGE_RW;
        t[(va >> 12) & 511] = leaf;
    }

    /* INIT_P2M: the p2m's frames at its own address, from their own tables. */
    for (uint64_t k = 0, xused = 0; l->own_p2m && k < l->p2m_frames; k++) {
        uint64_t va = l->p2m + (k << PAGE_SHIFT), *t = frame_ptr(l4);

        for (unsigned int shift = 39; shift >= 21; shift -= 9) {
            unsigned int idx = (va >> shift) & 511;

            if (!(t[idx] & _PAGE_PRESENT)) {
                BUG_ON(xused >= l->nr_xpt);
                t[idx] = (p2m[l->xpt_pfn + xused++] << PAGE_SHIFT) | upper;
            }
            t = frame_ptr((t[idx] & PTE_ADDR_MASK) >> PAGE_SHIFT);
        }
        t[(va >> 12) & 511] = (p2m[l->p2m_pfn + k] << PAGE_SHIFT) | _PAGE_PRESENT |
                              _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_RW;
    }

    /* Validate the whole tree as a guest L4, then pin it. */
    if (get_page_and_type(l4, PGT_l4, d))
        return -EINVAL;
    mfn_to_frame(l4)->type_info |= PGT_pinned;
    *l4_out = l4;
    return 0;
}

int pv_build_domain(const struct build_request *req)
{
    const struct boot_module *kmod = req->kernel;
    const struct boot_module *initrd = req->initrd;
    const char *who = req->privileged ? "dom0" : req->name;
    struct elf_image img;
    struct xen_elfnotes notes;
    struct dom0_layout l;
    const char *why = "";
    uint64_t nr_pages = req->mem >> PAGE_SHIFT;
    struct domain *d;
    struct vcpu *v;
    struct start_info *si;
    struct elf_segment seg;
    unsigned int pos = 0;
    mfn_t *p2m, p2m_mfn, l4;
    uint64_t init_p2m;
    int rc;

    rc = elf_init(&img, phys_to_virt(kmod->base), kmod->len, 0, &why);
    if (!rc)
        rc = xen_elfnotes_parse(&img, &notes, &why);
    if (rc) {
        printk(LOG_ERR, "%s kernel '%s': %s", who, kmod->name, why);
        return rc;
    }
    if (!notes.has_virt_base)
        notes.virt_base = ALIGN_DOWN(notes.kstart, SZ_4M);
    init_p2m = notes.init_p2m;
    /* A domU's INIT_P2M counts only below VIRT_BASE and aligned (as Xen's tools). */
    if (!req->privileged && (init_p2m >= notes.virt_base || (init_p2m & (PAGE_SIZE - 1))))
        init_p2m = 0;
    if (init_p2m && ((init_p2m & (PAGE_SIZE - 1)) ||
                     !p2m_range_ok(init_p2m, ALIGN_UP(req->mem / PAGE_SIZE * 8, PAGE_SIZE)))) {
        printk(LOG_ERR, "%s kernel '%s': INIT_P2M %#llx is not a page-aligned "
               "guest address with room for the p2m list", who, kmod->name,
               (unsigned long long)init_p2m);
        return -ENOEXEC;
    }
    /* Leave the hypervisor 4 MiB of its own. */
    if (frame_free_count() < 1024 + 1024)
        return -ENOMEM;
    if (nr_pages > frame_free_count() - 1024)
        nr_pages = frame_free_count() - 1024;
    if (!plan(&l, &notes, initrd ? initrd->len : 0, nr_pages, init_p2m)) {
        printk(LOG_ERR, "%s kernel '%s': start-of-day region from %#llx "
               "(kernel, initrd, p2m, start_info, page tables, stack) does not "
               "fit in %s (%llu KiB)", who, kmod->name,
               (unsigned long long)notes.virt_base,
               req->privileged ? "dom0_mem" : "its memory",
               (unsigned long long)(nr_pages << 2));
        return -ENOMEM;
    }
    /* The whole region must stay guest space, like the kernel. */
    if (l.vend <= l.vstart || (l.vstart >> 63) != ((l.vend - 1) >> 63) ||
        (l.vstart < HYPERVISOR_VIRT_END && l.vend > HYPERVISOR_VIRT_START) ||
        (l.vstart < 0x0000800000000000ULL && l.vend > 0x0000800000000000ULL)) {
        printk(LOG_ERR, "%s kernel '%s': start-of-day region %#llx-%#llx "
               "reaches the hypervisor's range or a non-canonical address",
               who, kmod->name, (unsigned long long)l.vstart,
               (unsigned long long)l.vend);
        return -ENOEXEC;
    }
    if (init_p2m && init_p2m < l.vend &&
        init_p2m + (l.p2m_frames << PAGE_SHIFT) > l.vstart) {
        printk(LOG_ERR, "%s kernel '%s': INIT_P2M %#llx overlaps the start-of-day "
               "region %#llx-%#llx", who, kmod->name, (unsigned long long)init_p2m,
               (unsigned long long)l.vstart, (unsigned long long)l.vend);
        return -ENOEXEC;
    }

    d = domain_create(req->domid, req->privileged, req->name);
    if (!d)
        return -ENOMEM;
    v = d->vcpus[0];
    d->max_pages = nr_pages + 1;        /* + shared_info */
    if (req->weight)
        d->weight = req->weight;
    sched_set_cap(d, req->cap);
    if (domain_set_max_vcpus(d, req->vcpus ? req->vcpus : 1)) {
        printk(LOG_ERR, "%s: cannot have %u vCPUs", who, req->vcpus);
        return -ENOMEM;
    }

    /* The p2m is built in hypervisor memory, then copied into the guest. */
    if (nr_pages > (PAGE_SIZE << P2M_ORDER) / sizeof(mfn_t)) {
        printk(LOG_ERR, "%s: memory above %llu MiB is not supported yet", who,
               (unsigned long long)((PAGE_SIZE << P2M_ORDER) / sizeof(mfn_t) >> 8));
        return -ENOMEM;
    }
    p2m_mfn = frame_alloc(P2M_ORDER);
    if (p2m_mfn == MFN_INVALID)
        return -ENOMEM;
    p2m = phys_to_virt(p2m_mfn << PAGE_SHIFT);
    for (uint64_t pfn = 0; pfn < nr_pages; pfn++) {
        p2m[pfn] = domain_alloc_frame(d);
        if (p2m[pfn] == MFN_INVALID) {
            printk(LOG_ERR, "%s: out of memory at page %llu of %llu",
                   who, (unsigned long long)pfn, (unsigned long long)nr_pages);
            if (frame_free(p2m_mfn, P2M_ORDER))
                BUG();
            return -ENOMEM;
        }
        m2p_set(p2m[pfn], pfn);
    }

    while (elf_load_next(&img, &pos, &seg))
        copy_in(p2m, l.vstart, seg.vaddr, seg.data, seg.filesz);
    if (initrd && !l.unmapped_initrd)
        copy_in(p2m, l.vstart, l.initrd, phys_to_virt(initrd->base), initrd->len);
    if (l.unmapped_initrd)
        copy_frames(p2m, l.initrd_pfn, phys_to_virt(initrd->base), initrd->len);
    if (l.own_p2m)
        copy_frames(p2m, l.p2m_pfn, p2m, nr_pages * sizeof(mfn_t));
    else
        copy_in(p2m, l.vstart, l.p2m, p2m, nr_pages * sizeof(mfn_t));
    if (notes.hypercall_page)
        pv_fill_hypercall_page(guest_page(p2m, l.vstart, notes.hypercall_page));

    si = guest_page(p2m, l.vstart, l.start_info);
    strlcpy(si->magic, XEN_START_INFO_MAGIC, sizeof(si->magic));
    si->nr_pages = nr_pages;
    si->shared_info = d->shared_info_mfn << PAGE_SHIFT;
    si->flags = req->privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
    si->pt_base = l.pt;
    si->nr_pt_frames = l.nr_pt;
    si->mfn_list = l.p2m;
    si->mod_start = l.unmapped_initrd ? l.initrd_pfn : l.initrd;
    si->mod_len = l.initrd_len;
    if (l.unmapped_initrd)
        si->flags |= SIF_MOD_START_PFN;
    if (l.own_p2m) {
        /* As Xen counts them: the list's frames and the tables mapping it. */
        si->first_p2m_pfn = l.p2m_pfn;
        si->nr_p2m_frames = l.p2m_frames + l.nr_xpt;
    }
    strlcpy((char *)si->cmd_line, req->cmdline, sizeof(si->cmd_line));

    rc = build_page_tables(d, &l, p2m, &l4);
    if (rc) {
        printk(LOG_ERR, "%s: bootstrap page tables failed validation", who);
        if (frame_free(p2m_mfn, P2M_ORDER))
            BUG();
        return rc;
    }
    /* The kernel base pointer holds its own type reference; the kernel reads the M2P. */
    BUG_ON(get_page_and_type(l4, PGT_l4, d));
    pv_l4_set_ro_mpt(phys_to_virt(l4 << PAGE_SHIFT), true);
    v->arch.guest_table = l4;

    printk(LOG_INFO, "d%u (%s): '%s' %llu MiB, kernel %#llx-%#llx, entry %#llx, "
           "start_info %#llx, %u page-table frames",
           d->domid, d->name, kmod->name, (unsigned long long)(nr_pages >> 8),
           (unsigned long long)notes.kstart, (unsigned long long)notes.kend,
           (unsigned long long)notes.entry, (unsigned long long)l.start_info,
           l.nr_pt);
    if (frame_free(p2m_mfn, P2M_ORDER))
        BUG();

    pv_vcpu_init_regs(v, notes.entry, l.stack + PAGE_SIZE, l.start_info);
    return 0;
}
