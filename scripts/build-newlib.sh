#!/bin/sh
# SPDX-License-Identifier: MIT
# Build newlib (libc, libm) for the guest kernel, once, and cache it.
#
#   scripts/build-newlib.sh     build if needed; silent when already cached
#
# Source: Debian's newlib-source tarball (/usr/src/newlib/newlib-*.tar.xz;
# NEWLIB_TARBALL overrides). It is built with the host gcc for the bare
# x86_64-elf target (DESIGN.md section 7) and installed into
#   $BUILD/cache/newlib-<hash>/x86_64-elf/{include,lib}
# where <hash> covers the flags, the compiler version, the tarball's checksum
# and this script, so any change to one of them builds afresh and an unchanged
# tree is a no-op. $BUILD/cache/newlib is a symlink to the current one; its
# .stamp is touched whenever the build or the link changes, so make rules
# that depend on it rebuild exactly then (mk/newlib.mk).
#
# Flags: -ffreestanding -fno-stack-protector -mno-red-zone, and -fpie rather
# than -mcmodel=kernel: position-independent code links both at a low address
# and in the top 2 GiB (0xffffffff80000000), so one build serves a guest
# kernel linked either way; the check below links it both ways. newlib is
# compiled with SSE (gcc's default for x86-64): its user must enable SSE and
# preserve the FPU/SSE state.
#
# The check at the end links a small program calling printf, strtod, malloc
# and sqrt against the result with the syscall stubs a guest must provide,
# and runs it on the host (the stubs make Linux system calls), so a broken
# build fails here rather than in a guest.
#
# Environment: BUILD (default build), relative to the top of the tree unless
# absolute; JOBS (default 2).
set -eu

TARGET=x86_64-elf
NEWLIB_CFLAGS="-ffreestanding -fno-stack-protector -mno-red-zone -fpie -O2 -g"
# C99 printf formats (%zu, %jd, %hhd) and %lld: a kernel's printk wants them.
NEWLIB_OPTS="--disable-multilib --disable-newlib-supplied-syscalls
--enable-newlib-io-c99-formats --enable-newlib-io-long-long --disable-nls"

top=$(cd "$(dirname "$0")/.." && pwd)
self=$top/scripts/build-newlib.sh
build=${BUILD:-build}
case $build in
/*) ;;
*) build=$top/$build ;;
esac
jobs=${JOBS:-2}

say() { echo "newlib: $*"; }
die() { echo "newlib: $*" >&2; exit 1; }

tarball=${NEWLIB_TARBALL:-}
if [ -z "$tarball" ]; then
    for t in /usr/src/newlib/newlib-*.tar.xz; do
        tarball=$t      # the glob sorts: the last is the newest version
    done
fi
if [ ! -f "$tarball" ]; then
    die "no newlib tarball at '$tarball' (scripts/deps.sh installs newlib-source)"
fi

hash=$({
    echo "$NEWLIB_CFLAGS"
    echo "$NEWLIB_OPTS"
    gcc --version | head -n 1
    sha256sum <"$tarball"
    cat "$self"
} | sha256sum | cut -c 1-16)

cache=$build/cache
prefix=$cache/newlib-$hash
link=$cache/newlib
stamp=$prefix/.stamp

# Point $link at $prefix; touch the stamp when the link moves, so that
# whatever was built against another newlib is rebuilt.
point_link() {
    if [ "$(readlink "$link" 2>/dev/null || true)" != "newlib-$hash" ]; then
        ln -sfn "newlib-$hash" "$link"
        touch "$stamp"
    fi
}

mkdir -p "$cache"
[ -f "$stamp" ] && { point_link; exit 0; }

# One build at a time (two make invocations may race here).
exec 9>"$cache/.newlib.lock"
flock 9
[ -f "$stamp" ] && { point_link; exit 0; }

start=$(date +%s)
mkdir -p "$build/tmp"
work=$(mktemp -d "$build/tmp/newlib.XXXXXX")
log=$work/build.log
trap 'echo "newlib: FAILED, log in $log" >&2; tail -n 40 "$log" >&2' EXIT

# Run "$@" with its output in the log.
run() { "$@" >>"$log" 2>&1; }

say "build $(basename "$tarball") into ${prefix#"$top"/} (log: ${log#"$top"/})"
run tar -xJf "$tarball" -C "$work"
src=$(find "$work" -mindepth 2 -maxdepth 2 -name configure -path '*/newlib*' |
      head -n 1)
[ -n "$src" ] || die "no configure script in $tarball"
src=$(dirname "$src")
mkdir -p "$work/obj"
rm -rf "$prefix"

say "configure"
# shellcheck disable=SC2086
(cd "$work/obj" && run "$src/configure" --target=$TARGET --prefix="$prefix" \
    $NEWLIB_OPTS \
    CC_FOR_TARGET=gcc AS_FOR_TARGET=as LD_FOR_TARGET=ld AR_FOR_TARGET=ar \
    NM_FOR_TARGET=nm RANLIB_FOR_TARGET=ranlib STRIP_FOR_TARGET=strip \
    OBJCOPY_FOR_TARGET=objcopy OBJDUMP_FOR_TARGET=objdump \
    READELF_FOR_TARGET=readelf CFLAGS_FOR_TARGET="$NEWLIB_CFLAGS")

say "make -j$jobs"
(cd "$work/obj" && run make -j"$jobs" all-target-newlib)
say "install"
(cd "$work/obj" && run make install-target-newlib)

inc=$prefix/$TARGET/include
lib=$prefix/$TARGET/lib
for f in "$lib/libc.a" "$lib/libm.a" "$inc/stdio.h"; do
    [ -f "$f" ] || die "missing $f after install"
done

say "check"
cat >"$work/check.c" <<'EOF'
/* Links against newlib with the stubs a guest kernel provides; runs on Linux. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long sys(long nr, long a, long b, long c)
{
    long ret;

    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return ret;
}

void _exit(int status)
{
    for (;;)
        sys(60, status, 0, 0);
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t n)
{
    return sys(1, fd, (long)buf, (long)n);
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t n)
{
    return 0;
}

void *sbrk(ptrdiff_t incr)
{
    static char heap[1 << 20] __attribute__((aligned(16)));
    static size_t brk;

    if (incr < 0 || (size_t)incr > sizeof(heap) - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    brk += incr;
    return heap + brk - incr;
}

int close(int fd) { errno = EBADF; return -1; }
off_t lseek(int fd, off_t off, int whence) { errno = ESPIPE; return -1; }
int isatty(int fd) { return fd <= 2; }
int kill(int pid, int sig) { errno = EINVAL; return -1; }
int getpid(void) { return 1; }

int fstat(int fd, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_mode = S_IFCHR;
    return 0;
}

int main(void)
{
    char *p = malloc(4096);
    double d = strtod("12.5e1", NULL);

    if (!p)
        return 3;
    snprintf(p, 4096, "%zu", (size_t)4096);
    printf("newlib %s %.3f %lld %s\n", p, d + sqrt(2.25), -1LL << 40,
           strchr("abc", 'b'));
    free(p);
    return 0;
}

__asm__(".globl _start\n_start:\n"
        "xor %ebp, %ebp\n and $-16, %rsp\n call main\n"
        "mov %eax, %edi\n call _exit\n");
EOF
gccinc=$(gcc -print-file-name=include)
# shellcheck disable=SC2086
run gcc -std=gnu11 $NEWLIB_CFLAGS -nostdinc -isystem "$inc" \
    -isystem "$gccinc" -Wall -Wno-unused-parameter -Werror \
    -c "$work/check.c" -o "$work/check.o"
libs="-L$lib -Wl,--start-group -lc -lm -lgcc -Wl,--end-group"
# shellcheck disable=SC2086
run gcc -nostdlib -static -no-pie -o "$work/check" "$work/check.o" $libs
# shellcheck disable=SC2086
run gcc -nostdlib -static -no-pie -Wl,-Ttext-segment=0xffffffff80000000 \
    -Wl,-z,max-page-size=0x1000 -o "$work/check-high" "$work/check.o" $libs
want="newlib 4096 126.500 -1099511627776 bc"
got=$("$work/check") || die "check program exited $?"
[ "$got" = "$want" ] || die "check printed '$got', expected '$want'"

touch "$stamp"
ln -sfn "newlib-$hash" "$link"
trap - EXIT
rm -rf "$work"
# Older builds are unreachable now: drop them (11 MB each).
for old in "$cache"/newlib-*; do
    [ "$old" = "$prefix" ] || rm -rf "$old"
done
say "built in $(($(date +%s) - start)) s: ${prefix#"$top"/}/$TARGET"
