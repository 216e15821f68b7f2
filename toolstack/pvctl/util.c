/* SPDX-License-Identifier: MIT */
/* pvctl helpers: output, error messages, domain lookup, states, times. */
#include <stdio.h>
#include <string.h>

#include <public/errno.h>
#include <public/sched.h>

#include "cmd.h"

void pvctl_puts(struct pvctl *p, int stream, const char *s, size_t len)
{
    if (len)
        p->write(p->wctx, stream, s, len);
}

void pvctl_printf(struct pvctl *p, int stream, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(buf))
        n = sizeof(buf) - 1;    /* lines are short; a long one is cut */
    pvctl_puts(p, stream, buf, (size_t)n);
}

void pvctl_vreport(struct pvctl *p, const struct pvctl_cmd *c,
                   const char *fmt, va_list ap)
{
    char msg[512];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    pvctl_printf(p, PVCTL_ERR, "pvctl: %s: %s\n", c->name, msg);
}

int pvctl_fail(struct pvctl *p, const struct pvctl_cmd *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    pvctl_vreport(p, c, fmt, ap);
    va_end(ap);
    return PVCTL_FAILED;
}

int pvctl_unsupported(struct pvctl *p, const struct pvctl_cmd *c)
{
    return pvctl_fail(p, c, "not supported by this backend");
}

static const struct {
    int err;
    const char *text;
} error_names[] = {
    { XEN_EPERM, "not permitted (EPERM)" },
    { XEN_ENOENT, "no such entry (ENOENT)" },
    { XEN_ESRCH, "no such domain (ESRCH)" },
    { XEN_EIO, "I/O error (EIO)" },
    { XEN_E2BIG, "too big (E2BIG)" },
    { XEN_ENOEXEC, "not a PV kernel (ENOEXEC)" },
    { XEN_EAGAIN, "try again (EAGAIN)" },
    { XEN_ENOMEM, "out of memory (ENOMEM)" },
    { XEN_EACCES, "interface version refused (EACCES)" },
    { XEN_EFAULT, "bad address (EFAULT)" },
    { XEN_EBUSY, "busy (EBUSY)" },
    { XEN_EEXIST, "already exists (EEXIST)" },
    { XEN_EINVAL, "invalid argument (EINVAL)" },
    { XEN_ENOSPC, "no space left (ENOSPC)" },
    { XEN_ENOSYS, "not implemented (ENOSYS)" },
};

const char *pvctl_strerror(int rc)
{
    static char unknown[32];    /* only for values the ABI never returns */
    size_t i;

    for (i = 0; i < sizeof(error_names) / sizeof(error_names[0]); i++)
        if (error_names[i].err == -rc)
            return error_names[i].text;
    snprintf(unknown, sizeof(unknown), "error %d", rc);
    return unknown;
}

int pvctl_parse_uint(const char *s, uint64_t max, uint64_t *v)
{
    uint64_t n = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        if (n > (max - (uint64_t)(*s - '0')) / 10)
            return -1;
        n = n * 10 + (uint64_t)(*s - '0');
    }
    *v = n;
    return 0;
}

int pvctl_next_domain(struct pvctl *p, uint32_t from,
                      struct pvisor_domctl_info *info)
{
    int rc;

    if (from > 0xffff)
        return 0;
    rc = p->ops->getdomaininfo(p->be, (uint16_t)from, info);
    if (rc == -XEN_ESRCH)
        return 0;
    if (rc < 0)
        return rc;
    /* A backend must not go backwards, or listing would never end. */
    if (info->domain < from)
        return -XEN_EINVAL;
    return 1;
}

int pvctl_find_domain(struct pvctl *p, const struct pvctl_cmd *c,
                      const char *spec, struct pvisor_domctl_info *info)
{
    uint64_t id;
    uint32_t next = 0;
    int rc;

    if (!p->ops->getdomaininfo)
        return pvctl_unsupported(p, c);
    if (pvctl_parse_uint(spec, 0xffff, &id) == 0) {
        rc = pvctl_next_domain(p, (uint32_t)id, info);
        if (rc == 1 && info->domain == id)
            return PVCTL_OK;
        if (rc < 0)
            return pvctl_fail(p, c, "cannot look up domain %s: %s", spec,
                              pvctl_strerror(rc));
        return pvctl_fail(p, c, "no domain with id %s", spec);
    }
    while ((rc = pvctl_next_domain(p, next, info)) == 1) {
        if (strncmp(info->name, spec, sizeof(info->name)) == 0)
            return PVCTL_OK;
        next = info->domain + 1u;
    }
    if (rc < 0)
        return pvctl_fail(p, c, "cannot look up domain '%s': %s", spec,
                          pvctl_strerror(rc));
    return pvctl_fail(p, c, "no domain named '%s'", spec);
}

void pvctl_state(const struct pvisor_domctl_info *info, char out[7])
{
    uint32_t f = info->flags;
    int shut = !!(f & PVISOR_DOMINF_shutdown);
    int crashed = shut && info->shutdown_reason == SHUTDOWN_crash;

    out[0] = f & PVISOR_DOMINF_running ? 'r' : '-';
    out[1] = f & PVISOR_DOMINF_blocked ? 'b' : '-';
    out[2] = f & PVISOR_DOMINF_paused ? 'p' : '-';
    out[3] = shut && !crashed ? 's' : '-';
    out[4] = crashed ? 'c' : '-';
    out[5] = f & PVISOR_DOMINF_dying ? 'd' : '-';
    out[6] = '\0';
}

const char *pvctl_shutdown_name(unsigned int reason)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return reason < sizeof(names) / sizeof(names[0]) ? names[reason]
                                                     : "unknown";
}

void pvctl_format_secs(uint64_t ns, char *buf, size_t len)
{
    uint64_t tenths = ns / 100000000u;

    snprintf(buf, len, "%llu.%llu", (unsigned long long)(tenths / 10),
             (unsigned long long)(tenths % 10));
}
