/* SPDX-License-Identifier: MIT */
/*
 * guest-console-hello: the smallest PV guest. It writes to the hypervisor
 * console with console_io(CONSOLEIO_write) and powers off.
 *
 * Correct: a write returns 0 (Xen 4.17 returns 0, not the byte count) and
 * the text appears on the serial line; an empty write returns 0; a write
 * from an unmapped buffer returns -EFAULT; an unknown console_io command
 * returns -ENOSYS.
 * What runs before test_main() (set_trap_table, the banner, the result
 * line, SCHEDOP_shutdown) is exercised too: a hypervisor that gets those
 * wrong shows no "Test result:" line at all.
 */
#include <public/errno.h>
#include "test.h"

TEST_TITLE("console_io write from dom0");

void test_main(void)
{
    static const char hello[] = "Hello from a PV guest\n";
    static const char empty[] = "";
    long rc;

    rc = console_write(hello, sizeof(hello) - 1);
    CHECK_EQ(rc, 0, "console_io(write, hello)");
    rc = console_write(empty, 0);
    CHECK_EQ(rc, 0, "console_io(write, 0 bytes)");
    /* Nothing is mapped below the image: the low 2 GiB are empty. */
    rc = HYPERVISOR_console_io(CONSOLEIO_write, 8, (const void *)0x1000);
    CHECK_EQ(rc, -XEN_EFAULT, "console_io(write, unmapped buffer)");
    rc = HYPERVISOR_console_io(99, 1, hello);
    CHECK_EQ(rc, -XEN_ENOSYS, "console_io(99)");
    printf("start_info: magic \"%.31s\" nr_pages %llu flags %#x cmdline \"%s\"\n",
           (const char *)start_info->magic, (unsigned long long)start_info->nr_pages,
           start_info->flags, (const char *)start_info->cmd_line);
}
