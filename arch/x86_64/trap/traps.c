/* SPDX-License-Identifier: MIT */
/*
 * Trap dispatch: exceptions in the hypervisor are fatal and reported with a
 * full register dump and a backtrace; interrupts go to their handlers.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/uaccess.h>
#include <asm/regs.h>
#include <asm/setup.h>
#include <asm/symbols.h>

static void (*irq_handlers[NR_VECTORS])(struct cpu_regs *regs);

static const char *const trap_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
    "#OF overflow", "#BR bound range", "#UD invalid opcode",
    "#NM device not available", "#DF double fault",
    "coprocessor overrun", "#TS invalid TSS", "#NP segment not present",
    "#SS stack fault", "#GP general protection", "#PF page fault",
    "reserved 15", "#MF x87 error", "#AC alignment check",
    "#MC machine check", "#XM SIMD error", "#VE virtualisation",
    "#CP control protection", "reserved 22", "reserved 23", "reserved 24",
    "reserved 25", "reserved 26", "reserved 27", "#HV hypervisor injection",
    "#VC VMM communication", "#SX security", "reserved 31",
};

void irq_set_handler(unsigned int vector, void (*fn)(struct cpu_regs *regs))
{
    BUG_ON(vector < FIRST_IRQ_VECTOR || vector >= NR_VECTORS);
    irq_handlers[vector] = fn;
}

void dump_regs(const struct cpu_regs *r)
{
    char sym[96];

    symbol_describe(r->rip, sym, sizeof(sym));
    printk(LOG_ERR, "RIP: %04llx:%016llx %s", (unsigned long long)r->cs,
           (unsigned long long)r->rip, sym);
    printk(LOG_ERR, "RFLAGS: %016llx  ERR: %016llx",
           (unsigned long long)r->rflags, (unsigned long long)r->error_code);
    printk(LOG_ERR, "RAX: %016llx  RBX: %016llx  RCX: %016llx",
           (unsigned long long)r->rax, (unsigned long long)r->rbx,
           (unsigned long long)r->rcx);
    printk(LOG_ERR, "RDX: %016llx  RSI: %016llx  RDI: %016llx",
           (unsigned long long)r->rdx, (unsigned long long)r->rsi,
           (unsigned long long)r->rdi);
    printk(LOG_ERR, "RBP: %016llx  RSP: %016llx  R8:  %016llx",
           (unsigned long long)r->rbp, (unsigned long long)r->rsp,
           (unsigned long long)r->r8);
    printk(LOG_ERR, "R9:  %016llx  R10: %016llx  R11: %016llx",
           (unsigned long long)r->r9, (unsigned long long)r->r10,
           (unsigned long long)r->r11);
    printk(LOG_ERR, "R12: %016llx  R13: %016llx  R14: %016llx",
           (unsigned long long)r->r12, (unsigned long long)r->r13,
           (unsigned long long)r->r14);
    printk(LOG_ERR, "R15: %016llx  SS: %04llx",
           (unsigned long long)r->r15, (unsigned long long)r->ss);
    printk(LOG_ERR, "CR0: %016llx  CR2: %016llx  CR3: %016llx  CR4: %016llx",
           (unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
           (unsigned long long)read_cr3(), (unsigned long long)read_cr4());
}

/*
 * A frame pointer is followed only if it is 8-byte aligned and inside the
 * hypervisor image (all hypervisor stacks live in its bss for now), so a
 * corrupt chain ends the walk instead of faulting again.
 */
static bool frame_ok(uint64_t rbp)
{
    /* Within the stack block the walk started in (a CPU's, or the boot one). */
    uint64_t block = (uint64_t)cpu_info_addr() & ~(STACK_BLOCK_SIZE - 1);

    return rbp && !(rbp & 7) && rbp >= block + PAGE_SIZE &&
           rbp + 16 <= (uint64_t)cpu_info_addr();
}

void backtrace_from(uint64_t rip, uint64_t rbp)
{
    char sym[96];

    printk(LOG_ERR, "Backtrace:");
    symbol_describe(rip, sym, sizeof(sym));
    printk(LOG_ERR, "  [<%016llx>] %s", (unsigned long long)rip, sym);
    for (unsigned int depth = 0; depth < 32 && frame_ok(rbp); depth++) {
        const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;
        uint64_t ret = frame[1];

        if (!ret)
            break;
        symbol_describe(ret, sym, sizeof(sym));
        printk(LOG_ERR, "  [<%016llx>] %s", (unsigned long long)ret, sym);
        if (frame[0] <= rbp)    /* stacks grow down: callers are higher */
            break;
        rbp = frame[0];
    }
}

void arch_backtrace(void)
{
    const uint64_t *fp = __builtin_frame_address(0);

    /* fp[1]: where this was called from; fp[0]: the caller's frame. */
    backtrace_from(fp[1], fp[0]);
}

static void fatal_trap(struct cpu_regs *regs)
{
    unsigned int v = (unsigned int)regs->vector;

    console_force_unlock();
    printk(LOG_ERR, "****************************************");
    printk(LOG_ERR, "FATAL TRAP: vector %u (%s), error code %#llx", v,
           v < 32 ? trap_names[v] : "interrupt",
           (unsigned long long)regs->error_code);
    if (v == 14)
        printk(LOG_ERR, "Page fault at %016llx: %s %s in %s mode%s",
               (unsigned long long)read_cr2(),
               (regs->error_code & 1) ? "protection violation" : "not present",
               (regs->error_code & 2) ? "write" :
               (regs->error_code & 16) ? "instruction fetch" : "read",
               (regs->error_code & 4) ? "user" : "supervisor",
               (regs->error_code & 8) ? ", reserved bit set" : "");
    dump_regs(regs);
    backtrace_from(regs->rip, regs->rbp);
    panic("fatal trap %u in the hypervisor", v);
}

struct ex_entry {
    uint64_t insn, fixup;
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

uint64_t search_exception_table(uint64_t rip)
{
    for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}

void trap_dispatch(struct cpu_regs *regs)
{
    unsigned int v = (unsigned int)regs->vector;

    if (v >= FIRST_IRQ_VECTOR) {
        if (ipi_lockless(regs))
            return;
        hv_lock();
        if (irq_handlers[v])
            irq_handlers[v](regs);
        else if (v != APIC_SPURIOUS_VECTOR)
            fatal_trap(regs);
        if (regs->cs & 3)
            pv_exit_to_guest(regs);     /* drops the lock */
        else
            hv_unlock();
        return;
    }
    if (regs->cs & 3) {
        hv_lock();
        /* A domain killed meanwhile only leaves, as in pv_syscall. */
        if (unlikely(current->domain->dying)) {
            sched_need_resched = true;
            pv_exit_to_guest(regs);
            return;
        }
        pv_trap(regs);          /* an exception in a guest, kernel or user mode */
        return;
    }
    /*
     * The hypervisor loading a guest LDT selector (context switch,
     * set_segment_base, iret) met an LDT page not mapped yet: map it and
     * retry, as a fault in the guest would. (pv_ldt_fault takes the lock:
     * restore_all's iretq runs with it dropped.)
     */
    if (v == 14 && current && pv_ldt_fault(current, read_cr2()))
        return;
    /*
     * A guest access or a guest selector load faulted in the hypervisor
     * (#TS #NP #SS #GP #PF #AC): resume at the instruction's fixup.
     */
    if ((v >= 10 && v <= 14) || v == 17) {
        uint64_t fixup = search_exception_table(regs->rip);

        if (fixup) {
            regs->rip = fixup;
            return;
        }
    }
    fatal_trap(regs);
}
