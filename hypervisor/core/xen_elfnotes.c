/* SPDX-License-Identifier: MIT */
/* Xen ELF notes: parse and check a PV kernel's notes (hv/xen_elfnotes.h). */
#include <hv/arch.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/xen_elfnotes.h>
#include <public/elfnote.h>
#include <public/features.h>
#include <public/xen.h>

/* Feature names as the FEATURES note spells them, by XENFEAT_ number. */
static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_mmu_pt_update_preserve_ad] = "mmu_pt_update_preserve_ad",
    [XENFEAT_highmem_assist] = "highmem_assist",
    [XENFEAT_gnttab_map_avail_bits] = "gnttab_map_avail_bits",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_hvm_safe_pvclock] = "hvm_safe_pvclock",
    [XENFEAT_hvm_pirqs] = "hvm_pirqs",
    [XENFEAT_dom0] = "dom0",
};

/* Required features a PV kernel may not ask for: pvisor cannot give them. */
#define FEATURES_IMPOSSIBLE ((1u << XENFEAT_auto_translated_physmap) | \
                             (1u << XENFEAT_supervisor_mode_kernel) | \
                             (1u << XENFEAT_hvm_callback_vector) | \
                             (1u << XENFEAT_hvm_pirqs))

static int fail(const char **why, const char *msg)
{
    *why = msg;
    return -ENOEXEC;
}

static int note_number(const struct elf_note *nt, uint64_t *v)
{
    const uint8_t *p = nt->desc;

    switch (nt->descsz) {
    case 1: *v = p[0]; return 0;
    case 2: { uint16_t x; memcpy(&x, p, 2); *v = x; return 0; }
    case 4: { uint32_t x; memcpy(&x, p, 4); *v = x; return 0; }
    case 8: memcpy(v, p, 8); return 0;
    default: return -ENOEXEC;
    }
}

static int note_string(const struct elf_note *nt, char *buf, size_t len)
{
    const char *s = nt->desc;

    if (!nt->descsz || strnlen(s, nt->descsz) == nt->descsz)
        return -ENOEXEC;        /* not NUL-terminated inside the note */
    if (strlcpy(buf, s, len) >= len)
        return -ENOEXEC;
    return 0;
}

static int parse_features(struct xen_elfnotes *n, const char *s)
{
    while (*s) {
        bool required = false;
        size_t len = 0;
        unsigned int i;

        if (*s == '!') {
            required = true;
            s++;
        }
        while (s[len] && s[len] != '|')
            len++;
        for (i = 0; i < ARRAY_SIZE(feature_names); i++)
            if (feature_names[i] && strlen(feature_names[i]) == len &&
                !strncmp(feature_names[i], s, len))
                break;
        if (i == ARRAY_SIZE(feature_names))
            return -ENOEXEC;
        n->features_supported |= 1u << i;
        if (required)
            n->features_required |= 1u << i;
        s += len;
        if (*s == '|')
            s++;
    }
    return 0;
}

static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/*
 * Can [start, end) hold a guest image? Canonical, inside one half of the
 * address space, and clear of the hypervisor's slots.
 */
static bool guest_range(uint64_t start, uint64_t end)
{
    if (start >= end || !canonical(start) || !canonical(end - 1))
        return false;
    if ((start >> 63) != ((end - 1) >> 63))
        return false;
    return end <= HYPERVISOR_VIRT_START || start >= HYPERVISOR_VIRT_END;
}

int xen_elfnotes_parse(const struct elf_image *img, struct xen_elfnotes *n,
                       const char **why)
{
    struct elf_note_iter it;
    struct elf_note nt;
    char features[256] = "";
    bool any = false, has_entry = false;
    int rc;

    memset(n, 0, sizeof(*n));
    elf_note_iter_init(&it, img);
    while ((rc = elf_note_next(&it, &nt, why)) == 1) {
        uint64_t v = 0;
        int bad = 0;

        if (!elf_note_is(&nt, "Xen"))
            continue;
        any = true;
        switch (nt.type) {
        case XEN_ELFNOTE_ENTRY:
            bad = note_number(&nt, &n->entry);
            has_entry = true;
            break;
        case XEN_ELFNOTE_HYPERCALL_PAGE:
            bad = note_number(&nt, &n->hypercall_page);
            break;
        case XEN_ELFNOTE_VIRT_BASE:
            bad = note_number(&nt, &n->virt_base);
            n->has_virt_base = true;
            break;
        case XEN_ELFNOTE_PADDR_OFFSET:
            bad = note_number(&nt, &n->paddr_offset);
            break;
        case XEN_ELFNOTE_INIT_P2M:
            bad = note_number(&nt, &n->init_p2m);
            break;
        case XEN_ELFNOTE_MOD_START_PFN:
            bad = note_number(&nt, &n->mod_start_pfn);
            break;
        case XEN_ELFNOTE_XEN_VERSION:
            bad = note_string(&nt, n->xen_version, sizeof(n->xen_version));
            break;
        case XEN_ELFNOTE_GUEST_OS:
            bad = note_string(&nt, n->guest_os, sizeof(n->guest_os));
            break;
        case XEN_ELFNOTE_LOADER:
            bad = note_string(&nt, n->loader, sizeof(n->loader));
            break;
        case XEN_ELFNOTE_FEATURES:
            bad = note_string(&nt, features, sizeof(features));
            if (!bad && parse_features(n, features))
                return fail(why, "FEATURES note names an unknown feature");
            break;
        case XEN_ELFNOTE_SUPPORTED_FEATURES:
            bad = note_number(&nt, &v);
            n->features_supported |= (uint32_t)v;
            break;
        default:
            break;              /* informational or unused notes */
        }
        if (bad)
            return fail(why, "a Xen note has a malformed value");
    }
    if (rc < 0)
        return rc;
    if (!any)
        return fail(why, "no Xen ELF notes: not a Xen PV kernel");
    if (!n->guest_os[0] && strcmp(n->loader, "generic"))
        return fail(why, "neither a GUEST_OS note nor LOADER \"generic\"");
    if (n->xen_version[0] && strncmp(n->xen_version, "xen-3.0", 7))
        return fail(why, "XEN_VERSION note is not xen-3.0");
    if (n->features_required & FEATURES_IMPOSSIBLE)
        return fail(why, "the kernel requires a feature PV cannot give "
                         "(auto_translated_physmap, supervisor_mode_kernel, hvm_*)");

    n->kstart = ALIGN_DOWN(img->vstart, PAGE_SIZE);
    n->kend = ALIGN_UP(img->vend, PAGE_SIZE);
    if (!has_entry)
        n->entry = elf_entry(img);
    if (n->kend == 0 || !canonical(n->kstart) || !canonical(n->kend - 1))
        return fail(why, "kernel lies at non-canonical addresses or ends at "
                         "the top of the address space");
    if (!guest_range(n->kstart, n->kend))
        return fail(why, "kernel overlaps the hypervisor's virtual range");
    if (n->has_virt_base && (n->virt_base & (PAGE_SIZE - 1)))
        return fail(why, "VIRT_BASE is not page aligned");
    if (n->virt_base > n->kstart)
        return fail(why, "VIRT_BASE lies above the kernel's first byte");
    if (n->has_virt_base && !guest_range(n->virt_base, n->kend))
        return fail(why, "VIRT_BASE and the kernel span the hypervisor's range "
                         "or a non-canonical hole");
    if (n->entry < n->kstart || n->entry >= n->kend)
        return fail(why, has_entry ? "ENTRY note outside the kernel"
                                   : "entry point outside the kernel");
    if (n->hypercall_page &&
        (n->hypercall_page & (PAGE_SIZE - 1) || n->hypercall_page < n->kstart ||
         n->hypercall_page >= n->kend))
        return fail(why, "HYPERCALL_PAGE not a page inside the kernel");
    return 0;
}
