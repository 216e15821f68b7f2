/* SPDX-License-Identifier: MIT */
/*
 * guest-build-pv: dom0 builds a domain with the toolstack's PV domain
 * builder (toolstack/lib/build.c, the code pvctl create runs) from a real
 * PV kernel ELF, guest-console-hello.elf, embedded in this image.
 *
 * map_foreign maps the new domain's frames at the runtime's 16 window
 * pages (mmu_update of their L1 entries with foreigndom = the new domain),
 * the way dom0 does it; malloc is a bump allocator over a static arena.
 *
 * Steps and what counts as correct:
 *  1. refusals that must create nothing: a bad magic (-ENOEXEC, message
 *     "not an ELF file (bad magic)"), 1 MiB of memory (-ENOMEM, "does not
 *     fit"); no domain appears, the free frame count is unchanged.
 *  2. a failure after createdomain (map_foreign made to fail on its third
 *     call): -EFAULT, and the half-built domain is destroyed: the free
 *     frame count comes back.
 *  3. ten builds destroyed before they run: the free frame count comes
 *     back each time (pinned tables, vCPU context and port torn down).
 *  4. the real build (8 MiB, 1 vCPU, "hello"): 0; the domain is paused
 *     with vCPU 0 up, tot_pages = 2048 + shared_info, its console port is
 *     unbound for dom0; hypercall_init refuses its pinned L4 and a frame
 *     of dom0's (-EINVAL) and a domain that does not exist (-ESRCH);
 *     unpaused, it prints "(dN) Hello from a PV guest"
 *     and its own result line, powers off and is destroyed; every frame it
 *     had is free again.
 * pvisor only (its own toolstack calls).
 */
#include <public/domctl.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/memory.h>

#include "build.h"
#include "dombuild.h"
#include "evtchn.h"
#include "pt.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("the toolstack's PV domain builder builds and starts a real kernel");

/* The kernel to build: another test guest, as it is on disk. */
extern const uint8_t kernel_start[], kernel_end[];
__asm__(".pushsection .rodata\n"
        ".balign 16\n"
        "kernel_start:\n"
        ".incbin \"build/guests/guest-console-hello.elf\"\n"
        "kernel_end:\n"
        ".popsection");

/* ---- malloc for build.c: a bump allocator, emptied when all is freed. */

static uint8_t arena[512 * 1024] __aligned(16);
static size_t arena_used;
static unsigned int arena_live;

void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void free(void *p);

void *malloc(size_t n)
{
    void *p;

    n = (n + 15) & ~(size_t)15;
    if (n > sizeof(arena) - arena_used)
        return NULL;
    p = arena + arena_used;
    arena_used += n;
    arena_live++;
    return p;
}

void *calloc(size_t n, size_t size)
{
    void *p;

    if (size && n > sizeof(arena) / size)
        return NULL;
    p = malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void free(void *p)
{
    if (p && !--arena_live)
        arena_used = 0;
}

/* ---- the backend: hypercalls and foreign maps at the windows. */

static uint8_t *win;                    /* PT_WINDOWS contiguous pages */
static uint64_t win_l1e[PT_WINDOWS];    /* machine addresses of their L1 entries */
static unsigned int maps, fail_map_at;  /* fail_map_at: make that call fail (1-based) */

static long be_hypercall(void *h, unsigned int nr, unsigned long a1, unsigned long a2,
                         unsigned long a3, unsigned long a4, unsigned long a5)
{
    return hypercall5(nr, a1, a2, a3, a4, a5);
}

static void *be_map(void *h, uint16_t domid, const uint64_t *mfns, unsigned int n)
{
    static struct mmu_update u[PT_WINDOWS];
    long rc;

    if (++maps == fail_map_at || n > PT_WINDOWS)
        return NULL;
    for (unsigned int i = 0; i < n; i++)
        u[i] = (struct mmu_update){ win_l1e[i],
                                    (mfns[i] << 12) | PTE_P | PTE_RW | PTE_A | PTE_D };
    rc = HYPERVISOR_mmu_update(u, n, NULL, domid);
    if (rc) {
        printf("map_foreign: mmu_update of %u frames: %ld\n", n, rc);
        return NULL;
    }
    return win;
}

static void be_unmap(void *h, void *va, unsigned int n)
{
    static struct mmu_update u[PT_WINDOWS];

    for (unsigned int i = 0; i < n; i++)
        u[i] = (struct mmu_update){ win_l1e[i], 0 };
    CHECK_EQ(HYPERVISOR_mmu_update(u, n, NULL, DOMID_SELF), 0, "unmap the windows");
    for (unsigned int i = 0; i < n; i++)
        pt_invlpg((uint64_t)(uintptr_t)(win + i * 4096));
}

static const struct build_ops ops = {
    .hypercall = be_hypercall,
    .map_foreign = be_map,
    .unmap_foreign = be_unmap,
    .map_max = PT_WINDOWS,
};

/* ---- helpers */

static long domctl(struct pvisor_domctl *op)
{
    op->interface_version = PVISOR_DOMCTL_VERSION;
    return hypercall1(__HYPERVISOR_domctl, op);
}

static uint64_t free_pages(void)
{
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_physinfo,
                                .interface_version = PVISOR_SYSCTL_VERSION };

    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &op), 0, "physinfo");
    return op.u.physinfo.free_pages;
}

/* Is there a domain other than dom0? Its id, or 0. */
static uint16_t other_domain(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = 1 };

    return domctl(&op) == 0 ? op.domain : 0;
}

/*
 * Wait (30 s at most) until domain @id is gone: a domain that runs must
 * boot, print, power off and be reaped by its CPU, while this guest's
 * polling takes the hypervisor's lock from the other one; on a loaded host
 * that is not done in 2 s.
 */
static bool wait_gone(uint16_t id)
{
    return dombuild_wait_gone(id, 30000000000ULL, NULL) == 0;
}

static bool contains(const char *s, const char *part)
{
    for (size_t n = strlen(part); *s; s++)
        if (!strncmp(s, part, n))
            return true;
    return false;
}

static struct domain_config cfg;
static struct build_args args;
static struct build_result res;
static char err[256];
static uint8_t bad[256 * 1024] __aligned(16);

/* A build that must fail with @want and @msg, leaving no domain or frame behind. */
static void refused(const char *what, long want, const char *msg)
{
    uint64_t before = free_pages();
    int rc = build_pv_domain(&ops, NULL, &args, &res, err, sizeof(err));
    uint16_t left;

    printf("%s: %d \"%s\"\n", what, rc, err);
    CHECK_EQ(rc, want, what);
    CHECK(contains(err, msg), "%s: message \"%s\" lacks \"%s\"", what, err, msg);
    CHECK(contains(err, "hello.elf"), "%s: message \"%s\" names no file", what, err);
    /* Asked once: a second look may find it gone and name no domain (0). */
    left = other_domain();
    if (left)
        CHECK(wait_gone(left), "%s: a domain was left behind", what);
    CHECK_EQ(free_pages(), before, "free frames after a refused build");
    CHECK_EQ(arena_live, 0, "allocations left by a refused build");
}

void test_main(void)
{
    size_t len = (size_t)(kernel_end - kernel_start);
    struct evtchn_status st;
    struct pvisor_domctl op;
    uint64_t before, t0;
    int rc;

    evtchn_init();              /* maps shared_info: pvclock_now() reads it */
    for (unsigned int i = 0; i < PT_WINDOWS; i++) {
        uint8_t *w = pt_take_window();

        if (i == 0)
            win = w;
        CHECK(w == win + i * 4096, "window %u is not contiguous", i);
        win_l1e[i] = pt_entry_ma(pt_boot_l4(), (uint64_t)(uintptr_t)w, 1);
        CHECK(win_l1e[i] != 0, "window %u's L1 entry", i);
    }

    memcpy(cfg.name, "hello", 6);
    cfg.memory_mib = cfg.maxmem_mib = 8;
    cfg.vcpus = 1;
    args = (struct build_args){ .cfg = &cfg, .kernel_path = "/guests/hello.elf",
                                .kernel = kernel_start, .kernel_len = len };

    /* 1. Refused before anything exists. */
    CHECK(len <= sizeof(bad), "the kernel (%zu bytes) fits the scratch copy", len);
    memcpy(bad, kernel_start, len);
    bad[1] = 'F';
    args.kernel = bad;
    refused("bad magic", -XEN_ENOEXEC, "not an ELF file (bad magic)");
    args.kernel = kernel_start;
    cfg.memory_mib = cfg.maxmem_mib = 1;
    refused("1 MiB", -XEN_ENOMEM, "does not fit in its memory (1024 KiB)");
    cfg.memory_mib = cfg.maxmem_mib = 8;

    /* 2. Refused half way: the domain it created is destroyed. */
    maps = 0, fail_map_at = 3;
    refused("map_foreign fails", -XEN_EFAULT, "cannot map frames");
    fail_map_at = 0;

    /* 3. Built and destroyed unstarted, ten times: everything comes back each time. */
    before = free_pages();
    for (unsigned int i = 0; i < 10; i++) {
        rc = build_pv_domain(&ops, NULL, &args, &res, err, sizeof(err));
        CHECK_EQ(rc, 0, "build_pv_domain (to destroy)");
        op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_destroydomain, .domain = res.domid };
        CHECK_EQ(domctl(&op), 0, "destroy the unstarted domain");
        CHECK(wait_gone(res.domid), "an unstarted domain is gone");
        CHECK_EQ(free_pages(), before, "free frames after build and destroy");
    }

    /* 4. The real thing. */
    maps = 0;
    t0 = pvclock_now();
    rc = build_pv_domain(&ops, NULL, &args, &res, err, sizeof(err));
    t0 = pvclock_now() - t0;
    CHECK_EQ(rc, 0, "build_pv_domain");
    if (rc)
        test_result(TEST_FAILURE, "build failed: %s", err);
    printf("built d%u: %llu pages, entry %#llx, start_info %#llx, console mfn %#llx "
           "port %u, %u foreign maps, %llu us (TCG)\n", res.domid,
           (unsigned long long)res.nr_pages, (unsigned long long)res.entry,
           (unsigned long long)res.start_info, (unsigned long long)res.console_mfn,
           res.console_port, maps, (unsigned long long)(t0 / 1000));
    CHECK_EQ(arena_live, 0, "allocations left by a build");

    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = res.domid };
    CHECK_EQ(domctl(&op), 0, "getdomaininfo of the new domain");
    CHECK_EQ(op.domain, res.domid, "the new domain");
    CHECK(op.u.info.flags & PVISOR_DOMINF_paused, "built paused");
    CHECK_EQ(op.u.info.nr_online_vcpus, 1, "vCPU 0 online");
    CHECK_EQ(op.u.info.tot_pages, 2048 + 1, "8 MiB and shared_info");
    /* Its memory plus the hypervisor's own (vCPUs, ports, grant table). */
    CHECK(before - free_pages() >= 2048 + 1, "frames taken: %llu",
          (unsigned long long)(before - free_pages()));

    st = (struct evtchn_status){ .dom = res.domid, .port = res.console_port };
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0, "console port status");
    CHECK_EQ(st.status, EVTCHNSTAT_unbound, "console port unbound");
    CHECK_EQ(st.u.unbound.dom, 0, "console port open to dom0");

    /* hypercall_init writes only a plain frame of the domain named. */
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_hypercall_init, .domain = res.domid,
                                 .u.hypercall_init.gmfn = res.l4_mfn };
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "hypercall_init on the domain's pinned L4");
    op.u.hypercall_init.gmfn = pt_alloc_frame();
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "hypercall_init on a frame of dom0's");
    op.domain = 60;
    CHECK_EQ(domctl(&op), -XEN_ESRCH, "hypercall_init for no domain");

    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_unpausedomain, .domain = res.domid };
    CHECK_EQ(domctl(&op), 0, "unpause the new domain");
    CHECK(wait_gone(res.domid), "the new domain ran to its end and is gone");
    CHECK_EQ(free_pages(), before, "free frames once it is gone");
    printf("domain %u built by the toolstack builder, ran and was destroyed\n", res.domid);
}
