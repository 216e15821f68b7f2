/* SPDX-License-Identifier: MIT */
/* Arch-neutral start of day: what runs once the machine is set up. */
#include <hv/arch.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/frame.h>
#include <hv/main.h>
#include <hv/domain.h>
#include <asm/pv.h>

void hv_main(const struct boot_info *bi)
{
    if (hv_opts.selftest[0]) {
        selftest_run(hv_opts.selftest, bi);
        printk(LOG_ERR, "unknown self test '%s'", hv_opts.selftest);
        if (hv_opts.test_mode)
            printk(LOG_ERR, "Test result: ERROR");
        arch_machine_stop(2, STOP_HALT);
    }

    printk(LOG_INFO, "Boot complete: %llu MiB free; %u module(s) loaded",
           (unsigned long long)(frame_free_count() >> (20 - PAGE_SHIFT)),
           bi->nr_modules);
    if (bi->nr_modules) {
        if (dom0_build(bi) == 0) {
            printk(LOG_INFO, "Starting dom0");
            pv_start_vcpu(domain_lookup(0)->vcpus[0]);
        }
        printk(LOG_ERR, "dom0 could not be built");
        if (hv_opts.test_mode)
            printk(LOG_ERR, "Test result: ERROR");
        arch_machine_stop(2, STOP_HALT);
    }
    printk(LOG_INFO, "No dom0 kernel given: nothing to run");

    if (hv_opts.test_mode)
        arch_machine_stop(0, STOP_HALT);
    printk(LOG_INFO, "Idle. (QEMU: Ctrl-A X quits)");
    arch_irq_enable();
    for (;;)
        __asm__ volatile("hlt");
}
