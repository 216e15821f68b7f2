#!/bin/bash
# SPDX-License-Identifier: MIT
# make bench: one "BENCH name=... unit=... pvisor=..." line per figure
# (docs/PERFORMANCE.md explains each and how to reproduce it).
#
# Figures:
#   boot_banner_<path>_wall   ns from starting QEMU to the banner on the
#                             serial line (TCG, median of 3; host-dependent)
#   boot_banner_<path>_instr  guest instructions from reset to the banner
#                             (-icount shift=0,sleep=off: the TSC counts
#                             instructions; deterministic)
# BENCH_RUNS=N changes the number of wall-time runs.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
runs=${BENCH_RUNS:-3}
banner='x86-64 paravirtualization hypervisor'

# Wall time in ns from QEMU start to the first banner line.
wall_once() {
    local boot=$1 t0 t1 line
    t0=$(date +%s%N)
    while IFS= read -r line; do
        case $line in
        *"$banner"*) t1=$(date +%s%N); break ;;
        esac
    done < <(scripts/run-qemu.sh --boot "$boot" --cmdline "test selftest=boot" --timeout 60 2>&1)
    [ -n "${t1:-}" ] && echo $((t1 - t0))
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

for boot in multiboot efi; do
    if [ $boot = efi ] && [ ! -x scripts/mkimage.sh ]; then
        continue
    fi
    w=$(for _ in $(seq "$runs"); do wall_once $boot; done | median)
    echo "BENCH name=boot_banner_${boot}_wall unit=ns pvisor=${w:-NA}"
    tsc=$(scripts/run-qemu.sh --boot $boot --cmdline "test selftest=boot" --icount --timeout 120 2>&1 |
          sed -n 's/.*boot tsc \([0-9]*\)).*/\1/p' | head -n 1)
    echo "BENCH name=boot_banner_${boot}_instr unit=instr pvisor=${tsc:-NA}"
done
