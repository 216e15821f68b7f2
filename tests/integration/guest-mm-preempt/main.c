/* SPDX-License-Identifier: MIT */
/*
 * guest-mm-preempt: long batches are preempted and continued, invisibly to
 * the guest (Xen's continuation protocol: the hypervisor rewrites the
 * argument registers, winds RIP back onto the syscall and the guest runs
 * it again). On pvisor a hypercall runs with interrupts off, so without
 * this one guest could stall every other domain.
 *
 * Correct: an mmuext_op batch of N INVLPG_LOCAL entries returns 0 with
 * *pdone == N; a multicall of three such batches returns 0, each entry's
 * result 0 and its pdone its count; both through the hypercall page and
 * by direct syscall.
 */
#include <public/xen.h>

#include "test.h"

TEST_TITLE("long mmuext_op batches and multicalls are continued transparently");

#define N 60000

static struct mmuext_op ops[N];
static struct multicall_entry mc[3];

static void batch_via(enum hypercall_via via)
{
    unsigned int done = 0;
    long rc;

    hypercall_via = via;
    rc = HYPERVISOR_mmuext_op(ops, N, &done, DOMID_SELF);
    CHECK_EQ(rc, 0, "mmuext_op(N x INVLPG_LOCAL)");
    CHECK_EQ(done, N, "*pdone after the batch");
}

void test_main(void)
{
    unsigned int done[3] = { 0, 0, 0 };
    enum hypercall_via via = hypercall_via;

    for (unsigned int i = 0; i < N; i++) {
        ops[i].cmd = MMUEXT_INVLPG_LOCAL;
        ops[i].arg1.linear_addr = GUEST_VIRT_BASE + (i % 64) * 4096;
    }
    batch_via(HC_VIA_PAGE);
    batch_via(HC_VIA_SYSCALL);
    hypercall_via = via;

    for (unsigned int e = 0; e < 3; e++) {
        mc[e].op = __HYPERVISOR_mmuext_op;
        mc[e].args[0] = (uint64_t)(uintptr_t)ops;
        mc[e].args[1] = N - e * 1000;
        mc[e].args[2] = (uint64_t)(uintptr_t)&done[e];
        mc[e].args[3] = DOMID_SELF;
    }
    CHECK_EQ(HYPERVISOR_multicall(mc, 3), 0, "multicall of three batches");
    CHECK_EQ((long)mc[0].result, 0, "entry 0 result");
    CHECK_EQ((long)mc[1].result, 0, "entry 1 result");
    CHECK_EQ((long)mc[2].result, 0, "entry 2 result");
    CHECK_EQ(done[0], N, "entry 0 *pdone");
    CHECK_EQ(done[1], N - 1000, "entry 1 *pdone");
    CHECK_EQ(done[2], N - 2000, "entry 2 *pdone");
}
