/* SPDX-License-Identifier: MIT */
/*
 * guest-sched-yield: SCHEDOP_yield gives the CPU away and returns. Alone
 * (as dom0 on Xen or pvisor) the guest just runs its loop; the
 * sched-roundrobin test boots two copies of it as domains next to each
 * other, where the ticks of the two must interleave.
 *
 * Correct: every yield returns 0, the loop completes, SUCCESS. The guest's
 * command line (start_info) names it in its output.
 */
#include <public/sched.h>

#include "test.h"

TEST_TITLE("sched_op yield returns and lets others run");

#define TICKS 5

void test_main(void)
{
    const char *me = (const char *)start_info->cmd_line;

    for (unsigned int i = 0; i < TICKS; i++) {
        printf("tick %s %u\n", me[0] ? me : "dom0", i);
        CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0, "sched_op(yield)");
    }
}
