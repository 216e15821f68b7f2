#!/bin/sh
# SPDX-License-Identifier: MIT
# Build a FAT EFI system partition image for pvisor, without root or loop
# mounts (mtools): EFI/BOOT/BOOTX64.EFI, pvisor/pvisor.elf, pvisor/pvisor.cfg,
# and any dom0, modules and extra files.
#
#   scripts/mkimage.sh OUT.img [options]
#     --efi FILE            loader (default build/boot/BOOTX64.EFI)
#     --hv FILE             hypervisor ELF (default build/hypervisor/pvisor.elf)
#     --cmdline TEXT        hypervisor options (default "console=com1,fb loglvl=info")
#     --dom0 FILE           dom0 kernel, copied to pvisor/<name>
#     --dom0-cmdline TEXT   dom0 command line
#     --module FILE         another module, copied to pvisor/<name> (repeatable)
#     --module-cmdline TEXT command line of the module named just before
#     --file SRC[:DEST]     extra file, DEST in the image (default pvisor/<name>)
#     --guests DIR          copy what DIR holds into pvisor/guests/: the loader
#                           appends its files (not its subfolders or hidden
#                           files) to dom0's initrd as /guests/<name>
#                           (repeatable)
#     --cfg FILE            use FILE as pvisor.cfg instead of generating one
#     --no-cfg              leave pvisor.cfg out (tests the loader's error path)
#     --no-hv               leave the hypervisor out (likewise)
#     --size MIB            image size (default 64, or more if the files need it)
#
# The image is an unpartitioned FAT32 volume: OVMF boots it from -drive
# format=raw,file=OUT.img; dd it to a USB stick for real hardware.
set -eu

usage() {
    sed -n '3,/^$/s/^# \{0,1\}//p' "$0" >&2
    exit 2
}
die() {
    echo "mkimage: $*" >&2
    exit 1
}

[ $# -ge 1 ] || usage
out=$1
shift
case $out in -*) usage ;; esac

# Defaults are relative to the tree, wherever the script is run from.
top=$(cd "$(dirname "$0")/.." && pwd)
efi=$top/build/boot/BOOTX64.EFI
hv=$top/build/hypervisor/pvisor.elf
cmdline="console=com1,fb loglvl=info"
dom0=
dom0_cmdline=
cfg=
no_cfg=0
no_hv=0
size=
# Modules as lines "file<TAB>cmdline"; extra files as lines "src[:dest]".
# A module's command line may follow it, so the last one waits in "pending".
tab=$(printf '\t')
modules=
pending=
pending_cmd=
files=
guests=

flush_module() {
    case $pending$pending_cmd in
    *"$tab"*|*"
"*) die "module names and command lines must be one line, without tabs" ;;
    esac
    [ -z "$pending" ] || modules="$modules$pending$tab$pending_cmd
"
    pending=
    pending_cmd=
}

need() {
    [ $# -ge 2 ] || die "$1 needs an argument"
}

while [ $# -gt 0 ]; do
    case $1 in
    --efi) need "$@"; efi=$2; shift ;;
    --hv) need "$@"; hv=$2; shift ;;
    --cmdline) need "$@"; cmdline=$2; shift ;;
    --dom0) need "$@"; dom0=$2; shift ;;
    --dom0-cmdline) need "$@"; dom0_cmdline=$2; shift ;;
    --module) need "$@"; flush_module; pending=$2; shift ;;
    --module-cmdline)
        need "$@"
        [ -n "$pending" ] || die "--module-cmdline must follow a --module"
        pending_cmd=$2
        shift ;;
    --file) need "$@"; files="$files$2
"; shift ;;
    --guests) need "$@"; guests="$guests$2
"; shift ;;
    --cfg) need "$@"; cfg=$2; shift ;;
    --no-cfg) no_cfg=1 ;;
    --no-hv) no_hv=1 ;;
    --size) need "$@"; size=$2; shift ;;
    -h|--help) usage ;;
    *) die "unknown option '$1'" ;;
    esac
    shift
done
flush_module

command -v mformat >/dev/null 2>&1 || die "mtools is not installed (apt-get install mtools)"
[ -f "$efi" ] || die "no loader '$efi' (make build/boot/BOOTX64.EFI)"
[ $no_hv = 1 ] || [ -f "$hv" ] || die "no hypervisor '$hv' (make build/hypervisor/pvisor.elf)"
[ -z "$dom0" ] || [ -f "$dom0" ] || die "no dom0 '$dom0'"
[ -z "$cfg" ] || [ -f "$cfg" ] || die "no config '$cfg'"
[ -z "$modules" ] || [ -n "$dom0" ] || die "--module needs --dom0 (modules[0] is dom0)"
case $cmdline$dom0_cmdline in
*"
"*) die "command lines must be one line" ;;
esac
# The guests folders' entries, as lines: copied as they are (hidden files
# and subfolders too: the loader says what it leaves out, as it would of
# a USB stick's).
guest_files=$(printf '%s' "$guests" | while IFS= read -r d; do
    [ -n "$d" ] || continue
    [ -d "$d" ] || die "no guests folder '$d'"
    for f in "$d"/* "$d"/.[!.]* "$d"/..?*; do
        if [ -e "$f" ]; then echo "$f"; fi
    done
done)

# Unless given, the size is 64 MiB or what the files need, with room to spare.
if [ -z "$size" ]; then
    bytes=$( { for f in "$efi" "$hv" "$dom0"; do [ -f "$f" ] && echo "$f"; done
               printf '%s' "$modules" | cut -f1
               printf '%s' "$files" | sed 's/:.*//'
               printf '%s\n' "$guest_files"; } |
             while IFS= read -r f; do if [ -e "$f" ]; then du -sb "$f"; fi; done |
             awk '{ t += $1 } END { print t + 0 }')
    size=$(( bytes / 1048576 + 32 ))
    [ $size -ge 64 ] || size=64
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkimage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
img=$tmp/esp.img
export MTOOLS_SKIP_CHECK=1

# Sparse file, FAT32 (-F), volume label PVISOR.
truncate -s "${size}M" "$img"
mformat -i "$img" -F -v PVISOR ::
mmd -i "$img" ::/EFI ::/EFI/BOOT ::/pvisor
mcopy -i "$img" "$efi" ::/EFI/BOOT/BOOTX64.EFI
[ $no_hv = 1 ] || mcopy -i "$img" "$hv" ::/pvisor/pvisor.elf

# pvisor.cfg, generated unless given.
if [ -n "$cfg" ]; then
    cp "$cfg" "$tmp/pvisor.cfg"
else
    {
        echo "# pvisor boot configuration (generated by scripts/mkimage.sh)"
        echo "hypervisor = \\pvisor\\pvisor.elf"
        echo "options = $cmdline"
        if [ -n "$dom0" ]; then
            echo "dom0 = \\pvisor\\$(basename "$dom0")"
            echo "dom0_cmdline = $dom0_cmdline"
        fi
        printf '%s' "$modules" | while IFS="$tab" read -r file mcmd; do
            [ -n "$file" ] || continue
            echo "module = \\pvisor\\$(basename "$file")${mcmd:+ $mcmd}"
        done
    } > "$tmp/pvisor.cfg"
fi
[ $no_cfg = 1 ] || mcopy -i "$img" "$tmp/pvisor.cfg" ::/pvisor/pvisor.cfg

if [ -n "$dom0" ]; then
    case $(basename "$dom0") in
    pvisor.elf|pvisor.cfg)
        die "dom0 file '$dom0' would overwrite pvisor/$(basename "$dom0") in the image: rename it" ;;
    esac
    mcopy -i "$img" "$dom0" "::/pvisor/$(basename "$dom0")"
fi
printf '%s' "$modules" | while IFS="$tab" read -r file mcmd; do
    [ -n "$file" ] || continue
    [ -f "$file" ] || die "no module '$file'"
    mcopy -o -i "$img" "$file" "::/pvisor/$(basename "$file")"
done
printf '%s' "$files" | while IFS= read -r spec; do
    [ -n "$spec" ] || continue
    src=${spec%%:*}
    dest=${spec#*:}
    [ "$dest" != "$spec" ] || dest=pvisor/$(basename "$src")
    [ -f "$src" ] || die "no file '$src'"
    # Make each missing parent directory (mmd has no -p).
    dir=
    for part in $(dirname "$dest" | tr '/' ' '); do
        [ "$part" != . ] || continue
        dir=$dir/$part
        mdir -i "$img" "::$dir" >/dev/null 2>&1 || mmd -i "$img" "::$dir"
    done
    mcopy -o -i "$img" "$src" "::/$dest"
done

# The guests folder: the loader takes it if it is there, even empty.
if [ -n "$guests" ]; then
    mmd -i "$img" ::/pvisor/guests
    printf '%s\n' "$guest_files" | while IFS= read -r f; do
        [ -n "$f" ] || continue
        mcopy -s -o -i "$img" "$f" "::/pvisor/guests/$(basename "$f")"
    done
fi

# Replace the output in one step: parallel test runs never see half an image.
mkdir -p "$(dirname "$out")"
mv "$img" "$out.tmp.$$"
mv "$out.tmp.$$" "$out"
