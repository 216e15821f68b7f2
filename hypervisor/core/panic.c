/* SPDX-License-Identifier: MIT */
/* panic: report a fatal error and stop the machine. */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/lib.h>

static bool in_panic;

void panic(const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    arch_irq_disable();
    console_force_unlock();
    if (in_panic) {
        /* A panic while panicking: say so once and stop without more work. */
        printk(LOG_ERR, "nested panic");
        arch_machine_stop(1, STOP_HALT);
    }
    in_panic = true;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printk(LOG_ERR, "****************************************");
    printk(LOG_ERR, "Panic: %s", msg);
    printk(LOG_ERR, "****************************************");
    arch_backtrace();
    if (hv_opts.test_mode)
        printk(LOG_ERR, "Test result: FAILURE");
    arch_machine_stop(1, hv_opts.on_panic);
}
