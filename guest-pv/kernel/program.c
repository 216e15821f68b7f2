/* SPDX-License-Identifier: MIT */
/*
 * pvkern's one program: an ELF executable linked into the kernel image
 * (program.S), loaded into the user half and run in user mode.
 *
 * User stack: USER_STACK_SIZE below USER_STACK_TOP with an unmapped guard
 * page under it, so an overflow faults (and fault.c names it). On entry
 * RDI points at {argc, argv[0], NULL, "name"} on that stack (kernel/user/
 * crt0.S reads it).
 */
#include <elf.h>
#include <string.h>
#include "pvkern.h"

extern const uint8_t pvkern_program_start[], pvkern_program_end[];
extern const char pvkern_program_name[];

static int load(const uint8_t *image, size_t size, uint64_t *entry)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;
    uint64_t top = 0;

    if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64 ||
        eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > size)
        return -1;
    for (unsigned int i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = (const Elf64_Phdr *)(image + eh->e_phoff) + i;

        if (ph->p_type != PT_LOAD || !ph->p_memsz)
            continue;
        if (ph->p_filesz > ph->p_memsz || ph->p_offset + ph->p_filesz > size ||
            mm_map_user(ph->p_vaddr, ph->p_memsz))
            return -1;
        memcpy((void *)ph->p_vaddr, image + ph->p_offset, ph->p_filesz);
        if (ph->p_vaddr + ph->p_memsz > top)
            top = ph->p_vaddr + ph->p_memsz;
    }
    *entry = eh->e_entry;
    user_heap_start = (top + PV_PAGE_SIZE - 1) & ~(PV_PAGE_SIZE - 1);
    user_brk = user_heap_start;
    user_brk_limit = user_brk + USER_HEAP_MAX;
    return 0;
}

int program_run(void)
{
    uint64_t entry, *sp;
    size_t name_len = strlen(pvkern_program_name) + 1;
    char *name;

    if (load(pvkern_program_start, (size_t)(pvkern_program_end - pvkern_program_start),
             &entry))
        panic("the program image is not a loadable x86-64 ELF");
    if (mm_map_user(USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE))
        panic("no memory for the program's stack");
    name = (char *)(USER_STACK_TOP - ((name_len + 15) & ~15UL));
    memcpy(name, pvkern_program_name, name_len);
    sp = (uint64_t *)name - 4;          /* 16-byte aligned: argc argv0 NULL pad */
    sp[0] = 1;
    sp[1] = (uint64_t)(uintptr_t)name;
    sp[2] = 0;
    sp[3] = 0;
    printk("pvkern: starting '%s' in user mode\n", pvkern_program_name);
    return (int)pv_enter_user(entry, (uint64_t)(uintptr_t)sp, (uint64_t)(uintptr_t)sp);
}
