#!/bin/bash
# SPDX-License-Identifier: MIT
# make soak: the long hostile run (issue 8 item 1): tests/integration/hostile-run
# with SOAK_CALLS hostile hypercalls (default 10^6), then the figure
#   BENCH name=hostile_calls unit=count pvisor=<calls survived>
# where "survived" means: the hypervisor did not panic and the victim ended
# intact; the count is the hostile guest's calls until it finished or was
# killed (its last progress line). 0 when the hypervisor crashed. Then
# scripts/leaks.sh: BENCH name=leaked_frames_after_1000.
#   SOAK_CALLS=N     hostile calls (default 1000000)
#   HOSTILE_SEED=S   replay a seed (the log's first "hostile: seed" line);
#                    default "random": a new seed from the guest's TSC each
#                    soak (make test's hostile-run uses a fixed one)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export HOSTILE_CALLS=${SOAK_CALLS:-1000000}
export HOSTILE_SEED=${HOSTILE_SEED:-random}
export HOSTILE_EVERY=${HOSTILE_EVERY:-10000}
ONLY_BOOT=multiboot scripts/run-integration.sh hostile-run
rc=$?
log=build/integration/hostile-run-multiboot.log
survived=$(grep -aoE 'hostile: survived [0-9]+ calls' "$log" | tail -n 1 | awk '{print $3}')
if [ -z "$survived" ]; then
    # The last progress line before it was killed: "call #N nr=..." (the
    # guest's random bytes may precede it on the line, so no "(d2)").
    survived=$(grep -aoE 'call #[0-9]+ nr=' "$log" | tail -n 1 | sed 's/call #\([0-9]*\).*/\1/')
    survived=${survived:-0}
fi
if grep -aqE 'FATAL TRAP|Panic|PANIC' "$log" ||
   ! grep -aqE '\(d1\) victim: .* memory intact' "$log"; then
    grep -aE 'hostile: seed' "$log" | head -n 1
    survived=0
fi
echo "BENCH name=hostile_calls unit=count pvisor=$survived"
# The leak figure: 1000 domain lifetimes, counted by the accounting sysctl.
scripts/leaks.sh || rc=1
exit $rc
