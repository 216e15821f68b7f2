/* SPDX-License-Identifier: MIT */
/*
 * Console output (and input, where the backend offers it).
 *
 * Two paths. console_io writes straight to the hypervisor's console: always
 * for dom0, and the only way before events work (early printk). A domU's
 * real console is the shared ring page start_info.console.domU (struct
 * xencons_interface) served by a backend over an event channel; pvisor
 * and Xen debug builds also accept console_io from a domU.
 * pv_console_init() picks the ring when the domain has one.
 */
#ifndef PV_CONSOLE_H
#define PV_CONSOLE_H

#include <pv/defs.h>

/* pv_console_init - use the console ring if start_info names one (domU). */
void pv_console_init(void);

/* pv_console_write - write @len bytes; returns @len or a negative error. */
long pv_console_write(const char *buf, size_t len);

/* pv_console_early_write - console_io only, usable before pv_boot_init(). */
long pv_console_early_write(const char *buf, size_t len);

/* pv_console_read - up to @len bytes of input, 0 if none; never blocks. */
long pv_console_read(char *buf, size_t len);

#endif /* PV_CONSOLE_H */
