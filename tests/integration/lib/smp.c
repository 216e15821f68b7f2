/* SPDX-License-Identifier: MIT */
/* Test-guest secondary vCPUs: initial context, start-up, entry (smp.h). */
#include <public/sched.h>
#include <public/vcpu.h>
#include "evtchn.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

uint8_t smp_stacks[SMP_MAX_VCPUS][GUEST_STACK_SIZE] __aligned(GUEST_PAGE_SIZE);
volatile unsigned int smp_running[SMP_MAX_VCPUS];
volatile uint8_t smp_initial_mask[SMP_MAX_VCPUS];

/* What each vCPU runs; written by vCPU 0 before the vCPU is initialised. */
static void (*smp_fn[SMP_MAX_VCPUS])(void);

void smp_prepare(unsigned int vcpu, void (*fn)(void), struct guest_vcpu_context *ctx)
{
    if (vcpu == 0 || vcpu >= SMP_MAX_VCPUS)
        test_result(TEST_ERROR, "setup: the runtime has no stack for vCPU %u", vcpu);
    evtchn_init();
    smp_fn[vcpu] = fn;

    memset(ctx, 0, sizeof(*ctx));
    ctx->flags = VGCF_in_kernel;
    ctx->user_regs.rip = (uint64_t)(uintptr_t)smp_vcpu_entry;
    /* As after a call: RSP + 8 is 16-byte aligned at a function's entry. */
    ctx->user_regs.rsp = (uint64_t)(uintptr_t)(smp_stacks[vcpu] + GUEST_STACK_SIZE) - 8;
    ctx->user_regs.cs = FLAT_KERNEL_CS;
    ctx->user_regs.ss = FLAT_KERNEL_SS;
    ctx->user_regs.rflags = 0x202;      /* IF and the always-one bit 1. */
    trap_fill_table(ctx->trap_ctxt);
    ctx->kernel_ss = FLAT_KERNEL_SS;
    ctx->kernel_sp = (uint64_t)(uintptr_t)(smp_stacks[vcpu] + GUEST_STACK_SIZE);
    ctx->ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn((const void *)start_info->pt_base));
    ctx->event_callback_eip = (uint64_t)(uintptr_t)evtchn_callback_entry;
    ctx->syscall_callback_eip = (uint64_t)(uintptr_t)syscall_entry;
}

void smp_start(unsigned int vcpu, void (*fn)(void))
{
    static struct guest_vcpu_context ctx;
    uint64_t t0;
    long rc;

    smp_prepare(vcpu, fn, &ctx);
    rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, vcpu, &ctx);
    if (rc)
        test_result(TEST_ERROR, "setup: VCPUOP_initialise(vCPU %u) returned %ld "
                    "(is dom0_max_vcpus= given?)", vcpu, rc);
    rc = HYPERVISOR_vcpu_op(VCPUOP_up, vcpu, NULL);
    if (rc)
        test_result(TEST_ERROR, "setup: VCPUOP_up(vCPU %u) returned %ld", vcpu, rc);
    t0 = pvclock_now();
    while (!READ_ONCE(smp_running[vcpu])) {
        if (pvclock_now() - t0 > 10000000000ULL)
            test_result(TEST_ERROR, "setup: vCPU %u is up but did not run in 10 s", vcpu);
        cpu_relax();
    }
}

void smp_vcpu_entry(void)
{
    unsigned int cpu = smp_cpu();
    struct vcpu_info *vi = evtchn_vcpu();

    smp_initial_mask[cpu] = READ_ONCE(vi->evtchn_upcall_mask);
    WRITE_ONCE(vi->evtchn_upcall_mask, 1);
    barrier();
    __atomic_store_n(&smp_running[cpu], 1, __ATOMIC_SEQ_CST);
    smp_fn[cpu]();
    for (;;)
        (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}
