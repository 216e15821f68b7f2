/* SPDX-License-Identifier: MIT */
/* PV start of day: start_info checks, shared_info, the free PFNs. */
#include <pv/boot.h>
#include <pv/hypercall.h>
#include <pv/pv_ops.h>
#include <public/errno.h>

struct pv_boot pv_boot;

/*
 * The builder's items end with the bootstrap page tables and one stack
 * page (docs/porting.md); the page tables map a region padded to a 4 MiB
 * boundary with at least 512 KiB of slack. Rather than redo the builder's
 * arithmetic, walk the bootstrap tables to see how far the map goes: from
 * the top for each L1 table, then along its entries.
 */
static uint64_t mapped_end(uint64_t from_pfn)
{
    uint64_t pfn = from_pfn;

    for (;;) {
        uint64_t va = pv_boot.virt_base + (pfn << PV_PAGE_SHIFT);
        const uint64_t *table = (const uint64_t *)pv_boot.si->pt_base;

        for (int level = 3; level >= 1; level--) {
            uint64_t e = table[(va >> (12 + 9 * level)) & 511];

            if (!(e & PV_PTE_P))
                return pfn;
            table = pv_pfn_to_virt(pv_mfn_to_pfn((e & PV_PTE_FRAME) >> PV_PAGE_SHIFT));
        }
        /* The L1 entries from va's to the end of its table. */
        for (unsigned int i = (va >> 12) & 511; i < 512; i++, pfn++)
            if (!(table[i] & PV_PTE_P) || pfn >= pv_boot.si->nr_pages)
                return pfn;
    }
}

long pv_boot_init(struct start_info *si, uint64_t virt_base, void *shared_page)
{
    static const char magic[] = XEN_START_INFO_MAGIC;
    long rc;

    for (unsigned int i = 0; i < sizeof(magic) - 1; i++)
        if (si->magic[i] != magic[i])
            return -XEN_EINVAL;
    pv_boot.si = si;
    pv_boot.virt_base = virt_base;

    rc = HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)shared_page,
                                      si->shared_info | PV_PTE_P | PV_PTE_RW |
                                      PV_PTE_A | PV_PTE_D, UVMF_INVLPG);
    if (rc)
        return rc;
    pv_boot.shared = shared_page;

    pv_boot.first_free_pfn = pv_virt_to_pfn((const void *)si->pt_base) +
                             si->nr_pt_frames + 1;
    pv_boot.mapped_end_pfn = mapped_end(pv_boot.first_free_pfn);
    return 0;
}
