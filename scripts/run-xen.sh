#!/bin/bash
# SPDX-License-Identifier: MIT
# Boot one PV test guest as dom0 on Xen 4.17 under QEMU TCG: the
# differential oracle (docs: DESIGN.md section 6).
#
#   run-xen.sh [--timeout SECONDS] [--log FILE] [--xen-cmdline "..."]
#              [--mem MiB] [--smp N] [--module FILE] [--quiet]
#              GUEST.elf [GUEST ARGS...]   (--module: more boot modules, e.g. an initrd)
#   run-xen.sh --tests [GLOB]
#
# The second form runs every tests/integration/GLOB/ (default guest-*) that
# has a test.conf naming a DOM0, and prints one table row per test: name,
# Xen's result, time, and whether that is what the test expects. From the
# test.conf it reads DOM0, DOM0_CMDLINE, EXPECT, TIMEOUT, and optionally
# XEN_CMDLINE (extra Xen options), XEN_EXPECT (Xen's result, if a
# documented divergence makes it differ from EXPECT) and SMP (CPUs of the
# QEMU machine, as for scripts/run-integration.sh; here the default is 1,
# so only tests that ask for more CPUs pay for them under TCG; a test with
# several dom0 vCPUs also gives Xen dom0_max_vcpus= in XEN_CMDLINE). Logs go to
# build/xen-tests/<test>.log. Exit status 0 iff every test gave what it
# expects (SKIP always counts as skipped).
#
# Xen does not power the machine off when dom0 shuts down (it prints
# "Hardware Dom0 halted: halting machine" and spins), so this script
# watches the serial log and stops QEMU itself once the guest has printed
# its "Test result: X" line or Xen has said that dom0 is gone.
#
# Exit status: 0 SUCCESS, 1 FAILURE, 2 ERROR, 3 SKIP, 4 no result line (dom0
# crashed or QEMU stopped), 124 timeout, 125 setup problem. The last line
# printed is "run-xen: <guest> <result> <seconds>s".
#
# The Xen image is build/xen/xen-4.17.elf, unpacked from the Debian package
# by `scripts/deps.sh --xen` (the package's gzip'ed image is gunzip'ed here
# if only that is present). XEN=path overrides it.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
timeout=60 log="" mem=512 smp=1 quiet=0 modules=""
# noreboot: after a dom0 crash Xen stays halted (instead of rebooting after
# a delay), so the log ends with its reason. dom0_mem: the test guests need
# little; Xen's default would give dom0 most of QEMU's memory.
xen_cmdline="console=com1 noreboot loglvl=all guest_loglvl=all dom0_mem=32M"

# The table mode: one run of this script per test.
run_tests() {
    local glob=${1:-guest-*} conf dir name out=$build/xen-tests
    local passed=0 failed=0 skipped=0 got verdict secs line
    mkdir -p "$out"
    printf '%-36s %-8s %7s  %s\n' "guest" "Xen" "time" "verdict"
    for conf in "$top"/tests/integration/$glob/test.conf; do
        [ -f "$conf" ] || continue
        dir=$(dirname "$conf")
        name=$(basename "$dir")
        DOM0="" DOM0_CMDLINE="" EXPECT=SUCCESS TIMEOUT=60 XEN_CMDLINE="" XEN_EXPECT=""
        SMP=1 XEN=1 MODULES=()
        # shellcheck disable=SC1090
        . "$conf"
        [ -n "$DOM0" ] && [ "$XEN" = 1 ] || continue
        local want=${XEN_EXPECT:-$EXPECT}
        local args=(--quiet --timeout "$TIMEOUT" --log "$out/$name.log" --smp "$SMP")
        # dom0's initrd (a module not marked "domain"): Xen's second module.
        for m in "${MODULES[@]+"${MODULES[@]}"}"; do
            case $m in *" domain"*) ;; *) args+=(--module "$top/$m") ;; esac
        done
        [ -n "$XEN_CMDLINE" ] && args+=(--xen-cmdline "$xen_cmdline $XEN_CMDLINE")
        # shellcheck disable=SC2086
        line=$("$0" "${args[@]}" "$top/$DOM0" $DOM0_CMDLINE | tail -n 1)
        got=$(echo "$line" | awk '{print $3}')
        secs=$(echo "$line" | awk '{print $4}')
        if [ "$got" = SKIP ]; then
            verdict="skipped"; skipped=$((skipped + 1))
        elif [ "$got" = "$want" ]; then
            verdict="ok"; passed=$((passed + 1))
        else
            verdict="MISMATCH: expected $want; log: build/xen-tests/$name.log"
            failed=$((failed + 1))
        fi
        printf '%-36s %-8s %7s  %s\n' "$name" "$got" "$secs" "$verdict"
    done
    echo "$passed passed, $failed failed, $skipped skipped (Xen 4.17)"
    [ $failed = 0 ] && [ $((passed + skipped)) -gt 0 ]
}

if [ "${1:-}" = --tests ]; then
    run_tests "${2:-}"
    exit $?
fi

while [ $# -gt 0 ]; do
    case $1 in
    --timeout) timeout=$2; shift ;;
    --log) log=$2; shift ;;
    --xen-cmdline) xen_cmdline=$2; shift ;;
    --mem) mem=$2; shift ;;
    --smp) smp=$2; shift ;;
    --module) modules="$modules,$2"; shift ;;
    --quiet) quiet=1 ;;
    -*) echo "run-xen.sh: unknown option '$1'" >&2; exit 125 ;;
    *) break ;;
    esac
    shift
done
[ $# -ge 1 ] || { echo "usage: run-xen.sh [options] GUEST.elf [ARGS...]" >&2; exit 125; }
guest=$1
shift
[ -f "$guest" ] || { echo "run-xen.sh: no guest image '$guest'" >&2; exit 125; }
name=$(basename "$guest" .elf)

xen=${XEN:-$build/xen/xen-4.17.elf}
if [ -n "${XEN:-}" ] && [ ! -f "$xen" ]; then
    echo "run-xen.sh: no Xen image '$xen' (XEN=)" >&2
    exit 125
fi
if [ ! -f "$xen" ]; then
    gz=""
    for f in "$build"/xen/boot/xen-4.17*-amd64.gz; do
        [ -f "$f" ] && gz=$f
    done
    if [ -z "$gz" ]; then
        echo "run-xen.sh: no Xen image; run scripts/deps.sh --xen first" >&2
        exit 125
    fi
    gunzip -c "$gz" >"$xen.tmp" && mv "$xen.tmp" "$xen" || exit 125
fi

own_log=0
if [ -z "$log" ]; then
    log=$(mktemp --tmpdir "run-xen-$name.XXXXXX.log")
    own_log=1
fi
mkdir -p "$(dirname "$log")"
: >"$log"

# QEMU splits -initrd at commas: a guest argument cannot contain one.
initrd="$guest${*:+ $*}"
case $initrd in
*,*) echo "run-xen.sh: guest arguments may not contain ','" >&2; exit 125 ;;
esac
initrd="$initrd$modules"        # more modules: dom0's initrd

t0=$(date +%s%N)
timeout --foreground -k 5 "$timeout" "${QEMU:-qemu-system-x86_64}" \
    -machine q35 -cpu max -m "$mem" -smp "$smp" -no-reboot \
    -display none -serial stdio -monitor none \
    -kernel "$xen" -append "$xen_cmdline" -initrd "$initrd" \
    </dev/null >"$log" 2>&1 &
qpid=$!
tailpid=""
if [ $quiet = 0 ]; then
    tail -n +1 -f --pid=$qpid "$log" &
    tailpid=$!
fi

# Poll the log. The result line ends the test; Xen's "Hardware Dom0 ..."
# line (halted, crashed, rebooted) means dom0 is gone without one.
result="" why=""
while kill -0 $qpid 2>/dev/null; do
    result=$(grep -aoE 'Test result: (SUCCESS|SKIP|ERROR|FAILURE)' "$log" |
             tail -n 1 | awk '{print $3}')
    [ -n "$result" ] && break
    if grep -aqE '\(XEN\) (Hardware Dom0 |Domain 0 crashed|Panic on CPU)' "$log"; then
        why=$(grep -aoE '\(XEN\) (Hardware Dom0 .*|Domain 0 crashed.*|Panic on CPU.*)' "$log" |
              head -n 1 | tr -d '\r')
        break
    fi
    sleep 0.1
done
# The result line may have landed between the two greps above (it comes
# just before Xen's "Hardware Dom0 halted"): look once more.
if [ -z "$result" ]; then
    result=$(grep -aoE 'Test result: (SUCCESS|SKIP|ERROR|FAILURE)' "$log" |
             tail -n 1 | awk '{print $3}')
    [ -n "$result" ] && why=""
fi
t1=$(date +%s%N)
if [ -n "$result" ]; then
    # Let Xen log the shutdown that follows, for the reader of the log.
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        grep -aq 'Hardware Dom0 ' "$log" && break
        sleep 0.1
    done
fi
rc=0
if kill -0 $qpid 2>/dev/null; then
    kill $qpid 2>/dev/null
    wait $qpid 2>/dev/null
else
    wait $qpid 2>/dev/null
    rc=$?
fi
[ -n "$tailpid" ] && { kill "$tailpid" 2>/dev/null; wait "$tailpid" 2>/dev/null; }

secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
case $result in
SUCCESS) status=0 ;;
FAILURE) status=1 ;;
ERROR) status=2 ;;
SKIP) status=3 ;;
*)
    if [ -n "$why" ]; then
        result="NONE"; status=4
    elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        result="TIMEOUT"; status=124; why="no result after ${timeout}s"
    else
        result="NONE"; status=4; why="QEMU exited with status $rc"
    fi
    ;;
esac
[ $own_log = 1 ] && [ $status != 4 ] && [ $status != 124 ] && rm -f "$log"
echo "run-xen: $name $result ${secs}s${why:+ ($why)}"
[ $own_log = 1 ] && [ -f "$log" ] && echo "run-xen: log kept in $log"
exit $status
