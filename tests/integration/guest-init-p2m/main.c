/* SPDX-License-Identifier: MIT */
/*
 * guest-init-p2m: the INIT_P2M and MOD_START_PFN notes (PV-ABI-NOTES 2.1,
 * 2.2). This kernel asks for its p2m list at P2M_VA, outside the
 * start-of-day region, and for its initrd to be left unmapped; it boots as
 * dom0 with an initrd (the test's own test.conf).
 *
 * Correct (Xen 4.17's dom0 builder does the same):
 *   - start_info.mfn_list = P2M_VA, and the list there is the p2m: entry
 *     n is the MFN of PFN n (the M2P maps each back to n, for the pages
 *     checked), nr_pages entries; first_p2m_pfn/nr_p2m_frames name its
 *     frames and the page tables mapping it (Xen counts both: 16 + 3 for
 *     128 MiB), which lie past the start-of-day region;
 *   - SIF_MOD_START_PFN is set, mod_start is a PFN past the region, and
 *     that frame holds the initrd's first bytes (read through a mapping
 *     the test makes), mod_len its length.
 */
#include <public/elfnote.h>

#include "pt.h"
#include "test.h"

TEST_TITLE("INIT_P2M and MOD_START_PFN: p2m list and initrd outside the region");

#define P2M_VA 0xffffc90000000000ULL

/* The two notes, beside those of the runtime (head.S). */
__asm__(".pushsection .note.Xen, \"a\", @note\n"
        ".balign 4\n"
        ".long 4, 8, " "15" "\n"            /* XEN_ELFNOTE_INIT_P2M */
        ".asciz \"Xen\"\n.balign 4\n"
        ".quad 0xffffc90000000000\n"
        ".balign 4\n"
        ".long 4, 4, " "16" "\n"            /* XEN_ELFNOTE_MOD_START_PFN */
        ".asciz \"Xen\"\n.balign 4\n"
        ".long 1\n"
        ".popsection");
_Static_assert(XEN_ELFNOTE_INIT_P2M == 15 && XEN_ELFNOTE_MOD_START_PFN == 16,
               "note numbers");

void test_main(void)
{
    const volatile uint64_t *p2m = (const volatile uint64_t *)(uintptr_t)start_info->mfn_list;
    const volatile uint64_t *m2p = (const volatile uint64_t *)0xffff800000000000ULL;
    uint64_t region_pfns = (pt_region_end() - GUEST_VIRT_BASE) >> 12;
    const char *first;

    CHECK_EQ(start_info->mfn_list, P2M_VA, "mfn_list at INIT_P2M");
    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn += 97)
        CHECK_EQ(m2p[p2m[pfn]], pfn, "p2m entry and M2P agree");
    CHECK_EQ(m2p[p2m[start_info->nr_pages - 1]], start_info->nr_pages - 1,
             "the last p2m entry");
    CHECK(start_info->first_p2m_pfn >= region_pfns, "p2m frames past the region");
    /* As Xen counts them: the list's frames and the tables that map it. */
    CHECK(start_info->nr_p2m_frames >= (start_info->nr_pages * 8 + 4095) / 4096 &&
          start_info->nr_p2m_frames <= (start_info->nr_pages * 8 + 4095) / 4096 + 4,
          "p2m frames for nr_pages entries (and their tables)");

    CHECK(start_info->flags & SIF_MOD_START_PFN, "SIF_MOD_START_PFN");
    CHECK(start_info->mod_start >= region_pfns &&
          start_info->mod_start < start_info->nr_pages, "mod_start: a PFN past the region");
    CHECK(start_info->mod_len > 20 && start_info->mod_len < 4096, "mod_len: the initrd's");
    first = pt_map(p2m[start_info->mod_start], 0);
    CHECK(first != NULL, "map the initrd's first frame");
    CHECK(first && !memcmp(first, "# guest-init-p2m", 16), "the initrd's first bytes");
}
