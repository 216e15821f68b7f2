/* SPDX-License-Identifier: MIT */
/*
 * pingpong: two domains signal each other over an interdomain event
 * channel, ROUNDS times each way.
 *
 *   ping PEER          (e.g. in domain 1: "-- ping 2") offers a port to
 *                      domain PEER, waits for pong's hello, then sends and
 *                      waits for the answer ROUNDS times
 *   pong PEER PORT     (in domain 2: "-- pong 1 2") binds to PEER's PORT
 *                      (retrying until ping has offered it), says hello,
 *                      then answers each signal
 *
 * ping's port is the first one it allocates after pvkern's timer (port 1):
 * port 2, which is what pong is told. When grant tables land in pvisor the
 * two will also share a page (pv/grant.h, pv_ring_share()).
 *
 * As boot-time domains of pvisor (no dom0):
 *   scripts/run-qemu.sh --boot multiboot --cmdline "" \
 *     --module "build/guest-pv/pingpong.elf domain name=ping -- -- ping 2" \
 *     --module "build/guest-pv/pingpong.elf domain name=pong -- -- pong 1 2"
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pvkern/syscall.h>

#define ROUNDS 1000

static int ping(long peer)
{
    long port = pvk_syscall(PVK_SYS_evtchn_alloc, peer, 0, 0), t0, t1;

    if (port < 0) {
        printf("ping: alloc_unbound for domain %ld failed: %ld\n", peer, port);
        return 1;
    }
    printf("ping: port %ld offered to domain %ld\n", port, peer);
    pvk_syscall(PVK_SYS_evtchn_wait, port, 0, 0);          /* pong's hello */
    t0 = pvk_clock_ns(PVK_CLOCK_MONOTONIC);
    for (int i = 0; i < ROUNDS; i++) {
        pvk_syscall(PVK_SYS_evtchn_send, port, 0, 0);
        pvk_syscall(PVK_SYS_evtchn_wait, port, 0, 0);
    }
    t1 = pvk_clock_ns(PVK_CLOCK_MONOTONIC);
    printf("ping: %d round trips with domain %ld, %ld ns each\n", ROUNDS, peer,
           (t1 - t0) / ROUNDS);
    return 0;
}

static int pong(long peer, long remote_port)
{
    long port, give_up = pvk_clock_ns(PVK_CLOCK_MONOTONIC) + 10000000000L;

    /*
     * -EINVAL until ping has offered the port: it may not have run yet (on
     * a loaded host its CPU may start late). 10 s of time at most, not a
     * number of tries.
     */
    while ((port = pvk_syscall(PVK_SYS_evtchn_bind, peer, remote_port, 0)) == -EINVAL &&
           pvk_clock_ns(PVK_CLOCK_MONOTONIC) < give_up)
        pvk_sleep_ns(1000000);
    if (port < 0) {
        printf("pong: binding to domain %ld port %ld failed: %ld\n", peer, remote_port, port);
        return 1;
    }
    printf("pong: bound to domain %ld port %ld as port %ld\n", peer, remote_port, port);
    pvk_syscall(PVK_SYS_evtchn_send, port, 0, 0);          /* hello */
    for (int i = 0; i < ROUNDS; i++) {
        pvk_syscall(PVK_SYS_evtchn_wait, port, 0, 0);
        pvk_syscall(PVK_SYS_evtchn_send, port, 0, 0);
    }
    printf("pong: answered %d signals\n", ROUNDS);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "ping"))
        return ping(atol(argv[2]));
    if (argc == 4 && !strcmp(argv[1], "pong"))
        return pong(atol(argv[2]), atol(argv[3]));
    printf("usage: pingpong ping PEER | pong PEER PORT (after -- on pvkern's command line)\n");
    return 2;
}
