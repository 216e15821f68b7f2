/* SPDX-License-Identifier: MIT */
/*
 * Descriptor tables: each CPU's GDT and TSS (with IST stacks), one IDT.
 *
 * Double fault, NMI and machine check run on their own IST stacks, so a
 * corrupt or overflowed stack still gets a register dump.
 */
#include <hv/arch.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/percpu.h>
#include <asm/desc.h>
#include <asm/regs.h>
#include <asm/setup.h>

#define IST_STACK_SIZE  8192

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __packed;
_Static_assert(sizeof(struct tss64) == 104, "TSS layout");

struct idt_gate {
    uint16_t offset0;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset1;
    uint32_t offset2;
    uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout");

struct desc_ptr {
    uint16_t limit;
    uint64_t base;
} __packed;

/*
 * A CPU's hypervisor GDT page: entries 7168..7679 of the full GDT (selector
 * 0xe000 upwards), page 14 of the CPU's GDT area (gdt_area_init) whose
 * pages 0-13 show the running guest's GDT frames. The boot CPU's is here,
 * so it can run before paging is final (GDTR then points 0xe000 bytes below
 * it, so the selectors index into it); other CPUs get a frame each.
 */
struct arch_pcpu {
    struct tss64 tss;
    uint64_t *gdt_hv;           /* the CPU's hypervisor GDT page */
};

static uint64_t gdt_boot[512] __aligned(4096);
static struct arch_pcpu arch_boot = { .gdt_hv = gdt_boot };
#define GDT_HV_IDX(sel) (((sel) >> 3) - HV_FIRST_RESERVED_GDT_ENTRY)
static struct idt_gate idt[NR_VECTORS] __aligned(16);
/* The boot CPU's IST stacks until its per-CPU stack block exists. */
static uint8_t ist_boot[IST_NR][IST_STACK_SIZE] __aligned(16);

extern const uint64_t trap_stubs[NR_VECTORS];

static void set_gate(unsigned int vec, uint64_t addr, unsigned int ist,
                     unsigned int dpl)
{
    idt[vec] = (struct idt_gate) {
        .offset0 = addr & 0xffff,
        .selector = HV_CS,
        .ist = (uint8_t)ist,
        .type_attr = (uint8_t)(0x8e | dpl << 5), /* present, 64-bit interrupt gate */
        .offset1 = (addr >> 16) & 0xffff,
        .offset2 = (uint32_t)(addr >> 32),
    };
}

/* The fixed descriptors of a hypervisor GDT page, with @tss's descriptor. */
static void gdt_hv_fill(uint64_t *gdt, const struct tss64 *tss)
{
    uint64_t tss_base = (uint64_t)(uintptr_t)tss;

    gdt[GDT_HV_IDX(HV_CS)] = 0x00af9a000000ffffULL;      /* 64-bit code, DPL 0 */
    gdt[GDT_HV_IDX(HV_DS)] = 0x00cf92000000ffffULL;      /* data, DPL 0 */
    gdt[GDT_HV_IDX(GUEST_CS32)] = 0x00cffa000000ffffULL; /* 32-bit code, DPL 3 */
    gdt[GDT_HV_IDX(GUEST_DS)] = 0x00cff2000000ffffULL;   /* data, DPL 3 */
    gdt[GDT_HV_IDX(GUEST_CS64)] = 0x00affa000000ffffULL; /* 64-bit code, DPL 3 */
    gdt[GDT_HV_IDX(TSS_SEL)] = (sizeof(*tss) - 1) |
                               ((tss_base & 0xffffff) << 16) |
                               (0x89ULL << 40) |         /* present, 64-bit TSS */
                               (((tss_base >> 24) & 0xff) << 56);
    gdt[GDT_HV_IDX(TSS_SEL) + 1] = tss_base >> 32;
}

/* Load GDTR, reload every segment register from it, and load IDTR and TR. */
static void load_tables(uint64_t gdt_base, bool load_tr)
{
    struct desc_ptr gdtr = { GDT_LIMIT, gdt_base };
    struct desc_ptr idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

    __asm__ volatile(
        "lgdt %0\n\t"
        "mov %2, %%ds\n\t"
        "mov %2, %%es\n\t"
        "mov %2, %%ss\n\t"
        "xor %%eax, %%eax\n\t"
        "mov %%eax, %%fs\n\t"
        "mov %%eax, %%gs\n\t"
        /* Reload CS with a far return. */
        "lea 1f(%%rip), %%rax\n\t"
        "push %1\n\t"
        "push %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "lidt %3"
        :: "m"(gdtr), "i"((uint64_t)HV_CS), "r"((uint64_t)HV_DS), "m"(idtr)
        : "rax", "memory");
    if (load_tr)
        __asm__ volatile("ltr %w0" :: "r"(TSS_SEL) : "memory");
}

void cpu_init_tables(void)
{
    gdt_hv_fill(gdt_boot, &arch_boot.tss);
    for (unsigned int i = 0; i < IST_NR; i++)
        arch_boot.tss.ist[i] = (uint64_t)(uintptr_t)&ist_boot[i][IST_STACK_SIZE];
    arch_boot.tss.iomap_base = sizeof(arch_boot.tss);   /* no I/O bitmap */

    for (unsigned int v = 0; v < NR_VECTORS; v++)
        set_gate(v, trap_stubs[v], 0, 0);
    set_gate(2, trap_stubs[2], IST_NMI, 0);
    set_gate(8, trap_stubs[8], IST_DF, 0);
    set_gate(18, trap_stubs[18], IST_MC, 0);
    /* int3 and into work from ring 3, so guests get #BP/#OF directly. */
    set_gate(3, trap_stubs[3], 0, 3);
    set_gate(4, trap_stubs[4], 0, 3);

    load_tables((uint64_t)(uintptr_t)gdt_boot - HV_FIRST_RESERVED_GDT_ENTRY * 8,
                true);
}

void *arch_pcpu_alloc(unsigned int cpu)
{
    struct arch_pcpu *a;
    mfn_t m1, m2;

    if (cpu == 0)
        return &arch_boot;
    m1 = frame_alloc(0);
    m2 = frame_alloc(0);
    if (m1 == MFN_INVALID || m2 == MFN_INVALID)
        return NULL;
    a = phys_to_virt(m1 << PAGE_SHIFT);
    memset(a, 0, PAGE_SIZE);
    a->gdt_hv = phys_to_virt(m2 << PAGE_SHIFT);
    memset(a->gdt_hv, 0, PAGE_SIZE);
    a->tss.iomap_base = sizeof(a->tss);
    gdt_hv_fill(a->gdt_hv, &a->tss);
    return a;
}

paddr_t arch_pcpu_gdt_page(const void *arch)
{
    const struct arch_pcpu *a = arch;

    return a == &arch_boot ? image_virt_to_phys(gdt_boot)
                           : virt_to_phys(a->gdt_hv);
}

void cpu_load_percpu_tables(unsigned int cpu, void *arch)
{
    struct arch_pcpu *a = arch;
    uint64_t block = PERCPU_AREA(cpu) + PERCPU_STACK_OFF;
    static const unsigned int ist_page[IST_NR] = { 1, 3, 5 }; /* DF, NMI, MC */

    for (unsigned int i = 0; i < IST_NR; i++)
        a->tss.ist[i] = block + ist_page[i] * PAGE_SIZE + STACK_IST_SIZE;
    a->tss.rsp[0] = cpu_info_of(cpu);
    /* The boot CPU's TSS is already loaded (and busy): only GDTR moves. */
    load_tables(PERCPU_AREA(cpu) + PERCPU_GDT_OFF, cpu != 0);
}

void ldt_load(unsigned int ents)
{
    uint64_t base = LDT_VIRT_START;
    uint64_t *gdt_hv = (uint64_t *)(uintptr_t)(GDT_VIRT_START +
                                               GDT_GUEST_PAGES * PAGE_SIZE);

    if (!ents) {
        __asm__ volatile("lldt %w0" :: "r"(0) : "memory");
        return;
    }
    gdt_hv[GDT_HV_IDX(LDT_SEL)] = ((uint64_t)ents * 8 - 1) |
                                  ((base & 0xffffff) << 16) |
                                  (0x82ULL << 40) |     /* present, LDT */
                                  (((base >> 24) & 0xff) << 56);
    gdt_hv[GDT_HV_IDX(LDT_SEL) + 1] = base >> 32;
    __asm__ volatile("lldt %w0" :: "r"(LDT_SEL) : "memory");
}
