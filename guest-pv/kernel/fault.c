/* SPDX-License-Identifier: MIT */
/*
 * pvkern exceptions. A not-present fault in the program's heap maps the
 * page (mm.c) and goes on. Any other fault in the program ends it: the report names the
 * exception, the faulting address and the instruction, and the domain
 * shuts down with the crash code (the hypervisor and other domains go on).
 * A fault in the kernel is a panic with the registers.
 */
#include <pv/pv_ops.h>
#include <public/sched.h>
#include "pvkern.h"

static void dump(const struct pv_frame *f)
{
    printk("  rip %016llx rsp %016llx rflags %08llx cs %04llx\n",
           (unsigned long long)f->rip, (unsigned long long)f->rsp,
           (unsigned long long)f->rflags, (unsigned long long)(f->cs & 0xffff));
    printk("  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n",
           (unsigned long long)f->rax, (unsigned long long)f->rbx,
           (unsigned long long)f->rcx, (unsigned long long)f->rdx);
    printk("  rsi %016llx rdi %016llx rbp %016llx r8  %016llx\n",
           (unsigned long long)f->rsi, (unsigned long long)f->rdi,
           (unsigned long long)f->rbp, (unsigned long long)f->r8);
}

static const char *pf_what(const struct pv_frame *f, uint64_t addr)
{
    uint64_t guard = USER_STACK_TOP - USER_STACK_SIZE - PV_PAGE_SIZE;

    if (addr < PV_PAGE_SIZE)
        return "null pointer dereference";
    if (addr >= guard && addr < guard + PV_PAGE_SIZE)
        return "stack overflow";
    return (f->error_code & PV_PF_PRESENT) ? "protection violation" : "unmapped address";
}

void fault_hook(struct pv_frame *f)
{
    bool user = pv_frame_from_user(f);

    /* The heap's first touch, by the program or by a system call for it. */
    if (f->vector == PV_VEC_PF && !(f->error_code & PV_PF_PRESENT) &&
        mm_demand_fault(pv_ops.cpu.read_cr2()))
        return;

    if (f->vector == PV_VEC_PF) {
        uint64_t addr = pv_ops.cpu.read_cr2();

        printk("pvkern: %s: page fault at address 0x%llx (%s, %s) at rip 0x%llx\n",
               user ? "program fault" : "kernel fault", (unsigned long long)addr,
               (f->error_code & PV_PF_WRITE) ? "write" : "read", pf_what(f, addr),
               (unsigned long long)f->rip);
    } else {
        printk("pvkern: %s: %s (vector %llu, error code %#llx) at rip 0x%llx\n",
               user ? "program fault" : "kernel fault", pv_vector_name(f->vector),
               (unsigned long long)f->vector, (unsigned long long)f->error_code,
               (unsigned long long)f->rip);
    }
    dump(f);
    printk("pvkern: %s; the domain stops with the crash code\n",
           user ? "program killed" : "kernel panic");
    pv_ops.cpu.shutdown(SHUTDOWN_crash);
}
