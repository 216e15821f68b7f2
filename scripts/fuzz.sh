#!/bin/sh
# SPDX-License-Identifier: MIT
# Run each named host fuzzer (tests/fuzz/NAME, built by `make fuzz` into
# $FUZZ_OUT/bin/NAME) for FUZZ_TIME seconds, under nice, on one core.
# Prints one line per fuzzer:
#   FUZZ name=NAME time=S execs=N corpus=N crashes=N
# and fails if any found a crash (its input is in $FUZZ_OUT/crashers/NAME/:
# fix the bug, then add the input to tests/fuzz/NAME/crashers/ and a case to
# the unit test of the file at fault).
set -u
out=${FUZZ_OUT:-build/fuzz}
time=${FUZZ_TIME:-60}
status=0
for name in "$@"; do
    bin=$out/bin/$name
    corpus=$out/corpus/$name
    crashers=$out/crashers/$name
    mkdir -p "$corpus" "$crashers"
    dict=
    [ -f "tests/fuzz/$name/dict" ] && dict="-dict=tests/fuzz/$name/dict"
    log=$out/$name.log
    # shellcheck disable=SC2086
    nice "$bin" -max_total_time="$time" -print_final_stats=1 -timeout=10 \
        -rss_limit_mb=1024 -artifact_prefix="$crashers/" $dict \
        "$corpus" "tests/fuzz/$name/corpus" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    ncorp=$(find "$corpus" -type f | wc -l)
    ncrash=$(find "$crashers" -type f | wc -l)
    echo "FUZZ name=$name time=$time execs=${execs:-0} corpus=$ncorp crashes=$ncrash"
    if [ $rc -ne 0 ] || [ "$ncrash" -ne 0 ]; then
        echo "fuzz: $name failed (status $rc); log: $log" >&2
        grep -m 5 -E 'ERROR|fuzz check failed|runtime error' "$log" >&2
        status=1
    fi
done
exit $status
