/* SPDX-License-Identifier: MIT */
/*
 * guest-console-backend: a domU's console ring served by another domain
 * (issue 5). Booted twice as boot-time domains (test.conf): "F" (domain
 * 1) is the frontend, "B" (domain 2) its console backend. With no
 * xenstore they meet by convention, as guest-evtchn-peer does: F grants
 * its console page (struct xencons_interface, public/io/console.h) to
 * domain 2 as grant ref 8 and offers domain 2 its first event-channel
 * port (1); B maps ref 8 of domain 1 and binds to port 1, retrying until
 * F has made them.
 *
 * F writes LINES lines into the out ring (more bytes than the ring holds,
 * so it wraps and F waits for room), notifying B after each; B copies what
 * it consumes to its own console_io output, one line per line with the
 * prefix "[d1 console] ", then writes INPUT into the in ring and notifies.
 * F reads the in ring, prints what it got, and tells B by writing the
 * words "done" into the out ring; B then unmaps and stops.
 *
 * Correct: every grant map, bind and send returns 0; B gets each of F's
 * lines whole and in order and prints it (test.conf MUST_LOG);
 * F reads back exactly INPUT; SUCCESS on both, and every frame returns.
 * Not a Xen conformance run (Xen 4.17 cannot start two domains without
 * its toolstack).
 */
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/io/console.h>
#include <public/sched.h>

#include "evtchn.h"
#include "gnttab.h"
#include "pt.h"
#include "test.h"

TEST_TITLE("a domU's console ring served by another domain");

#define DOMID_F     1
#define DOMID_B     2
#define REF_CONS    8
#define PORT_CONS   1
#define LINES       40
#define INPUT       "hello from the backend\n"
#define DONE        "done\n"
#define PREFIX      "[d1 console] "
#define LINE_FMT    "line %02u of %u from the frontend, through the out ring\n"

static volatile struct xencons_interface *cons;
static evtchn_port_t port;

/* Wait for an event on the console port (or for one already counted). */
static void wait_event(unsigned int *seen)
{
    evtchn_upcalls_off();
    for (uint64_t t0 = gnt_wait_start(); evtchn_count[port] == *seen; ) {
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);       /* unmasks */
        evtchn_upcalls_off();
        if (gnt_waited_too_long(t0))
            test_result(TEST_FAILURE, "no event from the other domain");
    }
    *seen = evtchn_count[port];
    evtchn_upcalls_on();
}

/* Frontend: put @s in the out ring, waiting for room (the backend's events). */
static void front_write(const char *s, unsigned int *seen)
{
    while (*s) {
        XENCONS_RING_IDX c = READ_ONCE(cons->out_cons), p = cons->out_prod;

        __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* cons before the slots */
        if (p - c == sizeof(cons->out)) {
            wait_event(seen);
            continue;
        }
        while (*s && p - c < sizeof(cons->out))
            cons->out[MASK_XENCONS_IDX(p++, cons->out)] = *s++;
        __atomic_thread_fence(__ATOMIC_RELEASE);    /* bytes before the index */
        WRITE_ONCE(cons->out_prod, p);
        CHECK_EQ(evtchn_send(port), 0, "send (frontend)");
    }
}

static void frontend(void)
{
    volatile uint64_t *page;
    uint64_t mfn = gnt_page(&page, 0);
    char line[80], got[64];
    unsigned int seen = 0, n = 0;

    cons = (volatile struct xencons_interface *)page;
    CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_B, &port), 0, "alloc_unbound for domain 2");
    CHECK_EQ(port, PORT_CONS, "the first port");
    gnt_grant(REF_CONS, DOMID_B, mfn, 0);
    evtchn_upcalls_on();
    wait_event(&seen);                  /* the backend is connected */
    for (unsigned int i = 1; i <= LINES; i++) {
        snprintf(line, sizeof(line), LINE_FMT, i, LINES);
        front_write(line, &seen);
    }
    /* The backend answers on the in ring once it has all the lines. */
    for (uint64_t t0 = gnt_wait_start(); n < sizeof(INPUT) - 1; ) {
        XENCONS_RING_IDX c = cons->in_cons, p = READ_ONCE(cons->in_prod);

        __atomic_thread_fence(__ATOMIC_ACQUIRE);    /* the index before the bytes */
        while (c != p && n < sizeof(got) - 1)
            got[n++] = cons->in[MASK_XENCONS_IDX(c++, cons->in)];
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        WRITE_ONCE(cons->in_cons, c);
        if (n < sizeof(INPUT) - 1)
            wait_event(&seen);
        if (gnt_waited_too_long(t0))
            test_result(TEST_FAILURE, "no input from the backend");
    }
    got[n] = 0;
    CHECK(strcmp(got, INPUT) == 0, "input read: \"%s\", expected \"%s\"", got, INPUT);
    printf("F: input from the backend: %s", got);
    front_write(DONE, &seen);
}

/* Backend: print the out ring's bytes, a line at a time with the prefix. */
static void backend(void)
{
    void *win = pt_take_window();
    grant_handle_t h;
    char line[128], want[128];
    unsigned int len = 0, lines = 0, seen = 0;
    bool done = false, answered = false;
    long rc;
    int st;

    for (uint64_t t0 = gnt_wait_start();
         (st = gnt_map(DOMID_F, REF_CONS, (uint64_t)(uintptr_t)win, GNTMAP_host_map,
                       &h, NULL)) != GNTST_okay; ) {
        CHECK_EQ(st, GNTST_general_error, "map before the frontend granted");
        if (gnt_waited_too_long(t0))
            test_result(TEST_FAILURE, "domain 1 never granted its console page");
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    cons = win;
    for (uint64_t t0 = gnt_wait_start(); (rc = evtchn_bind_interdomain(DOMID_F, PORT_CONS,
                                                                   &port)); ) {
        CHECK_EQ(rc, -XEN_EINVAL, "bind_interdomain before the port exists");
        if (gnt_waited_too_long(t0))
            test_result(TEST_FAILURE, "domain 1 never offered its port");
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    evtchn_clear_pending(port);
    evtchn_count[port] = 0;
    evtchn_upcalls_on();
    CHECK_EQ(evtchn_send(port), 0, "send (connected)");
    while (!done) {
        XENCONS_RING_IDX c = cons->out_cons, p = READ_ONCE(cons->out_prod);

        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (p - c > sizeof(cons->out))
            test_result(TEST_FAILURE, "out ring indices %u/%u: more than the ring holds", c, p);
        while (c != p) {
            char ch = cons->out[MASK_XENCONS_IDX(c++, cons->out)];

            if (len < sizeof(line) - 1)
                line[len++] = ch;
            if (ch != '\n')
                continue;
            line[len] = 0;
            len = 0;
            if (strcmp(line, DONE) == 0) {
                done = true;
                continue;
            }
            printf(PREFIX "%s", line);
            lines++;
            snprintf(want, sizeof(want), LINE_FMT, lines, LINES);
            CHECK(strcmp(line, want) == 0, "line %u of the out ring differs", lines);
        }
        __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* bytes read before handing back */
        WRITE_ONCE(cons->out_cons, c);
        CHECK_EQ(evtchn_send(port), 0, "send (room in the out ring)");
        if (lines == LINES && !answered) {
            XENCONS_RING_IDX ip = cons->in_prod;

            for (const char *s = INPUT; *s; s++)
                cons->in[MASK_XENCONS_IDX(ip++, cons->in)] = *s;
            __atomic_thread_fence(__ATOMIC_RELEASE);
            WRITE_ONCE(cons->in_prod, ip);
            CHECK_EQ(evtchn_send(port), 0, "send (input)");
            answered = true;
        }
        if (!done)
            wait_event(&seen);
    }
    CHECK_EQ(lines, LINES, "lines served");
    CHECK_EQ(gnt_unmap((uint64_t)(uintptr_t)win, 0, h), GNTST_okay, "unmap the console page");
    printf("B: served %u lines of domain 1's console\n", lines);
}

void test_main(void)
{
    evtchn_init();
    if (((const char *)start_info->cmd_line)[0] == 'F')
        frontend();
    else
        backend();
}
