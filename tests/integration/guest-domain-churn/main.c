/* SPDX-License-Identifier: MIT */
/*
 * guest-domain-churn: no leak after 1000 domain lifetimes (issue 8, the
 * accounting figure). dom0 (this guest) builds a domain from nothing as
 * guest-build-domain does, cycles=N times (command line; 1000 by default,
 * `make test` runs 200), alternating two ends:
 *
 *   every cycle: createdomain (2 vCPUs, 4 MiB) -> populate_physmap 16
 *   frames -> dom0 offers the domain a port (alloc_unbound in dom0's table)
 *   and gives it one (alloc_unbound in its table, as a builder does for the
 *   console) -> grows its grant table to 2 frames (setup_table, as dom0)
 *   -> writes its page tables through foreign maps -> pins its L4.
 *   odd cycles: setvcpucontext + unpause; the domain allocates a port of
 *   its own, arms a timer far in the future and powers off: the hypervisor
 *   destroys it with the port, the timer and the pinned tables in place.
 *   even cycles: dom0 maps the domain's grant-table frame (a foreign map)
 *   and destroys the domain while paused; the mapped frame outlives it
 *   (an orphan) until dom0 unmaps it afterwards.
 *   then dom0 closes its port and waits until the domain is gone.
 *
 * Correct: PVISOR_SYSCTL_accounting reads the same after the N cycles
 * as before the first, field by field: free frames, frames of no owner,
 * domains, armed timers, and dom0's frames (by type), ports, grant
 * bookkeeping and timers. Along the way, a paused new domain's own counts
 * show what it holds (16 frames + shared_info + grant frames, 4 page
 * tables pinned). The frame difference is printed as
 * "BENCH-GUEST name=leaked_frames_after_<N> unit=count value=<frames>"
 * (must be 0; -1 if a cycle failed).
 * pvisor only (its own toolstack calls).
 */
#include <public/domctl.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/sched.h>

#include "dombuild.h"
#include "evtchn.h"
#include "pt.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("domain lifetimes: every frame, port, grant and timer comes back");

#define NR      DOMBUILD_NR

/*
 * The new domain's program: alloc_unbound (a port of its own, remote
 * dom0), set_timer_op one hour ahead, SCHEDOP_shutdown poweroff.
 */
extern const char blob_start[], blob_end[];
__asm__(".pushsection .rodata\n"
        "blob_start:\n"
        "  mov $32, %eax\n"                 /* event_channel_op */
        "  mov $6, %edi\n"                  /* EVTCHNOP_alloc_unbound */
        "  lea unbound(%rip), %rsi\n"
        "  syscall\n"
        "  mov $15, %eax\n"                 /* set_timer_op */
        "  mov $0x7fffffffffff, %rdi\n"     /* ~1.6 days of system time */
        "  syscall\n"
        "  mov $29, %eax\n"                 /* sched_op */
        "  mov $2, %edi\n"                  /* SCHEDOP_shutdown */
        "  lea reason(%rip), %rsi\n"
        "  syscall\n"
        "1: jmp 1b\n"
        "  .balign 4\n"
        "unbound: .word 0x7ff0, 0\n"        /* dom = DOMID_SELF, remote_dom = 0 */
        "  .long 0\n"                       /* port (out) */
        "reason: .long 0\n"                 /* SHUTDOWN_poweroff */
        "blob_end:\n"
        ".popsection");

static long accounting(uint16_t domid, struct pvisor_sysctl_accounting *a)
{
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_accounting,
                                .interface_version = PVISOR_SYSCTL_VERSION,
                                .u.accounting = { .domain = domid } };
    long rc = hypercall1(__HYPERVISOR_sysctl, &op);

    *a = op.u.accounting;
    return rc;
}

static unsigned int cycles;
static struct dombuild b;

/*
 * Wait until the domain no longer exists (destroyed and reaped; 30 s, a
 * TCG CPU on a loaded host can stall for seconds), else say what it was
 * doing.
 */
static int wait_gone(void)
{
    struct pvisor_domctl op;

    if (!dombuild_wait_gone(b.dom, 30000000000ULL, &op))
        return 0;
    printf("d%u: flags %#x, shutdown reason %u, cpu_time %llu ns, %u of %u vCPUs online\n",
           b.dom, op.u.info.flags, op.u.info.shutdown_reason,
           (unsigned long long)op.u.info.cpu_time, op.u.info.nr_online_vcpus,
           op.u.info.nr_vcpus);
    return -1;
}

/* The counts of a paused new domain, built and pinned (first cycle). */
static void check_new_domain(void)
{
    struct pvisor_sysctl_accounting a;

    CHECK_EQ(accounting(b.dom, &a), 0, "accounting of the new domain");
    printf("new domain d%u: %llu frames owned, %llu page tables, %u grant "
           "frames, %u ports, %u vCPUs, %u timers\n", a.domain,
           (unsigned long long)a.owned_pages, (unsigned long long)a.pt_pages,
           a.grant_frames, a.evtchn_ports, a.nr_vcpus, a.timers_armed);
    CHECK_EQ(a.domain, b.dom, "the domain described");
    CHECK_EQ(a.owned_pages, NR + 1 + a.grant_frames, "16 frames, shared_info, grant frames");
    CHECK_EQ(a.pt_pages, 4, "pinned L4, L3, L2, L1");
    CHECK_EQ(a.grant_frames, 2, "grant table grown to 2 frames");
    CHECK_EQ(a.evtchn_ports, 1, "the port dom0 allocated in its table");
    CHECK_EQ(a.nr_vcpus, 2, "2 vCPUs");
    CHECK_EQ(a.timers_armed, 0, "no timer before it runs");
}

/* One lifetime; 0, or -1 (with a FAIL line) when a step fails. */
static int cycle(unsigned int n)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_createdomain,
                                .u.create = { .max_vcpus = 2, .max_mem_kb = 4096 } };
    struct xen_memory_reservation r = { .nr_extents = NR };
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
    uint64_t gframes[2];
    struct gnttab_setup_table st = { .nr_frames = 2,
                                     .frame_list = (uint64_t)(uintptr_t)gframes };
    evtchn_port_t port, its_port;
    bool run = n & 1;

    memcpy(op.u.create.name, "churn", 6);
    if (dombuild_domctl(&op))
        return test_fail("cycle %u: createdomain", n), -1;
    b.dom = op.domain;
    for (unsigned int i = 0; i < NR; i++)
        b.mfn[i] = i;
    r.extent_start = (uint64_t)(uintptr_t)b.mfn;
    r.domid = b.dom;
    if (HYPERVISOR_memory_op(XENMEM_populate_physmap, &r) != NR)
        return test_fail("cycle %u: populate_physmap", n), -1;
    if (evtchn_alloc_unbound(DOMID_SELF, b.dom, &port))
        return test_fail("cycle %u: alloc_unbound for the new domain", n), -1;
    if (evtchn_alloc_unbound(b.dom, 0, &its_port))
        return test_fail("cycle %u: alloc_unbound in the new domain", n), -1;
    st.dom = b.dom;
    if (HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1) || st.status)
        return test_fail("cycle %u: setup_table (status %d)", n, st.status), -1;
    for (unsigned int pfn = DOMBUILD_L4; pfn <= DOMBUILD_STACK; pfn++)
        if (dombuild_write(&b, pfn))
            return test_fail("cycle %u: writing the new domain's PFN %u", n, pfn), -1;
    pin.arg1.mfn = b.mfn[DOMBUILD_L4];
    if (HYPERVISOR_mmuext_op(&pin, 1, NULL, b.dom))
        return test_fail("cycle %u: pin the new L4", n), -1;
    if (n == 0)
        check_new_domain();

    if (run) {
        if (dombuild_start(&b))
            return test_fail("cycle %u: start the domain", n), -1;
    } else {
        /* Hold its grant-table frame across the destruction. */
        if (dombuild_map(&b, gframes[1], b.dom))
            return test_fail("cycle %u: map the new domain's grant frame", n), -1;
        op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_destroydomain, .domain = b.dom };
        if (dombuild_domctl(&op))
            return test_fail("cycle %u: destroydomain", n), -1;
    }
    if (wait_gone())
        return test_fail("cycle %u: d%u still exists after 30 s", n, b.dom), -1;
    if (!run && dombuild_unmap(&b))
        return test_fail("cycle %u: unmap the orphaned grant frame", n), -1;
    if (evtchn_close(port))
        return test_fail("cycle %u: close dom0's port", n), -1;
    return 0;
}

static void show(const char *when, const struct pvisor_sysctl_accounting *a)
{
    printf("%s: free %llu, no owner %llu, dom0 %llu frames (%llu tables, "
           "%llu writable), %u ports, %u timers of %u\n", when,
           (unsigned long long)a->free_pages, (unsigned long long)a->hv_pages,
           (unsigned long long)a->owned_pages, (unsigned long long)a->pt_pages,
           (unsigned long long)a->writable_pages, a->evtchn_ports,
           a->timers_armed, a->timers_total);
}

/* Compare one field; returns the difference (after - before). */
static long long same(const char *what, uint64_t before, uint64_t after)
{
    if (before != after)
        test_fail("%s: %llu before, %llu after %u cycles", what,
                  (unsigned long long)before, (unsigned long long)after, cycles);
    return (long long)before - (long long)after;
}

void test_main(void)
{
    struct pvisor_sysctl_accounting a0, a1;
    unsigned int n;
    long long leaked;

    cycles = (unsigned int)cmdline_arg("cycles", 1000);
    evtchn_init();
    CHECK_EQ(dombuild_init(&b), 0, "the window's L1 entry");
    b.code = blob_start;
    b.code_len = (size_t)(blob_end - blob_start);

    CHECK_EQ(accounting(0, &a0), 0, "accounting of dom0");
    CHECK_EQ(a0.nr_domains, 1, "dom0 alone");
    show("before", &a0);

    for (n = 0; n < cycles; n++) {
        if (cycle(n))
            break;
        if ((n + 1) % 100 == 0)
            printf("%u cycles\n", n + 1);
    }

    CHECK_EQ(accounting(0, &a1), 0, "accounting of dom0 after");
    show("after", &a1);
    leaked = same("free frames", a0.free_pages, a1.free_pages);
    same("frames of no owner", a0.hv_pages, a1.hv_pages);
    same("domains", a0.nr_domains, a1.nr_domains);
    same("armed timers", a0.timers_total, a1.timers_total);
    same("dom0 frames", a0.owned_pages, a1.owned_pages);
    same("dom0 page tables", a0.pt_pages, a1.pt_pages);
    same("dom0 descriptor pages", a0.desc_pages, a1.desc_pages);
    same("dom0 writable frames", a0.writable_pages, a1.writable_pages);
    same("dom0 grant frames", a0.grant_frames, a1.grant_frames);
    same("dom0 maptrack frames", a0.maptrack_frames, a1.maptrack_frames);
    same("dom0 grant mappings", a0.maptrack_in_use, a1.maptrack_in_use);
    same("dom0 grants in use", a0.grants_in_use, a1.grants_in_use);
    same("dom0 ports", a0.evtchn_ports, a1.evtchn_ports);
    same("dom0 timers", a0.timers_armed, a1.timers_armed);
    CHECK_EQ(accounting(1, &a1), -XEN_ESRCH, "no domain but dom0 left");
    printf("BENCH-GUEST name=leaked_frames_after_%u unit=count value=%lld\n",
           cycles, n == cycles ? leaked : -1LL);
}
