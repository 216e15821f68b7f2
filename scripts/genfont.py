#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Framebuffer font generator: a PSF console font to a C glyph table.

    scripts/genfont.py FONT.psf[.gz] OUT.c

Reads an 8x16 PC Screen Font (PSF1 or PSF2, gzipped or not), finds the
glyphs of printable ASCII (0x20-0x7e) through the font's Unicode table, and
writes the table `fbcon_font` that hypervisor/core/fbcon.c draws with: one
entry per character from FBCON_FONT_FIRST to FBCON_FONT_LAST, then one
replacement glyph (a hollow box) for everything else. Each glyph is 16 bytes,
one per pixel row, top first, most significant bit leftmost.

The font used by the build is Lat15-VGA16 from Debian's console-setup-linux
(/usr/share/consolefonts), made from u_vga16.bdf, Copyright (C) 2000, 2001
Dmitry Bolkhovityanov, under an MIT-style licence (see the banner written into
the output and /usr/share/doc/console-setup-linux/copyright.fonts.gz).
"""

import gzip
import os
import struct
import sys

WIDTH, HEIGHT = 8, 16
FIRST, LAST = 0x20, 0x7E

PSF1_MAGIC = b"\x36\x04"
PSF1_MODE512 = 0x01
PSF1_MODEHASTAB = 0x02
PSF1_MODESEQ = 0x04
PSF2_MAGIC = b"\x72\xb5\x4a\x86"
PSF2_HAS_UNICODE_TABLE = 0x01

# A hollow box, two pixels in from each edge of the cell.
BOX = [0x00, 0x00, 0x7E] + [0x42] * 10 + [0x7E, 0x00, 0x00]

LICENCE = """\
 * Font: u_vga16, Copyright (C) 2000, 2001 by Dmitry Bolkhovityanov.
 *
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the "Software"),
 * to deal in the Software without restriction, including without limitation
 * the rights to use, copy, modify, merge, publish, distribute, sublicense,
 * and/or sell copies of the Software, and to permit persons to whom the
 * Software is furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * XFREE86 PROJECT BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
 * WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF
 * OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 * SOFTWARE.
 *
 * Except as contained in this notice, the name of Dmitry Bolkhovityanov
 * shall not be used in advertising or otherwise to promote the sale, use or
 * other dealings in this Software without prior written authorization from
 * Dmitry Bolkhovityanov."""


def fail(msg):
    sys.exit("genfont: " + msg)


def parse_psf1(data):
    """Return (glyph bitmaps, {code point: glyph index})."""
    mode, charsize = data[2], data[3]
    count = 512 if mode & PSF1_MODE512 else 256
    if charsize != HEIGHT:
        fail("PSF1 glyphs are 8x%d, need 8x%d" % (charsize, HEIGHT))
    end = 4 + count * charsize
    if len(data) < end:
        fail("truncated PSF1 font")
    glyphs = [data[4 + i * charsize:4 + (i + 1) * charsize]
              for i in range(count)]
    cmap = {}
    if mode & (PSF1_MODEHASTAB | PSF1_MODESEQ):
        # Per glyph: uint16 code points, 0xfffe then sequences, 0xffff ends.
        pos, glyph, in_seq = end, 0, False
        while glyph < count and pos + 2 <= len(data):
            (cp,) = struct.unpack_from("<H", data, pos)
            pos += 2
            if cp == 0xFFFF:
                glyph, in_seq = glyph + 1, False
            elif cp == 0xFFFE:
                in_seq = True
            elif not in_seq:
                cmap.setdefault(cp, glyph)
    return glyphs, cmap


def parse_psf2(data):
    """Return (glyph bitmaps, {code point: glyph index})."""
    (_, _, hdrsize, flags, count, charsize, height,
     width) = struct.unpack_from("<4sIIIIIII", data)
    if width != WIDTH or height != HEIGHT or charsize != HEIGHT:
        fail("PSF2 glyphs are %dx%d, need %dx%d" % (width, height, WIDTH,
                                                    HEIGHT))
    end = hdrsize + count * charsize
    if len(data) < end:
        fail("truncated PSF2 font")
    glyphs = [data[hdrsize + i * charsize:hdrsize + (i + 1) * charsize]
              for i in range(count)]
    cmap = {}
    if flags & PSF2_HAS_UNICODE_TABLE:
        # Per glyph: UTF-8 characters, 0xfe then sequences, 0xff ends.
        pos = end
        for glyph in range(count):
            stop = data.index(b"\xff", pos)
            singles = data[pos:stop].split(b"\xfe")[0]
            for ch in singles.decode("utf-8", "replace"):
                cmap.setdefault(ord(ch), glyph)
            pos = stop + 1
    return glyphs, cmap


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[:2] == PSF1_MAGIC:
        glyphs, cmap = parse_psf1(data)
    elif data[:4] == PSF2_MAGIC:
        glyphs, cmap = parse_psf2(data)
    else:
        fail("%s: not a PSF font" % path)
    if not cmap:                # no table: the glyph index is the code
        cmap = {cp: cp for cp in range(min(len(glyphs), 256))}
    return glyphs, cmap


def render(path, glyphs, cmap):
    out = ["/* SPDX-License-Identifier: MIT */",
           "/*",
           " * generated from %s by scripts/genfont.py, do not edit." % path,
           " *",
           " * The framebuffer console's font: printable ASCII, then a box for",
           " * everything else (hv/fbcon.h).",
           " *",
           LICENCE,
           " */",
           "#include <hv/fbcon.h>",
           "",
           "const uint8_t fbcon_font[FBCON_FONT_GLYPHS][FBCON_FONT_HEIGHT] = {"]
    for cp in range(FIRST, LAST + 2):
        if cp <= LAST:
            if cp not in cmap:
                fail("%s has no glyph for U+%04X" % (path, cp))
            rows = list(glyphs[cmap[cp]])
            name = "'\\\\'" if chr(cp) == "\\" else "'%s'" % chr(cp)
        else:
            rows, name = BOX, "replacement"
        out.append("    /* 0x%02x %s */" % (cp, name) if cp <= LAST else
                   "    /* %s */" % name)
        out.append("    { " + ", ".join("0x%02x" % b for b in rows[:8]) + ",")
        out.append("      " + ", ".join("0x%02x" % b for b in rows[8:]) +
                   " },")
    out.append("};")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: genfont.py FONT.psf[.gz] OUT.c")
    src, dst = sys.argv[1], sys.argv[2]
    glyphs, cmap = load(src)
    text = render(src, glyphs, cmap)
    # Write then rename: a failed run never leaves a half-written source.
    tmp = dst + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, dst)


if __name__ == "__main__":
    main()
