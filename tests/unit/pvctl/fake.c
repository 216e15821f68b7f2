/* SPDX-License-Identifier: MIT */
/* The fake pvctl backend (see fake.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <public/errno.h>

#include "fake.h"

struct fake fake;

/* Config files the tests create from. */
static const struct {
    const char *path, *text;
} files[] = {
    { "web2.cfg", "name = 'web2'\nkernel = '/g/web.elf'\nmemory = 64\n" },
    { "pinned.cfg", "name='pin'\nkernel='/k'\nvcpus=2\ncpus=['1','2-3']\n"
                    "weight=512\ncap=50\n" },
    { "big.cfg", "name='big'\nkernel='/k'\nmemory=2048\n" },
    { "web.cfg", "name='web'\nkernel='/k'\n" },
    { "syntax.cfg", "name='x'\nkernel='/k'\nmemory = 64 MiB\n" },
    { "both.cfg", "name='b'\nkernel='/k'\nextra='e'\ncmdline='c'\n" },
    { "offline.cfg", "name='off'\nkernel='/k'\ncpus='8-9'\n" },
};

static void fake_log(const char *fmt, ...)
{
    size_t used = strlen(fake.log);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(fake.log + used, sizeof(fake.log) - used, fmt, ap);
    va_end(ap);
}

/* Count the call; the injected error if this is the one to fail. */
static int injected(enum fake_op op)
{
    fake.calls[op]++;
    if (fake.fail_op == op &&
        (fake.fail_call == 0 || fake.fail_call == fake.calls[op]))
        return fake.fail_rc;
    return 0;
}

static struct fake_domain *lookup(uint16_t domid)
{
    if (domid >= FAKE_DOMAINS || !fake.dom[domid].used)
        return NULL;
    return &fake.dom[domid];
}

static void add_domain(uint16_t id, const char *name, uint32_t flags,
                       uint64_t mib, uint32_t vcpus, uint64_t cpu_ns)
{
    struct fake_domain *d = &fake.dom[id];
    unsigned int v;

    d->used = 1;
    d->info.domain = id;
    d->info.flags = flags;
    d->info.tot_pages = mib * 256;
    d->info.max_pages = mib * 256;
    d->info.cpu_time = cpu_ns;
    d->info.nr_vcpus = vcpus;
    d->info.nr_online_vcpus = vcpus;
    d->info.weight = 256;
    snprintf(d->info.name, sizeof(d->info.name), "%s", name);
    for (v = 0; v < 8; v++)
        d->affinity[v] = (~(uint64_t)0);
}

void fake_reset(void)
{
    memset(&fake, 0, sizeof(fake));
    fake.key = -1;
    fake.phys.nr_cpus = 4;
    fake.phys.total_pages = 4096 * 256;
    fake.phys.free_pages = 1024 * 256;
    fake.phys.cpu_khz = 2400000;
    snprintf(fake.console, sizeof(fake.console),
             "(XEN) pvisor 4.17\n(XEN) dom0 started");
    add_domain(0, "Domain-0", PVISOR_DOMINF_privileged | PVISOR_DOMINF_running,
               512, 1, 12345000000ull);
    add_domain(1, "web", PVISOR_DOMINF_blocked, 128, 2, 2050000000ull);
    add_domain(3, "db", PVISOR_DOMINF_paused, 64, 1, 0);
    fake.dom[3].info.weight = 128;
    fake.dom[3].info.cap = 50;
    fake.dom[1].affinity[1] = 0x6;
}

static int f_getdomaininfo(void *be, uint16_t first,
                           struct pvisor_domctl_info *info)
{
    unsigned int id;
    int rc = injected(OP_GETDOMAININFO);

    if (rc)
        return rc;
    for (id = first; id < FAKE_DOMAINS; id++)
        if (fake.dom[id].used) {
            *info = fake.dom[id].info;
            return 0;
        }
    return -XEN_ESRCH;
}

/* The common prologue: injected error, then the domain. */
#define DOMAIN_OP(op, domid, d)                 \
    struct fake_domain *d;                      \
    int rc_ = injected(op);                     \
    if (rc_)                                    \
        return rc_;                             \
    d = lookup(domid);                          \
    if (!d)                                     \
        return -XEN_ESRCH

static int f_pause(void *be, uint16_t domid)
{
    DOMAIN_OP(OP_PAUSE, domid, d);
    d->info.flags |= PVISOR_DOMINF_paused;
    fake_log("pause(%u) ", domid);
    return 0;
}

static int f_unpause(void *be, uint16_t domid)
{
    DOMAIN_OP(OP_UNPAUSE, domid, d);
    if (!(d->info.flags & PVISOR_DOMINF_paused))
        return -XEN_EINVAL;
    d->info.flags &= ~PVISOR_DOMINF_paused;
    fake_log("unpause(%u) ", domid);
    return 0;
}

static int f_destroy(void *be, uint16_t domid)
{
    DOMAIN_OP(OP_DESTROY, domid, d);
    d->used = 0;
    fake_log("destroy(%u) ", domid);
    return 0;
}

static int f_shutdown(void *be, uint16_t domid, unsigned int reason)
{
    DOMAIN_OP(OP_SHUTDOWN, domid, d);
    d->info.flags |= PVISOR_DOMINF_shutdown;
    d->info.shutdown_reason = (uint16_t)reason;
    if (fake.shutdown_destroys)
        d->used = 0;
    fake_log("shutdown(%u,%u) ", domid, reason);
    return 0;
}

static int f_max_mem(void *be, uint16_t domid, uint64_t kb)
{
    DOMAIN_OP(OP_MAX_MEM, domid, d);
    if (kb / 4 < d->info.tot_pages)
        return -XEN_EBUSY;
    d->info.max_pages = kb / 4;
    fake_log("max_mem(%u,%llu) ", domid, (unsigned long long)kb);
    return 0;
}

static int f_getvcpuinfo(void *be, uint16_t domid, uint32_t vcpu,
                         struct pvisor_domctl_vcpuinfo *info)
{
    DOMAIN_OP(OP_GETVCPUINFO, domid, d);
    if (vcpu >= d->info.nr_vcpus)
        return -XEN_ENOENT;
    memset(info, 0, sizeof(*info));
    info->vcpu = vcpu;
    info->online = 1;
    info->running = !!(d->info.flags & PVISOR_DOMINF_running);
    info->blocked = !!(d->info.flags & PVISOR_DOMINF_blocked);
    info->cpu = vcpu + 1;
    info->cpu_time = d->info.cpu_time / d->info.nr_vcpus;
    if (domid == 1 && vcpu == 1)
        info->online = info->blocked = 0;
    return 0;
}

static int f_getaffinity(void *be, uint16_t domid, uint32_t vcpu,
                         uint64_t *map)
{
    DOMAIN_OP(OP_GETAFFINITY, domid, d);
    if (vcpu >= d->info.nr_vcpus)
        return -XEN_ENOENT;
    *map = d->affinity[vcpu];
    return 0;
}

static int f_setaffinity(void *be, uint16_t domid, uint32_t vcpu, uint64_t map)
{
    DOMAIN_OP(OP_SETAFFINITY, domid, d);
    if (vcpu >= d->info.nr_vcpus)
        return -XEN_ENOENT;
    if (!(map & 0xf))
        return -XEN_EINVAL;
    d->affinity[vcpu] = map;
    fake_log("affinity(%u,%u,%#llx) ", domid, vcpu, (unsigned long long)map);
    return 0;
}

static int f_sched_get(void *be, uint16_t domid, struct pvisor_domctl_sched *s)
{
    DOMAIN_OP(OP_SCHED_GET, domid, d);
    s->weight = d->info.weight;
    s->cap = d->info.cap;
    return 0;
}

static int f_sched_set(void *be, uint16_t domid,
                       const struct pvisor_domctl_sched *s)
{
    DOMAIN_OP(OP_SCHED_SET, domid, d);
    d->info.weight = s->weight;
    d->info.cap = s->cap;
    fake_log("sched(%u,%u,%u) ", domid, s->weight, s->cap);
    return 0;
}

static int f_physinfo(void *be, struct pvisor_sysctl_physinfo *info)
{
    int rc = injected(OP_PHYSINFO);

    if (rc)
        return rc;
    *info = fake.phys;
    return 0;
}

static int f_version(void *be, struct pvctl_version *v)
{
    int rc = injected(OP_VERSION);

    if (rc)
        return rc;
    v->major = 4;
    v->minor = 17;
    snprintf(v->extra, sizeof(v->extra), ".0-pvisor");
    snprintf(v->caps, sizeof(v->caps), "xen-3.0-x86_64");
    snprintf(v->commandline, sizeof(v->commandline), "console=com1 \"q\"");
    return 0;
}

static int f_readconsole(void *be, char *buf, size_t size, int clear,
                         size_t *len)
{
    int rc = injected(OP_READCONSOLE);

    if (rc)
        return rc;
    *len = strlen(fake.console);
    if (*len > size)
        *len = size;
    memcpy(buf, fake.console, *len);
    if (clear)
        fake.console[0] = '\0';
    return 0;
}

static int f_create(void *be, const struct domain_config *cfg, uint16_t *domid)
{
    uint16_t id;
    int rc = injected(OP_CREATE);

    if (rc)
        return rc;
    for (id = 1; id < FAKE_DOMAINS && fake.dom[id].used; id++)
        ;
    if (id == FAKE_DOMAINS)
        return -XEN_ENOSPC;
    add_domain(id, cfg->name, PVISOR_DOMINF_paused, cfg->memory_mib,
               cfg->vcpus, 0);
    fake.dom[id].info.max_pages = cfg->maxmem_mib * 256;
    *domid = id;
    fake_log("create(%s,%s,%s) ", cfg->name, cfg->kernel, cfg->cmdline);
    return 0;
}

static int f_console(void *be, uint16_t domid)
{
    DOMAIN_OP(OP_CONSOLE, domid, d);
    (void)d;
    fake_log("console(%u) ", domid);
    return 0;
}

static int f_read_file(void *be, const char *path, char *buf, size_t size,
                       size_t *len)
{
    size_t i;
    int rc = injected(OP_READ_FILE);

    if (rc)
        return rc;
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        if (strcmp(files[i].path, path) != 0)
            continue;
        *len = strlen(files[i].text);
        if (*len > size)
            return -XEN_E2BIG;
        memcpy(buf, files[i].text, *len);
        return 0;
    }
    return -XEN_ENOENT;
}

static uint64_t f_now_ns(void *be)
{
    return fake.now;
}

/* Time passes: web (1) uses half a CPU. */
static int f_wait(void *be, unsigned int ms)
{
    fake.now += (uint64_t)ms * 1000000;
    fake.dom[1].info.cpu_time += (uint64_t)ms * 500000;
    fake_log("wait(%u) ", ms);
    return fake.key;
}

const struct pvctl_ops fake_ops = {
    .getdomaininfo = f_getdomaininfo,
    .pause = f_pause,
    .unpause = f_unpause,
    .destroy = f_destroy,
    .shutdown = f_shutdown,
    .max_mem = f_max_mem,
    .getvcpuinfo = f_getvcpuinfo,
    .getvcpuaffinity = f_getaffinity,
    .setvcpuaffinity = f_setaffinity,
    .sched_get = f_sched_get,
    .sched_set = f_sched_set,
    .physinfo = f_physinfo,
    .version = f_version,
    .readconsole = f_readconsole,
    .create = f_create,
    .console = f_console,
    .read_file = f_read_file,
    .now_ns = f_now_ns,
    .wait = f_wait,
};
