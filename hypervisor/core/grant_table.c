/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, version 1 (hv/grant_table.h): GNTTABOP_* with the semantics
 * of Xen 4.17's common/grant_table.c for a PV guest. All of it runs under
 * the hypervisor lock (hv/smp.h); hypercalls are preempted only between
 * operations. Guests on other CPUs may write their shared entries at any
 * time, which the rule below is for.
 *
 * The shared entries are guest memory the granter may change at any time.
 * Each is read with one 8-byte load; the copy is checked and then the
 * GTF_reading/GTF_writing bits are set with a cmpxchg of the whole entry,
 * so what was checked (flags, grantee, frame) is exactly what was pinned.
 * A guest that keeps changing the entry gets GNTST_general_error after a
 * few tries, as on Xen.
 *
 * Invariants:
 *  - an active entry with pin_r + pin_w > 0 has `frame` and `domid` set and
 *    GTF_reading set in the shared entry; with pin_w > 0 also GTF_writing;
 *  - every in-use maptrack entry of a domain holds one pin on its
 *    granter's active entry, unless MT_ORPHAN says the granter is gone;
 *  - frame references belong to the mapping PTEs, never to the grant
 *    bookkeeping (see hv/grant_table.h).
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/heap.h>
#include <hv/grant_table.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/smp.h>
#include <asm/pagetype.h>
#include <asm/uaccess.h>
#include <public/grant_table.h>
#include <public/xen.h>

#define GNT_PER_FRAME   (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define MT_PER_FRAME    (PAGE_SIZE / sizeof(struct maptrack))
#define GNT_RETRIES     5               /* cmpxchg tries on an unstable entry */
#define GNT_PIN_MAX     128             /* uses of one kind per grant: Xen's 8-bit counters */
#define CMD_MASK        0xfffu          /* GNTTABOP_CMD_MASK: bits 12+ are Xen's */
#define MT_NONE         0xffffffffu     /* end of the free handle list */
#define MT_ORPHAN       0x8000u         /* maptrack.flags: the granter is gone */
#define ACT_ORDER       1               /* active entries of one table frame: 2 pages */

/* Debug builds say where a grant operation was refused. */
#ifndef NDEBUG
#define REFUSE(st, fmt, ...) ({                                             \
    printk(LOG_DEBUG, "%s:%d: gnttab: " fmt, __FILE__, __LINE__, ##__VA_ARGS__); \
    (int16_t)(st);                                                          \
})
#else
#define REFUSE(st, fmt, ...) ((int16_t)(st))
#endif

/* What the hypervisor does with one grant of a granting domain. */
struct active_grant {
    uint32_t frame;             /* MFN pinned (while pinned) */
    uint16_t domid;             /* the domain using it (while pinned) */
    uint16_t pad;
    uint32_t pin_r;             /* read-only uses: host maps and copies */
    uint32_t pin_w;             /* writable uses */
};
_Static_assert(sizeof(struct active_grant) * GNT_PER_FRAME == (PAGE_SIZE << ACT_ORDER),
               "active entries of a table frame fill the block");

/* One mapping a domain holds; its index is the handle. */
struct maptrack {
    uint32_t frame;             /* in use: the frame mapped; free: next free handle */
    uint32_t l1;                /* the L1 table written (MFNs fit 32 bits: frame.h) */
    uint16_t slot;              /* and the entry in it */
    uint16_t domid;             /* the granting domain */
    uint16_t ref;               /* its grant reference */
    uint16_t flags;             /* GNTMAP_* of the map (+ MT_ORPHAN); 0 = free */
};
_Static_assert(sizeof(struct maptrack) == 16, "256 handles per maptrack frame, as Xen");
_Static_assert(GNTTAB_MAX_FRAMES * GNT_PER_FRAME <= 0x10000, "refs fit maptrack.ref");

struct grant_table {
    unsigned int nr_frames;                 /* shared frames in use */
    unsigned int mt_frames;                 /* maptrack frames allocated */
    unsigned int mt_in_use;                 /* handles in use */
    uint32_t mt_free;                       /* free handle list, MT_NONE if empty */
    mfn_t shared[GNTTAB_MAX_FRAMES];
    struct active_grant *active[GNTTAB_MAX_FRAMES];
    /*
     * Maptrack frames: a directory of GNTTAB_MAX_MT_FRAMES pointers (8 KiB),
     * allocated with the first handle, so a domain that never maps a grant
     * keeps its grant_table in one page.
     */
    struct maptrack **maptrack;
};
#define MT_DIR_SIZE     (GNTTAB_MAX_MT_FRAMES * sizeof(struct maptrack *))

/* Hypervisor memory (hv/heap.h) in blocks of 2^order frames. */
static void *alloc_zeroed(unsigned int order)
{
    return heap_alloc(PAGE_SIZE << order);
}

static void free_block(void *p, unsigned int order)
{
    heap_free(p, PAGE_SIZE << order);
}

static unsigned int gt_order(void)
{
    return heap_order(sizeof(struct grant_table));
}

static inline unsigned int nr_entries(const struct grant_table *gt)
{
    return gt->nr_frames * GNT_PER_FRAME;
}

static inline struct grant_entry_v1 *shared_entry(const struct grant_table *gt, uint32_t ref)
{
    struct grant_entry_v1 *f = phys_to_virt(gt->shared[ref / GNT_PER_FRAME] << PAGE_SHIFT);

    return &f[ref % GNT_PER_FRAME];
}

/*
 * The active entries of a table frame are allocated when one of its grants
 * is first pinned (act_acquire): a domain that never has a grant mapped
 * does not pay their two pages. Until then every entry reads as unpinned.
 */
static struct active_grant no_pins;

static inline struct active_grant *active_entry(const struct grant_table *gt, uint32_t ref)
{
    struct active_grant *block = gt->active[ref / GNT_PER_FRAME];

    return block ? &block[ref % GNT_PER_FRAME] : &no_pins;
}

static inline struct maptrack *mt_entry(const struct grant_table *gt, uint32_t handle)
{
    return &gt->maptrack[handle / MT_PER_FRAME][handle % MT_PER_FRAME];
}

static inline bool pinned(const struct active_grant *act)
{
    return act->pin_r || act->pin_w;
}

/*
 * A table frame: owned by the domain, which may map it writable, with a
 * permanent writable type reference (Xen's share_xen_page_with_guest) so
 * it can never become a page table. Not counted in tot_pages, as on Xen.
 */
static mfn_t alloc_table_frame(struct domain *d)
{
    mfn_t mfn = frame_alloc_assign(&d->frames, 0);

    if (mfn == MFN_INVALID)
        return MFN_INVALID;             /* (the allocator's frames are zero) */
    if (get_page_type(mfn, PGT_writable, d))
        BUG();                  /* a fresh frame takes any type */
    return mfn;
}

/* Grow @d's table to @nr frames. Returns 0 or -ENOMEM (grown part kept). */
static int grow_table(struct domain *d, unsigned int nr)
{
    struct grant_table *gt = d->grant_table;

    while (gt->nr_frames < nr) {
        mfn_t mfn = alloc_table_frame(d);

        if (mfn == MFN_INVALID)
            return -ENOMEM;
        gt->shared[gt->nr_frames++] = mfn;     /* active entries: on first pin */
    }
    return 0;
}

int gnttab_domain_init(struct domain *d)
{
    d->grant_table = alloc_zeroed(gt_order());
    if (!d->grant_table)
        return -ENOMEM;
    d->grant_table->mt_free = MT_NONE;
    return grow_table(d, GNTTAB_INITIAL_FRAMES);
}

/* A free handle of @gt (a new maptrack frame if needed), or MT_NONE. */
static uint32_t mt_get(struct grant_table *gt)
{
    uint32_t h = gt->mt_free;

    if (h == MT_NONE) {
        struct maptrack *mt;

        if (!gt->maptrack && !(gt->maptrack = alloc_zeroed(heap_order(MT_DIR_SIZE))))
            return MT_NONE;
        if (gt->mt_frames == GNTTAB_MAX_MT_FRAMES || !(mt = alloc_zeroed(0)))
            return MT_NONE;
        /* Chain the new handles, lowest first. */
        h = gt->mt_frames * MT_PER_FRAME;
        for (unsigned int i = 0; i < MT_PER_FRAME; i++)
            mt[i].frame = i + 1 < MT_PER_FRAME ? h + i + 1 : MT_NONE;
        gt->maptrack[gt->mt_frames++] = mt;
    }
    gt->mt_free = mt_entry(gt, h)->frame;
    gt->mt_in_use++;
    return h;
}

/* Give back handle @h (last in, first out: a map/unmap loop reuses one). */
static void mt_put(struct grant_table *gt, uint32_t h)
{
    struct maptrack *mt = mt_entry(gt, h);

    mt->flags = 0;
    mt->frame = gt->mt_free;
    gt->mt_free = h;
    gt->mt_in_use--;
}

/*
 * Pin the shared entry @e for domain @ld: checks on one read of the whole
 * entry, then a cmpxchg of the whole entry setting GTF_reading (and
 * GTF_writing unless @readonly). @was_pinned: the active entry is in use
 * already, so the grantee and type were checked then (as Xen: only the
 * read-only bit is checked again). @mask: the flag bits that must read
 * GTF_permit_access (a map also refuses GTF_sub_page).
 */
static int16_t entry_pin(struct grant_entry_v1 *e, bool was_pinned, bool readonly,
                         uint16_t mask, uint16_t ld, uint32_t *frame)
{
    uint64_t *raw = (uint64_t *)e;
    uint64_t old = __atomic_load_n(raw, __ATOMIC_RELAXED);

    for (unsigned int tries = 1; ; tries++) {
        uint16_t flags = (uint16_t)old, domid = (uint16_t)(old >> 16);
        uint64_t new = old | GTF_reading | (readonly ? 0 : GTF_writing);

        if (!was_pinned && ((flags & mask) != GTF_permit_access || domid != ld))
            return REFUSE(GNTST_general_error, "flags %#x for d%u, not d%u",
                          flags, domid, ld);
        if (!readonly && (flags & GTF_readonly))
            return REFUSE(GNTST_general_error, "writable use of a read-only grant");
        /* On failure, old becomes what the entry holds now. */
        if (__atomic_compare_exchange_n(raw, &old, new, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST)) {
            *frame = (uint32_t)(old >> 32);
            return GNTST_okay;
        }
        if (tries == GNT_RETRIES)
            return REFUSE(GNTST_general_error, "shared entry keeps changing");
    }
}

static void entry_clear(struct grant_entry_v1 *e, uint16_t bits)
{
    __atomic_fetch_and(&e->flags, (uint16_t)~bits, __ATOMIC_SEQ_CST);
}

/*
 * Take one use of grant @ref of @rd for @ld: a host map (@for_map) or a
 * copy, read-only or not. Returns GNTST_okay with *mfn the frame, or
 * bad_gntref (beyond the table), general_error (not granted to @ld, in use
 * by another domain, read-only, unstable, or GNT_PIN_MAX uses of a kind
 * already) or bad_page (the frame is not
 * @rd's); nothing is left changed on error.
 */
static int16_t act_acquire(struct domain *rd, uint32_t ref, const struct domain *ld,
                           bool readonly, bool for_map, mfn_t *mfn)
{
    struct grant_table *gt = rd->grant_table;
    struct active_grant *act;
    struct grant_entry_v1 *e;
    uint32_t frame;
    int16_t rc;

    if (ref >= nr_entries(gt))
        return REFUSE(GNTST_bad_gntref, "ref %#x beyond d%u's table", ref, rd->domid);
    if (!gt->active[ref / GNT_PER_FRAME] &&
        !(gt->active[ref / GNT_PER_FRAME] = alloc_zeroed(ACT_ORDER)))
        return REFUSE(GNTST_general_error, "no memory for d%u's active grants", rd->domid);
    act = active_entry(gt, ref);
    e = shared_entry(gt, ref);
    if (pinned(act) && act->domid != ld->domid)
        return REFUSE(GNTST_general_error, "ref %#x in use by d%u", ref, act->domid);
    if (act->pin_r >= GNT_PIN_MAX || act->pin_w >= GNT_PIN_MAX)
        return REFUSE(GNTST_general_error, "ref %#x pinned %u/%u times", ref,
                      act->pin_r, act->pin_w);
    if (!pinned(act) || (!readonly && !act->pin_w)) {
        rc = entry_pin(e, pinned(act), readonly,
                       GTF_type_mask | (for_map ? GTF_sub_page : 0), ld->domid, &frame);
        if (rc)
            return rc;
        if (!pinned(act)) {
            /* The frame must be the granter's own memory. */
            if (get_page(frame, rd)) {
                entry_clear(e, GTF_reading | (readonly ? 0 : GTF_writing));
                return REFUSE(GNTST_bad_page, "frame %#x is not d%u's", frame, rd->domid);
            }
            put_page(frame);
            act->frame = frame;
            act->domid = ld->domid;
        }
    }
    if (readonly)
        act->pin_r++;
    else
        act->pin_w++;
    *mfn = act->frame;
    return GNTST_okay;
}

/* Undo one act_acquire(); the shared flags follow the pins. */
static void act_release(struct domain *rd, uint32_t ref, bool readonly)
{
    struct grant_table *gt = rd->grant_table;
    struct active_grant *act = active_entry(gt, ref);
    uint16_t clear = 0;

    BUG_ON(act == &no_pins);    /* released only after act_acquire */

    if (readonly) {
        BUG_ON(!act->pin_r);
        act->pin_r--;
    } else {
        BUG_ON(!act->pin_w);
        if (!--act->pin_w)
            clear |= GTF_writing;
    }
    if (!pinned(act))
        clear |= GTF_reading;
    if (clear)
        entry_clear(shared_entry(gt, ref), clear);
}

/* Free handle @h of @d, releasing its pin unless the granter is gone. */
static void mt_release(struct domain *d, uint32_t h)
{
    struct maptrack *mt = mt_entry(d->grant_table, h);

    if (!(mt->flags & MT_ORPHAN)) {
        struct domain *rd = domain_lookup(mt->domid);

        BUG_ON(!rd || !rd->grant_table);
        act_release(rd, mt->ref, mt->flags & GNTMAP_readonly);
    }
    mt_put(d->grant_table, h);
}

/* A domain named in an operation: DOMID_SELF or an id (@any_id), or an id only. */
static struct domain *lookup(uint16_t domid, bool any_id)
{
    if (any_id && domid == DOMID_SELF)
        return current->domain;
    return domain_lookup(domid);
}

/*
 * The table an operation names with @dom (DOMID_SELF or an id) in *@d:
 * GNTST_okay, bad_domain, or permission_denied unless it is the caller's
 * own or the caller is dom0 (Xen's XSM_TARGET).
 */
static int16_t target_domain(uint16_t dom, struct domain **d)
{
    *d = lookup(dom, true);
    if (!*d || !(*d)->grant_table)
        return REFUSE(GNTST_bad_domain, "no domain %u", dom);
    if (*d != current->domain && !current->domain->privileged)
        return REFUSE(GNTST_permission_denied, "d%u's table", (*d)->domid);
    return GNTST_okay;
}

static void map_one(struct gnttab_map_grant_ref *op)
{
    struct vcpu *v = current;
    struct domain *ld = v->domain, *rd;
    bool readonly = op->flags & GNTMAP_readonly;
    struct maptrack *mt;
    uint64_t pte_ma;
    uint32_t h;
    mfn_t mfn;
    int16_t rc;

    if (!(op->flags & (GNTMAP_device_map | GNTMAP_host_map))) {
        op->status = REFUSE(GNTST_bad_gntref, "map flags %#x", op->flags);
        return;
    }
    /* No IOMMU, no device mappings (docs/abi/divergences.md). */
    if (op->flags & GNTMAP_device_map) {
        op->status = REFUSE(GNTST_general_error, "device_map not supported");
        return;
    }
    rd = lookup(op->dom, false);
    if (!rd || rd->dying || !rd->grant_table) {
        op->status = REFUSE(GNTST_bad_domain, "no domain %u", op->dom);
        return;
    }
    h = mt_get(ld->grant_table);
    if (h == MT_NONE) {
        /* Xen 4.17 says no_space here (newer Xen no_device_space). */
        op->status = REFUSE(GNTST_no_space, "d%u out of maptrack handles", ld->domid);
        return;
    }
    rc = act_acquire(rd, op->ref, ld, readonly, true, &mfn);
    if (!rc) {
        rc = arch_gnttab_map(v, op->host_addr, op->flags, mfn, rd, &pte_ma);
        if (rc) {
            act_release(rd, op->ref, readonly);
            (void)REFUSE(rc, "cannot map frame %#llx at %#llx", (unsigned long long)mfn,
                         (unsigned long long)op->host_addr);
        }
    }
    if (rc) {
        mt_put(ld->grant_table, h);
        op->status = rc;
        return;
    }
    mt = mt_entry(ld->grant_table, h);
    mt->frame = (uint32_t)mfn;
    mt->domid = rd->domid;
    mt->ref = (uint16_t)op->ref;
    mt->flags = (uint16_t)(op->flags & (GNTMAP_host_map | GNTMAP_readonly |
                                        GNTMAP_application_map | GNTMAP_contains_pte));
    mt->l1 = (uint32_t)(pte_ma >> PAGE_SHIFT);
    mt->slot = (uint16_t)((pte_ma & (PAGE_SIZE - 1)) / sizeof(uint64_t));
    op->handle = h;
    op->dev_bus_addr = (uint64_t)mfn << PAGE_SHIFT;
    op->status = GNTST_okay;
}

/* Returns the status; *@unmapped is set when a PTE was cleared (flush due). */
static int16_t unmap_one(uint64_t host_addr, uint64_t dev_bus_addr, uint32_t handle,
                         bool *unmapped)
{
    struct domain *ld = current->domain;
    struct grant_table *gt = ld->grant_table;
    struct maptrack *mt;
    int16_t rc;

    if (handle >= gt->mt_frames * MT_PER_FRAME || !mt_entry(gt, handle)->flags)
        return REFUSE(GNTST_bad_handle, "d%u handle %#x not in use", ld->domid, handle);
    mt = mt_entry(gt, handle);
    /* Xen 4.17 checks dev_bus_addr only for device mappings, which we never make. */
    (void)dev_bus_addr;
    /* As Xen: without the address nothing is undone, and that is no error. */
    if (!host_addr)
        return GNTST_okay;
    rc = arch_gnttab_unmap(current, host_addr, mt->flags, mt->frame);
    if (rc)
        return REFUSE(rc, "no mapping of handle %#x at %#llx", handle,
                      (unsigned long long)host_addr);
    *unmapped = true;
    mt_release(ld, handle);
    return GNTST_okay;
}

/* One side of a copy: its domain, frame and what is held on it. */
struct copy_side {
    struct domain *d;
    mfn_t mfn;
    bool grant, page, type;
};

static int16_t copy_domain(uint16_t domid, bool is_gref, struct copy_side *s)
{
    /* A frame number may name only the caller's own memory. */
    if (domid != DOMID_SELF && !is_gref)
        return REFUSE(GNTST_permission_denied, "copy by frame from d%u", domid);
    s->d = lookup(domid, true);
    if (!s->d || s->d->dying || !s->d->grant_table)
        return REFUSE(GNTST_bad_domain, "copy: no domain %u", domid);
    return GNTST_okay;
}

static int16_t copy_claim(const struct gnttab_copy_ptr *p, bool is_gref, bool dest,
                          struct copy_side *s)
{
    int16_t rc;

    if (is_gref) {
        rc = act_acquire(s->d, p->u.ref, current->domain, !dest, false, &s->mfn);
        if (rc)
            return rc;
        s->grant = true;
    } else {
        s->mfn = p->u.gmfn;
    }
    if (get_page(s->mfn, s->d))
        return REFUSE(is_gref ? GNTST_bad_domain : GNTST_bad_page,
                      "copy: frame %#llx not d%u's", (unsigned long long)s->mfn, s->d->domid);
    s->page = true;
    if (dest) {
        if (get_page_type(s->mfn, PGT_writable, s->d))
            return REFUSE(GNTST_general_error, "copy: frame %#llx not writable",
                          (unsigned long long)s->mfn);
        s->type = true;
    }
    return GNTST_okay;
}

static void copy_release(const struct gnttab_copy_ptr *p, bool dest, struct copy_side *s)
{
    if (s->type)
        put_page_type(s->mfn);
    if (s->page)
        put_page(s->mfn);
    if (s->grant)
        act_release(s->d, p->u.ref, !dest);
}

/* Checks in Xen's order: domains, source, destination, then the bounds. */
static int16_t copy_one(const struct gnttab_copy *op)
{
    struct copy_side src = { 0 }, dst = { 0 };
    bool src_gref = op->flags & GNTCOPY_source_gref;
    bool dst_gref = op->flags & GNTCOPY_dest_gref;
    int16_t rc;

    rc = copy_domain(op->source.domid, src_gref, &src);
    if (!rc)
        rc = copy_domain(op->dest.domid, dst_gref, &dst);
    if (!rc)
        rc = copy_claim(&op->source, src_gref, false, &src);
    if (!rc)
        rc = copy_claim(&op->dest, dst_gref, true, &dst);
    if (!rc && ((unsigned int)op->source.offset + op->len > PAGE_SIZE ||
                (unsigned int)op->dest.offset + op->len > PAGE_SIZE))
        rc = REFUSE(GNTST_bad_copy_arg, "copy beyond the page");
    if (!rc)
        memmove((uint8_t *)phys_to_virt(dst.mfn << PAGE_SHIFT) + op->dest.offset,
                (uint8_t *)phys_to_virt(src.mfn << PAGE_SHIFT) + op->source.offset,
                op->len);
    copy_release(&op->dest, true, &dst);
    copy_release(&op->source, false, &src);
    return rc;
}

static int16_t swap_one(uint32_t a, uint32_t b)
{
    struct grant_table *gt = current->domain->grant_table;
    struct grant_entry_v1 tmp;

    if (a >= nr_entries(gt) || b >= nr_entries(gt))
        return REFUSE(GNTST_bad_gntref, "swap %#x %#x", a, b);
    if (a == b)
        return GNTST_okay;
    if (pinned(active_entry(gt, a)) || pinned(active_entry(gt, b)))
        return REFUSE(GNTST_eagain, "swap of a grant in use");
    tmp = *shared_entry(gt, a);
    *shared_entry(gt, a) = *shared_entry(gt, b);
    *shared_entry(gt, b) = tmp;
    return GNTST_okay;
}

/*
 * The batched operations: each element is read, done, and its status
 * written back (map: the whole element, others: the status field). Out of
 * time after an element, the rest continues in a new call.
 */
static long batch(uint32_t cmd, uint64_t uop, uint32_t count)
{
    size_t size = cmd == GNTTABOP_map_grant_ref ? sizeof(struct gnttab_map_grant_ref) :
                  cmd == GNTTABOP_unmap_grant_ref ? sizeof(struct gnttab_unmap_grant_ref) :
                  cmd == GNTTABOP_copy ? sizeof(struct gnttab_copy) :
                  sizeof(struct gnttab_swap_grant_ref);
    bool unmapped = false;
    long rc = 0;
    uint32_t i;

    for (i = 0; i < count; i++) {
        uint64_t at = uop + (uint64_t)i * size;
        union {
            struct gnttab_map_grant_ref map;
            struct gnttab_unmap_grant_ref unmap;
            struct gnttab_copy copy;
            struct gnttab_swap_grant_ref swap;
        } op;
        int16_t st;
        uint64_t st_off;

        if (i && hypercall_preempt_check()) {
            hypercall_continue(cmd, at, count - i, 0, 0);
            break;
        }
        if (copy_from_guest(&op, at, size)) {
            rc = -EFAULT;
            break;
        }
        switch (cmd) {
        case GNTTABOP_map_grant_ref:
            map_one(&op.map);
            if (copy_to_guest(at, &op.map, size)) {
                rc = -EFAULT;
                break;
            }
            continue;
        case GNTTABOP_unmap_grant_ref:
            st = unmap_one(op.unmap.host_addr, op.unmap.dev_bus_addr, op.unmap.handle,
                           &unmapped);
            st_off = offsetof(struct gnttab_unmap_grant_ref, status);
            break;
        case GNTTABOP_copy:
            st = copy_one(&op.copy);
            st_off = offsetof(struct gnttab_copy, status);
            break;
        default:
            st = swap_one(op.swap.ref_a, op.swap.ref_b);
            st_off = offsetof(struct gnttab_swap_grant_ref, status);
            break;
        }
        if (rc || copy_to_guest(at + st_off, &st, sizeof(st))) {
            rc = -EFAULT;
            break;
        }
    }
    /* No stale translation of an unmapped grant survives the call, on any CPU. */
    if (unmapped)
        flush_tlb_domain(current->domain);
    return rc;
}

/* Read the single element of an operation that takes exactly one. */
static long read_single(uint64_t uop, uint32_t count, void *op, size_t size)
{
    if (count != 1)
        return -EINVAL;
    return copy_from_guest(op, uop, size) ? -EFAULT : 0;
}

static long setup_table(uint64_t uop, uint32_t count)
{
    struct gnttab_setup_table op;
    struct domain *d;
    uint16_t st_off = offsetof(struct gnttab_setup_table, status);
    long rc = read_single(uop, count, &op, sizeof(op));

    if (rc)
        return rc;
    if (!guest_range_ok(op.frame_list, (uint64_t)op.nr_frames * sizeof(uint64_t)))
        return -EFAULT;
    op.status = target_domain(op.dom, &d);
    if (op.status)
        ;
    else if (op.nr_frames > GNTTAB_MAX_FRAMES)
        op.status = REFUSE(GNTST_general_error, "%u frames asked, limit %u",
                           op.nr_frames, GNTTAB_MAX_FRAMES);
    else if (grow_table(d, op.nr_frames))
        op.status = REFUSE(GNTST_general_error, "no memory to grow d%u's table", d->domid);
    else {
        op.status = GNTST_okay;
        for (uint32_t i = 0; i < op.nr_frames; i++) {
            uint64_t mfn = d->grant_table->shared[i];

            if (copy_to_guest(op.frame_list + i * sizeof(mfn), &mfn, sizeof(mfn)))
                op.status = GNTST_bad_virt_addr;
        }
    }
    return copy_to_guest(uop + st_off, &op.status, sizeof(op.status)) ? -EFAULT : 0;
}

static long query_size(uint64_t uop, uint32_t count)
{
    struct gnttab_query_size op;
    struct domain *d;
    long rc = read_single(uop, count, &op, sizeof(op));

    if (rc)
        return rc;
    op.status = target_domain(op.dom, &d);
    if (!op.status) {
        op.nr_frames = d->grant_table->nr_frames;
        op.max_nr_frames = GNTTAB_MAX_FRAMES;
    }
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Version 2 is refused as Xen does with gnttab=max-ver:1 (-ENOSYS). */
static long set_version(uint64_t uop)
{
    struct gnttab_set_version op;
    long rc;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    rc = op.version == 1 ? 0 : op.version == 2 ? -ENOSYS : -EINVAL;
    if (rc)
        (void)REFUSE(rc, "set_version %u", op.version);
    op.version = 1;
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long get_version(uint64_t uop)
{
    struct gnttab_get_version op;
    struct domain *d;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    switch (target_domain(op.dom, &d)) {
    case GNTST_bad_domain:
        return -ESRCH;
    case GNTST_permission_denied:
        return -EPERM;
    }
    op.version = 1;
    return copy_to_guest(uop + offsetof(struct gnttab_get_version, version),
                         &op.version, sizeof(op.version)) ? -EFAULT : 0;
}

/* Version 1 tables have no status frames: only zero of them can be had. */
static long get_status_frames(uint64_t uop, uint32_t count)
{
    struct gnttab_get_status_frames op;
    struct domain *d;
    long rc = read_single(uop, count, &op, sizeof(op));

    if (rc)
        return rc;
    op.status = target_domain(op.dom, &d);
    if (!op.status && op.nr_frames)
        op.status = REFUSE(GNTST_general_error, "no status frames in v1");
    return copy_to_guest(uop + offsetof(struct gnttab_get_status_frames, status),
                         &op.status, sizeof(op.status)) ? -EFAULT : 0;
}

/*
 * dump_table (pvisor's use of a number Xen 4.17 leaves unimplemented): log
 * the state of a table, for tests and debugging: frames, maptrack use, and
 * the reference counts of the first granted frames.
 */
static long dump_table(uint64_t uop, uint32_t count)
{
    struct gnttab_dump_table op;
    struct grant_table *gt;
    struct domain *d;
    unsigned int shown = 0;
    long rc = read_single(uop, count, &op, sizeof(op));

    if (rc)
        return rc;
    op.status = target_domain(op.dom, &d);
    if (!op.status) {
        gt = d->grant_table;
        printk(LOG_INFO, "gnttab: d%u: %u of %u frames, maptrack %u in use (%u frames)",
               d->domid, gt->nr_frames, GNTTAB_MAX_FRAMES, gt->mt_in_use, gt->mt_frames);
        for (uint32_t ref = 0; ref < nr_entries(gt) && shown < 8; ref++) {
            struct grant_entry_v1 e = *shared_entry(gt, ref);
            const struct active_grant *act = active_entry(gt, ref);
            const struct frame *f;

            if ((e.flags & GTF_type_mask) != GTF_permit_access || e.frame >= frame_table_size)
                continue;
            f = mfn_to_frame(e.frame);
            printk(LOG_INFO, "gnttab: d%u ref %u: frame %#x count %u type %llu/%llu "
                   "pins %u/%u flags %#x", d->domid, ref, e.frame, f->count_info,
                   (unsigned long long)(f->type_info >> 61),
                   (unsigned long long)(f->type_info & PGT_count_mask),
                   act->pin_r, act->pin_w, e.flags);
            shown++;
        }
    }
    return copy_to_guest(uop + offsetof(struct gnttab_dump_table, status),
                         &op.status, sizeof(op.status)) ? -EFAULT : 0;
}

/*
 * grant_table_op(cmd, uop, count): GNTTABOP_* @cmd on @count elements at
 * @uop. Returns 0 (each element carries its own GNTST_* status), -EINVAL
 * (count negative, bits 12+ of cmd set, count not 1 where one element is
 * taken), -EFAULT, -ENOSYS (unknown or refused operation: transfer,
 * unmap_and_replace, cache_flush; set_version to 2), -ESRCH/-EPERM
 * (get_version). docs/abi/hypercalls.md lists every operation.
 */
long hc_grant_table_op(uint64_t cmd64, uint64_t uop, uint64_t count64)
{
    uint32_t cmd = (uint32_t)cmd64, count = (uint32_t)count64;

    if ((int32_t)count < 0)
        return -EINVAL;
    /* A domain being destroyed may have lost its table already. */
    if (!current->domain->grant_table)
        return -EINVAL;
    if (cmd & ~CMD_MASK)
        return -EINVAL;
    switch (cmd) {
    case GNTTABOP_map_grant_ref:
    case GNTTABOP_unmap_grant_ref:
    case GNTTABOP_copy:
    case GNTTABOP_swap_grant_ref:
        return batch(cmd, uop, count);
    case GNTTABOP_setup_table:
        return setup_table(uop, count);
    case GNTTABOP_query_size:
        return query_size(uop, count);
    case GNTTABOP_set_version:
        return set_version(uop);
    case GNTTABOP_get_version:
        return get_version(uop);
    case GNTTABOP_get_status_frames:
        return get_status_frames(uop, count);
    case GNTTABOP_dump_table:
        return dump_table(uop, count);
    default:
        /* transfer, unmap_and_replace, cache_flush: refused. */
        return REFUSE(-ENOSYS, "operation %u not supported", cmd);
    }
}

void gnttab_release_mappings(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    for (uint32_t h = 0; h < gt->mt_frames * MT_PER_FRAME; h++) {
        struct maptrack *mt = mt_entry(gt, h);

        if (!mt->flags)
            continue;
        arch_gnttab_release(d, ((uint64_t)mt->l1 << PAGE_SHIFT) + mt->slot * sizeof(uint64_t),
                            mt->flags, mt->frame);
        mt_release(d, h);
    }
    flush_tlb_domain(d);
}

/* Other domains' mappings of @d's grants lose their pins' target. */
static void orphan_mappings_of(const struct domain *d)
{
    for (struct domain *o = domain_first(); o; o = o->next) {
        struct grant_table *gt = o->grant_table;

        if (!gt || o == d)
            continue;
        for (uint32_t h = 0; h < gt->mt_frames * MT_PER_FRAME; h++) {
            struct maptrack *mt = mt_entry(gt, h);

            if (mt->flags && mt->domid == d->domid)
                mt->flags |= MT_ORPHAN;
        }
    }
}

void gnttab_account(const struct domain *d, uint32_t *frames,
                    uint32_t *mt_frames, uint32_t *mt_in_use, uint32_t *in_use)
{
    const struct grant_table *gt = d->grant_table;

    *frames = *mt_frames = *mt_in_use = *in_use = 0;
    if (!gt)
        return;
    *frames = gt->nr_frames;
    *mt_frames = gt->mt_frames;
    *mt_in_use = gt->mt_in_use;
    /* A frame's active entries exist once one of its refs was mapped. */
    for (unsigned int i = 0; i < gt->nr_frames; i++)
        for (unsigned int j = 0; gt->active[i] && j < GNT_PER_FRAME; j++)
            if (pinned(&gt->active[i][j]))
                (*in_use)++;
}

void gnttab_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    gnttab_release_mappings(d);
    orphan_mappings_of(d);
    for (unsigned int i = 0; i < gt->nr_frames; i++) {
        mfn_t mfn = gt->shared[i];

        free_block(gt->active[i], ACT_ORDER);
        /*
         * The frame leaves d (no new reference can be taken) and goes back
         * to the allocator with its last reference (put_page): now, or when
         * the last PTE mapping it goes (d's own, until its page tables are
         * torn down, or another domain's if d granted its table frame).
         */
        if (frame_unassign(&d->frames, mfn))
            BUG();
        put_page_and_type(mfn);         /* the permanent type and ownership refs */
    }
    for (unsigned int i = 0; i < gt->mt_frames; i++)
        free_block(gt->maptrack[i], 0);
    if (gt->maptrack)
        free_block(gt->maptrack, heap_order(MT_DIR_SIZE));
    free_block(gt, gt_order());
    d->grant_table = NULL;
}
