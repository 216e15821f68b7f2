/* SPDX-License-Identifier: MIT */
/* Test-guest start of day (C part) and access to the builder's data. */
#include "test.h"

struct start_info *start_info;
enum hypercall_via hypercall_via = HC_VIA_PAGE;

/* Backing page whose mapping shared_info_map() replaces. */
static uint8_t shared_info_page[GUEST_PAGE_SIZE] __aligned(GUEST_PAGE_SIZE);
static struct shared_info *shared_info;

void guest_start(struct start_info *si);

uint64_t virt_to_mfn(const void *va)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
    uint64_t pfn = ((uint64_t)(uintptr_t)va - GUEST_VIRT_BASE) / GUEST_PAGE_SIZE;

    return p2m[pfn];
}

uint64_t cmdline_arg(const char *name, uint64_t dflt)
{
    const char *line = (const char *)start_info->cmd_line, *s;
    size_t n = strlen(name);

    for (s = line; *s; s++) {
        uint64_t v = 0;
        unsigned int base = 10;

        if ((s != line && s[-1] != ' ') || strncmp(s, name, n) || s[n] != '=')
            continue;
        s += n + 1;
        if (s[0] == '0' && s[1] == 'x') {
            base = 16;
            s += 2;
        }
        for (;; s++) {
            unsigned int d;

            if (*s >= '0' && *s <= '9')
                d = (unsigned int)(*s - '0');
            else if (base == 16 && *s >= 'a' && *s <= 'f')
                d = (unsigned int)(*s - 'a' + 10);
            else
                break;
            v = v * base + d;
        }
        return v;
    }
    return dflt;
}

struct shared_info *shared_info_map(void)
{
    long rc;

    if (shared_info)
        return shared_info;
    rc = HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)shared_info_page,
                                      start_info->shared_info | PTE_P | PTE_RW |
                                      PTE_A | PTE_D,
                                      UVMF_INVLPG);
    if (rc)
        test_result(TEST_ERROR, "setup: mapping shared_info (MA %#llx) failed: %ld",
                    (unsigned long long)start_info->shared_info, rc);
    shared_info = (struct shared_info *)shared_info_page;
    return shared_info;
}

/* Called by _start (head.S) on the guest's own stack. Does not return. */
void guest_start(struct start_info *si)
{
    long rc;

    start_info = si;
    printf("--- %s: %s\n", test_name, test_title);
    if (strncmp((const char *)si->magic, "xen-3.0-x86_64", 14) != 0)
        test_result(TEST_ERROR, "setup: start_info magic is \"%.31s\"",
                    (const char *)si->magic);
    rc = trap_init();
    if (rc)
        test_result(TEST_ERROR, "setup: set_trap_table returned %ld", rc);

    test_main();

    if (test_failures)
        test_result(TEST_FAILURE, "%u check(s) failed", test_failures);
    test_result(TEST_SUCCESS, NULL);
}
