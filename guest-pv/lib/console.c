/* SPDX-License-Identifier: MIT */
/* Console: console_io, or the domU console ring and its event channel. */
#include <pv/boot.h>
#include <pv/console.h>
#include <pv/evtchn.h>
#include <pv/hypercall.h>
#include <public/io/console.h>
#include <public/sched.h>

static struct xencons_interface *ring;
static evtchn_port_t ring_port;

void pv_console_init(void)
{
    const struct start_info *si = pv_boot.si;

    if (pv_is_initdomain() || !si->console.domU.mfn)
        return;
    /* The builder puts the ring page in the mapped region, like start_info. */
    ring = pv_pfn_to_virt(pv_mfn_to_pfn(si->console.domU.mfn));
    ring_port = si->console.domU.evtchn;
}

long pv_console_early_write(const char *buf, size_t len)
{
    long rc = HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)len, buf);

    return rc < 0 ? rc : (long)len;
}

/*
 * Copy into the out ring as space allows. A full ring means the backend
 * is behind: signal it and give it the CPU until there is room.
 */
static long ring_write(const char *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        XENCONS_RING_IDX cons = PV_READ_ONCE(ring->out_cons);
        XENCONS_RING_IDX prod = ring->out_prod;

        pv_mb();        /* read cons before overwriting the slots it freed */
        while (done < len && prod - cons < sizeof(ring->out))
            ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = buf[done++];
        pv_wmb();       /* the bytes before the index */
        PV_WRITE_ONCE(ring->out_prod, prod);
        pv_evtchn_send(ring_port);
        if (done < len)
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return (long)len;
}

long pv_console_write(const char *buf, size_t len)
{
    if (ring)
        return ring_write(buf, len);
    return pv_console_early_write(buf, len);
}

long pv_console_read(char *buf, size_t len)
{
    size_t n = 0;

    if (!ring) {
        long rc = HYPERVISOR_console_io(CONSOLEIO_read, (unsigned int)len, buf);

        return rc < 0 ? 0 : rc;
    }
    XENCONS_RING_IDX cons = ring->in_cons;
    XENCONS_RING_IDX prod = PV_READ_ONCE(ring->in_prod);

    pv_rmb();           /* the index before the bytes */
    while (n < len && cons != prod)
        buf[n++] = ring->in[MASK_XENCONS_IDX(cons++, ring->in)];
    pv_mb();            /* bytes read before the slots are handed back */
    PV_WRITE_ONCE(ring->in_cons, cons);
    if (n)
        pv_evtchn_send(ring_port);
    return (long)n;
}
