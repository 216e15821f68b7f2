/* SPDX-License-Identifier: MIT */
/*
 * pvkern's one program: an ELF executable linked into the kernel image
 * (program.S), loaded into the user half and run in user mode.
 *
 * User stack: USER_STACK_SIZE below USER_STACK_TOP with an unmapped guard
 * page under it, so an overflow faults (and fault.c names it). On entry
 * RDI points at {argc, argv[0..argc - 1], NULL} on that stack, argv[0]
 * being the program's name and the rest the words after "--" on pvkern's
 * command line (kernel/user/crt0.S reads it).
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

#define MAX_ARGS 16

/*
 * Copy @str to the user stack below *@top; returns its user address. The
 * stack is mapped and the kernel sees user memory, so plain stores do.
 */
static uint64_t push_string(uint64_t *top, const char *str, size_t len)
{
    *top -= len + 1;
    memcpy((void *)*top, str, len);
    ((char *)*top)[len] = 0;
    return *top;
}

int program_run(void)
{
    uint64_t entry, top = USER_STACK_TOP, argv[MAX_ARGS + 1], *sp;
    const char *p = pvkern_args;
    int argc = 0;

    if (load(pvkern_program_start, (size_t)(pvkern_program_end - pvkern_program_start),
             &entry))
        panic("the program image is not a loadable x86-64 ELF");
    if (mm_map_user(USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE))
        panic("no memory for the program's stack");
    argv[argc++] = push_string(&top, pvkern_program_name, strlen(pvkern_program_name));
    while (*p && argc < MAX_ARGS) {
        size_t n = 0;

        while (*p == ' ')
            p++;
        while (p[n] && p[n] != ' ')
            n++;
        if (n)
            argv[argc++] = push_string(&top, p, n);
        p += n;
    }
    argv[argc] = 0;
    /* {argc, argv[0..argc]} on a 16-byte aligned stack, as crt0.S reads it. */
    sp = (uint64_t *)((top - (argc + 2) * 8) & ~15UL);
    sp[0] = (uint64_t)argc;
    memcpy(&sp[1], argv, (argc + 1) * 8);
    printk("pvkern: starting '%s' in user mode\n", pvkern_program_name);
    return (int)pv_enter_user(entry, (uint64_t)(uintptr_t)sp, (uint64_t)(uintptr_t)sp);
}
