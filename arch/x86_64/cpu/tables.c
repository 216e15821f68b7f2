/* SPDX-License-Identifier: MIT */
/*
 * Descriptor tables of the boot CPU: GDT, TSS with IST stacks, IDT.
 *
 * Double fault, NMI and machine check run on their own IST stacks, so a
 * corrupt or overflowed stack still gets a register dump.
 */
#include <hv/lib.h>
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
 * The hypervisor's GDT page: entries 7168..7679 of the full GDT (selector
 * 0xe000 upwards). Before paging is final, GDTR points 0xe000 bytes below
 * it so the selectors index into it; afterwards it is page 14 of the GDT
 * area (gdt_area_init) whose pages 0-13 hold the guest's GDT frames.
 */
static uint64_t gdt_hv[512] __aligned(4096);
#define GDT_HV(sel) gdt_hv[((sel) >> 3) - HV_FIRST_RESERVED_GDT_ENTRY]
static struct tss64 tss __aligned(16);
static struct idt_gate idt[NR_VECTORS] __aligned(16);
static uint8_t ist_stacks[IST_NR][IST_STACK_SIZE] __aligned(16);

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

void cpu_init_tables(void)
{
    uint64_t tss_base = (uint64_t)(uintptr_t)&tss;
    struct desc_ptr gdtr = { GDT_LIMIT,
                             (uint64_t)(uintptr_t)gdt_hv - HV_FIRST_RESERVED_GDT_ENTRY * 8 };
    struct desc_ptr idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

    GDT_HV(HV_CS) = 0x00af9a000000ffffULL;      /* 64-bit code, DPL 0 */
    GDT_HV(HV_DS) = 0x00cf92000000ffffULL;      /* data, DPL 0 */
    GDT_HV(GUEST_CS32) = 0x00cffa000000ffffULL; /* 32-bit code, DPL 3 */
    GDT_HV(GUEST_DS) = 0x00cff2000000ffffULL;   /* data, DPL 3 */
    GDT_HV(GUEST_CS64) = 0x00affa000000ffffULL; /* 64-bit code, DPL 3 */
    GDT_HV(TSS_SEL) = (sizeof(tss) - 1) |
                      ((tss_base & 0xffffff) << 16) |
                      (0x89ULL << 40) |         /* present, 64-bit TSS */
                      (((tss_base >> 24) & 0xff) << 56);
    GDT_HV(TSS_SEL + 8) = tss_base >> 32;

    for (unsigned int i = 0; i < IST_NR; i++)
        tss.ist[i] = (uint64_t)(uintptr_t)&ist_stacks[i][IST_STACK_SIZE];
    tss.iomap_base = sizeof(tss);       /* no I/O bitmap */

    for (unsigned int v = 0; v < NR_VECTORS; v++)
        set_gate(v, trap_stubs[v], 0, 0);
    set_gate(2, trap_stubs[2], IST_NMI, 0);
    set_gate(8, trap_stubs[8], IST_DF, 0);
    set_gate(18, trap_stubs[18], IST_MC, 0);
    /* int3 and into work from ring 3, so guests get #BP/#OF directly. */
    set_gate(3, trap_stubs[3], 0, 3);
    set_gate(4, trap_stubs[4], 0, 3);

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
        "lidt %3\n\t"
        "ltr %w4"
        :: "m"(gdtr), "i"((uint64_t)HV_CS), "r"((uint64_t)HV_DS), "m"(idtr),
           "r"(TSS_SEL)
        : "rax", "memory");
}

paddr_t gdt_hv_page_phys(void)
{
    return image_virt_to_phys(gdt_hv);
}

void gdt_load_area(void)
{
    struct desc_ptr gdtr = { GDT_LIMIT, GDT_VIRT_START };

    __asm__ volatile("lgdt %0" :: "m"(gdtr) : "memory");
}

void ldt_load(unsigned int ents)
{
    uint64_t base = LDT_VIRT_START;

    if (!ents) {
        __asm__ volatile("lldt %w0" :: "r"(0) : "memory");
        return;
    }
    GDT_HV(LDT_SEL) = ((uint64_t)ents * 8 - 1) |
                      ((base & 0xffffff) << 16) |
                      (0x82ULL << 40) |         /* present, LDT */
                      (((base >> 24) & 0xff) << 56);
    GDT_HV(LDT_SEL + 8) = base >> 32;
    __asm__ volatile("lldt %w0" :: "r"(LDT_SEL) : "memory");
}

void tss_set_rsp0(uint64_t rsp0)
{
    tss.rsp[0] = rsp0;
}
