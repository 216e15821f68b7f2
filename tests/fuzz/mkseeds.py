#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the binary seeds of the ELF, Xen-note and descriptor fuzzers into
tests/fuzz/{elf,xen_elfnotes,descriptor}/corpus (checked in; rerun after
changing this file). The inputs follow each harness's comment."""
import os
import struct

TOP = os.path.dirname(os.path.abspath(__file__))
KBASE = 0xFFFFFFFF80000000


def note(ntype, desc, owner=b"Xen\0", align=4):
    def pad(b):
        return b + b"\0" * (-len(b) % align)
    return struct.pack("<III", len(owner), len(desc), ntype) + pad(owner) + pad(desc)


def num(ntype, v, size=8):
    return note(ntype, v.to_bytes(size, "little"))


def string(ntype, s):
    return note(ntype, s.encode() + b"\0")


FULL = (string(6, "pvisor-test") + string(7, "1") + string(8, "generic") +
        string(5, "xen-3.0") + num(3, KBASE) + num(4, KBASE) +
        num(1, KBASE + 0x20) + num(2, KBASE + 0x1000) +
        string(10, "writable_page_tables|!pae_pgdir_above_4gb") +
        num(17, 0x801, 4) + num(15, 0xFFFFEA0000000000) + num(16, 1, 4))
MINIMAL = string(6, "linux")


def elf(notes_list, etype=2, entry=KBASE + 0x10, base=KBASE, nloads=2, ident0=0x7f):
    """ELF header, program headers, note segments, text and data."""
    phnum = nloads + len(notes_list)
    off = 64 + 56 * phnum
    body = b""
    phdrs = b""
    note_off = off
    for n in notes_list:
        phdrs += struct.pack("<IIQQQQQQ", 4, 4, note_off, 0, 0, len(n), len(n), 4)
        body += n
        note_off += len(n)
    text_off = (note_off + 0xf) & ~0xf
    phdrs = struct.pack("<IIQQQQQQ", 1, 5, text_off, base, base, 0x40, 0x40,
                        0x10) + phdrs
    if nloads > 1:
        phdrs = phdrs[:56] + struct.pack("<IIQQQQQQ", 1, 6, text_off + 0x40,
                                         base + 0x1000, base + 0x1000, 0x20,
                                         0x2000, 0x10) + phdrs[56:]
    hdr = (bytes([ident0]) + b"ELF" + bytes([2, 1, 1]) + b"\0" * 9 +
           struct.pack("<HHIQQQIHHHHHH", etype, 62, 1, entry, 64, 0, 0, 64, 56,
                       phnum, 0, 0, 0))
    img = hdr + phdrs + body
    img += b"\0" * (text_off - len(img))
    return img + b"\x90" * 0x60


def write(sub, name, data):
    d = os.path.join(TOP, sub, "corpus")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


write("elf", "full", elf([FULL]))
write("elf", "minimal", elf([MINIMAL], nloads=1))
write("elf", "dyn", elf([MINIMAL], etype=3) + b"\1")
write("elf", "two-note-segments", elf([MINIMAL, num(1, KBASE + 0x30)]))
write("elf", "truncated-note", elf([MINIMAL[:-3]]))
write("xen_elfnotes", "full", KBASE.to_bytes(8, "little") + b"\0" + FULL)
write("xen_elfnotes", "minimal", KBASE.to_bytes(8, "little") + b"\0" + MINIMAL)
write("xen_elfnotes", "low-align8", (0x400000).to_bytes(8, "little") + b"\1" +
      note(6, b"os\0", align=8) + note(1, (0x400020).to_bytes(8, "little"), align=8))
write("xen_elfnotes", "loader-features", (0x10000).to_bytes(8, "little") + b"\0" +
      string(8, "generic") + string(10, "!writable_descriptor_tables|hvm_callback_vector"))
desc = [
    0x00af9b000000ffff,     # 64-bit code, DPL 0 (raised to 3)
    0x00cff3000000ffff,     # data, DPL 3
    0x0000000000000000,     # null
    0x0000ec00e0330000,     # call gate to the flat 64-bit code selector
    0x00008c0000080000,     # call gate to a guest GDT selector, DPL 0
    0x00008900000000ff,     # 64-bit TSS (refused)
    0x0000820000000000,     # LDT (refused)
    0x00008e00e0080000,     # interrupt gate (refused)
    0x0000ec00e0080000,     # call gate to the hypervisor's code (refused)
]
write("descriptor", "mixed", b"".join(struct.pack("<Q", d) for d in desc))

# The builder takes the same kernels (its harness adds a ramdisk when the
# last byte is odd: the images end in 0x90, even).
write("build", "full", elf([FULL]))
write("build", "minimal", elf([MINIMAL]))
write("build", "full-ramdisk", elf([FULL]) + b"\1")


def cpio(entries, trailer=True):
    """A newc archive of (name, mode, data) entries."""
    out = b""
    for i, (name, mode, data) in enumerate(entries + ([("TRAILER!!!", 0, b"")]
                                                      if trailer else [])):
        nm = name.encode() + b"\0"
        hdr = ("070701" + "".join("%08X" % v for v in (
            i + 1, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(nm), 0))).encode()
        out += hdr + nm
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return out


write("cpio", "guests", cpio([("guests", 0o40755, b""),
                              ("guests/a.cfg", 0o100644, b"name='a'\nkernel='/guests/a.elf'\n"),
                              ("./guests/a.elf", 0o100755, b"\x7fELF" + b"\0" * 60)]))
write("cpio", "padded", cpio([("x", 0o100644, b"abc")]) + b"\0" * 400)
write("cpio", "empty-file", cpio([("/e", 0o100644, b"")]))
