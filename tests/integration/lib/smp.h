/* SPDX-License-Identifier: MIT */
/*
 * Test-guest secondary vCPUs: the initial context, start-up and which vCPU
 * is running.
 *
 * A test guest is dom0 with several vCPUs when its test.conf asks for them
 * (dom0_max_vcpus=N for the hypervisor, SMP=N for QEMU). vCPU 0 runs
 * test_main(); every other vCPU starts down and uninitialised (VCPUOP_is_up
 * 0, VCPUOP_up -EINVAL until VCPUOP_initialise).
 *
 * smp_prepare() fills the context a vCPU starts from: guest kernel mode
 * (VGCF_in_kernel, not VGCF_online) on the same L4 as vCPU 0 (ctrlreg[3] =
 * MFN << 12), flat kernel selectors, its own stack from smp_stacks, the
 * runtime's trap table, the event callback evtchn_callback_entry and the
 * syscall callback, RIP smp_vcpu_entry. smp_vcpu_entry() masks upcalls on
 * its vcpu_info and calls the function smp_prepare() recorded; when that
 * returns the vCPU blocks for ever.
 *
 * Which vCPU runs is told by the stack it runs on (smp_cpu()): nothing of
 * the initial context beyond RIP and RSP is relied on to tell.
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <stdint.h>
#include <public/xen.h>
#include "layout.h"

/* vCPUs the runtime has stacks for (vCPU 0 uses the boot stack). */
#define SMP_MAX_VCPUS 4

/*
 * guest_vcpu_context - Xen's struct vcpu_guest_context for 64-bit guests
 * (public/arch-x86/xen.h, 5168 bytes), the argument of VCPUOP_initialise.
 * Named apart from the public headers, which do not carry it yet.
 */
struct guest_vcpu_context {
    uint8_t fpu_ctxt[512];              /* FXSAVE image, with VGCF_i387_valid. */
    uint64_t flags;                     /* VGCF_* */
    struct cpu_user_regs user_regs;     /* Registers to start with. */
    struct trap_info trap_ctxt[256];    /* Virtual IDT, indexed by vector. */
    uint64_t ldt_base, ldt_ents;        /* LDT: linear address, entries. */
    uint64_t gdt_frames[16], gdt_ents;  /* GDT frames (MFNs), entries; 0: none. */
    uint64_t kernel_ss, kernel_sp;      /* Stack for entries from user mode. */
    uint64_t ctrlreg[8];                /* CR3: kernel L4 (MFN << 12); CR1: user L4. */
    uint64_t debugreg[8];               /* DR0-DR7. */
    uint64_t event_callback_eip;        /* CALLBACKTYPE_event. */
    uint64_t failsafe_callback_eip;     /* CALLBACKTYPE_failsafe. */
    uint64_t syscall_callback_eip;      /* CALLBACKTYPE_syscall. */
    uint64_t vm_assist;                 /* VMASST_TYPE_* bitmap. */
    uint64_t fs_base, gs_base_kernel, gs_base_user;
};
_Static_assert(sizeof(struct guest_vcpu_context) == 5168,
               "struct guest_vcpu_context must match Xen's vcpu_guest_context");

/* Stacks of vCPUs 1..SMP_MAX_VCPUS-1 (slot 0 unused: vCPU 0 has the boot stack). */
extern uint8_t smp_stacks[SMP_MAX_VCPUS][GUEST_STACK_SIZE];

/* smp_cpu - the vCPU running the caller: the one whose stack RSP is in. */
static inline unsigned int smp_cpu(void)
{
    uintptr_t sp;

    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    for (unsigned int i = 1; i < SMP_MAX_VCPUS; i++)
        if (sp - (uintptr_t)smp_stacks[i] < GUEST_STACK_SIZE)
            return i;
    return 0;
}

/*
 * smp_prepare - make @vcpu (1..SMP_MAX_VCPUS-1) run @fn once it is up, and
 * fill @ctx with its initial context (described above). Maps shared_info
 * and registers vCPU 0's event callback first (evtchn_init), since the new
 * vCPU uses both. Changes no hypervisor state of @vcpu itself.
 */
void smp_prepare(unsigned int vcpu, void (*fn)(void), struct guest_vcpu_context *ctx);

/*
 * smp_start - smp_prepare, VCPUOP_initialise and VCPUOP_up of @vcpu, then
 * wait (up to 10 s of system time) until it runs @fn. Not under test: a
 * failure ends the test with ERROR.
 */
void smp_start(unsigned int vcpu, void (*fn)(void));

/* smp_running - set by each vCPU as it enters its function. */
extern volatile unsigned int smp_running[SMP_MAX_VCPUS];
/* The evtchn_upcall_mask each vCPU found on entry, before masking. */
extern volatile uint8_t smp_initial_mask[SMP_MAX_VCPUS];

/* smp_vcpu_entry - RIP of the initial context (entered with RSP at the stack top - 8). */
void smp_vcpu_entry(void) __attribute__((noreturn));

/* cpu_relax - a pause in a spin loop. */
static inline void cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

#endif /* GUEST_SMP_H */
