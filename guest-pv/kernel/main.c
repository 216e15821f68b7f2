/* SPDX-License-Identifier: MIT */
/* pvkern: boot, printk, the program's run and the domain's end. */
#include <stdio.h>
#include <string.h>
#include <pv/boot.h>
#include <pv/console.h>
#include <pv/evtchn.h>
#include <pv/hypercall.h>
#include <pv/native.h>
#include <pv/pv_ops.h>
#include <public/sched.h>
#include "pvkern.h"

extern uint8_t hypercall_page[], shared_info_page[], entry_stack_top[], _end[];
extern uint64_t native_pml4[];
void pvkern_start(struct start_info *si);
void pvkern_start_native(uint32_t mbi_phys);

bool pvkern_test_mode;
const char *pvkern_args = "";
/* "hypercall=syscall": ignore the hypercall page (test the direct path). */
static bool hypercall_by_syscall;

void printk(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(buf) - 1)
        n = sizeof(buf) - 1;
    if (n > 0)
        (void)pv_console_write(buf, (size_t)n);
}

void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("pvkern: panic: %s\n", buf);
    pv_ops.cpu.shutdown(SHUTDOWN_crash);
}

/* Before pv_boot_init() there is no printk: console_io only, then stop. */
static PV_NORETURN void early_fail(const char *msg)
{
    (void)pv_console_early_write(msg, strlen(msg));
    pv_ops_xen.cpu.shutdown(SHUTDOWN_crash);
}

/* A test image replaces these with its kmod.c. */
__attribute__((weak)) void pvkern_test_init(void)
{
}

__attribute__((weak)) int pvkern_test_result(int status)
{
    return status;
}

/*
 * Options: "test" (print the Test result line at the end),
 * "hypercall=syscall" (make hypercalls with syscall, not the page);
 * words after "--" are the program's arguments.
 */
static void parse_cmdline(const char *cmdline)
{
    char word[64];
    const char *p = cmdline;

    while (*p) {
        size_t n = 0;

        while (*p == ' ')
            p++;
        while (*p && *p != ' ' && n < sizeof(word) - 1)
            word[n++] = *p++;
        word[n] = 0;
        if (!strcmp(word, "--")) {
            pvkern_args = p;
            return;
        }
        if (!strcmp(word, "test"))
            pvkern_test_mode = true;
        else if (!strcmp(word, "hypercall=syscall"))
            hypercall_by_syscall = true;
    }
}

/* The part of the boot that is the same under PV and natively. Does not return. */
static PV_NORETURN void pvkern_main(void)
{
    const struct start_info *si = pv_boot.si;
    long rc;
    int status;

    pv_console_init();
    printk("pvkern: %s, %s, %llu MiB, hypercalls by %s\n", pv_ops.name,
           pv_is_initdomain() ? "dom0" : "domU",
           (unsigned long long)(si->nr_pages >> 8),
           pv_hypercall_local ? "none (native)" :
           pv_hypercall_page ? "page" : "syscall");

    pv_entry_hooks = (struct pv_entry_hooks){
        .exception = fault_hook,
        .syscall = syscall_hook,
        .event = pv_evtchn_dispatch,
    };
    rc = pv_entry_init((uint64_t)(uintptr_t)entry_stack_top);
    if (rc)
        panic("installing the entry points failed: %ld", rc);
    pv_evtchn_init();
    mm_init();
    time_init();
    pv_ops.irq.enable();
    pvkern_test_init();

    status = program_run();

    printk("pvkern: program exited with status %d\n", status);
    status = pvkern_test_result(status);
    if (pvkern_test_mode)
        printk("Test result: %s\n", status == 0 ? "SUCCESS" :
               status == PVKERN_STATUS_SKIP ? "SKIP" : "FAILURE");
    /* The exit status is in the log; the domain itself powers off normally. */
    pv_ops.cpu.shutdown(SHUTDOWN_poweroff);
}

/* PV entry: called by _start (head.S) on boot_stack. Does not return. */
void pvkern_start(struct start_info *si)
{
    /* start_info is readable from the start: options first. */
    parse_cmdline((const char *)si->cmd_line);
    pv_hypercall_init(hypercall_by_syscall ? NULL : hypercall_page);
    pv_ops = pv_ops_xen;
    if (pv_boot_init(si, PVKERN_VIRT_BASE, shared_info_page))
        early_fail("pvkern: bad start_info or shared_info not mappable\n");
    pvkern_main();
}

/* The parts of the multiboot information pvkern reads. */
struct multiboot_info {
    uint32_t flags;             /* bit 0: mem_*, bit 2: cmdline */
    uint32_t mem_lower;         /* KiB below 1 MiB */
    uint32_t mem_upper;         /* KiB above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;           /* physical address of a C string */
};

/*
 * Native entry: called by native_entry64 (head_native.S) on boot_stack,
 * with the low 1 GiB identity mapped (the multiboot information is there,
 * and is read before mm.c replaces that mapping). Does not return.
 */
void pvkern_start_native(uint32_t mbi_phys)
{
    const struct multiboot_info *mbi = (const void *)(uintptr_t)mbi_phys;
    const char *cmdline = (mbi->flags & 4) ? (const char *)(uintptr_t)mbi->cmdline : "";
    uint64_t mem = (mbi->flags & 1) ? ((uint64_t)mbi->mem_upper + 1024) * 1024 : 64 << 20;

    pv_ops = pv_ops_native;
    pv_native_init();
    pv_boot_init_native(PVKERN_VIRT_BASE, PVKERN_NATIVE_PHYS, mem, cmdline, _end,
                        native_pml4);
    parse_cmdline((const char *)pv_boot.si->cmd_line);
    pvkern_main();
}
