/* SPDX-License-Identifier: MIT */
/*
 * Native devices and the hypercall stand-in: COM1, the 8259 PIC, the 8254
 * PIT (one-shot timer and TSC calibration), and pv_hypercall_local, which
 * answers the hypercalls libpv's console, event and time code make when
 * there is no hypervisor.
 */
#include <pv/boot.h>
#include <pv/hypercall.h>
#include <pv/native.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include "x86.h"

#define COM1        0x3f8
#define PIC1        0x20
#define PIC2        0xa0
#define PIT_CH0     0x40
#define PIT_CH2     0x42
#define PIT_CMD     0x43
#define PIT_GATE    0x61
#define PIT_HZ      1193182ULL

/* The shared_info the event code reads; entry glue and the stand-in write it. */
struct shared_info pv_native_shared PV_ALIGNED(4096);
uint64_t pv_native_tsc_hz;
static uint64_t tsc_at_boot;
static struct start_info native_si;
uint64_t pv_native_phys_base;
static bool timer_bound;

static void serial_init(void)
{
    x86_outb(COM1 + 1, 0x00);       /* no interrupts */
    x86_outb(COM1 + 3, 0x80);       /* divisor latch */
    x86_outb(COM1 + 0, 0x01);       /* 115200 baud */
    x86_outb(COM1 + 1, 0x00);
    x86_outb(COM1 + 3, 0x03);       /* 8N1 */
    x86_outb(COM1 + 2, 0xc7);       /* FIFOs on */
}

static void serial_write(const char *s, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_write("\r", 1);
        while (!(x86_inb(COM1 + 5) & 0x20))
            ;
        x86_outb(COM1, (uint8_t)s[i]);
    }
}

/*
 * Both PICs remapped to vectors 32-47, auto-EOI (the IRQ 0 entry has no
 * register free to send an EOI with), everything masked but IRQ 0.
 */
static void pic_init(void)
{
    x86_outb(PIC1, 0x11);
    x86_outb(PIC2, 0x11);
    x86_outb(PIC1 + 1, 32);
    x86_outb(PIC2 + 1, 40);
    x86_outb(PIC1 + 1, 4);          /* slave on IRQ 2 */
    x86_outb(PIC2 + 1, 2);
    x86_outb(PIC1 + 1, 0x03);       /* 8086 mode, auto EOI */
    x86_outb(PIC2 + 1, 0x03);
    x86_outb(PIC1 + 1, 0xff);       /* IRQ 0 unmasked when the timer is armed */
    x86_outb(PIC2 + 1, 0xff);
}

/* TSC ticks in 10 ms of PIT channel 2 (its gate in port 0x61, output bit 5). */
static void tsc_calibrate(void)
{
    const uint16_t count = (uint16_t)(PIT_HZ / 100);
    uint64_t t0, t1;

    x86_outb(PIT_GATE, (uint8_t)((x86_inb(PIT_GATE) & ~0x02) | 0x01));
    x86_outb(PIT_CMD, 0xb0);        /* channel 2, lo/hi, mode 0 */
    x86_outb(PIT_CH2, (uint8_t)count);
    x86_outb(PIT_CH2, (uint8_t)(count >> 8));
    t0 = x86_rdtsc();
    while (!(x86_inb(PIT_GATE) & 0x20))
        ;
    t1 = x86_rdtsc();
    pv_native_tsc_hz = (t1 - t0) * 100;
    tsc_at_boot = t0;
}

uint64_t pv_native_clock_ns(void);
uint64_t pv_native_clock_ns(void)
{
    return (uint64_t)(((unsigned __int128)(x86_rdtsc() - tsc_at_boot) * 1000000000ULL) /
                      pv_native_tsc_hz);
}

/* One-shot: PIT channel 0 in mode 0 raises IRQ 0 at terminal count (<= 55 ms). */
long pv_native_timer_arm(uint64_t deadline_ns);
long pv_native_timer_arm(uint64_t deadline_ns)
{
    uint64_t now = pv_native_clock_ns(), ticks;

    if (!deadline_ns) {
        x86_outb(PIC1 + 1, 0xff);
        return 0;
    }
    ticks = deadline_ns > now ? (deadline_ns - now) * PIT_HZ / 1000000000ULL : 1;
    if (ticks < 1)
        ticks = 1;
    if (ticks > 0xffff)
        ticks = 0xffff;     /* the handler re-arms for the rest */
    x86_outb(PIT_CMD, 0x30);    /* channel 0, lo/hi, mode 0 */
    x86_outb(PIT_CH0, (uint8_t)ticks);
    x86_outb(PIT_CH0, (uint8_t)(ticks >> 8));
    x86_outb(PIC1 + 1, 0xfe);
    return 0;
}

PV_NORETURN void pv_native_shutdown(unsigned int reason);
PV_NORETURN void pv_native_shutdown(unsigned int reason)
{
    /* QEMU's isa-debug-exit (exit status (v << 1) | 1), else stop here. */
    x86_outb(0xf4, reason == SHUTDOWN_poweroff ? 0 : 1);
    for (;;)
        __asm__ volatile("cli; hlt");
}

static long evtchn_op(unsigned int cmd, void *arg)
{
    switch (cmd) {
    case EVTCHNOP_bind_virq: {
        struct evtchn_bind_virq *op = arg;

        if (op->virq != VIRQ_TIMER || timer_bound)
            return -XEN_ENOSYS;
        timer_bound = true;
        op->port = PV_NATIVE_TIMER_PORT;
        return 0;
    }
    case EVTCHNOP_unmask: {
        const struct evtchn_unmask *op = arg;

        __atomic_fetch_and(&pv_native_shared.evtchn_mask[op->port / 64],
                           ~(1ULL << (op->port % 64)), __ATOMIC_SEQ_CST);
        return 0;
    }
    case EVTCHNOP_close:
        return 0;
    }
    return -XEN_ENOSYS;
}

static long native_hypercall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                             uint64_t a4, uint64_t a5)
{
    switch (nr) {
    case __HYPERVISOR_console_io:
        if (a1 != CONSOLEIO_write)
            return 0;
        serial_write((const char *)(uintptr_t)a3, a2);
        return 0;
    case __HYPERVISOR_event_channel_op:
        return evtchn_op((unsigned int)a1, (void *)(uintptr_t)a2);
    case __HYPERVISOR_set_timer_op:
        return pv_native_timer_arm(a1);
    case __HYPERVISOR_sched_op:
        if (a1 == SCHEDOP_shutdown)
            pv_native_shutdown(((const struct sched_shutdown *)(uintptr_t)a2)->reason);
        if (a1 == SCHEDOP_block)
            __asm__ volatile("sti; hlt" ::: "memory");
        return 0;
    }
    return -XEN_ENOSYS;
}

void pv_native_cpu_init(void);

void pv_native_init(void)
{
    serial_init();
    pic_init();
    tsc_calibrate();
    pv_native_cpu_init();
    pv_hypercall_local = native_hypercall;
}

void pv_boot_init_native(uint64_t virt_base, uint64_t phys_base, uint64_t mem_bytes,
                         const char *cmdline, const void *free_va, void *boot_root)
{
    static const char magic[] = XEN_START_INFO_MAGIC;
    uint64_t pages = mem_bytes > phys_base ? (mem_bytes - phys_base) >> PV_PAGE_SHIFT : 0;
    unsigned int i;

    if (pages > 512 * 512)      /* the boot map covers 1 GiB */
        pages = 512 * 512;
    for (i = 0; i < sizeof(magic); i++)
        native_si.magic[i] = magic[i];
    for (i = 0; cmdline[i] && i < MAX_GUEST_CMDLINE - 1; i++)
        native_si.cmd_line[i] = (int8_t)cmdline[i];
    native_si.cmd_line[i] = 0;
    native_si.nr_pages = pages;
    native_si.flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    native_si.pt_base = (uint64_t)(uintptr_t)boot_root;
    pv_native_phys_base = phys_base;
    pv_boot.si = &native_si;
    pv_boot.shared = &pv_native_shared;
    pv_boot.virt_base = virt_base;
    pv_boot.first_free_pfn = ((uint64_t)(uintptr_t)free_va - virt_base + PV_PAGE_SIZE - 1)
                             >> PV_PAGE_SHIFT;
    pv_boot.mapped_end_pfn = pages;
}
