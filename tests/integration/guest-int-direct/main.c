/* SPDX-License-Identifier: MIT */
/*
 * guest-int-direct: the software interrupts Xen delivers without its #GP
 * path: int $0x80 (Xen's own DPL-3 gate, int80_direct_trap), int3, int $3
 * and int $4 (DPL-3 gates for #BP and #OF). Each runs in a function of its
 * own (`int $n; ret` or `int3; ret`), called in guest kernel mode and
 * (user_run) in guest user mode.
 *
 * Correct (Xen 4.17, PV-ABI-NOTES 4.2):
 *   - int $0x80 with trap-table entry 0x80 registered, DPL 3 and also DPL
 *     0: the handler of 0x80 runs once, no error code, RIP after the
 *     instruction, CS 0xe030 from kernel mode, 0xe033 from user mode (the
 *     direct path does not look at the entry's DPL);
 *   - int $0x80 with no entry 0x80 (trap table cleared, then only 0-31
 *     installed again): #GP with error code 0x402 (0x80 * 8 + 2), RIP at
 *     the instruction;
 *   - int3, int $3 and int $4, from both modes: #BP / #OF with RIP after
 *     the instruction, whatever the DPL of trap-table entries 3 and 4 (3
 *     as the runtime sets them, then 0): hardware delivers them through
 *     DPL-3 gates, as exceptions, not as checked software interrupts.
 *
 * Unlike the other vectors (guest-int-dpl), none of this depends on the
 * error code the CPU reports for `int $n` through a DPL-0 gate, which
 * QEMU 7.2 TCG gets wrong: Xen under QEMU is a valid oracle here.
 */
#include <public/errno.h>
#include "test.h"
#include "user.h"

TEST_TITLE("int $0x80, int3, int $3, int $4: delivered whatever the DPL");

/* What the handlers saw: software interrupts and #GP separately. */
struct hit {
    unsigned int count;
    unsigned int vector;
    uint64_t error_code;
    uint64_t rip;
    uint16_t cs;
};
static struct hit int_hit, gp_hit;

static void hit_record(struct hit *h, const struct trap_frame *f)
{
    h->count++;
    h->vector = (unsigned int)f->vector;
    h->error_code = f->error_code;
    h->rip = f->rip;
    h->cs = (uint16_t)f->cs;
}

static bool int_handler(struct trap_frame *f)
{
    hit_record(&int_hit, f);
    return true;
}

/* #GP at an `int $n` (CD nn): record it and skip the instruction. */
static bool gp_handler(struct trap_frame *f)
{
    const uint8_t *p = (const uint8_t *)f->rip;

    if (p[0] != 0xcd)
        return false;
    hit_record(&gp_hit, f);
    f->rip += 2;
    return true;
}

/*
 * The entry stub for vector 0x80: like the runtime's (lib/entry.S) for a
 * vector without an error code, then the runtime's dispatch and return.
 * The test functions return 0x600d in RAX.
 */
__asm__(".text\n"
        "int_entry_0x80:\n\t"
        "pop %rcx\n\t"
        "pop %r11\n\t"
        "push $0\n\t"
        "push $0x80\n\t"
        "push %rax\n\tpush %rbx\n\tpush %rcx\n\tpush %rdx\n\t"
        "push %rsi\n\tpush %rdi\n\tpush %rbp\n\tpush %r8\n\t"
        "push %r9\n\tpush %r10\n\tpush %r11\n\tpush %r12\n\t"
        "push %r13\n\tpush %r14\n\tpush %r15\n\t"
        "mov %rsp, %rdi\n\t"
        "mov %rsp, %rbx\n\t"
        "and $~15, %rsp\n\t"
        "cld\n\t"
        "call trap_dispatch\n\t"
        "mov %rbx, %rsp\n\t"
        "jmp trap_resume\n"
        ".irp n, 0x03, 0x04, 0x80\n"
        ".globl do_int_\\n\n"
        "do_int_\\n:\n\t"
        ".byte 0xcd, \\n\n\t"     /* int $n: as would turn int $3 into int3 */
        "mov $0x600d, %eax\n\t"
        "ret\n"
        ".endr\n"
        ".globl do_int3\n"
        "do_int3:\n\t"
        "int3\n\t"
        "mov $0x600d, %eax\n\t"
        "ret\n");

void int_entry_0x80(void);
long do_int_0x03(void), do_int_0x04(void), do_int_0x80(void), do_int3(void);

static long set_entry(unsigned int vector, unsigned int dpl, uint64_t entry)
{
    struct trap_info t[2] = {
        {
            .vector = (uint8_t)vector,
            .flags = (uint8_t)dpl,
            .cs = FLAT_KERNEL_CS,
            .address = entry,
        },
        { 0 },
    };

    return HYPERVISOR_set_trap_table(t);
}

enum outcome { HANDLER, GP };

struct int_case {
    unsigned int vector;        /* the handler expected, or n of #GP(n*8+2) */
    long (*fn)(void);
    unsigned int len;           /* of the instruction */
    bool user;
    enum outcome want;
};

static void run_case(const char *label, const struct int_case *c)
{
    uint16_t cs = c->user ? FLAT_USER_CS : (FLAT_KERNEL_CS & ~3);
    uint64_t at = (uint64_t)(uintptr_t)c->fn;
    char what[96];
    long ret;

    snprintf(what, sizeof(what), "%s%s from %s mode", label,
             c->len == 1 ? "int3" : c->vector == 3 ? "int $3" :
             c->vector == 4 ? "int $4" : "int $0x80",
             c->user ? "user" : "kernel");
    memset(&int_hit, 0, sizeof(int_hit));
    memset(&gp_hit, 0, sizeof(gp_hit));
    ret = c->user ? user_run(c->fn) : c->fn();
    CHECK(ret == 0x600d, "%s: function returned %#lx, expected 0x600d", what, ret);

    if (c->want == HANDLER) {
        if (gp_hit.count)
            test_fail("%s: got #GP error code %#llx, expected handler %#x", what,
                      (unsigned long long)gp_hit.error_code, c->vector);
        if (int_hit.count != 1) {
            test_fail("%s: handler ran %u times, expected once", what, int_hit.count);
            return;
        }
        if (int_hit.vector != c->vector)
            test_fail("%s: got handler %#x, expected %#x", what, int_hit.vector,
                      c->vector);
        if (int_hit.rip != at + c->len)
            test_fail("%s: got RIP %#llx, expected %#llx (after the instruction)",
                      what, (unsigned long long)int_hit.rip,
                      (unsigned long long)(at + c->len));
        if (int_hit.cs != cs)
            test_fail("%s: got CS %#x, expected %#x", what, int_hit.cs, cs);
        return;
    }
    if (int_hit.count)
        test_fail("%s: handler %#x ran %u times, expected #GP", what,
                  int_hit.vector, int_hit.count);
    if (gp_hit.count != 1) {
        test_fail("%s: got %u #GP, expected 1", what, gp_hit.count);
        return;
    }
    if (gp_hit.error_code != c->vector * 8 + 2)
        test_fail("%s: got #GP error code %#llx, expected %#x (vector * 8 + 2)",
                  what, (unsigned long long)gp_hit.error_code, c->vector * 8 + 2);
    if (gp_hit.rip != at)
        test_fail("%s: got #GP RIP %#llx, expected %#llx (the int)", what,
                  (unsigned long long)gp_hit.rip, (unsigned long long)at);
    if (gp_hit.cs != cs)
        test_fail("%s: got #GP CS %#x, expected %#x", what, gp_hit.cs, cs);
}

static void run_cases(const char *label, const struct int_case *c, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        run_case(label, &c[i]);
}

void test_main(void)
{
    static const struct int_case int80[] = {
        { 0x80, do_int_0x80, 2, false, HANDLER },
        { 0x80, do_int_0x80, 2, true, HANDLER },
    };
    static const struct int_case int80_none[] = {
        { 0x80, do_int_0x80, 2, false, GP },
        { 0x80, do_int_0x80, 2, true, GP },
    };
    static const struct int_case bp_of[] = {
        { TRAP_BP, do_int3, 1, false, HANDLER },
        { TRAP_BP, do_int_0x03, 2, false, HANDLER },
        { TRAP_OF, do_int_0x04, 2, false, HANDLER },
        { TRAP_BP, do_int3, 1, true, HANDLER },
        { TRAP_BP, do_int_0x03, 2, true, HANDLER },
        { TRAP_OF, do_int_0x04, 2, true, HANDLER },
    };
    long rc;

    rc = user_init();
    if (rc)
        test_result(TEST_ERROR, "user_init returned %ld", rc);
    trap_set_handler(0x80, int_handler);
    trap_set_handler(TRAP_BP, int_handler);
    trap_set_handler(TRAP_OF, int_handler);
    trap_set_handler(TRAP_GP, gp_handler);

    rc = set_entry(0x80, 3, (uint64_t)(uintptr_t)int_entry_0x80);
    if (rc)
        test_result(TEST_ERROR, "set_trap_table(entry 0x80, DPL 3) returned %ld", rc);
    run_cases("entry 0x80 DPL 3: ", int80, ARRAY_SIZE(int80));
    rc = set_entry(0x80, 0, (uint64_t)(uintptr_t)int_entry_0x80);
    if (rc)
        test_result(TEST_ERROR, "set_trap_table(entry 0x80, DPL 0) returned %ld", rc);
    run_cases("entry 0x80 DPL 0: ", int80, ARRAY_SIZE(int80));

    /* No entry 0x80: clear the table, install the runtime's 0-31 again. */
    rc = HYPERVISOR_set_trap_table(NULL);
    if (rc)
        test_result(TEST_ERROR, "set_trap_table(NULL) returned %ld", rc);
    rc = trap_init();
    if (rc)
        test_result(TEST_ERROR, "set_trap_table (runtime's) returned %ld", rc);
    run_cases("no entry 0x80: ", int80_none, ARRAY_SIZE(int80_none));

    run_cases("entries 3, 4 DPL 3: ", bp_of, ARRAY_SIZE(bp_of));
    rc = set_entry(TRAP_BP, 0, trap_entry_table[TRAP_BP]);
    if (!rc)
        rc = set_entry(TRAP_OF, 0, trap_entry_table[TRAP_OF]);
    if (rc)
        test_result(TEST_ERROR, "set_trap_table(entries 3, 4, DPL 0) returned %ld", rc);
    run_cases("entries 3, 4 DPL 0: ", bp_of, ARRAY_SIZE(bp_of));
    trap_init();
    trap_set_handler(TRAP_GP, NULL);
}
