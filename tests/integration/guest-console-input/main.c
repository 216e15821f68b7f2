/* SPDX-License-Identifier: MIT */
/*
 * guest-console-input: serial console input and its switch (Xen's triple
 * Ctrl-A), with the test runner typing at the serial line (SERIAL_INPUT in
 * test.conf, each step after the line it waits for):
 *
 *   1. after "input step 1": "ab" -- dom0 gets VIRQ_CONSOLE and reads
 *      exactly "ab" with CONSOLEIO_read;
 *   2. after "input step 2": Ctrl-A three times (input to the hypervisor),
 *      the debug keys h q r m e t and an unknown one (z), Ctrl-A three
 *      times (back to dom0), then Ctrl-A x c d -- dom0 reads exactly
 *      "\001xcd": nothing typed while input was the hypervisor's, and a
 *      lone Ctrl-A passed on with the key after it.
 * Refusals: CONSOLEIO_read into the hypervisor's range or a wrapping
 * range is -EFAULT; a count of 0 reads 0.
 * Correct: the reads above, SUCCESS; the runner checks the switch lines
 * and each key's dump in the log (test.conf). pvisor only: the Xen runs
 * have no one typing.
 */
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/xen.h>

#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("serial input: dom0 reads it, Ctrl-A x3 switches it to the debug keys and back");

#define SEC 1000000000ULL

static char got[64];
static unsigned int nr_got;

/* Read console input until @n bytes came or @secs passed. */
static void read_input(unsigned int n, uint64_t secs)
{
    uint64_t end = pvclock_now() + secs * SEC;

    while (nr_got < n && pvclock_now() < end) {
        long rc = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(got) - nr_got, got + nr_got);

        CHECK(rc >= 0, "CONSOLEIO_read returned %ld", rc);
        if (rc > 0)
            nr_got += (unsigned int)rc;
        else
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
}

void test_main(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_CONSOLE, .vcpu = 0 };

    evtchn_init();
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), 0, "bind VIRQ_CONSOLE");
    evtchn_upcalls_on();

    CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 16, (void *)0xffff800000001000ULL),
             -XEN_EFAULT, "read into the hypervisor's range");
    CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 0x2000, (void *)0xfffffffffffff000ULL),
             -XEN_EFAULT, "read into a wrapping range");
    CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 0, got), 0, "read 0 bytes");

    printf("input step 1\n");
    read_input(2, 20);
    CHECK(nr_got == 2 && !memcmp(got, "ab", 2), "read %u bytes '%.*s', expected 'ab'",
          nr_got, (int)nr_got, got);
    CHECK(evtchn_count[bv.port] >= 1, "VIRQ_CONSOLE came (%u)", evtchn_count[bv.port]);

    nr_got = 0;
    printf("input step 2\n");
    read_input(4, 30);
    CHECK(nr_got == 4 && !memcmp(got, "\001xcd", 4),
          "read %u bytes (first %#x), expected Ctrl-A x c d", nr_got, (unsigned char)got[0]);
}
