/* SPDX-License-Identifier: MIT */
/* pvctl commands about the host: info, dmesg, top. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define DMESG_MAX       (64 * 1024)
#define TOP_MAX_DOMAINS 256
#define TOP_DEFAULT_SECS 3

/* ---- info ---- */

struct info_line {
    const char *key;
    int is_number;
    uint64_t num;
    char str[256];
};

static void info_num(struct info_line *l, const char *key, uint64_t num)
{
    l->key = key;
    l->is_number = 1;
    l->num = num;
}

static void info_str(struct info_line *l, const char *key, const char *s)
{
    l->key = key;
    l->is_number = 0;
    snprintf(l->str, sizeof(l->str), "%s", s);
}

int cmd_info(struct pvctl *p, const struct pvctl_cmd *c,
             const struct pvctl_args *a)
{
    struct pvisor_sysctl_physinfo phys;
    struct pvctl_version ver;
    struct info_line lines[12];
    struct pvctl_json j;
    char buf[64];
    int n = 0, i, rc;

    if (!p->ops->physinfo)
        return pvctl_unsupported(p, c);
    rc = p->ops->physinfo(p->be, &phys);
    if (rc < 0)
        return pvctl_fail(p, c, "cannot read host information: %s",
                          pvctl_strerror(rc));
    info_num(&lines[n++], "nr_cpus", phys.nr_cpus);
    info_num(&lines[n++], "cpu_mhz", phys.cpu_khz / 1000);
    info_num(&lines[n++], "total_memory", pvctl_pages_mib(phys.total_pages));
    info_num(&lines[n++], "free_memory", pvctl_pages_mib(phys.free_pages));
    if (p->ops->version) {
        memset(&ver, 0, sizeof(ver));
        rc = p->ops->version(p->be, &ver);
        if (rc < 0)
            return pvctl_fail(p, c, "cannot read the hypervisor version: %s",
                              pvctl_strerror(rc));
        ver.extra[sizeof(ver.extra) - 1] = '\0';
        ver.caps[sizeof(ver.caps) - 1] = '\0';
        ver.commandline[sizeof(ver.commandline) - 1] = '\0';
        snprintf(buf, sizeof(buf), "%u.%u%s", ver.major, ver.minor, ver.extra);
        info_num(&lines[n++], "xen_major", ver.major);
        info_num(&lines[n++], "xen_minor", ver.minor);
        info_str(&lines[n++], "xen_extra", ver.extra);
        info_str(&lines[n++], "xen_version", buf);
        info_str(&lines[n++], "xen_caps", ver.caps);
    }
    info_str(&lines[n++], "xen_scheduler", "credit");
    if (p->ops->version)
        info_str(&lines[n++], "xen_commandline", ver.commandline);

    if (!pvctl_has(a, 'j')) {
        for (i = 0; i < n; i++) {
            if (lines[i].is_number)
                pvctl_printf(p, PVCTL_OUT, "%-23s: %llu\n", lines[i].key,
                             (unsigned long long)lines[i].num);
            else
                pvctl_printf(p, PVCTL_OUT, "%-23s: %s\n", lines[i].key,
                             lines[i].str);
        }
        return PVCTL_OK;
    }
    json_begin(&j, p);
    json_open(&j, NULL, '{');
    for (i = 0; i < n; i++) {
        if (lines[i].is_number)
            json_uint(&j, lines[i].key, lines[i].num);
        else
            json_str(&j, lines[i].key, lines[i].str);
    }
    json_close(&j, '}');
    json_end(&j);
    return PVCTL_OK;
}

/* ---- dmesg ---- */

int cmd_dmesg(struct pvctl *p, const struct pvctl_cmd *c,
              const struct pvctl_args *a)
{
    size_t len = 0;
    char *buf;
    int rc;

    if (!p->ops->readconsole)
        return pvctl_unsupported(p, c);
    buf = malloc(DMESG_MAX);
    if (!buf)
        return pvctl_fail(p, c, "out of memory");
    rc = p->ops->readconsole(p->be, buf, DMESG_MAX, pvctl_has(a, 'c'), &len);
    if (rc < 0) {
        free(buf);
        return pvctl_fail(p, c, "cannot read the hypervisor log: %s",
                          pvctl_strerror(rc));
    }
    if (len > DMESG_MAX)
        len = DMESG_MAX;
    pvctl_puts(p, PVCTL_OUT, buf, len);
    if (len && buf[len - 1] != '\n')
        pvctl_puts(p, PVCTL_OUT, "\n", 1);
    free(buf);
    return PVCTL_OK;
}

/* ---- top ---- */

/* What top remembers between two refreshes, to compute CPU%. */
struct top_state {
    uint64_t now, total_pages;
    unsigned int frames;        /* shown so far: CPU% needs a previous one */
    unsigned int nr;
    uint16_t domid[TOP_MAX_DOMAINS];
    uint64_t cpu_time[TOP_MAX_DOMAINS];
};

static int top_prev(const struct top_state *s, uint16_t domid, uint64_t *t)
{
    unsigned int i;

    for (i = 0; i < s->nr; i++)
        if (s->domid[i] == domid) {
            *t = s->cpu_time[i];
            return 1;
        }
    return 0;
}

/* x / y as a percentage with one decimal, into buf. */
static void percent(uint64_t x, uint64_t y, char *buf, size_t len)
{
    uint64_t tenths = y ? x * 1000 / y : 0;

    snprintf(buf, len, "%llu.%llu", (unsigned long long)(tenths / 10),
             (unsigned long long)(tenths % 10));
}

/* One refresh: read every domain, print, remember in @s. */
static int top_frame(struct pvctl *p, struct top_state *s, int batch)
{
    struct top_state prev = *s;
    struct pvisor_domctl_info d;
    uint64_t elapsed, before;
    uint32_t next = 0;
    int rc;

    s->now = p->ops->now_ns(p->be);
    s->nr = 0;
    s->frames++;
    elapsed = s->now - prev.now;
    if (!batch)
        pvctl_printf(p, PVCTL_OUT, "\033[H\033[2J");
    pvctl_printf(p, PVCTL_OUT, "%10s %6s %10s %6s %10s %6s %10s %9s %5s\n",
                 "NAME", "STATE", "CPU(sec)", "CPU(%)", "MEM(k)", "MEM(%)",
                 "MAXMEM(k)", "MAXMEM(%)", "VCPUS");
    while ((rc = pvctl_next_domain(p, next, &d)) == 1) {
        char state[7], cpu[24], mem[24], maxmem[24];
        uint64_t delta = 0;

        if (prev.frames && top_prev(&prev, d.domain, &before) &&
            d.cpu_time >= before)
            delta = d.cpu_time - before;
        pvctl_state(&d, state);
        percent(delta, prev.frames ? elapsed : 0, cpu, sizeof(cpu));
        percent(d.tot_pages, s->total_pages, mem, sizeof(mem));
        percent(d.max_pages, s->total_pages, maxmem, sizeof(maxmem));
        pvctl_printf(p, PVCTL_OUT, "%10.10s %6s %10llu %6s %10llu %6s %10llu "
                     "%9s %5u\n", d.name, state,
                     (unsigned long long)(d.cpu_time / 1000000000u), cpu,
                     (unsigned long long)d.tot_pages * 4, mem,
                     (unsigned long long)d.max_pages * 4, maxmem,
                     d.nr_online_vcpus);
        if (s->nr < TOP_MAX_DOMAINS) {
            s->domid[s->nr] = d.domain;
            s->cpu_time[s->nr++] = d.cpu_time;
        }
        next = d.domain + 1u;
    }
    return rc;
}

int cmd_top(struct pvctl *p, const struct pvctl_cmd *c,
            const struct pvctl_args *a)
{
    struct pvisor_sysctl_physinfo phys;
    struct top_state *s;
    uint64_t iterations = 0, secs = TOP_DEFAULT_SECS, i;
    int batch = pvctl_has(a, 'b'), rc = 0;

    if (pvctl_has(a, 'n') &&
        (pvctl_parse_uint(a->optarg['n' - 'a'], 1000000, &iterations) ||
         iterations == 0))
        return pvctl_usage(p, c, "-n wants a count of 1 or more, not '%s'",
                           a->optarg['n' - 'a']);
    if (pvctl_has(a, 'd') &&
        (pvctl_parse_uint(a->optarg['d' - 'a'], 3600, &secs) || secs == 0))
        return pvctl_usage(p, c, "-d wants 1 to 3600 seconds, not '%s'",
                           a->optarg['d' - 'a']);
    if (!p->ops->getdomaininfo || !p->ops->physinfo || !p->ops->now_ns ||
        !p->ops->wait)
        return pvctl_unsupported(p, c);
    rc = p->ops->physinfo(p->be, &phys);
    if (rc < 0)
        return pvctl_fail(p, c, "cannot read host information: %s",
                          pvctl_strerror(rc));
    s = calloc(1, sizeof(*s));
    if (!s)
        return pvctl_fail(p, c, "out of memory");
    s->total_pages = phys.total_pages;
    for (i = 0; iterations == 0 || i < iterations; i++) {
        if (i > 0 && p->ops->wait(p->be, (unsigned int)secs * 1000) == 'q')
            break;
        rc = top_frame(p, s, batch);
        if (rc < 0)
            break;
    }
    free(s);
    if (rc < 0)
        return pvctl_fail(p, c, "cannot list domains: %s", pvctl_strerror(rc));
    return PVCTL_OK;
}
