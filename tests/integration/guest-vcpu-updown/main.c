/* SPDX-License-Identifier: MIT */
/*
 * guest-vcpu-updown: a second vCPU's life cycle through vcpu_op:
 * is_up, initialise, up, down, bad vCPU ids and get_runstate_info.
 *
 * Correct (dom0 with 2 vCPUs; values as Xen 4.17 returns them):
 *   - vCPU 1 exists and is down: is_up(1) = 0, is_up(0) = 1; its runstate
 *     is offline and it has spent no time running, runnable or blocked.
 *   - up(1) before any initialise: -EINVAL (Xen: !is_initialised); it
 *     stays down.
 *   - Bad vCPU ids (2 = max_vcpus, 1000, 0xffffffff) for is_up, up, down,
 *     initialise and get_runstate_info: -ENOENT.
 *   - initialise(1) with the context at an unmapped address: -EFAULT; with
 *     a non-canonical RIP: -EINVAL; neither initialises it (a good context
 *     is accepted afterwards). initialise(0) (initialised): -EEXIST.
 *   - initialise(1) with a good context (same L4 via ctrlreg[3], own stack,
 *     flat kernel selectors, VGCF_in_kernel without VGCF_online, event
 *     callback): 0; it does not run yet and is_up(1) stays 0. Again:
 *     -EEXIST.
 *   - up(1): 0, is_up(1) = 1, and vCPU 1 runs its function (a shared
 *     counter moves); it finds evtchn_upcall_mask = 1 in its vcpu_info
 *     (Xen masks every vcpu_info at domain creation). up(1) again: 0.
 *   - down(1) from vCPU 0: 0, is_up(1) = 0 at once; its runstate becomes
 *     offline and the counter stops. down(1) again: 0. up(1) again: 0 and
 *     vCPU 1 continues where it stopped (the counter moves on).
 *   - get_runstate_info: state 0-3; state_entry_time <= system time after
 *     the call; the sum of time[] is the time since the vCPU was created
 *     (Xen adds the current state's time up to the call), so it is at most
 *     the system time after the call and at least the time the test has
 *     run; two calls' sums differ by the system time between them (the ABI
 *     says the sum does not drift from system time). vCPU 0 asking about
 *     itself: running. A running vCPU 1: running or runnable, and its
 *     running time grows. Result buffer at a hypervisor address: -EFAULT.
 */
#include <public/errno.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "evtchn.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("vCPU 1: is_up, initialise, up, down, bad ids, runstate");

#define MS 1000000ULL

/* System time when the test began: every vCPU was created before it. */
static uint64_t t_start;
/* Counted by vCPU 1 while it runs. */
static volatile uint64_t ap_loops;

static void ap_spin(void)
{
    for (;;) {
        ap_loops++;
        cpu_relax();
    }
}

static const char *const state_names[] = { "running", "runnable", "blocked", "offline" };

static const char *state_name(int32_t s)
{
    return s >= 0 && s <= RUNSTATE_offline ? state_names[s] : "?";
}

static uint64_t time_sum(const struct vcpu_runstate_info *rs)
{
    return rs->time[0] + rs->time[1] + rs->time[2] + rs->time[3];
}

/*
 * get_runstate_info of @vcpu into @rs, checked against the system time
 * around the call; *@before and *@after receive that time.
 */
static void runstate(unsigned int vcpu, struct vcpu_runstate_info *rs,
                     uint64_t *before, uint64_t *after)
{
    uint64_t sum;
    long rc;

    memset(rs, 0xff, sizeof(*rs));
    *before = pvclock_now();
    rc = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, vcpu, rs);
    *after = pvclock_now();
    CHECK_EQ(rc, 0, "get_runstate_info");
    if (rc)
        return;
    sum = time_sum(rs);
    CHECK(rs->state >= RUNSTATE_running && rs->state <= RUNSTATE_offline,
          "vCPU %u: runstate %d, expected 0-3", vcpu, rs->state);
    CHECK(rs->state_entry_time <= *after,
          "vCPU %u: state_entry_time %llu after the system time %llu", vcpu,
          (unsigned long long)rs->state_entry_time, (unsigned long long)*after);
    CHECK(sum <= *after, "vCPU %u: time[] sums to %llu, beyond the system time %llu",
          vcpu, (unsigned long long)sum, (unsigned long long)*after);
    CHECK(sum >= *before - t_start,
          "vCPU %u: time[] sums to %llu, less than the %llu ns the test has run",
          vcpu, (unsigned long long)sum, (unsigned long long)(*before - t_start));
}

/* Two get_runstate_info calls: the sums of time[] advance with system time. */
static void check_no_drift(unsigned int vcpu)
{
    struct vcpu_runstate_info a, b;
    uint64_t a0, a1, b0, b1, d;

    runstate(vcpu, &a, &a0, &a1);
    for (uint64_t t = pvclock_now(); pvclock_now() - t < 5 * MS;)
        cpu_relax();
    runstate(vcpu, &b, &b0, &b1);
    d = time_sum(&b) - time_sum(&a);
    CHECK(d >= b0 - a1 && d <= b1 - a0,
          "vCPU %u: time[] sum grew by %llu ns between calls %llu-%llu ns apart",
          vcpu, (unsigned long long)d, (unsigned long long)(b0 - a1),
          (unsigned long long)(b1 - a0));
}

/* Wait up to @ns for vCPU @vcpu's runstate to become @state. */
static bool wait_state(unsigned int vcpu, int32_t state, uint64_t ns)
{
    struct vcpu_runstate_info rs;
    uint64_t t0 = pvclock_now(), b, a;

    do {
        runstate(vcpu, &rs, &b, &a);
        if (rs.state == state)
            return true;
    } while (a - t0 < ns);
    printf("vCPU %u stayed %s\n", vcpu, state_name(rs.state));
    return false;
}

/* Whether vCPU 1's counter moves within @ns of spinning. */
static bool ap_moves(uint64_t ns)
{
    uint64_t n = ap_loops, t0 = pvclock_now();

    while (pvclock_now() - t0 < ns)
        if (ap_loops != n)
            return true;
    return false;
}

static void test_bad_ids(void)
{
    static const uint32_t bad[] = { 2, 1000, 0xffffffff };
    static struct guest_vcpu_context ctx;
    struct vcpu_runstate_info rs;

    smp_prepare(1, ap_spin, &ctx);
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        uint32_t id = bad[i];

        printf("vCPU id %#x\n", id);
        CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, id, NULL), -XEN_ENOENT, "is_up(bad id)");
        CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL), -XEN_ENOENT, "up(bad id)");
        CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL), -XEN_ENOENT, "down(bad id)");
        CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, id, &ctx), -XEN_ENOENT,
                 "initialise(bad id)");
        CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, &rs), -XEN_ENOENT,
                 "get_runstate_info(bad id)");
    }
}

static void test_bad_contexts(void)
{
    static struct guest_vcpu_context ctx;

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, (void *)0x1000), -XEN_EFAULT,
             "initialise(1) with the context at unmapped 0x1000");
    smp_prepare(1, ap_spin, &ctx);
    ctx.user_regs.rip = 0x0000800000000000ULL;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx), -XEN_EINVAL,
             "initialise(1) with a non-canonical RIP");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0, "is_up(1) after refused contexts");
    smp_prepare(1, ap_spin, &ctx);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, &ctx), -XEN_EEXIST, "initialise(0)");
}

void test_main(void)
{
    static struct guest_vcpu_context ctx;
    struct vcpu_runstate_info rs;
    uint64_t b, a, n;
    long rc;

    evtchn_init();
    t_start = pvclock_now();

    rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL);
    if (rc < 0)
        test_result(TEST_FAILURE, "is_up(1) returned %ld: no vCPU 1 (dom0_max_vcpus=2 "
                    "was given)", rc);
    CHECK_EQ(rc, 0, "is_up(1) at start");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1, "is_up(0)");
    runstate(1, &rs, &b, &a);
    CHECK_EQ(rs.state, RUNSTATE_offline, "runstate of vCPU 1 before up");
    CHECK(rs.time[RUNSTATE_running] == 0 && rs.time[RUNSTATE_runnable] == 0 &&
          rs.time[RUNSTATE_blocked] == 0,
          "vCPU 1 never ran but has running %llu, runnable %llu, blocked %llu ns",
          (unsigned long long)rs.time[0], (unsigned long long)rs.time[1],
          (unsigned long long)rs.time[2]);
    runstate(0, &rs, &b, &a);
    CHECK_EQ(rs.state, RUNSTATE_running, "runstate of vCPU 0 asking itself");
    check_no_drift(0);
    check_no_drift(1);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0,
                                (void *)0xffff800000000000ULL),
             -XEN_EFAULT, "get_runstate_info into the hypervisor range");

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL, "up(1) before initialise");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0, "is_up(1) after a refused up");
    test_bad_ids();
    test_bad_contexts();

    smp_prepare(1, ap_spin, &ctx);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx), 0, "initialise(1)");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0, "is_up(1) after initialise");
    CHECK(!ap_moves(20 * MS) && !smp_running[1], "vCPU 1 runs before VCPUOP_up");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx), -XEN_EEXIST,
             "initialise(1) again");

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0, "up(1)");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 1, "is_up(1) after up");
    CHECK(ap_moves(5000 * MS), "vCPU 1 does not run after VCPUOP_up");
    CHECK_EQ(smp_initial_mask[1], 1, "vCPU 1's evtchn_upcall_mask at its first instruction");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0, "up(1) while up");
    runstate(1, &rs, &b, &a);
    CHECK(rs.state == RUNSTATE_running || rs.state == RUNSTATE_runnable,
          "spinning vCPU 1 is %s, expected running or runnable", state_name(rs.state));
    n = rs.time[RUNSTATE_running];
    check_no_drift(1);
    runstate(1, &rs, &b, &a);
    CHECK(rs.time[RUNSTATE_running] > n, "running time of spinning vCPU 1 stays %llu ns",
          (unsigned long long)n);

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL), 0, "down(1)");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0, "is_up(1) after down");
    CHECK(wait_state(1, RUNSTATE_offline, 1000 * MS), "vCPU 1 not offline 1 s after down");
    CHECK(!ap_moves(20 * MS), "vCPU 1 still runs after down");
    runstate(1, &rs, &b, &a);
    n = rs.time[RUNSTATE_running];
    check_no_drift(1);
    runstate(1, &rs, &b, &a);
    CHECK_EQ(rs.time[RUNSTATE_running], n, "running time of vCPU 1 while down");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL), 0, "down(1) while down");

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0, "up(1) after down");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 1, "is_up(1) after the second up");
    CHECK(ap_moves(5000 * MS), "vCPU 1 does not continue after the second up");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL), 0, "down(1), the last time");
}
