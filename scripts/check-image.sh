#!/bin/sh
# SPDX-License-Identifier: MIT
# Check a linked hypervisor image: no dynamic relocations left, the
# multiboot header within the first 8 KiB, the image within HV_IMAGE_MAX.
set -e
elf=$1
fail() { echo "check-image: $elf: $*" >&2; exit 1; }
if readelf -r "$elf" | grep -q 'R_X86_64'; then
    fail "has relocations (code that is not position independent?)"
fi
start=$(nm "$elf" | awk '$3 == "__image_start" { print $1 }')
mbh=$(nm "$elf" | awk '$3 == "mb_header" { print $1 }')
end=$(nm "$elf" | awk '$3 == "_end" { print $1 }')
[ -n "$start" ] && [ -n "$mbh" ] && [ -n "$end" ] || fail "missing symbols"
off=$(( 0x$mbh - 0x$start ))
[ $off -lt 8192 ] || fail "multiboot header at offset $off, past 8 KiB"
size=$(( 0x$end - 0x$start ))
[ $size -le $((32 * 1024 * 1024)) ] || fail "image is $size bytes, over 32 MiB"
