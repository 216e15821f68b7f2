#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian 12 packages pvisor needs to build and test.
#
#   scripts/deps.sh          install what is missing (no-op when all is there)
#   scripts/deps.sh --xen    also fetch Xen's hypervisor package (not installed:
#                            unpacked under build/xen/, the image QEMU boots
#                            as build/xen/xen-4.17.elf) for the differential
#                            oracle; slower, so `make test` does not ask for it
#
# Idempotent and quiet: one dpkg-query finds what is missing; only then does
# it run `apt-get update` (once) and install. Runs as root (as CI does), or
# through sudo; without either it prints the command to run and fails.
# Exits non-zero if anything cannot be installed or fetched.
#
# Environment: BUILD (default build) is the build directory, relative to the
# top of the tree unless absolute.
set -eu

# build-essential gives gcc, make and binutils; console-setup-linux ships the
# PSF console font that scripts/genfont.py turns into the framebuffer font;
# clang and libclang-rt-dev (libFuzzer and the sanitizer runtimes behind
# -fsanitize=fuzzer) build the host fuzzers of `make fuzz`.
PACKAGES="build-essential gnu-efi ovmf qemu-system-x86 qemu-utils
libcunit1-dev mtools dosfstools newlib-source libxen-dev xz-utils python3
console-setup-linux clang libclang-rt-dev"
XEN_PACKAGE=xen-hypervisor-4.17-amd64

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in
/*) ;;
*) build=$top/$build ;;
esac

want_xen=0
for arg in "$@"; do
    case $arg in
    --xen) want_xen=1 ;;
    -h|--help) sed -n '3,16p' "$0"; exit 0 ;;
    *) echo "deps: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

say() { echo "deps: $*"; }

# Run a privileged command: directly as root, else through sudo.
if [ "$(id -u)" -eq 0 ]; then
    as_root=
elif command -v sudo >/dev/null 2>&1; then
    as_root=sudo
else
    as_root=none
fi

log=$(mktemp "${TMPDIR:-/tmp}/pvisor-deps.XXXXXX")
trap 'rm -f "$log"' EXIT

# Run "$@" as root with its output in $log; on failure show the log and fail.
root_run() {
    if ! $as_root env DEBIAN_FRONTEND=noninteractive "$@" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        say "FAILED: $*" >&2
        exit 1
    fi
}

updated=0
apt_update() {
    [ $updated -eq 1 ] && return 0
    say "apt-get update"
    root_run apt-get -q update
    updated=1
}

# dpkg-query prints nothing for a package it has never heard of.
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' $PACKAGES 2>/dev/null |
            awk '$2 == "installed" { sub(/:.*/, "", $1); print $1 }')
missing=
for p in $PACKAGES; do
    # shellcheck disable=SC2086,SC2116
    case " $(echo $installed) " in
    *" $p "*) ;;
    *) missing="$missing $p" ;;
    esac
done

if [ -n "$missing" ]; then
    if [ "$as_root" = none ]; then
        say "not root and no sudo; as root, run:" >&2
        echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$missing" >&2
        exit 1
    fi
    apt_update
    say "install$missing"
    # shellcheck disable=SC2086
    root_run apt-get install -y -q --no-install-recommends $missing
    # apt-get can succeed yet leave a package half-configured: check again.
    # shellcheck disable=SC2086
    still=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' $missing 2>/dev/null |
            awk '$2 != "installed" { print $1 }')
    if [ -n "$still" ]; then
        say "FAILED: not installed: $still" >&2
        exit 1
    fi
fi

# apt-get download writes into the current directory. As root, apt would
# drop to the _apt user, who may not write there: stay root for it.
xen_download() {
    (cd "$cache" && apt-get -q -o APT::Sandbox::User=root \
        download "$XEN_PACKAGE") >"$log" 2>&1
}

# The downloaded Xen package, if any (newest version last in glob order).
find_deb() {
    found=
    for d in "$cache/${XEN_PACKAGE}"_*.deb; do
        [ -f "$d" ] && found=$d
    done
    echo "$found"
}

if [ $want_xen -eq 1 ]; then
    cache=$build/cache
    xendir=$build/xen
    deb=$(find_deb)
    if [ -z "$deb" ]; then
        mkdir -p "$cache"
        say "download $XEN_PACKAGE into $cache"
        # Try with the package lists as they are; refresh them only if that
        # fails (none yet, or a version the mirror no longer has).
        if ! xen_download; then
            apt_update
            if ! xen_download; then
                tail -n 30 "$log" >&2
                say "FAILED: apt-get download $XEN_PACKAGE" >&2
                exit 1
            fi
        fi
        deb=$(find_deb)
        [ -n "$deb" ] || { say "FAILED: no $XEN_PACKAGE .deb in $cache" >&2; exit 1; }
    fi
    stamp=$xendir/.unpacked
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(basename "$deb")" ]; then
        say "unpack $(basename "$deb") into $xendir"
        rm -rf "$xendir"
        mkdir -p "$xendir"
        dpkg-deb -x "$deb" "$xendir"
        basename "$deb" >"$stamp"
    fi
    # The image QEMU boots (-kernel): Xen's, uncompressed.
    if [ ! -f "$xendir/xen-4.17.elf" ]; then
        for gz in "$xendir"/boot/xen-4.17*-amd64.gz; do
            [ -f "$gz" ] && zcat "$gz" >"$xendir/xen-4.17.elf"
        done
    fi
fi
exit 0
