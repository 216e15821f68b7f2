/* SPDX-License-Identifier: MIT */
/*
 * pvctl commands on one domain or the list of them: list, console,
 * destroy, shutdown, reboot, pause, unpause, mem-max.
 */
#include <stdio.h>
#include <string.h>

#include <public/errno.h>
#include <public/sched.h>

#include "cmd.h"

/* How long shutdown -w waits, in polls of POLL_MS. */
#define POLL_MS         100
#define WAIT_POLLS      600

static void list_header(struct pvctl *p, int lng)
{
    pvctl_printf(p, PVCTL_OUT, "Name                                        "
                 "ID   Mem VCPUs\tState\tTime(s)%s\n",
                 lng ? "   MaxMem Weight   Cap  Reason" : "");
}

static void list_row(struct pvctl *p, const struct pvisor_domctl_info *d,
                     int lng)
{
    char state[7], secs[24];

    pvctl_state(d, state);
    pvctl_format_secs(d->cpu_time, secs, sizeof(secs));
    pvctl_printf(p, PVCTL_OUT, "%-40.*s %5u %5llu %5u     %s  %8s",
                 (int)sizeof(d->name), d->name, d->domain,
                 (unsigned long long)pvctl_pages_mib(d->tot_pages),
                 d->nr_online_vcpus, state, secs);
    if (lng)
        pvctl_printf(p, PVCTL_OUT, " %8llu %6u %5u  %s",
                     (unsigned long long)pvctl_pages_mib(d->max_pages),
                     d->weight, d->cap,
                     d->flags & PVISOR_DOMINF_shutdown
                         ? pvctl_shutdown_name(d->shutdown_reason) : "-");
    pvctl_puts(p, PVCTL_OUT, "\n", 1);
}

static void list_json(struct pvctl_json *j, const struct pvisor_domctl_info *d)
{
    char state[7], name[PVISOR_DOMAIN_NAME_MAX + 1];

    pvctl_state(d, state);
    memcpy(name, d->name, sizeof(d->name));
    name[sizeof(d->name)] = '\0';
    json_open(j, NULL, '{');
    json_str(j, "name", name);
    json_uint(j, "domid", d->domain);
    json_uint(j, "mem_mib", pvctl_pages_mib(d->tot_pages));
    json_uint(j, "max_mem_mib", pvctl_pages_mib(d->max_pages));
    json_uint(j, "vcpus", d->nr_vcpus);
    json_uint(j, "online_vcpus", d->nr_online_vcpus);
    json_str(j, "state", state);
    json_uint(j, "cpu_time_ns", d->cpu_time);
    json_uint(j, "weight", d->weight);
    json_uint(j, "cap", d->cap);
    if (d->flags & PVISOR_DOMINF_shutdown)
        json_str(j, "shutdown_reason", pvctl_shutdown_name(d->shutdown_reason));
    else
        json_null(j, "shutdown_reason");
    json_close(j, '}');
}

static void list_one(struct pvctl *p, struct pvctl_json *j,
                     const struct pvisor_domctl_info *d, int json, int lng)
{
    if (json)
        list_json(j, d);
    else
        list_row(p, d, lng);
}

int cmd_list(struct pvctl *p, const struct pvctl_cmd *c,
             const struct pvctl_args *a)
{
    struct pvisor_domctl_info d;
    struct pvctl_json j;
    int json = pvctl_has(a, 'j'), lng = pvctl_has(a, 'l');
    uint32_t next = 0;
    int rc;

    if (!p->ops->getdomaininfo)
        return pvctl_unsupported(p, c);
    if (a->nr_pos == 1 && pvctl_find_domain(p, c, a->pos[0], &d))
        return PVCTL_FAILED;
    /*
     * Gather first when listing all: a failure half-way must not leave
     * half a JSON document behind.
     */
    if (a->nr_pos == 0) {
        while ((rc = pvctl_next_domain(p, next, &d)) == 1)
            next = d.domain + 1u;
        if (rc < 0)
            return pvctl_fail(p, c, "cannot list domains: %s",
                              pvctl_strerror(rc));
    }
    json_begin(&j, p);
    if (json)
        json_open(&j, NULL, '[');
    else
        list_header(p, lng);
    if (a->nr_pos == 1) {
        list_one(p, &j, &d, json, lng);
    } else {
        next = 0;
        while ((rc = pvctl_next_domain(p, next, &d)) == 1) {
            list_one(p, &j, &d, json, lng);
            next = d.domain + 1u;
        }
    }
    if (json) {
        json_close(&j, ']');
        json_end(&j);
    }
    return PVCTL_OK;
}

/* The control domain is not for these commands (the hypervisor says EINVAL). */
static int refuse_dom0(struct pvctl *p, const struct pvctl_cmd *c,
                       const struct pvisor_domctl_info *d)
{
    if (!(d->flags & PVISOR_DOMINF_privileged))
        return PVCTL_OK;
    return pvctl_fail(p, c, "domain %u (%.*s) is the control domain: it "
                      "cannot be %s", d->domain, (int)sizeof(d->name), d->name,
                      strcmp(c->name, "destroy") == 0 ? "destroyed" :
                      strcmp(c->name, "pause") == 0 ? "paused" : "shut down");
}

typedef int (*domain_op_t)(void *be, uint16_t domid);

/* Look the domain up, check it, call @op, report. */
static int run_domain_op(struct pvctl *p, const struct pvctl_cmd *c,
                         const char *spec, domain_op_t op, const char *verb,
                         int not_dom0)
{
    struct pvisor_domctl_info d;
    int rc;

    if (!op)
        return pvctl_unsupported(p, c);
    if (pvctl_find_domain(p, c, spec, &d))
        return PVCTL_FAILED;
    if (not_dom0 && refuse_dom0(p, c, &d))
        return PVCTL_FAILED;
    rc = op(p->be, d.domain);
    if (rc < 0)
        return pvctl_fail(p, c, "cannot %s domain %u (%.*s): %s", verb,
                          d.domain, (int)sizeof(d.name), d.name,
                          pvctl_strerror(rc));
    return PVCTL_OK;
}

int cmd_destroy(struct pvctl *p, const struct pvctl_cmd *c,
                const struct pvctl_args *a)
{
    return run_domain_op(p, c, a->pos[0], p->ops->destroy, "destroy", 1);
}

int cmd_pause(struct pvctl *p, const struct pvctl_cmd *c,
              const struct pvctl_args *a)
{
    return run_domain_op(p, c, a->pos[0], p->ops->pause, "pause", 1);
}

int cmd_unpause(struct pvctl *p, const struct pvctl_cmd *c,
                const struct pvctl_args *a)
{
    struct pvisor_domctl_info d;

    if (pvctl_find_domain(p, c, a->pos[0], &d))
        return PVCTL_FAILED;
    if (!(d.flags & PVISOR_DOMINF_paused))
        return pvctl_fail(p, c, "domain %u (%.*s) is not paused", d.domain,
                          (int)sizeof(d.name), d.name);
    return run_domain_op(p, c, a->pos[0], p->ops->unpause, "unpause", 0);
}

int cmd_console(struct pvctl *p, const struct pvctl_cmd *c,
                const struct pvctl_args *a)
{
    return run_domain_op(p, c, a->pos[0], p->ops->console,
                         "attach to the console of", 0);
}

/* Until @d's domain is gone or shut down; PVCTL_OK or PVCTL_FAILED. */
static int wait_shutdown(struct pvctl *p, const struct pvctl_cmd *c,
                         const struct pvisor_domctl_info *d)
{
    struct pvisor_domctl_info now;
    int i, rc;

    if (!p->ops->wait)
        return pvctl_unsupported(p, c);
    for (i = 0; i < WAIT_POLLS; i++) {
        rc = pvctl_next_domain(p, d->domain, &now);
        if (rc < 0)
            return pvctl_fail(p, c, "cannot watch domain %u: %s", d->domain,
                              pvctl_strerror(rc));
        /* Gone, or its id already reused by another domain. */
        if (rc == 0 || now.domain != d->domain ||
            strncmp(now.name, d->name, sizeof(now.name)) != 0) {
            pvctl_printf(p, PVCTL_OUT, "Domain %u has been shut down and "
                         "destroyed\n", d->domain);
            return PVCTL_OK;
        }
        if (now.flags & PVISOR_DOMINF_shutdown) {
            pvctl_printf(p, PVCTL_OUT, "Domain %u has been shut down, reason "
                         "%s\n", d->domain,
                         pvctl_shutdown_name(now.shutdown_reason));
            return PVCTL_OK;
        }
        p->ops->wait(p->be, POLL_MS);
    }
    return pvctl_fail(p, c, "domain %u did not shut down within %d seconds",
                      d->domain, WAIT_POLLS * POLL_MS / 1000);
}

/* shutdown and reboot: the same but for the reason. */
int cmd_shutdown(struct pvctl *p, const struct pvctl_cmd *c,
                 const struct pvctl_args *a)
{
    int reboot = strcmp(c->name, "reboot") == 0;
    struct pvisor_domctl_info d;
    int rc;

    if (!p->ops->shutdown)
        return pvctl_unsupported(p, c);
    if (pvctl_find_domain(p, c, a->pos[0], &d) || refuse_dom0(p, c, &d))
        return PVCTL_FAILED;
    pvctl_printf(p, PVCTL_OUT, "%s domain %u\n",
                 reboot ? "Rebooting" : "Shutting down", d.domain);
    rc = p->ops->shutdown(p->be, d.domain,
                          reboot ? SHUTDOWN_reboot : SHUTDOWN_poweroff);
    if (rc < 0)
        return pvctl_fail(p, c, "cannot %s domain %u (%.*s): %s",
                          reboot ? "reboot" : "shut down", d.domain,
                          (int)sizeof(d.name), d.name, pvctl_strerror(rc));
    if (pvctl_has(a, 'w'))
        return wait_shutdown(p, c, &d);
    return PVCTL_OK;
}

/* xl's memory sizes: a number of MiB, or with a suffix b, k, m, g or t. */
static int parse_mem_kb(const char *s, uint64_t *kb)
{
    char num[24];
    size_t len = strlen(s);
    uint64_t v;
    int shift = 10;             /* MiB to KiB */
    char unit = len ? s[len - 1] : '\0';

    if (unit >= 'A' && unit <= 'Z')
        unit = (char)(unit - 'A' + 'a');
    if (unit == 'b' || unit == 'k' || unit == 'm' || unit == 'g' ||
        unit == 't') {
        shift = unit == 'b' ? -10 : unit == 'k' ? 0 : unit == 'm' ? 10
              : unit == 'g' ? 20 : 30;
        len--;
    }
    if (len == 0 || len >= sizeof(num))
        return -1;
    memcpy(num, s, len);
    num[len] = '\0';
    if (pvctl_parse_uint(num, UINT64_MAX >> 31, &v))
        return -1;
    *kb = shift < 0 ? v >> -shift : v << shift;
    return 0;
}

int cmd_mem_max(struct pvctl *p, const struct pvctl_cmd *c,
                const struct pvctl_args *a)
{
    struct pvisor_domctl_info d;
    uint64_t kb;
    int rc;

    if (parse_mem_kb(a->pos[1], &kb) || kb == 0)
        return pvctl_usage(p, c, "bad memory size '%s' (e.g. 256, 256m, 1g)",
                           a->pos[1]);
    if (!p->ops->max_mem)
        return pvctl_unsupported(p, c);
    if (pvctl_find_domain(p, c, a->pos[0], &d))
        return PVCTL_FAILED;
    rc = p->ops->max_mem(p->be, d.domain, kb);
    if (rc == -XEN_EBUSY)
        return pvctl_fail(p, c, "domain %u (%.*s) already has more than "
                          "%llu KiB", d.domain, (int)sizeof(d.name), d.name,
                          (unsigned long long)kb);
    if (rc < 0)
        return pvctl_fail(p, c, "cannot set the memory limit of domain %u "
                          "(%.*s): %s", d.domain, (int)sizeof(d.name), d.name,
                          pvctl_strerror(rc));
    return PVCTL_OK;
}
