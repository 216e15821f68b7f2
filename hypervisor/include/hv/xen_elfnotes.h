/* SPDX-License-Identifier: MIT */
/*
 * Xen ELF notes of a PV kernel image: what the domain builders (dom0's in
 * the hypervisor, domU's in the toolstack) need from them, checked.
 */
#ifndef HV_XEN_ELFNOTES_H
#define HV_XEN_ELFNOTES_H

#include <hv/elf.h>
#include <hv/types.h>

struct xen_elfnotes {
    uint64_t entry;             /* ENTRY, else the ELF entry point */
    uint64_t virt_base;         /* VIRT_BASE, else 0 */
    uint64_t paddr_offset;      /* PADDR_OFFSET, else 0 */
    uint64_t hypercall_page;    /* HYPERCALL_PAGE, 0 if none */
    uint64_t init_p2m;          /* INIT_P2M, 0 if none */
    uint64_t mod_start_pfn;     /* MOD_START_PFN, 0 if none */
    bool has_virt_base;
    uint32_t features_supported;        /* XENFEAT_* bits the kernel can use */
    uint32_t features_required;         /* ... and those marked '!' */
    char guest_os[32];
    char loader[32];
    char xen_version[32];
    uint64_t kstart, kend;      /* loaded range, page aligned */
};

/*
 * xen_elfnotes_parse - read and check the Xen notes of @img.
 * Checks: notes well formed (sizes, NUL-terminated strings, numbers of 1, 2,
 * 4 or 8 bytes), GUEST_OS or LOADER "generic" present, XEN_VERSION (if any)
 * "xen-3.0", FEATURES names known, no required feature pvisor lacks,
 * VIRT_BASE <= kernel start <= entry < kernel end, the hypercall page inside
 * the kernel and page aligned, and nothing in the hypervisor's range.
 * Returns 0, or -ENOEXEC with *why naming the problem.
 */
int xen_elfnotes_parse(const struct elf_image *img, struct xen_elfnotes *n,
                       const char **why) __must_check;

#endif /* HV_XEN_ELFNOTES_H */
