/* SPDX-License-Identifier: MIT */
/*
 * guest-trap-basic: exceptions raised in guest kernel mode reach the
 * handlers of the trap table with the right bounce frame, and the guest
 * resumes after each through HYPERVISOR_iret.
 *
 * Provoked: #DE (div by 0), #UD (ud2), #BP (int3), #GP (hlt, a privileged
 * instruction Xen does not emulate), #PF on a read and a write of an
 * unmapped address and on a write to the read-only L4 page table.
 * Correct, for each (PV-ABI-NOTES 4.1, 4.2):
 *   - the vector, and the error code (0 for #GP(0); #PF: P, W bits as the
 *     access, U/S clear because the guest was in kernel mode);
 *   - RIP: the faulting instruction, for #BP the one after int3;
 *   - CS: 0xe030, FLAT_KERNEL_CS with RPL 0 for "interrupted in kernel
 *     mode"; bits 32-39 the saved upcall mask, 1 (events masked since boot),
 *     and RFLAGS.IF = 0 to match;
 *   - RSP: the interrupted stack pointer;
 *   - #PF: vcpu_info.arch.cr2 holds the faulting address.
 * Then a #UD handler checks that every general register and the carry flag
 * arrive in the frame unchanged, rewrites them all and skips the ud2: the
 * resumed code must see the rewritten values (iret restores the frame).
 * Everything runs twice: iret and hypercalls through the hypercall page,
 * then by direct syscall.
 */
#include <public/errno.h>
#include "test.h"

TEST_TITLE("exceptions bounce to the trap table and resume via iret");

#define RFLAGS_CF (1ULL << 0)
#define RFLAGS_IF (1ULL << 9)

/* Check the parts of a kernel-mode bounce frame common to every vector. */
static void check_frame(const char *what, const struct fault_info *fi,
                        unsigned int vector, uint64_t error_code, uint64_t rip,
                        uint64_t rsp)
{
    if (fi->count != 1) {
        test_fail("%s: %u exceptions recorded, expected 1", what, fi->count);
        return;
    }
    if (fi->vector != vector)
        test_fail("%s: vector %u (%s), expected %u (%s)", what, fi->vector,
                  trap_name(fi->vector), vector, trap_name(vector));
    if (fi->error_code != error_code)
        test_fail("%s: error code %#llx, expected %#llx", what,
                  (unsigned long long)fi->error_code, (unsigned long long)error_code);
    if (fi->rip != rip)
        test_fail("%s: RIP %#llx, expected %#llx", what,
                  (unsigned long long)fi->rip, (unsigned long long)rip);
    if ((fi->cs & 0xffff) != (FLAT_KERNEL_CS & ~3))
        test_fail("%s: CS %#llx, expected %#x (kernel mode, RPL 0)", what,
                  (unsigned long long)(fi->cs & 0xffff), FLAT_KERNEL_CS & ~3);
    if (((fi->cs >> 32) & 0xff) != 1)
        test_fail("%s: saved upcall mask %llu, expected 1", what,
                  (unsigned long long)((fi->cs >> 32) & 0xff));
    if (fi->rflags & RFLAGS_IF)
        test_fail("%s: RFLAGS %#llx has IF with events masked", what,
                  (unsigned long long)fi->rflags);
    if (fi->rsp != rsp)
        test_fail("%s: RSP %#llx, expected %#llx", what,
                  (unsigned long long)fi->rsp, (unsigned long long)rsp);
}

/*
 * PROBE(setup, insn, fault_label) - run @setup then @insn at label 1 with a
 * fixup to label 2 after it; @fault_label is where the frame's RIP must
 * point (1 for faults, 2 for traps). Yields the fault, the expected RIP and
 * the RSP at the instruction.
 */
#define PROBE(fi, rip, rsp, setup, insn, fault_label, ...)               \
    do {                                                                \
        fault_clear();                                                  \
        __asm__ volatile(setup "\n\t"                                   \
                         "lea " #fault_label "f(%%rip), %[r]\n\t"       \
                         "mov %%rsp, %[s]\n"                            \
                         "1: " insn "\n"                                \
                         "2:\n\t"                                       \
                         EXTABLE(fault_label##b, 2b)                    \
                         : [r] "=&r"(rip), [s] "=&r"(rsp)               \
                         : : "memory", ##__VA_ARGS__);                  \
        fi = last_fault;                                                \
    } while (0)

static void test_faults(void)
{
    struct start_info *si = start_info;
    volatile uint64_t *l4 = (volatile uint64_t *)si->pt_base;
    struct fault_info fi;
    uint64_t rip, rsp;

    PROBE(fi, rip, rsp, "xor %%edx, %%edx; mov $1, %%eax; xor %%ecx, %%ecx",
          "div %%ecx", 1, "rax", "rcx", "rdx");
    check_frame("#DE (div by 0)", &fi, TRAP_DE, 0, rip, rsp);

    PROBE(fi, rip, rsp, "", "ud2", 1);
    check_frame("#UD (ud2)", &fi, TRAP_UD, 0, rip, rsp);

    PROBE(fi, rip, rsp, "", "int3", 2);
    check_frame("#BP (int3)", &fi, TRAP_BP, 0, rip, rsp);

    PROBE(fi, rip, rsp, "", "hlt", 1);
    check_frame("#GP (hlt)", &fi, TRAP_GP, 0, rip, rsp);

    /* The low 2 GiB hold no mappings (layout.h). */
    PROBE(fi, rip, rsp, "mov $0x12345678, %%rax", "mov (%%rax), %%rax", 1, "rax");
    check_frame("#PF (read, not present)", &fi, TRAP_PF, 0, rip, rsp);
    CHECK_EQ(fi.cr2, 0x12345678, "#PF (read) CR2");

    PROBE(fi, rip, rsp, "mov $0x2345678, %%rax", "movb $1, (%%rax)", 1, "rax");
    check_frame("#PF (write, not present)", &fi, TRAP_PF, 2, rip, rsp);
    CHECK_EQ(fi.cr2, 0x2345678, "#PF (write) CR2");

    /* Page-table pages are mapped read-only (PV-ABI-NOTES 2.2). */
    fault_clear();
    __asm__ volatile("lea 1f(%%rip), %[r]\n\t"
                     "mov %%rsp, %[s]\n"
                     "1: mov %[v], (%[p])\n"
                     "2:\n\t" EXTABLE(1b, 2b)
                     : [r] "=&r"(rip), [s] "=&r"(rsp)
                     : [p] "r"(l4 + 1), [v] "r"(l4[1]) : "memory");
    fi = last_fault;
    check_frame("#PF (write to the read-only L4)", &fi, TRAP_PF, 3, rip, rsp);
    CHECK_EQ(fi.cr2, (uint64_t)(uintptr_t)(l4 + 1), "#PF (L4 write) CR2");
}

/*
 * Register values before the ud2, and what the handler changes them to.
 * Global, not static: the asm names them, and the "memory" clobber then
 * makes the compiler assume it reads and writes them.
 */
extern const uint64_t regs_in[15];
extern uint64_t regs_out[16];
const uint64_t regs_in[15] = {
    0x1010101010101010, 0x2020202020202020, 0x3030303030303030,
    0x4040404040404040, 0x5050505050505050, 0x6060606060606060,
    0x7070707070707070, 0x8080808080808080, 0x9090909090909090,
    0xa0a0a0a0a0a0a0a0, 0xb0b0b0b0b0b0b0b0, 0xc0c0c0c0c0c0c0c0,
    0xd0d0d0d0d0d0d0d0, 0xe0e0e0e0e0e0e0e0, 0xf0f0f0f0f0f0f0f0,
};
#define REG_CHANGE 0x0123456789abcdefULL

/* After the ud2: rax rbx rcx rdx rsi rdi rbp r8..r15, then RFLAGS. */
uint64_t regs_out[16];
static unsigned int ud_handled;

/* Frame fields in the order of regs_in (rax first). */
static uint64_t *frame_reg(struct trap_frame *f, unsigned int i)
{
    static const size_t offsets[15] = {
        offsetof(struct trap_frame, rax), offsetof(struct trap_frame, rbx),
        offsetof(struct trap_frame, rcx), offsetof(struct trap_frame, rdx),
        offsetof(struct trap_frame, rsi), offsetof(struct trap_frame, rdi),
        offsetof(struct trap_frame, rbp), offsetof(struct trap_frame, r8),
        offsetof(struct trap_frame, r9), offsetof(struct trap_frame, r10),
        offsetof(struct trap_frame, r11), offsetof(struct trap_frame, r12),
        offsetof(struct trap_frame, r13), offsetof(struct trap_frame, r14),
        offsetof(struct trap_frame, r15),
    };
    return (uint64_t *)((uint8_t *)f + offsets[i]);
}

static bool ud_handler(struct trap_frame *f)
{
    static const char *const names[15] = {
        "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };

    ud_handled++;
    for (unsigned int i = 0; i < 15; i++) {
        uint64_t *r = frame_reg(f, i);

        if (*r != regs_in[i])
            test_fail("#UD frame: %s = %#llx, expected %#llx", names[i],
                      (unsigned long long)*r, (unsigned long long)regs_in[i]);
        *r = regs_in[i] ^ REG_CHANGE;
    }
    if (!(f->rflags & RFLAGS_CF))
        test_fail("#UD frame: RFLAGS %#llx lacks CF set before ud2",
                  (unsigned long long)f->rflags);
    f->rflags &= ~RFLAGS_CF;
    f->rip += 2;
    return true;
}

static void test_registers(void)
{
    static const char *const names[15] = {
        "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };

    ud_handled = 0;
    trap_set_handler(TRAP_UD, ud_handler);
    /* RBP is the frame pointer: saved by hand around the test. */
    __asm__ volatile("push %%rbp\n\t"
                     "mov regs_in+0*8(%%rip), %%rax\n\t"
                     "mov regs_in+1*8(%%rip), %%rbx\n\t"
                     "mov regs_in+2*8(%%rip), %%rcx\n\t"
                     "mov regs_in+3*8(%%rip), %%rdx\n\t"
                     "mov regs_in+4*8(%%rip), %%rsi\n\t"
                     "mov regs_in+5*8(%%rip), %%rdi\n\t"
                     "mov regs_in+6*8(%%rip), %%rbp\n\t"
                     "mov regs_in+7*8(%%rip), %%r8\n\t"
                     "mov regs_in+8*8(%%rip), %%r9\n\t"
                     "mov regs_in+9*8(%%rip), %%r10\n\t"
                     "mov regs_in+10*8(%%rip), %%r11\n\t"
                     "mov regs_in+11*8(%%rip), %%r12\n\t"
                     "mov regs_in+12*8(%%rip), %%r13\n\t"
                     "mov regs_in+13*8(%%rip), %%r14\n\t"
                     "mov regs_in+14*8(%%rip), %%r15\n\t"
                     "stc\n\t"
                     "ud2\n\t"
                     "mov %%rax, regs_out+0*8(%%rip)\n\t"
                     "pushf\n\t"
                     "pop %%rax\n\t"
                     "mov %%rax, regs_out+15*8(%%rip)\n\t"
                     "mov %%rbx, regs_out+1*8(%%rip)\n\t"
                     "mov %%rcx, regs_out+2*8(%%rip)\n\t"
                     "mov %%rdx, regs_out+3*8(%%rip)\n\t"
                     "mov %%rsi, regs_out+4*8(%%rip)\n\t"
                     "mov %%rdi, regs_out+5*8(%%rip)\n\t"
                     "mov %%rbp, regs_out+6*8(%%rip)\n\t"
                     "mov %%r8, regs_out+7*8(%%rip)\n\t"
                     "mov %%r9, regs_out+8*8(%%rip)\n\t"
                     "mov %%r10, regs_out+9*8(%%rip)\n\t"
                     "mov %%r11, regs_out+10*8(%%rip)\n\t"
                     "mov %%r12, regs_out+11*8(%%rip)\n\t"
                     "mov %%r13, regs_out+12*8(%%rip)\n\t"
                     "mov %%r14, regs_out+13*8(%%rip)\n\t"
                     "mov %%r15, regs_out+14*8(%%rip)\n\t"
                     "pop %%rbp"
                     ::: "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
                       "r10", "r11", "r12", "r13", "r14", "r15", "memory", "cc");
    trap_set_handler(TRAP_UD, NULL);

    CHECK_EQ(ud_handled, 1, "#UD handler calls");
    for (unsigned int i = 0; i < 15; i++) {
        if (regs_out[i] != (regs_in[i] ^ REG_CHANGE))
            test_fail("after iret: %s = %#llx, expected %#llx (set in the frame)",
                      names[i], (unsigned long long)regs_out[i],
                      (unsigned long long)(regs_in[i] ^ REG_CHANGE));
    }
    CHECK(!(regs_out[15] & RFLAGS_CF), "after iret: RFLAGS %#llx has CF, cleared in the frame",
          (unsigned long long)regs_out[15]);
}

void test_main(void)
{
    static const struct {
        enum hypercall_via via;
        const char *name;
    } ways[] = {
        { HC_VIA_PAGE, "hypercall page" },
        { HC_VIA_SYSCALL, "direct syscall" },
    };

    /* #PF reads CR2 from shared_info: map it before the first fault. */
    shared_info_map();
    for (unsigned int i = 0; i < ARRAY_SIZE(ways); i++) {
        unsigned int before = test_failures;

        hypercall_via = ways[i].via;
        test_faults();
        test_registers();
        printf("iret through the %s: %s\n", ways[i].name,
               test_failures == before ? "ok" : "FAILED");
    }
    hypercall_via = HC_VIA_PAGE;
}
