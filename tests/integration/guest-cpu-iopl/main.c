/* SPDX-License-Identifier: MIT */
/*
 * guest-cpu-iopl: port I/O and cli/sti from the guest kernel under the
 * virtual IOPL (physdev_op PHYSDEVOP_set_iopl).
 *
 * Correct (Xen 4.17):
 *   - with IOPL 0 (the start), in, out, cli and sti raise #GP(0);
 *   - set_iopl(1) returns 0, and then in/out (8, 16 and 32 bits, immediate
 *     and %dx port forms) and cli/sti complete without a fault;
 *   - set_iopl(4) returns -EINVAL; set_iopl(0) returns 0 and in faults
 *     again.
 * What the port reads is not checked: Xen gives dom0 the real ports,
 * pvisor assigns none (reads give all ones).
 */
#include <public/errno.h>
#include <public/physdev.h>

#include "test.h"

TEST_TITLE("port I/O and cli/sti under the virtual IOPL");

static long set_iopl(uint32_t iopl)
{
    struct physdev_set_iopl s = { .iopl = iopl };

    return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &s);
}

static void expect_gp(const char *what, struct fault_info fi)
{
    CHECK(fi.count == 1 && fi.vector == TRAP_GP && fi.error_code == 0,
          "%s with IOPL 0: %u fault(s), vector %u, error %#llx; expected #GP(0)",
          what, fi.count, fi.vector, (unsigned long long)fi.error_code);
}

static void expect_ok(const char *what, struct fault_info fi)
{
    CHECK(fi.count == 0, "%s with IOPL 1: %u fault(s), vector %u; expected none",
          what, fi.count, fi.vector);
}

void test_main(void)
{
    uint32_t v = 0;

    expect_gp("inb $0x80", FAULT_PROBE("inb $0x80, %%al"));
    expect_gp("outb $0x80", FAULT_PROBE("outb %%al, $0x80"));
    expect_gp("cli", FAULT_PROBE("cli"));
    expect_gp("sti", FAULT_PROBE("sti"));

    CHECK_EQ(set_iopl(1), 0, "set_iopl(1)");
    expect_ok("inb $0x80", FAULT_PROBE("inb $0x80, %%al"));
    expect_ok("outb $0x80", FAULT_PROBE("outb %%al, $0x80"));
    expect_ok("inw %dx", FAULT_PROBE("mov $0x3e0, %%dx; inw %%dx, %%ax"));
    expect_ok("inl %dx", FAULT_PROBE("mov $0x3e0, %%dx; inl %%dx, %%eax"));
    expect_ok("outl %dx", FAULT_PROBE("mov $0x3e0, %%dx; outl %%eax, %%dx"));
    expect_ok("cli", FAULT_PROBE("cli"));
    expect_ok("sti", FAULT_PROBE("sti"));
    __asm__ volatile("mov $0x3e0, %%dx; inl %%dx, %%eax" : "=a"(v) :: "rdx");
    printf("inl from port 0x3e0 read %#x\n", v);

    CHECK_EQ(set_iopl(4), -XEN_EINVAL, "set_iopl(4)");
    CHECK_EQ(set_iopl(0), 0, "set_iopl(0)");
    expect_gp("inb $0x80 again", FAULT_PROBE("inb $0x80, %%al"));
}
