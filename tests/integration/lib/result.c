/* SPDX-License-Identifier: MIT */
/* Test-guest verdicts: failed checks and the one "Test result:" line. */
#include <public/sched.h>
#include "test.h"

unsigned int test_failures;

static const char *const status_names[] = {
    [TEST_SUCCESS] = "SUCCESS",
    [TEST_SKIP] = "SKIP",
    [TEST_ERROR] = "ERROR",
    [TEST_FAILURE] = "FAILURE",
};

void test_fail(const char *fmt, ...)
{
    va_list ap;

    __atomic_fetch_add(&test_failures, 1, __ATOMIC_SEQ_CST);
    printf("FAIL: ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/*
 * Power off; if the hypervisor lets the call return, ask again, yielding
 * in between. The domain must never run past its verdict.
 */
static __noreturn void shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    for (;;) {
        HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
}

void test_result(enum test_status status, const char *fmt, ...)
{
    static bool reported;

    /*
     * A fault while reporting (e.g. in the console path) would come back
     * here through the trap handler: print nothing twice, just stop.
     */
    if (reported)
        shutdown(SHUTDOWN_crash);
    reported = true;

    if (fmt) {
        va_list ap;

        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
    }
    if (status > TEST_FAILURE)
        status = TEST_ERROR;
    printf("Test result: %s\n", status_names[status]);
    shutdown(SHUTDOWN_poweroff);
}
