/* SPDX-License-Identifier: MIT */
/*
 * The system-call stubs newlib calls inside the kernel itself: printk's
 * vsnprintf may allocate, and the kernel may use malloc. Output goes to
 * the console; the heap is a region of kernel-mapped pages (mm.c).
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>
#include <pv/console.h>
#include "pvkern.h"

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
    return (_READ_WRITE_RETURN_TYPE)pv_console_write(buf, len);
}

void *sbrk(ptrdiff_t incr)
{
    static uint8_t *base, *brk;
    static size_t size;
    uint8_t *old;

    if (!base) {
        base = mm_kernel_heap(&size);
        brk = base;
    }
    if (incr > 0 && (size_t)incr > size - (size_t)(brk - base)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    old = brk;
    brk += incr;
    return old;
}

/*
 * newlib's stdio links these in, but the kernel uses no FILE stream on a
 * descriptor (printk formats with vsnprintf) and never exits or signals
 * through libc: reaching one is a kernel bug.
 */
static PV_NORETURN void unused(const char *what)
{
    panic("kernel called %s", what);
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len) { unused("read"); }
int close(int fd) { unused("close"); }
off_t lseek(int fd, off_t off, int whence) { unused("lseek"); }
int fstat(int fd, struct stat *st) { unused("fstat"); }
int isatty(int fd) { unused("isatty"); }
int kill(pid_t pid, int sig) { unused("kill (abort?)"); }
pid_t getpid(void) { unused("getpid"); }
void _exit(int status) { unused("_exit"); }
