#!/bin/bash
# SPDX-License-Identifier: MIT
# PV versus native (issue 6): the same pvkern image, build/guest-pv/bench.elf
# (guest-pv/examples/bench), run natively on QEMU, as dom0 of pvisor and as
# dom0 of Xen 4.17, each under -icount shift=0,sleep=off, so the TSC
# differences the program measures in user mode are instruction counts.
# Prints, per figure:
#   BENCH name=<id> unit=instr pvisor=<v> native=<v> ratio=<pvisor/native> xen=<v>
# pv_compute is the whole loop; the others are per operation (page fault,
# system call, address-space switch). docs/PERFORMANCE.md explains them.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
image=build/guest-pv/bench.elf
xen_elf=build/xen/xen-4.17.elf
# Fetched and unpacked once (make bench may run this before bench.sh does).
scripts/deps.sh --xen >/dev/null 2>&1 || true

# "name value-per-op" from the program's BENCH-PV lines.
figures() {
    sed -n 's/.*BENCH-PV name=\([a-z_]*\) instr=\([0-9]*\) ops=\([0-9]*\).*/\1 \2 \3/p' |
        awk '{ printf "%s %d\n", $1, ($2 + $3 / 2) / $3 }'
}

native=$(scripts/run-native.sh --icount --timeout 120 "$image" 2>&1 | figures)
pv=$(scripts/run-qemu.sh --boot multiboot --cmdline test --icount --timeout 120 \
        --dom0 "$image" 2>&1 | figures)
xen=""
if [ -f "$xen_elf" ]; then
    # Xen does not stop QEMU when dom0 ends: stop reading at the last line.
    xen=$(timeout -k 5 150 qemu-system-x86_64 -machine q35 -cpu max -m 512 \
            -smp 1 -no-reboot -display none -monitor none -serial stdio \
            -icount shift=0,sleep=off -kernel "$xen_elf" \
            -append "console=com1 noreboot dom0_mem=32M" -initrd "$image" </dev/null 2>&1 |
          sed -n '/BENCH-PV/p; /bench: done/q' | figures)
fi
for name in pv_compute pv_pagefault pv_syscall pv_addrspace_switch; do
    p=$(echo "$pv" | awk -v n=$name '$1 == n { print $2 }')
    n=$(echo "$native" | awk -v n=$name '$1 == n { print $2 }')
    x=$(echo "$xen" | awk -v n=$name '$1 == n { print $2 }')
    line="BENCH name=$name unit=instr pvisor=${p:-NA}"
    if [ -n "$n" ]; then
        line="$line native=$n"
        [ -n "$p" ] && line="$line ratio=$(awk -v a="$p" -v b="$n" 'BEGIN { printf "%.3f", a / b }')"
    fi
    [ -n "$x" ] && line="$line xen=$x"
    echo "$line"
done
