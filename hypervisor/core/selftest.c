/* SPDX-License-Identifier: MIT */
/*
 * Built-in self tests, chosen with selftest=<name> on the command line.
 * Each proves one bring-up property end to end under QEMU and ends the run
 * with a "Test result:" line (the integration runner's contract).
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/fbcon.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/main.h>

static __noreturn void result(bool ok)
{
    printk(LOG_INFO, "Test result: %s", ok ? "SUCCESS" : "FAILURE");
    arch_machine_stop(ok ? 0 : 1, STOP_HALT);
}

/* Boot reached hv_main with memory and timers up. */
static void st_boot(void)
{
    result(frame_free_count() > 0 && arch_tsc_khz() > 0);
}

/* A page fault in the hypervisor must give a register dump and a FAILURE. */
static void st_fault(void)
{
    uintptr_t addr = 0x10;
    volatile uint64_t *bad;

    __asm__("" : "+r"(addr));   /* hide the constant from the optimiser */
    bad = (volatile uint64_t *)addr;

    printk(LOG_INFO, "selftest: reading unmapped address %p", (void *)bad);
    (void)*bad;
    printk(LOG_ERR, "selftest: the fault did not happen");
    result(false);
}

/* An invalid opcode: same contract as a fault. */
static void st_ud(void)
{
    __asm__ volatile("ud2");
    result(false);
}

/* A failed ASSERT must panic with file and line. */
static void st_assert(void)
{
    volatile int zero = 0;

    ASSERT(zero == 1);
    result(false);
}

/* The type of the memory map range holding @pa (0 if none). */
static uint32_t memmap_type_at(paddr_t pa)
{
    for (unsigned int i = 0; i < boot_memmap.nr; i++)
        if (pa >= boot_memmap.r[i].base && pa < boot_memmap.r[i].end)
            return boot_memmap.r[i].type;
    return 0;
}

/*
 * Frame allocator end to end: take every free frame one by one, check each
 * is distinct (the frame's data field marks it), give them all back and
 * check the free count is restored and a large block is again available.
 * No frame handed out may lie outside the usable RAM of the memory map:
 * firmware data, the image, the hand-off data and modules stay untouched.
 * Known zero: every frame handed out is zero, boot memory included, and
 * so is every frame taken again after the first round wrote into it and
 * gave it back (freed frames are scrubbed before reuse).
 */
static const struct boot_info *st_bi;

/* Is [pa, pa+PAGE_SIZE) inside a module, the image or the boot info? */
static bool in_boot_data(paddr_t pa)
{
    for (unsigned int i = 0; i < st_bi->nr_modules; i++)
        if (pa + PAGE_SIZE > st_bi->modules[i].base &&
            pa < st_bi->modules[i].base + st_bi->modules[i].len)
            return true;
    return pa + PAGE_SIZE > st_bi->image_phys &&
           pa < st_bi->image_phys + st_bi->image_size;
}

/* Is frame @m all zero? Says which word is not. */
static bool st_frame_zero(mfn_t m, unsigned int round)
{
    const uint64_t *p = phys_to_virt(m << PAGE_SHIFT);

    for (unsigned int i = 0; i < PAGE_SIZE / 8; i++) {
        if (p[i]) {
            printk(LOG_ERR, "round %u: frame %#llx handed out holding %#llx at "
                   "byte %u, expected zero", round, (unsigned long long)m,
                   (unsigned long long)p[i], i * 8);
            return false;
        }
    }
    return true;
}

/*
 * Take every free frame, each checked (zero, not handed out twice, in
 * usable RAM outside the boot data), chained through their own memory.
 * Returns the chain; *@ok false on the first bad frame (which is kept).
 */
static mfn_t st_take_all(unsigned int round, uint64_t *taken, bool *ok)
{
    mfn_t head = MFN_INVALID;

    for (;;) {
        mfn_t m = frame_alloc(0);
        uint64_t *p;

        if (m == MFN_INVALID)
            break;
        if (!st_frame_zero(m, round)) {
            *ok = false;
            break;
        }
        if (mfn_to_frame(m)->data == 0x5e1f7e57) {
            printk(LOG_ERR, "frame %#llx handed out twice",
                   (unsigned long long)m);
            *ok = false;
            break;
        }
        if (memmap_type_at(m << PAGE_SHIFT) != BOOT_MEM_USABLE ||
            in_boot_data(m << PAGE_SHIFT)) {
            printk(LOG_ERR, "frame %#llx is in a %s range",
                   (unsigned long long)m,
                   memmap_type_name(memmap_type_at(m << PAGE_SHIFT)));
            *ok = false;
            break;
        }
        mfn_to_frame(m)->data = 0x5e1f7e57;
        /* The chain in the first word, and something in the last. */
        p = phys_to_virt(m << PAGE_SHIFT);
        p[0] = head;
        p[PAGE_SIZE / 8 - 1] = 0xd1e7d1e7;
        head = m;
        (*taken)++;
    }
    return head;
}

/* Give back the chain st_take_all made. */
static void st_give_back(mfn_t head, bool *ok)
{
    while (head != MFN_INVALID) {
        mfn_t next = *(mfn_t *)phys_to_virt(head << PAGE_SHIFT);

        mfn_to_frame(head)->data = 0;
        if (frame_free(head, 0)) {
            *ok = false;
            break;
        }
        head = next;
    }
}

static void st_frames(void)
{
    uint64_t before = frame_free_count(), taken = 0, again = 0;
    bool ok = true;

    st_give_back(st_take_all(1, &taken, &ok), &ok);
    printk(LOG_INFO, "selftest: took and returned %llu frames; free %llu -> %llu",
           (unsigned long long)taken, (unsigned long long)before,
           (unsigned long long)frame_free_count());
    ok = ok && taken == before && frame_free_count() == before;
    /* Round 2: what round 1 wrote into them must be gone. */
    if (ok) {
        st_give_back(st_take_all(2, &again, &ok), &ok);
        printk(LOG_INFO, "selftest: took %llu frames again, all zero: %s",
               (unsigned long long)again, ok && again == before ? "yes" : "no");
        ok = ok && again == before && frame_free_count() == before;
    }
    if (ok) {
        mfn_t big = frame_alloc(9);     /* 2 MiB: coalescing worked */

        ok = big != MFN_INVALID && !frame_free(big, 9);
    }
    result(ok);
}

/* The log ring holds what was printed. */
static void st_log(void)
{
    char buf[256];
    uint64_t pos = 0, next;
    bool found = false;

    printk(LOG_INFO, "selftest: log marker 4b1d");
    for (;;) {
        size_t n = log_ring_read(pos, buf, sizeof(buf) - 1, &next);

        if (!n)
            break;
        buf[n] = '\0';
        /* Overlap reads by 16 bytes so a marker across a boundary is seen. */
        for (size_t i = 0; i + 4 <= n; i++)
            if (!memcmp(buf + i, "4b1d", 4))
                found = true;
        pos = next > 16 && n > 16 ? next - 16 : next;
        if (n < sizeof(buf) - 1)
            break;
    }
    result(found);
}

/*
 * Unbounded recursion runs into the guard page below the boot stack. The
 * page fault cannot be delivered on the dead stack, so the CPU raises a
 * double fault, which runs on its own IST stack and is reported.
 */
static volatile unsigned int recurse_limit = ~0u;

static unsigned int recurse(unsigned int depth)
{
    volatile char pad[256];

    pad[0] = (char)depth;
    if (depth >= recurse_limit)
        return 0;
    return recurse(depth + 1) + pad[0];
}

static void st_stack(void)
{
    printk(LOG_INFO, "selftest: recursing until the stack overflows");
    recurse(0);
    result(false);
}

/*
 * The framebuffer console drew the log: the first text row (the banner,
 * replayed when the console registered) has lit pixels, read back from the
 * firmware's framebuffer. SKIP when the machine has no framebuffer.
 */
static void st_fb(void)
{
    uint64_t lit;

    if (st_bi->fb.format == BOOT_FB_NONE) {
        printk(LOG_INFO, "selftest: no framebuffer");
        printk(LOG_INFO, "Test result: SKIP");
        arch_machine_stop(0, STOP_HALT);
    }
    lit = fbcon_lit_pixels(0);
    printk(LOG_INFO, "selftest: %llu lit pixels in the first text row",
           (unsigned long long)lit);
    result(lit > 100);
}

static const struct {
    const char *name;
    void (*fn)(void);
} selftests[] = {
    { "boot", st_boot },
    { "fault", st_fault },
    { "ud", st_ud },
    { "assert", st_assert },
    { "frames", st_frames },
    { "log", st_log },
    { "fb", st_fb },
    { "stack", st_stack },
};

void selftest_run(const char *name, const struct boot_info *bi)
{
    st_bi = bi;
    for (unsigned int i = 0; i < ARRAY_SIZE(selftests); i++) {
        if (!strcmp(name, selftests[i].name)) {
            printk(LOG_INFO, "selftest: %s", name);
            selftests[i].fn();
        }
    }
}
