/* SPDX-License-Identifier: MIT */
/*
 * guest-hypercall-direct: both ways into the hypervisor work and agree:
 * a call of stub nr of the hypercall page, and a direct `syscall` with
 * RAX = nr (PV-ABI-NOTES 1).
 *
 * Correct:
 *   - the same hypercalls (xen_version version/extraversion/get_features,
 *     console_io write, sched_op yield, mmuext_op with four arguments)
 *     return the same results and fill the same buffers both ways;
 *   - the 4th argument travels in R10, not RCX: mmuext_op with foreigndom
 *     DOMID_SELF succeeds and counts the op done, with a foreigndom naming
 *     no domain it fails with -ESRCH;
 *   - hypercall numbers with no hypercall return -ENOSYS: 11 (never used),
 *     38 (tmem, removed) and 63 both ways, 64 and 1000 by syscall (past the
 *     page's 128 stubs). Not 31: Debian's Xen 4.17 has xenoprof built in;
 *   - through the page every register except RAX and the argument
 *     registers comes back unchanged, RCX and R11 included (the stub saves
 *     them); by syscall the same except RCX and R11 (SYSRET clobbers them).
 */
#include <public/errno.h>
#include <public/sched.h>
#include <public/version.h>
#include "test.h"

TEST_TITLE("hypercall page and direct syscall give the same results");

typedef long (*hypercall_fn)(unsigned int nr, uint64_t a1, uint64_t a2,
                             uint64_t a3, uint64_t a4, uint64_t a5);

static long via_page(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                     uint64_t a4, uint64_t a5)
{
    return hypercall_page5(nr, a1, a2, a3, a4, a5);
}

static long via_syscall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                        uint64_t a4, uint64_t a5)
{
    return hypercall_syscall5(nr, a1, a2, a3, a4, a5);
}

static const struct {
    hypercall_fn call;
    const char *name;
} ways[] = {
    { via_page, "page" },
    { via_syscall, "syscall" },
};

static void test_same_results(void)
{
    static const char msg[] = "console_io through both ways\n";
    long version[2], extra_rc[2], feat_rc[2], cons[2], yield[2];
    xen_extraversion_t extra[2];
    struct xen_feature_info feat[2];

    for (unsigned int w = 0; w < 2; w++) {
        hypercall_fn hc = ways[w].call;

        version[w] = hc(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
        memset(extra[w], 0xff, sizeof(extra[w]));
        extra_rc[w] = hc(__HYPERVISOR_xen_version, XENVER_extraversion,
                         (uint64_t)(uintptr_t)extra[w], 0, 0, 0);
        feat[w] = (struct xen_feature_info){ .submap_idx = 0, .submap = 0 };
        feat_rc[w] = hc(__HYPERVISOR_xen_version, XENVER_get_features,
                        (uint64_t)(uintptr_t)&feat[w], 0, 0, 0);
        cons[w] = hc(__HYPERVISOR_console_io, CONSOLEIO_write, sizeof(msg) - 1,
                     (uint64_t)(uintptr_t)msg, 0, 0);
        yield[w] = hc(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0, 0);
    }
    CHECK(version[0] == version[1] && version[0] > 0,
          "XENVER_version: page %#lx, syscall %#lx", version[0], version[1]);
    CHECK(extra_rc[0] == 0 && extra_rc[1] == 0,
          "XENVER_extraversion: page %ld, syscall %ld", extra_rc[0], extra_rc[1]);
    CHECK(!memcmp(extra[0], extra[1], sizeof(extra[0])),
          "XENVER_extraversion: page \"%.15s\", syscall \"%.15s\"", extra[0], extra[1]);
    CHECK(feat_rc[0] == 0 && feat_rc[1] == 0 && feat[0].submap == feat[1].submap,
          "XENVER_get_features: page %ld/%#x, syscall %ld/%#x", feat_rc[0],
          feat[0].submap, feat_rc[1], feat[1].submap);
    CHECK(cons[0] == cons[1] && cons[0] >= 0,
          "console_io write: page %ld, syscall %ld", cons[0], cons[1]);
    CHECK(yield[0] == 0 && yield[1] == 0,
          "sched_op yield: page %ld, syscall %ld", yield[0], yield[1]);
}

static void test_four_args(void)
{
    for (unsigned int w = 0; w < 2; w++) {
        hypercall_fn hc = ways[w].call;
        struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
        unsigned int done = 0;
        long rc;

        rc = hc(__HYPERVISOR_mmuext_op, (uint64_t)(uintptr_t)&op, 1,
                (uint64_t)(uintptr_t)&done, DOMID_SELF, 0);
        CHECK(rc == 0 && done == 1,
              "%s: mmuext_op(TLB_FLUSH_LOCAL, DOMID_SELF): %ld, done %u; expected 0, 1",
              ways[w].name, rc, done);

        done = 0;
        rc = hc(__HYPERVISOR_mmuext_op, (uint64_t)(uintptr_t)&op, 1,
                (uint64_t)(uintptr_t)&done, 0x7000, 0);
        CHECK(rc == -XEN_ESRCH && done == 0,
              "%s: mmuext_op(TLB_FLUSH_LOCAL, dom 0x7000): %ld, done %u; expected %d, 0",
              ways[w].name, rc, done, -XEN_ESRCH);
    }
}

static void test_unknown(void)
{
    static const unsigned int both[] = { 11, 38, 63 };
    static const unsigned int syscall_only[] = { 64, 1000 };
    long rc;

    for (unsigned int i = 0; i < ARRAY_SIZE(both); i++) {
        for (unsigned int w = 0; w < 2; w++) {
            rc = ways[w].call(both[i], 0, 0, 0, 0, 0);
            CHECK(rc == -XEN_ENOSYS, "%s: hypercall %u returned %ld, expected %d",
                  ways[w].name, both[i], rc, -XEN_ENOSYS);
        }
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(syscall_only); i++) {
        rc = hypercall_syscall5(syscall_only[i], 0, 0, 0, 0, 0);
        CHECK(rc == -XEN_ENOSYS, "syscall: hypercall %u returned %ld, expected %d",
              syscall_only[i], rc, -XEN_ENOSYS);
    }
}

/*
 * Registers around one xen_version(XENVER_version) call: RBX RCX RBP R9 R11
 * R12-R15 hold known values before and are stored after. Global for the asm.
 */
extern const uint64_t keep_in[9];
extern uint64_t keep_out[9];
const uint64_t keep_in[9] = {
    0x1111111111111111, 0x2222222222222222, 0x3333333333333333,
    0x4444444444444444, 0x5555555555555555, 0x6666666666666666,
    0x7777777777777777, 0x8888888888888888, 0x9999999999999999,
};
uint64_t keep_out[9];
static const char *const keep_names[9] = {
    "rbx", "rcx", "rbp", "r9", "r11", "r12", "r13", "r14", "r15",
};

#define KEEP_ASM(call)                                                  \
    __asm__ volatile("push %%rbp\n\t"                                   \
                     "mov keep_in+0*8(%%rip), %%rbx\n\t"                \
                     "mov keep_in+1*8(%%rip), %%rcx\n\t"                \
                     "mov keep_in+2*8(%%rip), %%rbp\n\t"                \
                     "mov keep_in+3*8(%%rip), %%r9\n\t"                 \
                     "mov keep_in+4*8(%%rip), %%r11\n\t"                \
                     "mov keep_in+5*8(%%rip), %%r12\n\t"                \
                     "mov keep_in+6*8(%%rip), %%r13\n\t"                \
                     "mov keep_in+7*8(%%rip), %%r14\n\t"                \
                     "mov keep_in+8*8(%%rip), %%r15\n\t"                \
                     "xor %%edi, %%edi\n\t"                             \
                     "xor %%esi, %%esi\n\t"                             \
                     "mov $%c[nr], %%eax\n\t"                           \
                     call "\n\t"                                        \
                     "mov %%rbx, keep_out+0*8(%%rip)\n\t"               \
                     "mov %%rcx, keep_out+1*8(%%rip)\n\t"               \
                     "mov %%rbp, keep_out+2*8(%%rip)\n\t"               \
                     "mov %%r9, keep_out+3*8(%%rip)\n\t"                \
                     "mov %%r11, keep_out+4*8(%%rip)\n\t"               \
                     "mov %%r12, keep_out+5*8(%%rip)\n\t"               \
                     "mov %%r13, keep_out+6*8(%%rip)\n\t"               \
                     "mov %%r14, keep_out+7*8(%%rip)\n\t"               \
                     "mov %%r15, keep_out+8*8(%%rip)\n\t"               \
                     "pop %%rbp"                                        \
                     : : [nr] "i"(__HYPERVISOR_xen_version)             \
                     : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8",  \
                       "r9", "r10", "r11", "r12", "r13", "r14", "r15",  \
                       "memory", "cc")

static void check_kept(const char *way, bool rcx_r11_kept)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(keep_in); i++) {
        bool clobbered = !strcmp(keep_names[i], "rcx") || !strcmp(keep_names[i], "r11");

        if (clobbered && !rcx_r11_kept)
            continue;
        if (keep_out[i] != keep_in[i])
            test_fail("%s: %s = %#llx after the hypercall, expected %#llx", way,
                      keep_names[i], (unsigned long long)keep_out[i],
                      (unsigned long long)keep_in[i]);
    }
}

static void test_preserved(void)
{
    memset(keep_out, 0, sizeof(keep_out));
    KEEP_ASM("call hypercall_page + %c[nr] * 32");
    check_kept("page", true);

    memset(keep_out, 0, sizeof(keep_out));
    KEEP_ASM("syscall");
    check_kept("syscall", false);
}

void test_main(void)
{
    test_same_results();
    test_four_args();
    test_unknown();
    test_preserved();
}
