/* SPDX-License-Identifier: MIT */
/*
 * What dom0's toolstack needs of pvkern (as Linux's privcmd driver gives
 * xl): hypercalls made on the program's behalf, foreign frames mapped into
 * its address space, the initrd (dom0's files) and a wait for any event.
 *
 * The program is dom0's root: its hypercalls are passed through as they
 * are (pointer arguments are its own user addresses, which the kernel's
 * page tables map too). The hypervisor checks every argument; pvkern only
 * keeps its own state consistent (the foreign window below).
 *
 * Foreign window: [FOREIGN_BASE, FOREIGN_BASE + FOREIGN_PAGES pages) of the
 * user half, handed out first-fit by a bitmap. A mapping is made with
 * mmu_update and foreigndom = the frames' owner, and removed with a zero
 * entry and a TLB flush.
 */
#include <errno.h>
#include <string.h>
#include <pv/boot.h>
#include <pv/evtchn.h>
#include <pv/hypercall.h>
#include <pv/pv_ops.h>
#include <pvkern/syscall.h>
#include <public/xen.h>
#include "pvkern.h"

#define FOREIGN_BASE    0x4000000000UL          /* 256 GiB */
#define FOREIGN_PAGES   (1UL << 18)             /* 1 GiB of windows */
#define FOREIGN_FLAGS   (PV_PTE_P | PV_PTE_RW | PV_PTE_US | PV_PTE_A | PV_PTE_D)
#define BATCH           64
#define L1_SPAN         (PV_PAGE_SIZE << 9)       /* what one L1 table maps */

static uint64_t window_used[FOREIGN_PAGES / 64];

long privcmd_hypercall(uint64_t nr, uint64_t args, uint64_t a3)
{
    struct pvk_hypercall h;

    if (!pv_ops.mmu.pfn_to_frame || pv_hypercall_local)
        return -ENOSYS;                 /* natively there is no hypervisor */
    if (!mm_user_range_ok(args, sizeof(h)))
        return -EFAULT;
    memcpy(&h, (const void *)args, sizeof(h));
    return pv_hypercall((unsigned int)nr, h.arg[0], h.arg[1], h.arg[2], h.arg[3],
                        h.arg[4]);
}

static bool page_used(uint64_t i)
{
    return window_used[i / 64] >> (i % 64) & 1;
}

static void mark(uint64_t first, uint64_t n, bool used)
{
    for (uint64_t i = first; i < first + n; i++) {
        if (used)
            window_used[i / 64] |= 1ULL << (i % 64);
        else
            window_used[i / 64] &= ~(1ULL << (i % 64));
    }
}

/* The first run of @n free window pages, or FOREIGN_PAGES if none. */
static uint64_t window_find(uint64_t n)
{
    uint64_t run = 0;

    for (uint64_t i = 0; i < FOREIGN_PAGES; i++) {
        if (!window_used[i / 64] && i % 64 == 0 && run + 64 <= n) {
            run += 64;
            i += 63;
        } else {
            run = page_used(i) ? 0 : run + 1;
        }
        if (run >= n)
            return i + 1 - n;
    }
    return FOREIGN_PAGES;
}

/* Machine address of the L1 entry for @va (tables made as needed). */
static long pte_maddr(uint64_t va, uint64_t *maddr)
{
    uint64_t *pte = mm_user_pte(va);
    uint64_t page = (uint64_t)(uintptr_t)pte & ~(PV_PAGE_SIZE - 1);

    if (!pte)
        return -EFAULT;
    *maddr = (pv_ops.mmu.pfn_to_frame(pv_virt_to_pfn((void *)page)) << PV_PAGE_SHIFT) |
             ((uint64_t)(uintptr_t)pte & (PV_PAGE_SIZE - 1));
    return 0;
}

/*
 * Write @n entries from @va on: frames @mfns of @dom, or zero (@mfns NULL).
 * The entries of one L1 table are consecutive: a walk per 2 MiB.
 */
static long set_entries(uint64_t va, const uint64_t *mfns, uint64_t n, domid_t dom)
{
    struct mmu_update req[BATCH];
    uint64_t maddr = 0;

    for (uint64_t done = 0; done < n;) {
        unsigned int k = 0;
        long rc;

        for (; k < BATCH && done + k < n; k++) {
            uint64_t at = va + (done + k) * PV_PAGE_SIZE;

            if (done + k == 0 || !(at & (L1_SPAN - 1))) {
                rc = pte_maddr(at, &maddr);
                if (rc)
                    return rc;
            } else {
                maddr += 8;
            }
            req[k].ptr = maddr | MMU_NORMAL_PT_UPDATE;
            req[k].val = mfns ? mfns[done + k] << PV_PAGE_SHIFT | FOREIGN_FLAGS : 0;
        }
        rc = HYPERVISOR_mmu_update(req, k, NULL, dom);
        if (rc)
            return rc;
        done += k;
    }
    return 0;
}

long privcmd_unmap_foreign(uint64_t va, uint64_t n, uint64_t a3)
{
    uint64_t first = (va - FOREIGN_BASE) / PV_PAGE_SIZE;
    long rc;

    if (va < FOREIGN_BASE || va % PV_PAGE_SIZE || !n || n > FOREIGN_PAGES ||
        first > FOREIGN_PAGES - n)
        return -EINVAL;
    for (uint64_t i = first; i < first + n; i++)
        if (!page_used(i))
            return -EINVAL;
    rc = set_entries(va, NULL, n, DOMID_SELF);
    pv_ops.mmu.flush_tlb();
    if (rc)
        return rc;
    mark(first, n, false);
    return 0;
}

/* Map @n frames (user array @mfns) of domain @domid; returns the address. */
long privcmd_map_foreign(uint64_t domid, uint64_t mfns, uint64_t n)
{
    uint64_t first, va;
    long rc;

    if (!n || n > FOREIGN_PAGES || n > (UINT64_MAX / 8) || domid >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    if (!mm_user_range_ok(mfns, n * 8))
        return -EFAULT;
    first = window_find(n);
    if (first == FOREIGN_PAGES)
        return -ENOMEM;
    va = FOREIGN_BASE + first * PV_PAGE_SIZE;
    mark(first, n, true);
    rc = set_entries(va, (const uint64_t *)mfns, n, (domid_t)domid);
    if (rc) {
        /* Clear whatever part was mapped; the window is then free again. */
        (void)set_entries(va, NULL, n, DOMID_SELF);
        pv_ops.mmu.flush_tlb();
        mark(first, n, false);
        return rc;
    }
    return (long)va;
}

/*
 * The initrd (start_info's module): with @buf 0 its size; else copy up to
 * @len bytes from @offset into @buf and return how many.
 */
long privcmd_module(uint64_t buf, uint64_t len, uint64_t offset)
{
    const struct start_info *si = pv_boot.si;
    uint64_t size = si->mod_len;

    if (!si->mod_start || (si->flags & SIF_MOD_START_PFN))
        return buf ? -ENOENT : 0;
    if (!buf)
        return (long)size;
    if (offset > size)
        return -EINVAL;
    if (len > size - offset)
        len = size - offset;
    if (!mm_user_range_ok(buf, len))
        return -EFAULT;
    memcpy((void *)buf, (const uint8_t *)si->mod_start + offset, len);
    return (long)len;
}

static void console_input(evtchn_port_t port, struct pv_frame *f, void *data)
{
}

/*
 * Sleep until any event reaches pvkern (an event channel of the program,
 * console input, a timer) or @timeout_ns passes (0: no timeout). The
 * program then looks at everything it waits for.
 */
long privcmd_wait_any(uint64_t timeout_ns, uint64_t a2, uint64_t a3)
{
    static bool console_bound;

    if (!console_bound && pv_is_initdomain()) {
        console_bound = true;
        (void)pv_evtchn_bind_virq(VIRQ_CONSOLE, console_input, NULL);
    }
    return sleep_until(timeout_ns, true) ? 0 : 1;
}
