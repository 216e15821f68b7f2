/* SPDX-License-Identifier: MIT */
/*
 * The PV domain builder (build.h): a domain from a kernel ELF, as Xen's
 * toolstack builds an x86-64 PV guest and as the hypervisor builds its
 * boot-time domains (arch/x86_64/pv/dom0_build.c), so that a kernel starts
 * the same way whichever built it.
 *
 * The start-of-day region, from VIRT_BASE, each item page aligned, VA =
 * VIRT_BASE + PFN * 4 KiB (pseudo-physical 1:1):
 *
 *   kernel [kstart, kend)
 *   ramdisk (if any)
 *   p2m list: nr_pages * 8 bytes
 *   start_info page
 *   console ring page (struct xencons_interface)
 *   bootstrap page tables (L4 first; mapped read-only)
 *   one stack page (RSP starts at its top)
 *   padding up to a 4 MiB boundary with at least 512 KiB to spare
 *
 * The only difference from the hypervisor's layout is the console page
 * (boot-time domains write through console_io instead). MOD_START_PFN and
 * INIT_P2M move the ramdisk and the p2m list out of the region to the PFNs
 * after it, as there. No xenstore yet: store_mfn and store_evtchn are 0.
 *
 * Steps: check the image and plan the layout before anything exists, then
 * createdomain, populate_physmap in 2 MiB extents (every frame comes zero,
 * its M2P entry set), alloc_unbound for the console, copy everything in through
 * foreign mappings, fill the hypercall page (domctl hypercall_init), pin the
 * L4 (mmuext_op with the new domain as foreigndom), setvcpucontext. Any
 * failure after createdomain destroys the domain, which returns its frames
 * and port.
 */
/*
 * The hypervisor's headers first: newlib's <sys/cdefs.h> redefines some of
 * hv/compiler.h's attribute macros (__packed, __used, ...) the same way,
 * which is silent only when the second definition is the system header's.
 */
#include <hv/elf.h>
#include <hv/xen_elfnotes.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/domctl.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/xen.h>

#include "build.h"

#define PG_SIZE     4096ULL
#define PG_SHIFT    12
#define SZ_4M       (4ULL << 20)
#define SLACK_MIN   (512ULL << 10)
#define PAGES(x)    (((x) + PG_SIZE - 1) / PG_SIZE)
#define BUILD_EXTENT_ORDER 9    /* populate in 2 MiB extents */

/* Page-table entry bits, as the hypervisor's builder writes them. */
#define PTE_P       0x001ULL
#define PTE_RW      0x002ULL
#define PTE_US      0x004ULL
#define PTE_A       0x020ULL
#define PTE_D       0x040ULL
#define PTE_UPPER   (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)
#define PTE_LEAF    (PTE_P | PTE_A | PTE_D)

#define LOW_HALF_END    0x0000800000000000ULL   /* first non-canonical address */
#define HIGH_HALF       0xffff800000000000ULL   /* first canonical upper address */

struct layout {
    uint64_t vstart, kend, vend;
    uint64_t ramdisk, ramdisk_len;      /* VA, or 0 when unmapped or none */
    uint64_t p2m, start_info, console, pt, stack;
    uint64_t nr_pt;
    int unmapped_ramdisk, own_p2m;      /* MOD_START_PFN, INIT_P2M */
    uint64_t ramdisk_pfn;               /* first PFN of an unmapped ramdisk */
    uint64_t p2m_pfn, p2m_frames;       /* the p2m's own frames (INIT_P2M) */
    uint64_t xpt_pfn, nr_xpt;           /* the tables mapping them */
};

struct builder {
    const struct build_ops *ops;
    void *h;
    const struct build_args *a;
    char *err;
    size_t errlen;
    struct elf_image img;
    struct xen_elfnotes notes;
    struct layout l;
    uint64_t nr_pages;
    uint64_t *p2m;                      /* PFN -> MFN, nr_pages entries */
    uint16_t domid;
    int created;
    uint64_t shared_info_mfn;
    uint32_t port;
};

static const char *kname(const struct builder *b)
{
    return b->a->kernel_path ? b->a->kernel_path : "kernel";
}

/* Write "FILE: message" into the caller's buffer; returns @rc. */
static int fail(struct builder *b, int rc, const char *file, const char *fmt, ...)
{
    va_list ap;
    int n = 0;

    if (!b->errlen)
        return rc;
    if (file)
        n = snprintf(b->err, b->errlen, "%s: ", file);
    if (n >= 0 && (size_t)n < b->errlen) {
        va_start(ap, fmt);
        vsnprintf(b->err + n, b->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* The name of a XEN_E* value the hypervisor returns, for messages. */
static const char *errname(long rc)
{
    static const struct { long e; const char *name; } names[] = {
        { XEN_EPERM, "EPERM" }, { XEN_ENOENT, "ENOENT" }, { XEN_ESRCH, "ESRCH" },
        { XEN_ENOMEM, "ENOMEM" }, { XEN_EACCES, "EACCES" }, { XEN_EFAULT, "EFAULT" },
        { XEN_EBUSY, "EBUSY" }, { XEN_EEXIST, "EEXIST" }, { XEN_EINVAL, "EINVAL" },
        { XEN_ENOSPC, "ENOSPC" }, { XEN_ENOSYS, "ENOSYS" },
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (-rc == names[i].e)
            return names[i].name;
    return "error";
}

/* A refused hypercall: "FILE: STEP refused (-N, ENAME)". */
static int refused(struct builder *b, long rc, const char *step)
{
    return fail(b, (int)rc, kname(b), "%s refused by the hypervisor (%ld, %s)",
                step, rc, errname(rc));
}

static long hypercall(struct builder *b, unsigned int nr, unsigned long a1,
                      unsigned long a2, unsigned long a3, unsigned long a4)
{
    return b->ops->hypercall(b->h, nr, a1, a2, a3, a4, 0);
}

static long domctl(struct builder *b, struct pvisor_domctl *op)
{
    op->interface_version = PVISOR_DOMCTL_VERSION;
    return hypercall(b, __HYPERVISOR_domctl, (unsigned long)(uintptr_t)op, 0, 0, 0);
}

/* ------------------------------------------------------------------ */
/* Checking the image and planning the region, before anything exists. */

/* Page tables needed to map [vstart, vend) with 4 KiB pages, L4 included. */
static uint64_t tables_for(uint64_t vstart, uint64_t vend)
{
    uint64_t n = 1;

    for (unsigned int shift = 39; shift >= 21; shift -= 9)
        n += ((vend - 1) >> shift) - (vstart >> shift) + 1;
    return n;
}

/* Is [va, va + len) guest space: canonical, one half, clear of the hypervisor? */
static int guest_space(uint64_t va, uint64_t len)
{
    uint64_t end = va + len;

    if (!len || end < va)
        return 0;
    if (va < LOW_HALF_END)
        return end <= LOW_HALF_END;
    return va >= HIGH_HALF && (end <= HYPERVISOR_VIRT_START || va >= HYPERVISOR_VIRT_END);
}

/*
 * Lay the region out for @nr pages of memory. Returns 0, or -1 if it does
 * not fit (each sum is bounded by the memory size before the next is made,
 * so none wraps unnoticed).
 */
static int plan(struct layout *l, const struct xen_elfnotes *n, uint64_t ramdisk_len,
                uint64_t nr, uint64_t init_p2m)
{
    uint64_t mem = nr << PG_SHIFT, at, next;

    memset(l, 0, sizeof(*l));
    l->vstart = n->virt_base;
    l->kend = n->kend;
    l->ramdisk_len = ramdisk_len;
    l->unmapped_ramdisk = n->mod_start_pfn && ramdisk_len;
    l->own_p2m = init_p2m != 0;
    if (l->kend - l->vstart > mem || PAGES(ramdisk_len) > nr ||
        l->kend - l->vstart + PAGES(ramdisk_len) * PG_SIZE > mem)
        return -1;
    at = l->kend;
    if (ramdisk_len && !l->unmapped_ramdisk) {
        l->ramdisk = at;
        at += PAGES(ramdisk_len) * PG_SIZE;
    }
    if (l->own_p2m) {
        l->p2m = init_p2m;
    } else {
        l->p2m = at;
        at += PAGES(nr * 8) * PG_SIZE;
    }
    l->start_info = at;
    l->console = at + PG_SIZE;
    l->pt = at + 2 * PG_SIZE;
    /* The tables map themselves and the stack: grow them until they do. */
    for (l->nr_pt = 1;;) {
        uint64_t end = l->pt + (l->nr_pt + 1) * PG_SIZE;   /* tables + stack */
        uint64_t vend = (end + SZ_4M - 1) & ~(SZ_4M - 1);

        if (vend - end < SLACK_MIN)
            vend += SZ_4M;
        if (end <= l->vstart || vend <= l->vstart || vend - l->vstart > mem)
            return -1;                  /* too large, or past 2^64 */
        if (tables_for(l->vstart, vend) <= l->nr_pt) {
            l->stack = end - PG_SIZE;
            l->vend = vend;
            break;
        }
        l->nr_pt = tables_for(l->vstart, vend);
    }
    /* What lives outside the region takes the PFNs after it. */
    next = (l->vend - l->vstart) >> PG_SHIFT;
    if (l->unmapped_ramdisk) {
        l->ramdisk_pfn = next;
        next += PAGES(ramdisk_len);
    }
    if (l->own_p2m) {
        l->p2m_pfn = next;
        l->p2m_frames = PAGES(nr * 8);
        next += l->p2m_frames;
        l->xpt_pfn = next;
        l->nr_xpt = tables_for(init_p2m, init_p2m + l->p2m_frames * PG_SIZE) - 1;
        next += l->nr_xpt;
    }
    return next <= nr ? 0 : -1;
}

static int check_image(struct builder *b)
{
    const struct build_args *a = b->a;
    struct xen_elfnotes *n = &b->notes;
    const char *why = "";
    uint64_t init_p2m, mem_kib = b->nr_pages * 4;

    if (elf_init(&b->img, a->kernel, a->kernel_len, 0, &why) ||
        xen_elfnotes_parse(&b->img, n, &why))
        return fail(b, -XEN_ENOEXEC, kname(b), "%s", why);
    if (!n->has_virt_base)
        n->virt_base = n->kstart & ~(SZ_4M - 1);
    /* INIT_P2M counts only below VIRT_BASE and page aligned, as Xen's tools take it. */
    init_p2m = n->init_p2m;
    if (init_p2m >= n->virt_base || (init_p2m & (PG_SIZE - 1)))
        init_p2m = 0;
    if (init_p2m && !guest_space(init_p2m, PAGES(b->nr_pages * 8) * PG_SIZE))
        return fail(b, -XEN_ENOEXEC, kname(b), "INIT_P2M %#llx leaves no room for the "
                    "p2m list (%llu KiB) in guest space", (unsigned long long)init_p2m,
                    (unsigned long long)(PAGES(b->nr_pages * 8) * 4));
    if (a->ramdisk_len > b->nr_pages * PG_SIZE)
        return fail(b, -XEN_ENOMEM, a->ramdisk_path ? a->ramdisk_path : "ramdisk",
                    "ramdisk (%llu KiB) is larger than the domain's memory (%llu KiB)",
                    (unsigned long long)(a->ramdisk_len / 1024 + (a->ramdisk_len % 1024 != 0)),
                    (unsigned long long)mem_kib);
    if (plan(&b->l, n, a->ramdisk_len, b->nr_pages, init_p2m))
        return fail(b, -XEN_ENOMEM, kname(b), "start-of-day region from %#llx (kernel "
                    "%llu KiB, ramdisk, p2m, start_info, console, page tables, stack) "
                    "does not fit in its memory (%llu KiB)",
                    (unsigned long long)n->virt_base,
                    (unsigned long long)((n->kend - n->virt_base) / 1024),
                    (unsigned long long)mem_kib);
    if (!guest_space(b->l.vstart, b->l.vend - b->l.vstart))
        return fail(b, -XEN_ENOEXEC, kname(b), "start-of-day region %#llx-%#llx reaches "
                    "the hypervisor's range or a non-canonical address",
                    (unsigned long long)b->l.vstart, (unsigned long long)b->l.vend);
    if (init_p2m && init_p2m < b->l.vend &&
        init_p2m + b->l.p2m_frames * PG_SIZE > b->l.vstart)
        return fail(b, -XEN_ENOEXEC, kname(b), "INIT_P2M %#llx overlaps the start-of-day "
                    "region %#llx-%#llx", (unsigned long long)init_p2m,
                    (unsigned long long)b->l.vstart, (unsigned long long)b->l.vend);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Writing the new domain's memory through foreign mappings. */

/*
 * Copy @len bytes of @src into the new domain's pseudo-physical memory at
 * byte @addr (PFN = addr / 4 KiB), a window of at most map_max frames at
 * a time; each window is unmapped before the next.
 */
static int put(struct builder *b, uint64_t addr, const void *src, uint64_t len)
{
    const uint8_t *s = src;
    uint64_t most = b->ops->map_max ? b->ops->map_max : BUILD_MAP_MAX;

    while (len) {
        uint64_t pfn = addr >> PG_SHIFT, off = addr & (PG_SIZE - 1);
        uint64_t frames = PAGES(off + len), n;
        uint8_t *va;

        if (frames > most)
            frames = most;
        if (pfn >= b->nr_pages || frames > b->nr_pages - pfn)
            return fail(b, -XEN_EINVAL, kname(b), "internal error: PFN %llu is past "
                        "the domain's %llu pages", (unsigned long long)(pfn + frames),
                        (unsigned long long)b->nr_pages);
        va = b->ops->map_foreign(b->h, b->domid, &b->p2m[pfn], (unsigned int)frames);
        if (!va)
            return fail(b, -XEN_EFAULT, kname(b), "cannot map frames %llu-%llu of the "
                        "new domain", (unsigned long long)pfn,
                        (unsigned long long)(pfn + frames - 1));
        n = frames * PG_SIZE - off;
        if (n > len)
            n = len;
        memcpy(va + off, s, (size_t)n);
        b->ops->unmap_foreign(b->h, va, (unsigned int)frames);
        addr += n, s += n, len -= n;
    }
    return 0;
}

/* Byte address in pseudo-physical memory of guest VA @va of the region. */
static uint64_t pa(const struct builder *b, uint64_t va)
{
    return va - b->l.vstart;
}

/*
 * The bootstrap page tables, built in the builder's memory and copied in:
 * table k (0 the L4) lives at PFN pt_pfn + k for k < nr_pt, and the INIT_P2M
 * tables after them at xpt_pfn onwards. kid[k][i] is the table entry i of
 * table k points to, so a walk need not read MFNs back. The last walk is
 * remembered: pages are mapped in address order, so a walk is needed only
 * once per 2 MiB (an L1 table), not once per page.
 */
struct tables {
    uint64_t (*t)[512];
    uint32_t (*kid)[512];
    uint64_t nr;
    uint64_t last_2m, last_l1;          /* va >> 21 of the last walk + 1 (0: none), its L1 */
};

static uint64_t table_pfn(const struct builder *b, uint64_t k)
{
    return k < b->l.nr_pt ? (b->l.pt - b->l.vstart) / PG_SIZE + k
                          : b->l.xpt_pfn + (k - b->l.nr_pt);
}

/* Map @va to @mfn with @flags, taking new tables from [*used, limit). */
static int map_page(struct builder *b, struct tables *tb, uint64_t va, uint64_t mfn,
                    uint64_t flags, uint64_t *used, uint64_t limit)
{
    uint64_t k = 0;

    if (tb->last_2m == (va >> 21) + 1) {
        k = tb->last_l1;
    } else {
        for (unsigned int shift = 39; shift >= 21; shift -= 9) {
            unsigned int i = (va >> shift) & 511;

            if (!(tb->t[k][i] & PTE_P)) {
                if (*used >= limit)
                    return -1;
                tb->t[k][i] = (b->p2m[table_pfn(b, *used)] << PG_SHIFT) | PTE_UPPER;
                tb->kid[k][i] = (uint32_t)(*used)++;
            }
            k = tb->kid[k][i];
        }
        tb->last_2m = (va >> 21) + 1;
        tb->last_l1 = k;
    }
    tb->t[k][(va >> PG_SHIFT) & 511] = (mfn << PG_SHIFT) | flags;
    return 0;
}

/*
 * Write the tables: [vstart, vend) to PFNs 0.. (everything writable but the
 * tables themselves), and with INIT_P2M the p2m frames at its address.
 */
static int write_tables(struct builder *b)
{
    const struct layout *l = &b->l;
    struct tables tb = { 0 };
    uint64_t used = 1, xused = l->nr_pt, pt_end = l->pt + l->nr_pt * PG_SIZE;
    int rc = 0;

    tb.nr = l->nr_pt + l->nr_xpt;
    tb.t = calloc((size_t)tb.nr, sizeof(*tb.t));
    tb.kid = calloc((size_t)tb.nr, sizeof(*tb.kid));
    if (!tb.t || !tb.kid) {
        rc = fail(b, -XEN_ENOMEM, kname(b), "out of memory for %llu page tables",
                  (unsigned long long)tb.nr);
        goto out;
    }
    for (uint64_t va = l->vstart; va < l->vend && !rc; va += PG_SIZE) {
        uint64_t flags = va >= l->pt && va < pt_end ? PTE_LEAF : PTE_LEAF | PTE_RW;

        rc = map_page(b, &tb, va, b->p2m[pa(b, va) >> PG_SHIFT], flags, &used, l->nr_pt);
    }
    for (uint64_t k = 0; l->own_p2m && k < l->p2m_frames && !rc; k++)
        rc = map_page(b, &tb, l->p2m + k * PG_SIZE, b->p2m[l->p2m_pfn + k],
                      PTE_LEAF | PTE_RW, &xused, tb.nr);
    if (rc) {
        rc = fail(b, -XEN_EINVAL, kname(b), "internal error: the page tables "
                  "planned do not map the region");
        goto out;
    }
    rc = put(b, pa(b, l->pt), tb.t, l->nr_pt * PG_SIZE);
    if (!rc && l->nr_xpt)
        rc = put(b, l->xpt_pfn * PG_SIZE, tb.t[l->nr_pt], l->nr_xpt * PG_SIZE);
out:
    free(tb.t);
    free(tb.kid);
    return rc;
}

/* Kernel segments, ramdisk, p2m list, start_info, page tables. */
static int load(struct builder *b)
{
    const struct build_args *a = b->a;
    const struct layout *l = &b->l;
    struct elf_segment seg;
    struct start_info *si;
    unsigned int pos = 0;
    int rc = 0;

    /* The frames come zero: bss, the console ring and padding stay so. */
    while (!rc && elf_load_next(&b->img, &pos, &seg))
        rc = put(b, pa(b, seg.vaddr), seg.data, seg.filesz);
    if (!rc && a->ramdisk_len)
        rc = put(b, l->unmapped_ramdisk ? l->ramdisk_pfn * PG_SIZE : pa(b, l->ramdisk),
                 a->ramdisk, a->ramdisk_len);
    if (!rc)
        rc = put(b, l->own_p2m ? l->p2m_pfn * PG_SIZE : pa(b, l->p2m), b->p2m,
                 b->nr_pages * 8);
    if (rc)
        return rc;

    si = calloc(1, sizeof(*si));
    if (!si)
        return fail(b, -XEN_ENOMEM, kname(b), "out of memory");
    memcpy(si->magic, XEN_START_INFO_MAGIC, sizeof(XEN_START_INFO_MAGIC));
    si->nr_pages = b->nr_pages;
    si->shared_info = b->shared_info_mfn << PG_SHIFT;
    si->flags = l->unmapped_ramdisk ? SIF_MOD_START_PFN : 0;
    si->store_mfn = 0;                  /* no xenstore yet */
    si->store_evtchn = 0;
    si->console.domU.mfn = b->p2m[pa(b, l->console) >> PG_SHIFT];
    si->console.domU.evtchn = b->port;
    si->pt_base = l->pt;
    si->nr_pt_frames = l->nr_pt;
    si->mfn_list = l->p2m;
    si->mod_start = l->unmapped_ramdisk ? l->ramdisk_pfn : l->ramdisk;
    si->mod_len = l->ramdisk_len;
    if (l->own_p2m) {
        /* As Xen counts them: the list's frames and the tables mapping it. */
        si->first_p2m_pfn = l->p2m_pfn;
        si->nr_p2m_frames = l->p2m_frames + l->nr_xpt;
    }
    snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s", a->cfg->cmdline);
    rc = put(b, pa(b, l->start_info), si, sizeof(*si));
    free(si);
    return rc ? rc : write_tables(b);
}

/* ------------------------------------------------------------------ */
/* The hypercalls around it. */

static int create(struct builder *b)
{
    const struct domain_config *cfg = b->a->cfg;
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_createdomain };
    long rc;

    op.u.create.max_vcpus = cfg->vcpus;
    op.u.create.max_mem_kb = cfg->maxmem_mib * 1024;
    snprintf(op.u.create.name, sizeof(op.u.create.name), "%s", cfg->name);
    rc = domctl(b, &op);
    if (rc < 0)
        return refused(b, rc, "createdomain");
    b->domid = op.domain;
    b->created = 1;

    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = b->domid };
    rc = domctl(b, &op);
    if (rc < 0 || op.domain != b->domid)
        return refused(b, rc < 0 ? rc : -XEN_ESRCH, "getdomaininfo of the new domain");
    b->shared_info_mfn = op.u.info.shared_info_frame;
    return 0;
}

/*
 * populate_physmap of @n extents of 2^@order frames from PFN @pfn (all of
 * them contiguous in PFN space), their MFNs into the p2m. Returns the
 * extents the hypervisor gave, or a negative XEN_E*.
 */
static long populate_extents(struct builder *b, uint64_t pfn, uint64_t n, unsigned int order)
{
    struct xen_memory_reservation r = { .nr_extents = n, .extent_order = order,
                                        .domid = b->domid };
    uint64_t *ext = &b->p2m[pfn];
    long rc;

    /* Extent i's entry, first its PFN, then its first MFN: packed at the front. */
    for (uint64_t i = 0; i < n; i++)
        ext[i] = pfn + (i << order);
    r.extent_start = (uint64_t)(uintptr_t)ext;
    rc = hypercall(b, __HYPERVISOR_memory_op, XENMEM_populate_physmap,
                   (unsigned long)(uintptr_t)&r, 0, 0);
    if (rc <= 0 || !order)
        return rc;
    /* Spread the extents out, last first so none is overwritten before it is read. */
    for (uint64_t i = (uint64_t)rc; i-- > 0;) {
        uint64_t mfn = ext[i];

        for (uint64_t k = 1ULL << order; k-- > 0;)
            ext[(i << order) + k] = mfn + k;
    }
    return rc;
}

/*
 * Every frame, PFN 0 up, as 2 MiB extents while they fit (one hypercall
 * argument per 512 frames; the hypervisor takes whole blocks) and single
 * frames for the rest, or for all that the 2 MiB extents did not get
 * (memory too fragmented, or a hypervisor without them).
 */
static int populate(struct builder *b)
{
    uint64_t done = 0, big = b->nr_pages >> BUILD_EXTENT_ORDER;
    long rc = 0;

    if (big) {
        rc = populate_extents(b, 0, big, BUILD_EXTENT_ORDER);
        if (rc > 0)
            done = (uint64_t)rc << BUILD_EXTENT_ORDER;
    }
    if (rc >= 0 && done < b->nr_pages) {
        rc = populate_extents(b, done, b->nr_pages - done, 0);
        if (rc > 0)
            done += (uint64_t)rc;
    }
    if (rc < 0)
        return refused(b, rc, "populate_physmap");
    if (done != b->nr_pages)
        return fail(b, -XEN_ENOMEM, kname(b), "out of memory: the hypervisor gave %llu "
                    "of %llu pages (%llu MiB)", (unsigned long long)done,
                    (unsigned long long)b->nr_pages, (unsigned long long)(b->nr_pages >> 8));
    return 0;
}

static int console_port(struct builder *b)
{
    struct evtchn_alloc_unbound u = { .dom = b->domid,
                                      .remote_dom = b->a->console_backend };
    long rc = hypercall(b, __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
                        (unsigned long)(uintptr_t)&u, 0, 0);

    if (rc < 0)
        return refused(b, rc, "alloc_unbound (console event channel)");
    b->port = u.port;
    return 0;
}

/* Hypercall page, pinned L4, vCPU 0's registers. */
static int finish(struct builder *b)
{
    const struct layout *l = &b->l;
    uint64_t l4 = b->p2m[pa(b, l->pt) >> PG_SHIFT];
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_hypercall_init, .domain = b->domid };
    struct vcpu_guest_context *c;
    long rc;

    if (b->notes.hypercall_page) {
        op.u.hypercall_init.gmfn = b->p2m[pa(b, b->notes.hypercall_page) >> PG_SHIFT];
        rc = domctl(b, &op);
        if (rc < 0)
            return refused(b, rc, "hypercall_init");
    }
    pin.arg1.mfn = l4;
    rc = hypercall(b, __HYPERVISOR_mmuext_op, (unsigned long)(uintptr_t)&pin, 1, 0,
                   b->domid);
    if (rc < 0)
        return refused(b, rc, "pinning the bootstrap L4 (mmuext_op)");

    c = calloc(1, sizeof(*c));
    if (!c)
        return fail(b, -XEN_ENOMEM, kname(b), "out of memory");
    /* As the hypervisor's builder starts a vCPU (pv_vcpu_init_regs). */
    c->flags = VGCF_in_kernel | VGCF_online;
    c->user_regs.rip = b->notes.entry;
    c->user_regs.rsp = l->stack + PG_SIZE;
    c->user_regs.rsi = l->start_info;
    c->user_regs.cs = FLAT_KERNEL_CS64;
    c->user_regs.ss = FLAT_KERNEL_SS64;
    c->user_regs.rflags = 0x200;        /* IF */
    c->kernel_ss = FLAT_KERNEL_SS64;
    c->kernel_sp = c->user_regs.rsp;
    c->ctrlreg[3] = l4 << PG_SHIFT;
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_setvcpucontext, .domain = b->domid,
                                 .u.vcpucontext = { .vcpu = 0,
                                                    .ctxt = (uint64_t)(uintptr_t)c } };
    rc = domctl(b, &op);
    free(c);
    if (rc < 0)
        return refused(b, rc, "setvcpucontext");
    return 0;
}

int build_pv_domain(const struct build_ops *ops, void *h, const struct build_args *a,
                    struct build_result *r, char *err, size_t errlen)
{
    struct builder *b;
    int rc;

    if (errlen)
        err[0] = '\0';
    if (!ops || !ops->hypercall || !ops->map_foreign || !ops->unmap_foreign || !a ||
        !a->cfg || !r) {
        if (errlen)
            snprintf(err, errlen, "build_pv_domain: missing operations or arguments");
        return -XEN_EINVAL;
    }
    b = calloc(1, sizeof(*b));
    if (!b) {
        if (errlen)
            snprintf(err, errlen, "%s: out of memory",
                     a->kernel_path ? a->kernel_path : "kernel");
        return -XEN_ENOMEM;
    }
    b->ops = ops, b->h = h, b->a = a, b->err = err, b->errlen = errlen;
    b->nr_pages = a->cfg->memory_mib << (20 - PG_SHIFT);

    /* Bounded as config.c bounds them, so no size below can overflow. */
    if (a->cfg->memory_mib > CONFIG_MEMORY_MAX || a->cfg->maxmem_mib > CONFIG_MEMORY_MAX)
        rc = fail(b, -XEN_EINVAL, kname(b), "memory %llu MiB (maxmem %llu MiB) is above "
                  "the %u MiB a domain may have", (unsigned long long)a->cfg->memory_mib,
                  (unsigned long long)a->cfg->maxmem_mib, CONFIG_MEMORY_MAX);
    else if (!a->kernel || !a->kernel_len)
        rc = fail(b, -XEN_EINVAL, kname(b), "empty kernel image");
    else if (a->ramdisk_len && !a->ramdisk)
        rc = fail(b, -XEN_EINVAL, a->ramdisk_path ? a->ramdisk_path : "ramdisk",
                  "no ramdisk data");
    else if (!b->nr_pages || a->cfg->maxmem_mib < a->cfg->memory_mib)
        rc = fail(b, -XEN_EINVAL, kname(b), "bad memory size (%llu MiB, maxmem %llu MiB)",
                  (unsigned long long)a->cfg->memory_mib,
                  (unsigned long long)a->cfg->maxmem_mib);
    else
        rc = check_image(b);
    if (!rc) {
        b->p2m = malloc((size_t)b->nr_pages * sizeof(*b->p2m));
        if (!b->p2m)
            rc = fail(b, -XEN_ENOMEM, kname(b), "out of memory for the p2m list "
                      "(%llu KiB)", (unsigned long long)(b->nr_pages * 8 / 1024));
    }
    if (!rc)
        rc = create(b);
    if (!rc)
        rc = populate(b);
    if (!rc)
        rc = console_port(b);
    if (!rc)
        rc = load(b);
    if (!rc)
        rc = finish(b);

    if (rc && b->created) {
        struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_destroydomain, .domain = b->domid };

        (void)domctl(b, &op);   /* takes every frame and the port back */
    } else if (!rc) {
        memset(r, 0, sizeof(*r));
        r->domid = b->domid;
        r->console_mfn = b->p2m[pa(b, b->l.console) >> PG_SHIFT];
        r->console_port = b->port;
        r->nr_pages = b->nr_pages;
        r->virt_base = b->l.vstart;
        r->entry = b->notes.entry;
        r->start_info = b->l.start_info;
        r->l4_mfn = b->p2m[pa(b, b->l.pt) >> PG_SHIFT];
    }
    free(b->p2m);
    free(b);
    return rc;
}
