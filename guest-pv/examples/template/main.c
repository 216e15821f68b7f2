/* SPDX-License-Identifier: MIT */
/*
 * template: the starting point for a new pvkern program. Copy this folder
 * to guest-pv/examples/<name>/ and `make` builds build/guest-pv/<name>.elf,
 * a PV kernel (pvkern) with your program inside, bootable as dom0 or as a
 * domU on pvisor and on Xen:
 *
 *   scripts/run-qemu.sh --boot multiboot --cmdline "" \
 *       --dom0 build/guest-pv/<name>.elf --dom0-cmdline "test"
 *   scripts/run-xen.sh build/guest-pv/<name>.elf test
 *
 * The program runs in user mode with newlib: stdio on the console, malloc
 * from pvkern's sbrk, time from the hypervisor's clock. pvkern's own calls
 * (sleep in ns, the upcall counter) are in <pvkern/syscall.h>. When main
 * returns, pvkern prints the exit status and powers the domain off; with
 * "test" on the kernel command line it also prints "Test result: SUCCESS"
 * (status 0) or "FAILURE", the line the integration runner waits for.
 */
#include <stdio.h>
#include <time.h>
#include <pvkern/syscall.h>

int main(int argc, char **argv)
{
    long t0 = pvk_clock_ns(PVK_CLOCK_MONOTONIC);

    printf("%s: started\n", argc > 0 ? argv[0] : "template");
    pvk_sleep_ns(10 * 1000 * 1000);             /* 10 ms on the timer event */
    printf("%s: slept %ld us\n", argv[0], (pvk_clock_ns(PVK_CLOCK_MONOTONIC) - t0) / 1000);
    return 0;
}
