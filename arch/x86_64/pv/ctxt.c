/* SPDX-License-Identifier: MIT */
/*
 * Context switch between PV vCPUs on this CPU: what of a vCPU lives in the
 * processor while it runs (the register frame at the top of the hypervisor
 * stack, FPU/SSE state, data selectors, FS/GS bases, the guest GDT pages,
 * the page-table root and CR0.TS) is saved into struct arch_vcpu and the
 * next vCPU's loaded.
 *
 * FPU state is switched eagerly (fxsave/fxrstor on every switch): simple,
 * and under TCG a CR0.TS trap would cost more than the copy.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/setup.h>

#define MXCSR_DEFAULT 0x1f80

static uint16_t read_sel(int which)
{
    uint16_t s = 0;

    switch (which) {
    case 0: __asm__ volatile("mov %%ds, %0" : "=r"(s)); break;
    case 1: __asm__ volatile("mov %%es, %0" : "=r"(s)); break;
    case 2: __asm__ volatile("mov %%fs, %0" : "=r"(s)); break;
    default: __asm__ volatile("mov %%gs, %0" : "=r"(s)); break;
    }
    return s;
}

/*
 * Load a guest data selector; one the new GDT or LDT cannot back (it
 * faults) becomes the null selector and sets @failed. Loading %fs/%gs
 * clears their bases, so the bases are written afterwards.
 */
#define LOAD_SEL(seg, val, failed)                                      \
    __asm__ volatile("1: mov %w1, %%" seg "\n\t"                      \
                     "2:\n\t"                                          \
                     ".pushsection .text.fixup, \"ax\"\n\t"           \
                     "3: xor %%eax, %%eax\n\t"                          \
                     "mov %%eax, %%" seg "\n\t"                         \
                     "movb $1, %0\n\t"                                  \
                     "jmp 2b\n\t"                                       \
                     ".popsection\n\t"                                  \
                     ".pushsection __ex_table, \"a\"\n\t"              \
                     ".balign 8\n\t"                                    \
                     ".quad 1b, 3b\n\t"                                 \
                     ".popsection"                                      \
                     : "+m"(failed) : "r"(val) : "rax", "memory")

static void ctxt_save(struct vcpu *v)
{
    uint64_t active = rdmsr(MSR_GS_BASE), shadow = rdmsr(MSR_KERNEL_GS_BASE);

    v->arch.regs = *guest_regs();
    __asm__ volatile("clts; fxsave64 %0" : "=m"(v->arch.fpu));
    v->arch.fpu_used = true;
    v->arch.ds = read_sel(0);
    v->arch.es = read_sel(1);
    v->arch.fs = read_sel(2);
    v->arch.gs = read_sel(3);
    v->arch.fs_base = rdmsr(MSR_FS_BASE);
    /* The active GS base belongs to the mode the vCPU is in. */
    v->arch.gs_base_kernel = v->arch.kernel_mode ? active : shadow;
    v->arch.gs_base_user = v->arch.kernel_mode ? shadow : active;
}

/* FPU/SSE state after reset (x87 initialised, default MXCSR, XMM zero). */
static uint8_t clean_fpu[512] __aligned(16);

void pv_fpu_init(void)
{
    uint32_t mxcsr = MXCSR_DEFAULT;

    __asm__ volatile("fninit; ldmxcsr %0\n\t"
                     "pxor %%xmm0, %%xmm0; pxor %%xmm1, %%xmm1\n\t"
                     "pxor %%xmm2, %%xmm2; pxor %%xmm3, %%xmm3\n\t"
                     "pxor %%xmm4, %%xmm4; pxor %%xmm5, %%xmm5\n\t"
                     "pxor %%xmm6, %%xmm6; pxor %%xmm7, %%xmm7\n\t"
                     "pxor %%xmm8, %%xmm8; pxor %%xmm9, %%xmm9\n\t"
                     "pxor %%xmm10, %%xmm10; pxor %%xmm11, %%xmm11\n\t"
                     "pxor %%xmm12, %%xmm12; pxor %%xmm13, %%xmm13\n\t"
                     "pxor %%xmm14, %%xmm14; pxor %%xmm15, %%xmm15\n\t"
                     "fxsave64 %1"
                     :: "m"(mxcsr), "m"(clean_fpu) : "memory");
}

/* Returns whether a data selector failed to load (the failsafe callback). */
/*
 * Show @v's GDT and LDT pages in this CPU's areas. Most vCPUs have none,
 * and then neither does the area most of the time: nothing to walk.
 */
static void load_areas(struct vcpu *v)
{
    bool ldt_pages = false;

    for (unsigned int i = 0; i < LDT_PAGES; i++)
        ldt_pages |= v->arch.ldt_frames[i] != 0;
    if (!v->arch.gdt_nr_frames && !ldt_pages && guest_areas_clear()) {
        ldt_load(v->arch.ldt_ents);
        return;
    }
    for (unsigned int i = 0; i < GDT_GUEST_PAGES; i++)
        gdt_map_guest_page(i, v->arch.gdt_frames[i]);
    pv_ldt_switch_in(v);
}

static bool ctxt_load(struct vcpu *v)
{
    uint8_t failed = 0;

    load_areas(v);
    LOAD_SEL("ds", v->arch.ds, failed);
    LOAD_SEL("es", v->arch.es, failed);
    LOAD_SEL("fs", v->arch.fs, failed);
    LOAD_SEL("gs", v->arch.gs, failed);
    wrmsr(MSR_FS_BASE, v->arch.fs_base);
    wrmsr(MSR_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_kernel
                                           : v->arch.gs_base_user);
    wrmsr(MSR_KERNEL_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_user
                                                  : v->arch.gs_base_kernel);
    write_cr0(read_cr0() & ~X86_CR0_TS);
    /* A vCPU new to the FPU gets the clean image: nothing of another's. */
    __asm__ volatile("fxrstor64 %0"
                     :: "m"(*(v->arch.fpu_used ? v->arch.fpu : clean_fpu)));
    if (v->arch.virt_ts)
        write_cr0(read_cr0() | X86_CR0_TS);
    pv_load_cr3(v->arch.kernel_mode ? v->arch.guest_table
                                    : v->arch.guest_table_user);
    *guest_regs() = v->arch.regs;
    return failed;
}

/*
 * The vCPU whose state the CPU still holds after idling (registers, FPU,
 * selectors, bases, GDT and LDT areas): resuming it needs only its frame,
 * CR0.TS and a fresh CR3 load (another CPU may have changed its page
 * tables meanwhile without flushing this idle one). Any switch to another
 * vCPU here, or of this vCPU to another CPU, forgets it.
 */
static void forget_loaded(struct vcpu *v)
{
    for (unsigned int c = 0; c < nr_cpus; c++)
        if (pcpus[c] && pcpus[c]->last_loaded == v)
            pcpus[c]->last_loaded = NULL;
}

void arch_forget_vcpu(struct vcpu *v)
{
    forget_loaded(v);
}

static void ctxt_resume(struct vcpu *v)
{
    /* arch_idle_enter took the GDT and LDT pages away: back (cheap if none). */
    load_areas(v);
    if (v->arch.virt_ts)
        write_cr0(read_cr0() | X86_CR0_TS);
    pv_load_cr3(v->arch.kernel_mode ? v->arch.guest_table
                                    : v->arch.guest_table_user);
    *guest_regs() = v->arch.regs;
}

void arch_switch_to(struct vcpu *next)
{
    struct vcpu *prev = current;
    struct pcpu *p = this_pcpu();
    bool failsafe = false;

    if (prev && prev != next)
        ctxt_save(prev);
    if (!prev && p->last_loaded == next) {
        ctxt_resume(next);
    } else if (prev != next) {
        forget_loaded(next);
        failsafe = ctxt_load(next);
        p->last_loaded = next;
    }
    current = next;
    vcpu_runstate_publish(next);
    if (failsafe) {
        const uint16_t sel[4] = { next->arch.ds, next->arch.es,
                                  next->arch.fs, next->arch.gs };

        pv_bounce_failsafe(guest_regs(), sel);
    }
    /* An event may have woken it: deliver the upcall before it runs. */
    pv_upcall_check(guest_regs());
    hv_unlock_all();
    enter_guest_frame(guest_regs());
}

/*
 * The CPU halts with nothing of a guest's in use: the hypervisor's own
 * page tables (a domain's L4 may be freed while this CPU idles) and no
 * guest GDT or LDT page mapped in its areas.
 */
void arch_idle_enter(void)
{
    write_cr3(paging_idle_root());
    flush_tlb_global();
    if (!guest_areas_clear()) {
        for (unsigned int i = 0; i < GDT_GUEST_PAGES; i++)
            gdt_map_guest_page(i, 0);
        for (unsigned int i = 0; i < LDT_PAGES; i++)
            ldt_map_page(i, 0);
    }
    ldt_load(0);
}

void arch_save_current(void)
{
    if (current)
        ctxt_save(current);
}
