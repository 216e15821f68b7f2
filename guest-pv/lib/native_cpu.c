/* SPDX-License-Identifier: MIT */
/*
 * pv_ops on bare x86-64: the instructions themselves. The descriptor
 * tables are built here so that the CPU's entries reach libpv's stubs
 * through native_entry.S with the same frame the hypervisor would write.
 */
#include <pv/boot.h>
#include <pv/native.h>
#include <public/sched.h>
#include "x86.h"

#define SEL_KCODE   0x08
#define SEL_KDATA   0x10
#define SEL_UCODE   0x2b        /* 0x28 | RPL 3 */
#define SEL_UDATA   0x23        /* 0x20 | RPL 3 */
#define SEL_TSS     0x30
#define MSR_EFER    0xc0000080
#define MSR_STAR    0xc0000081
#define MSR_LSTAR   0xc0000082
#define MSR_FMASK   0xc0000084
#define EFER_SCE    (1ULL << 0)
#define RFLAGS_IF   (1UL << 9)
#define NATIVE_IRQ0 32

/* native_entry.S and native_dev.c */
extern const uint8_t pv_native_tramp[];
extern uint64_t pv_native_targets[33], pv_native_kernel_sp, pv_native_phys_base;
extern uint64_t pv_user_cs, pv_user_ss;
extern const uint8_t *pv_iret_stub;
void pv_native_irq0(void);
void pv_native_syscall(void);
void pv_native_iret(void);
uint64_t pv_native_clock_ns(void);
long pv_native_timer_arm(uint64_t deadline_ns);
PV_NORETURN void pv_native_shutdown(unsigned int reason);
void pv_native_cpu_init(void);

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
};

struct tss {
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1, ist[7], rsvd2;
    uint16_t rsvd3, iomap;
} __attribute__((packed));

static struct idt_gate idt[33] PV_ALIGNED(16);
static struct tss tss PV_ALIGNED(16);
/* null, kernel code/data, user code32 (for STAR's layout), user data, user code64, TSS */
static uint64_t gdt[8] PV_ALIGNED(16) = {
    0, 0x00af9a000000ffff, 0x00cf92000000ffff, 0x00cffa000000ffff,
    0x00cff2000000ffff, 0x00affa000000ffff, 0, 0,
};

struct desc_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static void lgdt(const void *base, uint16_t limit)
{
    struct desc_ptr d = { limit, (uint64_t)(uintptr_t)base };

    __asm__ volatile("lgdt %0" ::"m"(d) : "memory");
}

static void lidt(const void *base, uint16_t limit)
{
    struct desc_ptr d = { limit, (uint64_t)(uintptr_t)base };

    __asm__ volatile("lidt %0" ::"m"(d) : "memory");
}

static void set_gate(unsigned int v, uint8_t dpl, bool mask_events, uint64_t target)
{
    uint64_t tramp = (uint64_t)(uintptr_t)(pv_native_tramp + 16 * v);

    pv_native_targets[v] = target;
    idt[v] = (struct idt_gate){
        .off_lo = (uint16_t)tramp,
        .sel = SEL_KCODE,
        /* Interrupt gates clear IF (events off), trap gates do not. */
        .type = (uint8_t)(0x80 | (dpl & 3) << 5 | (mask_events ? 0xe : 0xf)),
        .off_mid = (uint16_t)(tramp >> 16),
        .off_hi = (uint32_t)(tramp >> 32),
    };
}

/* GDT with user segments and the TSS; the user selectors for pv_enter_user. */
void pv_native_cpu_init(void)
{
    uint64_t base = (uint64_t)(uintptr_t)&tss;

    tss.iomap = sizeof(tss);
    gdt[6] = (sizeof(tss) - 1) | (base & 0xffffff) << 16 | 0x89ULL << 40 |
             ((base >> 24) & 0xff) << 56;
    gdt[7] = base >> 32;
    lgdt(gdt, sizeof(gdt) - 1);
    __asm__ volatile("ltr %w0" ::"r"(SEL_TSS));
    pv_user_cs = SEL_UCODE;
    pv_user_ss = SEL_UDATA;
    pv_iret_stub = (const uint8_t *)pv_native_iret;
}

static long native_load_idt(const struct pv_gate *gates)
{
    for (; gates->handler; gates++)
        if (gates->vector < NATIVE_IRQ0)
            set_gate(gates->vector, gates->dpl, gates->mask_events, gates->handler);
    lidt(idt, sizeof(idt) - 1);
    return 0;
}

static long native_load_gdt(const uint64_t *frames, unsigned int entries)
{
    lgdt(pv_pfn_to_virt(frames[0]), (uint16_t)(entries * 8 - 1));
    return 0;
}

static long native_load_tr(uint64_t kernel_sp)
{
    tss.rsp[0] = kernel_sp;
    pv_native_kernel_sp = kernel_sp;
    return 0;
}

/* syscall: kernel CS/SS from STAR[47:32]; events off on entry (FMASK IF). */
static long native_set_entries(const struct pv_entries *e)
{
    x86_wrmsr(MSR_STAR, (uint64_t)0x18 << 48 | (uint64_t)SEL_KCODE << 32);
    x86_wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)pv_native_syscall);
    x86_wrmsr(MSR_FMASK, RFLAGS_IF | (1 << 8) | (1 << 10) | (1 << 18));
    x86_wrmsr(MSR_EFER, x86_rdmsr(MSR_EFER) | EFER_SCE);
    /* The event entry behind IRQ 0's own glue (it marks the timer port). */
    (void)e->event;
    set_gate(NATIVE_IRQ0, 0, true, (uint64_t)(uintptr_t)pv_native_irq0);
    return 0;
}

static long native_rdmsr(uint32_t msr, uint64_t *val)
{
    *val = x86_rdmsr(msr);
    return 0;
}

static long native_wrmsr(uint32_t msr, uint64_t val)
{
    x86_wrmsr(msr, val);
    return 0;
}

static void native_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3])
                     : "0"(leaf), "2"(subleaf));
}

/* sti takes effect after the next instruction: no interrupt slips in before hlt. */
static void native_halt(void)
{
    __asm__ volatile("sti; hlt" ::: "memory");
}

static void native_irq_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
}

static void native_irq_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}

static unsigned long native_irq_save(void)
{
    unsigned long flags;

    __asm__ volatile("pushf; pop %0" : "=r"(flags)::"memory");
    return flags & RFLAGS_IF;
}

static void native_irq_restore(unsigned long enabled)
{
    if (enabled)
        native_irq_enable();
    else
        native_irq_disable();
}

static uint64_t native_pfn_to_frame(uint64_t pfn)
{
    return pfn + (pv_native_phys_base >> PV_PAGE_SHIFT);
}

static uint64_t native_frame_to_pfn(uint64_t frame)
{
    return frame - (pv_native_phys_base >> PV_PAGE_SHIFT);
}

static long native_set_pte(uint64_t *ptep, uint64_t val)
{
    PV_WRITE_ONCE(*ptep, val);
    return 0;
}

static long native_table_noop(void *va, unsigned int level)
{
    return 0;
}

/* One root natively: user pages are told apart by the U/S bit alone. */
static long native_switch_root(void *kernel_root, void *user_root)
{
    uint64_t cr3 = native_pfn_to_frame(pv_virt_to_pfn(kernel_root)) << PV_PAGE_SHIFT;

    x86_write_cr3(cr3);
    return 0;
}

static void native_flush_tlb(void)
{
    x86_write_cr3(x86_read_cr3());
}

static void native_invlpg(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

static void native_wallclock(uint64_t *sec, uint32_t *nsec)
{
    *sec = 0;           /* no RTC reading yet: the epoch, as pvisor's wallclock */
    *nsec = 0;
}

const struct pv_ops pv_ops_native = {
    .name = "native",
    .cpu = {
        .load_idt = native_load_idt,
        .load_gdt = native_load_gdt,
        .load_tr = native_load_tr,
        .set_entries = native_set_entries,
        .read_cr0 = x86_read_cr0,
        .write_cr0 = x86_write_cr0,
        .read_cr2 = x86_read_cr2,
        .read_cr4 = x86_read_cr4,
        .write_cr4 = x86_write_cr4,
        .rdmsr = native_rdmsr,
        .wrmsr = native_wrmsr,
        .cpuid = native_cpuid,
        .halt = native_halt,
        .inb = x86_inb,
        .outb = x86_outb,
        .shutdown = pv_native_shutdown,
    },
    .irq = {
        .disable = native_irq_disable,
        .enable = native_irq_enable,
        .save = native_irq_save,
        .restore = native_irq_restore,
    },
    .mmu = {
        .set_pte = native_set_pte,
        .alloc_table = native_table_noop,
        .release_table = native_table_noop,
        .switch_root = native_switch_root,
        .flush_tlb = native_flush_tlb,
        .invlpg = native_invlpg,
        .pfn_to_frame = native_pfn_to_frame,
        .frame_to_pfn = native_frame_to_pfn,
    },
    .time = {
        .clock_ns = pv_native_clock_ns,
        .wallclock = native_wallclock,
        .timer_arm = pv_native_timer_arm,
    },
};
