/* SPDX-License-Identifier: MIT */
/* A fake hypervisor for the domain builder's unit test (fake.h). */
#include <stdlib.h>
#include <string.h>

#include <public/domctl.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/memory.h>

#include "fake.h"

/* Foreign maps: each a bounce buffer copied back at unmap. */
#define FAKE_WINDOWS 4

struct window {
    uint8_t *va;
    uint64_t mfns[BUILD_MAP_MAX];
    unsigned int n;
};

static struct window windows[FAKE_WINDOWS];

uint8_t *fake_frame(struct fake *f, uint64_t mfn)
{
    if (mfn < FAKE_MFN0 || mfn >= FAKE_MFN0 + FAKE_FRAMES)
        return NULL;
    return f->mem[mfn - FAKE_MFN0];
}

static uint16_t owner(const struct fake *f, uint64_t mfn)
{
    if (mfn < FAKE_MFN0 || mfn >= FAKE_MFN0 + FAKE_FRAMES)
        return FAKE_FREE;
    return f->owner[mfn - FAKE_MFN0];
}

static struct fake_domain *domain(struct fake *f, uint16_t id)
{
    return id > 0 && id < FAKE_DOMAINS && f->dom[id].exists ? &f->dom[id] : NULL;
}

static uint64_t alloc_block(struct fake *f, uint16_t id, unsigned int order);

static long create(struct fake *f, struct pvisor_domctl *op)
{
    struct fake_domain *d;
    uint16_t id;

    if (op->u.create.max_vcpus < 1 || op->u.create.max_vcpus > 8)
        return -XEN_EINVAL;
    for (id = 1; id < FAKE_DOMAINS && f->dom[id].exists; id++)
        ;
    if (id == FAKE_DOMAINS)
        return -XEN_ENOSPC;
    d = &f->dom[id];
    memset(d, 0, sizeof(*d));
    d->exists = d->paused = true;
    memcpy(d->name, op->u.create.name, sizeof(d->name));
    d->max_vcpus = op->u.create.max_vcpus;
    d->max_pages = op->u.create.max_mem_kb / 4 + 1;
    d->shared_info_mfn = alloc_block(f, id, 0);
    if (!d->shared_info_mfn) {
        d->exists = false;
        return -XEN_ENOMEM;
    }
    op->domain = id;
    return 0;
}

static void destroy(struct fake *f, uint16_t id)
{
    for (unsigned int i = 0; i < FAKE_FRAMES; i++)
        if (f->owner[i] == id)
            f->owner[i] = FAKE_FREE;
    memset(&f->dom[id], 0, sizeof(f->dom[id]));
}

/* Is every table under L4 @l4 the domain's, and none of them mapped by dom0? */
static bool tables_ok(struct fake *f, uint16_t id, uint64_t mfn, unsigned int level)
{
    const uint64_t *t = (const uint64_t *)fake_frame(f, mfn);

    if (!t || owner(f, mfn) != id || f->mapped[mfn - FAKE_MFN0])
        return false;
    for (unsigned int i = 0; i < 512; i++) {
        uint64_t e = t[i], m = (e & 0x000ffffffffff000ULL) >> 12;

        if (!(e & 1))
            continue;
        if (level == 1 ? owner(f, m) != id : !tables_ok(f, id, m, level - 1))
            return false;
    }
    return true;
}

static long domctl(struct fake *f, struct pvisor_domctl *op)
{
    struct fake_domain *d;

    if (op->interface_version != PVISOR_DOMCTL_VERSION)
        return -XEN_EACCES;
    if (op->cmd == PVISOR_DOMCTL_createdomain)
        return create(f, op);
    if (op->cmd == PVISOR_DOMCTL_getdomaininfo) {
        for (unsigned int id = op->domain; id < FAKE_DOMAINS; id++) {
            if (!(d = domain(f, (uint16_t)id)))
                continue;
            memset(&op->u.info, 0, sizeof(op->u.info));
            op->domain = (uint16_t)id;
            op->u.info.tot_pages = d->tot_pages;
            op->u.info.max_pages = d->max_pages;
            op->u.info.flags = d->paused ? PVISOR_DOMINF_paused : 0;
            op->u.info.shared_info_frame = d->shared_info_mfn;
            return 0;
        }
        return -XEN_ESRCH;
    }
    if (!(d = domain(f, op->domain)))
        return -XEN_ESRCH;
    switch (op->cmd) {
    case PVISOR_DOMCTL_destroydomain:
        destroy(f, op->domain);
        return 0;
    case PVISOR_DOMCTL_hypercall_init: {
        uint8_t *p = fake_frame(f, op->u.hypercall_init.gmfn);

        if (!p || owner(f, op->u.hypercall_init.gmfn) != op->domain)
            return -XEN_EINVAL;
        memset(p, FAKE_HCALL_BYTE, 4096);
        d->hypercall_page = op->u.hypercall_init.gmfn;
        return 0;
    }
    case PVISOR_DOMCTL_setvcpucontext: {
        const struct vcpu_guest_context *c =
            (const void *)(uintptr_t)op->u.vcpucontext.ctxt;

        if (op->u.vcpucontext.vcpu >= d->max_vcpus)
            return -XEN_ENOENT;
        if (!d->paused)
            return -XEN_EBUSY;
        if (d->has_ctxt)
            return -XEN_EEXIST;
        /* CR3 must be the domain's pinned L4, as pvisor takes a type reference. */
        if (!d->pinned_l4 || c->ctrlreg[3] != d->pinned_l4 << 12)
            return -XEN_EINVAL;
        d->ctxt = *c;
        d->has_ctxt = true;
        return 0;
    }
    default:
        return -XEN_ENOSYS;
    }
}

/*
 * The highest free naturally aligned block of 2^@order frames, scrubbed,
 * for @id; 0 if none. Top down: PFN != MFN order.
 */
static uint64_t alloc_block(struct fake *f, uint16_t id, unsigned int order)
{
    unsigned int n = 1u << order;

    for (unsigned int i = (FAKE_FRAMES - n) & ~(n - 1);; i -= n) {
        unsigned int k = 0;

        while (k < n && f->owner[i + k] == FAKE_FREE)
            k++;
        if (k == n) {
            for (k = 0; k < n; k++) {
                f->owner[i + k] = id;
                memset(f->mem[i + k], 0, 4096);
            }
            f->dom[id].tot_pages += n;
            return FAKE_MFN0 + i;
        }
        if (i < n)
            return 0;
    }
}

/* As pvisor: extents of up to order 9 (none with no_extents), first MFN back. */
static long populate(struct fake *f, struct xen_memory_reservation *r)
{
    uint64_t *ext = (uint64_t *)(uintptr_t)r->extent_start;
    struct fake_domain *d = domain(f, r->domid);
    uint64_t i, n = 1ULL << r->extent_order;

    if (!d)
        return -XEN_ESRCH;
    if (r->extent_order > 9 || (r->extent_order && f->no_extents))
        return 0;
    if (r->extent_order)
        f->extent_calls++;
    for (i = 0; i < r->nr_extents; i++) {
        uint64_t mfn;

        if (d->tot_pages + n > d->max_pages || f->limit < n)
            break;
        mfn = alloc_block(f, r->domid, r->extent_order);
        if (!mfn)
            break;
        f->limit -= n;
        ext[i] = mfn;
    }
    return (long)i;
}

static long fake_hypercall(void *h, unsigned int nr, unsigned long a1, unsigned long a2,
                           unsigned long a3, unsigned long a4, unsigned long a5)
{
    struct fake *f = h;
    unsigned int cmd = 0;

    if (nr == __HYPERVISOR_domctl)
        cmd = ((const struct pvisor_domctl *)a1)->cmd;
    else if (nr == __HYPERVISOR_mmuext_op)
        cmd = ((const struct mmuext_op *)a1)->cmd;
    else
        cmd = (unsigned int)a1;
    if (f->fail_at && nr == f->fail_nr && cmd == f->fail_cmd && ++f->fail_count == f->fail_at)
        return f->fail_rc;

    switch (nr) {
    case __HYPERVISOR_domctl:
        return domctl(f, (struct pvisor_domctl *)a1);
    case __HYPERVISOR_memory_op:
        if (a1 != XENMEM_populate_physmap)
            return -XEN_ENOSYS;
        return populate(f, (struct xen_memory_reservation *)a2);
    case __HYPERVISOR_event_channel_op: {
        struct evtchn_alloc_unbound *u = (struct evtchn_alloc_unbound *)a2;
        struct fake_domain *d;

        if (a1 != EVTCHNOP_alloc_unbound)
            return -XEN_ENOSYS;
        if (!(d = domain(f, u->dom)))
            return -XEN_ESRCH;
        d->console_port = u->port = 1;
        d->console_remote = u->remote_dom;
        return 0;
    }
    case __HYPERVISOR_mmuext_op: {
        const struct mmuext_op *op = (const struct mmuext_op *)a1;
        struct fake_domain *d = domain(f, (uint16_t)a4);

        if (!d)
            return -XEN_ESRCH;
        if (a2 != 1 || op->cmd != MMUEXT_PIN_L4_TABLE || d->pinned_l4)
            return -XEN_EINVAL;
        if (!tables_ok(f, (uint16_t)a4, op->arg1.mfn, 4))
            return -XEN_EINVAL;
        d->pinned_l4 = op->arg1.mfn;
        return 0;
    }
    default:
        return -XEN_ENOSYS;
    }
}

static void *fake_map(void *h, uint16_t domid, const uint64_t *mfns, unsigned int n)
{
    struct fake *f = h;
    struct window *w = NULL;

    f->maps++;
    if (n > f->max_map_n)
        f->max_map_n = n;
    if (f->fail_at && f->fail_nr == 0 && ++f->fail_count == f->fail_at)
        return NULL;
    if (!n || n > BUILD_MAP_MAX)
        return NULL;
    for (unsigned int i = 0; i < n; i++)
        if (owner(f, mfns[i]) != domid)
            return NULL;
    for (unsigned int i = 0; i < FAKE_WINDOWS && !w; i++)
        if (!windows[i].va)
            w = &windows[i];
    if (!w || !(w->va = malloc((size_t)n * 4096)))
        return NULL;
    w->n = n;
    for (unsigned int i = 0; i < n; i++) {
        w->mfns[i] = mfns[i];
        memcpy(w->va + i * 4096, fake_frame(f, mfns[i]), 4096);
        f->mapped[mfns[i] - FAKE_MFN0]++;
    }
    return w->va;
}

static void fake_unmap(void *h, void *va, unsigned int n)
{
    struct fake *f = h;

    for (unsigned int i = 0; i < FAKE_WINDOWS; i++) {
        struct window *w = &windows[i];

        if (w->va != va || w->n != n)
            continue;
        for (unsigned int k = 0; k < n; k++) {
            memcpy(fake_frame(f, w->mfns[k]), w->va + k * 4096, 4096);
            f->mapped[w->mfns[k] - FAKE_MFN0]--;
        }
        free(w->va);
        w->va = NULL;
        return;
    }
    abort();                    /* unmapping what was not mapped */
}

const struct build_ops fake_ops = {
    .hypercall = fake_hypercall,
    .map_foreign = fake_map,
    .unmap_foreign = fake_unmap,
};

void fake_init(struct fake *f)
{
    memset(f, 0, sizeof(*f));
    f->mem = calloc(FAKE_FRAMES, 4096);
    if (!f->mem)
        abort();
    for (unsigned int i = 0; i < FAKE_FRAMES; i++)
        f->owner[i] = FAKE_FREE;
    f->limit = FAKE_FRAMES;
}

void fake_fini(struct fake *f)
{
    free(f->mem);
    f->mem = NULL;
}

unsigned int fake_frames_used(const struct fake *f)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < FAKE_FRAMES; i++)
        n += f->owner[i] != FAKE_FREE;
    return n;
}

unsigned int fake_maps_outstanding(const struct fake *f)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < FAKE_FRAMES; i++)
        n += f->mapped[i];
    return n;
}

unsigned int fake_domains(const struct fake *f)
{
    unsigned int n = 0;

    for (unsigned int i = 1; i < FAKE_DOMAINS; i++)
        n += f->dom[i].exists;
    return n;
}
