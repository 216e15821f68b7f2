#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Malformed dom0 kernels for the dom0-bad-* integration tests.

    scripts/mkbadelf.py GOOD.elf OUTDIR [VARIANT...]
    scripts/mkbadelf.py --list

Reads a good PV guest ELF (build/guests/guest-console-hello.elf: one PT_LOAD,
one PT_NOTE of "Xen" notes with ENTRY, VIRT_BASE, PADDR_OFFSET and
HYPERCALL_PAGE) and writes OUTDIR/<variant>.elf for each variant named (all
of them if none is), each broken in exactly one way that the hypervisor must
refuse before it builds dom0. The table VARIANTS below says what each one
changes and which check in hypervisor/core/elf.c, xen_elfnotes.c or
arch/x86_64/pv/dom0_build.c it aims at.

The input is checked against what the variants assume; a guest image that
does not match stops the script with a message instead of producing a file
broken in some other way than intended.
"""

import os
import struct
import sys

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
NHDR = struct.Struct("<III")
PT_NULL, PT_LOAD, PT_NOTE = 0, 1, 4
ELFNOTE_ENTRY, ELFNOTE_HYPERCALL_PAGE = 1, 2
ELFNOTE_VIRT_BASE, ELFNOTE_PADDR_OFFSET = 3, 4
# Notes holding virtual addresses: moved along with the kernel.
ADDRESS_NOTES = (ELFNOTE_ENTRY, ELFNOTE_HYPERCALL_PAGE, ELFNOTE_VIRT_BASE,
                 ELFNOTE_PADDR_OFFSET)
HV_START = 0xFFFF800000000000
U64 = (1 << 64) - 1


class Elf:
    """A little-endian ELF64 file held in a bytearray, patched in place."""

    def __init__(self, data):
        self.data = bytearray(data)
        if len(data) < EHDR.size or data[:4] != b"\x7fELF" or data[4] != 2:
            fail("input is not an ELF64 file")
        f = EHDR.unpack_from(self.data, 0)
        self.entry, self.phoff, self.phnum = f[4], f[5], f[10]
        if f[9] != PHDR.size:
            fail("input has an unexpected program header size")

    def phdr_off(self, i):
        return self.phoff + i * PHDR.size

    def phdrs(self):
        """(index, [type, flags, offset, vaddr, paddr, filesz, memsz, align])."""
        for i in range(self.phnum):
            yield i, list(PHDR.unpack_from(self.data, self.phdr_off(i)))

    def put_phdr(self, i, ph):
        PHDR.pack_into(self.data, self.phdr_off(i), *ph)

    def loads(self):
        return [(i, ph) for i, ph in self.phdrs() if ph[0] == PT_LOAD]

    def set_entry(self, value):
        struct.pack_into("<Q", self.data, 24, value)
        self.entry = value

    def notes(self):
        """(offset of the note header, namesz, descsz, type, name, desc offset)."""
        for _, ph in self.phdrs():
            if ph[0] != PT_NOTE:
                continue
            align = 8 if ph[7] == 8 else 4
            off, end = ph[2], ph[2] + ph[5]
            while off + NHDR.size <= end:
                namesz, descsz, ntype = NHDR.unpack_from(self.data, off)
                name_off = off + NHDR.size
                desc_off = name_off + pad(namesz, align)
                name = bytes(self.data[name_off:name_off + namesz])
                yield off, namesz, descsz, ntype, name, desc_off
                off = desc_off + pad(descsz, align)

    def xen_note(self, ntype):
        """Offset of the 8-byte descriptor of the Xen note @ntype."""
        for _, _, descsz, t, name, desc_off in self.notes():
            if name == b"Xen\0" and t == ntype:
                if descsz != 8:
                    fail("Xen note %d is not 8 bytes" % ntype)
                return desc_off
        fail("input has no Xen note %d" % ntype)

    def get_u64(self, off):
        return struct.unpack_from("<Q", self.data, off)[0]

    def put_u64(self, off, value):
        struct.pack_into("<Q", self.data, off, value & U64)

    def kernel_range(self):
        loads = self.loads()
        if not loads:
            fail("input has no PT_LOAD")
        return (min(ph[3] for _, ph in loads),
                max(ph[3] + ph[6] for _, ph in loads))

    def relocate(self, delta):
        """Move the kernel by @delta: segments, ELF entry, address notes."""
        for i, ph in self.phdrs():
            if ph[0] in (PT_LOAD, PT_NOTE):
                ph[3] = (ph[3] + delta) & U64
                ph[4] = (ph[4] + delta) & U64
                self.put_phdr(i, ph)
        self.set_entry((self.entry + delta) & U64)
        for t in ADDRESS_NOTES:
            off = self.xen_note(t)
            self.put_u64(off, self.get_u64(off) + delta)


def pad(n, align):
    return (n + align - 1) & ~(align - 1)


def fail(msg):
    sys.stderr.write("mkbadelf.py: %s\n" % msg)
    sys.exit(1)


# Each variant: a function that breaks an Elf in place and may return the
# bytes to write instead (for cuts).

def v_truncated(e):
    # Cut in half what the loader reads (headers and segment data): the
    # program headers survive, the data of PT_LOAD does not. Half the whole
    # file would not do: its back half is debug sections nobody loads.
    used = max(ph[2] + ph[5] for _, ph in e.phdrs() if ph[0] in (PT_LOAD, PT_NOTE))
    return bytes(e.data[:used // 2])


def v_magic(e):
    e.data[1:4] = b"FLE"


def v_class32(e):
    e.data[4] = 1               # ELFCLASS32


def v_noload(e):
    for i, ph in e.loads():
        ph[0] = PT_NULL
        e.put_phdr(i, ph)


def v_segoff(e):
    i, ph = e.loads()[0]
    ph[2] = len(e.data) + 0x100000
    e.put_phdr(i, ph)


def v_entry(e):
    # One page past the end of the kernel: inside no segment at all.
    _, vend = e.kernel_range()
    e.set_entry(pad(vend, 0x1000) + 0x1000)


def v_nonotes(e):
    # "Xen" becomes "Xem": the notes are still well formed, just not Xen's.
    names = [off + NHDR.size for off, _, _, _, name, _ in e.notes()
             if name == b"Xen\0"]
    if not names:
        fail("input has no Xen notes to alter")
    for off in names:
        e.data[off + 2] = ord("m")


def v_hvrange(e):
    # The whole kernel moved to 0xFFFF8100_00000000 + its offset in its
    # 2 GiB: segments, entry, VIRT_BASE, ENTRY and HYPERCALL_PAGE alike, so
    # the only thing wrong is where it lives.
    vstart, _ = e.kernel_range()
    e.relocate((0xFFFF810000000000 + (vstart & 0x7FFFFFFF)) - vstart)


def v_hcallpage(e):
    # One page below the kernel's first byte (and below VIRT_BASE).
    vstart, _ = e.kernel_range()
    e.put_u64(e.xen_note(ELFNOTE_HYPERCALL_PAGE), (vstart & ~0xFFF) - 0x1000)


def v_noteentry(e):
    # The ELF entry stays good; the ENTRY note, which wins, points past the end.
    _, vend = e.kernel_range()
    e.put_u64(e.xen_note(ELFNOTE_ENTRY), pad(vend, 0x1000))


def v_toolarge(e):
    # 8 MiB of bss: the kernel alone is larger than dom0_mem=4M.
    i, ph = e.loads()[-1]
    ph[6] = max(ph[6], 8 << 20)
    e.put_phdr(i, ph)


def v_virtunaligned(e):
    # VIRT_BASE half a page below the kernel: pseudo-physical pages would
    # not be pages.
    vstart, _ = e.kernel_range()
    e.put_u64(e.xen_note(ELFNOTE_VIRT_BASE), vstart - 0x800)


# The variants below are mishandled by the hypervisor as of this writing
# (accepted, then dom0 crashes, or the hypervisor faults); no test uses
# them yet. Each must end up refused with a message.

def v_noncanon(e):
    # The kernel in the non-canonical hole, at 0x0000800000000000.
    vstart, _ = e.kernel_range()
    e.relocate(0x0000800000000000 - vstart)


def v_top(e):
    # The kernel in the last 4 MiB of the address space: the start-of-day
    # region after it runs past 2^64.
    vstart, _ = e.kernel_range()
    e.relocate(0xFFFFFFFFFFC00000 - (vstart & ~0xFFF))


def v_virtwrap(e):
    # VIRT_BASE 0x1f68400000, 16 EiB below a kernel at 0xffffffff80000000:
    # the region's size wraps past 2^64 to exactly 128 MiB (the default
    # dom0_mem) in dom0_build's plan(); found with a model of plan() for
    # guest-console-hello.elf. Any refusal is right; a fault is the bug.
    vstart, _ = e.kernel_range()
    if vstart != 0xFFFFFFFF80000000:
        fail("virtwrap assumes a kernel at 0xffffffff80000000")
    e.put_u64(e.xen_note(ELFNOTE_VIRT_BASE), 0x1F68400000)


# name: (function, what it breaks -> the refusal expected)
VARIANTS = {
    "truncated": (v_truncated, "loaded part cut in half -> data past end of file"),
    "magic": (v_magic, "\\x7fFLE magic -> not an ELF file"),
    "class32": (v_class32, "EI_CLASS 1 -> not a 64-bit ELF file"),
    "noload": (v_noload, "PT_LOAD made PT_NULL -> no loadable segment"),
    "segoff": (v_segoff, "p_offset 1 MiB past EOF -> data past end of file"),
    "entry": (v_entry, "e_entry past the kernel -> entry outside the segments"),
    "nonotes": (v_nonotes, "note owner Xem -> no Xen ELF notes"),
    "hvrange": (v_hvrange, "kernel at 0xFFFF8100... -> overlaps the hypervisor"),
    "hcallpage": (v_hcallpage, "HYPERCALL_PAGE below the kernel -> not inside"),
    "noteentry": (v_noteentry, "ENTRY note at the kernel's end -> entry outside"),
    "toolarge": (v_toolarge, "8 MiB bss -> does not fit dom0_mem=4M"),
    "virtunaligned": (v_virtunaligned, "VIRT_BASE not page aligned -> refused"),
    "noncanon": (v_noncanon, "kernel at 0x800000000000 -> non-canonical"),
    "top": (v_top, "kernel in the top 4 MiB -> region wraps past 2^64"),
    "virtwrap": (v_virtwrap, "VIRT_BASE 16 EiB below the kernel -> wraps"),
}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        for name, (_, what) in VARIANTS.items():
            print("%-14s %s" % (name, what))
        return 0
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    good, outdir, names = argv[1], argv[2], argv[3:] or list(VARIANTS)
    for name in names:
        if name not in VARIANTS:
            fail("unknown variant '%s' (see --list)" % name)
    with open(good, "rb") as f:
        data = f.read()
    os.makedirs(outdir, exist_ok=True)
    for name in names:
        e = Elf(data)
        out = VARIANTS[name][0](e)
        path = os.path.join(outdir, name + ".elf")
        with open(path + ".tmp", "wb") as f:
            f.write(out if out is not None else e.data)
        os.replace(path + ".tmp", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
