/* SPDX-License-Identifier: MIT */
/*
 * guest-user-roundtrip: guest user mode and back. The kernel makes its own
 * L4 the user L4 (MMUEXT_NEW_USER_BASEPTR), sets a kernel stack
 * (stack_switch) and a syscall callback, then irets to user mode.
 *
 * Correct (PV-ABI-NOTES 3, 4.1, 4.6, 5):
 *   - a `syscall` in user mode with RAX = 17 (xen_version) is not a
 *     hypercall: it bounces to the syscall callback, on the stack_switch
 *     stack, with CS 0xe033 (RPL 3: from user mode), RIP = RCX = the
 *     instruction after the syscall, R11 = the user RFLAGS, user RSP and SS
 *     0xe02b, and RAX RDI RSI RDX R10 R8 R9 RBX RBP R12-R15 as user mode
 *     left them;
 *   - HYPERVISOR_iret back to user mode with flags 0 (IRETQ path) restores
 *     the frame's RAX (the "syscall result") and RCX/R11; with
 *     VGCF_in_syscall (SYSRET path) RAX arrives and RCX/R11 become RIP and
 *     RFLAGS;
 *   - a #UD in user mode reaches the #UD handler with CS RPL 3, on the
 *     stack_switch stack, and resumes in user mode;
 *   - the user function's return value comes back to the kernel (through
 *     one more syscall).
 */
#include "test.h"
#include "user.h"

TEST_TITLE("iret to user mode, syscall back to the syscall callback");

#define SYSCALL_RESULT_1 0x1111000011110000ULL
#define SYSCALL_RESULT_2 0x2222000022220000ULL
#define USER_DONE        0x600d

/* Values user mode loads before its syscalls; checked in the frame. */
extern const uint64_t user_regs[12];
const uint64_t user_regs[12] = {
    __HYPERVISOR_xen_version,           /* rax */
    0x0101010101010101, 0x0202020202020202, 0x0303030303030303, /* rdi rsi rdx */
    0x0404040404040404, 0x0505050505050505, 0x0606060606060606, /* r10 r8 r9 */
    0x0707070707070707, 0x0808080808080808, 0x0909090909090909, /* rbx rbp r12 */
    0x0a0a0a0a0a0a0a0a, 0x0b0b0b0b0b0b0b0b,                     /* r13 r14 */
};

/* What user mode saw after each syscall: RAX, RCX, R11, and the RIPs. */
extern uint64_t user_seen[8];
uint64_t user_seen[8];
static unsigned int syscalls, ud_faults;

static const char *const reg_names[12] = {
    "rax", "rdi", "rsi", "rdx", "r10", "r8", "r9", "rbx", "rbp", "r12", "r13", "r14",
};

static bool on_kernel_stack(const void *p)
{
    return (const uint8_t *)p >= user_kernel_stack &&
           (const uint8_t *)p < user_kernel_stack_top;
}

static void check_user_frame(const char *what, const struct trap_frame *f)
{
    if ((f->cs & 0xffff) != FLAT_USER_CS)
        test_fail("%s: CS %#llx, expected %#x (RPL 3: from user mode)", what,
                  (unsigned long long)(f->cs & 0xffff), FLAT_USER_CS);
    if ((f->ss & 0xffff) != FLAT_USER_SS)
        test_fail("%s: SS %#llx, expected %#x", what,
                  (unsigned long long)(f->ss & 0xffff), FLAT_USER_SS);
    if (!on_kernel_stack(f))
        test_fail("%s: frame at %p, not on the stack_switch stack", what, (void *)f);
}

static bool syscall_handler(struct trap_frame *f)
{
    const uint64_t got[12] = {
        f->rax, f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9,
        f->rbx, f->rbp, f->r12, f->r13, f->r14,
    };

    syscalls++;
    check_user_frame("syscall", f);
    for (unsigned int i = 0; i < 12; i++) {
        if (got[i] != user_regs[i])
            test_fail("syscall %u: %s = %#llx, expected %#llx", syscalls,
                      reg_names[i], (unsigned long long)got[i],
                      (unsigned long long)user_regs[i]);
    }
    /* The hardware put the return RIP in RCX and RFLAGS in R11. */
    if (f->rcx != f->rip)
        test_fail("syscall %u: RCX %#llx != RIP %#llx", syscalls,
                  (unsigned long long)f->rcx, (unsigned long long)f->rip);
    if ((f->r11 & 0xcd5) != (f->rflags & 0xcd5))
        test_fail("syscall %u: R11 %#llx and RFLAGS %#llx differ in status flags",
                  syscalls, (unsigned long long)f->r11, (unsigned long long)f->rflags);
    if (syscalls == 1) {
        f->rax = SYSCALL_RESULT_1;
        f->rcx = 0xc1c1c1c1;        /* IRETQ path: restored as set here */
        f->r11 = 0x202;
    } else {
        f->rax = SYSCALL_RESULT_2;
        f->iret_flags = VGCF_in_syscall;    /* SYSRET path */
    }
    return true;
}

static bool ud_handler(struct trap_frame *f)
{
    ud_faults++;
    check_user_frame("#UD in user mode", f);
    f->rip += 2;
    return true;
}

/*
 * Runs in user mode. Two syscalls with user_regs loaded; stores RAX, RCX,
 * R11 and the RIP after each into user_seen; then a ud2.
 */
long user_main(void);
__asm__(".text\n"
        ".globl user_main\n"
        "user_main:\n\t"
        "push %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\t"
        ".irp n, 1, 2\n\t"
        "mov user_regs+0*8(%rip), %rax\n\t"
        "mov user_regs+1*8(%rip), %rdi\n\t"
        "mov user_regs+2*8(%rip), %rsi\n\t"
        "mov user_regs+3*8(%rip), %rdx\n\t"
        "mov user_regs+4*8(%rip), %r10\n\t"
        "mov user_regs+5*8(%rip), %r8\n\t"
        "mov user_regs+6*8(%rip), %r9\n\t"
        "mov user_regs+7*8(%rip), %rbx\n\t"
        "mov user_regs+8*8(%rip), %rbp\n\t"
        "mov user_regs+9*8(%rip), %r12\n\t"
        "mov user_regs+10*8(%rip), %r13\n\t"
        "mov user_regs+11*8(%rip), %r14\n\t"
        "syscall\n"
        "after_syscall_\\n:\n\t"
        "mov %rax, user_seen+(\\n-1)*32+0(%rip)\n\t"
        "mov %rcx, user_seen+(\\n-1)*32+8(%rip)\n\t"
        "mov %r11, user_seen+(\\n-1)*32+16(%rip)\n\t"
        "lea after_syscall_\\n(%rip), %rax\n\t"
        "mov %rax, user_seen+(\\n-1)*32+24(%rip)\n\t"
        ".endr\n\t"
        "ud2\n\t"
        "pop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\tpop %rbx\n\t"
        "mov $" STRINGIFY(USER_DONE) ", %eax\n\t"
        "ret\n");

void test_main(void)
{
    long rc;

    rc = user_init();
    if (rc)
        test_result(TEST_ERROR, "setup: user_init failed: %ld", rc);
    user_set_syscall_handler(syscall_handler);
    trap_set_handler(TRAP_UD, ud_handler);

    rc = user_run(user_main);

    CHECK_EQ(rc, USER_DONE, "user_run result");
    CHECK_EQ(syscalls, 2, "syscalls seen by the callback");
    CHECK_EQ(ud_faults, 1, "#UD from user mode");
    /* First return: IRETQ, RCX/R11 from the frame. */
    CHECK_EQ(user_seen[0], SYSCALL_RESULT_1, "RAX after syscall 1 (iretq)");
    CHECK_EQ(user_seen[1], 0xc1c1c1c1, "RCX after syscall 1 (iretq, from the frame)");
    CHECK_EQ(user_seen[2] & 0xcd5, 0x202 & 0xcd5, "R11 after syscall 1 (iretq, from the frame)");
    /* Second return: SYSRET, RCX = RIP. */
    CHECK_EQ(user_seen[4], SYSCALL_RESULT_2, "RAX after syscall 2 (sysret)");
    CHECK_EQ(user_seen[5], user_seen[7], "RCX after syscall 2 (sysret: = RIP)");
}
