/* SPDX-License-Identifier: MIT */
/* Scratch probe (temporary): Xen's answers to event channel operations. */
#include <public/errno.h>
#include <public/sched.h>
#include "evtchn.h"
#include "test.h"

TEST_TITLE("probe");

#define P(expr) printf("%-60s -> %ld\n", #expr, (long)(expr))

void test_main(void)
{
    evtchn_port_t p = 0, q = 0, r = 0;
    struct evtchn_status st;
    long rc;

    evtchn_init();
    {
        int last_ok = -1;
        for (int i = 0; i < 4200; i++) {
            rc = evtchn_status(DOMID_SELF, i, &st);
            if (rc == 0) last_ok = i; else break;
        }
        printf("status valid up to port %d at start\n", last_ok);
        int pi;
        for (pi = 0; pi < 5000; pi++) {
            rc = evtchn_bind_pirq(pi, 0, &r);
            if (rc == -22) break;
            if (rc != -1) printf("pirq %d -> %ld\n", pi, rc);
        }
        printf("first pirq with -EINVAL: %d\n", pi);
        for (int k = 0; k < 70; k++) evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &r);
        for (int i = 0; i < 4200; i++) {
            rc = evtchn_status(DOMID_SELF, i, &st);
            if (rc == 0) last_ok = i; else break;
        }
        printf("after 70 allocs (last %u): status valid up to port %d\n", r, last_ok);
        P(evtchn_reset(DOMID_SELF));
        for (int i = 0; i < 4200; i++) {
            rc = evtchn_status(DOMID_SELF, i, &st);
            if (rc == 0) last_ok = i; else break;
        }
        printf("after reset: status valid up to port %d\n", last_ok);
        P(evtchn_close(70));
        P(evtchn_send(70));
        P(evtchn_unmask(70));
        P(evtchn_bind_vcpu(70, 0));
    }
    (void)p; (void)q;
}
