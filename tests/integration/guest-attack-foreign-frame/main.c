/* SPDX-License-Identifier: MIT */
/*
 * guest-attack-foreign-frame: a domU reaches for a frame of dom0 by every
 * path it has. The same image runs as both (command line "dom0" / "domu").
 *
 * dom0 takes a free frame F of its own, fills it with a pattern, and
 * publishes F by setting its M2P entry to a magic PFN (MMU_MACHPHYS_UPDATE);
 * then it waits until the domU is gone.
 * The domU (d1, not privileged) finds F by scanning the read-only M2P for
 * the magic value, and tries:
 *   - mmu_update of a window's L1 entry to F, read-write and read-only:
 *     -EBUSY; update_va_mapping of the window to F: -EBUSY; the window's
 *     entry unchanged (0);
 *   - mmu_update naming dom0 as the frame's owner (foreigndom 0): -EPERM;
 *   - MMU_MACHPHYS_UPDATE of F: -EINVAL; PIN_L1_TABLE of F: -EINVAL;
 *     set_gdt with F, update_descriptor into F: -EINVAL; COPY_PAGE from F,
 *     CLEAR_PAGE of F: -EINVAL;
 *   - a grant copy from F naming dom0 without a grant reference:
 *     GNTST_permission_denied;
 *   - decrease_reservation of F for itself: 0 done; for dom0: -EPERM.
 * Correct: every refusal as listed (the errors Xen 4.17 gives for a frame
 * the caller does not own, as guest-attack-freed-frame checks on Xen), the
 * domU ends with SUCCESS; afterwards dom0 finds F's pattern and its M2P
 * entry intact. pvisor only (two domains: Xen without a toolstack runs
 * one).
 */
#include <public/domctl.h>
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/memory.h>

#include "evtchn.h"
#include "gnttab.h"
#include "pt.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("a domU reaches for a frame of dom0 by every path");

#define MAGIC_PFN   0xabcdeULL
#define PATTERN     0x0123456789abcdefULL
#define M2P_RO      ((const volatile uint64_t *)0xffff800000000000ULL)
#define SEC         1000000000ULL

static long reservation(uint16_t domid, uint64_t mfn)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)(uintptr_t)&mfn, .nr_extents = 1,
        .domid = domid,
    };

    return HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
}

/* dom0: publish F, wait for the domU to end, check F. */
static void dom0(void)
{
    uint64_t f = pt_alloc_frame(), end;
    volatile uint64_t *p = pt_map(f, PTE_RW);
    struct pvisor_domctl op;
    unsigned int bad = 0;
    long rc;

    CHECK(p != NULL, "map F");
    for (unsigned int i = 0; i < 512; i++)
        p[i] = PATTERN + i;
    CHECK_EQ(pt_mmu_update((f << 12) | MMU_MACHPHYS_UPDATE, MAGIC_PFN), 0,
             "publish F through its M2P entry");
    end = pvclock_now() + 30 * SEC;
    do {
        op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = 1,
                                     .interface_version = PVISOR_DOMCTL_VERSION };
        rc = hypercall1(__HYPERVISOR_domctl, &op);
    } while (rc == 0 && op.domain == 1 && pvclock_now() < end);
    CHECK(rc == -XEN_ESRCH || op.domain != 1, "the domU ended");
    for (unsigned int i = 0; i < 512; i++)
        bad += p[i] != PATTERN + i;
    CHECK_EQ(bad, 0, "words of F changed");
    CHECK_EQ(M2P_RO[f], MAGIC_PFN, "F's M2P entry");
}

/* The domU: find F, then every attack. */
static void domu(void)
{
    uint64_t max = (uint64_t)HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    uint64_t f = 0, mine = pt_alloc_frame(), end = pvclock_now() + 10 * SEC;
    uint64_t win = (uint64_t)(uintptr_t)pt_take_window();
    uint64_t l1e = pt_entry_ma(pt_boot_l4(), win, 1);
    uint64_t desc = 0x00cff3000000ffffULL;
    struct gnttab_copy c;
    struct mmu_update u;

    while (!f && pvclock_now() < end)
        for (uint64_t m = 0; m <= max && !f; m++)
            if (M2P_RO[m] == MAGIC_PFN)
                f = m;
    if (!f)
        test_result(TEST_ERROR, "dom0's frame never showed in the M2P");
    printf("dom0's frame F = %#llx\n", (unsigned long long)f);

    CHECK_EQ(pt_mmu_update(l1e, (f << 12) | PTE_P | PTE_RW | PTE_A | PTE_D), -XEN_EBUSY,
             "mmu_update: map F read-write");
    CHECK_EQ(pt_mmu_update(l1e, (f << 12) | PTE_P | PTE_A), -XEN_EBUSY,
             "mmu_update: map F read-only");
    CHECK_EQ(HYPERVISOR_update_va_mapping(win, (f << 12) | PTE_P | PTE_A, 0), -XEN_EBUSY,
             "update_va_mapping: map F");
    u = (struct mmu_update){ l1e, (f << 12) | PTE_P | PTE_A };
    CHECK_EQ(HYPERVISOR_mmu_update(&u, 1, NULL, 0), -XEN_EPERM,
             "mmu_update naming dom0 as the frame's owner");
    CHECK_EQ(pt_read(l1e), 0, "the window's entry unchanged");
    CHECK_EQ(pt_mmu_update((f << 12) | MMU_MACHPHYS_UPDATE, 1), -XEN_EINVAL,
             "MMU_MACHPHYS_UPDATE of F");
    CHECK_EQ(pt_pin(1, f), -XEN_EINVAL, "PIN_L1_TABLE of F");
    CHECK_EQ(hypercall2(__HYPERVISOR_set_gdt, &f, 512), -XEN_EINVAL, "set_gdt with F");
    CHECK_EQ(hypercall2(__HYPERVISOR_update_descriptor, (f << 12) + 8, desc), -XEN_EINVAL,
             "update_descriptor into F");
    CHECK_EQ(pt_mmuext(MMUEXT_COPY_PAGE, mine, f), -XEN_EINVAL, "COPY_PAGE from F");
    CHECK_EQ(pt_mmuext(MMUEXT_CLEAR_PAGE, f, 0), -XEN_EINVAL, "CLEAR_PAGE of F");

    memset(&c, 0, sizeof(c));
    c.source.u.gmfn = f;
    c.source.domid = 0;
    c.dest.u.gmfn = mine;
    c.dest.domid = DOMID_SELF;
    c.len = 8;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0, "grant copy issued");
    CHECK_EQ(c.status, GNTST_permission_denied, "grant copy from F without a grant");

    CHECK_EQ(reservation(DOMID_SELF, f), 0, "decrease_reservation of F");
    CHECK_EQ(reservation(0, f), -XEN_EPERM, "decrease_reservation for dom0");
}

void test_main(void)
{
    const char *mode = (const char *)start_info->cmd_line;

    evtchn_init();              /* shared_info: the pvclock */
    if (mode[0] == 'd' && mode[3] == 'u')
        domu();
    else
        dom0();
}
