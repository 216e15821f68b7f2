/* SPDX-License-Identifier: MIT */
/*
 * pvctl's backend in dom0: each operation is a domctl, sysctl or
 * xen_version hypercall (through pvkern's privcmd path); create runs the
 * domain builder (toolstack/lib/build.c) over the same path and then hands
 * the console to consback.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/errno.h>
#include <public/version.h>
#include <public/xen.h>

#include "build.h"
#include "dom0.h"

#define DESTROY_WAIT_NS 10000000000ULL     /* 10 s */
#define PAUSE_WAIT_NS   1000000000ULL      /* 1 s */
#define YIELD_NS        1000000ULL         /* wait_domain yields, then sleeps */

struct dom0_domain *dom0_domains[DOM0_MAX_DOMAINS];
uint16_t dom0_last_created;

struct dom0_domain *dom0_find(uint16_t domid)
{
    return domid < DOM0_MAX_DOMAINS ? dom0_domains[domid] : NULL;
}

static int simple(uint32_t cmd, uint16_t domid, struct pvisor_domctl *op)
{
    op->cmd = cmd;
    op->domain = domid;
    return dom0_domctl(op);
}

static int be_getdomaininfo(void *be, uint16_t domid, struct pvisor_domctl_info *info)
{
    struct pvisor_domctl op = { 0 };
    int rc = simple(PVISOR_DOMCTL_getdomaininfo, domid, &op);

    if (rc == 0)
        *info = op.u.info;
    return rc;
}

/*
 * Wait up to @ns until domain @domid is gone or, with @flags, shows none
 * of them; false on the timeout. For the first YIELD_NS it looks again
 * after a yield, then every millisecond: the hypervisor's scheduler, which
 * a yield runs, destroys a killed domain no CPU runs there and then, so a
 * destroy is usually over by the second look, in much less than the
 * millisecond a sleep would wait.
 */
static bool wait_domain(uint16_t domid, uint32_t flags, uint64_t ns)
{
    uint64_t start = sys_now_ns();

    for (;;) {
        struct pvisor_domctl_info info;
        uint64_t now;

        if (be_getdomaininfo(NULL, domid, &info) != 0 || info.domain != domid ||
            (flags && !(info.flags & flags)))
            return true;
        now = sys_now_ns();
        if (now - start > ns)
            return false;
        if (now - start < YIELD_NS)
            sys_yield();
        else
            (void)sys_wait_any(1000000ULL);
    }
}

/*
 * The hypervisor stops a paused domain's vCPUs at their next exit; as xl
 * pause, return once none runs (its CPU time no longer moves).
 */
static int be_pause(void *be, uint16_t domid)
{
    struct pvisor_domctl op = { 0 };
    int rc = simple(PVISOR_DOMCTL_pausedomain, domid, &op);

    if (rc == 0)
        (void)wait_domain(domid, PVISOR_DOMINF_running, PAUSE_WAIT_NS);
    return rc;
}

static int be_unpause(void *be, uint16_t domid)
{
    struct pvisor_domctl op = { 0 };

    return simple(PVISOR_DOMCTL_unpausedomain, domid, &op);
}

int dom0_destroy(uint16_t domid)
{
    struct dom0_domain *d = dom0_find(domid);
    struct pvisor_domctl op = { 0 };
    int rc;

    /* Our mapping of its console ring would keep a frame of it alive. */
    if (d) {
        consback_remove(d);
        dom0_domains[domid] = NULL;
        free(d);
    }
    rc = simple(PVISOR_DOMCTL_destroydomain, domid, &op);
    /* As xl: return once it is gone (its frames are back), not while dying. */
    if (rc == 0 && !wait_domain(domid, 0, DESTROY_WAIT_NS))
        fprintf(stderr, "pvctl: domain %u is still dying after %llu s\n", domid,
                (unsigned long long)(DESTROY_WAIT_NS / 1000000000ULL));
    return rc;
}

static int be_destroy(void *be, uint16_t domid)
{
    return dom0_destroy(domid);
}

static int be_shutdown(void *be, uint16_t domid, unsigned int reason)
{
    struct pvisor_domctl op = { 0 };

    op.u.shutdown.reason = reason;
    return simple(PVISOR_DOMCTL_shutdown, domid, &op);
}

static int be_max_mem(void *be, uint16_t domid, uint64_t kb)
{
    struct pvisor_domctl op = { 0 };

    op.u.max_mem.max_mem_kb = kb;
    return simple(PVISOR_DOMCTL_max_mem, domid, &op);
}

static int be_getvcpuinfo(void *be, uint16_t domid, uint32_t vcpu,
                          struct pvisor_domctl_vcpuinfo *info)
{
    struct pvisor_domctl op = { 0 };
    int rc;

    op.u.vcpuinfo.vcpu = vcpu;
    rc = simple(PVISOR_DOMCTL_getvcpuinfo, domid, &op);
    if (rc == 0)
        *info = op.u.vcpuinfo;
    return rc;
}

static int be_getvcpuaffinity(void *be, uint16_t domid, uint32_t vcpu, uint64_t *map)
{
    struct pvisor_domctl op = { 0 };
    int rc;

    op.u.affinity.vcpu = vcpu;
    rc = simple(PVISOR_DOMCTL_getvcpuaffinity, domid, &op);
    if (rc == 0)
        *map = op.u.affinity.cpumap;
    return rc;
}

static int be_setvcpuaffinity(void *be, uint16_t domid, uint32_t vcpu, uint64_t map)
{
    struct pvisor_domctl op = { 0 };

    op.u.affinity.vcpu = vcpu;
    op.u.affinity.cpumap = map;
    return simple(PVISOR_DOMCTL_setvcpuaffinity, domid, &op);
}

static int be_sched_get(void *be, uint16_t domid, struct pvisor_domctl_sched *s)
{
    struct pvisor_domctl op = { 0 };
    int rc = simple(PVISOR_DOMCTL_sched_get, domid, &op);

    if (rc == 0)
        *s = op.u.sched;
    return rc;
}

static int be_sched_set(void *be, uint16_t domid, const struct pvisor_domctl_sched *s)
{
    struct pvisor_domctl op = { 0 };

    op.u.sched = *s;
    return simple(PVISOR_DOMCTL_sched_set, domid, &op);
}

static int be_physinfo(void *be, struct pvisor_sysctl_physinfo *info)
{
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_physinfo };
    int rc = dom0_sysctl(&op);

    if (rc == 0)
        *info = op.u.physinfo;
    return rc;
}

/*
 * The log, the newest @size bytes of it: read in chunks from the oldest
 * byte held, keeping the last @size.
 */
static int be_readconsole(void *be, char *buf, size_t size, int clear, size_t *len)
{
    static char chunk[4096];
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_readconsole };
    size_t have = 0;
    int rc;

    for (;;) {
        struct pvisor_sysctl_readconsole *r = &op.u.readconsole;
        size_t n;

        r->count = sizeof(chunk);
        r->buffer = (uint64_t)(uintptr_t)chunk;
        r->clear = (uint8_t)(clear != 0);
        rc = dom0_sysctl(&op);
        if (rc)
            return rc;
        n = r->count;
        if (n >= size) {
            memcpy(buf, chunk + n - size, size);
            have = size;
        } else {
            if (have + n > size) {      /* drop the oldest we hold */
                size_t drop = have + n - size;

                memmove(buf, buf + drop, have - drop);
                have -= drop;
            }
            memcpy(buf + have, chunk, n);
            have += n;
        }
        if (n < sizeof(chunk))
            break;
        r->incremental = 1;             /* from r->index, where this one ended */
    }
    *len = have;
    return 0;
}

static long xen_version(int cmd, void *arg)
{
    return sys_hypercall(__HYPERVISOR_xen_version, (uint64_t)cmd,
                         (uint64_t)(uintptr_t)arg, 0, 0, 0);
}

static int be_version(void *be, struct pvctl_version *ver)
{
    static char big[1024];
    xen_extraversion_t extra;
    long v = xen_version(XENVER_version, NULL);

    if (v < 0)
        return (int)v;
    ver->major = (unsigned int)(v >> 16);
    ver->minor = (unsigned int)(v & 0xffff);
    memset(extra, 0, sizeof(extra));
    if (xen_version(XENVER_extraversion, extra) == 0)
        snprintf(ver->extra, sizeof(ver->extra), "%.*s", (int)sizeof(extra), extra);
    memset(big, 0, sizeof(big));
    if (xen_version(XENVER_capabilities, big) == 0)
        snprintf(ver->caps, sizeof(ver->caps), "%.*s", (int)sizeof(big) - 1, big);
    memset(big, 0, sizeof(big));
    if (xen_version(XENVER_commandline, big) == 0)
        snprintf(ver->commandline, sizeof(ver->commandline), "%.*s",
                 (int)sizeof(big) - 1, big);
    return 0;
}

static int be_read_file(void *be, const char *path, char *buf, size_t size, size_t *len)
{
    const void *data;
    size_t n;
    int rc = dom0_read_file(path, &data, &n);

    if (rc)
        return rc;
    if (n > size)
        return -XEN_E2BIG;
    memcpy(buf, data, n);
    *len = n;
    return 0;
}

/* The builder's view of the hypervisor: pvkern's privcmd path. */
static long bo_hypercall(void *h, unsigned int nr, unsigned long a1, unsigned long a2,
                         unsigned long a3, unsigned long a4, unsigned long a5)
{
    return sys_hypercall(nr, a1, a2, a3, a4, a5);
}

static void *bo_map(void *h, uint16_t domid, const uint64_t *mfns, unsigned int n)
{
    return sys_map_foreign(domid, mfns, n);
}

static void bo_unmap(void *h, void *va, unsigned int n)
{
    (void)sys_unmap_foreign(va, n);
}

static const struct build_ops dom0_build_ops = {
    .hypercall = bo_hypercall,
    .map_foreign = bo_map,
    .unmap_foreign = bo_unmap,
};

/* Build @cfg's domain paused and start serving its console; 0 or -XEN_E*. */
static int create_domain(const struct domain_config *cfg, uint16_t *domid)
{
    struct build_args a = { .cfg = cfg, .kernel_path = cfg->kernel,
                            .ramdisk_path = cfg->ramdisk };
    struct build_result r;
    struct dom0_domain *d;
    char err[256];
    int rc;

    rc = dom0_read_file(cfg->kernel, &a.kernel, &a.kernel_len);
    if (rc) {
        fprintf(stderr, "pvctl: kernel '%s': %s\n", cfg->kernel,
                rc == -XEN_ENOENT ? "no such file" : "cannot read");
        return rc;
    }
    if (cfg->ramdisk[0]) {
        rc = dom0_read_file(cfg->ramdisk, &a.ramdisk, &a.ramdisk_len);
        if (rc) {
            fprintf(stderr, "pvctl: ramdisk '%s': %s\n", cfg->ramdisk,
                    rc == -XEN_ENOENT ? "no such file" : "cannot read");
            return rc;
        }
    }
    d = calloc(1, sizeof(*d));
    if (!d)
        return -XEN_ENOMEM;
    err[0] = '\0';
    rc = build_pv_domain(&dom0_build_ops, NULL, &a, &r, err, sizeof(err));
    if (rc) {
        fprintf(stderr, "pvctl: %s\n", err[0] ? err : "building the domain failed");
        free(d);
        return rc;
    }
    if (r.domid >= DOM0_MAX_DOMAINS) {
        struct pvisor_domctl op = { 0 };

        (void)simple(PVISOR_DOMCTL_destroydomain, r.domid, &op);
        free(d);
        fprintf(stderr, "pvctl: domain id %u is past dom0's table\n", r.domid);
        return -XEN_ENOSPC;
    }
    d->domid = r.domid;
    d->cfg = *cfg;
    d->port = -1;
    dom0_domains[r.domid] = d;
    rc = consback_add(d, r.console_mfn, r.console_port);
    if (rc) {
        fprintf(stderr, "pvctl: cannot serve the console of domain %u (%d)\n",
                r.domid, rc);
        (void)dom0_destroy(r.domid);
        return rc;
    }
    *domid = r.domid;
    dom0_last_created = r.domid;
    return 0;
}

static int be_create(void *be, const struct domain_config *cfg, uint16_t *domid)
{
    return create_domain(cfg, domid);
}

static int be_console(void *be, uint16_t domid)
{
    struct dom0_domain *d = dom0_find(domid);

    if (!d || !d->ring)
        return -XEN_ENOENT;         /* not a domain whose console dom0 serves */
    return consback_attach(d);
}

static uint64_t be_now_ns(void *be)
{
    return sys_now_ns();
}

static int be_wait(void *be, unsigned int ms)
{
    return dom0_wait(ms);
}

const struct pvctl_ops dom0_pvctl_ops = {
    .getdomaininfo = be_getdomaininfo,
    .pause = be_pause,
    .unpause = be_unpause,
    .destroy = be_destroy,
    .shutdown = be_shutdown,
    .max_mem = be_max_mem,
    .getvcpuinfo = be_getvcpuinfo,
    .getvcpuaffinity = be_getvcpuaffinity,
    .setvcpuaffinity = be_setvcpuaffinity,
    .sched_get = be_sched_get,
    .sched_set = be_sched_set,
    .physinfo = be_physinfo,
    .version = be_version,
    .readconsole = be_readconsole,
    .create = be_create,
    .console = be_console,
    .read_file = be_read_file,
    .now_ns = be_now_ns,
    .wait = be_wait,
};

static void out(void *wctx, int stream, const char *s, size_t len)
{
    fflush(stdout);
    sys_write_out(s, len);
}

int dom0_pvctl(int argc, char **argv)
{
    struct pvctl p = { .ops = &dom0_pvctl_ops, .write = out };

    return pvctl_main(&p, argc, argv);
}
