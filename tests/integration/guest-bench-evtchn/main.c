/* SPDX-License-Identifier: MIT */
/*
 * guest-bench-evtchn: the event-channel ping-pong figures of `make bench`,
 * measured from inside a PV guest with rdtsc under QEMU -icount shift=0
 * (one TSC tick per instruction). The command line picks the set-up:
 *
 *   loop   (or empty) one domain, dom0 on pvisor and on Xen 4.17: a
 *          loopback channel, ports a and b of the same domain bound to
 *          each other. A round trip: send(a) -> upcall for b -> the
 *          handler sends back on b (a is now flagged, upcalls still
 *          masked) -> the handler's next pass counts a -> IRETQ -> the
 *          send returns. Two sends, one upcall, two handler passes, no
 *          HYPERVISOR_iret (see the callback below). "evtchn_pingpong"
 *          (before 2026-11-26 the callback returned through
 *          HYPERVISOR_iret and took a's event as a second upcall: two
 *          more hypercalls and one more bounce a round trip).
 *   A, B   two boot-time domains (domain 1 and 2, in module order) over
 *          an interdomain channel, with the handshake of
 *          guest-evtchn-peer: A offers port 1 to domain 2, B binds to it
 *          (retrying until it exists, 10 s at most) and says hello. A round trip: A
 *          sends and blocks; B's upcall sends back from the handler, B
 *          blocks again; A's upcall counts it and its block returns. A
 *          times it ("evtchn_pingpong_xdom", on one or two CPUs).
 *
 * The event callback is this guest's own, leaner than the runtime's
 * (evtchn.c), and does what real PV kernels do on both hypervisors: it
 * saves only the registers C may clobber, loops over the pending ports
 * while the hypervisor flags more (as Linux's upcall handler does, so the
 * loopback's answer, raised by the handler itself while upcalls are
 * masked, is handled in the same upcall), unmasks, checks once more, and
 * returns to the interrupted kernel code with a plain IRETQ rather than
 * HYPERVISOR_iret, as Mini-OS does: the x86-64 PV kernel runs in ring 3,
 * so IRETQ to ring 3 needs no hypervisor. Only a return to user mode
 * (another page table) goes through HYPERVISOR_iret. An event arriving
 * between the unmask and the IRETQ comes with an interrupt or IPI and is
 * delivered as a nested upcall, so none is lost. The guest's own share of
 * a round trip is the same on both hypervisors.
 *
 * Correct: every send and block returns 0, each round trip delivers
 * exactly one event each way (the counts at the end), SUCCESS; the lines
 * "BENCH-GUEST name=<id> instr=<per round trip>" carry the figures.
 */
#include <public/callback.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>

#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("event-channel ping-pong round trips (loopback, two domains)");

#define LOOP_ROUNDS 2000
#define XDOM_ROUNDS 500
#define WARMUP      10
#define DOMID_A     1
#define DOMID_B     2

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static struct shared_info *shared;
/* What the callback does for each port: nothing but count, or answer. */
static volatile unsigned int count[EVTCHN_NR_PORTS];
static evtchn_port_t answer_on[EVTCHN_NR_PORTS];   /* 0: no answer */
static volatile long send_errors;
/* Upcalls that returned through HYPERVISOR_iret (none in these loops). */
volatile long slow_returns;

/*
 * bench_callback_entry: CALLBACKTYPE_event, upcalls masked, RSP 16-byte
 * aligned at the bounce frame (evtchn_entry.S): RCX R11 RIP CS RFLAGS RSP
 * SS. Saves the other registers C may clobber, calls
 * bench_events(frame RFLAGS) and resumes the interrupted kernel code
 * itself: CPL and code segment stay the same, so POPFQ and RET do it.
 * (Mini-OS uses IRETQ here; QEMU's TCG performs IRETQ's stack reads as
 * supervisor accesses, which SMAP refuses on the kernel's user pages, so a
 * guest that runs under QEMU cannot.) RIP, RFLAGS, R11, RCX and RAX are
 * copied below the interrupted RSP, highest first (the bounce frame lies
 * below that RSP, so every word is read before that slot is written),
 * then RSP moves there: an upcall nesting at any point finds everything
 * still needed above RSP. A frame from user mode or from another code
 * segment goes through HYPERVISOR_iret (trap_iret, flags 0).
 *
 *      frame  +0 RAX  +8 RCX  +16 R11  +24 RIP  +32 CS  +40 RFLAGS  +48 RSP
 *      RSP-40 RAX  -32 RCX  -24 R11  -16 RFLAGS  -8 RIP   (RSP: interrupted)
 */
void bench_callback_entry(void);
void bench_events(uint64_t rflags);
__asm__(".text\n"
        ".globl bench_callback_entry\n"
        "bench_callback_entry:\n"
        "    push %rax\n    push %rdx\n    push %rsi\n    push %rdi\n"
        "    push %r8\n    push %r9\n    push %r10\n"
        "    mov 11 * 8(%rsp), %rdi\n"          /* RFLAGS */
        "    sub $8, %rsp\n    cld\n"           /* 16-byte aligned again */
        "    call bench_events\n"
        "    add $8, %rsp\n"
        "    pop %r10\n    pop %r9\n    pop %r8\n    pop %rdi\n"
        "    pop %rsi\n    pop %rdx\n"          /* RSP at RAX now */
        "    cmpw $(" STRINGIFY(FLAT_KERNEL_CS) " & ~3), 32(%rsp)\n"
        "    jne 1f\n"
        "    mov 48(%rsp), %rcx\n"
        "    mov 24(%rsp), %r11\n    mov %r11, -8(%rcx)\n"
        "    mov 40(%rsp), %r11\n    mov %r11, -16(%rcx)\n"
        "    mov 16(%rsp), %r11\n    mov %r11, -24(%rcx)\n"
        "    mov 8(%rsp), %r11\n    mov %r11, -32(%rcx)\n"
        "    mov (%rsp), %r11\n    mov %r11, -40(%rcx)\n"
        "    lea -40(%rcx), %rsp\n"
        "    pop %rax\n    pop %rcx\n    pop %r11\n    popfq\n    ret\n"
        "1:  incq slow_returns(%rip)\n"
        "    pop %rax\n    pop %rcx\n    pop %r11\n"
        "    push $0\n"
        "    jmp trap_iret\n");

/* One pass over the ports flagged now (see the comment at the top). */
static void bench_pass(struct vcpu_info *v)
{
    uint64_t sel;

    WRITE_ONCE(v->evtchn_upcall_pending, 0);
    sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = (unsigned int)__builtin_ctzll(sel);
        uint64_t bits;

        sel &= sel - 1;
        bits = READ_ONCE(shared->evtchn_pending[w]) & ~READ_ONCE(shared->evtchn_mask[w]);
        while (bits) {
            unsigned int b = (unsigned int)__builtin_ctzll(bits);
            evtchn_port_t port = w * EVTCHN_WORD_BITS + b;

            bits &= bits - 1;
            __atomic_fetch_and(&shared->evtchn_pending[w], ~(1ULL << b), __ATOMIC_SEQ_CST);
            count[port]++;
            if (answer_on[port] && evtchn_send(answer_on[port]))
                send_errors++;
        }
    }
}

/*
 * The upcall: passes while the hypervisor flags more, then events
 * unmasked again unless the interrupted context had them masked (its
 * RFLAGS.IF clear, @rflags). A sender kicks this vCPU whatever its mask,
 * so an event flagged after the last check arrives with an interrupt: a
 * compiler barrier is enough between the unmask and the check.
 */
void bench_events(uint64_t rflags)
{
    struct vcpu_info *v = &shared->vcpu_info[0];

    for (;;) {
        do
            bench_pass(v);
        while (READ_ONCE(v->evtchn_upcall_pending));
        if (!(rflags & 0x200))
            return;
        WRITE_ONCE(v->evtchn_upcall_mask, 0);
        __asm__ volatile("" ::: "memory");
        if (!READ_ONCE(v->evtchn_upcall_pending))
            return;
        WRITE_ONCE(v->evtchn_upcall_mask, 1);
    }
}

static void bench_init(void)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_event,
        .address = (uint64_t)(uintptr_t)bench_callback_entry,
    };

    evtchn_init();              /* maps shared_info; the callback is replaced */
    shared = shared_info_map();
    CHECK_EQ(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0, "register the callback");
}

static void report(const char *name, uint64_t t0, uint64_t t1, unsigned int rounds)
{
    printf("BENCH-GUEST name=%s instr=%llu\n", name,
           (unsigned long long)((t1 - t0) / rounds));
}

/*
 * The parts of a loopback round trip, for finding where its instructions
 * go (same loop overhead as the round trip, not subtracted):
 *   evtchn_send_masked  send(a) while b is masked: the send hypercall
 *                       marks b pending, no upcall (b's pending bit is
 *                       cleared by the guest each time, a locked AND)
 *   iret_bare           HYPERVISOR_iret back to the next instruction
 *                       (kernel mode, upcalls unmasked, nothing pending)
 * A round trip is two sends, one upcall (bounce to the callback) and two
 * passes of the guest's dispatch.
 */
static void bench_parts(evtchn_port_t a, evtchn_port_t b)
{
    uint64_t t0, t1;
    long bad = 0;

    evtchn_set_mask(b);
    t0 = tsc();
    for (unsigned int i = 0; i < LOOP_ROUNDS; i++) {
        evtchn_clear_pending(b);
        bad += evtchn_send(a) != 0;
    }
    t1 = tsc();
    report("evtchn_send_masked", t0, t1, LOOP_ROUNDS);
    CHECK_EQ(bad, 0, "failed sends to the masked port");
    CHECK_EQ(count[b], 0, "upcalls for the masked port");
    evtchn_clear_pending(b);
    evtchn_clear_mask(b);

    t0 = tsc();
    for (unsigned int i = 0; i < LOOP_ROUNDS; i++)
        __asm__ volatile(IRET_HERE_ASM("$" STRINGIFY(FLAT_KERNEL_SS), "orq $0x200,")
                         ::: "r8", "memory", "cc");
    t1 = tsc();
    report("iret_bare", t0, t1, LOOP_ROUNDS);
}

/* Loopback in one domain: both ends ours, no other domain involved. */
static void bench_loop(void)
{
    evtchn_port_t a, b;
    long bad = 0;
    uint64_t t0, t1;

    CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0, "alloc_unbound");
    CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, a, &b), 0, "bind_interdomain");
    evtchn_clear_pending(b);    /* a new binding starts pending */
    answer_on[b] = b;           /* b's event is answered back to a */
    evtchn_upcalls_on();
    for (unsigned int i = 0; i < WARMUP; i++)
        bad += evtchn_send(a) != 0;
    t0 = tsc();
    for (unsigned int i = 0; i < LOOP_ROUNDS; i++)
        bad += evtchn_send(a) != 0;
    t1 = tsc();
    report("evtchn_pingpong", t0, t1, LOOP_ROUNDS);
    CHECK_EQ(bad + send_errors, 0, "failed sends");
    CHECK_EQ(count[b], WARMUP + LOOP_ROUNDS, "events on b (the ping)");
    CHECK_EQ(count[a], WARMUP + LOOP_ROUNDS, "events on a (the answer)");
    CHECK_EQ(slow_returns, 0, "upcalls returned through HYPERVISOR_iret");
    count[a] = count[b] = 0;
    bench_parts(a, b);
}

/* Block until @port has had @want events (upcalls masked around the check). */
static void wait_for(evtchn_port_t port, unsigned int want)
{
    evtchn_upcalls_off();
    for (unsigned int tries = 0; count[port] < want; tries++) {
        if (HYPERVISOR_sched_op(SCHEDOP_block, NULL))   /* unmasks */
            test_result(TEST_FAILURE, "sched_op(block) failed");
        evtchn_upcalls_off();
        if (tries > 1000000)
            test_result(TEST_FAILURE, "no event on port %u after %u wake-ups", port, tries);
    }
    evtchn_upcalls_on();
}

/* Two domains: A pings and times, B answers from its event handler. */
static void bench_xdom(bool is_a)
{
    unsigned int total = WARMUP + XDOM_ROUNDS;
    evtchn_port_t port = 0;
    uint64_t t0, t1;

    if (is_a) {
        CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_B, &port), 0,
                 "alloc_unbound for domain 2");
        CHECK_EQ(port, 1, "the first port");
        evtchn_upcalls_on();
        wait_for(port, 1);                      /* B's hello */
        for (unsigned int r = 1; r <= WARMUP; r++) {
            CHECK_EQ(evtchn_send(port), 0, "send");
            wait_for(port, r + 1);
        }
        t0 = tsc();
        for (unsigned int r = WARMUP + 1; r <= total; r++) {
            if (evtchn_send(port))
                send_errors++;
            wait_for(port, r + 1);
        }
        t1 = tsc();
        report("evtchn_pingpong_xdom", t0, t1, XDOM_ROUNDS);
    } else {
        uint64_t give_up = pvclock_now() + 10000000000ULL;
        long rc;

        /*
         * A may not have run yet (on a loaded host its CPU may start
         * late): its port appears when it has. Wait up to 10 s of system
         * time, not a number of yields (100000 were 0.1-0.5 s on two CPUs).
         */
        while ((rc = evtchn_bind_interdomain(DOMID_A, 1, &port))) {
            CHECK_EQ(rc, -XEN_EINVAL, "bind_interdomain before A's port exists");
            if (pvclock_now() > give_up)
                test_result(TEST_FAILURE, "domain 1 never offered its port (10 s)");
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        }
        evtchn_clear_pending(port);
        answer_on[port] = port;
        evtchn_upcalls_on();
        CHECK_EQ(evtchn_send(port), 0, "send hello");
        wait_for(port, total);                  /* answered by the handler */
    }
    CHECK_EQ(send_errors, 0, "failed sends");
    CHECK_EQ(count[port], is_a ? total + 1 : total, "events received");
    printf("%s: %u round trips done\n", is_a ? "A" : "B", total);
}

void test_main(void)
{
    const char *mode = (const char *)start_info->cmd_line;

    bench_init();
    if (mode[0] == 'A' || mode[0] == 'B')
        bench_xdom(mode[0] == 'A');
    else
        bench_loop();
}
