/* SPDX-License-Identifier: MIT */
/*
 * A fake pvctl backend for the unit tests: a table of domains that the
 * operations act on as the hypervisor would, a log of the calls that
 * changed something, and errors injected into any one operation.
 */
#ifndef UNIT_PVCTL_FAKE_H
#define UNIT_PVCTL_FAKE_H

#include "../../../toolstack/pvctl/pvctl.h"

#define FAKE_DOMAINS    16

enum fake_op {
    OP_NONE, OP_GETDOMAININFO, OP_PAUSE, OP_UNPAUSE, OP_DESTROY, OP_SHUTDOWN,
    OP_MAX_MEM, OP_GETVCPUINFO, OP_GETAFFINITY, OP_SETAFFINITY, OP_SCHED_GET,
    OP_SCHED_SET, OP_PHYSINFO, OP_VERSION, OP_READCONSOLE, OP_CREATE,
    OP_CONSOLE, OP_READ_FILE, OP_NR
};

struct fake_domain {
    int used;
    struct pvisor_domctl_info info;
    uint64_t affinity[8];
};

struct fake {
    struct fake_domain dom[FAKE_DOMAINS];
    struct pvisor_sysctl_physinfo phys;
    char log[2048];             /* "pause(3) unpause(3) " ... */
    char console[256];          /* the hypervisor log */
    enum fake_op fail_op;       /* this operation fails ... */
    int fail_rc;                /* ... with this error ... */
    int fail_call;              /* ... on this call of it (0: every call) */
    int calls[OP_NR];
    int shutdown_destroys;      /* shutdown removes the domain at once */
    int key;                    /* what wait() returns */
    uint64_t now;
};

extern struct fake fake;
extern const struct pvctl_ops fake_ops;

/* fake_reset - the standard world: Domain-0, web (1), db (3). */
void fake_reset(void);

#endif /* UNIT_PVCTL_FAKE_H */
