/* SPDX-License-Identifier: MIT */
/*
 * guest-mm-scrub: a new domain's memory is zero, even where another domain
 * wrote before it was destroyed (issue 7: frames are scrubbed when freed,
 * by the idle loop or by the allocation that needs them, never handed out
 * holding another domain's data).
 *
 * dom0 (this guest) creates domain A (4 MiB) and populates 768 frames: 256
 * single frames and one 2 MiB extent. It maps each (mmu_update of a window
 * entry with foreigndom = A, as the toolstack does), checks it reads zero
 * and fills it with a pattern. It destroys A, waits until A is gone and
 * the hypervisor has scrubbed what it freed (physinfo scrub_pages 0), then
 * does the same with domain B, without waiting for anything.
 *
 * Correct: every frame of A and of B reads all zero when first mapped,
 * and B got some of A's frames (else the reuse was not tested); free
 * memory is back at the start afterwards.
 * pvisor only (its own toolstack calls).
 */
#include <public/domctl.h>
#include <public/errno.h>
#include <public/memory.h>

#include "pt.h"
#include "test.h"

TEST_TITLE("a new domain's frames are zero, though a destroyed one filled them");

#define SINGLES     256
#define EXTENT      9                   /* one 2 MiB extent */
#define FRAMES      (SINGLES + (1 << EXTENT))
#define PATTERN     0xa5a5a5a5a5a5a5a5ULL

static uint8_t *win;
static uint64_t win_l1e;
static uint64_t mfns_a[FRAMES], mfns_b[FRAMES];

static long domctl(struct pvisor_domctl *op)
{
    op->interface_version = PVISOR_DOMCTL_VERSION;
    return hypercall1(__HYPERVISOR_domctl, op);
}

static struct pvisor_sysctl_physinfo physinfo(void)
{
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_physinfo,
                                .interface_version = PVISOR_SYSCTL_VERSION };

    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &op), 0, "physinfo");
    return op.u.physinfo;
}

/* populate_physmap of @n extents of 2^@order frames from PFN @pfn into @ext. */
static long populate(uint16_t dom, uint64_t *ext, uint64_t n, unsigned int order,
                     uint64_t pfn)
{
    struct xen_memory_reservation r = { .extent_start = (uint64_t)(uintptr_t)ext,
                                        .nr_extents = n, .extent_order = order,
                                        .domid = dom };

    for (uint64_t i = 0; i < n; i++)
        ext[i] = pfn + (i << order);
    return hypercall2(__HYPERVISOR_memory_op, XENMEM_populate_physmap, &r);
}

/* Map frame @mfn of @dom at the window; false if refused. */
static bool map(uint16_t dom, uint64_t mfn)
{
    struct mmu_update u = { win_l1e, (mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D };

    return HYPERVISOR_mmu_update(&u, 1, NULL, dom) == 0;
}

static void unmap(void)
{
    struct mmu_update u = { win_l1e, 0 };

    CHECK_EQ(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF), 0, "unmap the window");
    pt_invlpg((uint64_t)(uintptr_t)win);
}

/*
 * A new domain named @name with FRAMES frames: each must read zero, then
 * holds the pattern. Returns its id; its MFNs in @mfns.
 */
static uint16_t fill_new_domain(const char *name, uint64_t *mfns)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_createdomain,
                                .u.create = { .max_vcpus = 1, .max_mem_kb = 4096 } };
    unsigned int nonzero = 0;
    uint64_t big;

    memcpy(op.u.create.name, name, strlen(name) + 1);
    CHECK_EQ(domctl(&op), 0, "createdomain");
    CHECK_EQ(populate(op.domain, mfns, SINGLES, 0, 0), SINGLES, "populate single frames");
    CHECK_EQ(populate(op.domain, &big, 1, EXTENT, SINGLES), 1, "populate a 2 MiB extent");
    CHECK_EQ(big & ((1 << EXTENT) - 1), 0, "the extent is 2 MiB aligned");
    for (unsigned int i = 0; i < (1u << EXTENT); i++)
        mfns[SINGLES + i] = big + i;
    for (unsigned int i = 0; i < FRAMES; i++) {
        uint64_t *p = (uint64_t *)win;
        bool zero = true;

        if (!map(op.domain, mfns[i])) {
            CHECK(false, "%s: map frame %#llx", name, (unsigned long long)mfns[i]);
            break;
        }
        for (unsigned int k = 0; k < 512; k++) {
            zero = zero && !p[k];
            p[k] = PATTERN;
        }
        if (!zero && nonzero++ < 4)
            printf("%s: frame %#llx is not zero\n", name, (unsigned long long)mfns[i]);
        unmap();
    }
    CHECK_EQ(nonzero, 0, "frames of a new domain not zero");
    printf("%s: d%u, %u frames, each zero, then filled\n", name, op.domain, FRAMES);
    return op.domain;
}

static void destroy(uint16_t id)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_destroydomain, .domain = id };
    uint64_t spins = 0;

    CHECK_EQ(domctl(&op), 0, "destroydomain");
    for (;;) {
        op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = id };
        if (domctl(&op) != 0 || op.domain != id || ++spins > 100000000)
            break;
    }
    CHECK(spins <= 100000000, "d%u never went", id);
}

void test_main(void)
{
    uint64_t before, spins = 0;
    unsigned int reused = 0;
    uint16_t a, b;

    win = pt_take_window();
    win_l1e = pt_entry_ma(pt_boot_l4(), (uint64_t)(uintptr_t)win, 1);
    before = physinfo().free_pages;

    a = fill_new_domain("a", mfns_a);
    destroy(a);
    /* The idle CPU scrubs A's frames; then they are the last freed. */
    while (physinfo().scrub_pages && ++spins < 100000000)
        ;
    CHECK_EQ(physinfo().scrub_pages, 0, "everything scrubbed");
    b = fill_new_domain("b", mfns_b);
    for (unsigned int i = 0; i < FRAMES; i++)
        for (unsigned int k = 0; k < FRAMES; k++)
            if (mfns_b[i] == mfns_a[k]) {
                reused++;
                break;
            }
    printf("b: %u of its %u frames were a's\n", reused, FRAMES);
    CHECK(reused > 0, "b got none of a's frames: reuse not tested");
    destroy(b);
    CHECK_EQ(physinfo().free_pages, before, "free frames back");
}
