/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the PV domain builder (toolstack/lib/build.c) against a
 * fake hypervisor (fake.c): frames in host memory, the hypercalls checked.
 *
 * The kernel is built here, in memory: a text segment of two pages (the
 * second the hypercall page), a data segment with bss after it, and a note
 * segment with the Xen notes; cases patch it. A good build is checked by
 * walking the new domain's page tables from the fake's frames: every page
 * of the region maps to the frame its PFN says (the p2m list in the guest
 * agrees), the tables read-only, nothing else mapped, the layout where
 * docs/toolstack.md puts it (expected addresses written beside each case),
 * start_info and vCPU 0's registers as the hypervisor's own builder sets
 * them. A refused build must give its error and message, and leave no
 * domain, frame or foreign mapping behind.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#include <public/domctl.h>
#include <public/elfnote.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/xen.h>

#include "build.h"
#include "fake.h"

#define KBASE       0xFFFFFFFF80000000ULL
#define P2M_VA      0xFFFFFFFF40000000ULL   /* an INIT_P2M below the kernel */
#define PG          4096ULL

/* File layout of the image. */
#define OFF_PH      0x40        /* 3 program headers */
#define OFF_NOTES   0x200
#define OFF_TEXT    0x1000      /* 0x2000 bytes at KBASE */
#define OFF_DATA    0x3000      /* 0x800 bytes at KBASE + 0x2000, memsz 0x1800 */
#define IMG_SIZE    0x3800
#define NOTES_MAX   0xe00

struct image_opts {
    uint64_t base;              /* where the kernel is linked (0: KBASE) */
    bool no_virt_base;
    uint64_t virt_base_delta;   /* VIRT_BASE = base - this */
    uint64_t entry_off;         /* ENTRY = base + this (0: 0x10) */
    bool no_hcall;
    uint64_t hcall;             /* HYPERCALL_PAGE, absolute (0: base + 0x1000) */
    uint64_t init_p2m, mod_start_pfn;
    uint64_t bss;               /* data memsz (0: 0x1800) */
    const char *features;       /* a FEATURES note */
};

static uint8_t img[IMG_SIZE + 0x100];
static size_t img_len;

static void put16(size_t off, uint16_t v) { memcpy(img + off, &v, 2); }
static void put32(size_t off, uint32_t v) { memcpy(img + off, &v, 4); }
static void put64(size_t off, uint64_t v) { memcpy(img + off, &v, 8); }

static size_t note(size_t off, uint32_t type, const void *desc, uint32_t len)
{
    put32(off, 4), put32(off + 4, len), put32(off + 8, type);
    memcpy(img + off + 12, "Xen", 4);
    memcpy(img + off + 16, desc, len);
    return off + 16 + ((len + 3) & ~3u);
}

static size_t note64(size_t off, uint32_t type, uint64_t v)
{
    return note(off, type, &v, 8);
}

static void phdr(unsigned int i, uint32_t type, uint32_t flags, uint64_t off,
                 uint64_t va, uint64_t filesz, uint64_t memsz)
{
    size_t p = OFF_PH + i * 56;

    put32(p, type), put32(p + 4, flags), put64(p + 8, off), put64(p + 16, va);
    put64(p + 24, va), put64(p + 32, filesz), put64(p + 40, memsz), put64(p + 48, 8);
}

static void make_image(const struct image_opts *o)
{
    uint64_t base = o->base ? o->base : KBASE;
    size_t n = OFF_NOTES;

    memset(img, 0, sizeof(img));
    memcpy(img, "\x7f" "ELF", 4);
    img[4] = 2, img[5] = 1, img[6] = 1;
    put16(16, 2), put16(18, 62), put32(20, 1);
    put64(24, base + 0x10);                     /* e_entry */
    put64(32, OFF_PH);
    put16(52, 64), put16(54, 56), put16(56, 3);
    for (unsigned int i = 0; i < 0x2000; i++)
        img[OFF_TEXT + i] = (uint8_t)(i * 7 + 1);
    for (unsigned int i = 0; i < 0x800; i++)
        img[OFF_DATA + i] = (uint8_t)(i * 13 + 5);

    n = note(n, XEN_ELFNOTE_GUEST_OS, "pvtest", 7);
    n = note(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
    if (!o->no_virt_base)
        n = note64(n, XEN_ELFNOTE_VIRT_BASE, base - o->virt_base_delta);
    n = note64(n, XEN_ELFNOTE_ENTRY, base + (o->entry_off ? o->entry_off : 0x10));
    if (!o->no_hcall)
        n = note64(n, XEN_ELFNOTE_HYPERCALL_PAGE, o->hcall ? o->hcall : base + 0x1000);
    if (o->init_p2m)
        n = note64(n, XEN_ELFNOTE_INIT_P2M, o->init_p2m);
    if (o->mod_start_pfn)
        n = note64(n, XEN_ELFNOTE_MOD_START_PFN, 1);
    if (o->features)
        n = note(n, XEN_ELFNOTE_FEATURES, o->features, (uint32_t)strlen(o->features) + 1);

    phdr(0, 1, 5, OFF_TEXT, base, 0x2000, 0x2000);
    phdr(1, 1, 6, OFF_DATA, base + 0x2000, 0x800, o->bss ? o->bss : 0x1800);
    phdr(2, 4, 4, OFF_NOTES, 0, n - OFF_NOTES, n - OFF_NOTES);
    put64(OFF_PH + 2 * 56 + 48, 4);
    img_len = IMG_SIZE;
}

/* ---- a build against the fake */

static struct fake f;
static struct domain_config cfg;
static struct build_args args;
static struct build_result res;
static struct build_ops ops;
static char err[512];
static uint8_t ramdisk[3 * 4096 + 100];

static void setup(uint64_t mem_mib)
{
    fake_init(&f);
    ops = fake_ops;
    memset(&cfg, 0, sizeof(cfg));
    strcpy(cfg.name, "web");
    strcpy(cfg.cmdline, "console=hvc0 quiet");
    cfg.memory_mib = cfg.maxmem_mib = mem_mib;
    cfg.vcpus = 2;
    args = (struct build_args){ .cfg = &cfg, .kernel_path = "/guests/web.elf",
                                .ramdisk_path = "/guests/web.initrd",
                                .kernel = img, .kernel_len = img_len };
    memset(&res, 0, sizeof(res));
    for (size_t i = 0; i < sizeof(ramdisk); i++)
        ramdisk[i] = (uint8_t)(i * 3 + 11);
}

static int build(void)
{
    return build_pv_domain(&ops, &f, &args, &res, err, sizeof(err));
}

/* ---- reading the new domain through its page tables */

/* The leaf entry mapping @va from L4 @l4, or 0 if none. */
static uint64_t walk(uint64_t l4, uint64_t va)
{
    uint64_t mfn = l4, e = 0;

    for (int shift = 39; shift >= 12; shift -= 9) {
        const uint64_t *t = (const uint64_t *)fake_frame(&f, mfn);

        if (!t)
            return 0;
        e = t[(va >> shift) & 511];
        if (!(e & 1))
            return 0;
        if (shift > 12 && (e & 0x7) != 0x7)
            return 0;                           /* upper levels: P RW US */
        mfn = (e & 0x000ffffffffff000ULL) >> 12;
    }
    return e;
}

static uint8_t *at(uint64_t va)
{
    uint64_t e = walk(res.l4_mfn, va);
    uint8_t *p = e ? fake_frame(&f, (e & 0x000ffffffffff000ULL) >> 12) : NULL;

    return p ? p + (va & (PG - 1)) : NULL;
}

/* Leaves present in the whole tree under @mfn at @level. */
static uint64_t count_leaves(uint64_t mfn, unsigned int level)
{
    const uint64_t *t = (const uint64_t *)fake_frame(&f, mfn);
    uint64_t n = 0;

    for (unsigned int i = 0; t && i < 512; i++)
        if (t[i] & 1)
            n += level == 1 ? 1 : count_leaves((t[i] & 0x000ffffffffff000ULL) >> 12,
                                               level - 1);
    return n;
}

/* What a case expects of the layout (VAs). */
struct expect {
    uint64_t p2m, start_info, console, pt, nr_pt, stack, vend;
    uint64_t mod_start, p2m_pfn, nr_p2m_frames;
    uint32_t flags;
};

static void check_built(const char *label, const struct expect *x, size_t ramdisk_len)
{
    const struct fake_domain *d = &f.dom[res.domid];
    const struct start_info *si;
    const struct vcpu_guest_context *c = &d->ctxt;
    uint64_t nr = cfg.memory_mib * 256, region = (x->vend - KBASE) / PG;
    uint64_t *p2m = calloc(nr, 8);
    uint8_t *seen = calloc(FAKE_FRAMES, 1);
    bool ok = true;

    EXPECT_EQ(label, res.domid, 1);
    EXPECT_EQ(label, d->exists && d->paused, 1);
    EXPECT_EQ(label, d->tot_pages, nr + 1);
    EXPECT_EQ(label, res.nr_pages, nr);
    EXPECT_EQ(label, fake_maps_outstanding(&f), 0);
    CU_ASSERT(f.max_map_n <= (ops.map_max ? ops.map_max : BUILD_MAP_MAX));

    /* vCPU 0: as pv_vcpu_init_regs, and CR3 the pinned L4. */
    EXPECT_EQ(label, d->has_ctxt, 1);
    EXPECT_EQ(label, c->flags, VGCF_in_kernel | VGCF_online);
    EXPECT_EQ(label, c->user_regs.rip, KBASE + 0x10);
    EXPECT_EQ(label, c->user_regs.rsp, x->stack + PG);
    EXPECT_EQ(label, c->user_regs.rsi, x->start_info);
    EXPECT_EQ(label, c->user_regs.cs, FLAT_KERNEL_CS64);
    EXPECT_EQ(label, c->user_regs.ss, FLAT_KERNEL_SS64);
    EXPECT_EQ(label, c->user_regs.rflags, 0x200);
    EXPECT_EQ(label, c->kernel_ss, FLAT_KERNEL_SS64);
    EXPECT_EQ(label, c->kernel_sp, x->stack + PG);
    EXPECT_EQ(label, d->pinned_l4, res.l4_mfn);
    EXPECT_EQ(label, c->ctrlreg[3], res.l4_mfn << 12);
    EXPECT_EQ(label, res.start_info, x->start_info);
    EXPECT_EQ(label, res.entry, KBASE + 0x10);
    EXPECT_EQ(label, res.virt_base, KBASE);

    /* The p2m list, read through its own mapping: distinct frames of the domain. */
    for (uint64_t pfn = 0; pfn < nr; pfn++) {
        const uint8_t *p = at(x->p2m + pfn * 8);
        uint64_t mfn = 0;

        if (p)
            memcpy(&mfn, p, 8);
        if (!p || !fake_frame(&f, mfn) || f.owner[mfn - FAKE_MFN0] != res.domid ||
            seen[mfn - FAKE_MFN0]++) {
            fprintf(stderr, "  %s: p2m[%llu] = %#llx is not a frame of its own\n", label,
                    (unsigned long long)pfn, (unsigned long long)mfn);
            ok = false;
            break;
        }
        p2m[pfn] = mfn;
    }
    CU_ASSERT(ok);

    /* Every page of the region: PFN n at KBASE + n pages; tables read-only. */
    for (uint64_t pfn = 0; ok && pfn < region; pfn++) {
        uint64_t va = KBASE + pfn * PG, e = walk(res.l4_mfn, va);
        bool table = va >= x->pt && va < x->pt + x->nr_pt * PG;

        if (((e & 0x000ffffffffff000ULL) >> 12) != p2m[pfn] || !(e & 1) ||
            !!(e & 2) == table) {
            fprintf(stderr, "  %s: VA %#llx maps %#llx, expected frame %#llx %s\n", label,
                    (unsigned long long)va, (unsigned long long)e,
                    (unsigned long long)p2m[pfn], table ? "read-only" : "writable");
            ok = false;
        }
    }
    CU_ASSERT(ok);
    EXPECT_EQ(label, walk(res.l4_mfn, x->vend), 0);
    EXPECT_EQ(label, walk(res.l4_mfn, KBASE - PG), 0);
    EXPECT_EQ(label, count_leaves(res.l4_mfn, 4),
              region + (x->p2m_pfn ? (nr * 8 + PG - 1) / PG : 0));
    EXPECT_EQ(label, res.l4_mfn, p2m[(x->pt - KBASE) / PG]);

    /* Contents: the kernel's bytes, bss zero, the hypercall page filled. */
    CU_ASSERT(at(KBASE) && !memcmp(at(KBASE), img + OFF_TEXT, 0x1000));
    CU_ASSERT(at(KBASE + 0x2000) && !memcmp(at(KBASE + 0x2000), img + OFF_DATA, 0x800));
    CU_ASSERT(at(KBASE + 0x2800) && at(KBASE + 0x2800)[0] == 0);
    CU_ASSERT(at(KBASE + 0x3000) && at(KBASE + 0x3000)[0x7ff] == 0);
    CU_ASSERT(at(KBASE + 0x1000) && at(KBASE + 0x1000)[0] == FAKE_HCALL_BYTE &&
              at(KBASE + 0x1000)[4095] == FAKE_HCALL_BYTE);
    EXPECT_EQ(label, d->hypercall_page, p2m[1]);

    /* start_info, as the hypervisor's builder fills it, plus the console. */
    si = (const struct start_info *)at(x->start_info);
    CU_ASSERT_FATAL(si != NULL);
    CU_ASSERT_STRING_EQUAL(si->magic, XEN_START_INFO_MAGIC);
    EXPECT_EQ(label, si->nr_pages, nr);
    EXPECT_EQ(label, si->shared_info, d->shared_info_mfn << 12);
    EXPECT_EQ(label, si->flags, x->flags);
    EXPECT_EQ(label, si->store_mfn, 0);
    EXPECT_EQ(label, si->store_evtchn, 0);
    EXPECT_EQ(label, si->console.domU.mfn, p2m[(x->console - KBASE) / PG]);
    EXPECT_EQ(label, si->console.domU.evtchn, d->console_port);
    EXPECT_EQ(label, res.console_mfn, si->console.domU.mfn);
    EXPECT_EQ(label, res.console_port, d->console_port);
    EXPECT_EQ(label, d->console_remote, args.console_backend);
    EXPECT_EQ(label, si->pt_base, x->pt);
    EXPECT_EQ(label, si->nr_pt_frames, x->nr_pt);
    EXPECT_EQ(label, si->mfn_list, x->p2m);
    EXPECT_EQ(label, si->mod_start, x->mod_start);
    EXPECT_EQ(label, si->mod_len, ramdisk_len);
    EXPECT_EQ(label, si->first_p2m_pfn, x->p2m_pfn);
    EXPECT_EQ(label, si->nr_p2m_frames, x->nr_p2m_frames);
    CU_ASSERT_STRING_EQUAL((const char *)si->cmd_line, "console=hvc0 quiet");

    /* The ramdisk: at its VA, or in the frames after the region (MOD_START_PFN). */
    for (size_t i = 0; ramdisk_len && i < ramdisk_len; i += PG) {
        const uint8_t *p = x->flags & SIF_MOD_START_PFN
                               ? fake_frame(&f, p2m[x->mod_start + i / PG])
                               : at(x->mod_start + i);
        size_t n = ramdisk_len - i < PG ? ramdisk_len - i : PG;

        if (!p || memcmp(p, ramdisk + i, n)) {
            fprintf(stderr, "  %s: ramdisk page %zu differs\n", label, (size_t)(i / PG));
            CU_FAIL("ramdisk contents");
            break;
        }
    }
    /* The console ring starts empty. */
    for (unsigned int i = 0; i < PG; i++)
        if (at(x->console)[i]) {
            CU_FAIL("console page not zero");
            break;
        }
    free(p2m);
    free(seen);
}

/* ---- good builds */

static void test_layout(void)
{
    /* kernel 16 KiB; p2m 2048 * 8 = 4 pages; 5 tables map 4 MiB. */
    const struct expect x = {
        .p2m = KBASE + 0x4000, .start_info = KBASE + 0x8000, .console = KBASE + 0x9000,
        .pt = KBASE + 0xa000, .nr_pt = 5, .stack = KBASE + 0xf000,
        .vend = KBASE + 0x400000 };

    make_image(&(struct image_opts){ 0 });
    setup(8);
    EXPECT_EQ("8 MiB", build(), 0);
    EXPECT_EQ("8 MiB", err[0], 0);
    check_built("8 MiB", &x, 0);
    EXPECT_EQ("8 MiB: one populate call of 2 MiB extents", f.extent_calls, 1);
    fake_fini(&f);

    /* A hypervisor that gives single frames only: the same domain. */
    make_image(&(struct image_opts){ 0 });
    setup(8);
    f.no_extents = true;
    EXPECT_EQ("8 MiB, no 2 MiB extents", build(), 0);
    EXPECT_EQ("8 MiB, no 2 MiB extents", err[0], 0);
    check_built("8 MiB, no 2 MiB extents", &x, 0);
    fake_fini(&f);
}

static void test_ramdisk(void)
{
    /* The ramdisk's 4 pages after the kernel move everything by 4 pages. */
    const struct expect x = {
        .p2m = KBASE + 0x8000, .start_info = KBASE + 0xc000, .console = KBASE + 0xd000,
        .pt = KBASE + 0xe000, .nr_pt = 5, .stack = KBASE + 0x13000,
        .vend = KBASE + 0x400000, .mod_start = KBASE + 0x4000 };

    make_image(&(struct image_opts){ 0 });
    setup(8);
    args.ramdisk = ramdisk, args.ramdisk_len = sizeof(ramdisk);
    ops.map_max = 3;            /* copies cross several windows */
    EXPECT_EQ("ramdisk", build(), 0);
    check_built("ramdisk", &x, sizeof(ramdisk));
    EXPECT_EQ("ramdisk", f.max_map_n, 3);
    fake_fini(&f);
}

static void test_mod_start_pfn(void)
{
    /* MOD_START_PFN: the ramdisk in the 4 PFNs after the 4 MiB region. */
    const struct expect x = {
        .p2m = KBASE + 0x4000, .start_info = KBASE + 0x8000, .console = KBASE + 0x9000,
        .pt = KBASE + 0xa000, .nr_pt = 5, .stack = KBASE + 0xf000,
        .vend = KBASE + 0x400000, .mod_start = 1024, .flags = SIF_MOD_START_PFN };

    make_image(&(struct image_opts){ .mod_start_pfn = 1 });
    setup(8);
    args.ramdisk = ramdisk, args.ramdisk_len = sizeof(ramdisk);
    EXPECT_EQ("MOD_START_PFN", build(), 0);
    check_built("MOD_START_PFN", &x, sizeof(ramdisk));
    fake_fini(&f);
}

static void test_init_p2m(void)
{
    /*
     * INIT_P2M: the list's 4 frames at PFN 1024 mapped at P2M_VA, the 3
     * tables planned for it after them (Xen counts both); the region has
     * no p2m.
     */
    const struct expect x = {
        .p2m = P2M_VA, .start_info = KBASE + 0x4000, .console = KBASE + 0x5000,
        .pt = KBASE + 0x6000, .nr_pt = 5, .stack = KBASE + 0xb000,
        .vend = KBASE + 0x400000, .p2m_pfn = 1024, .nr_p2m_frames = 4 + 3 };

    make_image(&(struct image_opts){ .init_p2m = P2M_VA });
    setup(8);
    EXPECT_EQ("INIT_P2M", build(), 0);
    check_built("INIT_P2M", &x, 0);
    fake_fini(&f);
}

static void test_no_virt_base(void)
{
    /* No VIRT_BASE note, no HYPERCALL_PAGE: the base is the kernel's 4 MiB boundary. */
    make_image(&(struct image_opts){ .no_virt_base = true, .no_hcall = true });
    setup(8);
    EXPECT_EQ("no VIRT_BASE", build(), 0);
    EXPECT_EQ("no VIRT_BASE", res.virt_base, KBASE);
    EXPECT_EQ("no VIRT_BASE", f.dom[res.domid].hypercall_page, 0);
    EXPECT_EQ("no VIRT_BASE", res.start_info, KBASE + 0x8000);
    fake_fini(&f);
}

static void test_big(void)
{
    /* 12 MiB: p2m 6 pages; the region still fits 4 MiB, the rest unmapped. */
    make_image(&(struct image_opts){ 0 });
    setup(12);
    EXPECT_EQ("12 MiB", build(), 0);
    EXPECT_EQ("12 MiB", res.start_info, KBASE + 0xa000);
    EXPECT_EQ("12 MiB", f.dom[1].tot_pages, 3072 + 1);
    EXPECT_EQ("12 MiB", walk(res.l4_mfn, KBASE + 0x400000), 0);
    fake_fini(&f);
}

/* ---- refusals */

enum patch {
    P_NONE, P_MAGIC, P_CLASS32, P_TRUNCATED, P_NOLOAD, P_SEGOFF, P_OVERLAP,
    P_ELF_ENTRY, P_NONOTES, P_NOTE_RANGE, P_HEADER_CUT, P_DYN, P_PHNUM,
};

static void patch(enum patch p)
{
    switch (p) {
    case P_NONE: break;
    case P_MAGIC: img[1] = 'F'; break;
    case P_CLASS32: img[4] = 1; break;
    case P_TRUNCATED: img_len = OFF_DATA + 0x400; break;       /* data cut */
    case P_HEADER_CUT: img_len = 40; break;
    case P_NOLOAD: put32(OFF_PH, 0), put32(OFF_PH + 56, 0); break;
    case P_SEGOFF: put64(OFF_PH + 8, 0x100000); break;
    case P_OVERLAP: put64(OFF_PH + 56 + 16, KBASE + 0x1000); break;  /* data on text */
    case P_ELF_ENTRY: put64(24, KBASE + 0x5000); break;
    case P_NONOTES:
        for (size_t o = OFF_NOTES; o < OFF_NOTES + NOTES_MAX; o++)
            if (!memcmp(img + o, "Xen", 4))
                img[o + 2] = 'm';
        break;
    case P_NOTE_RANGE: put32(OFF_NOTES + 4, 0x10000); break;   /* descsz past the segment */
    case P_DYN: put16(16, 3); break;
    case P_PHNUM: put16(56, 0xffff); break;     /* the table runs past the file */
    }
}

struct refusal {
    const char *label;
    struct image_opts img;
    enum patch patch;
    uint64_t mem_mib;           /* 0: 8 */
    size_t ramdisk_len;
    int rc;
    const char *msg;            /* expected in the message */
    const char *file;           /* the file named (0: the kernel's) */
};

static const struct refusal refusals[] = {
    { "bad magic", { 0 }, P_MAGIC, 0, 0, -XEN_ENOEXEC, "not an ELF file (bad magic)", 0 },
    { "32-bit", { 0 }, P_CLASS32, 0, 0, -XEN_ENOEXEC, "not a 64-bit ELF file", 0 },
    { "header cut", { 0 }, P_HEADER_CUT, 0, 0, -XEN_ENOEXEC, "truncated ELF header", 0 },
    { "truncated", { 0 }, P_TRUNCATED, 0, 0, -XEN_ENOEXEC,
      "program header 1: data past end of file", 0 },
    { "no PT_LOAD", { 0 }, P_NOLOAD, 0, 0, -XEN_ENOEXEC, "no loadable segment", 0 },
    { "segment offset", { 0 }, P_SEGOFF, 0, 0, -XEN_ENOEXEC,
      "program header 0: data past end of file", 0 },
    { "overlapping", { 0 }, P_OVERLAP, 0, 0, -XEN_ENOEXEC, "segments 0 and 1 overlap", 0 },
    { "ELF entry", { 0 }, P_ELF_ENTRY, 0, 0, -XEN_ENOEXEC,
      "entry point outside the executable segments", 0 },
    { "ENTRY note", { .entry_off = 0x4000 }, P_NONE, 0, 0, -XEN_ENOEXEC,
      "ENTRY note outside the kernel", 0 },
    { "no Xen notes", { 0 }, P_NONOTES, 0, 0, -XEN_ENOEXEC, "no Xen ELF notes", 0 },
    { "ET_DYN", { 0 }, P_DYN, 0, 0, -XEN_ENOEXEC, "position-independent (ET_DYN)", 0 },
    { "program headers", { 0 }, P_PHNUM, 0, 0, -XEN_ENOEXEC,
      "truncated program header table", 0 },
    { "impossible feature", { .features = "writable_page_tables|!auto_translated_physmap" },
      P_NONE, 0, 0, -XEN_ENOEXEC, "the kernel requires a feature PV cannot give", 0 },
    { "unknown feature", { .features = "fly" }, P_NONE, 0, 0, -XEN_ENOEXEC,
      "FEATURES note names an unknown feature", 0 },
    { "note out of range", { 0 }, P_NOTE_RANGE, 0, 0, -XEN_ENOEXEC,
      "note descriptor past end of segment", 0 },
    { "HYPERCALL_PAGE", { .hcall = KBASE - PG }, P_NONE, 0, 0, -XEN_ENOEXEC,
      "HYPERCALL_PAGE not a page inside the kernel", 0 },
    { "hypervisor range", { .base = 0xFFFF810000000000ULL }, P_NONE, 0, 0, -XEN_ENOEXEC,
      "kernel overlaps the hypervisor's virtual range", 0 },
    { "non-canonical", { .base = 0x0000800000000000ULL }, P_NONE, 0, 0, -XEN_ENOEXEC,
      "non-canonical", 0 },
    { "VIRT_BASE unaligned", { .virt_base_delta = 0x800 }, P_NONE, 0, 0, -XEN_ENOEXEC,
      "VIRT_BASE is not page aligned", 0 },
    { "virtwrap", { .virt_base_delta = KBASE - 0x1F68400000ULL }, P_NONE, 128, 0,
      -XEN_ENOEXEC, "VIRT_BASE and the kernel span", 0 },
    { "top of memory", { .base = 0xFFFFFFFFFFC00000ULL }, P_NONE, 0, 0, -XEN_ENOMEM,
      "does not fit", 0 },
    { "past the low half", { .base = 0x00007FFFFFC00000ULL, .bss = 0x3a0000 }, P_NONE,
      16, 0, -XEN_ENOEXEC, "reaches the hypervisor's range or a non-canonical address", 0 },
    { "too large", { .bss = 8 << 20 }, P_NONE, 4, 0, -XEN_ENOMEM,
      "start-of-day region from 0xffffffff80000000 (kernel 8200 KiB, ramdisk, p2m, "
      "start_info, console, page tables, stack) does not fit in its memory (4096 KiB)", 0 },
    { "ramdisk too large", { 0 }, P_NONE, 1, 2 << 20, -XEN_ENOMEM,
      "ramdisk (2048 KiB) is larger than the domain's memory (1024 KiB)", "/guests/web.initrd" },
    { "ramdisk length wraps", { 0 }, P_NONE, 0, SIZE_MAX, -XEN_ENOMEM,
      "ramdisk (18014398509481984 KiB) is larger than the domain's memory (8192 KiB)",
      "/guests/web.initrd" },
    { "ramdisk fills memory", { 0 }, P_NONE, 4, 4 << 20, -XEN_ENOMEM, "does not fit", 0 },
    { "INIT_P2M into the region", { .init_p2m = KBASE - PG }, P_NONE, 0, 0, -XEN_ENOEXEC,
      "INIT_P2M 0xffffffff7ffff000 overlaps the start-of-day region", 0 },
    { "INIT_P2M in the hypervisor", { .init_p2m = 0xFFFF800000000000ULL }, P_NONE, 0, 0,
      -XEN_ENOEXEC, "INIT_P2M 0xffff800000000000 leaves no room", 0 },
};

static uint8_t big_ramdisk[4 << 20];

static void check_nothing_left(const char *label)
{
    EXPECT_EQ(label, fake_domains(&f), 0);
    EXPECT_EQ(label, fake_frames_used(&f), 0);
    EXPECT_EQ(label, fake_maps_outstanding(&f), 0);
}

/* A refused build: one line "@file: ...@msg...", nothing left in the fake. */
static void check_refused(const char *label, const char *file, const char *msg)
{
    char prefix[64];

    snprintf(prefix, sizeof(prefix), "%s: ", file);
    if (!strstr(err, msg) || strncmp(err, prefix, strlen(prefix)) || strchr(err, '\n')) {
        fprintf(stderr, "  %s: message \"%s\", expected \"%s\" naming %s\n", label,
                err, msg, file);
        CU_FAIL("message");
    }
    check_nothing_left(label);
}

static void test_refusals(void)
{
    for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
        const struct refusal *c = &refusals[i];
        int rc;

        make_image(&c->img);
        patch(c->patch);
        setup(c->mem_mib ? c->mem_mib : 8);
        if (c->ramdisk_len)
            args.ramdisk = big_ramdisk, args.ramdisk_len = c->ramdisk_len;
        rc = build();
        EXPECT_EQ(c->label, rc, c->rc);
        check_refused(c->label, c->file ? c->file : "/guests/web.elf", c->msg);
        EXPECT_EQ(c->label, f.maps, 0);         /* refused before any mapping */
        fake_fini(&f);
    }
}

/*
 * A hypervisor (or map) failure at each step: the domain is destroyed.
 * nr 0 fails the at-th map_foreign; limit, when set, is all populate gives.
 */
struct failure {
    const char *label;
    unsigned int nr, cmd, at;
    long rc;                    /* what the call returns */
    int want;                   /* what the build returns */
    const char *msg;
    uint64_t limit;
};

static const struct failure failures[] = {
    { "createdomain", __HYPERVISOR_domctl, PVISOR_DOMCTL_createdomain, 1, -XEN_ENOSPC,
      -XEN_ENOSPC, "createdomain refused by the hypervisor (-28, ENOSPC)", 0 },
    { "getdomaininfo", __HYPERVISOR_domctl, PVISOR_DOMCTL_getdomaininfo, 1, -XEN_EFAULT,
      -XEN_EFAULT, "getdomaininfo of the new domain refused", 0 },
    { "populate", __HYPERVISOR_memory_op, XENMEM_populate_physmap, 1, -XEN_ENOMEM,
      -XEN_ENOMEM, "populate_physmap refused by the hypervisor (-12, ENOMEM)", 0 },
    { "populate short", 0, 0, 0, 0, -XEN_ENOMEM,
      "out of memory: the hypervisor gave 100 of 2048 pages (8 MiB)", 100 },
    { "alloc_unbound", __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, 1,
      -XEN_ENOSPC, -XEN_ENOSPC, "alloc_unbound (console event channel) refused", 0 },
    { "first map", 0, 0, 1, 0, -XEN_EFAULT, "cannot map frames 0-1 of the new domain", 0 },
    { "fifth map", 0, 0, 5, 0, -XEN_EFAULT, "cannot map frames", 0 },
    { "hypercall_init", __HYPERVISOR_domctl, PVISOR_DOMCTL_hypercall_init, 1, -XEN_EINVAL,
      -XEN_EINVAL, "hypercall_init refused", 0 },
    { "pin", __HYPERVISOR_mmuext_op, MMUEXT_PIN_L4_TABLE, 1, -XEN_EINVAL, -XEN_EINVAL,
      "pinning the bootstrap L4 (mmuext_op) refused by the hypervisor (-22, EINVAL)", 0 },
    { "setvcpucontext", __HYPERVISOR_domctl, PVISOR_DOMCTL_setvcpucontext, 1, -XEN_EINVAL,
      -XEN_EINVAL, "setvcpucontext refused", 0 },
};

static void test_failures(void)
{
    for (size_t i = 0; i < sizeof(failures) / sizeof(failures[0]); i++) {
        const struct failure *c = &failures[i];

        make_image(&(struct image_opts){ 0 });
        setup(8);
        f.fail_nr = c->nr, f.fail_cmd = c->cmd, f.fail_at = c->at, f.fail_rc = c->rc;
        if (c->limit)
            f.limit = c->limit;
        EXPECT_EQ(c->label, build(), c->want);
        check_refused(c->label, "/guests/web.elf", c->msg);
        fake_fini(&f);
    }
}

static void test_bad_args(void)
{
    make_image(&(struct image_opts){ 0 });
    setup(8);
    args.kernel_len = 0;
    EXPECT_EQ("empty kernel", build(), -XEN_EINVAL);
    CU_ASSERT(strstr(err, "/guests/web.elf: empty kernel image") != NULL);
    args.kernel_len = img_len;
    args.cfg = NULL;
    EXPECT_EQ("no config", build(), -XEN_EINVAL);
    args.cfg = &cfg;
    cfg.memory_mib = 0;
    EXPECT_EQ("no memory", build(), -XEN_EINVAL);
    cfg.memory_mib = 16;        /* above maxmem 8 */
    EXPECT_EQ("memory above maxmem", build(), -XEN_EINVAL);
    cfg.memory_mib = cfg.maxmem_mib = 1ULL << 60;   /* would overflow the page count */
    EXPECT_EQ("huge memory", build(), -XEN_EINVAL);
    CU_ASSERT(strstr(err, "is above the 1048576 MiB a domain may have") != NULL);
    cfg.memory_mib = 8, cfg.maxmem_mib = 1ULL << 60;
    EXPECT_EQ("huge maxmem", build(), -XEN_EINVAL);
    check_nothing_left("bad arguments");
    EXPECT_EQ("bad arguments", build_pv_domain(&ops, &f, &args, &res, NULL, 0), -XEN_EINVAL);
    fake_fini(&f);
}

static void test_two_domains(void)
{
    /* Two builds in a row: distinct domains, distinct frames, both complete. */
    make_image(&(struct image_opts){ 0 });
    setup(4);
    EXPECT_EQ("first", build(), 0);
    EXPECT_EQ("first", res.domid, 1);
    strcpy(cfg.name, "db");
    EXPECT_EQ("second", build(), 0);
    EXPECT_EQ("second", res.domid, 2);
    EXPECT_EQ("two domains", fake_frames_used(&f), 2 * (1024 + 1));
    EXPECT_EQ("two domains", f.dom[2].has_ctxt, 1);
    fake_fini(&f);
}

void unit_register(void)
{
    static const CU_TestInfo tests[] = {
        { "layout, page tables, start_info, vCPU 0", test_layout },
        { "ramdisk after the kernel, small map windows", test_ramdisk },
        { "MOD_START_PFN: ramdisk after the region", test_mod_start_pfn },
        { "INIT_P2M: the p2m list at its own address", test_init_p2m },
        { "no VIRT_BASE, no hypercall page", test_no_virt_base },
        { "12 MiB", test_big },
        { "malformed and hostile images refused", test_refusals },
        { "a failure at each step destroys the domain", test_failures },
        { "bad arguments", test_bad_args },
        { "two domains", test_two_domains },
        CU_TEST_INFO_NULL,
    };

    unit_add_suite("build", tests);
}
