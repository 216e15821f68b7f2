/* SPDX-License-Identifier: MIT */
/*
 * Console: log levels, printk, the in-memory log ring and the output sinks
 * (serial, framebuffer). Every line printed goes to the ring; it goes to the
 * sinks if its level is at or below the console log level.
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <hv/types.h>

#define LOG_ERR     0
#define LOG_WARN    1
#define LOG_INFO    2
#define LOG_DEBUG   3

/* A sink receives raw bytes; "\n" must become CR LF where the device wants it. */
struct console_sink {
    const char *name;
    void (*write)(const char *s, size_t n);
    struct console_sink *next;
};

/*
 * console_register - add @sink; it first receives what the log ring holds
 * (at or below the console level), so a late sink misses nothing.
 */
void console_register(struct console_sink *sink);

/* printk - log a formatted line at @level (prefixes "(E) ", "(W) " ... ). */
void printk(int level, const char *fmt, ...) __printf(2, 3);
void vprintk(int level, const char *fmt, va_list ap);

#define pr_err(...)     printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)    printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...)    printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)   printk(LOG_DEBUG, __VA_ARGS__)

/* console_set_level - lines above @level stay in the ring only. */
void console_set_level(int level);
int console_get_level(void);

/* console_write_guest - a domain's console_io output, stored and printed raw. */
void console_write_guest(const char *s, size_t n);

/* Emergency output: straight to the sinks, no lock, for panic and traps. */
void console_force_unlock(void);

/*
 * log_ring_read - copy up to @len bytes of the log ring starting at byte
 * offset @from (a running count since boot) into @buf.
 * Returns the bytes copied; *@next receives the offset to continue from.
 * Bytes overwritten before they were read are skipped.
 */
size_t log_ring_read(uint64_t from, char *buf, size_t len, uint64_t *next);

/* log_ring_head - the offset of the next byte to be written (bytes since boot). */
uint64_t log_ring_head(void);

/*
 * log_ring_start - where a reader of the whole ring starts: the oldest byte
 * still held, or the last clear if that is later.
 */
uint64_t log_ring_start(void);

/* log_ring_clear - whole-ring reads start at @upto from now on (dmesg -c). */
void log_ring_clear(uint64_t upto);

/*
 * console_sysctl_read - PVISOR_SYSCTL_readconsole for the caller's
 * @rc (public/domctl.h): 0, -EINVAL (bad flags, pad, count, index),
 * -EFAULT (buffer not writable).
 */
struct pvisor_sysctl_readconsole;
long console_sysctl_read(struct pvisor_sysctl_readconsole *rc);

/*
 * console_input_start - poll the serial console for input from now on
 * (10 ms, CPU 0); input goes to dom0 if there is one, else to the
 * hypervisor. Ctrl-A three times switches (console_input.c).
 */
void console_input_start(void);

/*
 * console_input_read - CONSOLEIO_read for dom0: copy up to @count bytes of
 * serial input to guest address @buf. The bytes copied (0: none waiting),
 * or -EFAULT (nothing copied).
 */
long console_input_read(uint64_t buf, uint64_t count);

/* keyhandler_run - act on debug key @key (keyhandler.c), or say it has none. */
void keyhandler_run(char key);

#endif /* HV_CONSOLE_H */
