/* SPDX-License-Identifier: MIT */
/*
 * guest-fpu-taskswitch: the virtual CR0.TS. fpu_taskswitch(1), an emulated
 * mov to %cr0 with TS, and their undoing (fpu_taskswitch(0), clts) decide
 * whether the next FPU/SSE instruction raises #NM in the guest.
 *
 * Correct (Xen 4.17, PV-ABI-NOTES 4.2, 7):
 *   - fpu_taskswitch(1) returns 0 and the emulated mov %cr0 then shows TS;
 *     the next SSE instruction (movq %xmm0, %rax) raises #NM, vector 7, no
 *     error code, RIP at the instruction, CS 0xe030 (kernel mode); the
 *     handler returns without touching the frame and the instruction,
 *     executed again, works: TS was cleared before the delivery (mov %cr0
 *     shows it clear), #NM came once, and %xmm0 still holds what it held
 *     before TS was set;
 *   - the same for an x87 instruction (fld1): #NM once, then it works;
 *   - fpu_taskswitch(0) after fpu_taskswitch(1): no #NM;
 *   - clts after fpu_taskswitch(1) is emulated (no fault; mov %cr0 shows
 *     TS clear) and the next SSE instruction raises no #NM;
 *   - a mov to %cr0 setting TS works like fpu_taskswitch(1) (#NM once);
 *   - in guest user mode, with TS set, an SSE instruction raises #NM with
 *     CS 0xe033 (RPL 3: from user mode), then works.
 */
#include <public/errno.h>
#include "test.h"
#include "user.h"

TEST_TITLE("fpu_taskswitch, clts and CR0.TS give #NM on the next FPU use");

#define CR0_TS (1ULL << 3)
#define XMM_VALUE 0x0123456789abcdefULL

static unsigned int nm_count;
static struct trap_frame nm_frame;

static bool nm_handler(struct trap_frame *f)
{
    nm_count++;
    nm_frame = *f;
    return true;                /* re-execute the instruction */
}

static uint64_t read_cr0(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static void write_cr0(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static void check_ts(const char *when, bool want)
{
    uint64_t cr0 = read_cr0();

    if (!!(cr0 & CR0_TS) != want)
        test_fail("%s: got CR0 %#llx (TS %s), expected TS %s", when,
                  (unsigned long long)cr0, (cr0 & CR0_TS) ? "set" : "clear",
                  want ? "set" : "clear");
}

/*
 * sse_read - movq %xmm0, %rax at a known RIP. Returns RAX; *rip = the
 * instruction's address.
 */
static uint64_t sse_read(uint64_t *rip)
{
    uint64_t v;

    nm_count = 0;
    __asm__ volatile("lea 1f(%%rip), %1\n"
                     "1: movq %%xmm0, %0"
                     : "=r"(v), "=&r"(*rip) : : "memory");
    return v;
}

static void sse_write(uint64_t v)
{
    __asm__ volatile("movq %0, %%xmm0" : : "r"(v) : "memory");
}

/* After sse_read at @rip: #NM must have come @want times (0 or 1). */
static void check_nm(const char *what, unsigned int want, uint64_t rip,
                     uint16_t cs)
{
    if (nm_count != want) {
        test_fail("%s: got %u #NM, expected %u", what, nm_count, want);
        return;
    }
    if (!want)
        return;
    if (nm_frame.rip != rip)
        test_fail("%s: #NM RIP %#llx, expected %#llx (the instruction)", what,
                  (unsigned long long)nm_frame.rip, (unsigned long long)rip);
    if ((nm_frame.cs & 0xffff) != cs)
        test_fail("%s: #NM CS %#llx, expected %#x", what,
                  (unsigned long long)(nm_frame.cs & 0xffff), cs);
}

static void test_sse(void)
{
    uint64_t rip, v;
    long rc;

    rc = HYPERVISOR_fpu_taskswitch(0);
    CHECK_EQ(rc, 0, "fpu_taskswitch(0)");
    check_ts("after fpu_taskswitch(0)", false);
    sse_write(XMM_VALUE);
    v = sse_read(&rip);
    check_nm("SSE with TS clear", 0, rip, 0);
    CHECK_EQ(v, XMM_VALUE, "xmm0 with TS clear");

    rc = HYPERVISOR_fpu_taskswitch(1);
    CHECK_EQ(rc, 0, "fpu_taskswitch(1)");
    check_ts("after fpu_taskswitch(1)", true);
    v = sse_read(&rip);
    check_nm("SSE after fpu_taskswitch(1)", 1, rip, FLAT_KERNEL_CS & ~3);
    CHECK_EQ(v, XMM_VALUE, "xmm0 read again after the #NM");
    check_ts("after the #NM", false);
    v = sse_read(&rip);
    check_nm("SSE a second time after the #NM", 0, rip, 0);
    CHECK_EQ(v, XMM_VALUE, "xmm0 the second time");

    HYPERVISOR_fpu_taskswitch(1);
    rc = HYPERVISOR_fpu_taskswitch(0);
    CHECK_EQ(rc, 0, "fpu_taskswitch(0) after (1)");
    check_ts("after fpu_taskswitch(1), (0)", false);
    v = sse_read(&rip);
    check_nm("SSE after fpu_taskswitch(1), (0)", 0, rip, 0);

    HYPERVISOR_fpu_taskswitch(1);
    __asm__ volatile("clts" ::: "memory");
    check_ts("after fpu_taskswitch(1), clts", false);
    v = sse_read(&rip);
    check_nm("SSE after fpu_taskswitch(1), clts", 0, rip, 0);

    write_cr0(read_cr0() | CR0_TS);
    check_ts("after mov to %cr0 with TS", true);
    v = sse_read(&rip);
    check_nm("SSE after mov to %cr0 with TS", 1, rip, FLAT_KERNEL_CS & ~3);
    CHECK_EQ(v, XMM_VALUE, "xmm0 after mov to %cr0 with TS");
    check_ts("after the #NM (mov to %cr0)", false);
}

static void test_x87(void)
{
    uint64_t rip;
    uint32_t one = 0;

    HYPERVISOR_fpu_taskswitch(0);
    __asm__ volatile("fninit" ::: "memory");
    HYPERVISOR_fpu_taskswitch(1);
    nm_count = 0;
    __asm__ volatile("lea 1f(%%rip), %1\n"
                     "1: fld1\n\t"
                     "fistpl %0"
                     : "=m"(one), "=&r"(rip) : : "memory");
    check_nm("x87 fld1 after fpu_taskswitch(1)", 1, rip, FLAT_KERNEL_CS & ~3);
    CHECK_EQ(one, 1, "fld1; fistp after the #NM");
}

/* User mode: one SSE read; stores where it ran for the kernel to check. */
extern uint64_t user_sse_rip;
uint64_t user_sse_rip;
long user_sse(void);
__asm__(".text\n"
        ".globl user_sse\n"
        "user_sse:\n\t"
        "lea 1f(%rip), %rax\n\t"
        "mov %rax, user_sse_rip(%rip)\n"
        "1: movq %xmm0, %rax\n\t"
        "ret\n");

static void test_user(void)
{
    long rc, v;

    rc = user_init();
    if (rc)
        test_result(TEST_ERROR, "user_init returned %ld", rc);
    HYPERVISOR_fpu_taskswitch(0);
    sse_write(XMM_VALUE);
    HYPERVISOR_fpu_taskswitch(1);
    nm_count = 0;
    v = user_run(user_sse);
    check_nm("SSE in user mode with TS set", 1, user_sse_rip, FLAT_USER_CS);
    CHECK_EQ(v, XMM_VALUE, "xmm0 read in user mode after the #NM");
    check_ts("after the #NM from user mode", false);
}

void test_main(void)
{
    trap_set_handler(TRAP_NM, nm_handler);
    test_sse();
    test_x87();
    test_user();
    HYPERVISOR_fpu_taskswitch(0);
}
