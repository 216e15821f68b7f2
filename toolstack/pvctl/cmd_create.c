/* SPDX-License-Identifier: MIT */
/*
 * pvctl create: read and check the config (file, then KEY=VALUE
 * overrides), check it fits the host, have the backend build the domain
 * paused, set its vCPU affinity and scheduling, unpause it. A failure after
 * the build destroys the domain again, so a failed create leaves nothing.
 */
#include <stdlib.h>
#include <string.h>

#include <public/errno.h>

#include "cmd.h"
#include "cpumap.h"

#define CONFIG_FILE_MAX (64 * 1024)

/* Read and parse @path plus the overrides into @cfg; PVCTL_* result. */
static int load_config(struct pvctl *p, const struct pvctl_cmd *c,
                       const struct pvctl_args *a, struct domain_config *cfg)
{
    const char *path = a->pos[0];
    struct config_error err;
    char msg[320];
    size_t len = 0;
    char *text;
    int i, rc;

    text = malloc(CONFIG_FILE_MAX);
    if (!text)
        return pvctl_fail(p, c, "out of memory");
    rc = p->ops->read_file(p->be, path, text, CONFIG_FILE_MAX, &len);
    if (rc == -XEN_E2BIG) {
        free(text);
        return pvctl_fail(p, c, "config file '%s' is larger than %d KiB",
                          path, CONFIG_FILE_MAX / 1024);
    }
    if (rc < 0) {
        free(text);
        return pvctl_fail(p, c, "cannot read config file '%s': %s", path,
                          pvctl_strerror(rc));
    }
    pvctl_printf(p, PVCTL_ERR, "Parsing config from %s\n", path);
    config_init(cfg);
    rc = config_parse(cfg, path, text, len, &err);
    free(text);
    for (i = 1; rc == 0 && i < a->nr_pos; i++) {
        if (!strchr(a->pos[i], '='))
            return pvctl_usage(p, c, "expected KEY=VALUE, not '%s'",
                               a->pos[i]);
        rc = config_override(cfg, a->pos[i], (unsigned int)i, &err);
    }
    if (rc == 0)
        rc = config_finish(cfg, path, &err);
    if (rc) {
        config_format_error(&err, msg, sizeof(msg));
        return pvctl_fail(p, c, "%s", msg);
    }
    if (cfg->warning[0])
        pvctl_printf(p, PVCTL_ERR, "Warning: %s\n", cfg->warning);
    return PVCTL_OK;
}

/* Name free, enough memory, the affinities name online CPUs. */
static int check_host(struct pvctl *p, const struct pvctl_cmd *c,
                      const struct domain_config *cfg, uint64_t *online)
{
    struct pvisor_sysctl_physinfo phys;
    struct pvisor_domctl_info d;
    uint32_t next = 0;
    unsigned int v;
    int rc;

    while ((rc = pvctl_next_domain(p, next, &d)) == 1) {
        if (strncmp(d.name, cfg->name, sizeof(d.name)) == 0)
            return pvctl_fail(p, c, "a domain named '%s' already exists "
                              "(id %u)", cfg->name, d.domain);
        next = d.domain + 1u;
    }
    if (rc < 0)
        return pvctl_fail(p, c, "cannot list domains: %s", pvctl_strerror(rc));

    *online = CPUMAP_ALL;
    if (!p->ops->physinfo)
        return PVCTL_OK;
    rc = p->ops->physinfo(p->be, &phys);
    if (rc < 0)
        return pvctl_fail(p, c, "cannot read host information: %s",
                          pvctl_strerror(rc));
    if (cfg->memory_mib > pvctl_pages_mib(phys.free_pages))
        return pvctl_fail(p, c, "not enough free memory: 'memory' is %llu "
                          "MiB, %llu MiB are free",
                          (unsigned long long)cfg->memory_mib,
                          (unsigned long long)pvctl_pages_mib(phys.free_pages));
    if (phys.nr_cpus && phys.nr_cpus < CPUMAP_BITS)
        *online = ((uint64_t)1 << phys.nr_cpus) - 1;
    for (v = 0; v < cfg->vcpus; v++)
        if (!(cfg->cpus[v] & *online))
            return pvctl_fail(p, c, "'cpus' gives vCPU %u no online CPU "
                              "(the host has %u)", v, phys.nr_cpus);
    return PVCTL_OK;
}

/* Affinity, weight and cap, then unpause; the error text, or NULL. */
const char *pvctl_start_domain(struct pvctl *p, uint16_t domid,
                                const struct domain_config *cfg,
                                uint64_t online, int *rc)
{
    struct pvisor_domctl_sched s = { cfg->weight, cfg->cap };
    unsigned int v;

    for (v = 0; v < cfg->vcpus; v++) {
        if (cfg->cpus[v] == CPUMAP_ALL)
            continue;
        *rc = -XEN_ENOSYS;
        if (p->ops->setvcpuaffinity)
            *rc = p->ops->setvcpuaffinity(p->be, domid, v,
                                          cfg->cpus[v] & online);
        if (*rc < 0)
            return "cannot set vCPU affinity";
    }
    if (cfg->weight != CONFIG_DEFAULT_WEIGHT || cfg->cap != CONFIG_DEFAULT_CAP) {
        *rc = -XEN_ENOSYS;
        if (p->ops->sched_set)
            *rc = p->ops->sched_set(p->be, domid, &s);
        if (*rc < 0)
            return "cannot set weight and cap";
    }
    *rc = p->ops->unpause(p->be, domid);
    return *rc < 0 ? "cannot unpause it" : NULL;
}

int cmd_create(struct pvctl *p, const struct pvctl_cmd *c,
               const struct pvctl_args *a)
{
    struct domain_config *cfg;
    const char *what;
    uint64_t online = CPUMAP_ALL;
    uint16_t domid;
    int rc, ret;

    if (!p->ops->read_file || !p->ops->create || !p->ops->getdomaininfo ||
        !p->ops->unpause || !p->ops->destroy)
        return pvctl_unsupported(p, c);
    cfg = malloc(sizeof(*cfg));
    if (!cfg)
        return pvctl_fail(p, c, "out of memory");
    ret = load_config(p, c, a, cfg);
    if (ret == PVCTL_OK)
        ret = check_host(p, c, cfg, &online);
    if (ret != PVCTL_OK)
        goto out;

    rc = p->ops->create(p->be, cfg, &domid);
    if (rc < 0) {
        ret = pvctl_fail(p, c, "cannot create domain '%s': %s", cfg->name,
                         pvctl_strerror(rc));
        goto out;
    }
    what = pvctl_start_domain(p, domid, cfg, online, &rc);
    if (what) {
        int drc = p->ops->destroy(p->be, domid);

        ret = pvctl_fail(p, c, "domain %u (%s): %s: %s; %s", domid, cfg->name,
                         what, pvctl_strerror(rc),
                         drc < 0 ? "destroying it failed too"
                                 : "it has been destroyed");
        goto out;
    }
    pvctl_printf(p, PVCTL_OUT, "Created domain %u (%s)\n", domid, cfg->name);
    if (pvctl_has(a, 'c')) {
        if (!p->ops->console) {
            ret = pvctl_unsupported(p, c);
            goto out;
        }
        rc = p->ops->console(p->be, domid);
        if (rc < 0)
            ret = pvctl_fail(p, c, "cannot attach to the console of domain "
                             "%u: %s", domid, pvctl_strerror(rc));
    }
out:
    free(cfg);
    return ret;
}
