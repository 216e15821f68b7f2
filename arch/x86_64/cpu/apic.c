/* SPDX-License-Identifier: MIT */
/*
 * Local APIC (xAPIC, memory mapped): enable, spurious vector, and the timer
 * calibrated against the TSC and checked with one real interrupt.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/percpu.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/setup.h>

#define APIC_ID         0x020
#define APIC_VERSION    0x030
#define APIC_TPR        0x080
#define APIC_EOI        0x0b0
#define APIC_SVR        0x0f0
#define APIC_ICR_LO     0x300
#define APIC_ICR_HI     0x310
#define ICR_BUSY        (1u << 12)
#define APIC_LVT_TIMER  0x320
#define APIC_LVT_LINT0  0x350
#define APIC_LVT_LINT1  0x360
#define APIC_LVT_ERROR  0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR  0x390
#define APIC_TIMER_DIV  0x3e0
#define LVT_MASKED      (1u << 16)
#define SVR_ENABLE      (1u << 8)
#define APIC_BASE_ENABLE (1ULL << 11)

static volatile uint32_t *apic_mmio;
static uint64_t apic_timer_khz;         /* timer ticks per ms (divide by 16) */
static volatile uint64_t apic_ticks;

static uint32_t apic_read(unsigned int reg)
{
    return apic_mmio[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
    apic_mmio[reg / 4] = v;
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

static void apic_timer_irq(struct cpu_regs *regs)
{
    this_pcpu()->timer_irqs++;
    apic_ticks++;
    apic_eoi();
    if (!sched_started)
        return;
    /* Guest timers that expired; then the slice (rescheduling on the way out). */
    timer_run();
    sched_tick();
}

void arch_timer_slice(uint64_t ns)
{
    /* At least once a second: no count overflows, time is re-read. */
    apic_timer_oneshot_ns(MIN(ns, 1000000000ULL));
}

uint64_t apic_timer_count(void)
{
    return apic_ticks;
}

void apic_timer_oneshot_ns(uint64_t ns)
{
    /* Rounded up: a timer that fires early finds its deadline not yet due. */
    uint64_t count = (apic_timer_khz * ns + 999999) / 1000000;

    if (!count)
        count = 1;
    if (count > 0xffffffffu)
        count = 0xffffffffu;
    apic_write(APIC_LVT_TIMER, APIC_TIMER_VECTOR);      /* one-shot */
    apic_write(APIC_TIMER_INIT, (uint32_t)count);
}

void apic_send_ipi(uint32_t apic_id, uint32_t icr_lo)
{
    while (apic_read(APIC_ICR_LO) & ICR_BUSY)
        arch_cpu_relax();
    apic_write(APIC_ICR_HI, apic_id << 24);
    apic_write(APIC_ICR_LO, icr_lo);
    while (apic_read(APIC_ICR_LO) & ICR_BUSY)
        arch_cpu_relax();
}

/* This CPU's APIC: enabled, LINT and error masked, timer divided by 16. */
static void apic_local_setup(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);

    if (!(base & APIC_BASE_ENABLE))
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_SVR, SVR_ENABLE | APIC_SPURIOUS_VECTOR);
    apic_write(APIC_LVT_LINT0, LVT_MASKED);
    apic_write(APIC_LVT_LINT1, LVT_MASKED);
    apic_write(APIC_LVT_ERROR, LVT_MASKED);
    apic_write(APIC_TIMER_DIV, 0x3);                    /* divide by 16 */
    apic_write(APIC_LVT_TIMER, LVT_MASKED | APIC_TIMER_VECTOR);
}

void apic_cpu_init(void)
{
    /* Same MMIO address on every CPU; the timer runs at the same rate. */
    apic_local_setup();
}

/*
 * The legacy 8259 PICs: moved to vectors 0x20-0x2f (so a stray interrupt
 * can never pose as an exception) and fully masked. Interrupts come from
 * the local APIC only. The firmware may have left the PIT ticking through
 * them, and a PIC interrupt raised before the mask would otherwise reach
 * the CPU with no vector.
 */
static void pic_disable(void)
{
    outb(0x20, 0x11);           /* ICW1: init, ICW4 follows */
    outb(0xa0, 0x11);
    outb(0x21, 0x20);           /* ICW2: master base vector */
    outb(0xa1, 0x28);           /* ICW2: slave base vector */
    outb(0x21, 0x04);           /* ICW3: slave on IRQ2 */
    outb(0xa1, 0x02);
    outb(0x21, 0x01);           /* ICW4: 8086 mode */
    outb(0xa1, 0x01);
    outb(0x21, 0xff);           /* mask everything */
    outb(0xa1, 0xff);
}

void apic_init(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    uint64_t t0, waited = arch_tsc_khz() * 10;          /* 10 ms of TSC */
    uint32_t left;

    pic_disable();
    apic_mmio = ioremap(base & ~0xfffULL, 0x1000, false);
    BUG_ON(!apic_mmio);
    apic_local_setup();
    irq_set_handler(APIC_TIMER_VECTOR, apic_timer_irq);

    /* Count down from the top for 10 ms of TSC, masked. */
    apic_write(APIC_TIMER_INIT, 0xffffffffu);
    t0 = rdtsc();
    while (rdtsc() - t0 < waited)
        arch_cpu_relax();
    left = apic_read(APIC_TIMER_CUR);
    apic_write(APIC_TIMER_INIT, 0);
    apic_timer_khz = (0xffffffffu - left) / 10;

    printk(LOG_INFO, "APIC: id %u version %#x, timer %llu.%03llu MHz (bus/16)",
           apic_read(APIC_ID) >> 24, apic_read(APIC_VERSION) & 0xff,
           (unsigned long long)(apic_timer_khz / 1000),
           (unsigned long long)(apic_timer_khz % 1000));

    /*
     * One real interrupt proves vector, IDT and EOI work. The wait is long
     * (1 s for a 1 ms timer): under an emulator on a loaded host the
     * calibration above can be far off.
     */
    t0 = rdtsc();
    apic_timer_oneshot_ns(1000000);
    arch_irq_enable();
    while (!apic_ticks && rdtsc() - t0 < waited * 100)
        arch_cpu_relax();
    arch_irq_disable();
    if (!apic_ticks)
        panic("APIC timer interrupt did not arrive within 1 s");
    printk(LOG_INFO, "APIC timer: one-shot interrupt after %llu us",
           (unsigned long long)((rdtsc() - t0) * 1000 / arch_tsc_khz()));
}
