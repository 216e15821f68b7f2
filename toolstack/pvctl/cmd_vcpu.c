/* SPDX-License-Identifier: MIT */
/* pvctl commands on vCPUs and scheduling: vcpu-list, vcpu-pin, sched-credit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cpumap.h"

#define MAX_VCPU_ROWS   (64 * 8)    /* 64 domains of 8 vCPUs */

struct vcpu_row {
    uint16_t domid;
    char name[PVISOR_DOMAIN_NAME_MAX + 1];
    struct pvisor_domctl_vcpuinfo info;
    uint64_t cpumap;
};

/* The host's CPU count for "all" in affinities; 0 if unknown. */
static unsigned int host_cpus(struct pvctl *p)
{
    struct pvisor_sysctl_physinfo phys;

    if (p->ops->physinfo && p->ops->physinfo(p->be, &phys) == 0)
        return phys.nr_cpus;
    return 0;
}

/* Append @d's vCPUs to @rows; 0, or a negative error. */
static int gather_vcpus(struct pvctl *p, const struct pvisor_domctl_info *d,
                        struct vcpu_row *rows, unsigned int *nr)
{
    uint32_t v;
    int rc;

    for (v = 0; v < d->nr_vcpus && *nr < MAX_VCPU_ROWS; v++) {
        struct vcpu_row *r = &rows[*nr];

        r->domid = d->domain;
        memcpy(r->name, d->name, sizeof(d->name));
        r->name[sizeof(d->name)] = '\0';
        rc = p->ops->getvcpuinfo(p->be, d->domain, v, &r->info);
        if (rc < 0)
            return rc;
        r->info.vcpu = v;
        r->cpumap = CPUMAP_ALL;
        if (p->ops->getvcpuaffinity) {
            rc = p->ops->getvcpuaffinity(p->be, d->domain, v, &r->cpumap);
            if (rc < 0)
                return rc;
        }
        (*nr)++;
    }
    return 0;
}

static void vcpu_state(const struct pvisor_domctl_vcpuinfo *i, char out[4])
{
    out[0] = i->running ? 'r' : '-';
    out[1] = i->blocked ? 'b' : '-';
    out[2] = i->online ? '-' : 'p';
    out[3] = '\0';
}

static void print_vcpus(struct pvctl *p, const struct vcpu_row *rows,
                        unsigned int nr, unsigned int nr_cpus, int json)
{
    struct pvctl_json j;
    unsigned int i;

    json_begin(&j, p);
    if (json)
        json_open(&j, NULL, '[');
    else
        pvctl_printf(p, PVCTL_OUT, "%-32s %5s %5s %5s %5s %9s %s\n", "Name",
                     "ID", "VCPU", "CPU", "State", "Time(s)",
                     "Affinity (Hard)");
    for (i = 0; i < nr; i++) {
        const struct vcpu_row *r = &rows[i];
        char state[4], secs[24], map[200], cpu[12];

        vcpu_state(&r->info, state);
        pvctl_format_secs(r->info.cpu_time, secs, sizeof(secs));
        cpumap_format(r->cpumap, nr_cpus, map, sizeof(map));
        if (json) {
            json_open(&j, NULL, '{');
            json_str(&j, "name", r->name);
            json_uint(&j, "domid", r->domid);
            json_uint(&j, "vcpu", r->info.vcpu);
            if (r->info.online)
                json_uint(&j, "cpu", r->info.cpu);
            else
                json_null(&j, "cpu");
            json_str(&j, "state", state);
            json_uint(&j, "cpu_time_ns", r->info.cpu_time);
            json_str(&j, "affinity", map);
            json_close(&j, '}');
            continue;
        }
        if (r->info.online)
            snprintf(cpu, sizeof(cpu), "%u", r->info.cpu);
        else
            snprintf(cpu, sizeof(cpu), "-");
        pvctl_printf(p, PVCTL_OUT, "%-32s %5u %5u %5s %5s %9s %s\n", r->name,
                     r->domid, r->info.vcpu, cpu, state, secs, map);
    }
    if (json) {
        json_close(&j, ']');
        json_end(&j);
    }
}

int cmd_vcpu_list(struct pvctl *p, const struct pvctl_cmd *c,
                  const struct pvctl_args *a)
{
    struct pvisor_domctl_info d;
    struct vcpu_row *rows;
    unsigned int nr = 0;
    uint32_t next = 0;
    int rc = 0;

    if (!p->ops->getdomaininfo || !p->ops->getvcpuinfo)
        return pvctl_unsupported(p, c);
    if (a->nr_pos == 1 && pvctl_find_domain(p, c, a->pos[0], &d))
        return PVCTL_FAILED;
    rows = calloc(MAX_VCPU_ROWS, sizeof(*rows));
    if (!rows)
        return pvctl_fail(p, c, "out of memory");
    /* Gather everything first: an error must not leave half a table. */
    if (a->nr_pos == 1) {
        rc = gather_vcpus(p, &d, rows, &nr);
    } else {
        while (rc >= 0 && (rc = pvctl_next_domain(p, next, &d)) == 1) {
            rc = gather_vcpus(p, &d, rows, &nr);
            next = d.domain + 1u;
        }
    }
    if (rc < 0) {
        free(rows);
        return pvctl_fail(p, c, "cannot read the vCPUs of domain %u: %s",
                          d.domain, pvctl_strerror(rc));
    }
    print_vcpus(p, rows, nr, host_cpus(p), pvctl_has(a, 'j'));
    free(rows);
    return PVCTL_OK;
}

int cmd_vcpu_pin(struct pvctl *p, const struct pvctl_cmd *c,
                 const struct pvctl_args *a)
{
    struct pvisor_domctl_info d;
    uint64_t vcpu = 0, map;
    uint32_t first, last, v;
    char msg[96];
    size_t at;
    int all = strcmp(a->pos[1], "all") == 0;
    int rc;

    if (!all && pvctl_parse_uint(a->pos[1], 0xffffffffu, &vcpu))
        return pvctl_usage(p, c, "VCPU must be a number or 'all', not '%s'",
                           a->pos[1]);
    if (cpumap_parse(a->pos[2], &map, msg, sizeof(msg), &at))
        return pvctl_usage(p, c, "bad CPU list '%s': %s", a->pos[2], msg);
    if (!p->ops->setvcpuaffinity)
        return pvctl_unsupported(p, c);
    if (pvctl_find_domain(p, c, a->pos[0], &d))
        return PVCTL_FAILED;
    if (!all && vcpu >= d.nr_vcpus)
        return pvctl_fail(p, c, "domain %u (%.*s) has no vCPU %llu (it has "
                          "%u)", d.domain, (int)sizeof(d.name), d.name,
                          (unsigned long long)vcpu, d.nr_vcpus);
    first = all ? 0 : (uint32_t)vcpu;
    last = all ? d.nr_vcpus : (uint32_t)vcpu + 1;
    for (v = first; v < last; v++) {
        rc = p->ops->setvcpuaffinity(p->be, d.domain, v, map);
        if (rc < 0)
            return pvctl_fail(p, c, "cannot pin vCPU %u of domain %u to "
                              "CPUs %s: %s", v, d.domain, a->pos[2],
                              pvctl_strerror(rc));
    }
    return PVCTL_OK;
}

static void sched_row(struct pvctl *p, const struct pvisor_domctl_info *d)
{
    pvctl_printf(p, PVCTL_OUT, "%-33.*s %4u %6u %4u\n", (int)sizeof(d->name),
                 d->name, d->domain, d->weight, d->cap);
}

static void sched_header(struct pvctl *p)
{
    pvctl_printf(p, PVCTL_OUT, "%-33s %4s %6s %4s\n", "Name", "ID", "Weight",
                 "Cap");
}

/* -d D -w W -c C: change what is given, keep the rest. */
static int sched_change(struct pvctl *p, const struct pvctl_cmd *c,
                        const struct pvctl_args *a,
                        const struct pvisor_domctl_info *d)
{
    struct pvisor_domctl_sched s;
    uint64_t v;
    int rc;

    if (!p->ops->sched_get || !p->ops->sched_set)
        return pvctl_unsupported(p, c);
    rc = p->ops->sched_get(p->be, d->domain, &s);
    if (rc < 0)
        return pvctl_fail(p, c, "cannot read the scheduling of domain %u: %s",
                          d->domain, pvctl_strerror(rc));
    if (pvctl_has(a, 'w')) {
        pvctl_parse_uint(a->optarg['w' - 'a'], 65535, &v);
        s.weight = (uint32_t)v;
    }
    if (pvctl_has(a, 'c')) {
        pvctl_parse_uint(a->optarg['c' - 'a'], 0xffffffffu, &v);
        if (v > 100ull * d->nr_vcpus)
            return pvctl_fail(p, c, "cap %llu is more than 100 x the %u "
                              "vCPUs of domain %u", (unsigned long long)v,
                              d->nr_vcpus, d->domain);
        s.cap = (uint32_t)v;
    }
    rc = p->ops->sched_set(p->be, d->domain, &s);
    if (rc < 0)
        return pvctl_fail(p, c, "cannot set the scheduling of domain %u: %s",
                          d->domain, pvctl_strerror(rc));
    return PVCTL_OK;
}

int cmd_sched_credit(struct pvctl *p, const struct pvctl_cmd *c,
                     const struct pvctl_args *a)
{
    struct pvisor_domctl_info d;
    uint32_t next = 0;
    uint64_t v;
    int rc;

    if (pvctl_has(a, 'w') &&
        (pvctl_parse_uint(a->optarg['w' - 'a'], 65535, &v) || v == 0))
        return pvctl_usage(p, c, "-w wants a weight of 1 to 65535, not '%s'",
                           a->optarg['w' - 'a']);
    if (pvctl_has(a, 'c') &&
        pvctl_parse_uint(a->optarg['c' - 'a'], 0xffffffffu, &v))
        return pvctl_usage(p, c, "-c wants a cap in %% of one CPU, not '%s'",
                           a->optarg['c' - 'a']);
    if ((pvctl_has(a, 'w') || pvctl_has(a, 'c')) && !pvctl_has(a, 'd'))
        return pvctl_usage(p, c, "-w and -c need -d ID|NAME");
    if (!p->ops->getdomaininfo)
        return pvctl_unsupported(p, c);

    if (pvctl_has(a, 'd')) {
        if (pvctl_find_domain(p, c, a->optarg['d' - 'a'], &d))
            return PVCTL_FAILED;
        if (pvctl_has(a, 'w') || pvctl_has(a, 'c'))
            return sched_change(p, c, a, &d);
        sched_header(p);
        sched_row(p, &d);
        return PVCTL_OK;
    }
    sched_header(p);
    while ((rc = pvctl_next_domain(p, next, &d)) == 1) {
        sched_row(p, &d);
        next = d.domain + 1u;
    }
    if (rc < 0)
        return pvctl_fail(p, c, "cannot list domains: %s", pvctl_strerror(rc));
    return PVCTL_OK;
}
