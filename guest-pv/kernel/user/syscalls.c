/* SPDX-License-Identifier: MIT */
/*
 * The system-call stubs newlib needs, for programs under pvkern: each one
 * a pvkern system call (pvkern/syscall.h) or a constant answer where a
 * one-program kernel with a console has nothing more to say.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <pvkern/syscall.h>

int main(int argc, char **argv);
void _pvk_main(int argc, char **argv);
/* <time.h> declares it only for some feature macros. */
int nanosleep(const struct timespec *req, struct timespec *rem);

/* Negative results are -errno: set errno, return -1. */
static long check(long rc)
{
    if (rc < 0 && rc > -4096) {
        errno = (int)-rc;
        return -1;
    }
    return rc;
}

void _pvk_main(int argc, char **argv)
{
    exit(main(argc, argv));
}

void _exit(int status)
{
    for (;;)
        pvk_syscall(PVK_SYS_exit, status, 0, 0);
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
    return (_READ_WRITE_RETURN_TYPE)check(pvk_syscall(PVK_SYS_write, fd, (long)buf, (long)len));
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len)
{
    return (_READ_WRITE_RETURN_TYPE)check(pvk_syscall(PVK_SYS_read, fd, (long)buf, (long)len));
}

void *sbrk(ptrdiff_t incr)
{
    long rc = check(pvk_syscall(PVK_SYS_sbrk, incr, 0, 0));

    return rc == -1 ? (void *)-1 : (void *)rc;
}

int close(int fd)
{
    return 0;
}

off_t lseek(int fd, off_t off, int whence)
{
    errno = ESPIPE;
    return -1;
}

/* The console is the only file: a character device on fds 0-2. */
int fstat(int fd, struct stat *st)
{
    if (fd < 0 || fd > 2) {
        errno = EBADF;
        return -1;
    }
    st->st_mode = S_IFCHR;
    st->st_blksize = 0;
    return 0;
}

int isatty(int fd)
{
    return fd >= 0 && fd <= 2;
}

int kill(pid_t pid, int sig)
{
    if (pid != getpid()) {
        errno = ESRCH;
        return -1;
    }
    return (int)check(pvk_syscall(PVK_SYS_kill, sig, 0, 0));
}

pid_t getpid(void)
{
    return (int)pvk_syscall(PVK_SYS_getpid, 0, 0, 0);
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    long ns = pvk_clock_ns(PVK_CLOCK_REALTIME);

    tv->tv_sec = ns / 1000000000L;
    tv->tv_usec = (ns % 1000000000L) / 1000;
    return 0;
}

/* All time is the program's own: user time = time since boot. */
clock_t times(struct tms *t)
{
    clock_t ticks = (clock_t)(pvk_clock_ns(PVK_CLOCK_MONOTONIC) / (1000000000L / CLOCKS_PER_SEC));

    t->tms_utime = ticks;
    t->tms_stime = 0;
    t->tms_cutime = 0;
    t->tms_cstime = 0;
    return ticks;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    pvk_sleep_ns(req->tv_sec * 1000000000L + req->tv_nsec);
    if (rem)
        rem->tv_sec = rem->tv_nsec = 0;
    return 0;
}

unsigned int sleep(unsigned int seconds)
{
    pvk_sleep_ns(seconds * 1000000000L);
    return 0;
}

int usleep(useconds_t us)
{
    pvk_sleep_ns((long)us * 1000);
    return 0;
}
