/* SPDX-License-Identifier: MIT */
/*
 * guest-mm-readonly-m2p: the read-only machine-to-phys table at
 * MACH2PHYS_VIRT_START (0xFFFF800000000000, PV-ABI-NOTES 6.10) is
 * readable, right, and protected.
 *
 * Correct (Xen 4.17):
 *   - for every frame of the guest (p2m[pfn] for pfn < nr_pages) the
 *     guest kernel reads M2P[p2m[pfn]] == pfn;
 *   - MMU_MACHPHYS_UPDATE of one of its frames shows in the RO M2P at
 *     once, and setting it back restores it;
 *   - a write to the RO M2P faults: #PF at the writing instruction, CR2 =
 *     the address written, error code P|W (3: present, write, kernel mode
 *     so U clear), and the entry keeps its value;
 *   - the RO M2P is data, not code: a call into it faults with #PF, CR2 =
 *     RIP = the entry's address, error code P|I (0x11); tested on an entry
 *     the guest set to 0xC3 (ret), so an executable M2P returns cleanly
 *     and is reported instead of running garbage;
 *   - the rest of the hypervisor range (0xFFFF8040_00000000 -
 *     0xFFFF8800_00000000) is not readable: a read faults, #PF with CR2 =
 *     the address and W, U, I clear (P may be either: the hypervisor may or
 *     may not map something there for itself).
 * Information only (not checked): whether the far end of the RO M2P reads
 * or faults (only the part covering RAM must exist).
 */
#include <public/errno.h>
#include "pt.h"
#include "test.h"

TEST_TITLE("the read-only M2P is readable, correct and protected");

#define PFEC_P (1ULL << 0)
#define PFEC_W (1ULL << 1)
#define PFEC_U (1ULL << 2)
#define PFEC_I (1ULL << 4)

static volatile uint64_t *const m2p = (volatile uint64_t *)MACH2PHYS_VIRT_START;

static void check_pf(const char *what, const struct fault_info *fi,
                     uint64_t rip, uint64_t cr2, uint64_t error_code,
                     uint64_t ignore)
{
    if (fi->count != 1 || fi->vector != TRAP_PF) {
        test_fail("%s: %u exceptions (%s), expected one #PF", what, fi->count,
                  fi->count ? trap_name(fi->vector) : "none");
        return;
    }
    if (fi->rip != rip)
        test_fail("%s: #PF RIP %#llx, expected %#llx", what,
                  (unsigned long long)fi->rip, (unsigned long long)rip);
    if (fi->cr2 != cr2)
        test_fail("%s: #PF CR2 %#llx, expected %#llx", what,
                  (unsigned long long)fi->cr2, (unsigned long long)cr2);
    if ((fi->error_code & ~ignore) != (error_code & ~ignore))
        test_fail("%s: #PF error code %#llx, expected %#llx%s", what,
                  (unsigned long long)fi->error_code,
                  (unsigned long long)error_code,
                  ignore ? " (P bit either)" : "");
}

/* Write @val to @addr; returns the fault (if any) and the writing RIP. */
static struct fault_info probe_write(uint64_t addr, uint64_t val, uint64_t *rip)
{
    fault_clear();
    __asm__ volatile("lea 1f(%%rip), %[r]\n"
                     "1: movq %[v], (%[a])\n"
                     "2:\n" EXTABLE(1b, 2b)
                     : [r] "=&r"(*rip)
                     : [a] "r"(addr), [v] "r"(val)
                     : "memory");
    return last_fault;
}

static struct fault_info probe_read(uint64_t addr, uint64_t *val, uint64_t *rip)
{
    uint64_t v = 0;

    fault_clear();
    __asm__ volatile("lea 1f(%%rip), %[r]\n"
                     "1: movq (%[a]), %[v]\n"
                     "2:\n" EXTABLE(1b, 2b)
                     : [r] "=&r"(*rip), [v] "+r"(v)
                     : [a] "r"(addr)
                     : "memory");
    *val = v;
    return last_fault;
}

/* The call target of probe_exec; a #PF there returns to the caller. */
static uint64_t exec_target;

static bool exec_pf(struct trap_frame *f)
{
    if (f->rip != exec_target)
        return false;
    fault_record(f);
    f->rip = *(const uint64_t *)(uintptr_t)f->rsp; /* pop the return address */
    f->rsp += 8;
    return true;
}

static struct fault_info probe_exec(uint64_t addr)
{
    exec_target = addr;
    fault_clear();
    trap_set_handler(TRAP_PF, exec_pf);
    __asm__ volatile("call *%[a]"
                     :
                     : [a] "r"(addr)
                     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
                       "r11", "memory");
    trap_set_handler(TRAP_PF, NULL);
    return last_fault;
}

static void test_contents(void)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
    uint64_t bad = 0;

    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
        uint64_t got = m2p[p2m[pfn]];

        if (got == pfn)
            continue;
        if (bad++ < 5)
            test_fail("RO M2P[p2m[%#llx] = %#llx]: got %#llx, expected %#llx",
                      (unsigned long long)pfn, (unsigned long long)p2m[pfn],
                      (unsigned long long)got, (unsigned long long)pfn);
    }
    if (bad > 5)
        test_fail("... %llu of %llu RO M2P entries wrong",
                  (unsigned long long)bad,
                  (unsigned long long)start_info->nr_pages);
    printf("RO M2P checked for %llu frames\n",
           (unsigned long long)start_info->nr_pages);
}

static void test_machphys_update(void)
{
    uint64_t mfn = pt_alloc_frame();
    uint64_t pfn = pt_mfn_to_pfn(mfn);

    CHECK_EQ(m2p[mfn], pfn,
             "RO M2P of a free frame before MMU_MACHPHYS_UPDATE");
    CHECK_EQ(pt_mmu_update((mfn << 12) | MMU_MACHPHYS_UPDATE, 0x12345), 0,
             "mmu_update(MMU_MACHPHYS_UPDATE, own frame, 0x12345)");
    CHECK_EQ(m2p[mfn], 0x12345, "RO M2P after MMU_MACHPHYS_UPDATE");
    /* ptr may point anywhere inside the frame. */
    CHECK_EQ(pt_mmu_update((mfn << 12) + 0x7f8 + MMU_MACHPHYS_UPDATE, pfn), 0,
             "mmu_update(MMU_MACHPHYS_UPDATE, own frame + 0x7f8, pfn back)");
    CHECK_EQ(m2p[mfn], pfn, "RO M2P after setting it back");
}

static void test_write_faults(void)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
    uint64_t pfns[] = {0, start_info->nr_pages - 1};

    for (unsigned int i = 0; i < ARRAY_SIZE(pfns); i++) {
        uint64_t mfn = p2m[pfns[i]];
        uint64_t addr = MACH2PHYS_VIRT_START + mfn * 8, rip;
        struct fault_info fi = probe_write(addr, 0xbad, &rip);
        char what[96];

        snprintf(what, sizeof(what), "write to RO M2P[%#llx] at %#llx",
                 (unsigned long long)mfn, (unsigned long long)addr);
        check_pf(what, &fi, rip, addr, PFEC_P | PFEC_W, 0);
        CHECK_EQ(m2p[mfn], pfns[i], "RO M2P entry after the refused write");
    }
}

static void test_not_executable(void)
{
    uint64_t mfn = pt_alloc_frame();
    uint64_t pfn = pt_mfn_to_pfn(mfn);
    uint64_t addr = MACH2PHYS_VIRT_START + mfn * 8;
    struct fault_info fi;

    /* The entry's first byte becomes `ret`. */
    if (pt_mmu_update((mfn << 12) | MMU_MACHPHYS_UPDATE, 0xc3)) {
        test_fail("mmu_update(MMU_MACHPHYS_UPDATE, own frame, 0xc3) failed");
        return;
    }
    fi = probe_exec(addr);
    if (fi.count == 0)
        test_fail(
            "call into the RO M2P at %#llx returned: the M2P is executable",
            (unsigned long long)addr);
    else
        check_pf("call into the RO M2P", &fi, addr, addr, PFEC_P | PFEC_I, 0);
    CHECK_EQ(pt_mmu_update((mfn << 12) | MMU_MACHPHYS_UPDATE, pfn), 0,
             "mmu_update(MMU_MACHPHYS_UPDATE, own frame, pfn back)");
}

static void test_hypervisor_range(void)
{
    static const uint64_t addrs[] = {
        MACH2PHYS_VIRT_END, /* just past the RO M2P */
        0xffff830000000000ULL,
        HYPERVISOR_VIRT_END - 8,
    };
    uint64_t val, rip, end = MACH2PHYS_VIRT_END - 8;
    struct fault_info fi;

    for (unsigned int i = 0; i < ARRAY_SIZE(addrs); i++) {
        char what[96];

        fi = probe_read(addrs[i], &val, &rip);
        snprintf(what, sizeof(what), "read of hypervisor address %#llx",
                 (unsigned long long)addrs[i]);
        if (fi.count == 0)
            test_fail("%s: read %#llx, expected a #PF", what,
                      (unsigned long long)val);
        else
            check_pf(what, &fi, rip, addrs[i], 0, PFEC_P);
    }
    fi = probe_read(end, &val, &rip);
    if (fi.count == 0)
        printf("info: RO M2P last entry (%#llx) reads %#llx\n",
               (unsigned long long)end, (unsigned long long)val);
    else
        printf("info: RO M2P last entry (%#llx): %s, error code %#llx\n",
               (unsigned long long)end, trap_name(fi.vector),
               (unsigned long long)fi.error_code);
}

void test_main(void)
{
    /* #PF reports CR2 through shared_info. */
    shared_info_map();
    test_contents();
    test_machphys_update();
    test_write_faults();
    test_not_executable();
    test_hypervisor_range();
}
