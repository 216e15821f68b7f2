/* SPDX-License-Identifier: MIT */
/*
 * guest-build-domain: dom0 builds a domain from nothing, the way a
 * toolstack's PV builder does, through pvisor's toolstack interface and
 * the foreign-memory operations:
 *
 *   createdomain (paused, 1 vCPU, 4 MiB) -> populate_physmap 16 frames
 *   (PFNs 0-15; the MFNs come back) -> map each frame into dom0 with an
 *   mmu_update whose foreigndom is the new domain, write its contents,
 *   unmap -> pin its L4 with mmuext_op(foreigndom) -> setvcpucontext
 *   (RIP, RSP, CR3, kernel mode, online) -> unpausedomain.
 *
 * The new domain's address space maps its 16 frames at 0x400000: PFN 0 is
 * the L4, 1 the L3, 2 the L2, 3 the L1 (all four read-only), 4 the code
 * (a position-independent blob of this file: console_io write, then
 * SCHEDOP_shutdown poweroff), 5 the stack. It prints one line and powers
 * off; the hypervisor destroys it.
 *
 * Refusals checked on the way: populate for a domain that does not exist
 * (-ESRCH); a foreign map naming the new domain of a frame that is dom0's
 * own (-EBUSY: not the named domain's); pinning the new L4 while dom0
 * still maps one of its tables writable (-EINVAL); unpause before the
 * vCPU has a context (-EINVAL).
 * Correct: the new domain's line appears ("(dN) built by dom0"), it shuts
 * down and is destroyed, SUCCESS. pvisor only (its own toolstack calls).
 */
#include <public/domctl.h>
#include <public/errno.h>
#include <public/memory.h>
#include <public/sched.h>

#include "evtchn.h"
#include "minidom.h"
#include "pt.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("dom0 builds a domain: createdomain, populate, foreign maps, pin, context, unpause");

#define NR      16
#define BASE    0x400000ULL
#define PFN_L4  0
#define PFN_L3  1
#define PFN_L2  2
#define PFN_L1  3
#define PFN_CODE 4
#define PFN_STACK 5

/* The new domain's whole program: position-independent, no data outside. */
extern const char blob_start[], blob_end[];
__asm__(".pushsection .rodata\n"
        "blob_start:\n"
        "  mov $18, %eax\n"                 /* console_io */
        "  xor %edi, %edi\n"                /* CONSOLEIO_write */
        "  mov $(msg_end - msg), %esi\n"
        "  lea msg(%rip), %rdx\n"
        "  syscall\n"
        "  mov $29, %eax\n"                 /* sched_op */
        "  mov $2, %edi\n"                  /* SCHEDOP_shutdown */
        "  lea reason(%rip), %rsi\n"
        "  syscall\n"
        "1: jmp 1b\n"
        "msg: .ascii \"built by dom0\\n\"\n"
        "msg_end:\n"
        "  .balign 4\n"
        "reason: .long 0\n"                 /* SHUTDOWN_poweroff */
        "blob_end:\n"
        ".popsection");

static long domctl(struct pvisor_domctl *op)
{
    op->interface_version = PVISOR_DOMCTL_VERSION;
    return hypercall1(__HYPERVISOR_domctl, op);
}

static uint16_t dom;
static uint64_t mfn[NR];
static void *win;
static uint64_t win_l1e;        /* machine address of the window's L1 entry */

/* Map the new domain's frame @m at the window (foreigndom = dom). */
static long map_foreign(uint64_t m, uint16_t owner)
{
    struct mmu_update u = { win_l1e, (m << 12) | PTE_P | PTE_RW | PTE_A | PTE_D };

    return HYPERVISOR_mmu_update(&u, 1, NULL, owner);
}

static void unmap_window(void)
{
    struct mmu_update u = { win_l1e, 0 };

    CHECK_EQ(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF), 0, "unmap the window");
    pt_invlpg((uint64_t)(uintptr_t)win);
}

/* The new domain's PFN @pfn, filled by @fill through a foreign mapping. */
static void write_frame(unsigned int pfn, void (*fill)(uint64_t *page))
{
    CHECK_EQ(map_foreign(mfn[pfn], dom), 0, "map a new domain's frame");
    memset(win, 0, 4096);
    if (pfn <= PFN_L1)
        minidom_fill_table(win, pfn, mfn, NR);  /* the same layout as minidom's */
    else if (fill)
        fill(win);
    unmap_window();
}

static void fill_code(uint64_t *t)
{
    memcpy(t, blob_start, (size_t)(blob_end - blob_start));
}

void test_main(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_createdomain,
                                .u.create = { .max_vcpus = 1, .max_mem_kb = 4096 } };
    struct xen_memory_reservation r = { .nr_extents = NR, .domid = 0 };
    static struct vcpu_guest_context ctxt;
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
    uint64_t own, end;
    long rc;

    evtchn_init();
    win = pt_take_window();
    win_l1e = pt_entry_ma(pt_boot_l4(), (uint64_t)(uintptr_t)win, 1);
    CHECK(win_l1e != 0, "the window's L1 entry");

    memcpy(op.u.create.name, "built", 6);
    CHECK_EQ(domctl(&op), 0, "createdomain");
    dom = op.domain;

    for (unsigned int i = 0; i < NR; i++)
        mfn[i] = i;             /* PFNs in, MFNs out */
    r.extent_start = (uint64_t)(uintptr_t)mfn;
    r.domid = 60;
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), -XEN_ESRCH,
             "populate a domain that does not exist");
    r.domid = dom;
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), NR,
             "populate_physmap 16 frames of the new domain");

    own = pt_alloc_frame();
    CHECK_EQ(map_foreign(own, dom), -XEN_EBUSY,
             "map dom0's own frame naming the new domain");

    write_frame(PFN_L4, NULL);
    write_frame(PFN_L3, NULL);
    write_frame(PFN_L2, NULL);
    write_frame(PFN_L1, NULL);
    write_frame(PFN_CODE, fill_code);
    write_frame(PFN_STACK, NULL);

    /* A table still mapped writable by dom0 cannot become one. */
    CHECK_EQ(map_foreign(mfn[PFN_L1], dom), 0, "map the new L1 again");
    pin.arg1.mfn = mfn[PFN_L4];
    CHECK_EQ(HYPERVISOR_mmuext_op(&pin, 1, NULL, dom), -XEN_EINVAL,
             "pin while one of its tables is mapped writable by dom0");
    unmap_window();
    CHECK_EQ(HYPERVISOR_mmuext_op(&pin, 1, NULL, dom), 0, "pin the new L4 (foreigndom)");

    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_unpausedomain, .domain = dom };
    CHECK_EQ(domctl(&op), -XEN_EINVAL, "unpause before the vCPU has a context");

    minidom_context(&ctxt, BASE + PFN_CODE * 4096, BASE + (PFN_STACK + 1) * 4096,
                    mfn[PFN_L4]);
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_setvcpucontext, .domain = dom,
                                 .u.vcpucontext = { .vcpu = 0,
                                                    .ctxt = (uint64_t)(uintptr_t)&ctxt } };
    CHECK_EQ(domctl(&op), 0, "setvcpucontext");
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_unpausedomain, .domain = dom };
    CHECK_EQ(domctl(&op), 0, "unpause the new domain");

    /* It prints, powers off and is destroyed. */
    end = pvclock_now() + 2000000000ULL;
    do {
        op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = dom };
        rc = domctl(&op);
    } while (rc == 0 && op.domain == dom && pvclock_now() < end);
    CHECK(rc == -XEN_ESRCH || op.domain != dom, "the new domain ran to its end and is gone");
    printf("domain %u built, ran and was destroyed\n", dom);
}
