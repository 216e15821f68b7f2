#!/bin/bash
# SPDX-License-Identifier: MIT
# Scaffold a new PV test guest: tests/integration/guest-<area>-<what>/ with a
# commented main.c and a test.conf, built by mk/guests.mk into
# build/guests/<name>.elf and run on pvisor (make integration) and on Xen
# 4.17 (make test-xen).
#
#   scripts/new-test.sh guest-area-what
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

name=${1:-}
case $name in
guest-[a-z0-9]*-[a-z0-9]*) ;;
*)
    echo "usage: scripts/new-test.sh guest-<area>-<what>  (lower case, digits, '-')" >&2
    exit 2
    ;;
esac
case $name in
*[!a-z0-9-]*) echo "new-test.sh: '$name': use lower case, digits and '-' only" >&2; exit 2 ;;
esac

dir=$top/tests/integration/$name
if [ -e "$dir" ]; then
    echo "new-test.sh: $dir already exists" >&2
    exit 1
fi
mkdir -p "$dir"

cat >"$dir/main.c" <<EOF
/* SPDX-License-Identifier: MIT */
/*
 * $name: WHAT IS TESTED, in one sentence.
 *
 * Correct (cite PV-ABI-NOTES.md sections): WHAT THE HYPERVISOR MUST DO,
 * for each case. Say what a regression test guards (the issue) if it is
 * one. The result rule (tests/integration/lib/test.h): a failed CHECK or
 * an exception the test did not provoke is FAILURE (the hypervisor broke
 * the contract); a setup step that is not under test going wrong is ERROR.
 *
 * The guest must pass on Xen 4.17 (make test-xen) before it counts as a
 * test of pvisor.
 */
#include <public/errno.h>
#include "test.h"

TEST_TITLE("ONE LINE FOR THE BANNER");

void test_main(void)
{
    long rc;

    /*
     * Hypercalls: HYPERVISOR_<name>() wrappers (lib/hypercall.h), through
     * the hypercall page or, with hypercall_via = HC_VIA_SYSCALL, by
     * direct syscall.
     */
    rc = HYPERVISOR_console_io(CONSOLEIO_write, 3, "hi\n");
    CHECK_EQ(rc, 0, "console_io(write)");

    /*
     * Exceptions: FAULT_PROBE("insn") runs one instruction and resumes
     * after it if it faults; .count, .vector, .error_code, .rip, .cr2 say
     * what happened. trap_set_handler(vector, fn) sees the whole frame.
     */
    struct fault_info fi = FAULT_PROBE("ud2");
    CHECK(fi.count == 1 && fi.vector == TRAP_UD, "ud2: %u faults, vector %u",
          fi.count, fi.vector);

    /*
     * Return normally for SUCCESS (or FAILURE if a CHECK failed), or end
     * early with test_result(TEST_SKIP, "why") and the like.
     */
}
EOF

cat >"$dir/test.conf" <<EOF
# $name: WHAT IS TESTED. Correct: "Test result: SUCCESS" (say more if the
# log must show something, with MUST_LOG).
DOM0=build/guests/$name.elf
BOOT="multiboot"
EXPECT=SUCCESS
EOF

echo "created ${dir#"$top"/}/main.c and test.conf"
echo "build: make build/guests/$name.elf; on Xen: scripts/run-xen.sh build/guests/$name.elf"
