#!/bin/bash
# SPDX-License-Identifier: MIT
# pvkern without a hypervisor: boot each pvkern-* test image natively under
# QEMU (scripts/run-native.sh) and judge it as its test.conf says; for tests
# with COMPARE_NATIVE, also check that the lines matching that regex are the
# same natively, on pvisor (booted here) and on Xen 4.17 (if make test-xen
# left a log): the same kernel chose pv_ops_native or pv_ops_xen and the
# program must not see the difference. Ends with "N passed, N failed".
#
#   test-native.sh [GLOB]        (default pvkern-*)
#
# test.conf variables read: DOM0, DOM0_CMDLINE, EXPECT (SUCCESS or CRASH),
# TIMEOUT, and the native-only ones:
#   NATIVE=0                 skip (the test is about the PV interface itself)
#   NATIVE_EXPECT=SKIP       the native result where it differs from EXPECT
#   NATIVE_MUST_LOG=(re ...) extended regexes the native log must contain
#   COMPARE_NATIVE='regex'   lines to compare across native, pvisor and Xen
# Logs: build/native-tests/<test>.log (and <test>-pvisor.log).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/native-tests
mkdir -p "$out"
passed=0 failed=0

for conf in tests/integration/${1:-pvkern-*}/test.conf; do
    [ -f "$conf" ] || continue
    name=$(basename "$(dirname "$conf")")
    DOM0="" DOM0_CMDLINE="" EXPECT=SUCCESS TIMEOUT=60 NATIVE=1 COMPARE_NATIVE=""
    NATIVE_MUST_LOG=() NATIVE_EXPECT=""
    # shellcheck disable=SC1090
    . "$conf"
    EXPECT=${NATIVE_EXPECT:-$EXPECT}
    [ "$NATIVE" = 1 ] && [ -n "$DOM0" ] || continue
    log=$out/$name.log
    # shellcheck disable=SC2086
    scripts/run-native.sh --timeout "$TIMEOUT" --log "$log" "$DOM0" $DOM0_CMDLINE
    rc=$?
    got=$(grep -aoE 'Test result: (SUCCESS|SKIP|ERROR|FAILURE)' "$log" | tail -n 1 | awk '{print $3}')
    why="" same=""
    case $EXPECT in
    CRASH)
        [ -z "$got" ] || why="result $got, expected a crash"
        [ -n "$why" ] || [ "$rc" = 3 ] || why="QEMU exit status $rc, expected 3 (crash)" ;;
    *)
        [ "$got" = "$EXPECT" ] || why="result '${got:-none}', expected $EXPECT (QEMU status $rc)"
        [ -n "$why" ] || [ "$rc" = 1 ] || why="QEMU exit status $rc, expected 1" ;;
    esac
    for re in "${NATIVE_MUST_LOG[@]+"${NATIVE_MUST_LOG[@]}"}"; do
        [ -n "$why" ] && break
        grep -aqE "$re" "$log" || why="log lacks /$re/"
    done
    if [ -z "$why" ] && [ -n "$COMPARE_NATIVE" ]; then
        plog=$out/$name-pvisor.log
        # shellcheck disable=SC2086
        scripts/run-qemu.sh --boot multiboot --cmdline "test" --timeout "$TIMEOUT" \
            --log "$plog" --dom0 "$DOM0" --dom0-cmdline "$DOM0_CMDLINE" >/dev/null 2>&1
        grep -aE "$COMPARE_NATIVE" "$log" | tr -d '\r' >"$out/$name.native.lines"
        grep -aE "$COMPARE_NATIVE" "$plog" | tr -d '\r' >"$out/$name.pvisor.lines"
        if [ ! -s "$out/$name.native.lines" ]; then
            why="no lines match /$COMPARE_NATIVE/ natively"
        elif ! cmp -s "$out/$name.native.lines" "$out/$name.pvisor.lines"; then
            why="native and pvisor results differ: diff $out/$name.native.lines $out/$name.pvisor.lines"
        elif [ -f "build/xen-tests/$name.log" ]; then
            grep -aE "$COMPARE_NATIVE" "build/xen-tests/$name.log" | tr -d '\r' >"$out/$name.xen.lines"
            same=", same results as on pvisor and Xen 4.17"
            cmp -s "$out/$name.native.lines" "$out/$name.xen.lines" ||
                why="native and Xen results differ: diff $out/$name.native.lines $out/$name.xen.lines"
        else
            same=", same results as on pvisor (no Xen log to compare)"
        fi
    fi
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "PASS  $name (native)$same"
    else
        failed=$((failed + 1))
        echo "FAIL  $name (native): $why; log: $log"
    fi
done
echo "$passed passed, $failed failed (native)"
[ $failed = 0 ] && [ $passed -gt 0 ]
