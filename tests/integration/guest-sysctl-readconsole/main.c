/* SPDX-License-Identifier: MIT */
/*
 * guest-sysctl-readconsole: PVISOR_SYSCTL_readconsole, the hypervisor log
 * as the toolstack reads it (pvctl dmesg [-c]).
 *
 * "domu" (a boot-time domain): the call gives -EPERM; it says so and
 * powers off.
 * "dom0":
 *   - a whole read holds the hypervisor's boot lines (its banner, dom0's
 *     build), this guest's own console lines, and the domU's line
 *     "(d1) domU: readconsole refused" (waited for);
 *   - reading in 100-byte steps with `incremental` and the returned index
 *     gives exactly the bytes of the whole read; a line printed after is
 *     the only thing a read from the last index returns;
 *   - clear (once the domU is gone, so that its last log lines do not
 *     come in between): the next whole read is empty, a line printed
 *     after is all the one after that returns, and an incremental read
 *     from 0 still finds the old lines (clearing hides, it does not erase);
 *   - refused, changing nothing (a refused clear does not clear): a
 *     buffer in the hypervisor's range, an unmapped buffer, a buffer
 *     range that wraps (-EFAULT); a count above PVISOR_READCONSOLE_MAX,
 *     count 0xffffffff, clear or incremental other than 0/1, a non-zero
 *     pad, an index past the end of the log (-EINVAL).
 * Correct: every check passes, SUCCESS. pvisor only.
 */
#include <public/domctl.h>
#include <public/errno.h>
#include <public/sched.h>

#include "dombuild.h"
#include "evtchn.h"
#include "pvclock.h"
#include "test.h"

TEST_TITLE("sysctl readconsole: the hypervisor log for the toolstack");

#define LOG_MAX (64 * 1024)

static char whole[LOG_MAX], part[LOG_MAX];

static long readconsole(uint8_t clear, uint8_t incr, uint64_t index, void *buf,
                        uint32_t count, struct pvisor_sysctl_readconsole *out)
{
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_readconsole,
                                .interface_version = PVISOR_SYSCTL_VERSION };
    long rc;

    op.u.readconsole.clear = clear;
    op.u.readconsole.incremental = incr;
    op.u.readconsole.index = index;
    op.u.readconsole.buffer = (uint64_t)(uintptr_t)buf;
    op.u.readconsole.count = count;
    rc = hypercall1(__HYPERVISOR_sysctl, &op);
    if (out)
        *out = op.u.readconsole;
    return rc;
}

/* Does buf[0..n) hold @s? */
static bool contains(const char *buf, uint64_t n, const char *s)
{
    size_t len = strlen(s);

    for (uint64_t i = 0; i + len <= n; i++)
        if (!memcmp(buf + i, s, len))
            return true;
    return false;
}

/* A whole read (from the oldest byte or the last clear) into whole[]. */
static uint32_t read_whole(struct pvisor_sysctl_readconsole *r)
{
    CHECK_EQ(readconsole(0, 0, 0, whole, sizeof(whole), r), 0, "whole read");
    return r->count;
}

static void domu(void)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_poweroff };

    CHECK_EQ(readconsole(0, 0, 0, whole, sizeof(whole), NULL), -XEN_EPERM,
             "readconsole from a domU");
    printf("domU: readconsole refused\n");
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    for (;;)
        ;
}

static void test_whole_and_steps(void)
{
    struct pvisor_sysctl_readconsole r;
    uint64_t end = pvclock_now() + 5000000000ULL, idx = 0, got = 0;
    uint32_t n;

    printf("readconsole marker one\n");
    do {
        n = read_whole(&r);
    } while (!contains(whole, n, "(d1) domU: readconsole refused") &&
             pvclock_now() < end);
    CHECK(contains(whole, n, "(d1) domU: readconsole refused"), "the domU's line is in the log");
    CHECK(contains(whole, n, "x86-64 paravirtualization hypervisor"), "the banner is in the log");
    CHECK(contains(whole, n, "readconsole marker one\n"), "this guest's line is in the log");
    CHECK(r.index > 0 && n > 0 && n < sizeof(whole), "read %u bytes, index %llu", n,
          (unsigned long long)r.index);

    /*
     * The same bytes 100 at a time, each read continuing from the last
     * index, up to the whole read's end: the log may grow meanwhile (the
     * domU's end, this guest's own lines), and those bytes are not in it.
     */
    while (got < n) {
        uint32_t step = n - got < 100 ? (uint32_t)(n - got) : 100;

        CHECK_EQ(readconsole(0, 1, idx, part + got, step, &r), 0, "incremental read");
        CHECK(r.count <= step, "a step returns at most its count");
        if (!r.count)
            break;
        got += r.count;
        CHECK_EQ(r.index, idx + r.count, "the index moves by the bytes read");
        idx = r.index;
    }
    CHECK_EQ(got, n, "steps give as many bytes as the whole read");
    CHECK(!memcmp(part, whole, n), "steps give the same bytes as the whole read");

    printf("readconsole marker two\n");
    CHECK_EQ(readconsole(0, 1, idx, part, sizeof(part), &r), 0, "read from the last index");
    /* What came after the whole read: the new line (and whatever else was logged since). */
    CHECK(contains(part, r.count, "readconsole marker two\n"), "the new line");
    CHECK(!contains(part, r.count, "readconsole marker one\n"), "nothing from before");
}

/*
 * Wait (5 s at most) until the domU is gone: its end logs "shut down" and
 * "destroyed" lines from its own CPU, which must not land between the
 * clear below and the reads that expect only this guest's line. The
 * "destroyed" line is logged before the hypervisor's lock is given up, so
 * once getdomaininfo no longer finds d1 the domU has nothing more to say.
 */
static void wait_domu_gone(void)
{
    CHECK(!dombuild_wait_gone(1, 5000000000ULL, NULL), "d1 still there 5 s after its line");
}

static void test_clear(void)
{
    struct pvisor_sysctl_readconsole r;
    uint32_t n;

    CHECK_EQ(readconsole(1, 0, 0, whole, 16, &r), 0, "read 16 bytes and clear");
    CHECK_EQ(r.count, 16, "16 bytes read");
    CHECK_EQ(read_whole(&r), 0, "after a clear the log reads empty");
    printf("readconsole after clear\n");
    n = read_whole(&r);
    CHECK_EQ(n, strlen("readconsole after clear\n"), "only the line after the clear");
    CHECK(!memcmp(whole, "readconsole after clear\n", n), "the line after the clear");
    CHECK_EQ(readconsole(0, 1, 0, part, sizeof(part), &r), 0, "incremental read from 0");
    CHECK(contains(part, r.count, "readconsole marker one\n"), "old lines still there by index");
}

static void test_refusals(void)
{
    struct pvisor_sysctl_readconsole r;
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_readconsole,
                                .interface_version = PVISOR_SYSCTL_VERSION };
    uint64_t head;

    /* Where the log ends now (an incremental read from 0 returns the index). */
    CHECK_EQ(readconsole(0, 1, 0, part, sizeof(part), &r), 0, "find the end");
    head = r.index;

    CHECK_EQ(readconsole(1, 0, 0, (void *)0xffff800000001000ULL, 64, NULL), -XEN_EFAULT,
             "buffer in the hypervisor's range");
    CHECK_EQ(readconsole(1, 0, 0, (void *)0x00007f0000000000ULL, 64, NULL), -XEN_EFAULT,
             "unmapped buffer");
    CHECK_EQ(readconsole(1, 0, 0, (void *)0xfffffffffffff000ULL, 0x2000, NULL), -XEN_EFAULT,
             "buffer range that wraps");
    CHECK_EQ(readconsole(1, 0, 0, whole, PVISOR_READCONSOLE_MAX + 1, NULL), -XEN_EINVAL,
             "count above the maximum");
    CHECK_EQ(readconsole(1, 0, 0, whole, 0xffffffffU, NULL), -XEN_EINVAL, "count 0xffffffff");
    CHECK_EQ(readconsole(2, 0, 0, whole, 64, NULL), -XEN_EINVAL, "clear = 2");
    CHECK_EQ(readconsole(0, 2, 0, whole, 64, NULL), -XEN_EINVAL, "incremental = 2");
    CHECK_EQ(readconsole(0, 1, head + 1, whole, 64, NULL), -XEN_EINVAL, "index past the end");
    CHECK_EQ(readconsole(0, 1, ~0ULL, whole, 64, NULL), -XEN_EINVAL, "index ~0");
    op.u.readconsole.pad = 1;
    op.u.readconsole.buffer = (uint64_t)(uintptr_t)whole;
    op.u.readconsole.count = 64;
    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &op), -XEN_EINVAL, "non-zero pad");
    /* None of the refused clears cleared. */
    CHECK(read_whole(&r) >= strlen("readconsole after clear\n") &&
          contains(whole, r.count, "readconsole after clear\n"), "refused clears changed nothing");
    /* An empty read is fine and copies nothing. */
    CHECK_EQ(readconsole(0, 0, 0, NULL, 0, &r), 0, "count 0");
    CHECK_EQ(r.count, 0, "count 0 reads nothing");
}

void test_main(void)
{
    const char *mode = (const char *)start_info->cmd_line;

    evtchn_init();              /* shared_info: the pvclock */
    if (mode[0] == 'd' && mode[3] == 'u')
        domu();
    test_whole_and_steps();
    wait_domu_gone();
    test_clear();
    test_refusals();
}
