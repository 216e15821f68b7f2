/* SPDX-License-Identifier: MIT */
/*
 * guest-attack-counts: huge and negative counts to every hypercall that
 * takes an array (issue 8: "unchecked ranges" are a classic PV hole: a
 * count that overflows a size, wraps a pointer, or makes one trap run for
 * ever). Every array is at an unmapped guest address (0x1000), so any
 * entry actually read faults: what is checked is how each count is
 * taken before that.
 *
 * Counts: 0, 1, 2^20, 2^20 + 1, 2^31 - 1, 2^31 (MMU_UPDATE_PREEMPTED: a
 * continuation with nothing left), 2^31 + 1, 2^32 - 1, 2^32 + 1 (the upper
 * half of the register, which Xen ignores for its unsigned int counts) and
 * 2^64 - 1, to mmu_update, mmuext_op, multicall, grant_table_op (copy,
 * map), console_io write, memory_op decrease_reservation (nr_extents),
 * sched_op poll (nr_ports) and set_gdt (entries).
 *
 * Correct: exactly Xen 4.17's answers, in the table below (0, -EFAULT
 * when the array is read or its range is not guest space, -EINVAL for a
 * count over a documented limit: poll 128 ports, set_gdt 7168 entries,
 * grant_table_op a negative int); the reservation unchanged and the guest
 * running normally afterwards. Regression test for pvisor's batch bounds
 * (multicall refused more than 4096 entries, mmu_update and mmuext_op more
 * than 2^20, and all three and set_gdt read 64-bit counts), which gave
 * -EINVAL where Xen takes the count as it is and preempts the batch.
 */
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/version.h>

#include "test.h"

TEST_TITLE("huge and negative counts to array-taking hypercalls: Xen's answers");

#define U       0x1000ULL       /* unmapped: every array read faults */
#define NCOUNTS 10
#define F       (-XEN_EFAULT)
#define I       (-XEN_EINVAL)

static const uint64_t counts[NCOUNTS] = {
    0, 1, 0x100000, 0x100001, 0x7fffffff, 0x80000000, 0x80000001,
    0xffffffff, 0x100000001ULL, 0xffffffffffffffffULL,
};

static long call_mmu_update(uint64_t n)
{
    return hypercall5(__HYPERVISOR_mmu_update, U, n, 0, DOMID_SELF, 0);
}

static long call_mmuext_op(uint64_t n)
{
    return hypercall5(__HYPERVISOR_mmuext_op, U, n, 0, DOMID_SELF, 0);
}

static long call_multicall(uint64_t n)
{
    return hypercall5(__HYPERVISOR_multicall, U, n, 0, 0, 0);
}

static long call_gnttab_copy(uint64_t n)
{
    return hypercall5(__HYPERVISOR_grant_table_op, GNTTABOP_copy, U, n, 0, 0);
}

static long call_gnttab_map(uint64_t n)
{
    return hypercall5(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, U, n, 0, 0);
}

static long call_console_write(uint64_t n)
{
    return hypercall5(__HYPERVISOR_console_io, CONSOLEIO_write, n, U, 0, 0);
}

/*
 * Not increase_reservation: Xen 4.17 allocates a frame before it finds
 * the list unwritable, and keeps it (the reservation grows), which this
 * test would have to allow for.
 */
static long reservation(unsigned int op, uint64_t n)
{
    struct xen_memory_reservation r = { .extent_start = U, .nr_extents = n,
                                        .domid = DOMID_SELF };

    return HYPERVISOR_memory_op(op, &r);
}

static long call_decrease(uint64_t n)
{
    return reservation(XENMEM_decrease_reservation, n);
}

static long call_poll(uint64_t n)
{
    struct sched_poll sp = { .ports = U, .nr_ports = (uint32_t)n, .timeout = 1 };

    return HYPERVISOR_sched_op(SCHEDOP_poll, &sp);
}

static long call_set_gdt(uint64_t n)
{
    return hypercall5(__HYPERVISOR_set_gdt, U, n, 0, 0, 0);
}

static const struct {
    const char *name;
    long (*call)(uint64_t n);
    long want[NCOUNTS];         /* for each of counts[] */
} cases[] = {
    { "mmu_update",           call_mmu_update,    { 0, F, F, F, F, 0, F, F, F, F } },
    { "mmuext_op",            call_mmuext_op,     { 0, F, F, F, F, 0, F, F, F, F } },
    { "multicall",            call_multicall,     { 0, F, F, F, F, F, F, F, F, F } },
    { "grant copy",           call_gnttab_copy,   { 0, F, F, F, F, I, I, I, F, I } },
    { "grant map",            call_gnttab_map,    { 0, F, F, F, F, I, I, I, F, I } },
    { "console_io write",     call_console_write, { 0, F, F, F, F, F, F, F, F, F } },
    { "decrease_reservation", call_decrease,      { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 } },
    { "sched_op poll",        call_poll,          { 0, F, I, I, I, I, I, I, F, I } },
    { "set_gdt",              call_set_gdt,       { 0, F, I, I, I, I, I, I, F, I } },
};

void test_main(void)
{
    domid_t self = DOMID_SELF;
    long cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);

    for (unsigned int c = 0; c < ARRAY_SIZE(cases); c++) {
        for (unsigned int i = 0; i < NCOUNTS; i++) {
            long rc = cases[c].call(counts[i]);

            CHECK(rc == cases[c].want[i], "%s, count %#llx: got %ld, expected %ld",
                  cases[c].name, (unsigned long long)counts[i], rc, cases[c].want[i]);
        }
    }
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, &self), cur,
             "reservation unchanged");
    CHECK_EQ(HYPERVISOR_xen_version(XENVER_version, NULL), version,
             "hypercalls work afterwards");
}
