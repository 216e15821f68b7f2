/* SPDX-License-Identifier: MIT */
/*
 * guest-hostile-badiret: HYPERVISOR_iret with a frame the CPU refuses to
 * return to: SS = 3 (the null selector with RPL 3, invalid for ring 3).
 * The hypervisor's own iretq faults in ring 0. Regression test for the
 * review finding of 2026-11-25 (it used to be a fatal trap in the
 * hypervisor).
 *
 * Correct on pvisor: the domain is crashed with a message naming the
 * refused frame and the hypervisor survives (EXPECT=CRASH). Xen 4.17
 * reflects the fault to the guest as #GP (the guest then reports FAILURE
 * here): a documented divergence.
 */
#include "test.h"

TEST_TITLE("iret to a frame the CPU refuses crashes only the domain");

static bool on_gp(struct trap_frame *f)
{
    (void)f;
    test_result(TEST_FAILURE, "the bad iret came back as #GP");
    return false;
}

void test_main(void)
{
    trap_set_handler(TRAP_GP, on_gp);
    printf("iret with SS = 3\n");
    /* iret_context, lowest first: rax r11 rcx flags rip cs rflags rsp ss. */
    __asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
                     "mov %%rsp, %%rdx\n\t"
                     "push $3\n\t"          /* ss: null selector, RPL 3 */
                     "push %%rdx\n\t"       /* rsp */
                     "push $0x202\n\t"      /* rflags */
                     "push $0xe030\n\t"     /* cs: RPL 0, stay in kernel */
                     "push %%rcx\n\t"       /* rip */
                     "push $0\n\t"          /* flags */
                     "push %%rcx\n\t"       /* rcx */
                     "push $0\n\t"          /* r11 */
                     "push $0\n\t"          /* rax */
                     "mov $23, %%eax\n\t"
                     "syscall\n"
                     "1:"
                     ::: "rax", "rcx", "rdx", "r11", "memory");
    test_result(TEST_FAILURE, "the bad iret returned to the guest");
}
