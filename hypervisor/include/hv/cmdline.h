/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor command line: "key=value" and bare "flag" words separated by
 * spaces. Unknown words are reported and ignored, as Xen does.
 *
 *   loglvl=err|warn|info|debug   console log level (default info)
 *   console=com1,fb,none         output sinks (default com1,fb)
 *   com1=<port>[,<baud>]         serial port base (default 0x3f8,115200)
 *   test                         test mode: panic and shutdown exit QEMU
 *                                through isa-debug-exit (port 0xf4)
 *   selftest=<name>              run a built-in self test after bring-up
 *   on_panic=halt|reboot|poweroff  what a panic or a dom0 crash does
 *                                outside test mode (default halt)
 *   dom0_mem=<size>              dom0's memory (K/M/G suffix; default 128M)
 *   maxcpus=<n>                  use at most n CPUs (default: all the MADT lists)
 *   dom0_max_vcpus=<n>           dom0's vCPUs (default 1; 1..HV_MAX_VCPUS)
 */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <hv/arch.h>
#include <hv/types.h>

#define CONSOLE_COM1    (1u << 0)
#define CONSOLE_FB      (1u << 1)

#define SELFTEST_NAME_MAX 32

struct hv_options {
    int loglvl;                 /* LOG_* */
    unsigned int console;       /* CONSOLE_* mask */
    uint16_t com1_port;
    uint32_t com1_baud;
    bool test_mode;
    enum stop_action on_panic;  /* also what a crash of dom0 does */
    char selftest[SELFTEST_NAME_MAX];
    uint64_t dom0_mem;          /* bytes */
    unsigned int max_cpus;      /* maxcpus= */
    unsigned int dom0_max_vcpus;
};

extern struct hv_options hv_opts;

/* cmdline_defaults - the options with nothing on the command line. */
void cmdline_defaults(struct hv_options *o);

/*
 * cmdline_parse - apply command line @s to @o.
 * @warn (may be NULL) is called once per word that is unknown or has a bad
 * value, with a message naming it; such words change nothing.
 * Returns the number of words refused.
 */
unsigned int cmdline_parse(const char *s, struct hv_options *o,
                           void (*warn)(const char *msg));

#endif /* HV_CMDLINE_H */
