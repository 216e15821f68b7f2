/* SPDX-License-Identifier: MIT */
/*
 * Resource accounting: what each domain holds (frames by type, grant
 * bookkeeping, event-channel ports, timers) and the machine-wide counts,
 * for the accounting sysctl. Tests read it before and after creating and
 * destroying domains: every count must come back (docs/security.md).
 * Read-only; runs under the hypervisor lock like every hypercall, so the
 * counts are one consistent snapshot.
 *
 * It walks the whole frame table, by design: what it counts does not rest
 * on the domains' frame lists (hv/frame.h), which it checks against the
 * walk instead, so a frame that changed owner without frame_alloc_assign
 * or frame_unassign fails every test that reads the accounting.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/frame.h>
#include <hv/grant_table.h>
#include <hv/lib.h>
#include <hv/timer.h>
#include <asm/pagetype.h>
#include <public/domctl.h>

/* Frames owned by @domid, by type, and those no domain owns. */
static void count_frames(uint16_t domid, struct pvisor_sysctl_accounting *a)
{
    for (mfn_t m = 0; m < frame_table_size; m++) {
        const struct frame *f = mfn_to_frame(m);
        uint64_t type = f->type_info & PGT_type_mask;

        if (f->state != FRAME_ALLOCATED)
            continue;
        if (f->owner == DOMID_NONE) {
            a->hv_pages++;
            continue;
        }
        if (f->owner != domid)
            continue;
        a->owned_pages++;
        if (!(f->type_info & PGT_count_mask))
            continue;
        if (type >= PGT_l1 && type <= PGT_l4)
            a->pt_pages++;
        else if (type == PGT_seg_desc)
            a->desc_pages++;
        else if (type == PGT_writable)
            a->writable_pages++;
    }
}

static unsigned int vcpu_timers_armed(const struct vcpu *v)
{
    return timer_active(&v->singleshot_timer) + timer_active(&v->periodic_timer) +
           timer_active(&v->poll_timer);
}

long domain_account(struct pvisor_sysctl_accounting *a)
{
    struct domain *d = domain_from(a->domain);

    memset(a, 0, sizeof(*a));
    a->nr_domains = domain_count();     /* no loop over every possible id */
    if (!d)
        return -ESRCH;
    a->domain = d->domid;
    a->flags = d->dying ? PVISOR_DOMINF_dying : 0;
    a->free_pages = frame_free_count();
    a->timers_total = timer_count();
    count_frames(d->domid, a);
    if (frame_list_count(&d->frames) != (long)a->owned_pages) {
        printk(LOG_ERR, "d%u: %llu frames owned in the frame table, list of %u "
               "frames walks to %ld: frame list broken", d->domid,
               (unsigned long long)a->owned_pages, d->frames.nr,
               frame_list_count(&d->frames));
        return -EIO;
    }
    gnttab_account(d, &a->grant_frames, &a->maptrack_frames,
                   &a->maptrack_in_use, &a->grants_in_use);
    a->evtchn_ports = evtchn_ports_in_use(d);
    a->nr_vcpus = d->nr_vcpus;
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        a->timers_armed += vcpu_timers_armed(d->vcpus[i]);
    return 0;
}
