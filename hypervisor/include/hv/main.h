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

/* What the boot-time builder needs to make one domain. */
struct build_request {
    uint16_t domid;
    bool privileged;                    /* dom0 */
    const char *name;
    const struct boot_module *kernel;   /* a PV kernel ELF */
    const struct boot_module *initrd;   /* NULL if none */
    const char *cmdline;
    uint64_t mem;                       /* bytes */
    unsigned int vcpus;                 /* 0 = 1 */
    unsigned int weight;                /* 0 = SCHED_WEIGHT_DEFAULT */
    unsigned int cap;                   /* % of a CPU, 0 = none */
};

/*
 * pv_build_domain - build a domain from a PV kernel in boot memory, ready
 * to run (its vCPU not yet scheduled). Returns 0, or a negative errno after
 * logging why, naming the kernel.
 */
int pv_build_domain(const struct build_request *req);

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
