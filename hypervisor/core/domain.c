/* SPDX-License-Identifier: MIT */
/* Domains: creation, lookup, memory ownership, shutdown and crash. */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/frame.h>
#include <hv/grant_table.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/time.h>
#include <asm/pv.h>
#include <asm/pagetype.h>
#include <public/sched.h>
#include <public/xen.h>

static struct domain *domains[HV_MAX_DOMAINS];
/* Domains killed and not yet destroyed: the scheduler's reap is free without. */
static unsigned int nr_dying;

static unsigned int struct_order(size_t size)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < size)
        order++;
    return order;
}

/*
 * Domain and vCPU structures come whole from the frame allocator: they are
 * hypervisor memory, owned by no domain.
 */
static void *alloc_struct(size_t size)
{
    unsigned int order = struct_order(size);
    mfn_t mfn;

    mfn = frame_alloc(order);
    if (mfn == MFN_INVALID)
        return NULL;
    memset(phys_to_virt(mfn << PAGE_SHIFT), 0, PAGE_SIZE << order);
    return phys_to_virt(mfn << PAGE_SHIFT);
}

static void free_struct(void *p, size_t size)
{
    if (p && frame_free(virt_to_phys(p) >> PAGE_SHIFT, struct_order(size)))
        BUG();
}

struct domain *domain_lookup(uint16_t domid)
{
    return domid < HV_MAX_DOMAINS ? domains[domid] : NULL;
}

mfn_t domain_alloc_frame(struct domain *d)
{
    mfn_t mfn;
    struct frame *f;

    if (d->tot_pages >= d->max_pages)
        return MFN_INVALID;
    mfn = frame_alloc(0);
    if (mfn == MFN_INVALID)
        return MFN_INVALID;
    /* Scrubbed: no domain sees what another left behind. */
    memset(phys_to_virt(mfn << PAGE_SHIFT), 0, PAGE_SIZE);
    f = mfn_to_frame(mfn);
    f->owner = d->domid;
    f->count_info = 1;          /* the ownership reference */
    f->type_info = 0;
    f->prev = 0;                /* linear page-table count (pagetype.c) */
    d->tot_pages++;
    return mfn;
}

/*
 * A new vCPU @id of @d: down (vCPU 0 excepted, which the builder starts),
 * events masked, with the 10 ms periodic timer every PV vCPU starts with.
 */
static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v = alloc_struct(sizeof(*v));

    if (!v)
        return NULL;
    v->id = id;
    v->domain = d;
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    v->online = id == 0;
    v->initialised = id == 0;   /* the builder gives vCPU 0 its context */
    v->arch.kernel_mode = true;
    vcpu_timers_init(v);
    timer_set_periodic(v, 10000000);
    d->vcpus[id] = v;
    sched_add_vcpu(v);
    return v;
}

int domain_set_max_vcpus(struct domain *d, unsigned int n)
{
    if (n < 1 || n > HV_MAX_VCPUS)
        return -EINVAL;
    if (n < d->nr_vcpus)
        return -EBUSY;
    for (unsigned int i = d->nr_vcpus; i < n; i++) {
        if (!vcpu_create(d, i))
            return -ENOMEM;
        d->nr_vcpus = i + 1;
    }
    return 0;
}

static void domain_destroy(struct domain *d);

struct domain *domain_create(uint16_t domid, bool privileged, const char *name)
{
    struct domain *d;

    if (domid >= HV_MAX_DOMAINS || domains[domid])
        return NULL;
    d = alloc_struct(sizeof(*d));
    if (!d)
        return NULL;
    d->domid = domid;
    d->privileged = privileged;
    d->shutdown_reason = SHUTDOWN_NONE;
    d->shutdown_code = SHUTDOWN_NONE;
    d->console_sol = true;
    strlcpy(d->name, name, sizeof(d->name));
    d->max_pages = ~0ULL;
    d->weight = SCHED_WEIGHT_DEFAULT;

    d->shared_info_mfn = domain_alloc_frame(d);
    if (d->shared_info_mfn == MFN_INVALID) {
        free_struct(d, sizeof(*d));
        return NULL;
    }
    d->shared_info = phys_to_virt(d->shared_info_mfn << PAGE_SHIFT);
    /*
     * The hypervisor writes shared_info behind the guest's back (event
     * bits, time, CR2): a permanent writable type reference keeps the guest
     * from ever turning it into a page table or descriptor page.
     */
    BUG_ON(get_page_and_type(d->shared_info_mfn, PGT_writable, d));
    /* From here a failure is undone by destruction, which copes with a part-built domain. */
    domains[domid] = d;
    if (evtchn_domain_init(d, privileged ? EVTCHN_DOM0_MAX : EVTCHN_DOMU_MAX) ||
        gnttab_domain_init(d) || !vcpu_create(d, 0)) {
        d->dying = true;
        nr_dying++;
        domain_destroy(d);
        return NULL;
    }
    d->nr_vcpus = 1;
    /* Events start masked in every legacy vcpu_info slot. */
    for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    time_set_wallclock(d);
    return d;
}

static const char *shutdown_name(int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff: return "poweroff";
    case SHUTDOWN_reboot: return "reboot";
    case SHUTDOWN_suspend: return "suspend";
    case SHUTDOWN_crash: return "crash";
    case SHUTDOWN_watchdog: return "watchdog";
    case SHUTDOWN_soft_reset: return "soft_reset";
    default: return "unknown";
    }
}

/* Stop the machine the way @reason asks (dom0's end, or the last domain's). */
static __noreturn void machine_stop_for(int reason)
{
    switch (reason) {
    case SHUTDOWN_reboot:
        arch_machine_stop(0, STOP_REBOOT);
    case SHUTDOWN_crash:
    case SHUTDOWN_watchdog:
        arch_machine_stop(1, hv_opts.on_panic);
    default:
        arch_machine_stop(0, STOP_POWEROFF);
    }
}

/* The frames free at the end of boot: a machine with no domains has as many. */
static uint64_t boot_free_frames;
static bool any_crashed;                /* a domain crashed (test mode's verdict) */

void domain_note_boot_memory(void)
{
    boot_free_frames = frame_free_count();
}


/*
 * Free everything @d holds. No vCPU of it runs or is any CPU's current
 * (domain_reap checks), so nothing uses its state any more.
 */
static void domain_destroy(struct domain *d)
{
    uint64_t before = frame_free_count(), freed, orphans = 0;
    uint16_t domid = d->domid;
    char name[DOMAIN_NAME_MAX];

    strlcpy(name, d->name, sizeof(name));
    gnttab_destroy(d);
    evtchn_domain_close_all(d);
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        struct vcpu *v = d->vcpus[i];
        uint8_t *vi = (uint8_t *)v->vcpu_info;

        pv_vcpu_release(v);
        /* A vcpu_info moved into a guest frame holds a writable reference. */
        if (vi < (uint8_t *)d->shared_info ||
            vi >= (uint8_t *)d->shared_info + PAGE_SIZE)
            put_page_and_type(virt_to_phys(vi) >> PAGE_SHIFT);
    }
    pt_domain_teardown(d);
    put_page_and_type(d->shared_info_mfn);      /* its permanent writable type */
    for (mfn_t m = 0; m < frame_table_size; m++) {
        struct frame *f = mfn_to_frame(m);

        if (f->state != FRAME_ALLOCATED || f->owner != d->domid)
            continue;
        d->tot_pages--;
        /*
         * Another domain still maps it (a grant): it leaves d and goes back
         * to the allocator with the last reference (put_page).
         */
        if (f->count_info > 1) {
            orphans++;
        } else if (f->type_info & PGT_count_mask) {
            printk(LOG_ERR, "d%u: frame %#llx keeps a type reference at "
                   "destruction (type %#llx): leaked", domid,
                   (unsigned long long)m, (unsigned long long)f->type_info);
            f->owner = DOMID_NONE;
            continue;
        }
        f->owner = DOMID_NONE;
        if (f->count_info > 1) {
            put_page(m);        /* the ownership reference; others keep it */
        } else {
            f->count_info = 0;
            frame_release_noflush(m);
        }
    }
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        /* Nothing may point at the vCPU once it is freed. */
        vcpu_timers_stop(d->vcpus[i]);
        arch_forget_vcpu(d->vcpus[i]);
        sched_remove_vcpu(d->vcpus[i]);
        free_struct(d->vcpus[i], sizeof(struct vcpu));
    }
    evtchn_domain_free(d);
    domains[domid] = NULL;
    nr_dying--;
    free_struct(d, sizeof(*d));
    freed = frame_free_count() - before;
    printk(LOG_INFO, "d%u (%s): destroyed, %llu frames back (%llu still "
           "mapped by others); free %llu frames, %llu at boot; timers armed: %u",
           domid, name, (unsigned long long)freed, (unsigned long long)orphans,
           (unsigned long long)frame_free_count(),
           (unsigned long long)boot_free_frames, timer_count());
}

/* Is any vCPU of @d running, or some CPU's current? */
static bool domain_in_use(const struct domain *d)
{
    for (unsigned int c = 0; c < nr_cpus; c++)
        if (pcpus[c] && pcpus[c]->curr && pcpus[c]->curr->domain == d)
            return true;
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i]->running)
            return true;
    return false;
}

void domain_reap(void)
{
    bool reaped = false;

    if (!nr_dying)
        return;
    for (unsigned int i = 0; i < HV_MAX_DOMAINS; i++) {
        struct domain *d = domains[i];

        if (d && d->dying && !domain_in_use(d)) {
            domain_destroy(d);
            reaped = true;
        }
    }
    if (!reaped)
        return;
    for (unsigned int i = 0; i < HV_MAX_DOMAINS; i++)
        if (domains[i])
            return;
    printk(LOG_INFO, "No domain left to run");
    sched_report();
    machine_stop_for(any_crashed ? SHUTDOWN_crash : SHUTDOWN_poweroff);
}

void domain_kill(struct domain *d)
{
    if (!d->dying)
        nr_dying++;
    d->dying = true;
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        vcpu_timers_stop(d->vcpus[i]);
        sched_stop_vcpu(d->vcpus[i]);
    }
}

void domain_pause(struct domain *d)
{
    d->pause_count++;
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        sched_stop_vcpu(d->vcpus[i]);
}

void domain_unpause(struct domain *d)
{
    BUG_ON(!d->pause_count);
    if (--d->pause_count)
        return;
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        sched_wake(d->vcpus[i]);
}

void domain_abort(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i])
            d->vcpus[i]->online = false;
    d->shutdown_reason = SHUTDOWN_crash;
    any_crashed = true;
    printk(LOG_ERR, "d%u (%s): not built, never runs", d->domid, d->name);
    domain_kill(d);
}

void domain_stop(struct domain *d, int reason)
{
    d->shutdown_reason = reason;
    printk(LOG_INFO, "d%u (%s): shut down: %s", d->domid, d->name,
           shutdown_name(reason));
    if (reason == SHUTDOWN_crash || reason == SHUTDOWN_watchdog)
        any_crashed = true;
    /* dom0's end is the machine's end, as with Xen. */
    if (d->privileged)
        machine_stop_for(reason);
    /*
     * Another domain stopped. There is no toolstack to keep it around for
     * yet, so it is destroyed (xl's default for poweroff and crash) once
     * no CPU runs it; when the last domain is gone the machine stops (in
     * test mode its exit status says whether any domain crashed).
     */
    domain_kill(d);
}

void domain_shutdown(struct domain *d, int reason)
{
    domain_stop(d, reason);
    schedule();
    BUG();      /* d cannot run any more, so schedule() switched away */
}

void domain_crash(struct domain *d, const char *why, ...)
{
    char msg[200];
    va_list ap;

    hv_lock();          /* (it nests) for callers on lock-free paths: iret */
    va_start(ap, why);
    vsnprintf(msg, sizeof(msg), why, ap);
    va_end(ap);
    printk(LOG_ERR, "d%u (%s) crashed: %s", d->domid, d->name, msg);
    domain_shutdown(d, SHUTDOWN_crash);
}

/*
 * vm_assist(cmd, type): enable or disable a VMASST_TYPE_* mode. Those that
 * only matter to 32-bit guests are accepted and change nothing.
 */
long hc_vm_assist(uint64_t cmd, uint64_t type)
{
    struct domain *d = current->domain;

    if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
        return -ENOSYS;
    switch (type) {
    case VMASST_TYPE_writable_pagetables:
    case VMASST_TYPE_4gb_segments:
    case VMASST_TYPE_4gb_segments_notify:
    case VMASST_TYPE_pae_extended_cr3:
    case VMASST_TYPE_architectural_iopl:
    case VMASST_TYPE_runstate_update_flag:
    case VMASST_TYPE_m2p_strict:
        break;
    default:
        return -EINVAL;
    }
    if (cmd == VMASST_CMD_enable)
        d->vm_assist |= 1UL << type;
    else
        d->vm_assist &= ~(1UL << type);
    return 0;
}
