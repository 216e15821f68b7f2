/* SPDX-License-Identifier: MIT */
/*
 * The PV domain builder: create a domain from a checked configuration and
 * a PV kernel ELF, and leave it paused and ready to run, the way Xen's
 * toolstack (libxenguest's xc_dom_*) builds an x86-64 PV guest.
 *
 * Portable ISO C: it reaches the hypervisor only through struct build_ops
 * (hypercalls as a PV kernel makes them, and foreign mappings), so dom0
 * links it against newlib and the unit test against a fake hypervisor.
 * docs/toolstack.md ("The domain builder") gives the start-of-day layout.
 */
#ifndef TOOLSTACK_BUILD_H
#define TOOLSTACK_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct build_ops {
    /*
     * A hypercall as from a PV kernel: returns its result (negative
     * XEN_E*). Pointer arguments are in the caller's address space.
     */
    long (*hypercall)(void *h, unsigned int nr, unsigned long a1, unsigned long a2,
                      unsigned long a3, unsigned long a4, unsigned long a5);
    /*
     * Map @n machine frames @mfns of domain @domid (owned by it), writable
     * and contiguous, into the caller; NULL on failure. The builder maps
     * at most map_max frames at once, one window at a time: it unmaps each
     * before it maps the next, so nothing of the new domain is mapped in
     * the caller when it pins the page tables.
     */
    void *(*map_foreign)(void *h, uint16_t domid, const uint64_t *mfns, unsigned int n);
    void (*unmap_foreign)(void *h, void *va, unsigned int n);
    /* Added: the most frames map_foreign takes at once (0: BUILD_MAP_MAX). */
    unsigned int map_max;
};

/* The most frames the builder asks map_foreign for at once. */
#define BUILD_MAP_MAX   64

struct build_args {
    const struct domain_config *cfg;    /* toolstack/lib/config.h, defaults applied */
    const char *kernel_path, *ramdisk_path;     /* for messages */
    const void *kernel;
    size_t kernel_len;
    const void *ramdisk;                /* NULL/0: none */
    size_t ramdisk_len;
    uint16_t console_backend;           /* domain that serves the console (0) */
};

struct build_result {
    uint16_t domid;
    uint64_t console_mfn;               /* console ring frame (xencons_interface) */
    uint32_t console_port;              /* the new domain's port, unbound for console_backend */
    uint64_t nr_pages;
    /* Added beyond the brief: where things landed, for messages and tests. */
    uint64_t virt_base;                 /* the region's first VA */
    uint64_t entry;                     /* RIP at start */
    uint64_t start_info;                /* its VA (RSI at start) */
    uint64_t l4_mfn;                    /* the bootstrap L4 (pinned, CR3) */
};

/*
 * build_pv_domain - create the domain from @a->cfg (name, memory, maxmem,
 * vcpus) and build it from @a->kernel (and @a->ramdisk), leaving it paused
 * with vCPU 0's context set; the caller sets affinity, weight and cap and
 * unpauses it.
 * @ops, @h: the hypervisor, as seen by the caller (dom0).
 * @r: out, on success: the domain, its console ring and port, its pages.
 * @err, @errlen: out, on failure: one line naming the file and the problem
 * ("web.elf: not an ELF file (bad magic)").
 * Returns 0; on failure destroys what it created and returns a negative
 * XEN_E*: -XEN_ENOEXEC a malformed or hostile image, -XEN_ENOMEM the image
 * does not fit the memory asked, or the hypervisor's error for the call
 * that failed (-XEN_ENOSPC no free domain id, ...). -XEN_EINVAL a bad
 * argument (no config, no kernel).
 */
int build_pv_domain(const struct build_ops *ops, void *h, const struct build_args *a,
                    struct build_result *r, char *err, size_t errlen);

#endif /* TOOLSTACK_BUILD_H */
