/* SPDX-License-Identifier: MIT */
/* The arch-neutral part of start of day, and the built-in self tests. */
#ifndef HV_MAIN_H
#define HV_MAIN_H

#include <asm/bootinfo.h>
#include <hv/memmap.h>

#ifndef PVISOR_VERSION
#define PVISOR_VERSION "0.1-dev"
#endif

/*
 * The physical memory map after start of day: what is left USABLE is
 * exactly what the frame allocator was given.
 */
extern struct memmap boot_memmap;

/*
 * dom0_build - build the initial domain from boot module 0 (its kernel)
 * and module 1 (initrd, optional). Returns 0, or a negative errno after
 * logging why.
 */
int dom0_build(const struct boot_info *bi);

/* The hypervisor command line (XENVER_commandline). */
extern char hv_cmdline[1024];

/* hv_main - continue start of day once the machine is set up. Never returns. */
void hv_main(const struct boot_info *bi) __noreturn;

/*
 * selftest_run - run the built-in self test @name (selftest= option) on
 * the machine @bi describes.
 * Prints "Test result: ..." and stops the machine. Returns only when
 * @name is unknown.
 */
void selftest_run(const char *name, const struct boot_info *bi);

#endif /* HV_MAIN_H */
