/* SPDX-License-Identifier: MIT */
/* Stopping the machine: QEMU's debug-exit in test mode, reset or halt. */
#include <hv/smp.h>
#include <hv/arch.h>
#include <hv/cmdline.h>
#include <asm/processor.h>
#include <asm/setup.h>

#define DEBUG_EXIT_PORT 0xf4    /* QEMU isa-debug-exit: exits with (v << 1) | 1 */

void arch_cpu_relax(void)
{
    __asm__ volatile("pause");
}

void arch_irq_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
}

void arch_irq_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}

void arch_machine_stop(int code, enum stop_action action)
{
    arch_irq_disable();
    smp_stop_others();
    if (hv_opts.test_mode)
        outb(DEBUG_EXIT_PORT, (uint8_t)code);
    if (action == STOP_POWEROFF)
        acpi_poweroff();
    if (action == STOP_REBOOT) {
        outb(0xcf9, 0x02);      /* PCI reset control: system reset */
        outb(0xcf9, 0x06);
        outb(0x64, 0xfe);       /* keyboard controller: pulse reset */
    }
    for (;;)
        cpu_halt();
}
