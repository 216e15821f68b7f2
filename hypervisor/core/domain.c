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
#include <hv/heap.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/pv.h>
#include <asm/pagetype.h>
#include <public/sched.h>
#include <public/xen.h>

/*
 * The id table: a directory of pages of 512 domain pointers each, a page
 * allocated when an id in it is first used and freed with its last. Lookup
 * is two loads; memory grows with the ids in use, not with HV_MAX_DOMAINS.
 */
#define IDS_PER_PAGE    (PAGE_SIZE / sizeof(struct domain *))
#define ID_PAGES        ((HV_MAX_DOMAINS + IDS_PER_PAGE - 1) / IDS_PER_PAGE)
static struct domain **id_pages[ID_PAGES];
static uint16_t id_page_used[ID_PAGES];         /* ids in use in each page */
/* Every domain, newest first: loops over domains walk this. */
static struct domain *domain_list;
static unsigned int nr_domains;
/* Domains killed and not yet destroyed: the scheduler's reap is free without. */
static unsigned int nr_dying;

struct domain *domain_lookup(uint16_t domid)
{
    struct domain **page;

    if (domid >= HV_MAX_DOMAINS)
        return NULL;
    page = id_pages[domid / IDS_PER_PAGE];
    return page ? page[domid % IDS_PER_PAGE] : NULL;
}

struct domain *domain_from(unsigned int domid)
{
    while (domid < HV_MAX_DOMAINS) {
        struct domain **page = id_pages[domid / IDS_PER_PAGE];

        if (!page) {
            domid = (domid / IDS_PER_PAGE + 1) * IDS_PER_PAGE;
            continue;
        }
        if (page[domid % IDS_PER_PAGE])
            return page[domid % IDS_PER_PAGE];
        domid++;
    }
    return NULL;
}

/*
 * The next free id after the last one given, wrapping (as Xen's rover): a
 * new domain does not take the id of one just destroyed, so a toolstack
 * or a log that still names the old id does not mistake the two.
 */
uint16_t domain_free_id(void)
{
    static unsigned int last;

    for (unsigned int i = 1; i < HV_MAX_DOMAINS; i++) {
        unsigned int id = (last + i) % HV_MAX_DOMAINS;
        struct domain **page = id_pages[id / IDS_PER_PAGE];

        if (id && (!page || !page[id % IDS_PER_PAGE])) {
            last = id;
            return (uint16_t)id;
        }
    }
    return 0;
}

struct domain *domain_first(void)
{
    return domain_list;
}

unsigned int domain_count(void)
{
    return nr_domains;
}

/* Enter @d in the id table and the list; -ENOMEM if its id page cannot be had. */
static int domain_insert(struct domain *d)
{
    struct domain ***page = &id_pages[d->domid / IDS_PER_PAGE];

    if (!*page && !(*page = heap_alloc(PAGE_SIZE)))
        return -ENOMEM;
    (*page)[d->domid % IDS_PER_PAGE] = d;
    id_page_used[d->domid / IDS_PER_PAGE]++;
    d->next = domain_list;
    d->pprev = &domain_list;
    if (domain_list)
        domain_list->pprev = &d->next;
    domain_list = d;
    nr_domains++;
    return 0;
}

static void domain_remove(struct domain *d)
{
    unsigned int p = d->domid / IDS_PER_PAGE;

    id_pages[p][d->domid % IDS_PER_PAGE] = NULL;
    if (!--id_page_used[p]) {
        heap_free(id_pages[p], PAGE_SIZE);
        id_pages[p] = NULL;
    }
    *d->pprev = d->next;
    if (d->next)
        d->next->pprev = d->pprev;
    nr_domains--;
}

mfn_t domain_alloc_frames(struct domain *d, unsigned int order)
{
    mfn_t mfn, n = (mfn_t)1 << order;

    if (order > FRAME_MAX_ORDER || d->tot_pages > d->max_pages ||
        n > d->max_pages - d->tot_pages)
        return MFN_INVALID;
    /*
     * Each frame is the domain's on its own: it may give any of them back.
     * Zero (the allocator scrubs what is freed): no domain sees another's
     * data.
     */
    mfn = frame_alloc_assign(&d->frames, order);
    if (mfn == MFN_INVALID)
        return MFN_INVALID;
    d->tot_pages += n;
    return mfn;
}

mfn_t domain_alloc_frame(struct domain *d)
{
    return domain_alloc_frames(d, 0);
}

/*
 * A new vCPU @id of @d: down (vCPU 0 excepted, which the builder starts),
 * events masked, with the 10 ms periodic timer every PV vCPU starts with.
 */
static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v = heap_alloc(sizeof(*v));

    if (!v)
        return NULL;
    v->id = id;
    v->domain = d;
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    v->online = id == 0;
    v->initialised = id == 0;   /* the builder gives vCPU 0 its context */
    v->arch.kernel_mode = true;
    /* Room first, so that arming its timers and scheduling it cannot fail. */
    if (timer_reserve(VCPU_TIMERS)) {
        heap_free(v, sizeof(*v));
        return NULL;
    }
    if (sched_add_vcpu(v)) {
        timer_unreserve(VCPU_TIMERS);
        heap_free(v, sizeof(*v));
        return NULL;
    }
    vcpu_timers_init(v);
    timer_set_periodic(v, 10000000);
    d->vcpus[id] = v;
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
static bool domain_exc_watched(void);

struct domain *domain_create(uint16_t domid, bool privileged, const char *name)
{
    struct domain *d;

    if (domid >= HV_MAX_DOMAINS || domain_lookup(domid))
        return NULL;
    d = heap_alloc(sizeof(*d));
    if (!d)
        return NULL;
    d->domid = domid;
    frame_list_init(&d->frames, domid);
    d->privileged = privileged;
    d->builder = DOMID_XEN;
    d->shutdown_reason = SHUTDOWN_NONE;
    d->shutdown_code = SHUTDOWN_NONE;
    d->console_sol = true;
    strlcpy(d->name, name, sizeof(d->name));
    d->max_pages = ~0ULL;
    d->weight = SCHED_WEIGHT_DEFAULT;

    if (domain_insert(d)) {
        heap_free(d, sizeof(*d));
        return NULL;
    }
    d->shared_info_mfn = domain_alloc_frame(d);
    if (d->shared_info_mfn == MFN_INVALID) {
        domain_remove(d);
        heap_free(d, sizeof(*d));
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
    /*
     * Every frame d still owns leaves it and loses its ownership reference:
     * d's list, not the frame table, so this costs what d owns. Always the
     * head: nothing below touches another frame of the list.
     */
    while (d->frames.head != FRAME_NONE) {
        mfn_t m = d->frames.head;
        struct frame *f = mfn_to_frame(m);

        if (frame_unassign(&d->frames, m))
            BUG();
        d->tot_pages--;
        if (f->count_info > 1) {
            /*
             * Another domain still maps it (a grant): it goes back to the
             * allocator with the last reference (put_page).
             */
            orphans++;
            put_page(m);        /* the ownership reference; others keep it */
        } else if (f->type_info & PGT_count_mask) {
            printk(LOG_ERR, "d%u: frame %#llx keeps a type reference at "
                   "destruction (type %#llx): leaked", domid,
                   (unsigned long long)m, (unsigned long long)f->type_info);
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
        timer_unreserve(VCPU_TIMERS);
        heap_free(d->vcpus[i], sizeof(struct vcpu));
    }
    evtchn_domain_free(d);
    sched_set_cap(d, 0);        /* off the capped list */
    domain_remove(d);
    nr_dying--;
    heap_free(d, sizeof(*d));
    freed = frame_free_count() - before;
    printk(LOG_INFO, "d%u (%s): destroyed, %llu frames back (%llu still "
           "mapped by others); free %llu frames, %llu at boot; timers armed: %u",
           domid, name, (unsigned long long)freed, (unsigned long long)orphans,
           (unsigned long long)frame_free_count(),
           (unsigned long long)boot_free_frames, timer_count());
    /* As Xen: a watching toolstack hears that the domain is gone. */
    if (domain_exc_watched())
        evtchn_send_virq(domain_lookup(0)->vcpus[0], VIRQ_DOM_EXC);
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
    for (struct domain *d = domain_list, *next; d; d = next) {
        next = d->next;         /* d may be freed */
        if (d->dying && !domain_in_use(d)) {
            domain_destroy(d);
            reaped = true;
        }
    }
    if (!reaped || nr_domains)
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

/* Is there a toolstack: has dom0 bound VIRQ_DOM_EXC? */
static bool domain_exc_watched(void)
{
    struct domain *d0 = domain_lookup(0);

    return d0 && !d0->dying && d0->vcpus[0] &&
           d0->vcpus[0]->virq_to_port[VIRQ_DOM_EXC] != 0;
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
     * Another domain stopped. With a toolstack watching (dom0 bound
     * VIRQ_DOM_EXC) it stays, shut down and never run again, until the
     * toolstack destroys it or restarts it (on_poweroff/on_crash...), as on
     * Xen. With none it is destroyed (xl's default for poweroff and crash)
     * once no CPU runs it; when the last domain is gone the machine stops
     * (in test mode its exit status says whether any domain crashed).
     */
    if (domain_exc_watched()) {
        evtchn_send_virq(domain_lookup(0)->vcpus[0], VIRQ_DOM_EXC);
        return;
    }
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
