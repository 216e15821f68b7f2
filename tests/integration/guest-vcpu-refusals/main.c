/* SPDX-License-Identifier: MIT */
/*
 * guest-vcpu-refusals: what vcpu_op refuses or quietly accepts: runstate
 * areas, vcpu_info placement, timers of another vCPU, past timers.
 *
 * Correct (dom0 with 2 vCPUs; values as Xen 4.17 returns them):
 *   - register_runstate_memory_area: an address in the hypervisor range
 *     (0xffff800000000000): -EFAULT. An unmapped guest address (0x1000):
 *     0 (Xen checks only that the address is a guest one; its writes
 *     there fail quietly), and the guest goes on running across context
 *     switches. A mapped buffer: 0 and filled at once, for vCPU 0 asking
 *     itself (running, state_entry_time <= now, XEN_RUNSTATE_UPDATE clear)
 *     and for the down vCPU 1 (offline). Address 0: 0 (unregisters).
 *   - register_vcpu_info with offset 4033, 4096 or 0xffffffff (the 64-byte
 *     vcpu_info would cross the page) on a good frame: -ENXIO (not -EINVAL:
 *     Xen 4.17's map_vcpu_info checks the offset first, with its own
 *     errno), for vCPU 0 and for the down vCPU 1. Frame ~0 (offset 0):
 *     -EINVAL. For vCPU 1 once it is up (neither the caller nor down):
 *     -EINVAL. The refused calls move nothing: vCPU 0's events and time
 *     still work.
 *   - set_singleshot_timer 1 ms in the past, with and without
 *     VCPU_SSHOTTMR_future: 0, and the timer event is delivered before the
 *     hypercall returns (Xen 4.17 ignores the flag; older Xen gave -ETIME).
 *   - set_singleshot_timer and stop_singleshot_timer of vCPU 1 from vCPU
 *     0: -EINVAL (only a vCPU's own). set_periodic_timer and
 *     stop_periodic_timer of vCPU 1 from vCPU 0: 0 (allowed).
 *   - An unknown VCPUOP (99): -ENOSYS.
 */
#include <public/errno.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "evtchn.h"
#include "pvclock.h"
#include "smp.h"
#include "test.h"

TEST_TITLE("vcpu_op refusals: runstate areas, vcpu_info, timers");

#define MS 1000000ULL
#define HV_ADDR 0xffff800000000000ULL

static struct vcpu_runstate_info area[2];
static uint8_t vcpu_info_page[GUEST_PAGE_SIZE] __aligned(GUEST_PAGE_SIZE);

static long register_runstate(unsigned int vcpu, uint64_t addr)
{
    struct vcpu_register_runstate_memory_area a = { .addr.h = addr };

    return HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, vcpu, &a);
}

static long register_vcpu_info(unsigned int vcpu, uint64_t mfn, uint32_t offset)
{
    struct vcpu_register_vcpu_info info = { .mfn = mfn, .offset = offset };

    return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &info);
}

/* Sleep @ns in SCHEDOP_poll with no ports: a context switch or two. */
static void sleep_ns(uint64_t ns)
{
    struct sched_poll p = { .timeout = pvclock_now() + ns };

    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &p), 0, "poll(no ports, timeout)");
}

static void test_runstate_areas(void)
{
    uint64_t now;

    CHECK_EQ(register_runstate(0, HV_ADDR), -XEN_EFAULT,
             "register_runstate_memory_area(hypervisor range)");
    CHECK_EQ(register_runstate(0, 0x1000), 0, "register_runstate_memory_area(unmapped)");
    sleep_ns(2 * MS);
    CHECK_EQ(register_runstate(0, 0), 0, "register_runstate_memory_area(0)");

    memset(area, 0xff, sizeof(area));
    CHECK_EQ(register_runstate(0, (uint64_t)(uintptr_t)&area[0]), 0,
             "register_runstate_memory_area(vCPU 0, buffer)");
    CHECK_EQ(register_runstate(1, (uint64_t)(uintptr_t)&area[1]), 0,
             "register_runstate_memory_area(vCPU 1, buffer)");
    now = pvclock_now();
    CHECK_EQ(area[0].state, RUNSTATE_running, "vCPU 0's runstate area: state");
    CHECK(area[0].state_entry_time <= now,
          "vCPU 0's runstate area: state_entry_time %#llx after now %llu",
          (unsigned long long)area[0].state_entry_time, (unsigned long long)now);
    CHECK_EQ(area[1].state, RUNSTATE_offline, "vCPU 1's runstate area: state");
    CHECK(area[1].state_entry_time <= now,
          "vCPU 1's runstate area: state_entry_time %#llx after now %llu",
          (unsigned long long)area[1].state_entry_time, (unsigned long long)now);
    CHECK_EQ(register_runstate(0, 0), 0, "unregister vCPU 0's runstate area");
    CHECK_EQ(register_runstate(1, 0), 0, "unregister vCPU 1's runstate area");
}

static void test_vcpu_info(void)
{
    static const uint32_t offsets[] = { 4033, 4096, 0xffffffff };
    uint64_t mfn = virt_to_mfn(vcpu_info_page);

    for (unsigned int i = 0; i < ARRAY_SIZE(offsets); i++) {
        printf("offset %u\n", offsets[i]);
        CHECK_EQ(register_vcpu_info(0, mfn, offsets[i]), -XEN_ENXIO,
                 "register_vcpu_info(vCPU 0, crossing the page)");
        CHECK_EQ(register_vcpu_info(1, mfn, offsets[i]), -XEN_ENXIO,
                 "register_vcpu_info(down vCPU 1, crossing the page)");
    }
    CHECK_EQ(register_vcpu_info(0, ~0ULL, 0), -XEN_EINVAL, "register_vcpu_info(frame ~0)");
}

static void test_past_timers(evtchn_port_t timer)
{
    static const uint32_t flags[] = { 0, VCPU_SSHOTTMR_future };

    for (unsigned int i = 0; i < ARRAY_SIZE(flags); i++) {
        struct vcpu_set_singleshot_timer ss = { .flags = flags[i] };
        unsigned int n = evtchn_count[timer];

        printf("flags %#x\n", flags[i]);
        ss.timeout_abs_ns = pvclock_now() - 1 * MS;
        CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss), 0,
                 "set_singleshot_timer(1 ms ago)");
        CHECK_EQ(evtchn_count[timer], n + 1,
                 "timer events right after setting a past single-shot timer");
    }
}

static void test_other_vcpu_timers(void)
{
    struct vcpu_set_singleshot_timer ss = { .timeout_abs_ns = pvclock_now() + 1000 * MS };
    struct vcpu_set_periodic_timer per = { .period_ns = 10 * MS };

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 1, &ss), -XEN_EINVAL,
             "set_singleshot_timer(vCPU 1) from vCPU 0");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 1, NULL), -XEN_EINVAL,
             "stop_singleshot_timer(vCPU 1) from vCPU 0");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 1, &per), 0,
             "set_periodic_timer(vCPU 1) from vCPU 0");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 1, NULL), 0,
             "stop_periodic_timer(vCPU 1) from vCPU 0");
}

static void ap_idle(void)
{
}

void test_main(void)
{
    evtchn_port_t timer, ipi;
    uint64_t t;

    evtchn_init();
    if (evtchn_bind_virq(VIRQ_TIMER, 0, &timer) || evtchn_bind_ipi(0, &ipi))
        test_result(TEST_ERROR, "setup: binding VIRQ_TIMER or an IPI refused");
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop_periodic_timer(0)");
    evtchn_upcalls_on();

    test_runstate_areas();
    test_vcpu_info();
    test_past_timers(timer);
    CHECK_EQ(HYPERVISOR_vcpu_op(99, 0, NULL), -XEN_ENOSYS, "VCPUOP 99");

    smp_start(1, ap_idle);
    CHECK_EQ(register_vcpu_info(1, virt_to_mfn(vcpu_info_page), 0), -XEN_EINVAL,
             "register_vcpu_info(vCPU 1, up) from vCPU 0");
    test_other_vcpu_timers();

    /* vcpu_info did not move: events and time still come through it. */
    CHECK_EQ(evtchn_send(ipi), 0, "send(IPI)");
    CHECK_EQ(evtchn_count[ipi], 1, "IPI events after the refused register_vcpu_info");
    t = pvclock_now();
    sleep_ns(1 * MS);
    CHECK(pvclock_now() > t, "system time stands still");
}
