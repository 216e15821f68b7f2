/* SPDX-License-Identifier: MIT */
/*
 * Boot configuration: the parser of \pvisor\pvisor.cfg, read by the EFI loader.
 *
 * Format: one "key = value" per line; blank lines and lines whose first
 * non-blank character is '#' are ignored (there are no comments after a
 * value, so a command line may contain '#'). Spaces around key and value are
 * dropped. Keys:
 *
 *   hypervisor = PATH          hypervisor ELF (default \pvisor\pvisor.elf)
 *   options = TEXT             hypervisor command line
 *   dom0 = PATH                dom0 kernel, handed over as modules[0]
 *   dom0_cmdline = TEXT        dom0's command line
 *   module = PATH [TEXT]       another module and its command line;
 *                              repeatable, needs dom0
 *
 * Each key but module may appear once. Freestanding: the host unit tests
 * build it as it is.
 */
#ifndef BOOT_BOOTCFG_H
#define BOOT_BOOTCFG_H

#include <hv/types.h>
#include <asm/bootinfo.h>

#define BOOTCFG_PATH_MAX    256         /* bytes, NUL included */
#define BOOTCFG_LINE_MAX    2048        /* bytes, newline excluded */
#define BOOTCFG_MAX_MODULES (BOOT_MAX_MODULES - 1)  /* modules[0] is dom0 */
#define BOOTCFG_DEFAULT_HV  "\\pvisor\\pvisor.elf"

struct bootcfg_module {
    char path[BOOTCFG_PATH_MAX];
    char cmdline[BOOT_CMDLINE_MAX];
};

/* The parsed file. Strings are NUL terminated; absent ones are empty. */
struct bootcfg {
    char hypervisor[BOOTCFG_PATH_MAX];
    char options[BOOT_CMDLINE_MAX];
    char dom0[BOOTCFG_PATH_MAX];
    char dom0_cmdline[BOOT_CMDLINE_MAX];
    unsigned int nr_modules;
    struct bootcfg_module modules[BOOTCFG_MAX_MODULES];
};

/* Where and why parsing stopped. */
struct bootcfg_error {
    unsigned int line;          /* 1-based */
    const char *msg;            /* constant text: "unknown key" */
    char key[32];               /* the key concerned, truncated; may be empty */
};

/*
 * bootcfg_parse - parse a configuration file held in memory.
 * @cfg: filled with the defaults, then the file's settings.
 * @text, @len: the file; need not be NUL terminated; NUL bytes are an error.
 * @err: on failure, the line and the problem.
 * Returns 0, or -EINVAL with @err filled.
 */
int bootcfg_parse(struct bootcfg *cfg, const char *text, size_t len,
                  struct bootcfg_error *err) __must_check;

/*
 * bootcfg_format_error - "pvisor.cfg:3: unknown key 'foo'" into @buf.
 * @file: the name to print before the line number.
 * Returns what snprintf returns.
 */
int bootcfg_format_error(const struct bootcfg_error *err, const char *file,
                         char *buf, size_t size);

#endif /* BOOT_BOOTCFG_H */
