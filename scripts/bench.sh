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
#   null_hypercall, null_hypercall_page, trap_bounce
#                             instructions per round trip, measured inside
#                             build/guests/guest-bench.elf (as dom0) under
#                             -icount; the same guest on Xen 4.17 gives the
#                             xen= figure. cr3=/flush= count what pvisor does
#                             per operation (none of the three switches
#                             address space: the guest stays in kernel mode).
#   grant_map_unmap           instructions per map+unmap pair of a page the
#                             bench guest grants to itself (same guest, same
#                             Xen run); pvisor flushes the TLB once per unmap
#                             (CR4.PGE toggle), no CR3 write.
#   domain_switch             instructions per switch between two domains
#                             on one CPU: two boot-time domains running
#                             build/guests/guest-bench-sched.elf "yield"
#                             ping-pong with SCHEDOP_yield; a round is two
#                             switches (pvisor only: Xen 4.17 without a
#                             toolstack runs one domain)
#   domain_switch_idle104     the same with 13 more boot-time domains of 8
#                             vCPUs each beside them (guest-sched-sleep, 1
#                             vCPU asleep, 7 down): 104 vCPUs that cannot
#                             run; the scheduler picks from its run list,
#                             so they should cost nothing
#   timer_wakeup              ns (= instructions under -icount) from a
#                             single-shot timer's deadline to the guest's
#                             event callback, the guest blocked meanwhile;
#                             same guest ("timer") as dom0 on Xen 4.17
#   evtchn_pingpong           instructions per event-channel round trip on
#                             a loopback channel in one domain (send,
#                             upcall, handler sends back, its next pass
#                             takes the answer, return without the iret
#                             hypercall): build/guests/guest-bench-evtchn.elf
#                             "loop" as dom0 on pvisor and on Xen 4.17
#   evtchn_pingpong_xdom      the same between two boot-time domains on
#                             one CPU (A sends and blocks, B answers from
#                             its handler and blocks): two domain switches
#                             per round trip (pvisor only)
#   evtchn_pingpong_2cpu      the same two domains on two CPUs. Under
#                             -icount QEMU runs the CPUs round-robin on one
#                             thread, so this is the instructions of both
#                             CPUs together per round trip, not a latency
#                             (docs/PERFORMANCE.md says what it contains)
#   create_4mib, create_64mib ns (= instructions under -icount, both CPUs
#                             counted) from `pvctl create` to dom0 reading
#                             the new guest's first console line, for the
#                             hello guest with 4 and 64 MiB: dom0 (pvkern +
#                             the dom0 program) runs the dom0-bench script
#                             (tests/integration/dom0-bench/files/bench.sh)
#                             with its shell's benchcreate. build= is until
#                             pvctl returns (domain built and unpaused),
#                             first_line= the rest, hv_pct= the build's share
#                             spent in privcmd calls (pvkern + hypervisor)
#   destroy_4mib              ns (= instructions, both CPUs) that `pvctl
#                             destroy` of a running 4 MiB ticker guest takes,
#                             until getdomaininfo no longer finds it (the
#                             same run, the shell's benchdestroy)
#   leaked_frames_after_1000  free frames missing after 1000 create/destroy
#                             cycles of a 4 MiB guest (same run; 0 expected)
#   density_1gib              minimal domains running at once in QEMU with
#                             1 GiB (-m 1024): build/guests/guest-domain-many.elf
#                             "density" as dom0 builds echo domains (five
#                             frames, one event channel to dom0) until the
#                             next cannot be built, then pings them all
#                             (pvisor only; not deterministic in time, the
#                             count is)
#   domain_overhead           KiB the hypervisor spends on one such domain
#                             (its frames beyond the guest's five), same run
# The multiboot wall figure is compared with Debian's Xen 4.17 booted the
# same way (-kernel, to its "Xen version" banner), when scripts/deps.sh --xen
# could fetch it.
# BENCH_RUNS=N changes the number of wall-time runs.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
runs=${BENCH_RUNS:-3}
banner='x86-64 paravirtualization hypervisor'

# Wall time in ns from starting "$@" to the first line matching $pattern.
wall_once() {
    local pattern=$1 t0 t1="" line
    shift
    t0=$(date +%s%N)
    while IFS= read -r line; do
        case $line in
        *"$pattern"*) t1=$(date +%s%N); break ;;
        esac
    done < <("$@" 2>&1)
    [ -n "$t1" ] && echo $((t1 - t0))
}

xen_elf=build/xen/xen-4.17.elf
scripts/deps.sh --xen >/dev/null 2>&1 || true   # unpacks it (once)

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

for boot in multiboot efi; do
    if [ $boot = efi ] && [ ! -x scripts/mkimage.sh ]; then
        continue
    fi
    w=$(for _ in $(seq "$runs"); do
            wall_once "$banner" scripts/run-qemu.sh --boot "$boot" \
                --cmdline "test selftest=boot" --timeout 60
        done | median)
    line="BENCH name=boot_banner_${boot}_wall unit=ns pvisor=${w:-NA}"
    if [ $boot = multiboot ] && [ -f "$xen_elf" ] && [ -n "$w" ]; then
        x=$(for _ in $(seq "$runs"); do
                wall_once "Xen version" timeout -k 5 60 qemu-system-x86_64 \
                    -machine q35 -cpu max -m 512 -no-reboot -display none \
                    -monitor none -serial stdio -kernel "$xen_elf" \
                    -append "console=com1" </dev/null
            done | median)
        [ -n "$x" ] && line="$line xen=$x ratio=$(awk -v a="$w" -v b="$x" 'BEGIN { printf "%.2f", a / b }')"
    fi
    echo "$line"
    tsc=$(scripts/run-qemu.sh --boot $boot --cmdline "test selftest=boot" --icount --timeout 120 2>&1 |
          sed -n 's/.*boot tsc \([0-9]*\)).*/\1/p' | head -n 1)
    echo "BENCH name=boot_banner_${boot}_instr unit=instr pvisor=${tsc:-NA}"
done

# Round trips measured by the bench guest, on pvisor and on Xen 4.17.
guest_figures() {
    sed -n 's/.*BENCH-GUEST name=\([a-z_]*\) instr=\([0-9]*\).*/\1 \2/p'
}
# Xen 4.17 with "$@" as dom0 under -icount; stops QEMU at the guest's
# result line (Xen itself does not stop the machine: QEMU ignores SIGPIPE,
# so a reader that closes the pipe early does not end it either).
xen_dom0_log() {
    local log pid
    log=$(mktemp)
    timeout -k 5 120 qemu-system-x86_64 -machine q35 -cpu max -m 512 \
        -smp 1 -no-reboot -display none -monitor none -serial stdio \
        -icount shift=0,sleep=off -kernel "$xen_elf" \
        -append "console=com1 noreboot dom0_mem=32M" -initrd "$*" \
        </dev/null >"$log" 2>&1 &
    pid=$!
    while kill -0 $pid 2>/dev/null && ! grep -q 'Test result' "$log"; do
        sleep 0.2
    done
    kill $pid 2>/dev/null
    wait $pid 2>/dev/null
    cat "$log"
    rm -f "$log"
}
pv=$(scripts/run-qemu.sh --boot multiboot --cmdline test --icount --timeout 120 \
        --dom0 build/guests/guest-bench.elf 2>&1 | guest_figures)
xen=""
if [ -f "$xen_elf" ]; then
    xen=$(xen_dom0_log build/guests/guest-bench.elf | guest_figures)
fi
for name in null_hypercall null_hypercall_page trap_bounce; do
    p=$(echo "$pv" | awk -v n=$name '$1 == n { print $2 }')
    x=$(echo "$xen" | awk -v n=$name '$1 == n { print $2 }')
    line="BENCH name=$name unit=instr pvisor=${p:-NA}"
    if [ -n "$p" ] && [ -n "$x" ]; then
        line="$line xen=$x ratio=$(awk -v a="$p" -v b="$x" 'BEGIN { printf "%.2f", a / b }')"
    fi
    echo "$line cr3=0 flush=0"
done
p=$(echo "$pv" | awk '$1 == "grant_map_unmap" { print $2 }')
x=$(echo "$xen" | awk '$1 == "grant_map_unmap" { print $2 }')
line="BENCH name=grant_map_unmap unit=instr pvisor=${p:-NA}"
if [ -n "$p" ] && [ -n "$x" ]; then
    line="$line xen=$x ratio=$(awk -v a="$p" -v b="$x" 'BEGIN { printf "%.2f", a / b }')"
fi
echo "$line cr3=0 flush=1"

# Scheduling: domain switch (pvisor only) and timer wake-up (both).
sched=build/guests/guest-bench-sched.elf
# "BENCH name=$1 ...": instructions per switch of two yield ping-pong
# domains on one CPU, with the boot modules "${@:2}" beside them.
domain_switch() {
    local name=$1 p
    shift
    p=$(scripts/run-qemu.sh --boot multiboot --cmdline "test maxcpus=1" --icount \
            --timeout 120 --smp 1 \
            --module "$sched domain name=a -- yield" \
            --module "$sched domain name=b -- yield" "$@" 2>&1 |
        sed -n 's/^(d1) .*BENCH-GUEST name=yield_round instr=\([0-9]*\).*/\1/p' | head -n 1)
    echo "BENCH name=$name unit=instr pvisor=$([ -n "$p" ] && echo $((p / 2)) || echo NA) cr3=1 flush=1"
}
domain_switch domain_switch
idle=()
for i in $(seq 1 13); do
    idle+=(--module "build/guests/guest-sched-sleep.elf domain name=idle$i mem=4194304 vcpus=8 -- 100000")
done
domain_switch domain_switch_idle104 "${idle[@]}"
p=$(scripts/run-qemu.sh --boot multiboot --cmdline test --icount --timeout 120 \
        --dom0 "$sched" --dom0-cmdline timer 2>&1 | guest_figures |
    awk '$1 == "timer_wakeup" { print $2 }')
x=""
if [ -f "$xen_elf" ]; then
    x=$(xen_dom0_log "$sched" timer | guest_figures | awk '$1 == "timer_wakeup" { print $2 }')
fi
line="BENCH name=timer_wakeup unit=instr pvisor=${p:-NA}"
if [ -n "$p" ] && [ -n "$x" ]; then
    line="$line xen=$x ratio=$(awk -v a="$p" -v b="$x" 'BEGIN { printf "%.2f", a / b }')"
fi
echo "$line"

# Event-channel ping-pong: loopback in one domain (both), two domains on
# one and on two CPUs (pvisor only).
evb=build/guests/guest-bench-evtchn.elf
p=$(scripts/run-qemu.sh --boot multiboot --cmdline test --icount --timeout 120 \
        --dom0 "$evb" --dom0-cmdline loop 2>&1 | guest_figures |
    awk '$1 == "evtchn_pingpong" { print $2 }')
x=""
if [ -f "$xen_elf" ]; then
    x=$(xen_dom0_log "$evb" loop | guest_figures |
        awk '$1 == "evtchn_pingpong" { print $2 }')
fi
line="BENCH name=evtchn_pingpong unit=instr pvisor=${p:-NA}"
if [ -n "$p" ] && [ -n "$x" ]; then
    line="$line xen=$x ratio=$(awk -v a="$p" -v b="$x" 'BEGIN { printf "%.2f", a / b }')"
fi
echo "$line cr3=0 flush=0"
for cpus in 1 2; do
    p=$(scripts/run-qemu.sh --boot multiboot --cmdline "test maxcpus=$cpus" --icount \
            --timeout 120 --smp $cpus \
            --module "$evb domain name=a -- A" --module "$evb domain name=b -- B" 2>&1 |
        sed -n 's/^(d1) .*BENCH-GUEST name=evtchn_pingpong_xdom instr=\([0-9]*\).*/\1/p' |
        head -n 1)
    name=evtchn_pingpong_xdom
    [ $cpus = 2 ] && name=evtchn_pingpong_2cpu
    echo "BENCH name=$name unit=instr pvisor=${p:-NA} cr3=2 flush=2"
done

# Domain creation and destruction from dom0, and 1000 create/destroy
# cycles (issue 7).
log=$(scripts/run-qemu.sh --boot multiboot --cmdline test --icount --smp 2 \
        --timeout 280 --dom0 build/guest-pv/dom0.elf \
        --dom0-cmdline "test -- script=/tests/dom0-bench/bench.sh" \
        --module build/dom0/initrd.cpio 2>&1)
for name in create_4mib create_64mib; do
    echo "$log" | awk -v n=$name '
        $1 == "BENCH-GUEST" && $2 == "name=" n {
            for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            found = 1
        }
        END {
            if (found)
                printf "BENCH name=%s unit=ns pvisor=%s build=%s first_line=%s hv_pct=%s\n",
                       n, v["ns"], v["build_ns"], v["first_line_ns"], v["hv_pct"]
            else
                printf "BENCH name=%s unit=ns pvisor=NA\n", n
        }'
done
p=$(echo "$log" | sed -n 's/.*BENCH-GUEST name=destroy_4mib ns=\([0-9]*\).*/\1/p' | head -n 1)
echo "BENCH name=destroy_4mib unit=ns pvisor=${p:-NA}"
leak=$(echo "$log" | sed -n 's/.*leakcheck: \([0-9]*\) free frames, baseline \([0-9]*\).*/\2 \1/p' |
       awk '{ print $1 - $2 }' | head -n 1)
echo "BENCH name=leaked_frames_after_1000 unit=count pvisor=${leak:-NA}"

# Density: how many minimal domains run at once in 1 GiB.
log=$(scripts/run-qemu.sh --boot multiboot --cmdline test --mem 1024 --smp 2 --timeout 600 \
        --dom0 build/guests/guest-domain-many.elf --dom0-cmdline density 2>&1)
p=$(echo "$log" | sed -n 's/.*BENCH-GUEST name=density_1gib count=\([0-9]*\).*/\1/p' | head -n 1)
echo "BENCH name=density_1gib unit=count pvisor=${p:-NA}"
p=$(echo "$log" | sed -n 's/.*BENCH-GUEST name=domain_overhead count=\([0-9]*\).*/\1/p' | head -n 1)
echo "BENCH name=domain_overhead unit=KiB pvisor=${p:-NA}"
