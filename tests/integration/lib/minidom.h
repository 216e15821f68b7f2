/* SPDX-License-Identifier: MIT */
/*
 * Minimal domains built by a dom0 test guest through pvisor's toolstack
 * interface (createdomain, populate_physmap, foreign mmu_update, pin,
 * setvcpucontext, unpause): five frames (L4, L3, L2, L1 and one page of
 * code, data and stack) plus the shared_info page the hypervisor gives
 * every domain, mapped at MINIDOM_BASE. The program is an echo: it stops
 * its periodic timer, binds an interdomain event channel to the port dom0
 * offers, and then answers each event on it with one event back (the
 * first answer, for the event the bind leaves pending, says it runs).
 */
#ifndef GUEST_MINIDOM_H
#define GUEST_MINIDOM_H

#include <stdint.h>

#define MINIDOM_FRAMES  5       /* the guest frames of one */
#define MINIDOM_BASE    0x400000ULL

/*
 * minidom_fill_table - the contents @t of page-table frame @pfn (0 = the
 * L4 .. 3 = the L1) of a domain whose frames @mfn[0..@nr) are mapped in
 * order at MINIDOM_BASE, the four tables read-only (@nr <= 512).
 */
void minidom_fill_table(uint64_t *t, unsigned int pfn, const uint64_t *mfn, unsigned int nr);

/*
 * minidom_context - @c: a vCPU context starting in kernel mode at @rip with
 * stack @rsp, page tables at @l4_mfn, online, events masked.
 */
struct vcpu_guest_context;
void minidom_context(struct vcpu_guest_context *c, uint64_t rip, uint64_t rsp,
                     uint64_t l4_mfn);

/* minidom_init - set up the window dom0 writes the new domains' frames through. */
void minidom_init(void);

/*
 * minidom_build - create, build and start one echo domain named @name.
 * *@dom receives its id and *@port dom0's end of its event channel (an
 * unbound port of dom0 the new domain binds to). 0, or the first failing
 * call's negative error (then nothing is left behind but what @dom names,
 * if set: destroy it).
 */
long minidom_build(const char *name, uint16_t *dom, uint32_t *port);

/* minidom_destroy - destroydomain @dom and close dom0's @port. 0 or the error. */
long minidom_destroy(uint16_t dom, uint32_t port);

/* minidom_free_pages - free frames now (sysctl physinfo). */
uint64_t minidom_free_pages(void);

#endif /* GUEST_MINIDOM_H */
