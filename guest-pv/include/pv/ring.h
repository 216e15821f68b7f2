/* SPDX-License-Identifier: MIT */
/*
 * Shared rings: requests one way, responses the other, in one shared page.
 *
 * The page layout is the one Xen's split drivers use (so a frontend built
 * on this talks to a Xen backend): a 64-byte header of four free-running
 * 32-bit indices (req_prod, req_event, rsp_prod, rsp_event) and padding,
 * then an array of slots, each a union of one request and one response,
 * the largest power of two that fits. The frontend produces requests and
 * consumes responses; the backend the reverse. Each side keeps private
 * copies of its indices in its own ring structure.
 *
 * Ordering rules (why the barriers are where they are):
 *  - a producer writes the slots, then (write barrier) the prod index;
 *  - a consumer reads the prod index, then (read barrier) the slots;
 *  - notification: after publishing, the producer compares the consumer's
 *    *_event index with the range just published: the consumer asked to be
 *    woken when prod passes *_event. A full barrier separates the publish
 *    from that read, or a consumer going to sleep could be missed.
 *
 *   PV_RING_DEFINE(blk, struct blk_req, struct blk_rsp);
 *   struct blk_sring *s = page;      PV_SRING_INIT(s);
 *   struct blk_front_ring fr;        PV_FRONT_RING_INIT(&fr, s, PV_PAGE_SIZE);
 *   *PV_RING_GET_REQUEST(&fr, fr.req_prod_pvt++) = req;
 *   PV_RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&fr, notify);
 *   if (notify) pv_evtchn_send(port);
 */
#ifndef PV_RING_H
#define PV_RING_H

#include <pv/defs.h>

typedef uint32_t pv_ring_idx_t;

/* Round down to a power of two (for the slot count). */
#define PV_RING_POW2_(x) \
    ((x) >= 256 ? 256 : (x) >= 128 ? 128 : (x) >= 64 ? 64 : (x) >= 32 ? 32 : \
     (x) >= 16 ? 16 : (x) >= 8 ? 8 : (x) >= 4 ? 4 : (x) >= 2 ? 2 : 1)

/* Slots in a shared ring of @size bytes. */
#define PV_RING_SIZE_FOR(sring_type, size) \
    ((unsigned int)PV_RING_POW2_(((size) - offsetof(sring_type, ring)) / \
                                 sizeof(((sring_type *)0)->ring[0])))

/*
 * PV_RING_DEFINE(name, req_t, rsp_t) - declares union name_slot, struct
 * name_sring (the shared page), struct name_front_ring and name_back_ring.
 */
#define PV_RING_DEFINE(name, req_t, rsp_t)                              \
    union name##_slot {                                                 \
        req_t req;                                                      \
        rsp_t rsp;                                                      \
    };                                                                  \
    struct name##_sring {                                               \
        pv_ring_idx_t req_prod, req_event;                              \
        pv_ring_idx_t rsp_prod, rsp_event;                              \
        uint8_t pad[48];                                                \
        union name##_slot ring[1];  /* really PV_RING_SIZE_FOR slots */ \
    };                                                                  \
    struct name##_front_ring {                                          \
        pv_ring_idx_t req_prod_pvt;     /* next request to fill */      \
        pv_ring_idx_t rsp_cons;         /* next response to read */     \
        unsigned int nr_ents;                                           \
        struct name##_sring *sring;                                     \
    };                                                                  \
    struct name##_back_ring {                                           \
        pv_ring_idx_t rsp_prod_pvt;     /* next response to fill */     \
        pv_ring_idx_t req_cons;         /* next request to read */      \
        unsigned int nr_ents;                                           \
        struct name##_sring *sring;                                     \
    }

/* Shared page set-up, by the side that allocates the page (the frontend). */
#define PV_SRING_INIT(s) do {                                           \
        (s)->req_prod = (s)->rsp_prod = 0;                              \
        (s)->req_event = (s)->rsp_event = 1;                            \
        for (unsigned int i_ = 0; i_ < sizeof((s)->pad); i_++)          \
            (s)->pad[i_] = 0;                                           \
    } while (0)

#define PV_FRONT_RING_INIT(r, s, size) do {                             \
        (r)->req_prod_pvt = 0;                                          \
        (r)->rsp_cons = 0;                                              \
        (r)->nr_ents = PV_RING_SIZE_FOR(__typeof__(*(s)), size);        \
        (r)->sring = (s);                                               \
    } while (0)

#define PV_BACK_RING_INIT(r, s, size) do {                              \
        (r)->rsp_prod_pvt = 0;                                          \
        (r)->req_cons = 0;                                              \
        (r)->nr_ents = PV_RING_SIZE_FOR(__typeof__(*(s)), size);        \
        (r)->sring = (s);                                               \
    } while (0)

/* Slot of index @i (indices run freely; the slot is i mod nr_ents). */
#define PV_RING_SLOT_(r, i)         (&(r)->sring->ring[(i) & ((r)->nr_ents - 1)])
#define PV_RING_GET_REQUEST(r, i)   (&PV_RING_SLOT_(r, i)->req)
#define PV_RING_GET_RESPONSE(r, i)  (&PV_RING_SLOT_(r, i)->rsp)

/* Frontend: request slots free (responses not yet consumed hold slots). */
#define PV_RING_FREE_REQUESTS(r) \
    ((r)->nr_ents - ((r)->req_prod_pvt - (r)->rsp_cons))
#define PV_RING_FULL(r)             (PV_RING_FREE_REQUESTS(r) == 0)

/* Backend: requests published but not consumed (bounded by the ring). */
#define PV_RING_UNCONSUMED_REQUESTS(r) ({                               \
        pv_ring_idx_t p_ = PV_READ_ONCE((r)->sring->req_prod);          \
        pv_ring_idx_t n_ = p_ - (r)->req_cons;                          \
        pv_ring_idx_t room_ = (r)->nr_ents - ((r)->req_cons - (r)->rsp_prod_pvt); \
        pv_rmb();                                                       \
        n_ < room_ ? n_ : room_;                                        \
    })

/* Frontend: responses published but not consumed. */
#define PV_RING_UNCONSUMED_RESPONSES(r) ({                              \
        pv_ring_idx_t n_ = PV_READ_ONCE((r)->sring->rsp_prod) - (r)->rsp_cons; \
        pv_rmb();                                                       \
        n_;                                                             \
    })

/*
 * Publish the private producer index; set @notify if the other side
 * asked to be told (its *_event index lies in the newly published range).
 */
#define PV_RING_PUSH_(r, prod_field, pvt, event_field, notify) do {     \
        pv_ring_idx_t old_ = (r)->sring->prod_field;                    \
        pv_ring_idx_t new_ = (r)->pvt;                                  \
        pv_wmb();               /* slots before the index */            \
        PV_WRITE_ONCE((r)->sring->prod_field, new_);                    \
        pv_mb();                /* index before reading *_event */      \
        (notify) = (pv_ring_idx_t)(new_ - PV_READ_ONCE((r)->sring->event_field)) < \
                   (pv_ring_idx_t)(new_ - old_);                        \
    } while (0)

#define PV_RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify) \
    PV_RING_PUSH_(r, req_prod, req_prod_pvt, req_event, notify)
#define PV_RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify) \
    PV_RING_PUSH_(r, rsp_prod, rsp_prod_pvt, rsp_event, notify)

/*
 * Before sleeping: ask to be woken by the next item (event = cons + 1),
 * then look again, since one may have come in between. @more is set if
 * there is work, in which case do not sleep.
 */
#define PV_RING_FINAL_CHECK_FOR_REQUESTS(r, more) do {                  \
        (more) = PV_RING_UNCONSUMED_REQUESTS(r) != 0;                   \
        if (more)                                                       \
            break;                                                      \
        PV_WRITE_ONCE((r)->sring->req_event, (r)->req_cons + 1);        \
        pv_mb();                                                        \
        (more) = PV_RING_UNCONSUMED_REQUESTS(r) != 0;                   \
    } while (0)

#define PV_RING_FINAL_CHECK_FOR_RESPONSES(r, more) do {                 \
        (more) = PV_RING_UNCONSUMED_RESPONSES(r) != 0;                  \
        if (more)                                                       \
            break;                                                      \
        PV_WRITE_ONCE((r)->sring->rsp_event, (r)->rsp_cons + 1);        \
        pv_mb();                                                        \
        (more) = PV_RING_UNCONSUMED_RESPONSES(r) != 0;                  \
    } while (0)

#endif /* PV_RING_H */
