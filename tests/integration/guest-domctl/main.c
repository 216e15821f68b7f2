/* SPDX-License-Identifier: MIT */
/*
 * guest-domctl: pvisor's toolstack interface (public/domctl.h), as dom0
 * uses it on a running boot-time domain, and as that domain is refused it.
 *
 * "domu" (a boot-time domain): domctl and sysctl give -EPERM; then it
 * spins for ever (dom0 measures, pauses, pins and finally stops it).
 *
 * "dom0" (dom0, next to the domU above as d1):
 *   - sysctl physinfo: CPUs, total and free frames; a wrong interface
 *     version -EACCES, an unknown command -ENOSYS.
 *   - sysctl accounting: d1's frames, page tables and vCPUs; past the last
 *     domain -ESRCH (and -EPERM for the domU).
 *   - getdomaininfo: dom0 itself (privileged, named), d1 (1 vCPU, running
 *     or runnable); an id with no domain gives the next one, and past the
 *     last -ESRCH.
 *   - pause/unpause d1: its CPU time stops while paused and moves again
 *     after; unpausing twice -EINVAL; pausing or destroying dom0 itself
 *     -EINVAL; a domain that does not exist -ESRCH.
 *   - sched_set/get: weight and cap stored; weight 0 keeps it; a weight
 *     over 65535 or a cap over 100% per vCPU -EINVAL.
 *   - vCPU affinity: pinned to CPU 0, d1's vCPU runs there; an empty map
 *     -EINVAL, a vCPU that does not exist -ENOENT.
 *   - createdomain: a new paused domain with 2 vCPUs (both down), its name
 *     and memory limit; unpause refused while vCPU 0 has no context
 *     (-EINVAL); max_vcpus grows it; dom0 may populate its memory but not
 *     the boot-time domain's, nor map or pin with it as foreigndom (-EPERM);
 *     destroydomain removes it; bad vCPU counts -EINVAL.
 *   - shutdown d1 (poweroff): it stops and is destroyed; then no d1.
 *   - with VIRQ_DOM_EXC bound, destroying a domain raises it (as Xen).
 * Correct: every check passes, SUCCESS.
 */
#include <public/domctl.h>
#include <public/errno.h>
#include <public/memory.h>
#include <public/sched.h>

#include "pvclock.h"
#include "evtchn.h"
#include "test.h"

TEST_TITLE("domctl/sysctl: the toolstack interface");

#define MS 1000000ULL

static long domctl(struct pvisor_domctl *op)
{
    op->interface_version = PVISOR_DOMCTL_VERSION;
    return hypercall1(__HYPERVISOR_domctl, op);
}

static long simple(uint32_t cmd, uint16_t dom)
{
    struct pvisor_domctl op = { .cmd = cmd, .domain = dom };

    return domctl(&op);
}

static long info(uint16_t dom, struct pvisor_domctl_info *out)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = dom };
    long rc = domctl(&op);

    *out = op.u.info;
    return rc;
}

static void spin_ms(uint64_t ms)
{
    uint64_t end = pvclock_now() + ms * MS;

    while (pvclock_now() < end)
        __asm__ volatile("pause");
}

static void domu(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_getdomaininfo };
    struct pvisor_sysctl sop = { .cmd = PVISOR_SYSCTL_physinfo,
                                 .interface_version = PVISOR_SYSCTL_VERSION };

    CHECK_EQ(domctl(&op), -XEN_EPERM, "domctl from a domU");
    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &sop), -XEN_EPERM, "sysctl from a domU");
    sop.cmd = PVISOR_SYSCTL_accounting;
    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &sop), -XEN_EPERM, "accounting from a domU");
    printf("domU: refused, spinning\n");
    for (;;)
        __asm__ volatile("pause");
}

static void test_sysctl(void)
{
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_physinfo,
                                .interface_version = PVISOR_SYSCTL_VERSION };

    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &op), 0, "sysctl physinfo");
    CHECK(op.u.physinfo.nr_cpus >= 1, "physinfo: CPUs");
    CHECK(op.u.physinfo.free_pages > 0 &&
          op.u.physinfo.free_pages < op.u.physinfo.total_pages, "physinfo: frames");
    CHECK(op.u.physinfo.cpu_khz > 0, "physinfo: TSC kHz");
    op.interface_version = 0x00000015;          /* Xen's sysctl version */
    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &op), -XEN_EACCES, "sysctl, wrong version");
    op.interface_version = PVISOR_SYSCTL_VERSION;
    op.cmd = 99;
    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &op), -XEN_ENOSYS, "sysctl, unknown command");

    /* accounting: d1 (the spinning domU) described; none past the last. */
    op = (struct pvisor_sysctl){ .cmd = PVISOR_SYSCTL_accounting,
                                 .interface_version = PVISOR_SYSCTL_VERSION,
                                 .u.accounting = { .domain = 1 } };
    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &op), 0, "accounting of d1");
    CHECK_EQ(op.u.accounting.domain, 1, "accounting: the domain described");
    CHECK_EQ(op.u.accounting.nr_domains, 2, "accounting: dom0 and d1");
    CHECK_EQ(op.u.accounting.nr_vcpus, 1, "accounting: d1's vCPUs");
    CHECK(op.u.accounting.pt_pages >= 4 && op.u.accounting.owned_pages >= 4096,
          "accounting: d1's 16 MiB and its page tables");
    CHECK(op.u.accounting.free_pages > 0 && op.u.accounting.hv_pages > 0,
          "accounting: free frames and the hypervisor's own");
    op.u.accounting.domain = 2;
    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &op), -XEN_ESRCH, "accounting past the last domain");
}

static void test_info(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_getdomaininfo };
    struct pvisor_domctl_info i;

    CHECK_EQ(info(0, &i), 0, "getdomaininfo(0)");
    CHECK_EQ(i.domain, 0, "dom0's id");
    CHECK(i.flags & PVISOR_DOMINF_privileged, "dom0 is privileged");
    CHECK(i.flags & PVISOR_DOMINF_running, "dom0 runs (it is asking)");
    CHECK(!strcmp(i.name, "Domain-0"), "dom0's name");
    CHECK_EQ(i.nr_vcpus, 1, "dom0's vCPUs");
    CHECK_EQ(info(1, &i), 0, "getdomaininfo(1)");
    CHECK_EQ(i.domain, 1, "d1 found");
    CHECK(!strcmp(i.name, "spin"), "d1's name");
    CHECK(i.tot_pages > 4000 && i.tot_pages <= i.max_pages, "d1's pages");
    CHECK_EQ(info(63, &i), -XEN_ESRCH, "getdomaininfo past the last domain");
    op.interface_version = 0x00000015;          /* Xen's domctl version */
    CHECK_EQ(hypercall1(__HYPERVISOR_domctl, &op), -XEN_EACCES, "domctl, wrong version");
    CHECK_EQ(simple(99, 1), -XEN_ENOSYS, "domctl, unknown command");
    CHECK_EQ(simple(PVISOR_DOMCTL_pausedomain, 50), -XEN_ESRCH, "pause a domain that does not exist");
}

static uint64_t cpu_time_of(uint16_t dom)
{
    struct pvisor_domctl_info i;

    CHECK_EQ(info(dom, &i), 0, "getdomaininfo");
    return i.cpu_time;
}

/*
 * Does d1's CPU time pass @t0 within a second? (Its time moves at its
 * CPU's scheduling points; on a loaded host a 50 ms look can miss them.)
 */
static bool runs_within(uint64_t t0)
{
    for (unsigned int i = 0; i < 50; i++) {
        spin_ms(20);
        if (cpu_time_of(1) > t0)
            return true;
    }
    return false;
}

/*
 * Has d1's vCPU left its CPU within a second? A pause takes effect at the
 * vCPU's next exit, which its CPU may take a while to reach on a loaded
 * host. Its CPU time is charged before it leaves (sched.c: account(), then
 * running = false), so from then on the time stands still.
 */
static bool stops_within(struct pvisor_domctl_info *i)
{
    uint64_t end = pvclock_now() + 1000 * MS;

    do {
        CHECK_EQ(info(1, i), 0, "getdomaininfo(1)");
        if (!(i->flags & PVISOR_DOMINF_running))
            return true;
        spin_ms(1);             /* the hypervisor's lock free for its CPU */
    } while (pvclock_now() < end);
    return false;
}

static void test_pause(void)
{
    struct pvisor_domctl_info i;
    uint64_t t0, t1;

    spin_ms(20);
    t0 = cpu_time_of(1);
    CHECK(runs_within(t0), "d1 runs before the pause");
    CHECK_EQ(simple(PVISOR_DOMCTL_pausedomain, 1), 0, "pause d1");
    CHECK(stops_within(&i), "d1 still running 1 s after the pause");
    CHECK(i.flags & PVISOR_DOMINF_paused, "d1 shows paused");
    t0 = cpu_time_of(1);
    spin_ms(50);
    t1 = cpu_time_of(1);
    CHECK_EQ(t1, t0, "d1's CPU time while paused");
    CHECK_EQ(simple(PVISOR_DOMCTL_unpausedomain, 1), 0, "unpause d1");
    CHECK_EQ(simple(PVISOR_DOMCTL_unpausedomain, 1), -XEN_EINVAL, "unpause d1 again");
    CHECK(runs_within(t1), "d1 runs after the unpause");
    CHECK_EQ(simple(PVISOR_DOMCTL_pausedomain, 0), -XEN_EINVAL, "pause dom0 itself");
    CHECK_EQ(simple(PVISOR_DOMCTL_destroydomain, 0), -XEN_EINVAL, "destroy dom0 itself");
}

static void test_sched(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_sched_set, .domain = 1,
                                .u.sched = { .weight = 512, .cap = 50 } };

    CHECK_EQ(domctl(&op), 0, "sched_set weight 512 cap 50");
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_sched_set, .domain = 1,
                                 .u.sched = { .weight = 0, .cap = 0 } };
    CHECK_EQ(domctl(&op), 0, "sched_set weight 0 (kept) cap 0");
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_sched_get, .domain = 1 };
    CHECK_EQ(domctl(&op), 0, "sched_get");
    CHECK_EQ(op.u.sched.weight, 512, "weight kept");
    CHECK_EQ(op.u.sched.cap, 0, "cap removed");
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_sched_set, .domain = 1,
                                 .u.sched = { .weight = 70000 } };
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "weight above 65535");
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_sched_set, .domain = 1,
                                 .u.sched = { .weight = 256, .cap = 101 } };
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "cap above 100% of its one vCPU");
}

static void test_affinity(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_setvcpuaffinity, .domain = 1,
                                .u.affinity = { .vcpu = 0, .cpumap = 1 } };
    uint64_t end;

    CHECK_EQ(domctl(&op), 0, "pin d1's vCPU 0 to CPU 0");
    /* It moves at its next scheduling point: a second at most. */
    end = pvclock_now() + 1000 * MS;
    for (;;) {
        op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getvcpuinfo, .domain = 1,
                                     .u.vcpuinfo = { .vcpu = 0 } };
        CHECK_EQ(domctl(&op), 0, "getvcpuinfo");
        if (op.u.vcpuinfo.cpu == 0 || pvclock_now() >= end)
            break;
        spin_ms(1);
    }
    CHECK_EQ(op.u.vcpuinfo.cpu, 0, "d1's vCPU on CPU 0 (1 s after the pin)");
    CHECK_EQ(op.u.vcpuinfo.online, 1, "d1's vCPU online");
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getvcpuaffinity, .domain = 1,
                                 .u.affinity = { .vcpu = 0 } };
    CHECK_EQ(domctl(&op), 0, "getvcpuaffinity");
    CHECK_EQ(op.u.affinity.cpumap, 1, "the map set");
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_setvcpuaffinity, .domain = 1,
                                 .u.affinity = { .vcpu = 0, .cpumap = 0 } };
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "an empty CPU map");
    op.u.affinity = (struct pvisor_domctl_affinity){ .vcpu = 5, .cpumap = 1 };
    CHECK_EQ(domctl(&op), -XEN_ENOENT, "affinity of a vCPU that does not exist");
    op.u.affinity = (struct pvisor_domctl_affinity){ .vcpu = 0, .cpumap = ~0ULL };
    CHECK_EQ(domctl(&op), 0, "unpin");
}

static void test_create(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_createdomain,
                                .u.create = { .max_vcpus = 2, .max_mem_kb = 4096 } };
    struct pvisor_domctl_info i;
    uint64_t gmfn = 0;
    struct xen_memory_reservation r = { .nr_extents = 1 };
    struct mmu_update u = { 0, 0 };
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
    uint16_t id;

    r.extent_start = (uint64_t)(uintptr_t)&gmfn;
    memcpy(op.u.create.name, "new", 4);
    CHECK_EQ(domctl(&op), 0, "createdomain");
    id = op.domain;
    CHECK(id >= 2, "a new id");
    CHECK_EQ(info(id, &i), 0, "getdomaininfo(new)");
    CHECK_EQ(i.domain, id, "the new domain found");
    CHECK(i.flags & PVISOR_DOMINF_paused, "created paused");
    CHECK_EQ(i.nr_vcpus, 2, "2 vCPUs");
    CHECK_EQ(i.nr_online_vcpus, 0, "none up yet");
    CHECK_EQ(i.max_pages, 1025, "max_mem 4 MiB (+ shared_info)");
    CHECK(!strcmp(i.name, "new"), "its name");
    CHECK_EQ(simple(PVISOR_DOMCTL_unpausedomain, id), -XEN_EINVAL,
             "unpause with no vCPU context");
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_max_vcpus, .domain = id,
                                 .u.max_vcpus = { .max = 3 } };
    CHECK_EQ(domctl(&op), 0, "max_vcpus 3");
    op.u.max_vcpus.max = 0;
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "max_vcpus 0");
    CHECK_EQ(info(id, &i), 0, "getdomaininfo(new)");
    CHECK_EQ(i.nr_vcpus, 3, "3 vCPUs now");
    /* Its memory is dom0's to populate and map; a boot-time domain's is not. */
    r.domid = id;
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1,
             "populate_physmap for the domain dom0 created");
    r.domid = 1;
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), -XEN_EPERM,
             "populate_physmap for a boot-time domain");
    CHECK_EQ(HYPERVISOR_mmu_update(&u, 1, NULL, 1), -XEN_EPERM,
             "mmu_update with a boot-time domain as foreigndom");
    CHECK_EQ(HYPERVISOR_mmuext_op(&pin, 1, NULL, 1), -XEN_EPERM,
             "mmuext_op with a boot-time domain as foreigndom");
    CHECK_EQ(simple(PVISOR_DOMCTL_destroydomain, id), 0, "destroydomain(new)");
    CHECK_EQ(simple(PVISOR_DOMCTL_pausedomain, id), -XEN_ESRCH, "the destroyed domain is gone");
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_createdomain,
                                 .u.create = { .max_vcpus = 0, .max_mem_kb = 4096 } };
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "createdomain with 0 vCPUs");
    op.u.create.max_vcpus = 9;
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "createdomain with 9 vCPUs");
}

static void test_shutdown(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_shutdown, .domain = 1,
                                .u.shutdown = { .reason = SHUTDOWN_poweroff } };
    struct pvisor_domctl_info i;
    uint64_t end;
    long rc;

    op.u.shutdown.reason = 99;
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "shutdown with a bad reason");
    op.u.shutdown.reason = SHUTDOWN_poweroff;
    CHECK_EQ(domctl(&op), 0, "shutdown d1");
    /* Destroyed once no CPU runs it: 5 s at most. */
    end = pvclock_now() + 5000 * MS;
    while ((rc = info(1, &i)) == 0 && i.domain == 1 && pvclock_now() < end)
        spin_ms(1);
    CHECK(rc == -XEN_ESRCH || (rc == 0 && i.domain != 1), "d1 is gone (5 s after the shutdown)");
}

/*
 * A toolstack watching VIRQ_DOM_EXC hears of a destruction too (Xen sends
 * it when a domain is finally destroyed), so it need not poll for it.
 */
static void test_destroy_event(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_createdomain,
                                .u.create = { .max_vcpus = 1, .max_mem_kb = 4096 } };
    evtchn_port_t port;
    unsigned int before;
    uint64_t end;

    CHECK_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &port), 0, "bind_virq(DOM_EXC)");
    evtchn_upcalls_on();
    memcpy(op.u.create.name, "gone", 5);
    CHECK_EQ(domctl(&op), 0, "createdomain");
    spin_ms(20);                        /* nothing pending from before */
    before = evtchn_count[port];
    CHECK_EQ(simple(PVISOR_DOMCTL_destroydomain, op.domain), 0, "destroydomain");
    end = pvclock_now() + 5000 * MS;
    while (evtchn_count[port] == before && pvclock_now() < end)
        spin_ms(1);
    CHECK(evtchn_count[port] != before, "VIRQ_DOM_EXC after a destruction (5 s)");
}

void test_main(void)
{
    const char *mode = (const char *)start_info->cmd_line;

    evtchn_init();              /* shared_info: the pvclock */
    if (mode[0] == 'd' && mode[3] == 'u')
        domu();
    test_sysctl();
    test_info();
    test_pause();
    test_sched();
    test_affinity();
    test_create();
    test_shutdown();
    test_destroy_event();
}
