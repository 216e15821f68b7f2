#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the guest SDK into a prefix (make sdk PREFIX=...):
#   include/     pv/*.h, pvkern/*.h and the ABI headers (public/)
#   lib/         libpv.a; pvkern/: head.o, libpvkern.a, libpvkern-user.a,
#                pvkern.lds, user.lds, program.S
#   newlib/      newlib's headers and libraries (built for the guest)
#   share/       pvsdk.mk (the Makefile fragment), doc/porting.md
#
#   install-sdk.sh PREFIX BUILD_GUEST_PV NEWLIB_DIR
set -eu
prefix=$1 out=$2 newlib=$3
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

mkdir -p "$prefix/include" "$prefix/lib/pvkern" "$prefix/newlib" "$prefix/share/doc"
cp -r guest-pv/include/pv guest-pv/include/pvkern "$prefix/include/"
cp -r hypervisor/include/public "$prefix/include/"
cp "$out/libpv.a" "$prefix/lib/"
cp "$out/kernel/guest-pv/kernel/head.S.o" "$prefix/lib/pvkern/head.o"
rm -f "$prefix/lib/pvkern/libpvkern.a" "$prefix/lib/pvkern/libpvkern-user.a"
ar rcs "$prefix/lib/pvkern/libpvkern.a" $(ls "$out"/kernel/guest-pv/kernel/*.o |
                                           grep -v '/head\.S\.o$')
ar rcs "$prefix/lib/pvkern/libpvkern-user.a" "$out"/user/guest-pv/kernel/user/*.o
cp "$out/pvkern.lds" guest-pv/kernel/user/user.lds guest-pv/kernel/program.S \
   "$prefix/lib/pvkern/"
cp -r "$newlib/include" "$newlib/lib" "$prefix/newlib/"
cp guest-pv/sdk/pvsdk.mk "$prefix/share/"
cp docs/porting.md "$prefix/share/doc/"
echo "SDK installed in $prefix (include $prefix/share/pvsdk.mk)"
