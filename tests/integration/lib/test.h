/* SPDX-License-Identifier: MIT */
/*
 * Test-guest runtime: what a test's main.c includes.
 *
 * A test defines TEST_TITLE("...") and test_main(). The runtime enters in
 * guest kernel mode, installs the trap table, prints a banner and calls
 * test_main(). When it returns the result is FAILURE if any check failed,
 * else SUCCESS; a test may also end itself with test_result().
 *
 * Results (DESIGN.md section 6), exactly one "Test result: X" line each run:
 *   SUCCESS  every check held.
 *   FAILURE  the hypervisor broke the contract under test: a check failed
 *            (wrong value, wrong error, missing or wrong exception), or an
 *            exception arrived that the test did not provoke. Test guests
 *            pass on Xen 4.17 first, so an unexpected exception elsewhere is
 *            the hypervisor's doing, not the test's.
 *   ERROR    the test could not reach a verdict: its runtime or a setup
 *            step that is not what the test is about went wrong (bad
 *            start_info, trap table refused, wrong environment), or an
 *            exception hit while reporting.
 *   SKIP     what the test needs is absent and may lawfully be absent.
 *
 * hypervisor/lib's string functions and vsnprintf are compiled into every
 * guest (hv/lib.h): memcpy, memset, strlen, strcmp, snprintf, ...
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <hv/lib.h>
#include <public/xen.h>
#include "hypercall.h"
#include "layout.h"
#include "traps.h"

enum test_status {
    TEST_SUCCESS,
    TEST_SKIP,
    TEST_ERROR,
    TEST_FAILURE,
};

/*
 * TEST_TITLE(title) - in each test's main.c: the one-line description the
 * banner prints. TEST_NAME (the folder name) comes from the Makefile.
 */
#define TEST_TITLE(t)                           \
    const char test_name[] = TEST_NAME;         \
    const char test_title[] = t

extern const char test_name[];
extern const char test_title[];

/* The test body, defined by each test. */
void test_main(void);

/* What the builder handed over (RSI at entry). */
extern struct start_info *start_info;

/* Formatted output to the hypervisor console (console_io, CONSOLEIO_write). */
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap);
/* Write @len bytes as they are. Returns console_io's result. */
long console_write(const char *buf, unsigned int len);

/*
 * test_result - print @fmt (if not NULL) as a reason line, then the one
 * "Test result: X" line, and power the domain off (SCHEDOP_shutdown).
 */
void test_result(enum test_status status, const char *fmt, ...)
    __printf(2, 3) __noreturn;

/* test_fail - a check failed: print "FAIL: <reason>" and go on testing. */
void test_fail(const char *fmt, ...) __printf(1, 2);

/* Number of test_fail() calls so far. */
extern unsigned int test_failures;

/*
 * CHECK(cond, fmt, ...) - if @cond is false, test_fail with the source line.
 * CHECK_EQ(got, want, what) - compare as signed 64-bit numbers; a failure
 * reads "line 42: what: got -22, expected -38".
 */
#define CHECK(cond, fmt, ...)                                           \
    do {                                                                \
        if (!(cond))                                                    \
            test_fail("line %d: " fmt, __LINE__, ##__VA_ARGS__);        \
    } while (0)

#define CHECK_EQ(got, want, what)                                       \
    do {                                                                \
        int64_t got_ = (int64_t)(got), want_ = (int64_t)(want);         \
        if (got_ != want_)                                              \
            test_fail("line %d: %s: got %lld (%#llx), expected %lld (%#llx)", \
                      __LINE__, what, (long long)got_,                  \
                      (unsigned long long)got_, (long long)want_,       \
                      (unsigned long long)want_);                       \
    } while (0)

/*
 * shared_info_map - the shared_info page, mapped on first use with
 * update_va_mapping over a page of the guest's own .bss (the builder does
 * not map it). Reports ERROR if the hypervisor refuses.
 */
struct shared_info *shared_info_map(void);

/*
 * cmdline_arg - the number after "@name=" in start_info's command line
 * (decimal, or hex with 0x), or @dflt if the word is not there.
 */
uint64_t cmdline_arg(const char *name, uint64_t dflt);

/* virt_to_mfn - machine frame of an address in the initial mapping (p2m). */
uint64_t virt_to_mfn(const void *va);

/* STRINGIFY(x) - the expansion of macro @x as a string (for asm text). */
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

/*
 * IRET_HERE_ASM(ss, rflags_fix) - asm text: HYPERVISOR_iret through the
 * hypercall page to the instruction after it, in kernel mode (CS RPL 0 in
 * the frame), with SS @ss (asm operand text, e.g. "%[ss]" or "$0xe02b"),
 * the current RSP, and the current RFLAGS changed by @rflags_fix applied
 * to the frame's word (e.g. "orq $0x200," to unmask events, "andq
 * $~0x200," to keep them masked). Clobbers R8 and the flags.
 */
#define IRET_HERE_ASM(ss, rflags_fix)                                       \
    "mov %%rsp, %%r8\n\t"                                                  \
    "push " ss "\n\t"                                                      \
    "push %%r8\n\t"                                                        \
    "pushfq\n\t"                                                           \
    rflags_fix " (%%rsp)\n\t"                                              \
    "pushq $(" STRINGIFY(FLAT_KERNEL_CS) " & ~3)\n\t"                      \
    "lea 1f(%%rip), %%r8\n\t"                                              \
    "push %%r8\n\t"                                                        \
    "pushq $0\n\t"                    /* iret_context.flags */            \
    "jmp hypercall_page + " STRINGIFY(__HYPERVISOR_iret) " * 32\n"         \
    "1:"

/* Hardware page-table bits (x86, not ABI) used with update_va_mapping. */
#define PTE_P   (1ULL << 0)
#define PTE_RW  (1ULL << 1)
#define PTE_US  (1ULL << 2)
#define PTE_A   (1ULL << 5)
#define PTE_D   (1ULL << 6)
#define PTE_NX  (1ULL << 63)

#endif /* GUEST_TEST_H */
