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

#include "dombuild.h"
#include "evtchn.h"
#include "pt.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("dom0 builds a domain: createdomain, populate, foreign maps, pin, context, unpause");

#define NR      DOMBUILD_NR

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

static struct dombuild b;

/* The new domain's PFN @pfn, written through a foreign mapping. */
static void write_frame(unsigned int pfn)
{
    CHECK_EQ(dombuild_write(&b, pfn), 0, "write a new domain's frame");
}

void test_main(void)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_createdomain,
                                .u.create = { .max_vcpus = 1, .max_mem_kb = 4096 } };
    struct xen_memory_reservation r = { .nr_extents = NR, .domid = 0 };
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
    uint64_t own, end;
    long rc;

    evtchn_init();
    CHECK_EQ(dombuild_init(&b), 0, "the window's L1 entry");
    b.code = blob_start;
    b.code_len = (size_t)(blob_end - blob_start);

    memcpy(op.u.create.name, "built", 6);
    CHECK_EQ(dombuild_domctl(&op), 0, "createdomain");
    b.dom = op.domain;

    for (unsigned int i = 0; i < NR; i++)
        b.mfn[i] = i;           /* PFNs in, MFNs out */
    r.extent_start = (uint64_t)(uintptr_t)b.mfn;
    r.domid = 60;
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), -XEN_ESRCH,
             "populate a domain that does not exist");
    r.domid = b.dom;
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), NR,
             "populate_physmap 16 frames of the new domain");

    own = pt_alloc_frame();
    CHECK_EQ(dombuild_map(&b, own, b.dom), -XEN_EBUSY,
             "map dom0's own frame naming the new domain");

    for (unsigned int pfn = DOMBUILD_L4; pfn <= DOMBUILD_STACK; pfn++)
        write_frame(pfn);

    /* A table still mapped writable by dom0 cannot become one. */
    CHECK_EQ(dombuild_map(&b, b.mfn[DOMBUILD_L1], b.dom), 0, "map the new L1 again");
    pin.arg1.mfn = b.mfn[DOMBUILD_L4];
    CHECK_EQ(HYPERVISOR_mmuext_op(&pin, 1, NULL, b.dom), -XEN_EINVAL,
             "pin while one of its tables is mapped writable by dom0");
    CHECK_EQ(dombuild_unmap(&b), 0, "unmap the window");
    CHECK_EQ(HYPERVISOR_mmuext_op(&pin, 1, NULL, b.dom), 0, "pin the new L4 (foreigndom)");

    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_unpausedomain, .domain = b.dom };
    CHECK_EQ(dombuild_domctl(&op), -XEN_EINVAL, "unpause before the vCPU has a context");
    CHECK_EQ(dombuild_start(&b), 0, "setvcpucontext and unpause the new domain");

    /*
     * It prints, powers off and is destroyed: 30 s at most (as
     * guest-domain-churn's wait_gone), as it boots and is reaped on the
     * other CPU while this one polls the hypervisor's lock; on a loaded
     * host 2 s were not enough.
     */
    end = pvclock_now() + 30000000000ULL;
    do {
        for (unsigned int i = 0; i < 1000; i++)     /* the lock free a while */
            __asm__ volatile("pause");
        op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = b.dom };
        rc = dombuild_domctl(&op);
    } while (rc == 0 && op.domain == b.dom && pvclock_now() < end);
    CHECK(rc == -XEN_ESRCH || op.domain != b.dom, "the new domain ran to its end and is gone");
    printf("domain %u built, ran and was destroyed\n", b.dom);
}
