/* SPDX-License-Identifier: MIT */
/*
 * guest-attack-multicall-iret: HYPERVISOR_iret as an entry of a multicall
 * (Xen's multicall/iret interplay has been a source of advisories: the
 * iret rewrites the very frame the multicall returns through).
 *
 * The batch is [xen_version(XENVER_version), iret, xen_version(...)],
 * every result preset to a marker; the iret frame on the stack returns to
 * a label right after the syscall with the same RSP, in kernel mode, and
 * names RAX = R. Tried with R = 0x1234 and with R = 0.
 *
 * Correct (PV-ABI-NOTES 1, "Multicall"; as Xen 4.17 does): the batch
 * ends at the iret (the entry after it never runs: its result keeps the
 * marker), the guest resumes at the frame's RIP and RSP, with RAX = R (the
 * multicall returns what the iret returned); the first entry's result is
 * the version. The guest goes on running normally afterwards.
 */
#include <public/errno.h>
#include <public/version.h>

#include "test.h"

TEST_TITLE("iret inside a multicall ends the batch and returns through its frame");

#define MARK    0x5a5a5a5a5a5a5a5aULL

static struct multicall_entry batch[3];

/* Run the batch with an iret frame holding RAX = @r; the RAX seen after. */
static uint64_t run(uint64_t r)
{
    uint64_t rax;

    for (unsigned int i = 0; i < 3; i++) {
        memset(&batch[i], 0, sizeof(batch[i]));
        batch[i].result = MARK;
    }
    batch[0].op = __HYPERVISOR_xen_version;
    batch[0].args[0] = XENVER_version;
    batch[1].op = __HYPERVISOR_iret;
    batch[2].op = __HYPERVISOR_xen_version;
    batch[2].args[0] = XENVER_version;
    /* iret_context, lowest first: rax r11 rcx flags rip cs rflags rsp ss. */
    __asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
                     "mov %%rsp, %%rdx\n\t"
                     "push $0xe02b\n\t"     /* ss: FLAT_KERNEL_SS64 */
                     "push %%rdx\n\t"       /* rsp: as before the pushes */
                     "pushfq\n\t"           /* rflags */
                     "push $0xe030\n\t"     /* cs: RPL 0 = back to kernel mode */
                     "push %%rcx\n\t"       /* rip */
                     "push $0\n\t"          /* flags */
                     "push %%rcx\n\t"       /* rcx */
                     "push $0\n\t"          /* r11 */
                     "push %[r]\n\t"        /* rax */
                     "mov $13, %%eax\n\t"   /* multicall */
                     "syscall\n"
                     "1:"
                     : "=a"(rax)
                     : "D"(batch), "S"(3UL), [r] "r"(r)
                     : "rcx", "rdx", "r8", "r9", "r10", "r11", "memory");
    return rax;
}

void test_main(void)
{
    static const uint64_t frame_rax[] = { 0x1234, 0 };
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);

    for (unsigned int i = 0; i < ARRAY_SIZE(frame_rax); i++) {
        uint64_t r = frame_rax[i], rax = run(r);

        printf("R=%#llx: rax %#llx, results %#llx %#llx %#llx\n",
               (unsigned long long)r, (unsigned long long)rax,
               (unsigned long long)batch[0].result, (unsigned long long)batch[1].result,
               (unsigned long long)batch[2].result);
        CHECK_EQ(rax, r, "RAX after the batch: the iret frame's");
        CHECK_EQ(batch[0].result, (uint64_t)version, "entry 0 ran");
        CHECK_EQ(batch[2].result, MARK, "entry 2 never ran");
    }
    CHECK_EQ(HYPERVISOR_xen_version(XENVER_version, NULL), version,
             "hypercalls work afterwards");
}
