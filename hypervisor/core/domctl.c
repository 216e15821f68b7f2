/* SPDX-License-Identifier: MIT */
/*
 * The toolstack interface (public/domctl.h): domain control and system
 * control for the privileged domain. Every command checks the caller, the
 * interface version and every argument before it acts; a refused call
 * changes nothing. docs/abi/toolstack.md documents each command.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/time.h>
#include <asm/pagetype.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <public/domctl.h>
#include <public/sched.h>
#include <public/xen.h>

static long do_create(struct pvisor_domctl *op)
{
    struct pvisor_domctl_create *c = &op->u.create;
    uint16_t id = domain_free_id();
    struct domain *d;
    struct vcpu *v;

    c->name[sizeof(c->name) - 1] = '\0';
    if (c->max_vcpus < 1 || c->max_vcpus > HV_MAX_VCPUS)
        return -EINVAL;
    if (!id)
        return -ENOSPC;
    d = domain_create(id, false, c->name[0] ? c->name : "domU");
    if (!d)
        return -ENOMEM;
    /*
     * Built by the toolstack: paused until it says so, vCPU 0 with no
     * context until setvcpucontext, and memory only up to max_mem.
     */
    d->pause_count = 1;
    d->builder = current->domain->domid;
    v = d->vcpus[0];
    v->initialised = false;
    v->online = false;
    sched_runstate_update(v);
    d->max_pages = c->max_mem_kb / (PAGE_SIZE / 1024) + 1;  /* + shared_info */
    if (domain_set_max_vcpus(d, c->max_vcpus)) {
        domain_kill(d);
        return -ENOMEM;
    }
    op->domain = id;
    return 0;
}

static void fill_info(const struct domain *d, struct pvisor_domctl_info *i)
{
    bool all_blocked = true, any_online = false;

    memset(i, 0, sizeof(*i));
    i->domain = d->domid;
    i->flags = (d->dying ? PVISOR_DOMINF_dying : 0) |
               (d->pause_count ? PVISOR_DOMINF_paused : 0) |
               (d->privileged ? PVISOR_DOMINF_privileged : 0);
    if (d->shutdown_reason != SHUTDOWN_NONE) {
        i->flags |= PVISOR_DOMINF_shutdown;
        i->shutdown_reason = (uint16_t)d->shutdown_reason;
    }
    for (unsigned int n = 0; n < d->nr_vcpus; n++) {
        const struct vcpu *v = d->vcpus[n];

        if (v->running)
            i->flags |= PVISOR_DOMINF_running;
        if (v->online) {
            any_online = true;
            i->nr_online_vcpus++;
            if (!v->blocked)
                all_blocked = false;
        }
    }
    if (any_online && all_blocked)
        i->flags |= PVISOR_DOMINF_blocked;
    i->tot_pages = d->tot_pages;
    i->max_pages = d->max_pages;
    i->cpu_time = d->cpu_time;
    i->nr_vcpus = d->nr_vcpus;
    i->weight = d->weight;
    i->cap = d->cap;
    strlcpy(i->name, d->name, sizeof(i->name));
    i->shared_info_frame = d->shared_info_mfn;
}

/* The vCPU a command names, or NULL. */
static struct vcpu *named_vcpu(struct domain *d, uint32_t id)
{
    return id < d->nr_vcpus ? d->vcpus[id] : NULL;
}

static long do_domctl(struct pvisor_domctl *op, struct domain *self)
{
    struct domain *d;
    struct vcpu *v;

    switch (op->cmd) {
    case PVISOR_DOMCTL_createdomain:
        return do_create(op);
    case PVISOR_DOMCTL_getdomaininfo:
        d = domain_from(op->domain);
        if (!d)
            return -ESRCH;
        fill_info(d, &op->u.info);
        op->domain = d->domid;
        return 0;
    default:
        break;
    }

    d = domain_lookup(op->domain);
    if (!d || d->dying)
        return -ESRCH;
    switch (op->cmd) {
    case PVISOR_DOMCTL_destroydomain:
        if (d == self)
            return -EINVAL;
        domain_kill(d);         /* freed once no CPU runs it */
        return 0;
    case PVISOR_DOMCTL_pausedomain:
        if (d == self)
            return -EINVAL;
        domain_pause(d);
        return 0;
    case PVISOR_DOMCTL_unpausedomain:
        if (!d->pause_count)
            return -EINVAL;
        /* A vCPU 0 with no context cannot run: set it first. */
        if (d->pause_count == 1 && !d->vcpus[0]->initialised)
            return -EINVAL;
        domain_unpause(d);
        return 0;
    case PVISOR_DOMCTL_max_mem:
        if (op->u.max_mem.max_mem_kb / (PAGE_SIZE / 1024) + 1 < d->tot_pages)
            return -EBUSY;
        d->max_pages = op->u.max_mem.max_mem_kb / (PAGE_SIZE / 1024) + 1;
        return 0;
    case PVISOR_DOMCTL_max_vcpus:
        return domain_set_max_vcpus(d, op->u.max_vcpus.max);
    case PVISOR_DOMCTL_setvcpuaffinity: {
        uint64_t online = 0;

        for (unsigned int c = 0; c < nr_cpus; c++)
            if (pcpus[c] && pcpus[c]->online)
                online |= 1ULL << c;
        v = named_vcpu(d, op->u.affinity.vcpu);
        if (!v)
            return -ENOENT;
        if (!(op->u.affinity.cpumap & online))
            return -EINVAL;     /* it could run nowhere */
        v->affinity = op->u.affinity.cpumap;
        /* Running where it may no longer: it moves at its next exit. */
        if (v->running && !(v->affinity & (1ULL << v->processor)))
            sched_stop_vcpu(v);
        else
            sched_wake(v);      /* waiting: a CPU it may now use looks at it */
        return 0;
    }
    case PVISOR_DOMCTL_getvcpuaffinity:
        v = named_vcpu(d, op->u.affinity.vcpu);
        if (!v)
            return -ENOENT;
        op->u.affinity.cpumap = v->affinity;
        return 0;
    case PVISOR_DOMCTL_sched_set:
        if (op->u.sched.weight > 65535 ||
            op->u.sched.cap > 100 * d->nr_vcpus)
            return -EINVAL;
        if (op->u.sched.weight)
            d->weight = op->u.sched.weight;
        sched_set_cap(d, op->u.sched.cap);
        return 0;
    case PVISOR_DOMCTL_sched_get:
        op->u.sched.weight = d->weight;
        op->u.sched.cap = d->cap;
        return 0;
    case PVISOR_DOMCTL_shutdown:
        if (d == self || op->u.shutdown.reason > SHUTDOWN_MAX)
            return -EINVAL;
        domain_stop(d, (int)op->u.shutdown.reason);
        return 0;
    case PVISOR_DOMCTL_setvcpucontext: {
        static struct vcpu_guest_context ctxt;  /* 5 KiB: under the lock */
        long rc;

        v = named_vcpu(d, op->u.vcpucontext.vcpu);
        if (!v)
            return -ENOENT;
        if (!d->pause_count)
            return -EBUSY;      /* only while the toolstack holds it paused */
        if (copy_from_guest(&ctxt, op->u.vcpucontext.ctxt, sizeof(ctxt)))
            return -EFAULT;
        rc = pv_set_vcpu_context(v, &ctxt);
        if (rc)
            return rc;
        v->online = ctxt.flags & VGCF_online;
        sched_runstate_update(v);
        return 0;
    }
    case PVISOR_DOMCTL_getvcpuinfo: {
        struct vcpu_runstate_info r;

        v = named_vcpu(d, op->u.vcpuinfo.vcpu);
        if (!v)
            return -ENOENT;
        sched_runstate_update(v);
        r = v->runstate;
        op->u.vcpuinfo.online = v->online;
        op->u.vcpuinfo.blocked = v->blocked;
        op->u.vcpuinfo.running = v->running;
        op->u.vcpuinfo.cpu_time = r.time[RUNSTATE_running] +
            (r.state == RUNSTATE_running ? now_ns() - r.state_entry_time : 0);
        op->u.vcpuinfo.cpu = v->processor;
        return 0;
    }
    case PVISOR_DOMCTL_hypercall_init: {
        /* As the hypercall-page MSR: a frame of the domain it may write. */
        mfn_t mfn = op->u.hypercall_init.gmfn;

        if (get_page_and_type(mfn, PGT_writable, d))   /* owned, not a table */
            return -EINVAL;
        pv_fill_hypercall_page(phys_to_virt(mfn << PAGE_SHIFT));
        put_page_and_type(mfn);
        return 0;
    }
    default:
        return -ENOSYS;
    }
}

/*
 * domctl(op): @op is a struct pvisor_domctl in the caller's memory. 0 or a
 * negative errno; outputs are copied back on success.
 */
long hc_domctl(uint64_t arg)
{
    struct domain *self = current->domain;
    struct pvisor_domctl op;
    long rc;

    if (!self->privileged)
        return -EPERM;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != PVISOR_DOMCTL_VERSION)
        return -EACCES;
    rc = do_domctl(&op, self);
    if (!rc && copy_to_guest(arg, &op, sizeof(op)))
        return -EFAULT;
    return rc;
}

/* sysctl(op): a struct pvisor_sysctl, as domctl. */
long hc_sysctl(uint64_t arg)
{
    struct pvisor_sysctl op;

    if (!current->domain->privileged)
        return -EPERM;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != PVISOR_SYSCTL_VERSION)
        return -EACCES;
    switch (op.cmd) {
    case PVISOR_SYSCTL_physinfo:
        memset(&op.u.physinfo, 0, sizeof(op.u.physinfo));
        op.u.physinfo.nr_cpus = nr_cpus;
        op.u.physinfo.total_pages = frame_table_size;
        op.u.physinfo.free_pages = frame_free_count();
        op.u.physinfo.cpu_khz = arch_tsc_khz();
        op.u.physinfo.scrub_pages = frame_dirty_count();
        break;
    case PVISOR_SYSCTL_readconsole: {
        long rc = console_sysctl_read(&op.u.readconsole);

        if (rc)
            return rc;
        break;
    }
    case PVISOR_SYSCTL_accounting: {
        long rc = domain_account(&op.u.accounting);

        if (rc)
            return rc;
        break;
    }
    default:
        return -ENOSYS;
    }
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}
