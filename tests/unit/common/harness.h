/* SPDX-License-Identifier: MIT */
/*
 * Unit test harness: CUnit helpers and the stubs that stand in for the rest
 * of the hypervisor when one source file is built for the host.
 */
#ifndef UNIT_HARNESS_H
#define UNIT_HARNESS_H

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

/* Each test program defines this: add its suites to the registry. */
void unit_register(void);

/* unit_add_suite - add a suite with @tests (NULL-terminated name/func pairs). */
CU_pSuite unit_add_suite(const char *name, const CU_TestInfo *tests);

/* The last line printk() produced, and how many panics were caught. */
extern char harness_last_log[512];
extern int harness_panics;

/*
 * EXPECT_EQ - compare two integers; on failure say what happened against
 * what was expected, with the case's label.
 */
#define EXPECT_EQ(label, got, want) do {                                    \
    long long _g = (long long)(got), _w = (long long)(want);                \
    if (_g != _w)                                                           \
        fprintf(stderr, "  %s: %s returned %lld, expected %lld\n",          \
                (label), #got, _g, _w);                                     \
    CU_ASSERT_EQUAL(_g, _w);                                                \
} while (0)

#endif /* UNIT_HARNESS_H */
