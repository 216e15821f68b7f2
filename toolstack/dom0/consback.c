/* SPDX-License-Identifier: MIT */
/*
 * The console backend: for every domain dom0 built, its console ring
 * (struct xencons_interface, mapped from the domain) and an interdomain
 * event channel to it. What the domain writes goes into a log of the last
 * DOM0_LOG_SIZE bytes (replayed by `pvctl console`) and, while attached,
 * to the terminal; what the user types while attached goes into the ring.
 */
#include <stdio.h>
#include <string.h>

#include <public/errno.h>

#include "dom0.h"

#define CTRL_RBRACKET   0x1d        /* Ctrl-]: detach, as xl console */
#define QUIET_NS        1000000000ULL   /* script mode: detach after 1 s quiet */
#define FOLLOW_NS       2000000000ULL   /* ... or after 2 s in all */

#define mb()    __atomic_thread_fence(__ATOMIC_SEQ_CST)

static struct dom0_domain *attached;

int consback_add(struct dom0_domain *d, uint64_t mfn, uint32_t remote_port)
{
    long port;

    d->ring = sys_map_foreign(d->domid, &mfn, 1);
    if (!d->ring)
        return -XEN_EFAULT;
    port = sys_evtchn_bind(d->domid, remote_port);
    if (port < 0) {
        (void)sys_unmap_foreign(d->ring, 1);
        d->ring = NULL;
        return (int)port;
    }
    d->remote_port = remote_port;
    d->port = port;
    return 0;
}

void consback_remove(struct dom0_domain *d)
{
    if (attached == d)
        attached = NULL;
    if (d->port > 0)
        (void)sys_evtchn_close(d->port);
    if (d->ring)
        (void)sys_unmap_foreign(d->ring, 1);
    d->port = -1;
    d->ring = NULL;
}

static void log_bytes(struct dom0_domain *d, const char *s, size_t n)
{
    if (!d->first_line_ns && memchr(s, '\n', n))
        d->first_line_ns = sys_now_ns();
    for (size_t i = 0; i < n; i++)
        d->log[(d->logged + i) % DOM0_LOG_SIZE] = s[i];
    d->logged += n;
}

/* Drain @d's out ring; bytes moved. */
static size_t drain(struct dom0_domain *d)
{
    struct xencons_interface *r = d->ring;
    char buf[sizeof(r->out)];
    XENCONS_RING_IDX cons, prod;
    size_t n = 0;

    if (!r)
        return 0;
    cons = r->out_cons;
    prod = __atomic_load_n(&r->out_prod, __ATOMIC_ACQUIRE);
    /* A hostile domain may set any index: never take more than the ring. */
    if (prod - cons > sizeof(r->out))
        cons = prod - (XENCONS_RING_IDX)sizeof(r->out);
    while (cons != prod)
        buf[n++] = r->out[MASK_XENCONS_IDX(cons++, r->out)];
    mb();
    __atomic_store_n(&r->out_cons, cons, __ATOMIC_RELEASE);
    if (!n)
        return 0;
    log_bytes(d, buf, n);
    if (attached == d)
        sys_write_out(buf, n);
    (void)sys_evtchn_send(d->port);
    return n;
}

void consback_service(void)
{
    for (unsigned int i = 0; i < DOM0_MAX_DOMAINS; i++) {
        struct dom0_domain *d = dom0_domains[i];

        if (d && d->ring && (sys_evtchn_poll(d->port) > 0 ||
                             d->ring->out_cons != d->ring->out_prod))
            (void)drain(d);
    }
}

/* Put what the user typed into @d's in ring (what fits). */
static void feed(struct dom0_domain *d, const char *s, size_t n)
{
    struct xencons_interface *r = d->ring;
    XENCONS_RING_IDX cons = __atomic_load_n(&r->in_cons, __ATOMIC_ACQUIRE);
    XENCONS_RING_IDX prod = r->in_prod;
    size_t i;

    for (i = 0; i < n && prod - cons < sizeof(r->in); i++)
        r->in[MASK_XENCONS_IDX(prod++, r->in)] = s[i];
    mb();
    __atomic_store_n(&r->in_prod, prod, __ATOMIC_RELEASE);
    (void)sys_evtchn_send(d->port);
}

static void replay(struct dom0_domain *d)
{
    uint64_t from = d->logged > DOM0_LOG_SIZE ? d->logged - DOM0_LOG_SIZE : 0;

    for (uint64_t i = from; i < d->logged;) {
        size_t at = (size_t)(i % DOM0_LOG_SIZE);
        size_t n = DOM0_LOG_SIZE - at;

        if (n > d->logged - i)
            n = (size_t)(d->logged - i);
        sys_write_out(d->log + at, n);
        i += n;
    }
}

int consback_attach(struct dom0_domain *d)
{
    uint16_t domid = d->domid;
    uint64_t quiet_since = sys_now_ns(), start = quiet_since;

    fflush(stdout);
    consback_service();
    replay(d);
    attached = d;
    for (;;) {
        char in[64];
        long n = dom0_interactive ? dom0_read_input(in, sizeof(in)) : 0;
        uint64_t before = d->logged;

        for (long i = 0; i < n; i++) {
            if (in[i] == CTRL_RBRACKET) {
                if (i)
                    feed(d, in, (size_t)i);
                /* What was typed after Ctrl-] is the shell's. */
                dom0_unread(in + i + 1, (size_t)(n - i - 1));
                attached = NULL;
                printf("\n");
                return 0;
            }
        }
        if (n > 0)
            feed(d, in, (size_t)n);
        dom0_service();
        if (dom0_find(domid) != d || !d->ring) {
            attached = NULL;
            printf("\n[domain %u is gone]\n", domid);
            return 0;
        }
        if (d->logged != before)
            quiet_since = sys_now_ns();
        else if (!dom0_interactive && sys_now_ns() - quiet_since > QUIET_NS)
            break;
        if (!dom0_interactive && sys_now_ns() - start > FOLLOW_NS)
            break;
        (void)sys_wait_any(dom0_interactive ? 50000000ULL : 100000000ULL);
    }
    attached = NULL;
    printf("\n[detached from domain %u (script mode: after 1 s quiet or 2 s)]\n", domid);
    return 0;
}
