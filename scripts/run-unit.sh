#!/bin/sh
# SPDX-License-Identifier: MIT
# Run each unit test program; each prints CUnit's summary. Fails if any fails.
status=0
for t in "$@"; do
    echo "== unit: $(basename "$t")"
    if ! "$t"; then
        echo "== unit: $(basename "$t") FAILED"
        status=1
    fi
done
exit $status
