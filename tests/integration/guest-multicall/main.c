/* SPDX-License-Identifier: MIT */
/*
 * guest-multicall: a batch of hypercalls in one multicall (hypercall 13)
 * runs every entry in order and stores each entry's own result.
 *
 * Correct (PV-ABI-NOTES 1, "Multicall"):
 *   - the multicall returns 0 and every entry's result is what the call
 *     alone returns: xen_version(version) the version, console_io write 0,
 *     xen_version(pagesize) 4096, an unused hypercall number -ENOSYS, a bad
 *     buffer -EFAULT; a failing entry does not stop the ones after it;
 *   - a multicall inside the batch is refused with -EINVAL in its entry;
 *   - an empty batch returns 0; a batch at an unmapped address -EFAULT.
 * Run through the hypercall page and by direct syscall.
 */
#include <public/errno.h>
#include <public/version.h>
#include "test.h"

TEST_TITLE("multicall: per-entry results, nested multicall refused");

#define SENTINEL 0x5a5a5a5a5a5a5a5aULL

static const char msg[] = "console_io inside a multicall\n";

struct expect {
    const char *what;
    uint64_t op;
    uint64_t args[3];
    bool exact;             /* result must equal want, else be > 0 */
    long want;
};

static void run_batch(void)
{
    static multicall_entry_t nested[1];
    const struct expect calls[] = {
        { "xen_version(version)", __HYPERVISOR_xen_version, { XENVER_version },
          false, 0 },
        { "console_io(write)", __HYPERVISOR_console_io,
          { CONSOLEIO_write, sizeof(msg) - 1, (uint64_t)(uintptr_t)msg }, true, 0 },
        { "hypercall 63", 63, { 0 }, true, -XEN_ENOSYS },
        { "nested multicall", __HYPERVISOR_multicall,
          { (uint64_t)(uintptr_t)nested, 1 }, true, -XEN_EINVAL },
        { "xen_version(pagesize)", __HYPERVISOR_xen_version, { XENVER_pagesize },
          true, 4096 },
        { "xen_version(extraversion, unmapped)", __HYPERVISOR_xen_version,
          { XENVER_extraversion, 0x1000 }, true, -XEN_EFAULT },
    };
    static multicall_entry_t mc[ARRAY_SIZE(calls)];
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);
    long rc;

    /* The nested batch would print if it ran. */
    nested[0] = (multicall_entry_t){
        .op = __HYPERVISOR_console_io,
        .args = { CONSOLEIO_write, 6, (uint64_t)(uintptr_t)"WRONG\n" },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(calls); i++) {
        mc[i] = (multicall_entry_t){ .op = calls[i].op, .result = SENTINEL };
        for (unsigned int a = 0; a < 3; a++)
            mc[i].args[a] = calls[i].args[a];
    }
    rc = HYPERVISOR_multicall(mc, ARRAY_SIZE(mc));
    CHECK_EQ(rc, 0, "multicall of 6");
    for (unsigned int i = 0; i < ARRAY_SIZE(calls); i++) {
        long got = (long)mc[i].result;

        if (mc[i].result == SENTINEL)
            test_fail("entry %u (%s): result not written", i, calls[i].what);
        else if (calls[i].exact && got != calls[i].want)
            test_fail("entry %u (%s): result %ld, expected %ld", i, calls[i].what,
                      got, calls[i].want);
        else if (!calls[i].exact && got != version)
            test_fail("entry %u (%s): result %ld, expected %ld as outside a multicall",
                      i, calls[i].what, got, version);
    }
}

void test_main(void)
{
    static const enum hypercall_via ways[] = { HC_VIA_PAGE, HC_VIA_SYSCALL };
    multicall_entry_t one;

    for (unsigned int w = 0; w < ARRAY_SIZE(ways); w++) {
        long rc;

        hypercall_via = ways[w];
        run_batch();

        rc = HYPERVISOR_multicall(&one, 0);
        CHECK_EQ(rc, 0, "multicall of 0 entries");
        rc = HYPERVISOR_multicall((void *)0x1000, 1);
        CHECK_EQ(rc, -XEN_EFAULT, "multicall at an unmapped address");
    }
    hypercall_via = HC_VIA_PAGE;
}
