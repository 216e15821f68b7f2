#!/bin/bash
# SPDX-License-Identifier: MIT
# Integration test runner: boot each test under QEMU, wait for its
# "Test result: SUCCESS|SKIP|ERROR|FAILURE" line (with a timeout), compare
# with what the test expects, and end with "N passed, N failed".
#
#   run-integration.sh [NAME-GLOB]
#
# A test is a folder tests/integration/<area>-<what>/ with a test.conf
# (bash) that may set:
#   BOOT="multiboot efi"   boot paths to run it on (default: multiboot)
#   CMDLINE="..."          hypervisor command line ("test" is added)
#   EXPECT=SUCCESS         the result line that counts as a pass (SKIP
#                          always counts as skipped); or EXPECT=CRASH: dom0
#                          must crash: the pass is no "Test result:" line,
#                          domain_crash's "dN (name) crashed: ..." line (or
#                          "dN (name): shut down: crash" for a guest that
#                          reported its own crash with SCHEDOP_shutdown) in
#                          the log and QEMU exit status 3 (code 1)
#   TIMEOUT=60             seconds before the run counts as hung
#   ICOUNT=1               run QEMU with -icount shift=0 (time = instructions:
#                          measurements of time shares do not depend on how
#                          busy the host is)
#   SMP=2                  CPUs of the QEMU machine (default: $TEST_SMP from
#                          the environment, else 2)
#   MEM=512                MiB of RAM of the QEMU machine
#   MUST_LOG=(regex ...)   extended regexes the serial log must contain
#   MUST_LOG_ORDER=(regex ...) regexes that must match lines in this order
#   MUST_NOT_LOG=(regex ...)  extended regexes it must not contain (e.g.
#                          'FATAL TRAP' 'Panic' for images that must be
#                          refused cleanly)
#   LOG_CHECK=function     name of a bash function (the test.conf's own, or
#                          log_check_boot_baseline with BASELINE_DOMAINS=N:
#                          N domains destroyed, memory back to the boot
#                          count, no timer armed):
#                          called with the log file, it prints why the run
#                          failed (e.g. a measured ratio out of bounds) and
#                          returns non-zero, or returns 0
#   DOM0=path              dom0 kernel (relative to the top of the tree)
#   DOM0_CMDLINE="..."
#   MODULES=("path args" ...)  more boot modules (multiboot), e.g. boot-time
#                          domains: "build/guests/x.elf domain name=a -- args"
#   ESP_GUESTS=(dir ...)   (BOOT=efi) folders (from the top of the tree)
#                          whose contents go into the ESP's \pvisor\guests\:
#                          the loader appends the files to dom0's initrd
#   TEST_MODE=0            boot without "test" (no isa-debug-exit on stop):
#                          QEMU must end by itself (ACPI soft off)
#   EXIT_STATUS="N ..."    QEMU's exit status(es) that count (default: from
#                          the result, see status_for)
#   SERIAL_INPUT=(REGEX BYTES ...)  typed at the serial line: once the log
#                          has a line matching REGEX, BYTES (a printf
#                          format: '\001' is Ctrl-A) are sent; pairs in order
# Logs go to build/integration/<test>-<boot>.log. ONLY_BOOT=multiboot (or
# efi) in the environment runs just that boot path.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/integration
mkdir -p "$out"
glob=${1:-*}
set -- "${1:-}"
passed=0 failed=0 skipped=0
failures=()

# A LOG_CHECK for multi-domain tests: after the last domain is destroyed
# the free frame count is the one at the end of boot and no timer is armed;
# with BASELINE_DOMAINS=N in the test.conf, exactly N domains were destroyed.
log_check_boot_baseline() {
    local last n
    last=$(grep -aE 'destroyed, [0-9]+ frames back' "$1" | tail -n 1 | tr -d '\r')
    n=$(grep -acE 'destroyed, [0-9]+ frames back' "$1")
    [ -z "$BASELINE_DOMAINS" ] || [ "$n" = "$BASELINE_DOMAINS" ] ||
        { echo "$n domains destroyed, expected $BASELINE_DOMAINS"; return 1; }
    echo "$last" | grep -qE 'free ([0-9]+) frames, \1 at boot; timers armed: 0$' ||
        { echo "not back to the boot baseline: $last"; return 1; }
}

# Type SERIAL_INPUT's bytes into stdout as the log (file $1) shows each
# pair's regex on a line after the one the previous pair matched (so a
# regex that matched earlier output waits for a new line); give up on a
# regex after $2 seconds.
feed_serial() {
    local log=$1 limit=$2 end from=0 n
    shift 2
    while [ $# -ge 2 ]; do
        end=$((SECONDS + limit))
        until n=$(tail -n +$((from + 1)) "$log" 2>/dev/null |
                  grep -anE -m 1 "$1" | cut -d: -f1) && [ -n "$n" ]; do
            [ $SECONDS -lt $end ] || return 0
            grep -aq 'Test result' "$log" 2>/dev/null && return 0
            sleep 0.1
        done
        from=$((from + n))
        # shellcheck disable=SC2059
        printf "$2"
        shift 2
    done
    sleep 1                     # QEMU takes the last bytes before EOF
}

# QEMU's exit status for each result, given isa-debug-exit ((code << 1) | 1).
status_for() {
    case $1 in
    SUCCESS|SKIP) echo 1 ;;
    FAILURE) echo 3 ;;
    ERROR) echo 5 ;;
    esac
}

for conf in tests/integration/$glob/test.conf; do
    [ -f "$conf" ] || continue
    dir=$(dirname "$conf")
    name=$(basename "$dir")
    BOOT=multiboot CMDLINE="" EXPECT=SUCCESS TIMEOUT=60 DOM0="" DOM0_CMDLINE=""
    TEST_MODE=1 EXIT_STATUS="" SMP=${TEST_SMP:-2} ICOUNT=0 MEM=512
    MODULES=() ESP_GUESTS=()
    MUST_LOG_ORDER=()
    MUST_LOG=() MUST_NOT_LOG=() LOG_CHECK="" BASELINE_DOMAINS=""
    SERIAL_INPUT=()
    # shellcheck disable=SC1090
    . "$conf"
    for boot in $BOOT; do
        [ -n "${ONLY_BOOT:-}" ] && [ "$boot" != "$ONLY_BOOT" ] && continue
        log=$out/$name-$boot.log
        mode=""
        [ "$TEST_MODE" = 1 ] && mode="test "
        args=(--boot "$boot" --cmdline "$mode$CMDLINE" --timeout "$TIMEOUT" --log "$log"
              --smp "$SMP" --mem "$MEM")
        [ "$ICOUNT" = 1 ] && args+=(--icount)
        [ -n "$DOM0" ] && args+=(--dom0 "$DOM0" --dom0-cmdline "$DOM0_CMDLINE")
        for m in "${MODULES[@]+"${MODULES[@]}"}"; do args+=(--module "$m"); done
        for g in "${ESP_GUESTS[@]+"${ESP_GUESTS[@]}"}"; do args+=(--guests "$g"); done
        t0=$(date +%s.%N)
        if [ ${#SERIAL_INPUT[@]} -gt 0 ]; then
            : >"$log"
            feed_serial "$log" "$TIMEOUT" "${SERIAL_INPUT[@]}" |
                scripts/run-qemu.sh "${args[@]}" --input
            rc=${PIPESTATUS[1]}
        else
            scripts/run-qemu.sh "${args[@]}"
            rc=$?
        fi
        t1=$(date +%s.%N)
        secs=$(printf '%.1f' "$(echo "$t1 - $t0" | bc)")
        got=$(grep -aoE 'Test result: (SUCCESS|SKIP|ERROR|FAILURE)' "$log" | tail -n 1 | awk '{print $3}')
        why=""
        if [ $rc = 124 ] || [ $rc = 137 ]; then
            why="timed out after ${TIMEOUT}s (last line: $(tail -n 1 "$log" | tr -d '\r'))"
        elif [ "$EXPECT" = CRASH ]; then
            want=${EXIT_STATUS:-3}
            if [ -n "$got" ]; then
                why="result $got, expected a dom0 crash (no 'Test result:' line)"
            elif ! grep -aqE 'd[0-9]+ \(.*\)( crashed: |: shut down: crash)' "$log"; then
                why="no 'crashed:' line, expected a dom0 crash (QEMU exit status $rc)"
            elif [ "$rc" != "$want" ]; then
                why="dom0 crashed but QEMU exit status $rc, expected $want"
            fi
        elif [ -z "$got" ]; then
            why="no 'Test result:' line (QEMU exit status $rc)"
        elif [ "$got" != "$EXPECT" ] && [ "$got" != SKIP ]; then
            why="result $got, expected $EXPECT"
        else
            want=${EXIT_STATUS:-$(status_for "$got")}
            case " $want " in
            *" $rc "*) ;;
            *) why="result $got but QEMU exit status $rc, expected $want" ;;
            esac
        fi
        if [ -z "$why" ] && [ ${#MUST_LOG_ORDER[@]} -gt 0 ]; then
            # Each regex must match a line after the previous one's.
            next=0
            while IFS= read -r line; do
                [ $next -lt ${#MUST_LOG_ORDER[@]} ] || break
                if printf '%s\n' "$line" | grep -qE "${MUST_LOG_ORDER[$next]}"; then
                    next=$((next + 1))
                fi
            done < "$log"
            [ $next -ge ${#MUST_LOG_ORDER[@]} ] ||
                why="log lacks /${MUST_LOG_ORDER[$next]}/ after the earlier ordered lines"
        fi
        for re in "${MUST_LOG[@]+"${MUST_LOG[@]}"}"; do
            [ -n "$why" ] || [ "$got" = SKIP ] && break
            grep -aqE "$re" "$log" || why="log lacks /$re/"
        done
        for re in "${MUST_NOT_LOG[@]+"${MUST_NOT_LOG[@]}"}"; do
            [ -n "$why" ] && break
            line=$(grep -aE -m 1 "$re" "$log" | tr -d '\r')
            [ -n "$line" ] && why="log has /$re/: $line"
        done
        if [ -z "$why" ] && [ -n "$LOG_CHECK" ] && [ "$got" != SKIP ]; then
            msg=$("$LOG_CHECK" "$log" 2>&1) || why="${msg:-$LOG_CHECK failed}"
        fi
        if [ -z "$why" ] && [ "$got" = SKIP ]; then
            skipped=$((skipped + 1))
            echo "SKIP  $name ($boot) ${secs}s"
        elif [ -z "$why" ]; then
            passed=$((passed + 1))
            echo "PASS  $name ($boot) ${secs}s"
        else
            failed=$((failed + 1))
            failures+=("$name ($boot): $why; log: $log")
            echo "FAIL  $name ($boot) ${secs}s: $why"
        fi
    done
done

# The differential check: when the guests also ran on Xen 4.17 (make
# test-xen, before this), compare the two results guest by guest; an
# undocumented difference counts as one more failure.
if [ -z "$1" ] && [ -d build/xen-tests ] && [ -n "$(ls build/xen-tests 2>/dev/null)" ]; then
    if scripts/compare-xen.sh; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures+=("differential: pvisor and Xen 4.17 differ (table above)")
    fi
fi

for f in "${failures[@]+"${failures[@]}"}"; do echo "failed: $f"; done
if [ $skipped -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ $failed = 0 ] && [ $((passed + skipped)) -gt 0 ]
