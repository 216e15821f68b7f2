/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the Xen ELF note checks (hypervisor/core/xen_elfnotes.c).
 *
 * Each case lists the notes of one image, built in memory around the same
 * two loadable segments, patches up to four header fields (to move the
 * kernel), and states what xen_elfnotes_parse() must answer: 0 and the
 * fields it must fill, or -ENOEXEC and a substring of the message. The real
 * ELF reader (core/elf.c) walks the notes, so malformed note headers come
 * back with its messages.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/xen_elfnotes.h>
#include <public/elfnote.h>
#include <public/features.h>
#include <public/xen.h>

/*
 * The image: text (R X) and data with bss (R W), the kernel covering
 * [KBASE, KBASE + 0x3000); one or two note segments.
 *
 *   file offset  contents
 *   0x0000       ELF header, then 4 program headers at 0x40
 *   0x0400       note segment 0 (NOTE_MAX bytes reserved)
 *   0x0c00       note segment 1, for cases that split their notes
 *   0x1000       text: 0x100 bytes at KBASE, entry KBASE + 0x10
 *   0x2000       data: 0x100 bytes at KBASE + 0x1000, memsz 0x2000
 *   0x2100       end of file
 */
#define KBASE           0xFFFFFFFF80000000ULL
#define KEND            (KBASE + 0x3000)
#define IMG_SIZE        0x2100
#define IMG_BUF         0x2800
#define NOTE0_OFF       0x400
#define NOTE1_OFF       0xc00
#define NOTE_MAX        0x800
#define NOTE1_MAX       0x400
#define HV_START        0xFFFF800000000000ULL
#define HV_END          0xFFFF880000000000ULL

_Static_assert(HV_START == HYPERVISOR_VIRT_START && HV_END == HYPERVISOR_VIRT_END,
               "the cases below assume Xen's x86-64 hypervisor hole");

static uint8_t img_buf[IMG_BUF] __attribute__((aligned(8)));

/* One note of a case. Kind N_END ends the list. */
enum note_kind { N_END, N_NUM, N_STR, N_RAW };

struct note_spec {
    enum note_kind kind;
    uint32_t type;
    uint32_t size;              /* N_NUM: bytes of the number; N_RAW: descsz */
    uint64_t num;               /* N_NUM */
    const char *str;            /* N_STR: text, NUL included; N_RAW: bytes */
    const char *owner;          /* NULL: "Xen" */
    uint32_t namesz;            /* 0: strlen(owner) + 1 */
    unsigned int seg;           /* note segment 0 or 1 */
};

#define NUM(t, sz, v)       { N_NUM, (t), (sz), (v), NULL, NULL, 0, 0 }
#define STR(t, s)           { N_STR, (t), 0, 0, (s), NULL, 0, 0 }
#define RAW(t, sz, s)       { N_RAW, (t), (sz), 0, (s), NULL, 0, 0 }
#define OWNED(o, t, s)      { N_STR, (t), 0, 0, (s), (o), 0, 0 }
#define NAMESZ(o, n, t, s)  { N_STR, (t), 0, 0, (s), (o), (n), 0 }
#define NUM_SEG1(t, sz, v)  { N_NUM, (t), (sz), (v), NULL, NULL, 0, 1 }
#define STR_SEG1(t, s)      { N_STR, (t), 0, 0, (s), NULL, 0, 1 }

/* What a Xen PV kernel minimally carries: who it is. */
#define MINIMAL             STR(XEN_ELFNOTE_GUEST_OS, "linux")
/* The notes of tests/integration/lib/head.S, with a known hypercall page. */
#define FULL                STR(XEN_ELFNOTE_GUEST_OS, "pvisor-test"),          \
                            STR(XEN_ELFNOTE_GUEST_VERSION, "1"),               \
                            STR(XEN_ELFNOTE_LOADER, "generic"),                \
                            STR(XEN_ELFNOTE_XEN_VERSION, "xen-3.0"),           \
                            NUM(XEN_ELFNOTE_VIRT_BASE, 8, KBASE),              \
                            NUM(XEN_ELFNOTE_PADDR_OFFSET, 8, KBASE),           \
                            NUM(XEN_ELFNOTE_ENTRY, 8, KBASE + 0x20),           \
                            NUM(XEN_ELFNOTE_HYPERCALL_PAGE, 8, KBASE + 0x1000)

/* A header field to overwrite before parsing. */
struct patch {
    size_t off;
    size_t width;               /* 0: no patch */
    uint64_t value;
};

#define EH(f)           offsetof(struct elf64_ehdr, f)
#define PH(i, f)        (sizeof(struct elf64_ehdr) + (i) * sizeof(struct elf64_phdr) + \
                         offsetof(struct elf64_phdr, f))
#define P_ENTRY(v)      { EH(e_entry), 8, (v) }
#define P_VADDR(i, v)   { PH(i, p_vaddr), 8, (v) }
#define P_MEMSZ(i, v)   { PH(i, p_memsz), 8, (v) }
/* Move the whole kernel (both segments and the ELF entry) to @base. */
#define MOVE_TO(base)   { P_VADDR(0, (base)), P_VADDR(1, (base) + 0x1000), \
                          P_ENTRY((base) + 0x10) }

#define FEAT(f)         (1u << XENFEAT_##f)

struct parse_case {
    const char *name;
    struct note_spec notes[12];
    struct patch patch[4];
    int adjust;                 /* bytes added to (<0: cut from) segment 0 */
    uint64_t seg0_align;        /* 0: 4 */
    int rc;                     /* expected result */
    const char *why;            /* rc != 0: expected substring, NULL: unchecked */
    const struct xen_elfnotes *want;    /* rc == 0: expected fields */
};

/* Expected fields of an accepted image. */
#define WANT(...)       (&(const struct xen_elfnotes){ __VA_ARGS__ })
#define KERNEL          .kstart = KBASE, .kend = KEND
#define MALFORMED       "a Xen note has a malformed value"
#define NO_XEN          "no Xen ELF notes: not a Xen PV kernel"
#define NEITHER         "neither a GUEST_OS note nor LOADER \"generic\""
#define BAD_VERSION     "XEN_VERSION note is not xen-3.0"
#define UNKNOWN_FEAT    "FEATURES note names an unknown feature"
#define IMPOSSIBLE      "the kernel requires a feature PV cannot give"
#define VIRT_ABOVE      "VIRT_BASE lies above the kernel's first byte"
#define ENTRY_OUT       "entry point outside the kernel"
#define ENTRY_NOTE_OUT "ENTRY note outside the kernel"
#define VIRT_UNALIGNED "VIRT_BASE is not page aligned"
#define NONCANON "kernel lies at non-canonical addresses"
#define HV_OVERLAP      "kernel overlaps the hypervisor's virtual range"
#define HCALL_BAD       "HYPERCALL_PAGE not a page inside the kernel"

static const struct parse_case cases[] = {
    /* Accepted images and what they yield. */
    { "head.S notes", { FULL }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x20, .virt_base = KBASE, .has_virt_base = true,
           .paddr_offset = KBASE, .hypercall_page = KBASE + 0x1000,
           .guest_os = "pvisor-test", .loader = "generic", .xen_version = "xen-3.0",
           KERNEL) },
    { "GUEST_OS only: ELF entry, no VIRT_BASE", { MINIMAL }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL) },
    { "LOADER generic only", { STR(XEN_ELFNOTE_LOADER, "generic") }, {}, 0, 0,
      0, NULL, WANT(.entry = KBASE + 0x10, .loader = "generic", KERNEL) },
    { "number of 1 byte", { MINIMAL, NUM(XEN_ELFNOTE_PADDR_OFFSET, 1, 0xab) },
      {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .paddr_offset = 0xab, .guest_os = "linux", KERNEL) },
    { "number of 2 bytes", { MINIMAL, NUM(XEN_ELFNOTE_PADDR_OFFSET, 2, 0xabcd) },
      {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .paddr_offset = 0xabcd, .guest_os = "linux",
           KERNEL) },
    { "number of 4 bytes", { MINIMAL, NUM(XEN_ELFNOTE_PADDR_OFFSET, 4, 0x89abcdef) },
      {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .paddr_offset = 0x89abcdef, .guest_os = "linux",
           KERNEL) },
    { "number of 8 bytes",
      { MINIMAL, NUM(XEN_ELFNOTE_PADDR_OFFSET, 8, 0x0123456789abcdefULL) },
      {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .paddr_offset = 0x0123456789abcdefULL,
           .guest_os = "linux", KERNEL) },
    { "INIT_P2M and MOD_START_PFN read",
      { MINIMAL, NUM(XEN_ELFNOTE_INIT_P2M, 8, 0xFFFFEA0000000000ULL),
        NUM(XEN_ELFNOTE_MOD_START_PFN, 4, 1) }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .init_p2m = 0xFFFFEA0000000000ULL,
           .mod_start_pfn = 1, .guest_os = "linux", KERNEL) },
    { "informational and unknown notes ignored",
      { MINIMAL, STR(XEN_ELFNOTE_GUEST_VERSION, "2.6"), STR(XEN_ELFNOTE_PAE_MODE, "no"),
        RAW(XEN_ELFNOTE_INFO, 3, "abc"), RAW(XEN_ELFNOTE_CRASH_INFO, 5, "12345"),
        STR(XEN_ELFNOTE_BSD_SYMTAB, "yes"), RAW(0x7777, 0, "") }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL) },
    { "other owners' notes ignored",
      { OWNED("GNU", XEN_ELFNOTE_XEN_VERSION, "xen-9.9"),
        OWNED("XEN", XEN_ELFNOTE_FEATURES, "!auto_translated_physmap"),
        NAMESZ("Xen", 3, XEN_ELFNOTE_LOADER, "bogus"), MINIMAL }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL) },
    { "notes in two segments",
      { STR_SEG1(XEN_ELFNOTE_GUEST_OS, "linux"),
        NUM_SEG1(XEN_ELFNOTE_ENTRY, 8, KBASE + 0x40),
        OWNED("GNU", 3, "x") }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x40, .guest_os = "linux", KERNEL) },
    { "notes padded to 8 bytes", { NUM(XEN_ELFNOTE_ENTRY, 8, KBASE + 0x40),
        STR(XEN_ELFNOTE_GUEST_OS, "abc"), NUM(XEN_ELFNOTE_HYPERCALL_PAGE, 8, KBASE) },
      {}, 0, 8, 0, NULL,
      WANT(.entry = KBASE + 0x40, .hypercall_page = KBASE, .guest_os = "abc",
           KERNEL) },
    { "a later note wins", { MINIMAL, NUM(XEN_ELFNOTE_ENTRY, 8, KBASE + 0x40),
        NUM(XEN_ELFNOTE_ENTRY, 8, KBASE + 0x80) }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x80, .guest_os = "linux", KERNEL) },
    { "string of 31 characters fits",
      { STR(XEN_ELFNOTE_GUEST_OS, "0123456789012345678901234567890") }, {}, 0, 0,
      0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "0123456789012345678901234567890",
           KERNEL) },
    { "string shorter than its note", { RAW(XEN_ELFNOTE_GUEST_OS, 8, "os\0junk!") },
      {}, 0, 0, 0, NULL, WANT(.entry = KBASE + 0x10, .guest_os = "os", KERNEL) },
    { "XEN_VERSION xen-3.0 with a suffix (prefix match, as Xen)",
      { MINIMAL, STR(XEN_ELFNOTE_XEN_VERSION, "xen-3.0-unstable") }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", .xen_version = "xen-3.0-unstable",
           KERNEL) },

    /* FEATURES and SUPPORTED_FEATURES. */
    { "FEATURES supported and required",
      { MINIMAL, STR(XEN_ELFNOTE_FEATURES,
                     "!writable_page_tables|pae_pgdir_above_4gb|dom0") }, {}, 0, 0,
      0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL,
           .features_supported = FEAT(writable_page_tables) |
                                 FEAT(pae_pgdir_above_4gb) | FEAT(dom0),
           .features_required = FEAT(writable_page_tables)) },
    { "FEATURES every known name",
      { MINIMAL, STR(XEN_ELFNOTE_FEATURES,
                     "writable_page_tables|writable_descriptor_tables|"
                     "auto_translated_physmap|supervisor_mode_kernel|"
                     "pae_pgdir_above_4gb|mmu_pt_update_preserve_ad|highmem_assist|"
                     "gnttab_map_avail_bits|hvm_callback_vector|hvm_safe_pvclock|"
                     "hvm_pirqs|dom0") }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL,
           .features_supported = 0xfff) },
    { "FEATURES with a trailing bar",
      { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "!writable_descriptor_tables|") }, {}, 0, 0,
      0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL,
           .features_supported = FEAT(writable_descriptor_tables),
           .features_required = FEAT(writable_descriptor_tables)) },
    { "FEATURES empty", { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "") }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL) },
    { "SUPPORTED_FEATURES bitmap adds to FEATURES",
      { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "dom0"),
        NUM(XEN_ELFNOTE_SUPPORTED_FEATURES, 4, FEAT(writable_page_tables) | (1u << 16)) },
      {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL,
           .features_supported = FEAT(dom0) | FEAT(writable_page_tables) | (1u << 16)) },

    /* The kernel's place: boundaries that are still accepted. */
    { "VIRT_BASE equal to the kernel start",
      { MINIMAL, NUM(XEN_ELFNOTE_VIRT_BASE, 8, KBASE) }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .virt_base = KBASE, .has_virt_base = true,
           .guest_os = "linux", KERNEL) },
    { "VIRT_BASE below the kernel",
      { MINIMAL, NUM(XEN_ELFNOTE_VIRT_BASE, 8, KBASE - 0x400000) }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .virt_base = KBASE - 0x400000, .has_virt_base = true,
           .guest_os = "linux", KERNEL) },
    { "ENTRY at the kernel's first byte",
      { MINIMAL, NUM(XEN_ELFNOTE_ENTRY, 8, KBASE) }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE, .guest_os = "linux", KERNEL) },
    { "ENTRY at the kernel's last byte",
      { MINIMAL, NUM(XEN_ELFNOTE_ENTRY, 8, KEND - 1) }, {}, 0, 0, 0, NULL,
      WANT(.entry = KEND - 1, .guest_os = "linux", KERNEL) },
    { "HYPERCALL_PAGE the last page (bss)",
      { MINIMAL, NUM(XEN_ELFNOTE_HYPERCALL_PAGE, 8, KEND - 0x1000) }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .hypercall_page = KEND - 0x1000, .guest_os = "linux",
           KERNEL) },
    { "HYPERCALL_PAGE 0 means none",
      { MINIMAL, NUM(XEN_ELFNOTE_HYPERCALL_PAGE, 8, 0) }, {}, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL) },
    { "kernel starting at the hypervisor's end", { MINIMAL }, MOVE_TO(HV_END), 0, 0,
      0, NULL,
      WANT(.entry = HV_END + 0x10, .guest_os = "linux", .kstart = HV_END,
           .kend = HV_END + 0x3000) },
    { "kernel in the low half", { MINIMAL }, MOVE_TO(0x400000), 0, 0, 0, NULL,
      WANT(.entry = 0x400010, .guest_os = "linux", .kstart = 0x400000,
           .kend = 0x403000) },
    { "unaligned kernel: range rounded to pages", { MINIMAL },
      { P_VADDR(0, KBASE + 0x800), P_VADDR(1, KBASE + 0x1800),
        P_ENTRY(KBASE + 0x810) }, 0, 0, 0, NULL,
      WANT(.entry = KBASE + 0x810, .guest_os = "linux", .kstart = KBASE,
           .kend = KBASE + 0x4000) },

    /* Malformed notes. */
    { "number of 3 bytes", { MINIMAL, NUM(XEN_ELFNOTE_PADDR_OFFSET, 3, 1) }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "number of 16 bytes", { MINIMAL, NUM(XEN_ELFNOTE_VIRT_BASE, 16, KBASE) }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "number of 0 bytes", { MINIMAL, NUM(XEN_ELFNOTE_HYPERCALL_PAGE, 0, 0) }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "ENTRY of 5 bytes", { MINIMAL, NUM(XEN_ELFNOTE_ENTRY, 5, KBASE) }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "SUPPORTED_FEATURES of 6 bytes",
      { MINIMAL, NUM(XEN_ELFNOTE_SUPPORTED_FEATURES, 6, 1) }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "INIT_P2M of 7 bytes", { MINIMAL, NUM(XEN_ELFNOTE_INIT_P2M, 7, 1) }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "MOD_START_PFN of 0 bytes", { MINIMAL, NUM(XEN_ELFNOTE_MOD_START_PFN, 0, 0) },
      {}, 0, 0, -ENOEXEC, MALFORMED, NULL },
    { "GUEST_OS not NUL-terminated", { RAW(XEN_ELFNOTE_GUEST_OS, 5, "linux") }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "LOADER not NUL-terminated",
      { MINIMAL, RAW(XEN_ELFNOTE_LOADER, 7, "generic") }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "XEN_VERSION not NUL-terminated",
      { MINIMAL, RAW(XEN_ELFNOTE_XEN_VERSION, 7, "xen-3.0") }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "FEATURES not NUL-terminated",
      { MINIMAL, RAW(XEN_ELFNOTE_FEATURES, 4, "dom0") }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "empty string note", { MINIMAL, RAW(XEN_ELFNOTE_LOADER, 0, "") }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "string of 32 characters too long",
      { STR(XEN_ELFNOTE_GUEST_OS, "01234567890123456789012345678901") }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "FEATURES of 256 characters too long",
      { MINIMAL, STR(XEN_ELFNOTE_FEATURES,
        "dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|"
        "dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|"
        "dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|"
        "dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0|dom0") }, {}, 0, 0,
      -ENOEXEC, MALFORMED, NULL },
    { "note descriptor cut short", { MINIMAL, NUM(XEN_ELFNOTE_ENTRY, 8, KBASE) },
      {}, -4, 0, -ENOEXEC, "note descriptor past end of segment", NULL },
    { "note header cut short", { MINIMAL }, {}, 8, 0,
      -ENOEXEC, "truncated note header", NULL },
    { "note name past the segment", { NAMESZ("Xen", 0x10000, 6, "linux") }, {}, 0, 0,
      -ENOEXEC, "note name past end of segment", NULL },

    /* Not a Xen kernel, or not one for this ABI. */
    { "no notes at all", {}, {}, 0, 0, -ENOEXEC, NO_XEN, NULL },
    { "only GNU notes", { OWNED("GNU", XEN_ELFNOTE_GUEST_OS, "linux") }, {}, 0, 0,
      -ENOEXEC, NO_XEN, NULL },
    { "owner \"Xen\" without its NUL",
      { NAMESZ("Xen", 3, XEN_ELFNOTE_GUEST_OS, "linux") }, {}, 0, 0,
      -ENOEXEC, NO_XEN, NULL },
    { "neither GUEST_OS nor LOADER", { NUM(XEN_ELFNOTE_ENTRY, 8, KBASE + 0x10),
        STR(XEN_ELFNOTE_XEN_VERSION, "xen-3.0") }, {}, 0, 0, -ENOEXEC, NEITHER, NULL },
    { "LOADER not generic", { STR(XEN_ELFNOTE_LOADER, "elf") }, {}, 0, 0,
      -ENOEXEC, NEITHER, NULL },
    { "LOADER generic with a suffix", { STR(XEN_ELFNOTE_LOADER, "generic2") }, {}, 0, 0,
      -ENOEXEC, NEITHER, NULL },
    { "GUEST_OS empty", { STR(XEN_ELFNOTE_GUEST_OS, "") }, {}, 0, 0,
      -ENOEXEC, NEITHER, NULL },
    { "XEN_VERSION xen-3.1", { MINIMAL, STR(XEN_ELFNOTE_XEN_VERSION, "xen-3.1") },
      {}, 0, 0, -ENOEXEC, BAD_VERSION, NULL },
    { "XEN_VERSION xen-3", { MINIMAL, STR(XEN_ELFNOTE_XEN_VERSION, "xen-3") },
      {}, 0, 0, -ENOEXEC, BAD_VERSION, NULL },
    /* An empty string counts as no note, as an empty GUEST_OS does. */
    { "XEN_VERSION empty", { MINIMAL, STR(XEN_ELFNOTE_XEN_VERSION, "") }, {}, 0, 0,
      0, NULL, WANT(.entry = KBASE + 0x10, .guest_os = "linux", KERNEL) },

    /* FEATURES refused. */
    { "FEATURES unknown name", { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "dom0|teleport") },
      {}, 0, 0, -ENOEXEC, UNKNOWN_FEAT, NULL },
    { "FEATURES name prefix", { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "writable_page") },
      {}, 0, 0, -ENOEXEC, UNKNOWN_FEAT, NULL },
    { "FEATURES name with a suffix", { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "dom0x") },
      {}, 0, 0, -ENOEXEC, UNKNOWN_FEAT, NULL },
    { "FEATURES empty item", { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "dom0||dom0") },
      {}, 0, 0, -ENOEXEC, UNKNOWN_FEAT, NULL },
    { "FEATURES bare '!'", { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "!") }, {}, 0, 0,
      -ENOEXEC, UNKNOWN_FEAT, NULL },
    { "FEATURES bit 13 by name", { MINIMAL,
        STR(XEN_ELFNOTE_FEATURES, "memory_op_vnode_supported") }, {}, 0, 0,
      -ENOEXEC, UNKNOWN_FEAT, NULL },
    { "requires auto_translated_physmap",
      { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "dom0|!auto_translated_physmap") }, {}, 0, 0,
      -ENOEXEC, IMPOSSIBLE, NULL },
    { "requires supervisor_mode_kernel",
      { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "!supervisor_mode_kernel") }, {}, 0, 0,
      -ENOEXEC, IMPOSSIBLE, NULL },
    { "requires hvm_callback_vector",
      { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "!hvm_callback_vector") }, {}, 0, 0,
      -ENOEXEC, IMPOSSIBLE, NULL },
    { "requires hvm_pirqs", { MINIMAL, STR(XEN_ELFNOTE_FEATURES, "!hvm_pirqs") },
      {}, 0, 0, -ENOEXEC, IMPOSSIBLE, NULL },

    /* The kernel's place refused. */
    { "VIRT_BASE one page above the kernel start",
      { MINIMAL, NUM(XEN_ELFNOTE_VIRT_BASE, 8, KBASE + 0x1000) }, {}, 0, 0,
      -ENOEXEC, VIRT_ABOVE, NULL },
    { "VIRT_BASE one byte above the kernel start (unaligned)",
      { MINIMAL, NUM(XEN_ELFNOTE_VIRT_BASE, 8, KBASE + 1) }, {}, 0, 0,
      -ENOEXEC, VIRT_UNALIGNED, NULL },
    { "ENTRY at the kernel's end", { MINIMAL, NUM(XEN_ELFNOTE_ENTRY, 8, KEND) }, {}, 0, 0,
      -ENOEXEC, ENTRY_NOTE_OUT, NULL },
    { "ENTRY below the kernel", { MINIMAL, NUM(XEN_ELFNOTE_ENTRY, 8, KBASE - 1) },
      {}, 0, 0, -ENOEXEC, ENTRY_NOTE_OUT, NULL },
    { "ENTRY of 4 bytes (truncated address)",
      { MINIMAL, NUM(XEN_ELFNOTE_ENTRY, 4, KBASE + 0x10) }, {}, 0, 0,
      -ENOEXEC, ENTRY_NOTE_OUT, NULL },
    { "ENTRY 0", { MINIMAL, NUM(XEN_ELFNOTE_ENTRY, 8, 0) }, {}, 0, 0,
      -ENOEXEC, ENTRY_NOTE_OUT, NULL },
    { "kernel inside the hypervisor's range", { MINIMAL },
      MOVE_TO(HV_START + 0x10000000000ULL), 0, 0, -ENOEXEC, HV_OVERLAP, NULL },
    { "kernel at the hypervisor's first page", { MINIMAL }, MOVE_TO(HV_START), 0, 0,
      -ENOEXEC, HV_OVERLAP, NULL },
    { "kernel ending at the hypervisor's end", { MINIMAL }, MOVE_TO(HV_END - 0x3000),
      0, 0, -ENOEXEC, HV_OVERLAP, NULL },
    /*
     * Below HV_START lies the non-canonical hole: these two test the range
     * arithmetic, not kernels anyone could run.
     */
    { "kernel running into the hypervisor's range", { MINIMAL },
      MOVE_TO(HV_START - 0x2000), 0, 0, -ENOEXEC, NONCANON, NULL },
    { "kernel running out of the hypervisor's range", { MINIMAL },
      MOVE_TO(HV_END - 0x1000), 0, 0, -ENOEXEC, HV_OVERLAP, NULL },
    { "kernel straddling the hypervisor's range", { MINIMAL },
      { P_VADDR(0, HV_START - 0x1000), P_VADDR(1, HV_END),
        P_ENTRY(HV_START - 0x1000 + 0x10) }, 0, 0, -ENOEXEC, NONCANON, NULL },
    { "HYPERCALL_PAGE not page aligned",
      { MINIMAL, NUM(XEN_ELFNOTE_HYPERCALL_PAGE, 8, KBASE + 0x1008) }, {}, 0, 0,
      -ENOEXEC, HCALL_BAD, NULL },
    { "HYPERCALL_PAGE at the kernel's end",
      { MINIMAL, NUM(XEN_ELFNOTE_HYPERCALL_PAGE, 8, KEND) }, {}, 0, 0,
      -ENOEXEC, HCALL_BAD, NULL },
    { "HYPERCALL_PAGE below the kernel",
      { MINIMAL, NUM(XEN_ELFNOTE_HYPERCALL_PAGE, 8, KBASE - 0x1000) }, {}, 0, 0,
      -ENOEXEC, HCALL_BAD, NULL },
    { "HYPERCALL_PAGE in the hypervisor's range",
      { MINIMAL, NUM(XEN_ELFNOTE_HYPERCALL_PAGE, 8, HV_START) }, {}, 0, 0,
      -ENOEXEC, HCALL_BAD, NULL },
    /*
     * A kernel whose last page is the top of the address space: its end
     * cannot be represented, so it is refused (the start-of-day region
     * could not follow it anyway). The message is not checked: it is
     * "entry point outside the kernel", because kend wraps to 0.
     */
    { "kernel in the top page of the address space", { MINIMAL },
      { P_VADDR(0, 0xFFFFFFFFFFFFD000ULL), P_VADDR(1, 0xFFFFFFFFFFFFE000ULL),
        P_ENTRY(0xFFFFFFFFFFFFD010ULL), P_MEMSZ(1, 0x1fff) }, 0, 0, -ENOEXEC, NULL,
      NULL },
};

static void put_phdr(unsigned int i, uint32_t type, uint32_t flags, uint64_t off,
                     uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align)
{
    struct elf64_phdr ph = {
        .p_type = type, .p_flags = flags, .p_offset = off, .p_vaddr = vaddr,
        .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz, .p_align = align,
    };

    memcpy(img_buf + sizeof(struct elf64_ehdr) + i * sizeof(ph), &ph, sizeof(ph));
}

/*
 * Append one note at @*off (inside a segment starting at @base, padded to
 * @align). Returns false if it would not fit in @max bytes.
 */
static bool put_note(const struct note_spec *s, size_t base, size_t *off, size_t max,
                     size_t align)
{
    const char *owner = s->owner ? s->owner : "Xen";
    size_t owner_len = strlen(owner) + 1;
    struct elf64_nhdr nh = { .n_type = s->type };
    size_t pos = *off, desc_off, name_len;
    const void *desc;

    nh.n_namesz = s->namesz ? s->namesz : (uint32_t)owner_len;
    switch (s->kind) {
    case N_NUM:
        nh.n_descsz = s->size;
        desc = &s->num;         /* little endian host: the low bytes first */
        break;
    case N_STR:
        nh.n_descsz = (uint32_t)strlen(s->str) + 1;
        desc = s->str;
        break;
    default:
        nh.n_descsz = s->size;
        desc = s->str;
        break;
    }
    /* A namesz larger than the name given only claims bytes it lacks. */
    name_len = MIN((size_t)nh.n_namesz, owner_len);
    desc_off = (sizeof(nh) + name_len + align - 1) & ~(align - 1);
    if (pos + desc_off + nh.n_descsz + align > max)
        return false;
    memcpy(img_buf + base + pos, &nh, sizeof(nh));
    memcpy(img_buf + base + pos + sizeof(nh), owner, name_len);
    if (s->kind == N_NUM) {
        uint8_t wide[16] = { 0 };

        memcpy(wide, desc, sizeof(s->num));
        memcpy(img_buf + base + pos + desc_off, wide, nh.n_descsz);
    } else {
        memcpy(img_buf + base + pos + desc_off, desc, nh.n_descsz);
    }
    *off = (pos + desc_off + nh.n_descsz + align - 1) & ~(align - 1);
    return true;
}

/* Build the image of case @c. Returns false if its notes do not fit. */
static bool build(const struct parse_case *c)
{
    struct elf64_ehdr eh = {
        .e_ident = { 0x7f, 'E', 'L', 'F', ELF_CLASS_64, ELF_DATA_LSB,
                     ELF_VERSION_CURRENT },
        .e_type = ELF_TYPE_EXEC,
        .e_machine = ELF_MACHINE_X86_64,
        .e_version = ELF_VERSION_CURRENT,
        .e_entry = KBASE + 0x10,
        .e_phoff = sizeof(struct elf64_ehdr),
        .e_ehsize = sizeof(struct elf64_ehdr),
        .e_phentsize = sizeof(struct elf64_phdr),
        .e_phnum = 4,
    };
    size_t align0 = c->seg0_align ? c->seg0_align : 4;
    size_t len[2] = { 0, 0 };
    const struct note_spec *s;
    unsigned int i;

    memset(img_buf, 0, sizeof(img_buf));
    memcpy(img_buf, &eh, sizeof(eh));
    put_phdr(0, ELF_PT_LOAD, ELF_PF_R | ELF_PF_X, 0x1000, KBASE, 0x100, 0x1000, 0x1000);
    put_phdr(1, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, 0x2000, KBASE + 0x1000, 0x100,
             0x2000, 0x1000);
    memset(img_buf + 0x1000, 0x90, 0x100);
    for (s = c->notes; s->kind != N_END; s++) {
        bool ok = s->seg ? put_note(s, NOTE1_OFF, &len[1], NOTE1_MAX, 4)
                         : put_note(s, NOTE0_OFF, &len[0], NOTE_MAX, align0);

        if (!ok)
            return false;
    }
    if (c->adjust < 0 && (size_t)-c->adjust > len[0])
        return false;
    len[0] += c->adjust;        /* added bytes are zero: a cut-off header */
    /* An unused note header stays PT_NULL. */
    if (len[0] || c->adjust)
        put_phdr(2, ELF_PT_NOTE, ELF_PF_R, NOTE0_OFF, 0, len[0], 0, align0);
    if (len[1])
        put_phdr(3, ELF_PT_NOTE, ELF_PF_R, NOTE1_OFF, 0, len[1], 0, 4);
    for (i = 0; i < ARRAY_SIZE(c->patch); i++)
        if (c->patch[i].width)
            memcpy(img_buf + c->patch[i].off, &c->patch[i].value, c->patch[i].width);
    return true;
}

/* Compare every field of @got with @want; say which differ. */
static void check_fields(const char *name, const struct xen_elfnotes *got,
                         const struct xen_elfnotes *want)
{
    static const struct {
        const char *field;
        size_t off;
    } nums[] = {
#define F(f) { #f, offsetof(struct xen_elfnotes, f) }
        F(entry), F(virt_base), F(paddr_offset), F(hypercall_page), F(init_p2m),
        F(mod_start_pfn), F(kstart), F(kend),
#undef F
    };
    static const struct {
        const char *field;
        size_t off;
    } strs[] = {
#define F(f) { #f, offsetof(struct xen_elfnotes, f) }
        F(guest_os), F(loader), F(xen_version),
#undef F
    };
    char label[160];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(nums); i++) {
        uint64_t g, w;

        memcpy(&g, (const char *)got + nums[i].off, sizeof(g));
        memcpy(&w, (const char *)want + nums[i].off, sizeof(w));
        if (g != w) {
            fprintf(stderr, "  %s: %s is %#llx, expected %#llx\n", name,
                    nums[i].field, (unsigned long long)g, (unsigned long long)w);
            CU_FAIL("wrong number field");
        }
    }
    for (i = 0; i < ARRAY_SIZE(strs); i++) {
        const char *g = (const char *)got + strs[i].off;
        const char *w = (const char *)want + strs[i].off;

        if (strcmp(g, w) != 0) {
            fprintf(stderr, "  %s: %s is '%s', expected '%s'\n", name, strs[i].field,
                    g, w);
            CU_FAIL("wrong string field");
        }
    }
    snprintf(label, sizeof(label), "%s: has_virt_base", name);
    EXPECT_EQ(label, got->has_virt_base, want->has_virt_base);
    snprintf(label, sizeof(label), "%s: features_supported", name);
    EXPECT_EQ(label, got->features_supported, want->features_supported);
    snprintf(label, sizeof(label), "%s: features_required", name);
    EXPECT_EQ(label, got->features_required, want->features_required);
}

static void test_parse_table(void)
{
    struct elf_image img;
    struct xen_elfnotes n;
    const char *why;
    size_t i;
    int rc;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct parse_case *c = &cases[i];

        if (!build(c)) {
            fprintf(stderr, "  %s: notes do not fit the test image\n", c->name);
            CU_FAIL("bad case");
            continue;
        }
        why = NULL;
        rc = elf_init(&img, img_buf, IMG_SIZE, 0, &why);
        if (rc) {
            fprintf(stderr, "  %s: elf_init refused the image: %s\n", c->name, why);
            CU_FAIL("bad case");
            continue;
        }
        why = NULL;
        memset(&n, 0x5a, sizeof(n));
        rc = xen_elfnotes_parse(&img, &n, &why);
        EXPECT_EQ(c->name, rc, c->rc);
        if (rc && c->why && (!why || !strstr(why, c->why))) {
            fprintf(stderr, "  %s: message '%s', expected '%s'\n", c->name,
                    why ? why : "(none)", c->why);
            CU_FAIL("wrong message");
        }
        if (rc && !why) {
            fprintf(stderr, "  %s: refused without a message\n", c->name);
            CU_FAIL("no message");
        }
        if (!rc && c->rc == 0 && c->want)
            check_fields(c->name, &n, c->want);
    }
}

/* The test image builder itself: the FULL notes read back as head.S wrote them. */
static void test_builder(void)
{
    static const struct parse_case c = { "builder", { FULL }, {}, 0, 0, 0, NULL, NULL };
    static const uint32_t want_types[] = {
        XEN_ELFNOTE_GUEST_OS, XEN_ELFNOTE_GUEST_VERSION, XEN_ELFNOTE_LOADER,
        XEN_ELFNOTE_XEN_VERSION, XEN_ELFNOTE_VIRT_BASE, XEN_ELFNOTE_PADDR_OFFSET,
        XEN_ELFNOTE_ENTRY, XEN_ELFNOTE_HYPERCALL_PAGE,
    };
    struct elf_image img;
    struct elf_note_iter it;
    struct elf_note note;
    unsigned int n = 0;
    int rc;

    CU_ASSERT_FATAL(build(&c));
    CU_ASSERT_FATAL(elf_init(&img, img_buf, IMG_SIZE, 0, NULL) == 0);
    elf_note_iter_init(&it, &img);
    while ((rc = elf_note_next(&it, &note, NULL)) == 1) {
        CU_ASSERT_FATAL(n < ARRAY_SIZE(want_types));
        EXPECT_EQ("builder note type", note.type, want_types[n]);
        CU_ASSERT(elf_note_is(&note, "Xen"));
        n++;
    }
    EXPECT_EQ("builder walk end", rc, 0);
    EXPECT_EQ("builder note count", n, ARRAY_SIZE(want_types));
}

/*
 * Every prefix of a good note segment. A prefix that ends on a note's
 * boundary (or in the padding after its descriptor) is a valid, shorter
 * segment and is accepted: each prefix of FULL still has GUEST_OS. Any
 * other cut leaves a note incomplete and is refused with a message. The
 * notes sit at the very end of a heap block of the file's exact size, so
 * AddressSanitizer catches a read past the segment.
 */
static void test_truncated_segments(void)
{
    static const struct parse_case c = { "prefix", { FULL }, {}, 0, 0, 0, NULL, NULL };
    struct { size_t desc_end, next; } bounds[16];
    struct elf64_phdr ph;
    struct elf_image img;
    struct elf_note_iter it;
    struct elf_note note;
    struct xen_elfnotes n;
    const char *why;
    size_t full, cut, nr = 0, i;
    char label[64];

    CU_ASSERT_FATAL(build(&c));
    CU_ASSERT_FATAL(elf_init(&img, img_buf, IMG_SIZE, 0, NULL) == 0);
    /* Where each note's descriptor ends and the next note starts. */
    elf_note_iter_init(&it, &img);
    while (elf_note_next(&it, &note, NULL) == 1) {
        CU_ASSERT_FATAL(nr < ARRAY_SIZE(bounds));
        bounds[nr].desc_end = (size_t)((const uint8_t *)note.desc - img_buf) +
                              note.descsz - NOTE0_OFF;
        bounds[nr].next = it.off - NOTE0_OFF;
        nr++;
    }
    memcpy(&ph, img_buf + PH(2, p_type), sizeof(ph));
    full = ph.p_filesz;
    EXPECT_EQ("segment end", bounds[nr - 1].next, full);

    for (cut = 0; cut <= full; cut++) {
        size_t size = IMG_SIZE + cut;
        uint8_t *copy = malloc(size);
        int want = -ENOEXEC, rc;

        CU_ASSERT_FATAL(copy != NULL);
        for (i = 0; i < nr; i++)
            if (cut >= bounds[i].desc_end && cut <= bounds[i].next)
                want = 0;
        memcpy(copy, img_buf, IMG_SIZE);
        memcpy(copy + IMG_SIZE, img_buf + NOTE0_OFF, cut);
        ph.p_offset = IMG_SIZE;
        ph.p_filesz = cut;
        memcpy(copy + PH(2, p_type), &ph, sizeof(ph));
        CU_ASSERT_FATAL(elf_init(&img, copy, size, 0, NULL) == 0);
        why = NULL;
        rc = xen_elfnotes_parse(&img, &n, &why);
        snprintf(label, sizeof(label), "segment cut to %zu of %zu bytes", cut, full);
        EXPECT_EQ(label, rc, want);
        if (rc)
            CU_ASSERT_PTR_NOT_NULL(why);
        free(copy);
    }
}

static CU_TestInfo xen_elfnotes_tests[] = {
    { "note image builder", test_builder },
    { "xen_elfnotes_parse table", test_parse_table },
    { "truncated note segments", test_truncated_segments },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("xen_elfnotes", xen_elfnotes_tests);
}
