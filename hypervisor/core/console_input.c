/* SPDX-License-Identifier: MIT */
/*
 * Serial console input: polled from a timer on CPU 0, it goes either to
 * dom0 (CONSOLEIO_read, with VIRQ_CONSOLE to say it is there) or to the
 * hypervisor, whose debug keys (keyhandler.c) dump its state. Pressing
 * Ctrl-A three times switches between the two, as on Xen; a Ctrl-A or two
 * followed by another key go on to dom0 with it.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/lib.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/uaccess.h>
#include <public/xen.h>

#define POLL_NS         (10ULL * 1000 * 1000)   /* 10 ms: keys feel immediate */
#define SWITCH_CHAR     0x01                    /* Ctrl-A */
#define RX_SIZE         256                     /* dom0's unread input (power of two) */

static struct hv_timer poll_timer;
static bool to_hypervisor;              /* input goes to the debug keys */
static unsigned int switch_count;       /* Ctrl-A in a row so far */
static char rx_ring[RX_SIZE];
static unsigned int rx_prod, rx_cons;   /* free-running */

static void announce(void)
{
    printk(LOG_INFO, "*** Serial input to %s (type 'CTRL-a' three times to switch input)",
           to_hypervisor ? "the hypervisor" : "DOM0");
}

/* One byte for dom0: queued (dropped when dom0 leaves 256 unread) and signalled. */
static void to_dom0(char c)
{
    struct domain *d0 = domain_lookup(0);

    if (!d0 || d0->dying)
        return;
    if (rx_prod - rx_cons < RX_SIZE)
        rx_ring[rx_prod++ % RX_SIZE] = c;
    evtchn_send_virq(d0->vcpus[0], VIRQ_CONSOLE);
}

static void input(char c)
{
    if (c == SWITCH_CHAR) {
        if (++switch_count < 3)
            return;
        switch_count = 0;
        /* With no dom0 there is no one else to give the input to. */
        to_hypervisor = !to_hypervisor || !domain_lookup(0);
        announce();
        return;
    }
    if (to_hypervisor) {
        switch_count = 0;       /* a Ctrl-A or two means nothing to the keys */
        keyhandler_run(c);
        return;
    }
    for (; switch_count; switch_count--)
        to_dom0(SWITCH_CHAR);
    to_dom0(c);
}

static void poll_fn(struct hv_timer *t)
{
    int c;

    while ((c = arch_console_getc()) >= 0)
        input((char)c);
    timer_set(t, now_ns() + POLL_NS, 0);
}

void console_input_start(void)
{
    if (timer_reserve(1)) {
        printk(LOG_WARN, "serial input: no memory for its timer, no input");
        return;
    }
    to_hypervisor = !domain_lookup(0);
    announce();
    timer_init(&poll_timer, poll_fn, NULL);
    timer_set(&poll_timer, now_ns() + POLL_NS, 0);
}

long console_input_read(uint64_t buf, uint64_t count)
{
    uint64_t n = 0;

    if (!guest_range_ok(buf, count))
        return -EFAULT;
    while (n < count && rx_cons != rx_prod) {
        if (copy_to_guest(buf + n, &rx_ring[rx_cons % RX_SIZE], 1))
            return n ? (long)n : -EFAULT;
        rx_cons++;
        n++;
    }
    return (long)n;
}
