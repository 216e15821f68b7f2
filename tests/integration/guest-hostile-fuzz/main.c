/* SPDX-License-Identifier: MIT */
/*
 * guest-hostile-fuzz: the hostile guest of the hostile run (issue 8 item 1).
 * Booted beside guest-hostile-victim by tests/integration/hostile-run (and
 * by `make soak`); not a test on its own.
 *
 * It issues seeded, reproducible random and structured-random hypercalls:
 * every number 0..63 and beyond (through a raw `syscall`, so RAX may be
 * any 64-bit value), sub-ops in and out of range, arguments drawn from
 * interesting values (0, -1, boundaries, hypervisor addresses, its own page
 * tables and start_info, MFNs of its own frames and of the victim's frames
 * found in the read-only M2P, unaligned and overlapping buffers, huge
 * counts). gen.c-style builders know each hypercall's argument layout.
 *
 * Command line: seed=N calls=N every=N trace=K victim=D port=P
 *   seed   the generator's seed (default: from the TSC); printed first.
 *   calls  how many hypercalls (default 10000).
 *   every  print every Nth call before it is made (default 1000).
 *   trace  print every call from number K on, before it is made: a
 *          hypervisor crash then names the call that caused it. A run is
 *          reproduced by the same seed (one vCPU: the sequence depends only
 *          on the seed and on the hypervisor's answers).
 *   victim, port  the victim domain and the port it offers for "done".
 *
 * It avoids killing itself on purpose: no SCHEDOP_shutdown/block, no
 * VCPUOP_down/up of its own vCPUs, no iret, no NEW_BASEPTR to a table of
 * random content, and writes through pointers or PTE addresses only where
 * its own code, data and live mappings are not; a replaced trap table or
 * callback is put back after the call. Its own exceptions end it with a
 * "hostile: died" line, the call ring and SHUTDOWN_crash.
 *
 * Isolation oracle, besides the victim's checksum: a successful domctl,
 * memory_op/event-channel/grant operation on the victim's domain id, a
 * mapping of a victim frame in the fuzz page tables, a successful COPY_PAGE
 * from a victim frame, or a victim M2P entry changed are reported as
 * "hostile: ISOLATION: ..." and make the result FAILURE.
 *
 * At the end it prints the ring of the last calls, "hostile: survived N
 * calls", signals the victim over the event channel and ends with SUCCESS.
 */
#include <public/callback.h>
#include <public/domctl.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>

#include "evtchn.h"
#include "pt.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("hostile guest: seeded random hypercalls");

#define FUZZ_PAGES      8
#define FUZZ_BYTES      (FUZZ_PAGES * GUEST_PAGE_SIZE)
#define NR_SCRATCH      48
#define MAX_FOREIGN     32768
#define MAX_MFNS        (1u << 20)          /* own-frame bitmap: 4 GiB of RAM */
#define RING            16
#define FUZZ_VA         0x0000008000000000ULL   /* L4 slot 1: the fuzz tree */
#define HV_M2P_RO       0xffff800000000000ULL
#define HV_M2P_RW       0xffff808000000000ULL
#define HV_IMAGE        0xffff828000000000ULL
#define HV_DIRECTMAP    0xffff830000000000ULL

/* The buffer the hypervisor reads and writes; the page after it unmapped. */
static uint8_t fuzzbuf[FUZZ_BYTES + GUEST_PAGE_SIZE] __aligned(GUEST_PAGE_SIZE);
static unsigned int fuzz_off;   /* bump allocator of one call */

/* Copies of start_info and the p2m, so the originals are fair targets. */
static struct start_info si_copy;
static uint64_t p2m_copy[16384];
static uint64_t si_orig_va, si_orig_mfn, p2m_orig_va;

static uint64_t own_map[MAX_MFNS / 64];
static uint64_t foreign[MAX_FOREIGN], foreign_m2p[MAX_FOREIGN];
static unsigned int nr_foreign;
static uint64_t foreign_map[MAX_MFNS / 64];
static uint64_t scratch[NR_SCRATCH];
static uint64_t max_mfn, boot_l4, pt_first_pfn, fz_l1, fz_l2, fz_l3;
static const volatile uint64_t *fz_l1_view;
static uint64_t vi_frame;       /* the only own frame for a vcpu_info */
static uint8_t *vi_page;
static domid_t self_id = 2, victim_id = 1;
static evtchn_port_t victim_port = 1;

struct call {
    uint64_t idx, nr, a[5];
    long rc;
};

static struct call ring[RING];
static uint64_t calls_done, calls_wanted = 10000, every = 1000, trace_from = ~0ULL;
static uint64_t seed, rng;
static unsigned int isolation_failures;
static bool need_repair;
/* Per hypercall number below 64: calls made and calls that returned >= 0. */
static uint32_t tally_calls[64], tally_ok[64];

/* ---- Random numbers: splitmix64, reproducible from the seed. ---- */

static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

static bool chance(unsigned int pct)
{
    return below(100) < pct;
}

static bool bit_test(const uint64_t *map, uint64_t mfn)
{
    return mfn < MAX_MFNS && (map[mfn / 64] >> (mfn % 64)) & 1;
}

static void bit_set(uint64_t *map, uint64_t mfn)
{
    if (mfn < MAX_MFNS)
        map[mfn / 64] |= 1ULL << (mfn % 64);
}

/* ---- Interesting values. ---- */

static const uint64_t boundary[] = {
    0, 1, 2, 7, 8, 15, 16, 63, 64, 127, 128, 255, 256, 511, 512, 513, 4095,
    4096, 4097, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
    ~0ULL, ~0ULL - 1, 0xfffffffffffff000ULL, 0x000ffffffffff000ULL,
};

static uint64_t pick_boundary(void)
{
    return boundary[below(sizeof(boundary) / sizeof(boundary[0]))];
}

static uint64_t fuzzbuf_mfn(void)
{
    return p2m_copy[((uint64_t)(uintptr_t)fuzzbuf - GUEST_VIRT_BASE) / GUEST_PAGE_SIZE +
                    below(FUZZ_PAGES)];
}

/*
 * pick_mfn - a frame number. @pt: may it be one of the live bootstrap page
 * tables (only where the hypervisor must refuse writes to it)?
 */
static uint64_t pick_mfn(bool pt)
{
    unsigned int r = (unsigned int)below(100);

    if (r < 30)
        return scratch[below(NR_SCRATCH)];
    if (r < 38)
        return fuzzbuf_mfn();
    if (r < 44 && pt)
        return p2m_copy[pt_first_pfn + below(si_copy.nr_pt_frames)];
    if (r < 48) {
        uint64_t t[] = { fz_l1, fz_l2, fz_l3, si_orig_mfn, start_info->shared_info >> 12 };
        return t[below(5)];
    }
    if (r < 70 && nr_foreign)
        return foreign[below(nr_foreign)];
    if (r < 80) {
        uint64_t t[] = { 0, 1, max_mfn - 1, max_mfn, max_mfn + 1, ~0ULL,
                         1ULL << 40, (1ULL << 40) - 1, 0x80000000, 0xfffffffffULL };
        return t[below(10)];
    }
    if (r < 90)
        return below(0x1000);      /* low memory, the hypervisor image */
    return chance(50) ? below(max_mfn + 16) : rnd();
}

/* pick_ma - a machine address in a frame from pick_mfn. */
static uint64_t pick_ma(bool pt)
{
    uint64_t off = chance(70) ? below(512) * 8 : below(4096);

    return (pick_mfn(pt) << 12) | off;
}

/*
 * pick_pte_ptr - the machine address of a page-table entry to write: the
 * fuzz tree's tables, L4 slots other than our own image's (511) and,
 * rarely, the fuzz tree's (1), or any machine address outside our live
 * tables.
 */
static uint64_t pick_pte_ptr(void)
{
    unsigned int r = (unsigned int)below(100);
    uint64_t slot;

    if (r < 30)
        return (fz_l1 << 12) + below(512) * 8;
    if (r < 38)
        return (fz_l2 << 12) + below(512) * 8;
    if (r < 42)
        return (fz_l3 << 12) + below(512) * 8;
    if (r < 55) {
        do
            slot = below(511);
        while (slot == 1 && chance(90));
        return (boot_l4 << 12) + slot * 8;
    }
    return pick_ma(false);
}

/*
 * pick_pte_val - a page-table entry: some frame with random flags. @pt:
 * may the frame be one of our live bootstrap tables? Only for L1 entries
 * (a read-only mapping of a page table is legal; writable must be
 * refused): a higher-level entry would share our live tables into the
 * fuzz tree, where the next update_va_mapping unmaps our own code.
 */
static uint64_t pick_pte_val_pt(bool pt)
{
    static const uint64_t flags[] = { PTE_P, PTE_RW, PTE_US, PTE_PWT, PTE_PCD,
                                      PTE_A, PTE_D, PTE_PSE, PTE_G, PTE_NX,
                                      PTE_GUEST_KERNEL, 1ULL << 9, 1ULL << 51,
                                      1ULL << 62 };
    uint64_t v;

    if (chance(8))
        return chance(50) ? 0 : pick_boundary();
    if (chance(5))  /* A recursive entry: the L4 itself (refused below L4). */
        return (boot_l4 << 12) | PTE_P | PTE_A | (chance(30) ? PTE_RW : 0);
    v = pick_mfn(pt) << 12;
    v |= chance(85) ? PTE_P : 0;
    v |= chance(50) ? PTE_RW : 0;
    v |= chance(60) ? PTE_A : 0;
    for (unsigned int i = 0; i < 3; i++)
        if (chance(25))
            v |= flags[below(sizeof(flags) / sizeof(flags[0]))];
    return v;
}

static uint64_t pick_pte_val(void)
{
    return pick_pte_val_pt(false);
}

/* pick_va - an address to map something at (never our image or windows). */
static uint64_t pick_va(void)
{
    unsigned int r = (unsigned int)below(100);

    if (r < 60)
        return FUZZ_VA + below(512) * 4096 + (chance(5) ? below(4096) : 0);
    if (r < 68)
        return FUZZ_VA + below(1ULL << 39);
    if (r < 74)
        return below(16) * 4096;
    if (r < 80)
        return HV_M2P_RO + below(1ULL << 30);
    if (r < 84 && nr_foreign)
        return HV_DIRECTMAP + (foreign[below(nr_foreign)] << 12);
    if (r < 88)
        return HV_IMAGE + below(1ULL << 21);
    if (r < 92)
        return 0x0000800000000000ULL + below(1ULL << 20) * 4096;   /* non-canonical */
    return chance(50) ? pick_boundary() : rnd();
}

/*
 * pick_ptr - a pointer the hypervisor will read or write: mostly into
 * fuzzbuf (any alignment, near the unmapped page after it), else the
 * original start_info, our page tables, shared_info, hypervisor ranges,
 * the direct map of a victim frame, non-canonical and wild values.
 */
static uint64_t pick_ptr(void)
{
    unsigned int r = (unsigned int)below(100);
    uint64_t base = (uint64_t)(uintptr_t)fuzzbuf;

    if (r < 60)
        return base + below(FUZZ_BYTES) / (chance(80) ? 8 : 1) * (chance(80) ? 8 : 1) %
                          FUZZ_BYTES;
    if (r < 64)
        return base + FUZZ_BYTES - 1 - below(64);
    if (r < 67)
        return si_orig_va + below(4096);
    if (r < 69)
        return p2m_orig_va + below(4096);
    if (r < 71)
        return start_info->pt_base + below(4096);
    if (r < 75)
        return HV_M2P_RO + below(1ULL << 21) * 8;
    if (r < 77)
        return HV_M2P_RW + below(1ULL << 21) * 8;
    if (r < 81 && nr_foreign)
        return HV_DIRECTMAP + (foreign[below(nr_foreign)] << 12) + below(4096);
    if (r < 83)
        return HV_IMAGE + below(1ULL << 22);
    if (r < 86)
        return below(4096);
    if (r < 89)
        return 0x0000800000000000ULL - below(64);
    if (r < 93)
        return FUZZ_VA + below(512) * 4096;
    return chance(50) ? pick_boundary() : rnd();
}

/*
 * hostile_now - system time from the TSC and the pvclock scale read once at
 * setup: calls may move or overwrite our vcpu_info (a time version left
 * odd would make pvclock_now() spin for good).
 */
static uint64_t clock_tsc0, clock_ns0, clock_mul;
static int8_t clock_shift;

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static void clock_init(void)
{
    const struct vcpu_time_info *t = &evtchn_vcpu()->time;

    clock_ns0 = pvclock_now();
    clock_tsc0 = rdtsc();
    clock_mul = t->tsc_to_system_mul;
    clock_shift = t->tsc_shift;
}

static uint64_t hostile_now(void)
{
    uint64_t delta = rdtsc() - clock_tsc0;

    if (clock_shift < 0)
        delta >>= -clock_shift;
    else
        delta <<= clock_shift;
    return clock_ns0 + (uint64_t)(((unsigned __int128)delta * clock_mul) >> 32);
}

static uint64_t pick_count(void)
{
    unsigned int r = (unsigned int)below(100);

    if (r < 60)
        return below(5);
    if (r < 75)
        return below(64);
    return pick_boundary();
}

static domid_t pick_domid(void)
{
    static const domid_t t[] = { DOMID_SELF, DOMID_SELF, 0, 1, 2, 3, 4, 0x7fef,
                                 DOMID_IO, DOMID_XEN, DOMID_COW, DOMID_INVALID,
                                 0x7ff5, DOMID_IDLE, 0xffff };

    if (chance(30))
        return victim_id;
    return chance(95) ? t[below(sizeof(t) / sizeof(t[0]))] : (domid_t)rnd();
}

/* pick_word - any of the above, for fields the builders do not know. */
static uint64_t pick_word(void)
{
    switch (below(9)) {
    case 0: return pick_boundary();
    case 1: return pick_mfn(true);
    case 2: return pick_ma(false);
    case 3: return pick_ptr();
    case 4: return pick_count();
    case 5: return pick_domid();
    case 6: return pick_pte_val();
    case 7: return below(8) | (uint64_t)below(8) << 32;
    default: return rnd();
    }
}

/* ---- fuzzbuf: one bump allocation per structure, overlaps allowed. ---- */

static void *fz_alloc(unsigned int len)
{
    unsigned int off;

    if (len > FUZZ_BYTES)
        len = FUZZ_BYTES;
    if (chance(5)) {                     /* overlap an earlier structure */
        off = (unsigned int)below(FUZZ_BYTES - len + 1);
    } else {
        if (fuzz_off + len > FUZZ_BYTES)
            fuzz_off = 0;
        off = fuzz_off;
        fuzz_off += (len + 7) & ~7u;
    }
    if (chance(3) && off + len < FUZZ_BYTES)    /* unaligned */
        off += 1 + (unsigned int)below(7);
    if (chance(3))                              /* across the unmapped page */
        off = FUZZ_BYTES - (unsigned int)below(len + 1);
    return fuzzbuf + off;
}

/* A structure of @len bytes of random words; returns its address. */
static uint64_t fz_words(unsigned int len)
{
    uint8_t *p = fz_alloc(len);

    for (unsigned int i = 0; i + 8 <= len && p + i + 8 <= fuzzbuf + FUZZ_BYTES; i += 8) {
        uint64_t w = pick_word();

        memcpy(p + i, &w, 8);
    }
    return (uint64_t)(uintptr_t)p;
}

/* A typed structure in fuzzbuf, or a wild pointer now and then. */
#define FZ_NEW(type, var)                                                       \
    type *var = (type *)(uintptr_t)fz_words(sizeof(type));                     \
    if ((uint8_t *)(var + 1) > fuzzbuf + FUZZ_BYTES)                            \
        var = (type *)(uintptr_t)(fuzzbuf + FUZZ_BYTES - sizeof(type) - below(8))

static uint64_t maybe_wild(uint64_t p)
{
    return chance(8) ? pick_ptr() : p;
}

/* ---- The builders: one per hypercall, each fills c->a[]. ---- */

static bool in_buf(uint64_t p, unsigned int len)
{
    uint64_t b = (uint64_t)(uintptr_t)fuzzbuf;

    /* p - b, not p + len: a wild p near 2^64 must not wrap into the buffer. */
    return p >= b && p - b <= FUZZ_BYTES && len <= FUZZ_BYTES - (p - b);
}


static void gen_call(struct call *c, unsigned int depth);

static void gen_mmu_update(struct call *c)
{
    unsigned int n = (unsigned int)(chance(85) ? 1 + below(8) : pick_count());
    unsigned int room = n > 256 ? 256 : n;
    struct mmu_update *u = fz_alloc(room * sizeof(*u));

    for (unsigned int i = 0; i < room && (uint8_t *)(u + i + 1) <= fuzzbuf + FUZZ_BYTES; i++) {
        unsigned int cmd = chance(80) ? MMU_NORMAL_PT_UPDATE : (unsigned int)below(4);

        if (cmd == MMU_MACHPHYS_UPDATE)
            u[i].ptr = (pick_mfn(true) << 12) | cmd;
        else
            u[i].ptr = (pick_pte_ptr() & ~3ULL) | cmd;
        u[i].val = cmd == MMU_MACHPHYS_UPDATE ? pick_word()
                   : pick_pte_val_pt((u[i].ptr >> 12) == fz_l1);
        /* Recursive entries only in L4 slots other than the fuzz tree's. */
        if (PTE_MFN(u[i].val) == boot_l4 &&
            ((u[i].ptr >> 12) != boot_l4 || (u[i].ptr & 0xff8) == 8))
            u[i].val = 0;
    }
    c->a[0] = maybe_wild((uint64_t)(uintptr_t)u);
    c->a[1] = n;
    c->a[2] = chance(50) ? 0 : pick_ptr();
    c->a[3] = chance(80) ? DOMID_SELF : pick_domid();
}

static void gen_mmuext(struct call *c)
{
    unsigned int n = (unsigned int)(chance(85) ? 1 + below(4) : pick_count());
    unsigned int room = n > 128 ? 128 : n;
    struct mmuext_op *op = fz_alloc(room * sizeof(*op));

    for (unsigned int i = 0; i < room && (uint8_t *)(op + i + 1) <= fuzzbuf + FUZZ_BYTES; i++) {
        unsigned int cmd = chance(90) ? (unsigned int)below(21) : (unsigned int)pick_word();

        op[i].cmd = cmd;
        op[i].arg1.mfn = pick_mfn(true);
        op[i].arg2.src_mfn = pick_word();
        switch (cmd) {
        case MMUEXT_NEW_BASEPTR:
            /* Only our own L4 or frames that must be refused. */
            op[i].arg1.mfn = chance(50) ? boot_l4
                             : nr_foreign ? foreign[below(nr_foreign)] : max_mfn + 1;
            break;
        case MMUEXT_NEW_USER_BASEPTR:
            /*
             * Not our kernel L4: with m2p_strict that removes the M2P from
             * it (as on Xen) and our M2P checks would fault.
             */
            if (op[i].arg1.mfn == boot_l4)
                op[i].arg1.mfn = scratch[below(NR_SCRATCH)];
            break;
        case MMUEXT_CLEAR_PAGE:
        case MMUEXT_COPY_PAGE:
            op[i].arg1.mfn = pick_mfn(false);
            op[i].arg2.src_mfn = pick_mfn(true);
            break;
        case MMUEXT_INVLPG_LOCAL:
        case MMUEXT_INVLPG_ALL:
        case MMUEXT_INVLPG_MULTI:
        case MMUEXT_SET_LDT:
            op[i].arg1.linear_addr = chance(50) ? pick_va() : pick_ptr();
            if (cmd == MMUEXT_SET_LDT)
                op[i].arg2.nr_ents = (uint32_t)pick_count();
            else if (cmd == MMUEXT_INVLPG_MULTI)
                op[i].arg2.vcpumask = pick_ptr();
            break;
        case MMUEXT_TLB_FLUSH_MULTI:
            op[i].arg2.vcpumask = pick_ptr();
            break;
        }
    }
    c->a[0] = maybe_wild((uint64_t)(uintptr_t)op);
    c->a[1] = n;
    c->a[2] = chance(50) ? 0 : pick_ptr();
    c->a[3] = chance(80) ? DOMID_SELF : pick_domid();
}

static void gen_memory_op(struct call *c)
{
    unsigned int cmd = chance(85) ? (unsigned int)below(30) : (unsigned int)pick_word();

    c->a[0] = cmd;
    if (cmd == XENMEM_increase_reservation || cmd == XENMEM_decrease_reservation ||
        cmd == XENMEM_populate_physmap) {
        FZ_NEW(struct xen_memory_reservation, r);
        unsigned int n = (unsigned int)(chance(80) ? 1 + below(4) : pick_count());
        uint64_t *list = fz_alloc(8 * (n > 64 ? 64 : n));

        for (unsigned int i = 0; i < n && i < 64 && (uint8_t *)(list + i + 1) <=
                                 fuzzbuf + FUZZ_BYTES; i++)
            list[i] = pick_mfn(false);
        r->extent_start = maybe_wild((uint64_t)(uintptr_t)list);
        r->nr_extents = n;
        r->extent_order = chance(80) ? 0 : (uint32_t)pick_boundary();
        r->mem_flags = chance(80) ? 0 : (uint32_t)rnd();
        r->domid = chance(60) ? DOMID_SELF : pick_domid();
        c->a[1] = maybe_wild((uint64_t)(uintptr_t)r);
    } else {
        c->a[1] = chance(80) ? fz_words(64) : pick_ptr();
    }
}

static void gen_multicall(struct call *c, unsigned int depth)
{
    unsigned int n = (unsigned int)(chance(90) ? 1 + below(6) : pick_count());
    unsigned int room = n > 32 ? 32 : n;
    struct multicall_entry *e = fz_alloc(room * sizeof(*e));

    for (unsigned int i = 0; i < room && (uint8_t *)(e + i + 1) <= fuzzbuf + FUZZ_BYTES; i++) {
        struct call sub;

        gen_call(&sub, depth + 1);
        e[i].op = sub.nr;
        e[i].result = rnd();
        for (unsigned int j = 0; j < 5; j++)
            e[i].args[j] = sub.a[j];
        e[i].args[5] = rnd();
    }
    c->a[0] = maybe_wild((uint64_t)(uintptr_t)e);
    c->a[1] = n;
    /*
     * A wild list in fuzzbuf holds unsanitised arguments: none of the calls
     * that could end or unmap us (iret, shutdown, page-table writes).
     */
    for (uint64_t i = 0; i < n && in_buf(c->a[0] + i * 64, 64); i++) {
        struct multicall_entry *w = (struct multicall_entry *)(uintptr_t)(c->a[0] + i * 64);

        switch (w->op) {
        case __HYPERVISOR_iret:
        case __HYPERVISOR_sched_op:
        case __HYPERVISOR_mmu_update:
        case __HYPERVISOR_mmuext_op:
        case __HYPERVISOR_update_va_mapping:
        case __HYPERVISOR_update_va_mapping_otherdomain:
        case __HYPERVISOR_vcpu_op:
            w->op = __HYPERVISOR_xen_version;
            break;
        }
    }
}

static void gen_grant(struct call *c)
{
    unsigned int cmd = chance(90) ? (unsigned int)below(14) : (unsigned int)pick_word();
    unsigned int n = (unsigned int)(chance(85) ? 1 + below(3) : pick_count());
    unsigned int room = n > 16 ? 16 : n;
    uint64_t arr;

    c->a[0] = cmd;
    c->a[2] = n;
    if (cmd == GNTTABOP_map_grant_ref) {
        struct gnttab_map_grant_ref *m = fz_alloc(room * sizeof(*m));

        for (unsigned int i = 0; i < room && (uint8_t *)(m + i + 1) <= fuzzbuf + FUZZ_BYTES; i++) {
            m[i].flags = (uint32_t)(chance(80) ? GNTMAP_host_map | below(16) : rnd());
            m[i].host_addr = (m[i].flags & GNTMAP_contains_pte) ? pick_pte_ptr() : pick_va();
            m[i].ref = (grant_ref_t)(chance(80) ? below(32) : pick_word());
            m[i].dom = pick_domid();
        }
        arr = (uint64_t)(uintptr_t)m;
    } else if (cmd == GNTTABOP_copy) {
        struct gnttab_copy *g = fz_alloc(room * sizeof(*g));

        for (unsigned int i = 0; i < room && (uint8_t *)(g + i + 1) <= fuzzbuf + FUZZ_BYTES; i++) {
            g[i].flags = (uint16_t)(chance(80) ? below(4) : rnd());
            g[i].source.u.gmfn = (g[i].flags & GNTCOPY_source_gref) ? below(32) : pick_mfn(true);
            g[i].dest.u.gmfn = (g[i].flags & GNTCOPY_dest_gref) ? below(32) : pick_mfn(false);
            g[i].source.domid = pick_domid();
            g[i].dest.domid = pick_domid();
            g[i].source.offset = (uint16_t)(chance(80) ? below(4096) : rnd());
            g[i].dest.offset = (uint16_t)(chance(80) ? below(4096) : rnd());
            g[i].len = (uint16_t)(chance(80) ? below(4097) : rnd());
        }
        arr = (uint64_t)(uintptr_t)g;
    } else {
        arr = fz_words(room * 32 + 8);
    }
    c->a[1] = maybe_wild(arr);
}

static void gen_evtchn(struct call *c)
{
    unsigned int cmd = chance(90) ? (unsigned int)below(14) : (unsigned int)pick_word();
    uint32_t *w = fz_alloc(24);

    for (unsigned int i = 0; i < 6 && (uint8_t *)(w + i + 1) <= fuzzbuf + FUZZ_BYTES; i++) {
        unsigned int r = (unsigned int)below(10);

        w[i] = r < 5 ? (uint32_t)below(8)
             : r < 8 ? pick_domid()
             : (uint32_t)pick_boundary();
    }
    /* Never take the victim's "done" port: that would end the victim early. */
    if (cmd == EVTCHNOP_bind_interdomain && (uint8_t *)(w + 2) <= fuzzbuf + FUZZ_BYTES &&
        (uint16_t)w[0] == victim_id && w[1] == victim_port)
        w[1] = victim_port + 1 + (uint32_t)below(8);
    c->a[0] = cmd;
    c->a[1] = maybe_wild((uint64_t)(uintptr_t)w);
}

static void gen_vcpu_op(struct call *c)
{
    unsigned int cmd = chance(90) ? (unsigned int)below(15) : (unsigned int)pick_word();
    unsigned int vcpu = (unsigned int)(chance(80) ? below(3) : pick_word());

    /* Our own vCPUs stay as they are: down would stop us, up runs garbage. */
    if (cmd == VCPUOP_down || cmd == VCPUOP_up)
        cmd = VCPUOP_is_up;
    c->a[0] = cmd;
    c->a[1] = vcpu;
    if (cmd == VCPUOP_register_vcpu_info) {
        FZ_NEW(struct vcpu_register_vcpu_info, r);
        /* Our own frame only vi_frame (see check_vcpu_info). */
        r->mfn = pick_mfn(true);
        if (chance(50) || (bit_test(own_map, r->mfn) &&
                           r->mfn != start_info->shared_info >> 12 &&
                           r->mfn - p2m_copy[pt_first_pfn] >= si_copy.nr_pt_frames))
            r->mfn = vi_frame;
        r->offset = (uint32_t)(chance(70) ? below(64) * 64 : pick_boundary());
        r->rsvd = chance(90) ? 0 : (uint32_t)rnd();
        c->a[2] = maybe_wild((uint64_t)(uintptr_t)r);
    } else if (cmd == VCPUOP_initialise) {
        c->a[2] = chance(80) ? fz_words(5168) : pick_ptr();
    } else {
        c->a[2] = chance(80) ? fz_words(32) : pick_ptr();
    }
}

static void gen_sched_op(struct call *c)
{
    unsigned int cmd = chance(90) ? (unsigned int)below(9) : (unsigned int)pick_word();

    if (cmd == SCHEDOP_block || cmd == SCHEDOP_shutdown)
        cmd = SCHEDOP_yield;
    c->a[0] = cmd;
    if (cmd == SCHEDOP_poll) {
        FZ_NEW(struct sched_poll, p);
        p->ports = chance(80) ? fz_words(64) : pick_ptr();
        p->nr_ports = (uint32_t)pick_count();
        /* A timeout in the past or within 200 us: never sleep for good. */
        p->timeout = chance(30) ? 1 : hostile_now() + 1 + below(200000);
        c->a[1] = (uint64_t)(uintptr_t)p;
    } else if (cmd == SCHEDOP_remote_shutdown) {
        FZ_NEW(struct sched_remote_shutdown, r);
        r->domain_id = pick_domid();
        if (r->domain_id == DOMID_SELF || r->domain_id == self_id)
            r->domain_id = victim_id;
        r->reason = (uint32_t)below(6);
        c->a[1] = (uint64_t)(uintptr_t)r;
    } else {
        c->a[1] = chance(80) ? fz_words(16) : pick_ptr();
    }
}

static void gen_domctl(struct call *c)
{
    FZ_NEW(struct pvisor_domctl, d);

    d->cmd = (uint32_t)(chance(90) ? below(16) : rnd());
    d->interface_version = chance(80) ? PVISOR_DOMCTL_VERSION : (uint32_t)rnd();
    d->domain = pick_domid();
    c->a[0] = maybe_wild((uint64_t)(uintptr_t)d);
}

/* Hypercall numbers with a builder, and how often each is drawn. */
static const unsigned int known_nrs[] = {
    0, 1, 1, 1, 2, 3, 4, 5, 10, 12, 12, 13, 13, 14, 14, 14, 15, 17, 18, 20, 20,
    21, 22, 24, 24, 25, 26, 26, 26, 29, 30, 32, 32, 33, 35, 36,
};

static void gen_call(struct call *c, unsigned int depth)
{
    unsigned int r = (unsigned int)below(100);

    if (r < 85)
        c->nr = known_nrs[below(sizeof(known_nrs) / sizeof(known_nrs[0]))];
    else if (r < 96)
        c->nr = below(64);
    else
        c->nr = chance(50) ? 64 + below(200) : pick_boundary();
    /* Never on purpose: iret (23) jumps to what the stack says. */
    if (c->nr == __HYPERVISOR_iret)
        c->nr = __HYPERVISOR_xen_version;
    for (unsigned int i = 0; i < 5; i++)
        c->a[i] = pick_word();

    switch (c->nr) {
    case __HYPERVISOR_set_trap_table:
        c->a[0] = chance(70) ? fz_words(16 * (1 + (unsigned int)below(8))) : pick_ptr();
        break;
    case __HYPERVISOR_mmu_update:
        gen_mmu_update(c);
        break;
    case __HYPERVISOR_set_gdt: {
        unsigned int n = (unsigned int)below(17);
        uint64_t *f = fz_alloc(8 * (n ? n : 1));

        for (unsigned int i = 0; i < n && (uint8_t *)(f + i + 1) <= fuzzbuf + FUZZ_BYTES; i++)
            f[i] = pick_mfn(false);
        c->a[0] = maybe_wild((uint64_t)(uintptr_t)f);
        c->a[1] = chance(70) ? below(n * 512 + 2) : pick_boundary();
        break;
    }
    case __HYPERVISOR_fpu_taskswitch:
        c->a[0] = chance(80) ? below(2) : pick_word();
        break;
    case __HYPERVISOR_update_descriptor:
        c->a[0] = pick_ma(false) & ~(chance(80) ? 7ULL : 0);
        c->a[1] = chance(50) ? 0x00af9a000000ffffULL ^ (below(16) << 41) : rnd();
        break;
    case __HYPERVISOR_memory_op:
        gen_memory_op(c);
        break;
    case __HYPERVISOR_multicall:
        if (depth < 2)
            gen_multicall(c, depth);
        break;
    case __HYPERVISOR_update_va_mapping:
    case __HYPERVISOR_update_va_mapping_otherdomain:
        c->a[0] = pick_va();
        c->a[1] = pick_pte_val_pt(true);
        c->a[2] = chance(80) ? below(8) : pick_word();
        c->a[3] = pick_domid();
        break;
    case __HYPERVISOR_set_timer_op:
        c->a[0] = chance(50) ? hostile_now() + below(100000000) : pick_boundary();
        break;
    case __HYPERVISOR_xen_version:
        c->a[0] = chance(85) ? below(12) : pick_word();
        c->a[1] = chance(80) ? fz_words(1024) : pick_ptr();
        break;
    case __HYPERVISOR_console_io:
        c->a[0] = chance(85) ? below(2) : pick_word();
        c->a[1] = pick_count();
        c->a[2] = chance(70) ? fz_words(64) : pick_ptr();
        /* Our own buffer: no more than a line of it, printable, in the log. */
        if (c->a[2] - (uint64_t)(uintptr_t)fuzzbuf < FUZZ_BYTES) {
            uint8_t *t = (uint8_t *)(uintptr_t)c->a[2];

            if (c->a[1] > 64)
                c->a[1] = 64;
            for (uint64_t i = 0; i < c->a[1] && t + i < fuzzbuf + FUZZ_BYTES; i++)
                t[i] = (uint8_t)(0x20 + t[i] % 0x5f);
        }
        break;
    case __HYPERVISOR_grant_table_op:
        gen_grant(c);
        break;
    case __HYPERVISOR_vm_assist:
        c->a[0] = chance(85) ? below(3) : pick_word();
        c->a[1] = chance(85) ? (chance(80) ? below(6) : 32) : pick_word();
        break;
    case __HYPERVISOR_vcpu_op:
        gen_vcpu_op(c);
        break;
    case __HYPERVISOR_set_segment_base:
        c->a[0] = chance(85) ? below(5) : pick_word();
        break;
    case __HYPERVISOR_mmuext_op:
        gen_mmuext(c);
        break;
    case __HYPERVISOR_sched_op:
        gen_sched_op(c);
        break;
    case __HYPERVISOR_callback_op:
        c->a[0] = chance(85) ? below(3) : pick_word();
        c->a[1] = chance(80) ? fz_words(16) : pick_ptr();
        break;
    case __HYPERVISOR_event_channel_op:
        gen_evtchn(c);
        break;
    case __HYPERVISOR_physdev_op:
        c->a[0] = chance(85) ? below(32) : pick_word();
        c->a[1] = chance(80) ? fz_words(32) : pick_ptr();
        break;
    case __HYPERVISOR_sysctl:
        c->a[0] = chance(80) ? fz_words(128) : pick_ptr();
        break;
    case __HYPERVISOR_domctl:
        gen_domctl(c);
        break;
    default:
        break;
    }
    /* Calls that replace what our runtime relies on are repaired after. */
    if (c->nr == __HYPERVISOR_set_trap_table || c->nr == __HYPERVISOR_set_callbacks ||
        c->nr == __HYPERVISOR_callback_op || c->nr == __HYPERVISOR_multicall ||
        c->nr == __HYPERVISOR_event_channel_op)
        need_repair = true;
}

/* A `syscall` with all 64 bits of RAX = @c->nr (the wrappers take an int). */
static long raw_hypercall(const struct call *c)
{
    register uint64_t r10 __asm__("r10") = c->a[3];
    register uint64_t r8 __asm__("r8") = c->a[4];
    uint64_t rdi = c->a[0], rsi = c->a[1], rdx = c->a[2];
    long ret = (long)c->nr;

    __asm__ volatile("syscall"
                     : "+a"(ret), "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r10), "+r"(r8)
                     :
                     : "rcx", "r11", "memory");
    return ret;
}

/* ---- Reporting. ---- */

static void print_call(const char *what, const struct call *c)
{
    char rc[32] = "";

    if (c->rc != -9999)
        snprintf(rc, sizeof(rc), " rc=%ld", c->rc);
    printf("%s #%llu nr=%llu a=%llx %llx %llx %llx %llx%s\n", what,
           (unsigned long long)c->idx, (unsigned long long)c->nr,
           (unsigned long long)c->a[0], (unsigned long long)c->a[1],
           (unsigned long long)c->a[2], (unsigned long long)c->a[3],
           (unsigned long long)c->a[4], rc);
    /* A multicall's entries too, while they are still in fuzzbuf. */
    if (c->nr == __HYPERVISOR_multicall && c->rc == -9999 && c->a[1] <= 32 &&
        c->a[0] - (uint64_t)(uintptr_t)fuzzbuf < FUZZ_BYTES) {
        const struct multicall_entry *e = (const void *)(uintptr_t)c->a[0];

        for (unsigned int i = 0; i < c->a[1] && (const uint8_t *)(e + i + 1) <=
                                 fuzzbuf + FUZZ_BYTES; i++)
            printf("  entry %u: nr=%llu a=%llx %llx %llx %llx %llx\n", i,
                   (unsigned long long)e[i].op, (unsigned long long)e[i].args[0],
                   (unsigned long long)e[i].args[1], (unsigned long long)e[i].args[2],
                   (unsigned long long)e[i].args[3], (unsigned long long)e[i].args[4]);
    }
}

/* Which calls got through: "nr:ok/made" for every number tried. */
static void print_tally(void)
{
    char line[160];
    unsigned int len = 0;

    for (unsigned int nr = 0; nr < 64; nr++) {
        if (!tally_calls[nr])
            continue;
        len += (unsigned int)snprintf(line + len, sizeof(line) - len, " %u:%u/%u", nr,
                                      tally_ok[nr], tally_calls[nr]);
        if (len > sizeof(line) - 24) {
            printf("hostile: ok/made%s\n", line);
            len = 0;
        }
    }
    if (len)
        printf("hostile: ok/made%s\n", line);
}

static void print_ring(void)
{
    printf("hostile: seed %#llx, the last calls:\n", (unsigned long long)seed);
    for (unsigned int i = 0; i < RING; i++) {
        const struct call *c = &ring[(calls_done + i) % RING];

        if (c->idx || c->nr || c->rc)
            print_call("  ring", c);
    }
}

static void isolation(const struct call *c, const char *what, unsigned long long x)
{
    isolation_failures++;
    printf("hostile: ISOLATION: %s (%#llx) at call #%llu, seed %#llx\n", what, x,
           (unsigned long long)c->idx, (unsigned long long)seed);
    print_call("  call", c);
}

static void notify_victim(void);

/* Our own exceptions: this run is over, say why. */
static bool died(struct trap_frame *f)
{
    printf("hostile: died: %s error %#llx at rip %#llx during call #%llu\n",
           trap_name((unsigned int)f->vector), (unsigned long long)f->error_code,
           (unsigned long long)f->rip, (unsigned long long)calls_done);
    print_ring();
    printf("hostile: survived %llu calls\n", (unsigned long long)calls_done);
    notify_victim();
    hypercall_syscall5(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
                       (uint64_t)(uintptr_t)&(struct sched_shutdown){ SHUTDOWN_crash }, 0, 0, 0);
    test_result(TEST_ERROR, "hostile: SHUTDOWN_crash returned");
}

/* ---- Checks after a call. ---- */

static void check_call(const struct call *c)
{
    if (c->nr == __HYPERVISOR_domctl && c->rc >= 0)
        isolation(c, "domctl succeeded for a domU", (unsigned long long)c->rc);
    if (c->nr == __HYPERVISOR_memory_op && c->rc > 0 && c->a[0] <= XENMEM_populate_physmap &&
        c->a[0] != XENMEM_maximum_ram_page && c->a[0] != XENMEM_current_reservation &&
        c->a[0] != XENMEM_maximum_reservation && c->a[0] != XENMEM_machphys_mfn_list &&
        in_buf(c->a[1], sizeof(struct xen_memory_reservation))) {
        const struct xen_memory_reservation *r = (const void *)(uintptr_t)c->a[1];

        if (r->domid == victim_id)
            isolation(c, "memory_op on the victim's reservation", r->domid);
    }
    if (c->nr == __HYPERVISOR_mmu_update || c->nr == __HYPERVISOR_mmuext_op) {
        if (c->rc == 0 && c->a[1] && (domid_t)c->a[3] == victim_id)
            isolation(c, "MMU operation as the victim", c->a[3]);
    }
    if (c->nr == __HYPERVISOR_event_channel_op && c->rc == 0 && in_buf(c->a[1], 8)) {
        const uint16_t *d = (const void *)(uintptr_t)c->a[1];

        if ((c->a[0] == EVTCHNOP_alloc_unbound || c->a[0] == EVTCHNOP_status ||
             c->a[0] == EVTCHNOP_reset) && d[0] == victim_id)
            isolation(c, "event-channel operation on the victim's table", c->a[0]);
    }
    if (c->nr == __HYPERVISOR_grant_table_op && c->rc == 0 && c->a[2] <= 16) {
        if (c->a[0] == GNTTABOP_map_grant_ref &&
            in_buf(c->a[1], (unsigned int)c->a[2] * sizeof(struct gnttab_map_grant_ref))) {
            const struct gnttab_map_grant_ref *m = (const void *)(uintptr_t)c->a[1];

            for (unsigned int i = 0; i < c->a[2]; i++)
                if (m[i].status == GNTST_okay && m[i].dom == victim_id)
                    isolation(c, "grant map of a victim ref the victim never granted", m[i].ref);
        }
        if (c->a[0] == GNTTABOP_copy &&
            in_buf(c->a[1], (unsigned int)c->a[2] * sizeof(struct gnttab_copy))) {
            const struct gnttab_copy *g = (const void *)(uintptr_t)c->a[1];

            for (unsigned int i = 0; i < c->a[2]; i++)
                if (g[i].status == GNTST_okay && g[i].len &&
                    (g[i].source.domid == victim_id || g[i].dest.domid == victim_id))
                    isolation(c, "grant copy with the victim's memory", i);
        }
    }
    if (c->nr == __HYPERVISOR_mmuext_op && c->rc == 0 && c->a[1] >= 1 && c->a[1] <= 128 &&
        in_buf(c->a[0], (unsigned int)c->a[1] * sizeof(struct mmuext_op))) {
        const struct mmuext_op *op = (const void *)(uintptr_t)c->a[0];

        for (unsigned int i = 0; i < c->a[1]; i++)
            if ((op[i].cmd == MMUEXT_COPY_PAGE &&
                 (bit_test(foreign_map, op[i].arg2.src_mfn) ||
                  bit_test(foreign_map, op[i].arg1.mfn))) ||
                (op[i].cmd == MMUEXT_CLEAR_PAGE && bit_test(foreign_map, op[i].arg1.mfn)))
                isolation(c, "CLEAR/COPY_PAGE with a victim frame", op[i].arg1.mfn);
    }
}

/*
 * vCPU 0's vcpu_info may move (VCPUOP_register_vcpu_info): the runtime's
 * event callback keeps clearing the old one, so an unmasked upcall in the
 * new place would come back for ever. Our frames for it are only vi_frame,
 * which nothing else writes and whose every byte is 1 (upcalls masked at
 * any offset); the registration copies our masked vcpu_info there.
 */

static void check_vcpu_info(const struct call *c)
{
    uint64_t b = (uint64_t)(uintptr_t)fuzzbuf;
    const struct vcpu_register_vcpu_info *r = NULL;

    if (c->nr == __HYPERVISOR_vcpu_op && c->rc == 0 && c->a[0] == VCPUOP_register_vcpu_info &&
        in_buf(c->a[2], 16))
        r = (const void *)(uintptr_t)c->a[2];
    if (c->nr == __HYPERVISOR_multicall && c->a[1] <= 32 && c->a[0] - b < FUZZ_BYTES) {
        const struct multicall_entry *e = (const void *)(uintptr_t)c->a[0];

        for (unsigned int i = 0; i < c->a[1] && in_buf((uint64_t)(uintptr_t)(e + i), 64); i++)
            if (e[i].op == __HYPERVISOR_vcpu_op && e[i].result == 0 &&
                e[i].args[0] == VCPUOP_register_vcpu_info && in_buf(e[i].args[2], 16))
                r = (const void *)(uintptr_t)e[i].args[2];
    }
    if (!r)
        return;
    if (bit_test(foreign_map, r->mfn))
        isolation(c, "vcpu_info registered in a victim frame", r->mfn);
    else
        printf("hostile: call #%llu moved a vcpu_info to mfn %#llx+%#x\n",
               (unsigned long long)c->idx, (unsigned long long)r->mfn, r->offset);
}

/* The victim's pattern (guest-hostile-victim): word i of its buffer. */
static uint64_t victim_pattern(uint64_t i)
{
    uint64_t z = i * 0x9e3779b97f4a7c15ULL + 0x5eed;

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    return z ^ (z >> 27);
}

/* Read 8 bytes at @va; false if that faults. */
static bool probe_read(uint64_t va, uint64_t *val)
{
    uint64_t v = 0;

    fault_clear();
    __asm__ volatile("1: mov (%1), %0\n2:\n" EXTABLE(1b, 2b) : "+r"(v) : "r"(va) : "memory");
    *val = v;
    return last_fault.count == 0;
}

/*
 * A victim frame in the fuzz tree's L1 (read through a window). The L1
 * may no longer be live (a call may have unlinked it; then anything may
 * write it), so an entry only counts as an isolation failure when reading
 * through its address shows the victim's pattern; otherwise it is a
 * "suspect" line to look into.
 */
static void scan_fuzz_tree(const struct call *c)
{
    for (unsigned int i = 0; i < 512; i++) {
        uint64_t e = fz_l1_view[i], w0 = 0, w1 = 0, k;

        if (!(e & PTE_P) || !bit_test(foreign_map, PTE_MFN(e)))
            continue;
        if (probe_read(FUZZ_VA + i * 4096ULL, &w0) && probe_read(FUZZ_VA + i * 4096ULL + 8, &w1))
            for (k = 0; k < 2048; k++)
                if (victim_pattern(k * 512) == w0 && victim_pattern(k * 512 + 1) == w1) {
                    isolation(c, "the victim's memory is readable through the fuzz L1", e);
                    break;
                }
        if (c->idx % 4096 == 0)
            printf("hostile: suspect: fuzz L1 entry %u is %#llx (a victim frame by the M2P)\n",
                   i, (unsigned long long)e);
    }
}

static void scan_m2p(const struct call *c)
{
    const volatile uint64_t *m2p = (const volatile uint64_t *)HV_M2P_RO;

    for (unsigned int i = 0; i < nr_foreign; i++)
        if (m2p[foreign[i]] != foreign_m2p[i]) {
            isolation(c, "a victim M2P entry changed", foreign[i]);
            foreign_m2p[i] = m2p[foreign[i]];
        }
}

/*
 * hostile_event_entry - our event callback: return at once with events
 * masked (iret with RFLAGS.IF clear sets evtchn_upcall_mask in whatever
 * vcpu_info the hypervisor uses now; calls may have moved it where the
 * runtime's callback would not clear the pending flag, and upcalls would
 * never end). Bounce frame: RCX, R11, RIP, CS, RFLAGS, RSP, SS.
 */
void hostile_event_entry(void);
__asm__(".pushsection .text\n"
        ".globl hostile_event_entry\n"
        "hostile_event_entry:\n\t"
        "pop %rcx\n\t"
        "pop %r11\n\t"
        "andq $~0x200, 16(%rsp)\n\t"      /* RFLAGS.IF of the frame */
        "push $0\n\t"                      /* iret_context: flags */
        "push %rcx\n\t"
        "push %r11\n\t"
        "push %rax\n\t"
        "mov $" STRINGIFY(__HYPERVISOR_iret) ", %eax\n\t"
        "syscall\n"
        ".popsection");

/* Put back what the runtime relies on: the trap table and the callbacks. */
static void repair(void)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_event,
        .address = (uint64_t)(uintptr_t)hostile_event_entry,
    };
    struct callback_unregister un = { .type = CALLBACKTYPE_failsafe };

    trap_init();
    HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
    HYPERVISOR_callback_op(CALLBACKOP_unregister, &un);
    need_repair = false;
}

/* ---- Setup. ---- */

/* Make the fuzz tree: L4 slot 1 -> L3 -> L2 -> L1, all of scratch frames. */
static void build_fuzz_tree(void)
{
    uint64_t *t;

    t = pt_new_table(&fz_l1);
    pt_unmap(t);
    t = pt_new_table(&fz_l2);
    t[0] = (fz_l1 << 12) | PTE_P | PTE_RW | PTE_US | PTE_A;
    pt_unmap(t);
    t = pt_new_table(&fz_l3);
    t[0] = (fz_l2 << 12) | PTE_P | PTE_RW | PTE_US | PTE_A;
    pt_unmap(t);
    if (pt_mmu_update((boot_l4 << 12) + 8, (fz_l3 << 12) | PTE_P | PTE_RW | PTE_US | PTE_A))
        test_result(TEST_ERROR, "hostile: linking the fuzz tree failed");
    fz_l1_view = pt_map(fz_l1, 0);
    if (!fz_l1_view)
        test_result(TEST_ERROR, "hostile: mapping the fuzz L1 read-only failed");
}

/* Own frames from the p2m; the victim's are the other valid M2P entries. */
static void learn_frames(void)
{
    const volatile uint64_t *m2p = (const volatile uint64_t *)HV_M2P_RO;
    uint64_t owned = 0;

    for (uint64_t pfn = 0; pfn < si_copy.nr_pages; pfn++)
        bit_set(own_map, p2m_copy[pfn]);
    bit_set(own_map, start_info->shared_info >> 12);
    max_mfn = (uint64_t)HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    if ((int64_t)max_mfn <= 0 || max_mfn > MAX_MFNS)
        max_mfn = MAX_MFNS;
    for (uint64_t mfn = 0; mfn < max_mfn; mfn++) {
        uint64_t pfn = m2p[mfn];

        if (bit_test(own_map, mfn)) {
            owned++;
            continue;
        }
        /* A plausible PFN of a small domain: a frame somebody owns. */
        if (pfn < 0x100000 && nr_foreign < MAX_FOREIGN) {
            foreign_m2p[nr_foreign] = pfn;
            foreign[nr_foreign++] = mfn;
            bit_set(foreign_map, mfn);
        }
    }
    printf("hostile: %llu machine frames, %llu ours, %u others' (from the M2P)\n",
           (unsigned long long)max_mfn, (unsigned long long)owned, nr_foreign);
}

static void setup(void)
{
    uint64_t p2m_bytes;

    /* Private copies: the originals become fair game. */
    memcpy(&si_copy, start_info, sizeof(si_copy));
    p2m_bytes = si_copy.nr_pages * 8;
    if (p2m_bytes > sizeof(p2m_copy))
        test_result(TEST_ERROR, "hostile: %llu pages: too many for the p2m copy",
                    (unsigned long long)si_copy.nr_pages);
    memcpy(p2m_copy, (const void *)si_copy.mfn_list, p2m_bytes);
    si_orig_va = (uint64_t)(uintptr_t)start_info;
    si_orig_mfn = virt_to_mfn(start_info);
    p2m_orig_va = si_copy.mfn_list;
    si_copy.mfn_list = (uint64_t)(uintptr_t)p2m_copy;
    start_info = &si_copy;

    evtchn_init();
    clock_init();
    repair();
    pt_init();
    boot_l4 = pt_boot_l4();
    pt_first_pfn = (si_copy.pt_base - GUEST_VIRT_BASE) / GUEST_PAGE_SIZE;
    for (unsigned int i = 0; i < NR_SCRATCH; i++)
        scratch[i] = pt_alloc_frame();
    vi_page = pt_new_table(&vi_frame);
    memset(vi_page, 1, GUEST_PAGE_SIZE);
    build_fuzz_tree();
    learn_frames();
    /* The page after fuzzbuf is unmapped: buffers that cross it fault. */
    if (pt_set_va((uint64_t)(uintptr_t)(fuzzbuf + FUZZ_BYTES), 0))
        test_result(TEST_ERROR, "hostile: unmapping the guard page failed");
    for (unsigned int v = 0; v < 32; v++)
        trap_set_handler(v, died);
}

/* Tell the victim we are done: bind its offered port and send. */
static void notify_victim(void)
{
    evtchn_port_t port;
    long rc;

    HYPERVISOR_event_channel_op(EVTCHNOP_reset, &(struct evtchn_reset){ DOMID_SELF });
    rc = evtchn_bind_interdomain(victim_id, victim_port, &port);
    if (rc == 0)
        rc = evtchn_send(port);
    printf("hostile: told victim d%u (port %u): %ld\n", victim_id, victim_port, rc);
}

void test_main(void)
{
    seed = cmdline_arg("seed", 0);
    if (!seed) {
        uint32_t lo, hi;

        __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
        seed = ((uint64_t)hi << 32 | lo) * 0x2545f4914f6cdd1dULL;
    }
    calls_wanted = cmdline_arg("calls", calls_wanted);
    every = cmdline_arg("every", every);
    trace_from = cmdline_arg("trace", trace_from);
    victim_id = (domid_t)cmdline_arg("victim", victim_id);
    self_id = (domid_t)cmdline_arg("self", self_id);
    victim_port = (evtchn_port_t)cmdline_arg("port", victim_port);
    printf("hostile: seed %#llx calls %llu (replay: seed=%#llx trace=K)\n",
           (unsigned long long)seed, (unsigned long long)calls_wanted,
           (unsigned long long)seed);
    rng = seed;
    setup();

    for (calls_done = 0; calls_done < calls_wanted; calls_done++) {
        struct call *c = &ring[calls_done % RING];

        memset(c, 0, sizeof(*c));
        c->idx = calls_done;
        fuzz_off = (unsigned int)below(FUZZ_BYTES / 8) * 8;
        gen_call(c, 0);
        c->rc = -9999;      /* not returned yet */
        if (calls_done >= trace_from || (every && calls_done % every == 0))
            print_call("call", c);
        c->rc = raw_hypercall(c);
        if (c->nr < 64) {
            tally_calls[c->nr]++;
            tally_ok[c->nr] += c->rc >= 0;
        }
        if (need_repair)
            repair();
        check_call(c);
        check_vcpu_info(c);
        if (calls_done % 64 == 0)
            scan_fuzz_tree(c);
        if (calls_done % 4096 == 0)
            scan_m2p(c);
    }
    scan_fuzz_tree(&ring[(calls_done - 1) % RING]);
    scan_m2p(&ring[(calls_done - 1) % RING]);
    print_ring();
    print_tally();
    printf("hostile: survived %llu calls, %u isolation failures\n",
           (unsigned long long)calls_done, isolation_failures);
    notify_victim();
    if (isolation_failures)
        test_result(TEST_FAILURE, "hostile: %u isolation failures", isolation_failures);
}
