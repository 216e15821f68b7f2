/* SPDX-License-Identifier: MIT */
/*
 * Fuzzer of the Xen ELF note checks (hypervisor/core/xen_elfnotes.c): what
 * the dom0 builder and the toolstack believe about a kernel (entry,
 * hypercall page, VIRT_BASE, features). So that mutations reach the notes
 * rather than die in the ELF header, the harness builds a well-formed
 * image around the input:
 *
 *   input bytes 0..7   where the kernel is loaded (page aligned by the harness)
 *   input byte  8      bit 0: note segment aligned to 8 rather than 4
 *   input bytes 9..    the note segment (at most NOTE_MAX bytes)
 *
 *   image: ELF header, 3 program headers (text R X, data R W, notes), the
 *   notes at 0x400, text (0x100 bytes at base) at 0x1000, data (0x100
 *   bytes, memsz 0x2000) at 0x2000.
 *
 * Checked of an accepted kernel: strings terminated, the entry and the
 * hypercall page inside [kstart, kend), canonical and outside the
 * hypervisor's range, VIRT_BASE at or below kstart and page aligned.
 */
#include <string.h>

#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/xen_elfnotes.h>
#include <public/xen.h>

#include "fuzz.h"

#define HDR_BYTES   9
#define NOTE_OFF    0x400
#define NOTE_MAX    0xc00
#define TEXT_OFF    0x1000
#define DATA_OFF    0x2000
#define IMG_SIZE    0x2100

static uint8_t img_buf[IMG_SIZE] __attribute__((aligned(8)));

static void put_phdr(unsigned int i, uint32_t type, uint32_t flags,
                     uint64_t off, uint64_t vaddr, uint64_t filesz,
                     uint64_t memsz, uint64_t align)
{
    struct elf64_phdr ph = {
        .p_type = type, .p_flags = flags, .p_offset = off, .p_vaddr = vaddr,
        .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz, .p_align = align,
    };

    memcpy(img_buf + sizeof(struct elf64_ehdr) + i * sizeof(ph), &ph, sizeof(ph));
}

static int canonical(uint64_t va)
{
    return va < 0x0000800000000000ULL || va >= 0xFFFF800000000000ULL;
}

static void check_notes(const struct xen_elfnotes *n)
{
    FUZZ_CHECK(fuzz_terminated(n->guest_os, sizeof(n->guest_os)));
    FUZZ_CHECK(fuzz_terminated(n->loader, sizeof(n->loader)));
    FUZZ_CHECK(fuzz_terminated(n->xen_version, sizeof(n->xen_version)));
    FUZZ_CHECK(n->guest_os[0] || !strcmp(n->loader, "generic"));
    FUZZ_CHECK(n->kstart < n->kend && !(n->kstart & 0xfff) && !(n->kend & 0xfff));
    FUZZ_CHECK(canonical(n->kstart) && canonical(n->kend - 1));
    FUZZ_CHECK(n->kend <= HYPERVISOR_VIRT_START || n->kstart >= HYPERVISOR_VIRT_END);
    FUZZ_CHECK(n->entry >= n->kstart && n->entry < n->kend);
    FUZZ_CHECK(n->virt_base <= n->kstart && !(n->virt_base & 0xfff));
    FUZZ_CHECK(!n->hypercall_page ||
               (!(n->hypercall_page & 0xfff) && n->hypercall_page >= n->kstart &&
                n->hypercall_page < n->kend));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf64_ehdr eh = {
        .e_ident = { 0x7f, 'E', 'L', 'F', ELF_CLASS_64, ELF_DATA_LSB,
                     ELF_VERSION_CURRENT },
        .e_type = ELF_TYPE_EXEC, .e_machine = ELF_MACHINE_X86_64,
        .e_version = ELF_VERSION_CURRENT, .e_phoff = sizeof(eh),
        .e_ehsize = sizeof(eh), .e_phentsize = sizeof(struct elf64_phdr),
        .e_phnum = 3,
    };
    struct elf_image img;
    struct xen_elfnotes n;
    const char *why = NULL;
    uint64_t base;
    size_t nsize;
    int rc;

    if (size < HDR_BYTES)
        return 0;
    memcpy(&base, data, 8);
    base &= ~0xfffULL;
    nsize = size - HDR_BYTES < NOTE_MAX ? size - HDR_BYTES : NOTE_MAX;
    memset(img_buf, 0, sizeof(img_buf));
    eh.e_entry = base + 0x10;
    memcpy(img_buf, &eh, sizeof(eh));
    put_phdr(0, ELF_PT_LOAD, ELF_PF_R | ELF_PF_X, TEXT_OFF, base, 0x100, 0x100,
             0x1000);
    put_phdr(1, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, DATA_OFF, base + 0x1000,
             0x100, 0x2000, 0x1000);
    put_phdr(2, ELF_PT_NOTE, ELF_PF_R, NOTE_OFF, 0, nsize, nsize,
             (data[8] & 1) ? 8 : 4);
    memcpy(img_buf + NOTE_OFF, data + HDR_BYTES, nsize);

    if (elf_init(&img, img_buf, sizeof(img_buf), 0, &why))
        return 0;               /* the base made the segments wrap: elf.c's fuzzer */
    memset(&n, 0xa5, sizeof(n));
    rc = xen_elfnotes_parse(&img, &n, &why);
    if (rc) {
        FUZZ_CHECK(rc == -ENOEXEC && why && why[0]);
        return 0;
    }
    check_notes(&n);
    return 0;
}
