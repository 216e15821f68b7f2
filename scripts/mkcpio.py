#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Pack a directory into a cpio "newc" archive (dom0's initrd).

    mkcpio.py DIR OUT

Entries are written in sorted order with fixed owners and times, so the
same tree gives the same bytes; directories before their contents.
"""
import os
import sys


def header(name, mode, size, ino):
    fields = [ino, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad(buf):
    return buf + b"\0" * (-len(buf) % 4)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: mkcpio.py DIR OUT")
    top, out = sys.argv[1], sys.argv[2]
    data, ino = b"", 1
    for root, dirs, files in os.walk(top):
        dirs.sort()
        rel = os.path.relpath(root, top)
        entries = [] if rel == "." else [(rel, None)]
        entries += [(os.path.normpath(os.path.join(rel, f)), os.path.join(root, f))
                    for f in sorted(files)]
        for name, path in entries:
            body = b"" if path is None else open(path, "rb").read()
            mode = 0o040755 if path is None else 0o100644
            data = pad(data + header(name, mode, len(body), ino) + name.encode() + b"\0")
            data = pad(data + body)
            ino += 1
    name = "TRAILER!!!"
    data = pad(data + header(name, 0, 0, 0) + name.encode() + b"\0")
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
