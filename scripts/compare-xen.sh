#!/bin/bash
# SPDX-License-Identifier: MIT
# The differential table: for each conformance guest (tests/integration/
# guest-* and pvkern-*), the result on pvisor (build/integration/<guest>-multiboot.log,
# from make integration) and on Xen 4.17 (build/xen-tests/<guest>.log, from
# make test-xen). A guest whose results differ must say so in its test.conf
# (XEN_EXPECT) and in docs/abi/divergences.md; otherwise it is a bug in
# pvisor or in the test. Exit status 1 if any undocumented difference.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
bad=0 n=0

result_of() {
    [ -f "$1" ] || { echo "-"; return; }
    local r
    r=$(grep -aoE 'Test result: (SUCCESS|SKIP|ERROR|FAILURE)' "$1" | tail -n 1 | awk '{print $3}')
    echo "${r:-none}"
}

printf '%-34s %-8s %-8s %s\n' "guest" "pvisor" "Xen" "verdict"
for conf in "$top"/tests/integration/guest-*/test.conf "$top"/tests/integration/pvkern-*/test.conf; do
    name=$(basename "$(dirname "$conf")")
    XEN_EXPECT="" EXPECT=SUCCESS DOM0="" MODULES=() XEN=1
    # shellcheck disable=SC1090
    . "$conf"
    [ -n "$DOM0" ] || continue          # multi-domain tests do not run on Xen
    [ "$XEN" = 1 ] || continue          # nor tests of pvisor's own interfaces
    pv=$(result_of "$build/integration/$name-multiboot.log")
    xen=$(result_of "$build/xen-tests/$name.log")
    # A crash leaves no result line, on either: name it as the test does.
    if [ "$EXPECT" = CRASH ]; then
        [ "$pv" = none ] && pv=CRASH
        case ${XEN_EXPECT:-CRASH} in NONE|CRASH) [ "$xen" = none ] && xen=CRASH ;; esac
    fi
    n=$((n + 1))
    if [ "$pv" = "$xen" ]; then
        verdict="same"
    elif [ -n "$XEN_EXPECT" ] && [ "$xen" = "$XEN_EXPECT" ] && [ "$pv" = "$EXPECT" ]; then
        verdict="documented divergence"
    else
        verdict="DIFFERENT"
        bad=$((bad + 1))
    fi
    printf '%-34s %-8s %-8s %s\n' "$name" "$pv" "$xen" "$verdict"
done
echo "differential: $n guests, $bad undocumented difference(s)"
[ $bad = 0 ]
