/* SPDX-License-Identifier: MIT */
/*
 * pvctl: the domain management CLI (xl's commands and output), over a
 * backend of function pointers. In dom0 the backend makes the domctl and
 * sysctl hypercalls (hypervisor/include/public/domctl.h); on a host the unit
 * tests plug in a fake one. The commands use nothing but the backend and
 * the output callback, so they are portable C (newlib in dom0).
 */
#ifndef TOOLSTACK_PVCTL_H
#define TOOLSTACK_PVCTL_H

#include <stddef.h>
#include <stdint.h>

#include <public/domctl.h>

#include "config.h"

/* Exit codes, as xl. */
#define PVCTL_OK        0
#define PVCTL_FAILED    1
#define PVCTL_USAGE     2

/* Output streams for pvctl.write. */
#define PVCTL_OUT       1
#define PVCTL_ERR       2

/* What `pvctl info` reports of the hypervisor (XENVER_*). */
struct pvctl_version {
    unsigned int major, minor;
    char extra[16];             /* ".0-pvisor" */
    char caps[128];             /* "xen-3.0-x86_64" */
    char commandline[256];
};

/*
 * The backend. Every operation returns 0 or a negative XEN_E* error
 * (public/errno.h), as the hypercalls do; pvctl turns errors into messages.
 * @be is pvctl.be. Operations a backend lacks may be NULL: the commands that
 * need them then fail with "not supported".
 */
struct pvctl_ops {
    /* The first domain whose id is >= @domid (getdomaininfo); -ESRCH if none. */
    int (*getdomaininfo)(void *be, uint16_t domid,
                         struct pvisor_domctl_info *info);
    int (*pause)(void *be, uint16_t domid);
    int (*unpause)(void *be, uint16_t domid);
    int (*destroy)(void *be, uint16_t domid);
    int (*shutdown)(void *be, uint16_t domid, unsigned int reason);
    int (*max_mem)(void *be, uint16_t domid, uint64_t max_mem_kb);
    int (*getvcpuinfo)(void *be, uint16_t domid, uint32_t vcpu,
                       struct pvisor_domctl_vcpuinfo *info);
    int (*getvcpuaffinity)(void *be, uint16_t domid, uint32_t vcpu,
                           uint64_t *cpumap);
    int (*setvcpuaffinity)(void *be, uint16_t domid, uint32_t vcpu,
                           uint64_t cpumap);
    int (*sched_get)(void *be, uint16_t domid, struct pvisor_domctl_sched *s);
    int (*sched_set)(void *be, uint16_t domid,
                     const struct pvisor_domctl_sched *s);
    int (*physinfo)(void *be, struct pvisor_sysctl_physinfo *info);
    int (*version)(void *be, struct pvctl_version *ver);
    /*
     * The hypervisor log: up to @size bytes (the newest if it holds more)
     * into @buf, their number in *@len; @clear empties the log after reading.
     */
    int (*readconsole)(void *be, char *buf, size_t size, int clear,
                       size_t *len);
    /*
     * Build a domain from @cfg (defaults applied, checked) and leave it
     * paused: createdomain, memory, kernel, ramdisk, start_info, vCPU 0's
     * context. pvctl then sets affinity and scheduling and unpauses it; if
     * any of that fails, it destroys the domain. *@domid: the new id.
     */
    int (*create)(void *be, const struct domain_config *cfg, uint16_t *domid);
    /* Attach the caller's terminal to @domid's console until Ctrl-]. */
    int (*console)(void *be, uint16_t domid);
    /* Read a whole file (a config) into @buf; -ENOENT, or -E2BIG past @size. */
    int (*read_file)(void *be, const char *path, char *buf, size_t size,
                     size_t *len);
    /* Nanoseconds since some fixed point (top's CPU%). */
    uint64_t (*now_ns)(void *be);
    /* Wait @ms; returns a key pressed meanwhile, or -1 (top: 'q' quits). */
    int (*wait)(void *be, unsigned int ms);
};

/* One pvctl run: the backend and where its output goes. */
struct pvctl {
    const struct pvctl_ops *ops;
    void *be;
    /* Write @len bytes of @s to @stream (PVCTL_OUT or PVCTL_ERR). */
    void (*write)(void *wctx, int stream, const char *s, size_t len);
    void *wctx;
};

/*
 * pvctl_start_domain - the end of `pvctl create`, for a domain the backend
 * built paused from @cfg: vCPU affinity (within @online, a CPU bitmap),
 * weight and cap, then unpause. Returns NULL, or what failed with the
 * error in *@rc (the caller destroys the domain). dom0 restarts domains
 * (on_*=restart) through it.
 */
const char *pvctl_start_domain(struct pvctl *p, uint16_t domid,
                               const struct domain_config *cfg, uint64_t online,
                               int *rc);

/*
 * pvctl_main - run one command line: argv[0] is the command ("list"), as
 * after "pvctl". Returns PVCTL_OK, PVCTL_FAILED or PVCTL_USAGE.
 */
int pvctl_main(struct pvctl *p, int argc, char **argv);

#endif /* TOOLSTACK_PVCTL_H */
