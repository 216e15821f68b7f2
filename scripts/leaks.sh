#!/bin/bash
# SPDX-License-Identifier: MIT
# The leak figure (issue 8): tests/integration/guest-domain-churn with 1000
# domain lifetimes, then
#   BENCH name=leaked_frames_after_1000 unit=count pvisor=<frames>
# (free frames before minus after, from the accounting sysctl; must be 0;
# NA when the run did not get that far). Part of make bench and make soak.
#   CHURN_CYCLES=N   another number of lifetimes (the name follows it)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export CHURN_CYCLES=${CHURN_CYCLES:-1000}
ONLY_BOOT=multiboot scripts/run-integration.sh guest-domain-churn >&2
rc=$?
log=build/integration/guest-domain-churn-multiboot.log
value=$(sed -n "s/.*BENCH-GUEST name=leaked_frames_after_$CHURN_CYCLES unit=count value=\(-\?[0-9]*\).*/\1/p" \
        "$log" 2>/dev/null | head -n 1)
[ -z "$value" ] || [ "$value" = -1 ] && value=NA
echo "BENCH name=leaked_frames_after_$CHURN_CYCLES unit=count pvisor=$value"
exit $rc
