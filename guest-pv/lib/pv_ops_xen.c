/* SPDX-License-Identifier: MIT */
/*
 * pv_ops for a PV guest (pvisor or Xen): each privileged operation as the
 * hypercall or shared_info field that replaces it. docs/porting.md has the
 * table; the comments here say only what is not obvious from the code.
 */
#include <pv/boot.h>
#include <pv/hypercall.h>
#include <pv/pv_ops.h>
#include <pv/time.h>
#include "x86.h"
#include <public/callback.h>
#include <public/errno.h>
#include <public/sched.h>
#include <public/version.h>

#define MSR_FS_BASE         0xc0000100
#define MSR_GS_BASE         0xc0000101
#define MSR_KERNEL_GS_BASE  0xc0000102
#define CR0_TS              (1UL << 3)
#define TRAP_INFO_MASK_EVENTS 4     /* trap_info.flags: clear the event mask bit */

/* ---- cpu ---- */

static long xen_load_idt(const struct pv_gate *gates)
{
    static struct trap_info table[257];
    unsigned int n = 0;

    for (; gates[n].handler && n < PV_ARRAY_SIZE(table) - 1; n++) {
        table[n] = (struct trap_info){
            .vector = gates[n].vector,
            .flags = (uint8_t)((gates[n].dpl & 3) |
                               (gates[n].mask_events ? TRAP_INFO_MASK_EVENTS : 0)),
            .cs = FLAT_KERNEL_CS,
            .address = gates[n].handler,
        };
    }
    table[n] = (struct trap_info){ 0 };
    return HYPERVISOR_set_trap_table(table);
}

static long xen_load_gdt(const uint64_t *frames, unsigned int entries)
{
    xen_pfn_t mfns[16];
    unsigned int nr = (entries * 8 + PV_PAGE_SIZE - 1) / PV_PAGE_SIZE;

    if (nr > PV_ARRAY_SIZE(mfns))
        return -XEN_EINVAL;
    /* A GDT frame may have no writable mapping: remap ours read-only. */
    for (unsigned int i = 0; i < nr; i++) {
        long rc;

        mfns[i] = pv_pfn_to_mfn(frames[i]);
        rc = HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)pv_pfn_to_virt(frames[i]),
                                          (mfns[i] << PV_PAGE_SHIFT) | PV_PTE_P | PV_PTE_A,
                                          UVMF_INVLPG);
        if (rc)
            return rc;
    }
    return HYPERVISOR_set_gdt(mfns, entries);
}

static long xen_load_tr(uint64_t kernel_sp)
{
    return HYPERVISOR_stack_switch(FLAT_KERNEL_SS, kernel_sp);
}

static long xen_set_entries(const struct pv_entries *e)
{
    const struct callback_register cbs[] = {
        { .type = CALLBACKTYPE_event, .address = e->event },
        { .type = CALLBACKTYPE_syscall, .flags = CALLBACKF_mask_events,
          .address = e->syscall },
        { .type = CALLBACKTYPE_failsafe, .flags = CALLBACKF_mask_events,
          .address = e->failsafe },
    };

    for (unsigned int i = 0; i < PV_ARRAY_SIZE(cbs); i++) {
        long rc;

        if (!cbs[i].address)
            continue;
        rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cbs[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static void xen_write_cr0(uint64_t val)
{
    (void)HYPERVISOR_fpu_taskswitch(!!(val & CR0_TS));
}

static uint64_t xen_read_cr2(void)
{
    return PV_READ_ONCE(pv_vcpu()->arch.cr2);
}

/* CR and MSR accesses and port I/O trap (#GP); the hypervisor emulates them. */
static long xen_rdmsr(uint32_t msr, uint64_t *val)
{
    *val = x86_rdmsr(msr);
    return 0;
}

static long xen_wrmsr(uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_FS_BASE:
        return HYPERVISOR_set_segment_base(SEGBASE_FS, val);
    case MSR_GS_BASE:
        return HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, val);
    case MSR_KERNEL_GS_BASE:    /* the inactive (user) base while in the kernel */
        return HYPERVISOR_set_segment_base(SEGBASE_GS_USER, val);
    }
    x86_wrmsr(msr, val);
    return 0;
}

/* The forced-emulation prefix (ud2; "xen") makes cpuid trap on any CPU. */
static void xen_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    __asm__ volatile("ud2a; .ascii \"xen\"; cpuid"
                     : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3])
                     : "0"(leaf), "2"(subleaf));
}

/* SCHEDOP_block unmasks events and sleeps unless one is already deliverable. */
static void xen_halt(void)
{
    (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

static PV_NORETURN void xen_shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    /* It does not return; if a hypervisor lets it, ask again. */
    for (;;) {
        (void)HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
        (void)HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
}

/* ---- irq: the event mask in vcpu_info ---- */

static void xen_irq_disable(void)
{
    PV_WRITE_ONCE(pv_vcpu()->evtchn_upcall_mask, 1);
    pv_barrier();
}

/*
 * Unmasking does not trap, so an event that arrived while masked would
 * wait for the next hypercall: make a cheap one to get it delivered now.
 */
static void xen_irq_enable(void)
{
    struct vcpu_info *v = pv_vcpu();

    pv_barrier();
    PV_WRITE_ONCE(v->evtchn_upcall_mask, 0);
    pv_mb();
    if (PV_READ_ONCE(v->evtchn_upcall_pending))
        (void)HYPERVISOR_xen_version(XENVER_version, NULL);
}

static unsigned long xen_irq_save(void)
{
    return !PV_READ_ONCE(pv_vcpu()->evtchn_upcall_mask);
}

static void xen_irq_restore(unsigned long enabled)
{
    if (enabled)
        xen_irq_enable();
    else
        xen_irq_disable();
}

/* ---- mmu: validated page-table updates ---- */

static long xen_set_pte(uint64_t *ptep, uint64_t val)
{
    struct mmu_update req = {
        .ptr = pv_virt_to_machine(ptep) | MMU_NORMAL_PT_UPDATE,
        .val = val,
    };

    return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

static long remap(void *va, uint64_t flags)
{
    return HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)va,
                                        (pv_virt_to_mfn(va) << PV_PAGE_SHIFT) | flags,
                                        UVMF_INVLPG);
}

/* A page-table page may have no writable mapping; pinned, it stays validated. */
static long xen_alloc_table(void *va, unsigned int level)
{
    struct mmuext_op pin = {
        .cmd = MMUEXT_PIN_L1_TABLE + level - 1,
        .arg1.mfn = pv_virt_to_mfn(va),
    };
    long rc = remap(va, PV_PTE_P | PV_PTE_A);

    return rc ? rc : HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF);
}

static long xen_release_table(void *va, unsigned int level)
{
    struct mmuext_op unpin = {
        .cmd = MMUEXT_UNPIN_TABLE,
        .arg1.mfn = pv_virt_to_mfn(va),
    };
    long rc = HYPERVISOR_mmuext_op(&unpin, 1, NULL, DOMID_SELF);

    return rc ? rc : remap(va, PV_PTE_P | PV_PTE_RW | PV_PTE_A | PV_PTE_D);
}

static long xen_switch_root(void *kernel_root, void *user_root)
{
    struct mmuext_op ops[] = {
        { .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = pv_virt_to_mfn(kernel_root) },
        { .cmd = MMUEXT_NEW_USER_BASEPTR,
          .arg1.mfn = user_root ? pv_virt_to_mfn(user_root) : 0 },
    };

    return HYPERVISOR_mmuext_op(ops, 2, NULL, DOMID_SELF);
}

static void xen_flush_tlb(void)
{
    struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

    (void)HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void xen_invlpg(uint64_t va)
{
    struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = va };

    (void)HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

const struct pv_ops pv_ops_xen = {
    .name = "xen-pv",
    .cpu = {
        .load_idt = xen_load_idt,
        .load_gdt = xen_load_gdt,
        .load_tr = xen_load_tr,
        .set_entries = xen_set_entries,
        .read_cr0 = x86_read_cr0,
        .write_cr0 = xen_write_cr0,
        .read_cr2 = xen_read_cr2,
        .read_cr4 = x86_read_cr4,
        .write_cr4 = x86_write_cr4,
        .rdmsr = xen_rdmsr,
        .wrmsr = xen_wrmsr,
        .cpuid = xen_cpuid,
        .halt = xen_halt,
        .inb = x86_inb,
        .outb = x86_outb,
        .shutdown = xen_shutdown,
    },
    .irq = {
        .disable = xen_irq_disable,
        .enable = xen_irq_enable,
        .save = xen_irq_save,
        .restore = xen_irq_restore,
    },
    .mmu = {
        .set_pte = xen_set_pte,
        .alloc_table = xen_alloc_table,
        .release_table = xen_release_table,
        .switch_root = xen_switch_root,
        .flush_tlb = xen_flush_tlb,
        .invlpg = xen_invlpg,
        .pfn_to_frame = pv_pfn_to_mfn,
        .frame_to_pfn = pv_mfn_to_pfn,
    },
    .time = {
        .clock_ns = pv_clock_ns,
        .wallclock = pv_wallclock,
        .timer_arm = pv_timer_arm,
    },
};

/* The table in use; a kernel copies pv_ops_xen (or another) in at boot. */
struct pv_ops pv_ops;
