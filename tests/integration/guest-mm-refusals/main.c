/* SPDX-License-Identifier: MIT */
/*
 * guest-mm-refusals: the MMU hypercalls refuse what would let a guest
 * escape its page-table discipline, with Xen's error numbers, and change
 * nothing when they refuse.
 *
 * One check per refusal; each prints the call and "got X, expected Y". The
 * entry a refused mmu_update / update_va_mapping aimed at is read back and
 * must be unchanged; the guest must survive every call. Next to most
 * refusals a control shows the same call succeeding when the one bad
 * thing is taken away, so a refusal for the wrong reason shows up.
 *
 * Correct (Xen 4.17, PV-ABI-NOTES 6.1-6.8, 10), the guest being dom0:
 *   - read-write mapping of a page-table frame (the L4, an L1 in use) by
 *     mmu_update or update_va_mapping: -EBUSY (read-only: allowed);
 *   - mapping a frame the domain does not own (the hypervisor's frame
 *     behind L4 slot 256): -EBUSY; MMU_MACHPHYS_UPDATE on it: -EINVAL;
 *     mmu_update of an entry inside it: -EINVAL;
 *   - L1 entries with PAT, PCD, PWT: allowed for dom0, which holds I/O
 *     memory rights (cache_flush_permitted, 6.2);
 *   - L2 and L3 entries with PSE, L2 with G, an L2 entry to a frame mapped
 *     read-write: -EINVAL (without the bad bit: allowed);
 *   - L4 slots 256 and 271 (the hypervisor's) by mmu_update: -EINVAL
 *     (slots 255 and 272: allowed);
 *   - update_va_mapping of addresses in the hypervisor range, a
 *     non-canonical one, and one without an L1 table: -EINVAL;
 *   - PIN of a frame mapped read-write: -EINVAL; pin of a pinned frame,
 *     as the same or another level: -EINVAL; UNPIN of a frame not pinned:
 *     -EINVAL;
 *   - an L1 unpinned while a pinned L2 still references it stays a page
 *     table (read-write mapping: -EBUSY) until the L2 is unpinned; entries
 *     of a pinned L1 not in use are validated (RW mapping of the L4:
 *     -EBUSY); mmu_update into a frame that is no page table is a plain
 *     write (0);
 *   - NEW_BASEPTR on a frame mapped read-write, on a pinned L1, on a frame
 *     whose L4 validation fails, on a frame not owned: -EINVAL;
 *   - mmu_update commands 4 and 7: -ENOSYS; a foreign domain that does not
 *     exist: -ESRCH; mmuext_op command 99: -ENOSYS, MARK_SUPER:
 *     -EOPNOTSUPP;
 *   - COPY_PAGE from a hypervisor frame, CLEAR_PAGE of one, COPY_PAGE or
 *     CLEAR_PAGE into a page table: -EINVAL (into a data frame: done);
 *   - mmu_update naming itself as page-table owner (foreigndom bits 16-31
 *     = own id + 1): allowed; a page-table owner that does not exist: -ESRCH;
 *   - update_va_mapping with UVMF_ALL or a vCPU bitmap pointer: allowed;
 *     with a bitmap pointer to nowhere: -EFAULT, the entry written anyway;
 *   - TLB_FLUSH_MULTI / INVLPG_MULTI with a vCPU bitmap: allowed; with a
 *     bitmap pointer to nowhere: -EINVAL (not -EFAULT as for
 *     update_va_mapping);
 *   - batches stop at the first failing request and return its error;
 *     *pdone (an unsigned int) counts the requests done before it, the
 *     word after it is not touched; count 0 returns 0 with *pdone = 0.
 */
#include <public/errno.h>
#include "pt.h"
#include "test.h"

TEST_TITLE("MMU hypercalls refuse unsafe updates with Xen's errors");

#define MMU_CMD_4      4
#define MMU_CMD_7      7
#define NO_SUCH_DOMAIN 5
#define BAD_MFN        0xfffffffffULL /* 36 bits: beyond any RAM here */

static uint64_t boot_l4;
static const uint64_t *l4v;

static uint64_t pte(uint64_t mfn, uint64_t flags)
{
    return (mfn << 12) | PTE_P | PTE_A | flags | ((flags & PTE_RW) ? PTE_D : 0);
}

/*
 * expect_rc - the call returned @rc, @want is right; if @ma is not 0 the
 * entry there must still read @before.
 */
static void expect_rc(const char *what, long rc, long want, uint64_t ma,
                      uint64_t before)
{
    uint64_t after;

    if (rc != want)
        test_fail("%s: got %ld, expected %ld", what, rc, want);
    if (!ma)
        return;
    after = pt_read(ma);
    if (after != before)
        test_fail("%s: entry at MA %#llx changed from %#llx to %#llx", what,
                  (unsigned long long)ma, (unsigned long long)before,
                  (unsigned long long)after);
}

/* mmu_update of the entry at @ma to @val, expecting @want and no change. */
static void mmu_refused(const char *what, uint64_t ma, uint64_t val, long want)
{
    uint64_t before = pt_read(ma);
    char buf[160];

    snprintf(buf, sizeof(buf), "mmu_update(%s: MA %#llx = %#llx)", what,
             (unsigned long long)ma, (unsigned long long)val);
    expect_rc(buf, pt_mmu_update(ma, val), want, ma, before);
}

/* mmu_update of @ma to @val must succeed, then the entry is set back. */
static void mmu_allowed(const char *what, uint64_t ma, uint64_t val)
{
    uint64_t before = pt_read(ma);
    long rc = pt_mmu_update(ma, val);

    if (rc) {
        test_fail("mmu_update(%s: MA %#llx = %#llx): got %ld, expected 0", what,
                  (unsigned long long)ma, (unsigned long long)val, rc);
        return;
    }
    rc = pt_mmu_update(ma, before);
    if (rc)
        test_fail("mmu_update(%s: MA %#llx back to %#llx): got %ld, expected 0",
                  what, (unsigned long long)ma, (unsigned long long)before, rc);
}

/* update_va_mapping(@va, @val) expecting @want; @ma: @va's L1 entry or 0. */
static void uvm_refused(const char *what, uint64_t va, uint64_t val, long want,
                        uint64_t ma)
{
    uint64_t before = ma ? pt_read(ma) : 0;
    char buf[160];

    snprintf(buf, sizeof(buf), "update_va_mapping(%s: %#llx = %#llx)", what,
             (unsigned long long)va, (unsigned long long)val);
    expect_rc(buf, pt_set_va(va, val), want, ma, before);
}

static void mmuext_expect(const char *what, unsigned int cmd, uint64_t arg1,
                          long want)
{
    char buf[160];

    snprintf(buf, sizeof(buf), "mmuext_op(%s: cmd %u, arg1 %#llx)", what, cmd,
             (unsigned long long)arg1);
    expect_rc(buf, pt_mmuext(cmd, arg1, 0), want, 0, 0);
}

/* Read a word that may fault; false if it did. */
static bool safe_read(uint64_t addr, uint64_t *val)
{
    uint64_t v = 0;

    fault_clear();
    __asm__ volatile("1: mov (%[a]), %[v]\n2:\n" EXTABLE(1b, 2b)
                     : [v] "+r"(v)
                     : [a] "r"(addr)
                     : "memory");
    *val = v;
    return last_fault.count == 0;
}

/* A frame mapped nowhere, filled from @words (NULL: zeros). */
static uint64_t unmapped_frame(const uint64_t *words, unsigned int n)
{
    uint64_t mfn;
    uint64_t *p = pt_new_table(&mfn);

    if (words)
        memcpy(p, words, n * sizeof(*words));
    if (pt_unmap(p))
        test_result(TEST_ERROR, "setup: unmapping a window failed");
    return mfn;
}

static void test_writable_pt_frames(uint64_t w, uint64_t w_ma)
{
    uint64_t l1_mfn = w_ma >> 12;

    mmu_refused("window = builder's L4, RW", w_ma, pte(boot_l4, PTE_RW),
                -XEN_EBUSY);
    mmu_refused("window = L1 in use, RW", w_ma, pte(l1_mfn, PTE_RW),
                -XEN_EBUSY);
    uvm_refused("window = builder's L4, RW", w, pte(boot_l4, PTE_RW),
                -XEN_EBUSY, w_ma);
    uvm_refused("window = L1 in use, RW", w, pte(l1_mfn, PTE_RW), -XEN_EBUSY,
                w_ma);
    /* Controls: read-only mappings of page-table frames are fine. */
    expect_rc("update_va_mapping(window = builder's L4, RO)",
              pt_set_va(w, pte(boot_l4, 0)), 0, 0, 0);
    expect_rc("update_va_mapping(window = L1 in use, RO)",
              pt_set_va(w, pte(l1_mfn, 0)), 0, 0, 0);
    expect_rc("update_va_mapping(window = 0)", pt_set_va(w, 0), 0, 0, 0);
}

static void test_not_owned(uint64_t w, uint64_t w_ma, uint64_t data)
{
    uint64_t xen_mfn, m2p_before, m2p_after;
    bool readable;

    if (!(l4v[256] & PTE_P)) {
        test_fail(
            "builder's L4 slot 256 (RO M2P) not present: %#llx; no hypervisor "
            "frame to try",
            (unsigned long long)l4v[256]);
        return;
    }
    xen_mfn = PTE_MFN(l4v[256]);
    if (pt_mfn_to_pfn(xen_mfn) != PT_INVALID)
        test_result(
            TEST_ERROR,
            "setup: the frame behind L4 slot 256 (%#llx) is the guest's",
            (unsigned long long)xen_mfn);
    printf("hypervisor frame behind L4 slot 256: mfn %#llx\n",
           (unsigned long long)xen_mfn);

    mmu_refused("window = hypervisor frame, RO", w_ma, pte(xen_mfn, 0),
                -XEN_EBUSY);
    mmu_refused("window = hypervisor frame, RW", w_ma, pte(xen_mfn, PTE_RW),
                -XEN_EBUSY);
    uvm_refused("window = hypervisor frame, RO", w, pte(xen_mfn, 0), -XEN_EBUSY,
                w_ma);

    /* An entry inside the hypervisor's table: the frame is not ours. */
    mmu_refused("entry 511 of the hypervisor's slot-256 L3",
                (xen_mfn << 12) + 511 * 8, pte(data, PTE_RW), -XEN_EINVAL);
    mmu_refused("frame beyond RAM", BAD_MFN << 12, 0, -XEN_EINVAL);

    readable = safe_read(MACH2PHYS_VIRT_START + xen_mfn * 8, &m2p_before);
    expect_rc("mmu_update(MMU_MACHPHYS_UPDATE, hypervisor frame)",
              pt_mmu_update((xen_mfn << 12) | MMU_MACHPHYS_UPDATE, 0x1234),
              -XEN_EINVAL, 0, 0);
    if (readable && safe_read(MACH2PHYS_VIRT_START + xen_mfn * 8, &m2p_after) &&
        m2p_after != m2p_before)
        test_fail("MMU_MACHPHYS_UPDATE refused but M2P[%#llx] changed from "
                  "%#llx to %#llx",
                  (unsigned long long)xen_mfn, (unsigned long long)m2p_before,
                  (unsigned long long)m2p_after);
    expect_rc("mmu_update(MMU_MACHPHYS_UPDATE, frame beyond RAM)",
              pt_mmu_update((BAD_MFN << 12) | MMU_MACHPHYS_UPDATE, 0x1234),
              -XEN_EINVAL, 0, 0);

    /* COPY_PAGE from it would read the hypervisor's memory. */
    expect_rc("mmuext_op(COPY_PAGE, from the hypervisor frame to DATA)",
              pt_mmuext(MMUEXT_COPY_PAGE, data, xen_mfn), -XEN_EINVAL, 0, 0);
    expect_rc("mmuext_op(CLEAR_PAGE, hypervisor frame)",
              pt_mmuext(MMUEXT_CLEAR_PAGE, xen_mfn, 0), -XEN_EINVAL, 0, 0);

    /* Not a base pointer either. */
    mmuext_expect("NEW_BASEPTR, hypervisor frame", MMUEXT_NEW_BASEPTR, xen_mfn,
                  -XEN_EINVAL);
    mmuext_expect("PIN_L3_TABLE, hypervisor frame", MMUEXT_PIN_L3_TABLE,
                  xen_mfn, -XEN_EINVAL);
}

static void test_l1_flags(uint64_t w_ma, uint64_t data)
{
    static const struct {
        const char *name;
        uint64_t bits;
    } cache_bits[] = {
        {"PAT", PTE_PAT},
        {"PCD", PTE_PCD},
        {"PWT", PTE_PWT},
        {"PCD|PWT", PTE_PCD | PTE_PWT},
    };
    /* dom0 holds I/O memory rights: cache attributes are allowed (6.2). */
    bool io_capable = start_info->flags & SIF_INITDOMAIN;

    for (unsigned int i = 0; i < ARRAY_SIZE(cache_bits); i++) {
        char what[64];

        snprintf(what, sizeof(what), "L1 entry with %s", cache_bits[i].name);
        if (io_capable)
            mmu_allowed(what, w_ma, pte(data, PTE_RW | cache_bits[i].bits));
        else
            mmu_refused(what, w_ma, pte(data, PTE_RW | cache_bits[i].bits),
                        -XEN_EINVAL);
    }
}

static void test_upper_flags(uint64_t data)
{
    uint64_t end = pt_region_end();
    uint64_t l2_ma = pt_entry_ma(boot_l4, end, 2);
    uint64_t l3_ma = pt_entry_ma(boot_l4, end, 3);
    uint64_t l2_mfn = l2_ma >> 12, l3_mfn = l3_ma >> 12;
    /* An L1 of the region, already typed L1; may be mapped twice. */
    uint64_t l1_mfn = pt_entry_ma(boot_l4, GUEST_VIRT_BASE, 1) >> 12;
    uint64_t l3_spare = (l3_mfn << 12) + 511 * 8;
    uint64_t super = (data << 12) & ~((1ULL << 21) - 1);

    if (!l2_ma || pt_read(l2_ma) != 0 || pt_index(GUEST_VIRT_BASE, 3) == 511 ||
        pt_read(l3_spare) != 0)
        test_result(TEST_ERROR,
                    "setup: the L2 entry past the region (MA %#llx) or L3 "
                    "entry 511 is not an empty slot",
                    (unsigned long long)l2_ma);

    mmu_refused("L2 entry with PSE", l2_ma,
                super | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_PSE, -XEN_EINVAL);
    mmu_refused("L2 entry with G", l2_ma, pte(l1_mfn, PTE_RW | PTE_G),
                -XEN_EINVAL);
    mmu_refused("L2 entry to a frame mapped RW", l2_ma, pte(data, PTE_RW),
                -XEN_EINVAL);
    mmu_allowed("L2 entry to an L1 in use", l2_ma, pte(l1_mfn, PTE_RW));

    mmu_refused("L3 entry with PSE", l3_spare,
                (data << 12 & ~((1ULL << 30) - 1)) | PTE_P | PTE_RW | PTE_A |
                    PTE_D | PTE_PSE,
                -XEN_EINVAL);
    mmu_allowed("L3 entry to the L2 in use", l3_spare, pte(l2_mfn, PTE_RW));

    /* The hypervisor's L4 slots; the guest slots around them are open. */
    mmu_refused("L4 slot 256", (boot_l4 << 12) + 256 * 8, pte(l3_mfn, PTE_RW),
                -XEN_EINVAL);
    mmu_refused("L4 slot 271", (boot_l4 << 12) + 271 * 8, pte(l3_mfn, PTE_RW),
                -XEN_EINVAL);
    mmu_refused("L4 slot 256 cleared", (boot_l4 << 12) + 256 * 8, 0,
                -XEN_EINVAL);
    mmu_allowed("L4 slot 255", (boot_l4 << 12) + 255 * 8, pte(l3_mfn, PTE_RW));
    mmu_allowed("L4 slot 272", (boot_l4 << 12) + 272 * 8, pte(l3_mfn, PTE_RW));
}

static void test_hypervisor_range(uint64_t data)
{
    static const uint64_t vas[] = {
        HYPERVISOR_VIRT_START, /* the RO M2P */
        MACH2PHYS_VIRT_END - GUEST_PAGE_SIZE,
        0xffff830000000000ULL, /* inside slots 256-271 */
        HYPERVISOR_VIRT_END - GUEST_PAGE_SIZE,
        0x0000800000000000ULL, /* non-canonical */
        0x1000,                /* canonical, no L1 table */
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(vas); i++)
        uvm_refused("no guest L1 here", vas[i], pte(data, PTE_RW), -XEN_EINVAL,
                    0);
}

static void test_pins(uint64_t data, uint64_t data_mfn_l1_ma)
{
    uint64_t fresh = unmapped_frame(NULL, 0);
    uint64_t l1_in_use = data_mfn_l1_ma >> 12;

    mmuext_expect("PIN_L1_TABLE, frame mapped RW", MMUEXT_PIN_L1_TABLE, data,
                  -XEN_EINVAL);
    mmuext_expect("PIN_L4_TABLE, frame mapped RW", MMUEXT_PIN_L4_TABLE, data,
                  -XEN_EINVAL);
    mmuext_expect("UNPIN_TABLE, frame never pinned", MMUEXT_UNPIN_TABLE, data,
                  -XEN_EINVAL);
    mmuext_expect("UNPIN_TABLE, L1 in use, not pinned", MMUEXT_UNPIN_TABLE,
                  l1_in_use, -XEN_EINVAL);
    mmuext_expect("PIN_L4_TABLE, builder's L4 (pinned)", MMUEXT_PIN_L4_TABLE,
                  boot_l4, -XEN_EINVAL);

    mmuext_expect("PIN_L1_TABLE, empty frame", MMUEXT_PIN_L1_TABLE, fresh, 0);
    mmuext_expect("PIN_L1_TABLE again", MMUEXT_PIN_L1_TABLE, fresh,
                  -XEN_EINVAL);
    mmuext_expect("PIN_L2_TABLE, pinned as L1", MMUEXT_PIN_L2_TABLE, fresh,
                  -XEN_EINVAL);
    mmuext_expect("NEW_BASEPTR, pinned L1", MMUEXT_NEW_BASEPTR, fresh,
                  -XEN_EINVAL);
    uvm_refused("window = pinned L1, RW", (uint64_t)(uintptr_t)pt_take_window(),
                pte(fresh, PTE_RW), -XEN_EBUSY, 0);
    mmuext_expect("UNPIN_TABLE, pinned L1", MMUEXT_UNPIN_TABLE, fresh, 0);
    mmuext_expect("UNPIN_TABLE again", MMUEXT_UNPIN_TABLE, fresh, -XEN_EINVAL);
}

/*
 * Type references: an L1 referenced from a pinned L2 stays a page table
 * after its own pin goes; a pinned L1 that is not in use still has its
 * updates validated; a data frame takes plain writes.
 */
static void test_type_refs(uint64_t data, uint64_t *data_va)
{
    uint64_t l1 = unmapped_frame(NULL, 0);
    uint64_t l2_words[1] = {pte(l1, PTE_RW)};
    uint64_t l2 = unmapped_frame(l2_words, 1);
    uint64_t w = (uint64_t)(uintptr_t)pt_take_window();

    CHECK_EQ(pt_pin(1, l1), 0, "PIN_L1_TABLE(L1)");
    CHECK_EQ(pt_pin(2, l2), 0, "PIN_L2_TABLE(L2 -> L1)");
    /* Entries of a pinned L1 not in use are validated too. */
    mmu_refused("pinned L1 entry 5 = builder's L4, RW", (l1 << 12) + 5 * 8,
                pte(boot_l4, PTE_RW), -XEN_EBUSY);
    CHECK_EQ(pt_mmu_update((l1 << 12) + 5 * 8, pte(data, PTE_RW)), 0,
             "mmu_update(pinned L1 entry 5 = DATA, RW)");
    CHECK_EQ(pt_unpin(l1), 0, "UNPIN_TABLE(L1, still referenced by the L2)");
    uvm_refused("window = L1 unpinned but referenced, RW", w, pte(l1, PTE_RW),
                -XEN_EBUSY, 0);
    CHECK_EQ(pt_unpin(l2), 0, "UNPIN_TABLE(L2)");
    /* Nothing holds the L1 type now: it may become writable. */
    CHECK_EQ(pt_set_va(w, pte(l1, PTE_RW)), 0,
             "update_va_mapping(window = former L1, RW) after the L2 went");
    CHECK_EQ(((volatile uint64_t *)(uintptr_t)w)[5] & PTE_ADDR_MASK, data << 12,
             "former L1 entry 5 (written while pinned)");
    CHECK_EQ(pt_set_va(w, 0), 0, "update_va_mapping(window = 0)");

    /* DATA is writable-typed: mmu_update is a plain, unvalidated write. */
    CHECK_EQ(pt_mmu_update((data << 12) + 8, 0x1234567), 0,
             "mmu_update(into DATA, a frame that is no page table)");
    CHECK_EQ(data_va[1], 0x1234567, "DATA word 1 after mmu_update");
}

static void test_baseptr(uint64_t data)
{
    /* Slot 0 maps a frame mapped read-write: not an L3 it can be. */
    uint64_t bad[1] = {pte(data, PTE_RW)};
    uint64_t bad_l4 = unmapped_frame(bad, 1);
    static volatile int alive;

    mmuext_expect("NEW_BASEPTR, frame mapped RW", MMUEXT_NEW_BASEPTR, data,
                  -XEN_EINVAL);
    mmuext_expect("NEW_BASEPTR, L4 with a bad entry", MMUEXT_NEW_BASEPTR,
                  bad_l4, -XEN_EINVAL);
    mmuext_expect("PIN_L4_TABLE, L4 with a bad entry", MMUEXT_PIN_L4_TABLE,
                  bad_l4, -XEN_EINVAL);
    mmuext_expect("NEW_BASEPTR, frame beyond RAM", MMUEXT_NEW_BASEPTR, BAD_MFN,
                  -XEN_EINVAL);
    /* Still on the builder's tree: data and calls work. */
    alive = 1;
    CHECK_EQ(alive, 1, "still running after the refused NEW_BASEPTRs");
}

static void test_commands(uint64_t w_ma, uint64_t data)
{
    struct mmu_update req = {.ptr = w_ma, .val = pte(data, 0)};
    long rc;

    mmu_refused("command 7", w_ma | MMU_CMD_7, pte(data, 0), -XEN_ENOSYS);
    mmu_refused("command 4", w_ma | MMU_CMD_4, pte(data, 0), -XEN_ENOSYS);
    rc = HYPERVISOR_mmu_update(&req, 1, NULL, NO_SUCH_DOMAIN);
    expect_rc("mmu_update(foreigndom 5, no such domain)", rc, -XEN_ESRCH, w_ma,
              0);
    /* The page-table owner named explicitly (PFD = own id + 1; dom0 is 0). */
    rc = HYPERVISOR_mmu_update(&req, 1, NULL, (0 + 1) << 16 | DOMID_SELF);
    CHECK_EQ(rc, 0,
             "mmu_update(foreigndom: page-table owner = self, domain 0)");
    CHECK_EQ(pt_read(w_ma), pte(data, 0) | PTE_US | PTE_GUEST_KERNEL,
             "entry after mmu_update with PFD = self");
    CHECK_EQ(pt_mmu_update(w_ma, 0), 0, "mmu_update(window = 0)");
    rc = HYPERVISOR_mmu_update(&req, 1, NULL,
                               (NO_SUCH_DOMAIN + 1) << 16 | DOMID_SELF);
    expect_rc("mmu_update(foreigndom: page-table owner 5, no such domain)", rc,
              -XEN_ESRCH, w_ma, 0);
    mmuext_expect("unknown command 99", 99, 0, -XEN_ENOSYS);
    mmuext_expect("MARK_SUPER", MMUEXT_MARK_SUPER, data, -XEN_EOPNOTSUPP);
}

/* CLEAR_PAGE and COPY_PAGE write only frames that can be writable. */
static void test_clear_copy(uint64_t data, uint64_t *data_va)
{
    uint64_t src_mfn, pinned = unmapped_frame(NULL, 0);
    uint64_t *src = pt_new_table(&src_mfn);

    src[0] = 0x5eed;
    src[PT_ENTRIES - 1] = 0x5eee;
    CHECK_EQ(pt_mmuext(MMUEXT_COPY_PAGE, data, src_mfn), 0,
             "mmuext_op(COPY_PAGE, SRC to DATA)");
    CHECK_EQ(data_va[0], 0x5eed, "DATA word 0 after COPY_PAGE");
    CHECK_EQ(data_va[PT_ENTRIES - 1], 0x5eee, "DATA word 511 after COPY_PAGE");
    CHECK_EQ(pt_mmuext(MMUEXT_CLEAR_PAGE, src_mfn, 0), 0,
             "mmuext_op(CLEAR_PAGE, SRC)");
    CHECK_EQ(src[0] | src[PT_ENTRIES - 1], 0,
             "SRC words 0 and 511 after CLEAR_PAGE");
    pt_unmap(src);

    CHECK_EQ(pt_pin(1, pinned), 0, "mmuext_op(PIN_L1_TABLE, empty frame)");
    expect_rc("mmuext_op(COPY_PAGE, DATA into a pinned L1)",
              pt_mmuext(MMUEXT_COPY_PAGE, pinned, data), -XEN_EINVAL, 0, 0);
    expect_rc("mmuext_op(CLEAR_PAGE, pinned L1)",
              pt_mmuext(MMUEXT_CLEAR_PAGE, pinned, 0), -XEN_EINVAL, 0, 0);
    expect_rc("mmuext_op(COPY_PAGE, DATA into the builder's L4)",
              pt_mmuext(MMUEXT_COPY_PAGE, boot_l4, data), -XEN_EINVAL, 0, 0);
    CHECK_EQ(l4v[pt_index(GUEST_VIRT_BASE, 4)] & PTE_P, PTE_P,
             "builder's L4 kernel slot still present");
    CHECK_EQ(pt_unpin(pinned), 0, "mmuext_op(UNPIN_TABLE, the L1)");
}

/* update_va_mapping's flush scope: local, all, or a vCPU bitmap pointer. */
static void test_uvm_flags(uint64_t w, uint64_t w_ma, uint64_t data)
{
    static unsigned long vcpu_mask = 1;

    CHECK_EQ(
        HYPERVISOR_update_va_mapping(w, pte(data, 0), UVMF_INVLPG | UVMF_ALL),
        0, "update_va_mapping(UVMF_INVLPG | UVMF_ALL)");
    CHECK_EQ(HYPERVISOR_update_va_mapping(
                 w, 0, UVMF_TLB_FLUSH | (uint64_t)(uintptr_t)&vcpu_mask),
             0, "update_va_mapping(UVMF_TLB_FLUSH | vCPU bitmap pointer)");
    /* A bitmap pointer to nowhere: the entry is written, the flush fails. */
    CHECK_EQ(
        HYPERVISOR_update_va_mapping(w, pte(data, 0), UVMF_INVLPG | 0x1000),
        -XEN_EFAULT,
        "update_va_mapping(UVMF_INVLPG | unmapped bitmap pointer 0x1000)");
    CHECK_EQ(pt_read(w_ma), pte(data, 0) | PTE_US | PTE_GUEST_KERNEL,
             "entry after update_va_mapping with a bad bitmap pointer");
    CHECK_EQ(pt_set_va(w, 0), 0, "update_va_mapping(window = 0)");
}

/* The *_MULTI mmuext ops read a vCPU bitmap from arg2. */
static void test_mmuext_multi(void)
{
    static unsigned long vcpu_mask = 1;
    struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_MULTI};

    op.arg2.vcpumask = (uint64_t)(uintptr_t)&vcpu_mask;
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0,
             "mmuext_op(TLB_FLUSH_MULTI, bitmap {vCPU 0})");
    op.arg2.vcpumask = 0x1000;
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), -XEN_EINVAL,
             "mmuext_op(TLB_FLUSH_MULTI, bitmap pointer 0x1000, unmapped)");
    op.cmd = MMUEXT_INVLPG_MULTI;
    op.arg1.linear_addr = GUEST_VIRT_BASE;
    op.arg2.vcpumask = (uint64_t)(uintptr_t)&vcpu_mask;
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0,
             "mmuext_op(INVLPG_MULTI, bitmap {vCPU 0})");
    op.arg2.vcpumask = 0x1000;
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), -XEN_EINVAL,
             "mmuext_op(INVLPG_MULTI, bitmap pointer 0x1000, unmapped)");
}

static void test_pdone(uint64_t w_ma, uint64_t data)
{
    struct {
        unsigned int done;
        unsigned int guard;
    } out;
    struct mmu_update reqs[3] = {
        {.ptr = w_ma, .val = pte(data, 0)},
        {.ptr = w_ma | MMU_CMD_7, .val = 0},
        {.ptr = w_ma, .val = 0},
    };
    struct mmuext_op ops[3] = {
        {.cmd = MMUEXT_TLB_FLUSH_LOCAL},
        {.cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = data},
        {.cmd = MMUEXT_TLB_FLUSH_LOCAL},
    };
    long rc;

    out.done = 0xdeadbeef;
    out.guard = 0x5a5a5a5a;
    rc = HYPERVISOR_mmu_update(reqs, 3, &out.done, DOMID_SELF);
    CHECK_EQ(rc, -XEN_ENOSYS, "mmu_update(3 requests, the 2nd with command 7)");
    CHECK_EQ(out.done, 1, "mmu_update(3 requests, 2nd bad): *pdone");
    CHECK_EQ(out.guard, 0x5a5a5a5a,
             "mmu_update: the word after *pdone (unsigned int)");
    CHECK_EQ(pt_read(w_ma), pte(data, 0) | PTE_US | PTE_GUEST_KERNEL,
             "mmu_update batch: entry after request 1 done, request 3 not");
    CHECK_EQ(pt_mmu_update(w_ma, 0), 0, "mmu_update(window = 0)");

    out.done = 0xdeadbeef;
    out.guard = 0x5a5a5a5a;
    rc = HYPERVISOR_mmuext_op(ops, 3, &out.done, DOMID_SELF);
    CHECK_EQ(rc, -XEN_EINVAL,
             "mmuext_op(flush, unpin of an unpinned frame, flush)");
    CHECK_EQ(out.done, 1, "mmuext_op(3 ops, 2nd bad): *pdone");
    CHECK_EQ(out.guard, 0x5a5a5a5a,
             "mmuext_op: the word after *pdone (unsigned int)");

    out.done = 0xdeadbeef;
    out.guard = 0x5a5a5a5a;
    rc = HYPERVISOR_mmu_update(reqs, 0, &out.done, DOMID_SELF);
    CHECK_EQ(rc, 0, "mmu_update(count 0)");
    CHECK_EQ(out.done, 0, "mmu_update(count 0): *pdone");
    CHECK_EQ(out.guard, 0x5a5a5a5a,
             "mmu_update(count 0): the word after *pdone");

    out.done = 0xdeadbeef;
    out.guard = 0x5a5a5a5a;
    rc = HYPERVISOR_mmuext_op(ops, 0, &out.done, DOMID_SELF);
    CHECK_EQ(rc, 0, "mmuext_op(count 0)");
    CHECK_EQ(out.done, 0, "mmuext_op(count 0): *pdone");
    CHECK_EQ(out.guard, 0x5a5a5a5a,
             "mmuext_op(count 0): the word after *pdone");
}

void test_main(void)
{
    uint64_t w, w_ma, data;
    uint64_t *data_va;

    shared_info_map();
    pt_init();
    boot_l4 = pt_boot_l4();
    l4v = pt_table_va(boot_l4);

    /* W: a window whose L1 entry the checks aim at (not present). */
    w = (uint64_t)(uintptr_t)pt_take_window();
    w_ma = pt_entry_ma(boot_l4, w, 1);
    if (!w_ma || pt_read(w_ma) != 0)
        test_result(TEST_ERROR, "setup: window %#llx has no empty L1 entry",
                    (unsigned long long)w);
    /* DATA: an ordinary frame, mapped read-write at a window of its own. */
    data_va = pt_new_table(&data);
    data_va[0] = 0xda7a;

    test_writable_pt_frames(w, w_ma);
    test_not_owned(w, w_ma, data);
    test_l1_flags(w_ma, data);
    test_upper_flags(data);
    test_hypervisor_range(data);
    test_pins(data, w_ma);
    test_type_refs(data, data_va);
    test_baseptr(data);
    test_commands(w_ma, data);
    test_clear_copy(data, data_va);
    test_uvm_flags(w, w_ma, data);
    test_mmuext_multi();
    test_pdone(w_ma, data);

    /* DATA is still an ordinary writable page. */
    data_va[1] = 0xda7b;
    CHECK_EQ(data_va[1], 0xda7b, "DATA still writable");
}
