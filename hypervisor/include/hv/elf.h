/* SPDX-License-Identifier: MIT */
/*
 * ELF64 images: a validating reader for x86-64 little-endian executables.
 *
 * Shared by the EFI loader (the hypervisor image), the dom0 builder and the
 * toolstack (guest kernels), so it trusts nothing in the file: elf_init()
 * checks every header field the other functions rely on, and afterwards the
 * segment and note walkers only hand out ranges that lie inside the buffer.
 * Freestanding: needs only memcpy/memcmp/strlen/snprintf from <hv/lib.h>.
 * Headers are copied out with memcpy, so the buffer need not be aligned.
 */
#ifndef HV_ELF_H
#define HV_ELF_H

#include <hv/types.h>

/* e_ident[] bytes. */
#define ELF_ID_MAG0         0
#define ELF_ID_CLASS        4
#define ELF_ID_DATA         5
#define ELF_ID_VERSION      6
#define ELF_ID_SIZE         16

#define ELF_CLASS_64        2
#define ELF_DATA_LSB        1
#define ELF_VERSION_CURRENT 1

/* e_type and e_machine values we accept. */
#define ELF_TYPE_EXEC       2
#define ELF_TYPE_DYN        3
#define ELF_MACHINE_X86_64  62

/* p_type values we look at, and p_flags bits. */
#define ELF_PT_LOAD         1
#define ELF_PT_DYNAMIC      2
#define ELF_PT_INTERP       3
#define ELF_PT_NOTE         4
#define ELF_PF_X            1
#define ELF_PF_W            2
#define ELF_PF_R            4

/* File header, as it sits at offset 0 of the file. */
struct elf64_ehdr {
    uint8_t  e_ident[ELF_ID_SIZE];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;           /* virtual address of the first instruction */
    uint64_t e_phoff;           /* file offset of the program header table */
    uint64_t e_shoff;           /* section headers: not used here */
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;       /* must be sizeof(struct elf64_phdr) */
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};
_Static_assert(sizeof(struct elf64_ehdr) == 64, "elf64_ehdr layout");

/* Program header: one segment. */
struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;          /* where the bytes start in the file */
    uint64_t p_vaddr;           /* where they go in memory */
    uint64_t p_paddr;
    uint64_t p_filesz;          /* bytes taken from the file */
    uint64_t p_memsz;           /* bytes in memory; the rest is zero */
    uint64_t p_align;
};
_Static_assert(sizeof(struct elf64_phdr) == 56, "elf64_phdr layout");

/* Note header; name and descriptor follow, each padded. */
struct elf64_nhdr {
    uint32_t n_namesz;          /* includes the terminating NUL */
    uint32_t n_descsz;
    uint32_t n_type;
};
_Static_assert(sizeof(struct elf64_nhdr) == 12, "elf64_nhdr layout");

/* elf_init() flags. */
#define ELF_ALLOW_DYN       (1u << 0)   /* accept ET_DYN as well as ET_EXEC */

/*
 * More loadable segments than this is refused: real kernels have two to five,
 * and the bound keeps the pairwise overlap check cheap on hostile input.
 */
#define ELF_MAX_LOAD        32

/* A validated image. Fields are private to elf.c; use the functions. */
struct elf_image {
    const uint8_t *data;
    size_t size;
    struct elf64_ehdr ehdr;
    uint64_t vstart;            /* lowest p_vaddr of a non-empty PT_LOAD */
    uint64_t vend;              /* highest p_vaddr + p_memsz (exclusive) */
    unsigned int nr_load;       /* non-empty PT_LOAD segments */
    char why[64];               /* room for messages that name segments */
};

/* A loadable segment, as handed out by elf_load_next(). */
struct elf_segment {
    unsigned int index;         /* program header number, as readelf shows it */
    uint32_t flags;             /* ELF_PF_* */
    uint64_t vaddr;
    uint64_t memsz;             /* > 0 */
    uint64_t filesz;            /* <= memsz */
    const void *data;           /* filesz bytes inside the image buffer */
};

/* A note, as handed out by elf_note_next(). */
struct elf_note {
    const char *name;           /* namesz bytes, normally NUL terminated */
    uint32_t namesz;
    uint32_t type;
    const void *desc;           /* descsz bytes inside the image buffer */
    uint32_t descsz;
};

/* Walk position over the notes of all PT_NOTE segments. */
struct elf_note_iter {
    const struct elf_image *img;
    unsigned int phdr;          /* next program header to look at */
    uint64_t off;               /* next note in the current segment */
    uint64_t end;               /* end of the current segment; off == end: none */
    uint64_t align;             /* 4, or 8 for segments aligned to 8 */
};

/*
 * elf_init - validate an ELF image held in memory and prepare to read it.
 * @img: filled on success; refers to @data, which must outlive it.
 * @data, @size: the whole file.
 * @flags: ELF_ALLOW_DYN or 0.
 * @why: on failure, receives a message naming the problem ("segments 1 and
 *       2 overlap"); it points to a constant or into @img. May be NULL.
 * Returns 0, or -ENOEXEC if the data is not an image we can load (every
 * malformed or unsupported field), -EINVAL if @data is NULL.
 */
int elf_init(struct elf_image *img, const void *data, size_t size,
             unsigned int flags, const char **why) __must_check;

/* elf_entry - the entry point (virtual), inside an executable segment. */
uint64_t elf_entry(const struct elf_image *img);

/*
 * elf_load_range - the virtual range the loadable segments cover:
 * [*vstart, *vend), vstart < vend. Gaps between segments are included.
 */
void elf_load_range(const struct elf_image *img, uint64_t *vstart, uint64_t *vend);

/*
 * elf_load_next - iterate over the non-empty PT_LOAD segments in table order.
 * @pos: 0 to start; advanced past the segment returned.
 * Returns true and fills @seg, or false when there are no more.
 */
bool elf_load_next(const struct elf_image *img, unsigned int *pos,
                   struct elf_segment *seg);

/* elf_note_iter_init - start a walk over all notes in PT_NOTE segments. */
void elf_note_iter_init(struct elf_note_iter *it, const struct elf_image *img);

/*
 * elf_note_next - the next note.
 * Returns 1 and fills @note, 0 when there are no more, or -ENOEXEC if a note
 * header or its name/descriptor runs past the end of its segment (*why says
 * which; the walk stops there).
 */
int elf_note_next(struct elf_note_iter *it, struct elf_note *note,
                  const char **why) __must_check;

/*
 * elf_note_find - the first note with owner @name (e.g. "Xen") and @type.
 * Returns 0 and fills @note, -ENOENT if there is none, or -ENOEXEC if the
 * notes are malformed before a match is found (*why says how).
 */
int elf_note_find(const struct elf_image *img, const char *name, uint32_t type,
                  struct elf_note *note, const char **why) __must_check;

/* elf_note_is - does @note belong to owner @name ("Xen", "GNU")? */
bool elf_note_is(const struct elf_note *note, const char *name);

#endif /* HV_ELF_H */
