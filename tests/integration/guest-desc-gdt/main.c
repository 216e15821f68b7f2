/* SPDX-License-Identifier: MIT */
/*
 * guest-desc-gdt: a guest GDT (set_gdt, update_descriptor): which frames
 * and descriptors are accepted, how the stored descriptors are fixed up,
 * and that selectors from it load and work while refused ones fault.
 *
 * Frame A (a page of ours) holds: 0 null, 1 data DPL 0 (accessed bit
 * clear), 2 64-bit code DPL 0, 3 data DPL 3 (accessed bit set), 4 data
 * not present DPL 3, 5 zero, 6-7 room for a call gate, 8 data not present
 * DPL 0.
 *
 * Correct (Xen 4.17, PV-ABI-NOTES 3, 10), the guest being dom0:
 *   set_gdt
 *   - entries 7169 (> 7168): -EINVAL; a frame list the guest cannot read:
 *     -EFAULT; a frame not the domain's (beyond RAM): -EINVAL; frame A
 *     while still mapped writable: -EINVAL;
 *   - frame A mapped read-only: 0; entries 1 and 2 read back with DPL 3
 *     (raised), the rest unchanged, not-present entry 8 keeping DPL 0
 *     (the CPU may set accessed bits later: ignored);
 *   - a frame holding a TSS descriptor: -EINVAL, and the GDT in use stays;
 *   - 7168 entries (14 frames, A each time): 0;
 *   - while A is a GDT frame: a write through its read-only mapping is a
 *     #PF (P|W), a read-write mapping of it (update_va_mapping): -EBUSY;
 *   - set_gdt(entries 0) releases A: mapping it read-write works again.
 *   selectors (RPL 3, guest kernel mode)
 *   - 0x1b (entry 3, accessed bit set) loads into %ds;
 *   - 0x0b (entry 1, accessed bit clear: the CPU sets it in the GDT as it
 *     loads the descriptor) loads into %ds and %es, reads back, and memory
 *     accesses through %ds and %es (movl, stosl) work;
 *   - a far jump to 0x13 (entry 2, 64-bit code) runs with %cs = 0x13, a
 *     far jump back to 0xe033 works;
 *   - 0x23 (not present, DPL 3): #NP(0x20); 0x2b (zero entry): #GP(0x28);
 *     0x43 (not present, DPL 0: the privilege check comes first):
 *     #GP(0x40); 0x12c3 (entry 600, in GDT page 1, which has no frame):
 *     #GP(0x12c0); after the GDT is released, 0x0b: #GP(0x08).
 *   update_descriptor(machine address, descriptor)
 *   - entry 3 of A (a GDT frame) with a DPL 0 data descriptor: 0, stored
 *     with DPL 3, and 0x1b then loads into %es;
 *   - an address not 8-byte aligned: -EINVAL; a TSS descriptor: -EINVAL;
 *     a frame not the domain's: -EINVAL; the L4 (a page table): -EINVAL
 *     (a refused call changes nothing);
 *   - a plain data page: 0, stored with DPL 3;
 *   - a 64-bit call gate of DPL 3 (entry 6; its high half, type 0, in
 *     entry 7 is accepted as it is): with target selector 0xe033 or one of
 *     the guest's GDT (0x10) 0, stored with DPL 0 and the target
 *     selector's RPL set to the gate's DPL (3); with target 0xe030,
 *     0xe008 (the hypervisor's) or 0xe023: -EINVAL; a present system
 *     descriptor of type 0 (what a gate's high half may look like): 0,
 *     stored unchanged (DPL 3 kept). A 64-bit guest cannot
 *     use a gate (Xen emulates gates for 32-bit guests only): lcall
 *     through 0x33 gives #GP(0x30). pvisor refuses all call gates
 *     (docs/abi/divergences.md): those checks fail there.
 */
#include <public/errno.h>
#include "test.h"

TEST_TITLE("set_gdt and update_descriptor: checks, fix-ups, selectors");

#define GDT_ENTRIES_MAX   7168
#define BAD_MFN           0xfffffffffULL   /* beyond any RAM here */

#define DESC_A            (1ULL << 40)     /* accessed */
#define DESC_DPL3         (3ULL << 45)
#define DESC_DATA_DPL0    0x00cf92000000ffffULL
#define DESC_DATA_DPL3    0x00cff2000000ffffULL
#define DESC_CODE64_DPL0  0x00af9a000000ffffULL
#define DESC_DATA_NP      0x00cf72000000ffffULL   /* DPL 3 */
#define DESC_DATA_NP0     0x00cf12000000ffffULL   /* DPL 0 */
#define DESC_TSS          0x0000890000000067ULL
#define DESC_SYS_TYPE0    0x0000e0000000ffffULL   /* present, DPL 3, S=0, type 0 */

#define SEL_DATA          0x0b
#define SEL_CODE64        0x13
#define SEL_DATA3         0x1b
#define SEL_NP            0x23
#define SEL_ZERO          0x2b
#define SEL_NOFRAME       ((600 << 3) | 3)
#define SEL_GATE          0x33
#define SEL_NP0           0x43

static uint64_t gdt_a[512] __aligned(GUEST_PAGE_SIZE);
static uint64_t gdt_bad[512] __aligned(GUEST_PAGE_SIZE);
static uint64_t plain[512] __aligned(GUEST_PAGE_SIZE);

static uint64_t mfn_a;

static uint64_t pte_of(const void *va, bool rw)
{
    return (virt_to_mfn(va) << 12) | PTE_P | PTE_A | (rw ? PTE_RW | PTE_D : 0);
}

static long set_gdt(const uint64_t *frames, unsigned int entries)
{
    return hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

static long update_descriptor(uint64_t ma, uint64_t desc)
{
    return hypercall2(__HYPERVISOR_update_descriptor, ma, desc);
}

static long remap(const void *va, bool rw)
{
    return HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)va, pte_of(va, rw),
                                        UVMF_INVLPG);
}

static const char *fault_str(const struct fault_info *fi)
{
    static char buf[96];

    if (!fi->count)
        return "no fault";
    snprintf(buf, sizeof(buf), "%s error code %#llx at %#llx", trap_name(fi->vector),
             (unsigned long long)fi->error_code, (unsigned long long)fi->rip);
    if (fi->vector == TRAP_PF)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " (cr2 %#llx)",
                 (unsigned long long)fi->cr2);
    return buf;
}

static struct fault_info load_ds(uint16_t sel)
{
    fault_clear();
    __asm__ volatile("1: mov %0, %%ds\n2:\n\t" EXTABLE(1b, 2b)
                     : : "r"(sel) : "memory");
    return last_fault;
}

static struct fault_info load_es(uint16_t sel)
{
    fault_clear();
    __asm__ volatile("1: mov %0, %%es\n2:\n\t" EXTABLE(1b, 2b)
                     : : "r"(sel) : "memory");
    return last_fault;
}

/* Loading @sel into %ds must raise @vector with @error_code. %ds is 0 after. */
static void expect_load_fault(const char *what, uint16_t sel, unsigned int vector,
                              uint64_t error_code)
{
    struct fault_info fi = load_ds(sel);

    if (fi.count != 1 || fi.vector != vector || fi.error_code != error_code)
        test_fail("mov %#x to %%ds (%s): got %s, expected %s error code %#llx",
                  sel, what, fault_str(&fi), trap_name(vector),
                  (unsigned long long)error_code);
    load_ds(0);
}

static void check_entry(const char *what, unsigned int i, uint64_t want)
{
    uint64_t got = gdt_a[i] & ~DESC_A;

    if (got != (want & ~DESC_A))
        test_fail("%s: entry %u reads %#018llx, expected %#018llx (accessed bit "
                  "ignored)", what, i, (unsigned long long)gdt_a[i],
                  (unsigned long long)want);
}

static void test_set_gdt_refusals(void)
{
    uint64_t frames[16];
    long rc;

    for (unsigned int i = 0; i < ARRAY_SIZE(frames); i++)
        frames[i] = mfn_a;
    rc = set_gdt(frames, GDT_ENTRIES_MAX + 1);
    CHECK_EQ(rc, -XEN_EINVAL, "set_gdt(7169 entries)");
    rc = set_gdt((const uint64_t *)0x1000, 5);
    CHECK_EQ(rc, -XEN_EFAULT, "set_gdt(unreadable frame list)");
    frames[0] = BAD_MFN;
    rc = set_gdt(frames, 5);
    CHECK_EQ(rc, -XEN_EINVAL, "set_gdt(frame beyond RAM)");
    frames[0] = mfn_a;
    rc = set_gdt(frames, 5);
    CHECK_EQ(rc, -XEN_EINVAL, "set_gdt(frame mapped writable)");
}

/* A far pointer for rex64 ljmp: 64-bit offset, then the selector. */
struct __packed far64 {
    uint64_t offset;
    uint16_t sel;
};

static void test_selectors(void)
{
    static struct far64 far_there = { 0, SEL_CODE64 }, far_back = { 0, FLAT_KERNEL_CS };
    static volatile uint32_t word = 0x5a5a1234, out;
    struct fault_info fi;
    uint16_t ds, es, cs = 0;
    uint32_t v = 0;

    /* Accessed bit already set: the CPU has nothing to write back. */
    fi = load_ds(SEL_DATA3);
    CHECK(!fi.count, "mov 0x1b (accessed bit set) to %%ds: got %s, expected no "
          "fault", fault_str(&fi));
    load_ds(0);
    /* Accessed bit clear: the CPU sets it in the GDT as it loads. */
    fi = load_ds(SEL_DATA);
    CHECK(!fi.count, "mov 0x0b to %%ds: got %s, expected no fault", fault_str(&fi));
    fi = load_es(SEL_DATA);
    CHECK(!fi.count, "mov 0x0b to %%es: got %s, expected no fault", fault_str(&fi));
    __asm__ volatile("mov %%ds, %0" : "=r"(ds));
    __asm__ volatile("mov %%es, %0" : "=r"(es));
    __asm__ volatile("movl %%ds:(%1), %0" : "=r"(v) : "r"(&word) : "memory");
    __asm__ volatile("stosl" : : "a"(0x600dcafe), "D"(&out) : "memory");
    load_ds(0);
    load_es(0);
    CHECK_EQ(ds, SEL_DATA, "%ds after loading 0x0b");
    CHECK_EQ(es, SEL_DATA, "%es after loading 0x0b");
    CHECK_EQ(v, 0x5a5a1234, "movl through %ds = 0x0b");
    CHECK_EQ(out, 0x600dcafe, "stosl through %es = 0x0b");
    check_entry("after loading 0x0b", 1, DESC_DATA_DPL0 | DESC_DPL3);

    /*
     * Far jump to the 64-bit code segment and back. Not lretq: QEMU TCG
     * pops a far return's stack with supervisor accesses, which SMAP (on
     * under Xen) refuses for the guest's user-accessible stack.
     */
    fault_clear();
    __asm__ volatile("lea 2f(%%rip), %%rax\n\t"
                     "mov %%rax, (%1)\n\t"
                     "lea 3f(%%rip), %%rax\n\t"
                     "mov %%rax, (%2)\n"
                     "1: rex64 ljmp *(%1)\n"
                     "2: mov %%cs, %%ecx\n\t"
                     "rex64 ljmp *(%2)\n"
                     "3:\n\t"
                     EXTABLE(1b, 3b)
                     : "+c"(cs) : "r"(&far_there), "r"(&far_back)
                     : "rax", "memory");
    fi = last_fault;
    CHECK(!fi.count, "ljmp to 0x13: got %s, expected no fault", fault_str(&fi));
    CHECK_EQ(cs, SEL_CODE64, "%cs after ljmp to 0x13");
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    CHECK_EQ(cs, FLAT_KERNEL_CS, "%cs after ljmp back");

    expect_load_fault("entry 4, not present", SEL_NP, TRAP_NP, SEL_NP & ~3);
    expect_load_fault("entry 5, zero", SEL_ZERO, TRAP_GP, SEL_ZERO & ~3);
    /* Not present, DPL 0 (not raised): the privilege check comes first. */
    expect_load_fault("entry 8, not present DPL 0", SEL_NP0, TRAP_GP, SEL_NP0 & ~3);
    expect_load_fault("entry 600, GDT page without a frame", SEL_NOFRAME, TRAP_GP,
                      SEL_NOFRAME & ~3);
}

static void test_update_descriptor(void)
{
    uint64_t ma_a = mfn_a << 12;
    uint64_t l4_ma = virt_to_mfn((const void *)start_info->pt_base) << 12;
    const uint64_t *l4 = (const uint64_t *)start_info->pt_base;
    uint64_t l4_500 = l4[500];
    struct fault_info fi;
    long rc;

    rc = update_descriptor(ma_a + 3 * 8, DESC_DATA_DPL0);
    CHECK_EQ(rc, 0, "update_descriptor(GDT entry 3, data DPL 0)");
    check_entry("after update_descriptor", 3, DESC_DATA_DPL0 | DESC_DPL3);
    fi = load_es(SEL_DATA3);
    CHECK(!fi.count, "mov 0x1b to %%es: got %s, expected no fault", fault_str(&fi));
    load_es(0);

    rc = update_descriptor(ma_a + 3 * 8 + 4, DESC_DATA_DPL3);
    CHECK_EQ(rc, -XEN_EINVAL, "update_descriptor(misaligned)");
    rc = update_descriptor(ma_a + 3 * 8, DESC_TSS);
    CHECK_EQ(rc, -XEN_EINVAL, "update_descriptor(TSS descriptor)");
    check_entry("after the refused update_descriptors", 3, DESC_DATA_DPL0 | DESC_DPL3);
    rc = update_descriptor((BAD_MFN << 12) + 8, DESC_DATA_DPL3);
    CHECK_EQ(rc, -XEN_EINVAL, "update_descriptor(frame beyond RAM)");
    /* A descriptor of 0 (not present): harmless even if written. */
    rc = update_descriptor(l4_ma + 500 * 8, 0);
    CHECK_EQ(rc, -XEN_EINVAL, "update_descriptor(the L4)");
    CHECK_EQ(l4[500], l4_500, "L4 slot 500 after update_descriptor");

    rc = update_descriptor((virt_to_mfn(plain) << 12) + 16, DESC_DATA_DPL0);
    CHECK_EQ(rc, 0, "update_descriptor(plain data page)");
    CHECK_EQ(plain[2], DESC_DATA_DPL0 | DESC_DPL3, "plain page word 2");
}

/* A 64-bit call gate to @target through @sel, DPL 3: low and high words. */
static void call_gate(uint64_t target, uint16_t sel, uint64_t d[2])
{
    d[0] = (target & 0xffff) | ((uint64_t)sel << 16) | (0xcULL << 40) |
           DESC_DPL3 | (1ULL << 47) | (((target >> 16) & 0xffff) << 48);
    d[1] = target >> 32;
}

static void gate_target(void)
{
}

static void test_call_gate(void)
{
    static const struct {
        uint16_t sel;           /* the gate's target selector */
        long rc;                /* update_descriptor's result */
        uint16_t stored;        /* the target selector read back */
    } gates[] = {
        { FLAT_KERNEL_CS, 0, FLAT_KERNEL_CS },
        { SEL_CODE64 & ~3, 0, SEL_CODE64 },     /* RPL := the gate's DPL */
        { FLAT_KERNEL_CS & ~3, -XEN_EINVAL, 0 },
        { 0xe008, -XEN_EINVAL, 0 },             /* the hypervisor's own */
        { FLAT_USER_CS32, -XEN_EINVAL, 0 },
    };
    uint64_t ma_a = mfn_a << 12, gate[2], want;
    struct fault_info fi;
    char what[64];
    long rc;
    struct __packed {
        uint32_t offset;
        uint16_t sel;
    } far = { 0, SEL_GATE };

    for (unsigned int i = 0; i < ARRAY_SIZE(gates); i++) {
        call_gate((uint64_t)(uintptr_t)gate_target, gates[i].sel, gate);
        snprintf(what, sizeof(what), "update_descriptor(call gate DPL 3 to %#x)",
                 gates[i].sel);
        rc = update_descriptor(ma_a + 6 * 8, gate[0]);
        CHECK_EQ(rc, gates[i].rc, what);
        /* Stored with DPL 0, the target selector changed as said. */
        want = rc ? 0 : (gate[0] & ~(DESC_DPL3 | 0xffff0000ULL)) |
                        ((uint64_t)gates[i].stored << 16);
        if (!rc)
            CHECK_EQ(gdt_a[6], want, "GDT entry 6 (call gate) read back");
        update_descriptor(ma_a + 6 * 8, 0);
    }

    /* A present system descriptor of type 0, as the high half may be. */
    rc = update_descriptor(ma_a + 7 * 8, DESC_SYS_TYPE0);
    CHECK_EQ(rc, 0, "update_descriptor(present, system type 0)");
    if (!rc)
        CHECK_EQ(gdt_a[7], DESC_SYS_TYPE0, "GDT entry 7 (system type 0) read back");

    call_gate((uint64_t)(uintptr_t)gate_target, FLAT_KERNEL_CS, gate);
    rc = update_descriptor(ma_a + 7 * 8, gate[1]);
    CHECK_EQ(rc, 0, "update_descriptor(call gate, high half)");
    CHECK_EQ(gdt_a[7], gate[1], "GDT entry 7 (call gate high half) read back");
    rc = update_descriptor(ma_a + 6 * 8, gate[0]);
    if (rc)
        return;                 /* already reported */

    fault_clear();
    __asm__ volatile("mov %%rsp, %%rdx\n"
                     "1: lcall *(%0)\n"
                     "2: mov %%rdx, %%rsp\n\t"
                     EXTABLE(1b, 2b)
                     : : "r"(&far) : "rdx", "memory");
    fi = last_fault;
    CHECK(fi.count == 1 && fi.vector == TRAP_GP && fi.error_code == (SEL_GATE & ~3),
          "lcall through the gate 0x33: got %s, expected #GP error code 0x30",
          fault_str(&fi));
    update_descriptor(ma_a + 6 * 8, 0);
}

void test_main(void)
{
    uint64_t frames[14];
    struct fault_info fi;
    long rc;

    mfn_a = virt_to_mfn(gdt_a);
    gdt_a[1] = DESC_DATA_DPL0;
    gdt_a[2] = DESC_CODE64_DPL0;
    gdt_a[3] = DESC_DATA_DPL3 | DESC_A;
    gdt_a[4] = DESC_DATA_NP;
    gdt_a[8] = DESC_DATA_NP0;
    gdt_bad[1] = DESC_DATA_DPL3;
    gdt_bad[2] = DESC_TSS;

    test_set_gdt_refusals();

    if (remap(gdt_a, false) || remap(gdt_bad, false))
        test_result(TEST_ERROR, "setup: mapping the GDT pages read-only failed");
    rc = set_gdt(&mfn_a, 512);
    CHECK_EQ(rc, 0, "set_gdt(frame A, 512 entries)");
    if (rc)
        test_result(TEST_FAILURE, "set_gdt refused the good frame: nothing more to test");
    check_entry("after set_gdt", 0, 0);
    check_entry("after set_gdt", 1, DESC_DATA_DPL0 | DESC_DPL3);
    check_entry("after set_gdt", 2, DESC_CODE64_DPL0 | DESC_DPL3);
    check_entry("after set_gdt", 3, DESC_DATA_DPL3 | DESC_A);
    check_entry("after set_gdt", 4, DESC_DATA_NP);
    check_entry("after set_gdt", 8, DESC_DATA_NP0);

    fault_clear();
    __asm__ volatile("1: movq $0, 40(%0)\n2:\n\t" EXTABLE(1b, 2b)
                     : : "r"(gdt_a) : "memory");
    fi = last_fault;
    CHECK(fi.count == 1 && fi.vector == TRAP_PF && (fi.error_code & 3) == 3,
          "write to the GDT frame: got %s, expected #PF error code P|W",
          fault_str(&fi));
    rc = remap(gdt_a, true);
    CHECK_EQ(rc, -XEN_EBUSY, "update_va_mapping(GDT frame read-write)");

    test_selectors();
    test_update_descriptor();

    frames[0] = virt_to_mfn(gdt_bad);
    rc = set_gdt(frames, 5);
    CHECK_EQ(rc, -XEN_EINVAL, "set_gdt(frame with a TSS descriptor)");
    fi = load_ds(SEL_DATA);
    CHECK(!fi.count, "mov 0x0b to %%ds after the refused set_gdt: got %s, "
          "expected no fault (old GDT kept)", fault_str(&fi));
    load_ds(0);

    for (unsigned int i = 0; i < ARRAY_SIZE(frames); i++)
        frames[i] = mfn_a;
    rc = set_gdt(frames, GDT_ENTRIES_MAX);
    CHECK_EQ(rc, 0, "set_gdt(7168 entries, frame A 14 times)");
    rc = set_gdt(&mfn_a, 512);
    CHECK_EQ(rc, 0, "set_gdt(frame A, 512 entries) again");

    test_call_gate();

    rc = set_gdt(NULL, 0);
    CHECK_EQ(rc, 0, "set_gdt(0 entries)");
    expect_load_fault("after the GDT was released", SEL_DATA, TRAP_GP, SEL_DATA & ~3);
    rc = remap(gdt_a, true);
    CHECK_EQ(rc, 0, "update_va_mapping(frame A read-write) after release");
}
