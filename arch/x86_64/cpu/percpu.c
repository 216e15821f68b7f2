/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU windows (asm/percpu.h): struct pcpu, the stack block, the GDT and
 * LDT areas and the syscall entry stubs of each CPU.
 *
 * syscall does not switch stacks, and the hypervisor has no spare register
 * to find its per-CPU data with (the guest owns GS), so each CPU's MSR_LSTAR
 * and MSR_CSTAR point at a stub in its own window. The stub reaches that
 * CPU's cpu_info with RIP-relative addressing (same window, fixed offsets):
 *
 *   mov  %rsp, cpu_info.guest_rsp(%rip)   park the guest stack pointer
 *   lea  cpu_info(%rip), %rsp             the CPU's stack, frame goes below
 *   jmp  *target(%rip)                    syscall.S builds the frame
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/percpu.h>
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/pv.h>
#include <asm/setup.h>

struct pcpu pcpu_boot;
struct pcpu *pcpus[HV_MAX_CPUS] = { &pcpu_boot };
unsigned int nr_cpus = 1;

void syscall_common(void);
void cstar_common(void);

#define STUB_SIZE       32
#define STUB_TARGETS    64      /* the stubs' jump targets, 8 bytes each */
#define CPU_INFO_OFF    (PERCPU_STACK_OFF + STACK_BLOCK_SIZE - CPUINFO_SIZE)

static void put32(uint8_t *p, int64_t v)
{
    int32_t d = (int32_t)v;

    BUG_ON(d != v);
    memcpy(p, &d, 4);
}

/*
 * Stub @n at byte n * STUB_SIZE of the stub page, jumping to @target. Each
 * displacement is relative to the end of its instruction, and every
 * address is an offset in the window, so the bytes are the same on every
 * CPU.
 */
static void write_stub(uint8_t *page, unsigned int n, uint64_t target)
{
    unsigned int at = n * STUB_SIZE, slot = STUB_TARGETS + n * 8;
    uint8_t *c = page + at;
    int64_t here = PERCPU_STUB_OFF + at;

    c[0] = 0x48; c[1] = 0x89; c[2] = 0x25;      /* mov %rsp, disp(%rip) */
    put32(c + 3, CPU_INFO_OFF + CPUINFO_guest_rsp - (here + 7));
    c[7] = 0x48; c[8] = 0x8d; c[9] = 0x25;      /* lea disp(%rip), %rsp */
    put32(c + 10, CPU_INFO_OFF - (here + 14));
    c[14] = 0xff; c[15] = 0x25;                 /* jmp *disp(%rip) */
    put32(c + 16, (int64_t)slot - (at + 20));
    c[20] = 0x0f; c[21] = 0x0b;                 /* ud2: never reached */
    memcpy(page + slot, &target, 8);
}

uint64_t percpu_syscall_stub(unsigned int cpu, bool compat)
{
    return PERCPU_AREA(cpu) + PERCPU_STUB_OFF + (compat ? STUB_SIZE : 0);
}

int percpu_setup(unsigned int cpu, uint32_t apic_id)
{
    struct pcpu *p = &pcpu_boot;
    uint64_t win = PERCPU_AREA(cpu), block = win + PERCPU_STACK_OFF;
    mfn_t stack, stub;
    uint8_t *code;

    BUG_ON(cpu >= HV_MAX_CPUS);
    if (cpu) {
        mfn_t m = frame_alloc(0);

        if (m == MFN_INVALID)
            return -1;
        p = phys_to_virt(m << PAGE_SHIFT);
        memset(p, 0, PAGE_SIZE);
    }
    p->id = cpu;
    p->apic_id = apic_id;
    p->arch = arch_pcpu_alloc(cpu);
    stack = frame_alloc(5);             /* the 32-page stack block */
    stub = frame_alloc(0);
    if (!p->arch || stack == MFN_INVALID || stub == MFN_INVALID)
        return -1;

    gdt_area_init(cpu, arch_pcpu_gdt_page(p->arch));
    /* Pages 0 and 7 stay unmapped: guards below the IST and main stacks. */
    for (unsigned int i = 1; i < STACK_BLOCK_SIZE / PAGE_SIZE; i++)
        if (i != 7)
            percpu_map_page(block + i * PAGE_SIZE,
                            (stack + i) << PAGE_SHIFT, true, false);
    memset(cpu_info_of(cpu), 0, sizeof(struct cpu_info));
    cpu_info_of(cpu)->pcpu = p;

    code = phys_to_virt(stub << PAGE_SHIFT);
    memset(code, 0xcc, PAGE_SIZE);      /* int3 around the stubs */
    write_stub(code, 0, (uint64_t)(uintptr_t)syscall_common);
    write_stub(code, 1, (uint64_t)(uintptr_t)cstar_common);
    percpu_map_page(win + PERCPU_STUB_OFF, stub << PAGE_SHIFT, false, true);

    pcpus[cpu] = p;
    p->online = cpu == 0;       /* the others say so when they are up */
    return 0;
}
