/* SPDX-License-Identifier: MIT */
/*
 * pvisor's toolstack interface: domain control (hypercall 36, domctl) and
 * system control (hypercall 35, sysctl). These are pvisor's own, not Xen's
 * (only the hypercall numbers are shared): a Xen tool calling them gets
 * -EACCES from the version check. Only the privileged domain (dom0) may
 * call them (-EPERM otherwise).
 *
 * Every call passes one struct pvisor_domctl / pvisor_sysctl by address;
 * `interface_version` must equal PVISOR_DOMCTL_VERSION /
 * PVISOR_SYSCTL_VERSION; the result is the hypercall's return value and,
 * for commands with outputs, the fields written back into the structure.
 * docs/abi/toolstack.md documents every command, its arguments and errors.
 */
#ifndef PUBLIC_DOMCTL_H
#define PUBLIC_DOMCTL_H

#include "xen.h"

#define PVISOR_DOMCTL_VERSION   0x70760001  /* "pv" 1 */
#define PVISOR_SYSCTL_VERSION   0x70760001

/* Domain control commands (pvisor_domctl.cmd). */
#define PVISOR_DOMCTL_createdomain      1   /* out: domain */
#define PVISOR_DOMCTL_destroydomain     2
#define PVISOR_DOMCTL_pausedomain       3
#define PVISOR_DOMCTL_unpausedomain     4
#define PVISOR_DOMCTL_getdomaininfo     5   /* first domain >= domain */
#define PVISOR_DOMCTL_max_mem           6
#define PVISOR_DOMCTL_max_vcpus         7
#define PVISOR_DOMCTL_setvcpuaffinity   8
#define PVISOR_DOMCTL_getvcpuaffinity   9
#define PVISOR_DOMCTL_sched_set         10  /* weight, cap */
#define PVISOR_DOMCTL_sched_get         11
#define PVISOR_DOMCTL_shutdown          12  /* with a SHUTDOWN_* reason */
#define PVISOR_DOMCTL_setvcpucontext    13
#define PVISOR_DOMCTL_getvcpuinfo       14
#define PVISOR_DOMCTL_hypercall_init    15  /* fill a frame with hypercall stubs */

/* pvisor_domctl_info.flags */
#define PVISOR_DOMINF_dying     (1U << 0)   /* being destroyed */
#define PVISOR_DOMINF_shutdown  (1U << 1)   /* shut down (reason in shutdown_reason) */
#define PVISOR_DOMINF_paused    (1U << 2)   /* paused by the toolstack */
#define PVISOR_DOMINF_running   (1U << 3)   /* a vCPU runs on a CPU now */
#define PVISOR_DOMINF_blocked   (1U << 4)   /* every online vCPU is blocked */
#define PVISOR_DOMINF_privileged (1U << 5)  /* dom0 */

#define PVISOR_DOMAIN_NAME_MAX  64

#ifndef __ASSEMBLER__

/* createdomain: in max_vcpus, max_mem_kb, name; out domain (the new id). */
struct pvisor_domctl_create {
    uint32_t max_vcpus;                 /* 1..8 */
    uint32_t pad;
    uint64_t max_mem_kb;                /* its memory limit */
    char name[PVISOR_DOMAIN_NAME_MAX];  /* NUL-terminated */
};

/* getdomaininfo: out (for the first domain whose id >= domain). */
struct pvisor_domctl_info {
    uint16_t domain;                    /* the one described */
    uint16_t shutdown_reason;           /* SHUTDOWN_*, if flags has shutdown */
    uint32_t flags;                     /* PVISOR_DOMINF_* */
    uint64_t tot_pages;                 /* frames owned */
    uint64_t max_pages;
    uint64_t cpu_time;                  /* ns run by all its vCPUs */
    uint32_t nr_vcpus;
    uint32_t nr_online_vcpus;
    uint32_t weight;
    uint32_t cap;
    char name[PVISOR_DOMAIN_NAME_MAX];
    uint64_t shared_info_frame;         /* MFN of its shared_info (start_info) */
};

/* max_mem */
struct pvisor_domctl_max_mem {
    uint64_t max_mem_kb;
};

/* max_vcpus */
struct pvisor_domctl_max_vcpus {
    uint32_t max;
    uint32_t pad;
};

/* setvcpuaffinity / getvcpuaffinity: bit n = physical CPU n. */
struct pvisor_domctl_affinity {
    uint32_t vcpu;
    uint32_t pad;
    uint64_t cpumap;
};

/* sched_set / sched_get: the credit scheduler's parameters. */
struct pvisor_domctl_sched {
    uint32_t weight;                    /* 1..65535 (set: 0 = unchanged) */
    uint32_t cap;                       /* % of one CPU, 0 = none */
};

/* shutdown */
struct pvisor_domctl_shutdown {
    uint32_t reason;                    /* SHUTDOWN_* */
    uint32_t pad;
};

/* setvcpucontext: the context (struct vcpu_guest_context) at `ctxt`. */
struct pvisor_domctl_vcpucontext {
    uint32_t vcpu;
    uint32_t pad;
    uint64_t ctxt;                      /* guest address */
};

/* getvcpuinfo */
struct pvisor_domctl_vcpuinfo {
    uint32_t vcpu;                      /* in */
    uint8_t online;                     /* out */
    uint8_t blocked;
    uint8_t running;
    uint8_t pad;
    uint64_t cpu_time;                  /* ns in the running state */
    uint32_t cpu;                       /* CPU it runs or last ran on */
    uint32_t pad2;
};

/* hypercall_init: the frame (MFN, owned by the domain) to fill. */
struct pvisor_domctl_hypercall_init {
    uint64_t gmfn;
};

struct pvisor_domctl {
    uint32_t cmd;                       /* PVISOR_DOMCTL_* */
    uint32_t interface_version;         /* PVISOR_DOMCTL_VERSION */
    uint16_t domain;                    /* the domain acted on */
    uint16_t pad[3];
    union {
        struct pvisor_domctl_create create;
        struct pvisor_domctl_info info;
        struct pvisor_domctl_max_mem max_mem;
        struct pvisor_domctl_max_vcpus max_vcpus;
        struct pvisor_domctl_affinity affinity;
        struct pvisor_domctl_sched sched;
        struct pvisor_domctl_shutdown shutdown;
        struct pvisor_domctl_vcpucontext vcpucontext;
        struct pvisor_domctl_vcpuinfo vcpuinfo;
        struct pvisor_domctl_hypercall_init hypercall_init;
        uint8_t pad[128];
    } u;
};
PUBLIC_ASSERT_SIZE(struct pvisor_domctl, 144);

/* System control commands (pvisor_sysctl.cmd). */
#define PVISOR_SYSCTL_physinfo          1
#define PVISOR_SYSCTL_readconsole       2
#define PVISOR_SYSCTL_accounting        3   /* first domain >= domain */

/* physinfo: out. */
struct pvisor_sysctl_physinfo {
    uint32_t nr_cpus;                   /* online */
    uint32_t pad;
    uint64_t total_pages;               /* RAM frames the hypervisor tracks */
    uint64_t free_pages;                /* free now */
    uint64_t cpu_khz;                   /* TSC frequency */
    uint64_t scrub_pages;               /* of free_pages, not yet scrubbed */
};

/*
 * readconsole: copy the hypervisor's log ring into `buffer`. Offsets are
 * byte counts since boot. Without `incremental` the read starts at the
 * oldest byte still held (or the last clear); with it, at `index` (a byte
 * already overwritten is skipped). Out: `count` bytes written, `index` the
 * offset to continue from. `clear`: later non-incremental reads start
 * after what the ring holds now (pvctl dmesg -c).
 */
#define PVISOR_READCONSOLE_MAX  (1U << 20)  /* largest count accepted */
struct pvisor_sysctl_readconsole {
    uint8_t clear;                      /* 0 or 1 */
    uint8_t incremental;                /* 0 or 1 */
    uint16_t pad;                       /* 0 */
    uint32_t count;                     /* in: buffer size; out: bytes written */
    uint64_t index;                     /* in: start (incremental); out: next */
    uint64_t buffer;                    /* guest address, count bytes */
};
PUBLIC_ASSERT_SIZE(struct pvisor_sysctl_readconsole, 24);

/*
 * accounting: what one domain holds, and the machine-wide counts to compare
 * before and after (a leak shows as a count that does not come back).
 * in: domain; out: every field, for the first domain (live or dying) whose
 * id >= domain, which is written back into domain.
 */
struct pvisor_sysctl_accounting {
    uint16_t domain;                    /* in/out */
    uint16_t flags;                     /* PVISOR_DOMINF_dying or 0 */
    uint32_t nr_domains;                /* domains that exist, dying included */
    uint64_t free_pages;                /* the allocator's free frames */
    uint64_t hv_pages;                  /* allocated, owned by no domain: the
                                           hypervisor's own and orphaned grants */
    uint64_t owned_pages;               /* frames the domain owns (grant-table
                                           frames included, unlike tot_pages) */
    uint64_t pt_pages;                  /* ... of those: validated page tables */
    uint64_t desc_pages;                /* ... GDT/LDT pages in use */
    uint64_t writable_pages;            /* ... with writable mappings or uses */
    uint32_t grant_frames;              /* grant-table frames */
    uint32_t maptrack_frames;           /* maptrack frames (its mappings' records) */
    uint32_t maptrack_in_use;           /* grant mappings it holds (handles) */
    uint32_t grants_in_use;             /* its grants others have mapped or copy */
    uint32_t evtchn_ports;              /* ports in use (not free) */
    uint32_t timers_armed;              /* its vCPUs' armed timers */
    uint32_t nr_vcpus;
    uint32_t timers_total;              /* armed timers on every CPU */
};

struct pvisor_sysctl {
    uint32_t cmd;                       /* PVISOR_SYSCTL_* */
    uint32_t interface_version;         /* PVISOR_SYSCTL_VERSION */
    union {
        struct pvisor_sysctl_physinfo physinfo;
        struct pvisor_sysctl_readconsole readconsole;
        struct pvisor_sysctl_accounting accounting;
        uint8_t pad[128];
    } u;
};
PUBLIC_ASSERT_SIZE(struct pvisor_sysctl_accounting, 88);
PUBLIC_ASSERT_SIZE(struct pvisor_sysctl, 136);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_DOMCTL_H */
