/* SPDX-License-Identifier: MIT */
/*
 * A fake hypervisor for the domain builder's unit test: machine frames in
 * host memory and the hypercalls build.c makes (createdomain,
 * getdomaininfo, destroydomain, populate_physmap, alloc_unbound,
 * hypercall_init, pin L4 with foreigndom, setvcpucontext), each checked as
 * pvisor checks it, plus foreign maps. Any call can be made to fail.
 */
#ifndef UNIT_BUILD_FAKE_H
#define UNIT_BUILD_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#include <public/xen.h>

#include "build.h"

#define FAKE_FRAMES     4096            /* 16 MiB of machine memory */
#define FAKE_MFN0       0x5000          /* MFNs start here: never equal to PFNs */
#define FAKE_DOMAINS    4
#define FAKE_FREE       0xffff          /* owner of a free frame */
#define FAKE_HCALL_BYTE 0xcc            /* what hypercall_init fills with */

struct fake_domain {
    bool exists;
    char name[64];
    uint64_t max_pages, tot_pages;
    uint32_t max_vcpus;
    bool paused;
    uint64_t shared_info_mfn;
    uint32_t console_port, console_remote;      /* 0: no port allocated */
    uint64_t pinned_l4;                 /* 0: none */
    uint64_t hypercall_page;            /* MFN filled, 0: none */
    bool has_ctxt;
    struct vcpu_guest_context ctxt;
};

struct fake {
    uint8_t (*mem)[4096];               /* FAKE_FRAMES frames */
    uint16_t owner[FAKE_FRAMES];
    unsigned int mapped[FAKE_FRAMES];   /* foreign maps outstanding */
    uint64_t limit;                     /* frames populate may still hand out */
    bool no_extents;                    /* populate refuses orders above 0 */
    unsigned int extent_calls;          /* populate calls with an order above 0 */
    struct fake_domain dom[FAKE_DOMAINS];
    unsigned int maps, max_map_n;       /* map_foreign calls, largest n */
    /* Fail the call: hypercall number and sub-command (or map_foreign: nr 0). */
    unsigned int fail_nr, fail_cmd, fail_at;    /* fail_at: the n-th such call */
    unsigned int fail_count;
    long fail_rc;
};

extern const struct build_ops fake_ops;

void fake_init(struct fake *f);
void fake_fini(struct fake *f);

/* The frame @mfn's bytes, or NULL if it is not a fake frame. */
uint8_t *fake_frame(struct fake *f, uint64_t mfn);

/* Frames owned by anyone, outstanding maps, live domains: all zero after a clean failure. */
unsigned int fake_frames_used(const struct fake *f);
unsigned int fake_maps_outstanding(const struct fake *f);
unsigned int fake_domains(const struct fake *f);

#endif /* UNIT_BUILD_FAKE_H */
