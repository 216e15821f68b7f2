/* SPDX-License-Identifier: MIT */
/*
 * Event channels (hv/evtchn.h): EVTCHNOP_* with the semantics of Xen's
 * 2-level ABI. Every operation checks all its arguments before it changes
 * anything. Every operation runs under the hypervisor lock (hv/smp.h);
 * EVTCHNOP_send, the hot one, is tried first (hc_event_channel_op).
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/heap.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <asm/uaccess.h>
#include <public/event_channel.h>
#include <public/xen.h>

#define WORD_BITS   64

/* VIRQs bound per vCPU; the others are global (vCPU 0 only). */
static bool virq_is_per_vcpu(unsigned int virq)
{
    return virq == VIRQ_TIMER || virq == VIRQ_DEBUG ||
           virq == VIRQ_XENOPROF || virq == VIRQ_XENPMU;
}

/*
 * The port table starts with one page (204 ports) and doubles when a
 * domain wants more, up to max_evtchn_port: a small domain keeps 4 KiB
 * instead of the 80 KiB all 4096 ports take. Ports past the table are
 * invalid (-EINVAL), as ports past Xen's allocated buckets are.
 */
#define EVTCHN_FIRST_PORTS  (PAGE_SIZE / sizeof(struct evtchn))

int evtchn_domain_init(struct domain *d, unsigned int max_port)
{
    unsigned int nr = MIN(EVTCHN_FIRST_PORTS, max_port + 1);

    d->evtchn = heap_alloc(nr * sizeof(struct evtchn));
    if (!d->evtchn)
        return -ENOMEM;
    d->evtchn_nr = nr;
    d->max_evtchn_port = max_port;
    return 0;
}

void evtchn_domain_free(struct domain *d)
{
    heap_free(d->evtchn, d->evtchn_nr * sizeof(struct evtchn));
    d->evtchn = NULL;
    d->evtchn_nr = 0;
}

/* Grow @d's port table (it is full): 0, or -ENOSPC/-ENOMEM. Moves the table. */
static int grow_ports(struct domain *d)
{
    unsigned int nr = MIN(d->evtchn_nr * 2, d->max_evtchn_port + 1);
    struct evtchn *t;

    if (nr <= d->evtchn_nr)
        return -ENOSPC;
    t = heap_grow(d->evtchn, d->evtchn_nr * sizeof(*t), nr * sizeof(*t));
    if (!t)
        return -ENOMEM;
    d->evtchn = t;
    d->evtchn_nr = nr;
    return 0;
}

static inline bool test_and_set(volatile uint64_t *word, unsigned int bit)
{
    bool old;

    __asm__ volatile("lock btsq %2, %0; setc %1"
                     : "+m"(*word), "=q"(old) : "Ir"((uint64_t)bit) : "memory", "cc");
    return old;
}

static inline void clear_bit64(volatile uint64_t *word, unsigned int bit)
{
    __asm__ volatile("lock btrq %1, %0" : "+m"(*word) : "Ir"((uint64_t)bit) : "memory", "cc");
}

static inline bool test_bit64(const volatile uint64_t *word, unsigned int bit)
{
    return (*word >> bit) & 1;
}

/*
 * Mark @port pending in @d and notify its vCPU, with Xen's 2-level rule:
 * nothing more if it was already pending or is masked; the selector bit and
 * upcall_pending only if the selector bit was clear. A blocked vCPU wakes.
 */
static void notify(struct domain *d, unsigned int port)
{
    struct shared_info *s = d->shared_info;
    struct vcpu *v = d->vcpus[d->evtchn[port].notify_vcpu];
    struct vcpu_info *vi;

    if (!v)
        v = d->vcpus[0];
    vi = v->vcpu_info;
    if (test_and_set(&s->evtchn_pending[port / WORD_BITS], port % WORD_BITS))
        return;
    if (test_bit64(&s->evtchn_mask[port / WORD_BITS], port % WORD_BITS))
        return;
    if (test_and_set(&vi->evtchn_pending_sel, port / WORD_BITS))
        return;
    vi->evtchn_upcall_pending = 1;
    /*
     * The caller's own vCPU is running here and checks for an upcall on
     * its way back to the guest: no kick needed (the loopback case),
     * unless it blocked earlier in this call (a multicall's SCHEDOP_block
     * before the send): then it must wake.
     */
    if (v != current || v->blocked)
        vcpu_kick(v);
}

/* Wake the vCPUs of @d that poll @port (masked or not, as Xen). */
static void wake_pollers(struct domain *d, unsigned int port)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        struct vcpu *v = d->vcpus[i];

        if (v && v->polling && (v->poll_port < 0 || v->poll_port == (int)port))
            vcpu_kick(v);
    }
}

static void set_pending(struct domain *d, unsigned int port)
{
    notify(d, port);
    wake_pollers(d, port);
}

int evtchn_port_poll(struct domain *d, uint64_t port)
{
    if (port > d->max_evtchn_port)
        return -EINVAL;
    return test_bit64(&d->shared_info->evtchn_pending[port / WORD_BITS],
                      port % WORD_BITS);
}

bool evtchn_deliverable(const struct vcpu *v)
{
    return v->vcpu_info->evtchn_upcall_pending && !v->vcpu_info->evtchn_upcall_mask;
}

void evtchn_send_virq(struct vcpu *v, unsigned int virq)
{
    unsigned int port = v->virq_to_port[virq];

    if (port)
        set_pending(v->domain, port);
}

/*
 * The lowest free port of @d, or 0 when the domain has no more (or no
 * memory for them). May move d->evtchn: take pointers into it after.
 */
static unsigned int get_free_port(struct domain *d)
{
    unsigned int nr = d->evtchn_nr;

    for (unsigned int p = 1; p < nr; p++)
        if (d->evtchn[p].state == ECS_FREE)
            return p;
    return grow_ports(d) ? 0 : nr;
}

/*
 * In the domain's port table. Port 0 is in it (reserved: always free, so
 * every operation that needs a bound port refuses it by its state, and
 * status/unmask of it succeed, as on Xen).
 */
static bool port_valid(const struct domain *d, uint64_t port)
{
    return port < d->evtchn_nr;
}

/*
 * The domain an EVTCHNOP names: the caller itself, or for the privileged
 * domain any live one (the toolstack opens a new domain's console port).
 */
static struct domain *named_domain(domid_t id, long *err)
{
    struct domain *d = current->domain, *other;

    if (id == DOMID_SELF || id == d->domid)
        return d;
    other = domain_lookup(id);
    if (other && d->privileged && !other->dying)
        return other;
    *err = other && !d->privileged ? -EPERM : -ESRCH;
    return NULL;
}

static void free_port(struct domain *d, unsigned int port)
{
    clear_bit64(&d->shared_info->evtchn_pending[port / WORD_BITS], port % WORD_BITS);
    memset(&d->evtchn[port], 0, sizeof(d->evtchn[port]));
}

static long do_close(struct domain *d, unsigned int port)
{
    struct evtchn *c;

    if (!port_valid(d, port))
        return -EINVAL;
    c = &d->evtchn[port];
    switch (c->state) {
    case ECS_FREE:
        return -EINVAL;
    case ECS_VIRQ:
        d->vcpus[c->virq_vcpu]->virq_to_port[c->virq] = 0;
        break;
    case ECS_INTERDOMAIN: {
        /* The peer goes back to waiting for us, as on Xen. */
        struct domain *r = domain_lookup(c->remote_domid);

        if (r && r->evtchn && !(r == d && c->remote_port == port)) {
            struct evtchn *rc = &r->evtchn[c->remote_port];

            rc->state = ECS_UNBOUND;
            rc->remote_domid = d->domid;
            rc->remote_port = 0;
        }
        break;
    }
    default:
        break;
    }
    free_port(d, port);
    return 0;
}

void evtchn_domain_close_all(struct domain *d)
{
    for (unsigned int p = 1; p < d->evtchn_nr; p++)
        if (d->evtchn[p].state != ECS_FREE)
            (void)do_close(d, p);
}

unsigned int evtchn_ports_in_use(const struct domain *d)
{
    unsigned int n = 0;

    if (!d->evtchn)
        return 0;
    for (unsigned int p = 1; p < d->evtchn_nr; p++)
        if (d->evtchn[p].state != ECS_FREE)
            n++;
    return n;
}

static long op_alloc_unbound(uint64_t arg)
{
    struct evtchn_alloc_unbound a;
    struct domain *d;
    unsigned int port;
    long err = 0;

    if (copy_from_guest(&a, arg, sizeof(a)))
        return -EFAULT;
    d = named_domain(a.dom, &err);
    if (!d)
        return err;
    port = get_free_port(d);
    if (!port)
        return -ENOSPC;
    /* The remote domain need not exist yet (Xen does not check it). */
    d->evtchn[port] = (struct evtchn){
        .state = ECS_UNBOUND,
        .remote_domid = a.remote_dom == DOMID_SELF ? current->domain->domid
                                                   : a.remote_dom };
    a.port = port;
    if (copy_to_guest(arg, &a, sizeof(a))) {
        free_port(d, port);
        return -EFAULT;
    }
    return 0;
}

static long op_bind_interdomain(uint64_t arg)
{
    struct evtchn_bind_interdomain b;
    struct domain *d = current->domain, *r;
    struct evtchn *rc;
    unsigned int port;

    if (copy_from_guest(&b, arg, sizeof(b)))
        return -EFAULT;
    r = b.remote_dom == DOMID_SELF ? d : domain_lookup(b.remote_dom);
    if (!r)
        return -ESRCH;
    if (!port_valid(r, b.remote_port))
        return -EINVAL;
    rc = &r->evtchn[b.remote_port];
    if (rc->state != ECS_UNBOUND || rc->remote_domid != d->domid)
        return -EINVAL;
    port = get_free_port(d);
    if (!port)
        return -ENOSPC;
    rc = &r->evtchn[b.remote_port];     /* the table may have moved (r == d) */
    d->evtchn[port] = (struct evtchn){ .state = ECS_INTERDOMAIN,
                                       .remote_domid = r->domid,
                                       .remote_port = b.remote_port };
    rc->state = ECS_INTERDOMAIN;
    rc->remote_domid = d->domid;
    rc->remote_port = port;
    /* Like Xen: the new local port starts pending, so no event is lost. */
    set_pending(d, port);
    b.local_port = port;
    return copy_to_guest(arg, &b, sizeof(b)) ? -EFAULT : 0;
}

static long op_bind_virq(uint64_t arg)
{
    struct evtchn_bind_virq b;
    struct domain *d = current->domain;
    struct vcpu *v;
    unsigned int port;

    if (copy_from_guest(&b, arg, sizeof(b)))
        return -EFAULT;
    if (b.virq >= NR_VIRQS)
        return -EINVAL;
    if (!virq_is_per_vcpu(b.virq) && b.vcpu != 0)
        return -EINVAL;
    if (b.vcpu >= d->nr_vcpus || !(v = d->vcpus[b.vcpu]))
        return -ENOENT;
    if (v->virq_to_port[b.virq])
        return -EEXIST;
    port = get_free_port(d);
    if (!port)
        return -ENOSPC;
    d->evtchn[port] = (struct evtchn){ .state = ECS_VIRQ, .virq = b.virq,
                                       .notify_vcpu = (uint16_t)b.vcpu,
                                       .virq_vcpu = (uint16_t)b.vcpu };
    v->virq_to_port[b.virq] = port;
    /* A periodic timer counts once a port waits for it. */
    if (b.virq == VIRQ_TIMER)
        timer_virq_bound(v);
    b.port = port;
    return copy_to_guest(arg, &b, sizeof(b)) ? -EFAULT : 0;
}

static long op_bind_ipi(uint64_t arg)
{
    struct evtchn_bind_ipi b;
    struct domain *d = current->domain;
    unsigned int port;

    if (copy_from_guest(&b, arg, sizeof(b)))
        return -EFAULT;
    if (b.vcpu >= d->nr_vcpus || !d->vcpus[b.vcpu])
        return -ENOENT;
    port = get_free_port(d);
    if (!port)
        return -ENOSPC;
    d->evtchn[port] = (struct evtchn){ .state = ECS_IPI,
                                       .notify_vcpu = (uint16_t)b.vcpu };
    b.port = port;
    return copy_to_guest(arg, &b, sizeof(b)) ? -EFAULT : 0;
}

/*
 * EVTCHNOP_send, the hot operation: hc_event_channel_op tries it before
 * anything else, and its one argument word is read with a single load.
 */
static long op_send(uint64_t arg)
{
    struct domain *d = current->domain;
    struct evtchn *c;
    uint32_t port;

    _Static_assert(sizeof(struct evtchn_send) == sizeof(port), "evtchn_send is one port");
    if (get_guest_u32(&port, arg))
        return -EFAULT;
    if (!port_valid(d, port))
        return -EINVAL;
    c = &d->evtchn[port];
    switch (c->state) {
    case ECS_INTERDOMAIN: {
        struct domain *r = domain_lookup(c->remote_domid);

        if (r && !r->dying && r->shutdown_reason == SHUTDOWN_NONE)
            set_pending(r, c->remote_port);
        return 0;
    }
    case ECS_IPI:
        set_pending(d, port);
        return 0;
    case ECS_UNBOUND:
        return 0;               /* nobody there yet: dropped, as on Xen */
    default:
        return -EINVAL;
    }
}

static long op_status(uint64_t arg)
{
    struct evtchn_status st;
    struct domain *d;
    struct evtchn *c;
    long err = 0;

    if (copy_from_guest(&st, arg, sizeof(st)))
        return -EFAULT;
    d = named_domain(st.dom, &err);
    if (!d)
        return err;
    if (!port_valid(d, st.port))
        return -EINVAL;
    c = &d->evtchn[st.port];
    memset(&st.u, 0, sizeof(st.u));
    st.vcpu = c->notify_vcpu;
    switch (c->state) {
    case ECS_FREE:
        st.status = EVTCHNSTAT_closed;
        break;
    case ECS_UNBOUND:
        st.status = EVTCHNSTAT_unbound;
        st.u.unbound.dom = c->remote_domid;
        break;
    case ECS_INTERDOMAIN:
        st.status = EVTCHNSTAT_interdomain;
        st.u.interdomain.dom = c->remote_domid;
        st.u.interdomain.port = c->remote_port;
        break;
    case ECS_VIRQ:
        st.status = EVTCHNSTAT_virq;
        st.u.virq = c->virq;
        break;
    case ECS_IPI:
        st.status = EVTCHNSTAT_ipi;
        break;
    }
    return copy_to_guest(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long op_unmask(uint64_t arg)
{
    struct evtchn_unmask u;
    struct domain *d = current->domain;
    struct shared_info *s = d->shared_info;
    unsigned int w, b;

    if (copy_from_guest(&u, arg, sizeof(u)))
        return -EFAULT;
    if (!port_valid(d, u.port))
        return -EINVAL;
    w = u.port / WORD_BITS;
    b = u.port % WORD_BITS;
    clear_bit64(&s->evtchn_mask[w], b);
    /* Pending while masked: deliver it now (Xen's 2-level unmask). */
    if (test_bit64(&s->evtchn_pending[w], b)) {
        struct vcpu *v = d->vcpus[d->evtchn[u.port].notify_vcpu];

        if (!v)
            v = d->vcpus[0];
        if (!test_and_set(&v->vcpu_info->evtchn_pending_sel, w)) {
            v->vcpu_info->evtchn_upcall_pending = 1;
            vcpu_kick(v);
        }
    }
    return 0;
}

static long op_bind_vcpu(uint64_t arg)
{
    struct evtchn_bind_vcpu b;
    struct domain *d = current->domain;
    struct evtchn *c;

    if (copy_from_guest(&b, arg, sizeof(b)))
        return -EFAULT;
    if (b.vcpu >= d->nr_vcpus || !d->vcpus[b.vcpu])
        return -ENOENT;         /* Xen checks the vCPU first */
    if (!port_valid(d, b.port))
        return -EINVAL;
    c = &d->evtchn[b.port];
    switch (c->state) {
    case ECS_VIRQ:
        if (virq_is_per_vcpu(c->virq))
            return -EINVAL;
        /* fall through */
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        c->notify_vcpu = (uint16_t)b.vcpu;
        return 0;
    default:
        return -EINVAL;
    }
}

static long op_reset(uint64_t arg)
{
    struct evtchn_reset r;
    struct domain *d;
    long err = 0;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    d = named_domain(r.dom, &err);
    if (!d)
        return err;
    evtchn_domain_close_all(d);
    return 0;
}

/* Every operation but send (hc_event_channel_op), out of send's way. */
static __attribute__((noinline)) long event_channel_op(uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        return op_alloc_unbound(arg);
    case EVTCHNOP_bind_interdomain:
        return op_bind_interdomain(arg);
    case EVTCHNOP_bind_virq:
        return op_bind_virq(arg);
    case EVTCHNOP_bind_ipi:
        return op_bind_ipi(arg);
    case EVTCHNOP_close: {
        struct evtchn_close c;

        if (copy_from_guest(&c, arg, sizeof(c)))
            return -EFAULT;
        return do_close(current->domain, c.port);
    }
    case EVTCHNOP_status:
        return op_status(arg);
    case EVTCHNOP_unmask:
        return op_unmask(arg);
    case EVTCHNOP_bind_vcpu:
        return op_bind_vcpu(arg);
    case EVTCHNOP_reset:
        return op_reset(arg);
    case EVTCHNOP_bind_pirq:
        return -EPERM;
    case EVTCHNOP_init_control:
    case EVTCHNOP_expand_array:
        return -EOPNOTSUPP;
    default:
        return -ENOSYS;
    }
}

void evtchn_dump(const struct domain *d)
{
    static const char *const state[] = { "free", "unbound", "interdomain", "pirq", "virq", "ipi" };
    const struct shared_info *si = d->shared_info;
    unsigned int used = 0;

    for (unsigned int p = 1; p < d->evtchn_nr; p++)
        used += d->evtchn[p].state != ECS_FREE;
    printk(LOG_INFO, "d%u: %u ports in use, table of %u (max %u)", d->domid, used,
           d->evtchn_nr, d->max_evtchn_port);
    for (unsigned int p = 1; p < d->evtchn_nr; p++) {
        const struct evtchn *c = &d->evtchn[p];

        if (c->state == ECS_FREE)
            continue;
        printk(LOG_INFO, "  port %u: %s%s%s vcpu %u remote d%u:%u virq %u", p,
               c->state < ARRAY_SIZE(state) ? state[c->state] : "?",
               test_bit64(&si->evtchn_pending[p / WORD_BITS], p % WORD_BITS) ? " pending" : "",
               test_bit64(&si->evtchn_mask[p / WORD_BITS], p % WORD_BITS) ? " masked" : "",
               c->notify_vcpu, c->remote_domid, c->remote_port, c->virq);
    }
}

/*
 * event_channel_op(cmd, arg): the EVTCHNOP_* operations; see
 * docs/abi/hypercalls.md for each one's errors. The FIFO ABI is not
 * offered (init_control and expand_array: -EOPNOTSUPP, set_priority:
 * -ENOSYS, as Xen answers a 2-level guest), so guests stay on the 2-level
 * ABI. No physical IRQ is mapped: bind_pirq gives -EPERM.
 */
long hc_event_channel_op(uint64_t cmd, uint64_t arg)
{
    if (!current->domain->evtchn)
        return -ENOSYS;
    if (likely(cmd == EVTCHNOP_send))
        return op_send(arg);
    return event_channel_op(cmd, arg);
}
