/* SPDX-License-Identifier: MIT */
/*
 * guest-cpu-emulation: the privileged instructions a PV kernel (running at
 * CPL 3) may use are emulated after the #GP they raise, the forced-
 * emulation CPUID shows the Xen leaves, and every other privileged
 * instruction reaches the guest as #GP(0) at the instruction.
 *
 * Correct (Xen 4.17, PV-ABI-NOTES 3, 7), all in guest kernel mode:
 *   - CPUID through the forced-emulation prefix (ud2; "xen"; cpuid): no
 *     #UD, RIP past all 7 bytes; leaf 0x40000000: EBX ECX EDX spell
 *     "XenVMMXenVMM", EAX (highest leaf) >= 0x40000002; leaf 0x40000001:
 *     EAX = xen_version(XENVER_version); leaf 0x40000002: EAX = 1
 *     hypercall page, EBX = MSR 0x40000000; leaf 1 (forced and plain):
 *     ECX bit 31, "running on a hypervisor";
 *   - hlt, swapgs, lgdt, lidt, lldt, ltr, invlpg: #GP(0), RIP at the
 *     instruction (not emulated); in/out on port 0x80 (imm8 and DX forms)
 *     and cli/sti with the virtual IOPL 0: #GP(0);
 *   - mov %cr2: the address of the last #PF (equal to vcpu_info's cr2); a
 *     mov to %cr2 is read back and copied to vcpu_info; mov %cr0 reads
 *     PE and PG set; a mov to %cr0 that changes only TS works (read back),
 *     one that changes WP or CD is #GP(0);
 *   - rdmsr FS_BASE / GS_BASE / SHADOW_GS_BASE after set_segment_base
 *     (FS, GS_KERNEL, GS_USER) return those bases; wrmsr FS_BASE is read
 *     back, a non-canonical one is #GP(0); APIC_BASE reads 0xfee00900
 *     (enabled, BSP); PAT reads Xen's 0x0000050100070406; EFER has LME and
 *     LMA; MISC_ENABLE reads without a fault, with BTS and PEBS marked
 *     unavailable (bits 11, 12);
 *   - rdmsr and wrmsr of MSR 0x12345 (unknown): #GP(0) (the runtime's #GP
 *     handler is registered, so Xen's "read as 0" compatibility quirk for
 *     guests without one does not apply);
 *   - wrmsr MSR 0x40000000 = machine address of a page of ours: the page
 *     becomes a hypercall page identical to the one the builder filled
 *     (the ELF note's), and its xen_version stub works; a non-zero page
 *     offset, the machine address of the L4 (a page table) or MSR
 *     0x40000001: #GP(0);
 *   - in guest user mode (CPL 3 for real): mov from/to %cr0, mov from
 *     %cr2, clts, rdmsr/wrmsr FS_BASE, inb $0x80, wbinvd, hlt: #GP(0), none
 *     emulated; the forced-emulation CPUID works (the Xen signature).
 */
#include <public/errno.h>
#include <public/version.h>
#include "test.h"
#include "user.h"

TEST_TITLE("privileged instructions: emulated ones work, others #GP(0)");

#define MSR_APIC_BASE       0x0000001b
#define MSR_MISC_ENABLE     0x000001a0
#define MSR_PAT             0x00000277
#define MSR_EFER            0xc0000080
#define MSR_FS_BASE         0xc0000100
#define MSR_GS_BASE         0xc0000101
#define MSR_SHADOW_GS_BASE  0xc0000102
#define MSR_UNKNOWN         0x00012345
#define MSR_HYPERCALL       0x40000000

#define CR0_PE  (1ULL << 0)
#define CR0_TS  (1ULL << 3)
#define CR0_WP  (1ULL << 16)
#define CR0_CD  (1ULL << 30)
#define CR0_PG  (1ULL << 31)

#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)

#define MISC_BTS_PEBS_UNAVAIL ((1ULL << 11) | (1ULL << 12))

#define XEN_PAT  0x0000050100070406ULL

/* The page the wrmsr to MSR 0x40000000 fills (the image is all RWX). */
static uint8_t new_hc_page[GUEST_PAGE_SIZE] __aligned(GUEST_PAGE_SIZE);

/* fault_str - "no fault" or "#GP(0x0) at <rip>", for messages. */
static const char *fault_str(const struct fault_info *fi)
{
    static char buf[96];

    if (!fi->count)
        return "no fault";
    snprintf(buf, sizeof(buf), "%u fault(s), last %s error code %#llx at %#llx",
             fi->count, trap_name(fi->vector),
             (unsigned long long)fi->error_code, (unsigned long long)fi->rip);
    return buf;
}

static void expect_no_fault(const char *what, const struct fault_info *fi)
{
    if (fi->count)
        test_fail("%s: got %s, expected no fault", what, fault_str(fi));
}

/* @fi must be exactly one #GP(0) raised at @rip (0: do not check RIP). */
static void expect_gp0(const char *what, const struct fault_info *fi, uint64_t rip)
{
    if (fi->count != 1 || fi->vector != TRAP_GP || fi->error_code != 0 ||
        (rip && fi->rip != rip))
        test_fail("%s: got %s, expected #GP error code 0 at %#llx", what,
                  fault_str(fi), (unsigned long long)rip);
}

/* Forced-emulation CPUID. Returns the fault record (count 0: none). */
static struct fault_info xen_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    uint32_t a = leaf, b = 0, c = sub, d = 0;

    fault_clear();
    __asm__ volatile("1: ud2; .ascii \"xen\"; cpuid\n2:\n\t" EXTABLE(1b, 2b)
                     : "+a"(a), "+b"(b), "+c"(c), "+d"(d) : : "memory");
    r[0] = a, r[1] = b, r[2] = c, r[3] = d;
    return last_fault;
}

static struct fault_info rdmsr_probe(uint32_t msr, uint64_t *val)
{
    uint32_t lo = 0, hi = 0;

    fault_clear();
    __asm__ volatile("1: rdmsr\n2:\n\t" EXTABLE(1b, 2b)
                     : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
    *val = ((uint64_t)hi << 32) | lo;
    return last_fault;
}

static struct fault_info wrmsr_probe(uint32_t msr, uint64_t val)
{
    fault_clear();
    __asm__ volatile("1: wrmsr\n2:\n\t" EXTABLE(1b, 2b)
                     : : "a"((uint32_t)val), "d"((uint32_t)(val >> 32)), "c"(msr)
                     : "memory");
    return last_fault;
}

static struct fault_info read_cr(unsigned int cr, uint64_t *val)
{
    uint64_t v = 0;

    fault_clear();
    switch (cr) {
    case 0:
        __asm__ volatile("1: mov %%cr0, %0\n2:\n\t" EXTABLE(1b, 2b)
                         : "+r"(v) : : "memory");
        break;
    case 2:
        __asm__ volatile("1: mov %%cr2, %0\n2:\n\t" EXTABLE(1b, 2b)
                         : "+r"(v) : : "memory");
        break;
    }
    *val = v;
    return last_fault;
}

static struct fault_info write_cr(unsigned int cr, uint64_t val)
{
    fault_clear();
    switch (cr) {
    case 0:
        __asm__ volatile("1: mov %0, %%cr0\n2:\n\t" EXTABLE(1b, 2b)
                         : : "r"(val) : "memory");
        break;
    case 2:
        __asm__ volatile("1: mov %0, %%cr2\n2:\n\t" EXTABLE(1b, 2b)
                         : : "r"(val) : "memory");
        break;
    }
    return last_fault;
}

static void test_cpuid(void)
{
    uint32_t r[4], plain_c;
    struct fault_info fi;
    long version;

    fi = xen_cpuid(0x40000000, 0, r);
    expect_no_fault("forced cpuid 0x40000000", &fi);
    CHECK(r[1] == 0x566e6558 && r[2] == 0x65584d4d && r[3] == 0x4d4d566e,
          "cpuid 0x40000000: got signature %08x %08x %08x, expected "
          "566e6558 65584d4d 4d4d566e (\"XenVMMXenVMM\")", r[1], r[2], r[3]);
    CHECK(r[0] >= 0x40000002 && r[0] < 0x40000100,
          "cpuid 0x40000000: got highest leaf %#x, expected 0x40000002..0x400000ff",
          r[0]);

    printf("cpuid 0x40000000: highest leaf %#x\n", r[0]);
    version = HYPERVISOR_xen_version(XENVER_version, NULL);
    fi = xen_cpuid(0x40000001, 0, r);
    expect_no_fault("forced cpuid 0x40000001", &fi);
    CHECK_EQ(r[0], version, "cpuid 0x40000001 EAX (= xen_version(XENVER_version))");

    fi = xen_cpuid(0x40000002, 0, r);
    expect_no_fault("forced cpuid 0x40000002", &fi);
    CHECK_EQ(r[0], 1, "cpuid 0x40000002 EAX (hypercall pages)");
    CHECK_EQ(r[1], MSR_HYPERCALL, "cpuid 0x40000002 EBX (hypercall MSR)");

    fi = xen_cpuid(1, 0, r);
    expect_no_fault("forced cpuid 1", &fi);
    CHECK(r[2] & (1u << 31), "forced cpuid 1: got ECX %#x without bit 31, "
          "expected the hypervisor bit", r[2]);

    __asm__ volatile("cpuid" : "=c"(plain_c) : "a"(1), "c"(0) : "rbx", "rdx");
    CHECK(plain_c & (1u << 31), "plain cpuid 1: got ECX %#x without bit 31, "
          "expected the hypervisor bit", plain_c);
}

/* After @setup, the instruction @insn must give #GP(0) at itself. */
#define EXPECT_GP0(setup, insn, ...)                                    \
    do {                                                                \
        uint64_t rip_;                                                  \
        struct fault_info fi_;                                          \
        fault_clear();                                                  \
        __asm__ volatile(setup "\n\t"                                   \
                         "lea 1f(%%rip), %0\n"                          \
                         "1: " insn "\n2:\n\t" EXTABLE(1b, 2b)          \
                         : "=&r"(rip_) : : "memory", ##__VA_ARGS__);    \
        fi_ = last_fault;                                               \
        expect_gp0(insn, &fi_, rip_);                                   \
    } while (0)

static void test_not_emulated(void)
{
    EXPECT_GP0("", "hlt");
    EXPECT_GP0("", "swapgs");
    EXPECT_GP0("", "lgdt (%%rsp)");
    EXPECT_GP0("", "lidt (%%rsp)");
    EXPECT_GP0("xor %%eax, %%eax", "lldt %%ax", "rax");
    EXPECT_GP0("xor %%eax, %%eax", "ltr %%ax", "rax");
    EXPECT_GP0("", "invlpg (%%rsp)");
    /* The virtual IOPL is 0: no port access, no cli/sti. */
    EXPECT_GP0("", "outb %%al, $0x80");
    EXPECT_GP0("", "inb $0x80, %%al", "rax");
    EXPECT_GP0("mov $0x80, %%edx", "outb %%al, %%dx", "rdx");
    EXPECT_GP0("mov $0x80, %%edx", "inb %%dx, %%al", "rax", "rdx");
    EXPECT_GP0("", "cli");
    EXPECT_GP0("", "sti");
}

static void test_cr(void)
{
    struct shared_info *si = shared_info_map();
    struct fault_info fi;
    uint64_t cr0, v;

    /* CR2: the address of the last #PF (the low 2 GiB are unmapped). */
    for (uint64_t addr = 0x1234560; addr <= 0x2234560; addr += 0x1000000) {
        fault_clear();
        __asm__ volatile("1: mov (%0), %%al\n2:\n\t" EXTABLE(1b, 2b)
                         : : "r"(addr) : "rax", "memory");
        fi = last_fault;
        CHECK(fi.count == 1 && fi.vector == TRAP_PF,
              "read of %#llx: got %s, expected #PF", (unsigned long long)addr,
              fault_str(&fi));
        fi = read_cr(2, &v);
        expect_no_fault("mov %cr2, reg", &fi);
        CHECK_EQ(v, addr, "mov %cr2 after a #PF");
    }
    fi = write_cr(2, 0xabcd000);
    expect_no_fault("mov reg, %cr2", &fi);
    fi = read_cr(2, &v);
    CHECK_EQ(v, 0xabcd000, "mov %cr2 after mov to %cr2");
    CHECK_EQ(si->vcpu_info[0].arch.cr2, 0xabcd000,
             "vcpu_info.arch.cr2 after mov to %cr2");

    fi = read_cr(0, &cr0);
    expect_no_fault("mov %cr0, reg", &fi);
    CHECK((cr0 & (CR0_PE | CR0_PG)) == (CR0_PE | CR0_PG),
          "mov %%cr0: got %#llx, expected PE and PG set", (unsigned long long)cr0);

    fi = write_cr(0, cr0);
    expect_no_fault("mov %cr0 value back to %cr0", &fi);
    fi = write_cr(0, cr0 ^ CR0_TS);
    expect_no_fault("mov to %cr0 toggling TS", &fi);
    read_cr(0, &v);
    CHECK_EQ(v, cr0 ^ CR0_TS, "mov %cr0 after toggling TS");
    fi = write_cr(0, cr0);
    expect_no_fault("mov to %cr0 toggling TS back", &fi);
    read_cr(0, &v);
    CHECK_EQ(v, cr0, "mov %cr0 after toggling TS back");

    fi = write_cr(0, cr0 ^ CR0_WP);
    expect_gp0("mov to %cr0 toggling WP", &fi, 0);
    fi = write_cr(0, cr0 ^ CR0_CD);
    expect_gp0("mov to %cr0 toggling CD", &fi, 0);
    read_cr(0, &v);
    CHECK_EQ(v, cr0, "mov %cr0 after the refused writes");
}

static void test_msrs(void)
{
    static const struct {
        unsigned int which;
        uint32_t msr;
        uint64_t base;
        const char *what;
    } bases[] = {
        { SEGBASE_FS, MSR_FS_BASE, 0x0000123456789000, "FS_BASE" },
        { SEGBASE_GS_KERNEL, MSR_GS_BASE, 0xffff876543210000, "GS_BASE" },
        { SEGBASE_GS_USER, MSR_SHADOW_GS_BASE, 0x00007fff00001000, "SHADOW_GS_BASE" },
    };
    struct fault_info fi;
    uint64_t v;
    char what[64];

    for (unsigned int i = 0; i < ARRAY_SIZE(bases); i++) {
        long rc = HYPERVISOR_set_segment_base(bases[i].which, bases[i].base);

        CHECK_EQ(rc, 0, "set_segment_base");
        fi = rdmsr_probe(bases[i].msr, &v);
        snprintf(what, sizeof(what), "rdmsr %s after set_segment_base", bases[i].what);
        expect_no_fault(what, &fi);
        CHECK_EQ(v, bases[i].base, what);
        HYPERVISOR_set_segment_base(bases[i].which, 0);
    }

    fi = wrmsr_probe(MSR_FS_BASE, 0x00000000cafe0000);
    expect_no_fault("wrmsr FS_BASE", &fi);
    rdmsr_probe(MSR_FS_BASE, &v);
    CHECK_EQ(v, 0x00000000cafe0000, "rdmsr FS_BASE after wrmsr");
    fi = wrmsr_probe(MSR_FS_BASE, 0x0000800000000000);
    expect_gp0("wrmsr FS_BASE non-canonical", &fi, 0);
    rdmsr_probe(MSR_FS_BASE, &v);
    CHECK_EQ(v, 0x00000000cafe0000, "rdmsr FS_BASE after the refused wrmsr");
    wrmsr_probe(MSR_FS_BASE, 0);

    fi = rdmsr_probe(MSR_APIC_BASE, &v);
    expect_no_fault("rdmsr APIC_BASE", &fi);
    CHECK_EQ(v, 0xfee00900, "rdmsr APIC_BASE (enabled, BSP)");
    fi = rdmsr_probe(MSR_PAT, &v);
    expect_no_fault("rdmsr PAT", &fi);
    CHECK_EQ(v, XEN_PAT, "rdmsr PAT");
    fi = rdmsr_probe(MSR_EFER, &v);
    expect_no_fault("rdmsr EFER", &fi);
    CHECK((v & (EFER_LME | EFER_LMA)) == (EFER_LME | EFER_LMA),
          "rdmsr EFER: got %#llx, expected LME and LMA set", (unsigned long long)v);
    fi = rdmsr_probe(MSR_MISC_ENABLE, &v);
    expect_no_fault("rdmsr MISC_ENABLE", &fi);
    CHECK((v & MISC_BTS_PEBS_UNAVAIL) == MISC_BTS_PEBS_UNAVAIL,
          "rdmsr MISC_ENABLE: got %#llx, expected bits 11, 12 (BTS, PEBS "
          "unavailable) set", (unsigned long long)v);

    fi = rdmsr_probe(MSR_UNKNOWN, &v);
    expect_gp0("rdmsr 0x12345", &fi, 0);
    fi = wrmsr_probe(MSR_UNKNOWN, 0);
    expect_gp0("wrmsr 0x12345", &fi, 0);
}

static void test_hypercall_page_msr(void)
{
    uint64_t ma = virt_to_mfn(new_hc_page) << 12;
    uint64_t l4_ma = virt_to_mfn((const void *)start_info->pt_base) << 12;
    struct fault_info fi;
    unsigned int i;
    long want, got;

    fi = wrmsr_probe(MSR_HYPERCALL, ma | 0x800);
    expect_gp0("wrmsr 0x40000000 with a page offset", &fi, 0);
    fi = wrmsr_probe(MSR_HYPERCALL, l4_ma);
    expect_gp0("wrmsr 0x40000000 with the L4's address", &fi, 0);
    fi = wrmsr_probe(MSR_HYPERCALL + 1, ma);
    expect_gp0("wrmsr 0x40000001", &fi, 0);
    for (i = 0; i < GUEST_PAGE_SIZE && !new_hc_page[i]; i++)
        ;
    CHECK(i == GUEST_PAGE_SIZE, "refused wrmsrs: got byte %#x at offset %u of the "
          "page, expected it untouched (0)", i < GUEST_PAGE_SIZE ? new_hc_page[i] : 0, i);

    fi = wrmsr_probe(MSR_HYPERCALL, ma);
    expect_no_fault("wrmsr 0x40000000 with a page of ours", &fi);
    if (fi.count)
        return;
    for (i = 0; i < 32; i++) {
        unsigned int off = __HYPERVISOR_xen_version * 32 + i;

        if (new_hc_page[off] != hypercall_page[off]) {
            test_fail("stub 17 byte %u: got %#x, expected %#x (the builder's page)",
                      i, new_hc_page[off], hypercall_page[off]);
            break;
        }
    }
    for (i = 0; i < GUEST_PAGE_SIZE; i++) {
        if (new_hc_page[i] != hypercall_page[i]) {
            test_fail("hypercall page offset %#x (stub %u): got %#x, expected %#x "
                      "(the builder's page)", i, i / 32, new_hc_page[i],
                      hypercall_page[i]);
            break;
        }
    }
    /* Call stub 17 of the new page: xen_version(XENVER_version). */
    want = HYPERVISOR_xen_version(XENVER_version, NULL);
    {
        register uint64_t rdi __asm__("rdi") = XENVER_version;
        register uint64_t rsi __asm__("rsi") = 0;

        __asm__ volatile("call *%[stub]"
                         : "=a"(got), "+D"(rdi), "+S"(rsi)
                         : [stub] "r"(new_hc_page + 32 * __HYPERVISOR_xen_version)
                         : "rcx", "rdx", "r8", "r9", "r10", "r11", "memory");
    }
    CHECK_EQ(got, want, "xen_version through the new page's stub 17");
}

/*
 * Guest user mode: the same instructions are privileged there and must not
 * be emulated (the kernel's CPL 0 is virtual, user mode's CPL 3 real).
 * Runs in user mode: no hypercalls, results in user_fi[] / user_sig[].
 */
#define USER_PROBES 9
static struct fault_info user_fi[USER_PROBES];
static uint32_t user_sig[4];
static uint64_t user_cr0_value;

#define USER_PROBE(i, insn)                                             \
    do {                                                                \
        uint64_t a_ = user_cr0_value, d_ = 0;                           \
        fault_clear();                                                  \
        __asm__ volatile("1: " insn "\n2:\n\t" EXTABLE(1b, 2b)          \
                         : "+a"(a_), "+d"(d_) : "c"(MSR_FS_BASE)        \
                         : "memory");                                   \
        user_fi[i] = last_fault;                                        \
    } while (0)

static long user_probes(void)
{
    USER_PROBE(0, "mov %%cr0, %%rax");
    USER_PROBE(1, "mov %%rax, %%cr0");
    USER_PROBE(2, "mov %%cr2, %%rax");
    USER_PROBE(3, "clts");
    USER_PROBE(4, "rdmsr");
    USER_PROBE(5, "wrmsr");
    USER_PROBE(6, "inb $0x80, %%al");
    USER_PROBE(7, "wbinvd");
    USER_PROBE(8, "hlt");
    return (long)xen_cpuid(0x40000000, 0, user_sig).count;
}

static void test_user_mode(void)
{
    static const char *const names[USER_PROBES] = {
        "mov %cr0, reg", "mov reg, %cr0", "mov %cr2, reg", "clts", "rdmsr FS_BASE",
        "wrmsr FS_BASE", "inb $0x80", "wbinvd", "hlt",
    };
    char what[64];
    long rc, cpuid_faults;

    rc = user_init();
    if (rc)
        test_result(TEST_ERROR, "user_init returned %ld", rc);
    read_cr(0, &user_cr0_value);
    cpuid_faults = user_run(user_probes);
    for (unsigned int i = 0; i < USER_PROBES; i++) {
        snprintf(what, sizeof(what), "%s in user mode", names[i]);
        expect_gp0(what, &user_fi[i], 0);
    }
    CHECK_EQ(cpuid_faults, 0, "faults of the forced cpuid in user mode");
    CHECK(user_sig[1] == 0x566e6558 && user_sig[2] == 0x65584d4d &&
          user_sig[3] == 0x4d4d566e,
          "cpuid 0x40000000 in user mode: got signature %08x %08x %08x, expected "
          "566e6558 65584d4d 4d4d566e", user_sig[1], user_sig[2], user_sig[3]);
}

void test_main(void)
{
    shared_info_map();
    test_cpuid();
    test_not_emulated();
    test_cr();
    test_msrs();
    test_hypercall_page_msr();
    test_user_mode();
}
