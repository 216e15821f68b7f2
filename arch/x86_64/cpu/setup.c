/* SPDX-License-Identifier: MIT */
/*
 * Start of day on x86-64: from start64 (head.S) to the arch-neutral
 * hv_main(). The order matters: the console first (so everything after can
 * report), then the descriptor tables (so a fault is caught), the memory map,
 * the final page tables and the frame allocator, then devices and timers.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/fbcon.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/main.h>
#include <hv/memmap.h>
#include <hv/percpu.h>
#include <hv/smp.h>
#include <hv/time.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/setup.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002

paddr_t image_phys;
struct memmap boot_memmap;

static __noreturn void hv_main_entry(void *bi)
{
    hv_main(bi);
}

/* The initial APIC ID of this CPU (CPUID leaf 1). */
static uint32_t apic_boot_id(void)
{
    uint32_t a, b, c, d;

    cpuid(1, &a, &b, &c, &d);
    return b >> 24;
}

void start_hypervisor(uint64_t magic, paddr_t info, paddr_t phys_base);

static void cmdline_warn(const char *msg)
{
    printk(LOG_WARN, "%s", msg);
}

static void fb_sink_write(const char *s, size_t n)
{
    fbcon_write(s, n);
}

static struct console_sink fb_sink = {
    .name = "fb",
    .write = fb_sink_write,
};

static void setup_fb(const struct boot_fb *fb)
{
    void *va;

    if (!(hv_opts.console & CONSOLE_FB) || fb->format == BOOT_FB_NONE)
        return;
    va = ioremap(fb->base, fb->size, false);
    if (!va || fbcon_init(va, fb)) {
        printk(LOG_WARN, "framebuffer %ux%u at %#llx not usable",
               fb->width, fb->height, (unsigned long long)fb->base);
        return;
    }
    console_register(&fb_sink);
    printk(LOG_INFO, "Framebuffer: %ux%u, stride %u, at %#llx", fb->width,
           fb->height, fb->stride, (unsigned long long)fb->base);
}

static void cpu_report(void)
{
    uint32_t brand[13] = { 0 }, a, b, c, d;

    cpuid(0x80000000, &a, &b, &c, &d);
    if (a >= 0x80000004) {
        for (unsigned int i = 0; i < 3; i++)
            cpuid(0x80000002 + i, &brand[i * 4], &brand[i * 4 + 1],
                  &brand[i * 4 + 2], &brand[i * 4 + 3]);
    } else {
        memcpy(brand, "unknown x86-64", 15);
    }
    printk(LOG_INFO, "CPU: %s; %u CPU%s (ACPI MADT); ACPI soft off %s",
           (const char *)brand, acpi_nr_cpus, acpi_nr_cpus == 1 ? "" : "s",
           arch_poweroff_ready() ? "available" : "not found");
}

static void setup_memory(const struct boot_info *bi)
{
    struct memmap *mm = &boot_memmap;
    unsigned int bad = 0;
    uint64_t free_frames = 0, ram;
    mfn_t nr_frames;

    if (memmap_build(mm, bi->memmap, bi->nr_memmap, &bad) == -ENOSPC)
        panic("memory map has too many ranges");
    if (bad)
        printk(LOG_WARN, "memory map: %u bad range(s) ignored", bad);
    for (unsigned int i = 0; i < mm->nr; i++)
        printk(LOG_DEBUG, "  %016llx-%016llx %s",
               (unsigned long long)mm->r[i].base,
               (unsigned long long)mm->r[i].end,
               memmap_type_name(mm->r[i].type));

    /*
     * What must never be handed out: the first MiB (firmware data, and the
     * SMP trampoline later), the image, the hand-off data and the modules.
     */
    /* Other CPUs start in real mode: keep one free low page for them. */
    for (unsigned int i = 0; i < mm->nr && !trampoline_phys; i++) {
        paddr_t lo = MAX(mm->r[i].base, (paddr_t)0x1000);

        lo = ALIGN_UP(lo, PAGE_SIZE);
        if (mm->r[i].type == BOOT_MEM_USABLE && lo + PAGE_SIZE <= mm->r[i].end &&
            lo + PAGE_SIZE <= 0x9f000)
            trampoline_phys = lo;
    }
    BUG_ON(memmap_reserve(mm, 0, 0x100000, BOOT_MEM_RESERVED));
    BUG_ON(memmap_reserve(mm, image_phys,
                          image_phys + image_size(),
                          MEM_HV));
    if (bi->loader == BOOT_LOADER_EFI)
        BUG_ON(memmap_reserve(mm, virt_to_phys(bi),
                              virt_to_phys(bi) + sizeof(*bi), BOOT_MEM_BOOT));
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        if (bi->modules[i].len)
            BUG_ON(memmap_reserve(mm, bi->modules[i].base,
                                  bi->modules[i].base + bi->modules[i].len,
                                  BOOT_MEM_BOOT));

    ram = memmap_total(mm, BOOT_MEM_USABLE) + memmap_total(mm, MEM_HV) +
          memmap_total(mm, BOOT_MEM_BOOT);
    nr_frames = paging_init(mm);

    for (unsigned int i = 0; i < mm->nr; i++)
        if (mm->r[i].type == BOOT_MEM_USABLE)
            free_frames += frame_free_range(mm->r[i].base >> PAGE_SHIFT,
                                            mm->r[i].end >> PAGE_SHIFT);
    printk(LOG_INFO, "Memory: %llu MiB RAM, %llu MiB free, %llu MiB reserved "
           "for the hypervisor and boot data (%llu frames tracked)",
           (unsigned long long)(ram >> 20),
           (unsigned long long)(free_frames >> (20 - PAGE_SHIFT)),
           (unsigned long long)((memmap_total(mm, MEM_HV) +
                                 memmap_total(mm, BOOT_MEM_BOOT)) >> 20),
           (unsigned long long)nr_frames);
}

void start_hypervisor(uint64_t magic, paddr_t info, paddr_t phys_base)
{
    uint64_t tsc0 = rdtsc();
    struct boot_info *bi = NULL;

    image_phys = phys_base;
    cmdline_defaults(&hv_opts);
    if (magic == MULTIBOOT_BOOTLOADER_MAGIC)
        bi = multiboot_to_boot_info(info);
    else if (magic == BOOT_INFO_MAGIC)
        bi = phys_to_virt(info);    /* boot tables direct-map the low 4 GiB */

    /* Twice: silently for the console options, then with warnings. */
    if (bi)
        cmdline_parse(bi->cmdline, &hv_opts, NULL);
    console_set_level(hv_opts.loglvl);
    if (hv_opts.console & CONSOLE_COM1)
        serial_init(hv_opts.com1_port, hv_opts.com1_baud);

    printk(LOG_INFO, "pvisor %s: x86-64 paravirtualization hypervisor "
           "(boot tsc %llu)", PVISOR_VERSION, (unsigned long long)tsc0);
    if (!bi)
        panic("unknown boot protocol magic %#llx", (unsigned long long)magic);
    if (bi->magic != BOOT_INFO_MAGIC || bi->version != BOOT_INFO_VERSION ||
        bi->size != sizeof(*bi))
        panic("boot info: bad magic, version %u or size %u", bi->version,
              bi->size);
    cmdline_parse(bi->cmdline, &hv_opts, cmdline_warn);
    strlcpy(hv_cmdline, bi->cmdline, sizeof(hv_cmdline));
    printk(LOG_INFO, "Loader: %s; image at %#llx; command line '%s'",
           bi->loader == BOOT_LOADER_EFI ? "UEFI" : "multiboot",
           (unsigned long long)image_phys, bi->cmdline);

    cpu_init_tables();
    setup_memory(bi);
    m2p_init();
    if (percpu_setup(0, apic_boot_id()))
        panic("no memory for the boot CPU's per-CPU area");
    cpu_load_percpu_tables(0, pcpus[0]->arch);
    setup_fb(&bi->fb);
    acpi_init(bi->acpi_rsdp);
    cpu_report();
    tsc_calibrate();
    time_init();
    apic_init();
    pv_init();
    smp_init();
    smp_boot_cpus();

    /*
     * From here on the boot CPU runs on its own stack block, like the
     * others, below the guest register frame at its top (guest_regs()),
     * which a context switch overwrites while this call chain still runs.
     */
    call_on_stack(bi, hv_main_entry, (uint64_t)((struct cpu_regs *)cpu_info_of(0) - 1));
}
