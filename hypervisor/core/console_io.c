/* SPDX-License-Identifier: MIT */
/*
 * console_io: the hypervisor console as seen by guests. CONSOLEIO_write
 * prints the guest's bytes; CONSOLEIO_read (dom0) reads console input,
 * which does not exist yet (returns 0 bytes).
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <asm/uaccess.h>
#include <public/xen.h>

#define CHUNK 128

long hc_console_io(uint64_t cmd, uint64_t count, uint64_t buf)
{
    char tmp[CHUNK];

    switch (cmd) {
    case CONSOLEIO_write:
        if (!guest_range_ok(buf, count))
            return -EFAULT;
        while (count) {
            uint64_t n = count < CHUNK ? count : CHUNK;

            if (copy_from_guest(tmp, buf, n))
                return -EFAULT;
            console_write_guest(tmp, n);
            buf += n;
            count -= n;
        }
        return 0;               /* Xen 4.17 returns 0, not the count */
    case CONSOLEIO_read:
        if (!current->domain->privileged)
            return -EPERM;
        return 0;
    default:
        return -ENOSYS;
    }
}
