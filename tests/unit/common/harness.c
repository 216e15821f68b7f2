/* SPDX-License-Identifier: MIT */
/* Unit test harness: main() and suite registration (stubs: stubs.c). */
#include <stdlib.h>

#include "harness.h"

CU_pSuite unit_add_suite(const char *name, const CU_TestInfo *tests)
{
    CU_pSuite s = CU_add_suite(name, NULL, NULL);

    if (!s) {
        fprintf(stderr, "cannot add suite %s\n", name);
        exit(2);
    }
    for (; tests->pName; tests++)
        CU_add_test(s, tests->pName, tests->pTestFunc);
    return s;
}

int main(void)
{
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    unit_register();
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
