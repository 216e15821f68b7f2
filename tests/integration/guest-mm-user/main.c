/* SPDX-License-Identifier: MIT */
/*
 * guest-mm-user: a user address space of its own. The kernel builds a user
 * L4 that maps only a code page, a data page and one page marked
 * kernel-only (no US) at low addresses, none of the kernel, pins it and
 * installs it with MMUEXT_NEW_USER_BASEPTR; user code then runs on it.
 *
 * Correct (Xen 4.17, PV-ABI-NOTES 3, 4.2, 6.4, 6.6):
 *   - PIN_L4_TABLE of the user L4 (lower tables not pinned: validated
 *     through it) and NEW_USER_BASEPTR return 0; the kernel's own tree does
 *     not map the user pages (kernel read of the code page: #PF);
 *   - the L1 entries read back as the hypervisor stores them (6.4): the
 *     user pages (US given) with G added, the page given without US with
 *     US and bit 52 (the kernel-only mark) added;
 *   - in user mode, a read of a kernel address faults, also right after
 *     the kernel read it (issue 6: the kernel/user switch keeps global TLB
 *     entries, which kernel pages never are): #PF from user mode
 *     (CS RPL 3), CR2 = the address, error code U (4: not present, read,
 *     user), RIP = the instruction, delivered on the stack_switch stack to
 *     the kernel, which resumes user mode after the instruction;
 *   - a user write to the read-only code page: #PF, error code P|W|U (7);
 *   - the user data page is read and written by user code (the kernel sees
 *     the write afterwards);
 *   - `syscall` from user mode reaches the syscall callback (user_run's
 *     exit) with RDI = the value read from the data page;
 *   - UNPIN of the user L4 while it is the user base pointer: 0; then
 *     NEW_USER_BASEPTR back to the kernel L4: 0, after which the old user
 *     L4 frame can be mapped read-write (no references left).
 *   - with VMASST_TYPE_m2p_strict enabled (vm_assist returns 0) and the
 *     user L4 installed again, the RO M2P is not visible in user mode (#PF,
 *     error code U) while the kernel still reads it.
 * Information only (printed, not checked): whether user mode can read the
 * page mapped without US (Xen forces US on every present L1 entry of a
 * 64-bit PV guest and marks it with bit 52, so it can), and whether the
 * read-only M2P is visible in user mode without m2p_strict (on Xen 4.17 it
 * is not in an L4 that was never a kernel base pointer).
 */
#include <public/errno.h>
#include "pt.h"
#include "test.h"
#include "user.h"

TEST_TITLE("user mode on a user L4 without the kernel: faults and syscall");

#define USER_CODE_VA  0x10000000ULL /* L4 0, L3 0, L2 128, L1 0 */
#define USER_DATA_VA  0x10001000ULL
#define USER_KPAGE_VA 0x10002000ULL
#define DATA_MARK     0x0da7a0da7a0da7aULL
#define KPAGE_MARK    0x4b4b4b4b4b4b4b4bULL
#define PFEC_P        (1ULL << 0)
#define PFEC_W        (1ULL << 1)
#define PFEC_U        (1ULL << 2)

/*
 * The user code, copied to USER_CODE_VA (position-independent). Every
 * instruction that may fault is 3 bytes long: the #PF handler skips it.
 * Data page words: [0] DATA_MARK (from the kernel), [1] written by user
 * code, [2] what the kernel-only page read gave, [3] what the RO M2P gave.
 */
extern const uint8_t user_blob[], user_blob_end[], ub_kernel_read[],
    ub_code_write[], ub_kpage_read[], ub_m2p_read[];
/* clang-format off */
__asm__(".pushsection .rodata\n"
        ".globl user_blob, user_blob_end, ub_kernel_read, ub_code_write\n"
        ".globl ub_kpage_read, ub_m2p_read\n"
        "user_blob:\n\t"
        "movabs $0xffffffff80000000, %rax\n"
        "ub_kernel_read:\n\t"
        "mov (%rax), %rbx\n\t"
        "movabs $" STRINGIFY(USER_CODE_VA) ", %rax\n"
        "ub_code_write:\n\t"
        "mov %rbx, (%rax)\n\t"
        "movabs $" STRINGIFY(USER_DATA_VA) ", %rdx\n\t"
        "mov (%rdx), %rbx\n\t"
        "movq $0x77, 8(%rdx)\n\t"
        "movabs $" STRINGIFY(USER_KPAGE_VA) ", %rax\n\t"
        "xor %ecx, %ecx\n"
        "ub_kpage_read:\n\t"
        "mov (%rax), %rcx\n\t"
        "mov %rcx, 16(%rdx)\n\t"
        "movabs $0xffff800000000000, %rax\n\t"
        "xor %ecx, %ecx\n\t"
        "not %rcx\n"
        "ub_m2p_read:\n\t"
        "mov (%rax), %rcx\n\t"
        "mov %rcx, 24(%rdx)\n\t"
        "mov %rbx, %rdi\n\t"
        "mov $" STRINGIFY(USER_EXIT_NR) ", %eax\n\t"
        "syscall\n\t"
        "ud2\n"
        "user_blob_end:\n"
        ".popsection\n");
/* clang-format on */

/* Linker-level labels: compared as integers, not as C objects. */
static uint64_t blob_len(void)
{
    return (uintptr_t)user_blob_end - (uintptr_t)user_blob;
}

struct user_fault {
    uint64_t rip, cr2, error_code, cs;
    bool on_kernel_stack;
};

static struct user_fault faults[8];
static unsigned int nr_faults;

static uint64_t blob_va(const uint8_t *label)
{
    return USER_CODE_VA + ((uintptr_t)label - (uintptr_t)user_blob);
}

/* #PF from user mode inside the blob: record, skip the 3-byte instruction. */
static bool user_pf(struct trap_frame *f)
{
    uint64_t len = blob_len();

    if ((f->cs & 3) != 3 || f->rip < USER_CODE_VA ||
        f->rip >= USER_CODE_VA + len)
        return false;
    if (nr_faults < ARRAY_SIZE(faults)) {
        faults[nr_faults++] = (struct user_fault){
            .rip = f->rip,
            .cr2 = shared_info_map()->vcpu_info[0].arch.cr2,
            .error_code = f->error_code,
            .cs = f->cs,
            .on_kernel_stack = (const uint8_t *)f >= user_kernel_stack &&
                               (const uint8_t *)f < user_kernel_stack_top,
        };
    }
    f->rip += 3;
    return true;
}

/* The recorded fault at @rip, or NULL. */
static const struct user_fault *fault_at(uint64_t rip)
{
    for (unsigned int i = 0; i < nr_faults; i++) {
        if (faults[i].rip == rip)
            return &faults[i];
    }
    return NULL;
}

static void check_fault(const char *what, const uint8_t *label, uint64_t cr2,
                        uint64_t error_code)
{
    const struct user_fault *uf = fault_at(blob_va(label));

    if (!uf) {
        test_fail("%s at %#llx: no #PF, expected one", what,
                  (unsigned long long)blob_va(label));
        return;
    }
    CHECK((uf->cs & 0xffff) == FLAT_USER_CS,
          "%s: CS %#llx, expected %#x (from user mode)", what,
          (unsigned long long)(uf->cs & 0xffff), FLAT_USER_CS);
    CHECK(uf->cr2 == cr2, "%s: CR2 %#llx, expected %#llx", what,
          (unsigned long long)uf->cr2, (unsigned long long)cr2);
    CHECK(uf->error_code == error_code, "%s: error code %#llx, expected %#llx",
          what, (unsigned long long)uf->error_code,
          (unsigned long long)error_code);
    CHECK(uf->on_kernel_stack, "%s: frame not on the stack_switch stack", what);
}

/* Run the blob once; check what must hold in every run. */
static void run_user(uint64_t *data, const char *run)
{
    const struct user_fault *uf;
    char what[96];
    long rc;

    nr_faults = 0;
    data[1] = data[2] = data[3] = 0;
    trap_set_handler(TRAP_PF, user_pf);
    /*
     * The kernel reads the address the user code will try, so its
     * translation is in the TLB when the iret to user mode switches roots
     * (which keeps global entries: a kernel-only page must not be one).
     */
    (void)READ_ONCE(*(volatile const uint64_t *)GUEST_VIRT_BASE);
    rc = user_run((long (*)(void))(uintptr_t)USER_CODE_VA);
    trap_set_handler(TRAP_PF, NULL);

    printf("%s:\n", run);
    CHECK_EQ(rc, DATA_MARK,
             "user_run result (RDI of the exit syscall: data page word 0)");
    snprintf(what, sizeof(what), "%s: user read of kernel address %#llx", run,
             (unsigned long long)GUEST_VIRT_BASE);
    check_fault(what, ub_kernel_read, GUEST_VIRT_BASE, PFEC_U);
    snprintf(what, sizeof(what), "%s: user write to the read-only code page",
             run);
    check_fault(what, ub_code_write, USER_CODE_VA, PFEC_P | PFEC_W | PFEC_U);
    CHECK_EQ(data[1], 0x77, "data page word 1 (written by user code)");
    uf = fault_at(blob_va(ub_kpage_read));
    if (uf)
        printf("info: user read of the page mapped without US: #PF, error code "
               "%#llx\n",
               (unsigned long long)uf->error_code);
    else
        printf(
            "info: user read of the page mapped without US: read %#llx (%s)\n",
            (unsigned long long)data[2],
            data[2] == KPAGE_MARK ? "its contents" : "?");
    uf = fault_at(blob_va(ub_m2p_read));
    if (uf)
        printf("info: user read of the RO M2P: #PF, error code %#llx\n",
               (unsigned long long)uf->error_code);
    else
        printf("info: user read of the RO M2P: read %#llx\n",
               (unsigned long long)data[3]);
    for (unsigned int i = 0; i < nr_faults; i++)
        printf("user #PF %u: RIP %#llx CR2 %#llx error code %#llx\n", i,
               (unsigned long long)faults[i].rip,
               (unsigned long long)faults[i].cr2,
               (unsigned long long)faults[i].error_code);
}

static uint64_t upte(uint64_t mfn, uint64_t flags)
{
    return (mfn << 12) | PTE_P | PTE_A | flags | ((flags & PTE_RW) ? PTE_D : 0);
}

void test_main(void)
{
    uint64_t code_mfn, data_mfn, kpage_mfn, l1, l2, l3, l4;
    uint64_t *code, *data, *kpage, *t;
    uint64_t boot_l4 = pt_boot_l4();
    struct fault_info fi;
    long rc;

    shared_info_map();
    pt_init();
    rc = user_init();
    if (rc)
        test_result(TEST_ERROR, "setup: user_init failed: %ld", rc);

    /* The three user pages; only the data page stays mapped in the kernel. */
    code = pt_new_table(&code_mfn);
    memcpy(code, user_blob, blob_len());
    pt_unmap(code);
    data = pt_new_table(&data_mfn);
    data[0] = DATA_MARK;
    kpage = pt_new_table(&kpage_mfn);
    kpage[0] = KPAGE_MARK;
    pt_unmap(kpage);

    /* The user tree: L4 slot 0 only (the hypervisor fills its own slots). */
    t = pt_new_table(&l1);
    t[pt_index(USER_CODE_VA, 1)] = upte(code_mfn, PTE_US);
    t[pt_index(USER_DATA_VA, 1)] = upte(data_mfn, PTE_US | PTE_RW);
    t[pt_index(USER_KPAGE_VA, 1)] = upte(kpage_mfn, 0);
    pt_unmap(t);
    t = pt_new_table(&l2);
    t[pt_index(USER_CODE_VA, 2)] = upte(l1, PTE_US | PTE_RW);
    pt_unmap(t);
    t = pt_new_table(&l3);
    t[pt_index(USER_CODE_VA, 3)] = upte(l2, PTE_US | PTE_RW);
    pt_unmap(t);
    t = pt_new_table(&l4);
    t[pt_index(USER_CODE_VA, 4)] = upte(l3, PTE_US | PTE_RW);
    pt_unmap(t);

    rc = pt_pin(4, l4);
    if (rc)
        test_result(TEST_FAILURE,
                    "MMUEXT_PIN_L4_TABLE(user L4 %#llx): got %ld, expected 0",
                    (unsigned long long)l4, rc);
    /* How the hypervisor stored the L1 entries (PV-ABI-NOTES 6.4). */
    t = pt_map(l1, 0);
    if (!t)
        test_result(TEST_ERROR, "setup: cannot map the user L1 read-only");
    CHECK_EQ(t[pt_index(USER_CODE_VA, 1)], upte(code_mfn, PTE_US) | PTE_G,
             "user L1 entry of the code page (user page: G added)");
    CHECK_EQ(t[pt_index(USER_DATA_VA, 1)],
             upte(data_mfn, PTE_US | PTE_RW) | PTE_G,
             "user L1 entry of the data page (user page: G added)");
    CHECK_EQ(
        t[pt_index(USER_KPAGE_VA, 1)],
        upte(kpage_mfn, PTE_US | PTE_GUEST_KERNEL),
        "user L1 entry of the page given without US (US and bit 52 added)");
    pt_unmap(t);

    rc = pt_new_user_baseptr(l4);
    if (rc)
        test_result(TEST_FAILURE,
                    "MMUEXT_NEW_USER_BASEPTR(user L4 %#llx): got %ld, "
                    "expected 0",
                    (unsigned long long)l4, rc);

    /* The kernel's tree does not have the user pages. */
    fi = FAULT_PROBE("cmpq $0, " STRINGIFY(USER_CODE_VA));
    CHECK(fi.count == 1 && fi.vector == TRAP_PF,
          "kernel read of USER_CODE_VA: %u faults (%s), expected one #PF",
          fi.count, fi.count ? trap_name(fi.vector) : "none");

    run_user(data, "m2p_strict off");

    /*
     * With VMASST_TYPE_m2p_strict the M2P is for kernel L4s only: the user
     * base pointer installed after enabling it must not show it.
     */
    rc = HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_m2p_strict);
    CHECK_EQ(rc, 0, "vm_assist(enable, m2p_strict)");
    if (rc == 0) {
        CHECK_EQ(pt_new_user_baseptr(l4), 0,
                 "MMUEXT_NEW_USER_BASEPTR(user L4, m2p_strict)");
        run_user(data, "m2p_strict on");
        check_fault("m2p_strict: user read of the RO M2P", ub_m2p_read,
                    MACH2PHYS_VIRT_START, PFEC_U);
        CHECK_EQ(((volatile uint64_t *)MACH2PHYS_VIRT_START)[code_mfn],
                 pt_mfn_to_pfn(code_mfn),
                 "kernel read of RO M2P[code frame], m2p_strict");
        CHECK_EQ(
            HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_m2p_strict), 0,
            "vm_assist(disable, m2p_strict)");
    }

    /* Unpin while installed, then replace: the last reference goes. */
    CHECK_EQ(pt_unpin(l4), 0,
             "MMUEXT_UNPIN_TABLE(user L4, still the user base)");
    CHECK_EQ(pt_new_user_baseptr(boot_l4), 0,
             "MMUEXT_NEW_USER_BASEPTR(kernel L4)");
    t = pt_map(l4, PTE_RW);
    CHECK(t != NULL,
          "update_va_mapping(window, old user L4, read-write) failed");
    if (t)
        pt_unmap(t);
    pt_unmap(data);
}
