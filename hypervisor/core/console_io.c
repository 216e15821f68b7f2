/* SPDX-License-Identifier: MIT */
/*
 * console_io: the hypervisor console as seen by guests. CONSOLEIO_write
 * prints the guest's bytes; CONSOLEIO_read (dom0) reads serial input
 * (console_input.c: when it is switched to dom0). Also the toolstack's view
 * of the log ring (PVISOR_SYSCTL_readconsole, pvctl dmesg).
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <asm/uaccess.h>
#include <public/domctl.h>
#include <public/xen.h>

#define CHUNK 128

/*
 * dom0's text goes out as it is; another domain's lines get "(dN) " in
 * front, so interleaved output stays readable (as Xen's debug builds do).
 */
static void write_prefixed(struct domain *d, const char *s, uint64_t n)
{
    char prefix[12];

    if (d->privileged) {
        console_write_guest(s, n);
        return;
    }
    while (n) {
        uint64_t len = 0;

        if (d->console_sol) {
            int p = snprintf(prefix, sizeof(prefix), "(d%u) ", d->domid);

            console_write_guest(prefix, (size_t)p);
            d->console_sol = false;
        }
        while (len < n && s[len] != '\n')
            len++;
        if (len < n) {
            len++;              /* the newline */
            d->console_sol = true;
        }
        console_write_guest(s, len);
        s += len;
        n -= len;
    }
}

long hc_console_io(uint64_t cmd, uint64_t count, uint64_t buf)
{
    char tmp[CHUNK];

    switch (cmd) {
    case CONSOLEIO_write:
        if (!guest_range_ok(buf, count))
            return -EFAULT;
        for (uint64_t done = 0; count; done += CHUNK) {
            uint64_t n = count < CHUNK ? count : CHUNK;

            /* A flood is cut into time slices (hv/hypercall.h). */
            if (done && hypercall_preempt_check()) {
                hypercall_continue(cmd, count, buf, 0, 0);
                return 0;
            }
            if (copy_from_guest(tmp, buf, n))
                return -EFAULT;
            write_prefixed(current->domain, tmp, n);
            buf += n;
            count -= n;
        }
        return 0;               /* Xen 4.17 returns 0, not the count */
    case CONSOLEIO_read:
        if (!current->domain->privileged)
            return -EPERM;
        return console_input_read(buf, count);
    default:
        return -ENOSYS;
    }
}

long console_sysctl_read(struct pvisor_sysctl_readconsole *rc)
{
    uint64_t from, next, head = log_ring_head();
    uint32_t done = 0;
    char tmp[CHUNK];

    /* Every argument first: a refused read neither copies nor clears. */
    if (rc->clear > 1 || rc->incremental > 1 || rc->pad ||
        rc->count > PVISOR_READCONSOLE_MAX)
        return -EINVAL;
    if (rc->incremental && rc->index > head)
        return -EINVAL;         /* an offset not written yet */
    if (!guest_range_ok(rc->buffer, rc->count))
        return -EFAULT;
    from = rc->incremental ? rc->index : log_ring_start();
    /* log_ring_read skips what was overwritten (an old index). */
    while (done < rc->count) {
        size_t n = log_ring_read(from, tmp, MIN(sizeof(tmp), rc->count - done), &next);

        if (!n)
            break;
        if (copy_to_guest(rc->buffer + done, tmp, n))
            return -EFAULT;
        done += (uint32_t)n;
        from = next;
    }
    if (rc->clear)
        log_ring_clear(head);
    rc->count = done;
    rc->index = from;
    return 0;
}
