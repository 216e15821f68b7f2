#!/bin/bash
# SPDX-License-Identifier: MIT
# Boot a pvkern image natively (no hypervisor) under QEMU: the same ELF that
# runs as a PV guest is also a multiboot kernel (guest-pv/kernel/head_native.S).
#
#   run-native.sh [--timeout SECONDS] [--log FILE] [--icount] IMAGE.elf [CMDLINE...]
#
# The serial console goes to the log (and stdout unless --log is given).
# pvkern powers off through isa-debug-exit: QEMU's exit status is 1 after
# a normal shutdown, 3 after a crash, 124 on timeout. --icount runs with
# -icount shift=0,sleep=off (guest time counts instructions, for benchmarks).
set -u
timeout=60 log="" icount=()
while [ $# -gt 0 ]; do
    case $1 in
    --timeout) timeout=$2; shift ;;
    --log) log=$2; shift ;;
    --icount) icount=(-icount shift=0,sleep=off) ;;
    -*) echo "run-native.sh: unknown option '$1'" >&2; exit 125 ;;
    *) break ;;
    esac
    shift
done
[ $# -ge 1 ] || { echo "usage: run-native.sh [options] IMAGE.elf [CMDLINE...]" >&2; exit 125; }
image=$1
shift
[ -f "$image" ] || { echo "run-native.sh: no image '$image'" >&2; exit 125; }

args=(-machine q35 -cpu max -m 128 -smp 1 -no-reboot -display none -monitor none
      -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04
      "${icount[@]}" -kernel "$image" -append "$*")
if [ -n "$log" ]; then
    mkdir -p "$(dirname "$log")"
    timeout --foreground -k 5 "$timeout" "${QEMU:-qemu-system-x86_64}" "${args[@]}" \
        </dev/null >"$log" 2>&1
else
    timeout --foreground -k 5 "$timeout" "${QEMU:-qemu-system-x86_64}" "${args[@]}" </dev/null
fi
