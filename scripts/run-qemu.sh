#!/bin/bash
# SPDX-License-Identifier: MIT
# Boot pvisor under QEMU (TCG).
#
#   run-qemu.sh [--boot efi|multiboot] [--cmdline "hv options"]
#               [--dom0 FILE [--dom0-cmdline "..."]] [--module FILE]...
#               [--timeout SECONDS] [--log FILE] [--icount] [--interactive]
#               [--smp N] [--mem MiB] [--input] [--guests DIR]...
#
# --guests DIR (EFI only) puts what DIR holds into the ESP's \pvisor\guests\,
# whose files the loader appends to dom0's initrd (scripts/mkimage.sh
# --guests).
#
# Non-interactive runs send the serial console to --log (and stdout) and
# stop at the timeout; the exit status is QEMU's: with isa-debug-exit, 1
# means the hypervisor stopped with code 0 (success), 3 with code 1.
# 124 means the timeout fired. --input: this script's stdin is the serial
# line's input (e.g. a pipe from a script typing keys); without it the
# serial line receives nothing.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
boot=multiboot cmdline="" dom0="" dom0_cmdline="" timeout=60 log="" icount=0
interactive=0 smp=1 mem=512 input=/dev/null
modules=() guests=()
while [ $# -gt 0 ]; do
    case $1 in
    --boot) boot=$2; shift ;;
    --cmdline) cmdline=$2; shift ;;
    --dom0) dom0=$2; shift ;;
    --dom0-cmdline) dom0_cmdline=$2; shift ;;
    --module) modules+=("$2"); shift ;;
    --timeout) timeout=$2; shift ;;
    --log) log=$2; shift ;;
    --icount) icount=1 ;;
    --interactive) interactive=1 ;;
    --smp) smp=$2; shift ;;
    --mem) mem=$2; shift ;;
    --input) input=/dev/stdin ;;
    --guests) guests+=("$2"); shift ;;
    *) echo "run-qemu.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done

args=(-machine q35 -cpu max -m "$mem" -smp "$smp" -no-reboot
      -device isa-debug-exit,iobase=0xf4,iosize=0x04)
[ $icount = 1 ] && args+=(-icount shift=0,sleep=off)

case $boot in
multiboot)
    if [ ${#guests[@]} -gt 0 ]; then
        echo "run-qemu.sh: --guests needs --boot efi (with multiboot, pack the files into the initrd: make run GUESTS=dir)" >&2
        exit 2
    fi
    initrd=""
    if [ -n "$dom0" ]; then
        initrd="$dom0${dom0_cmdline:+ $dom0_cmdline}"
    fi
    for m in "${modules[@]+"${modules[@]}"}"; do
        initrd="${initrd:+$initrd,}$m"
    done
    args+=(-kernel "$build/pvisor.mb" -append "$cmdline")
    [ -n "$initrd" ] && args+=(-initrd "$initrd")
    ;;
efi)
    img=$(mktemp --tmpdir pvisor-esp.XXXXXX.img)
    trap 'rm -f "$img"' EXIT
    mk=("$top/scripts/mkimage.sh" "$img" --cmdline "$cmdline")
    [ -n "$dom0" ] && mk+=(--dom0 "$dom0" --dom0-cmdline "$dom0_cmdline")
    for m in "${modules[@]+"${modules[@]}"}"; do mk+=(--module "$m"); done
    for g in "${guests[@]+"${guests[@]}"}"; do mk+=(--guests "$g"); done
    "${mk[@]}" >/dev/null || { echo "run-qemu.sh: cannot make the ESP image" >&2; exit 2; }
    args+=(-bios /usr/share/ovmf/OVMF.fd -drive "format=raw,file=$img")
    ;;
*) echo "run-qemu.sh: unknown boot method '$boot'" >&2; exit 2 ;;
esac

if [ $interactive = 1 ]; then
    echo "Booting pvisor ($boot) under QEMU. Ctrl-T X quits QEMU; Ctrl-A three times"
    echo "switches the serial input between dom0 and the hypervisor."
    # No graphical window: the serial console is this terminal. QEMU's
    # escape key is Ctrl-T (-echr 20), so Ctrl-A reaches the hypervisor.
    exec ${QEMU:-qemu-system-x86_64} "${args[@]}" -display none -echr 20 -serial mon:stdio
fi
args+=(-display none -serial stdio -monitor none)
if [ -n "$log" ]; then
    timeout --foreground -k 5 "$timeout" ${QEMU:-qemu-system-x86_64} "${args[@]}" \
        <"$input" >"$log" 2>&1
else
    timeout --foreground -k 5 "$timeout" ${QEMU:-qemu-system-x86_64} "${args[@]}" <"$input"
fi
