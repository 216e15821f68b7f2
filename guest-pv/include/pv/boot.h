/* SPDX-License-Identifier: MIT */
/*
 * PV start of day: what the domain builder hands over, and the address
 * arithmetic every PV kernel needs.
 *
 * The builder maps the kernel's region 1:1 from its VIRT_BASE: pseudo-
 * physical frame n is at VIRT_BASE + n * 4 KiB. start_info (at RSI on entry)
 * gives the p2m list (PFN -> MFN), the bootstrap page tables (pt_base), the
 * shared_info machine address and the console. The hypervisor's read-only
 * M2P table (MFN -> PFN) is at MACH2PHYS_VIRT_START in every address space.
 * docs/porting.md, "Boot protocol", has the full picture.
 */
#ifndef PV_BOOT_H
#define PV_BOOT_H

#include <pv/defs.h>
#include <public/xen.h>

/* What pv_boot_init() found; read-only for everyone else. */
struct pv_boot {
    struct start_info *si;
    struct shared_info *shared;     /* Mapped by pv_boot_init(). */
    uint64_t virt_base;             /* VA of PFN 0. */
    uint64_t first_free_pfn;        /* First PFN after the builder's items. */
    uint64_t mapped_end_pfn;        /* PFNs below are mapped at virt_base + pfn * 4K. */
};

extern struct pv_boot pv_boot;

/*
 * pv_boot_init - take over from the builder. Checks the start_info magic,
 * maps shared_info at @shared_page (a page-aligned page of the kernel's
 * image, e.g. in .bss, whose own frame is given up), and finds the free
 * PFNs. Call it first, before any other pv_ function but the hypercall
 * ones. Returns 0, -EINVAL for a bad magic, or update_va_mapping's error.
 */
PV_MUST_CHECK long pv_boot_init(struct start_info *si, uint64_t virt_base,
                                void *shared_page);

/* The current vCPU's vcpu_info (vCPU 0: SMP is not handled yet). */
static inline struct vcpu_info *pv_vcpu(void)
{
    return &pv_boot.shared->vcpu_info[0];
}

static inline uint64_t pv_pfn_to_mfn(uint64_t pfn)
{
    return ((const uint64_t *)pv_boot.si->mfn_list)[pfn];
}

static inline uint64_t pv_mfn_to_pfn(uint64_t mfn)
{
    return machine_to_phys_mapping[mfn];
}

/* Direct-map conversions, valid for PFNs below pv_boot.mapped_end_pfn. */
static inline void *pv_pfn_to_virt(uint64_t pfn)
{
    return (void *)(uintptr_t)(pv_boot.virt_base + (pfn << PV_PAGE_SHIFT));
}

static inline uint64_t pv_virt_to_pfn(const void *va)
{
    return ((uint64_t)(uintptr_t)va - pv_boot.virt_base) >> PV_PAGE_SHIFT;
}

static inline uint64_t pv_virt_to_mfn(const void *va)
{
    return pv_pfn_to_mfn(pv_virt_to_pfn(va));
}

/* Machine address of a direct-mapped byte (what mmu_update wants). */
static inline uint64_t pv_virt_to_machine(const void *va)
{
    return (pv_virt_to_mfn(va) << PV_PAGE_SHIFT) |
           ((uint64_t)(uintptr_t)va & (PV_PAGE_SIZE - 1));
}

/* pv_is_initdomain - true for dom0 (it owns the hypervisor console). */
static inline bool pv_is_initdomain(void)
{
    return pv_boot.si->flags & SIF_INITDOMAIN;
}

#endif /* PV_BOOT_H */
