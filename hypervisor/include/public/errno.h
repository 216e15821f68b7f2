/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: error numbers. A failing hypercall returns one of these, negated
 * (e.g. -XEN_EINVAL = -22). The values are Linux's, as in Xen 4.17.
 *
 * EINTR (4) and ERESTART (85) exist only inside the hypervisor and never
 * reach a guest, so they are not defined here. This header only has
 * constants; it is also usable from assembly.
 */
#ifndef PUBLIC_ERRNO_H
#define PUBLIC_ERRNO_H

#define XEN_EPERM            1   /* Operation not permitted. */
#define XEN_ENOENT           2   /* No such entry. */
#define XEN_ESRCH            3   /* No such domain or vCPU. */
#define XEN_EIO              5   /* I/O error. */
#define XEN_ENXIO            6   /* No such device or address. */
#define XEN_E2BIG            7   /* Argument list too long. */
#define XEN_ENOEXEC          8   /* Bad executable format. */
#define XEN_EBADF            9   /* Bad file (descriptor) number. */
#define XEN_ECHILD          10   /* No child. */
#define XEN_EAGAIN          11   /* Try again. */
#define XEN_EWOULDBLOCK     11   /* Would block (same as EAGAIN). */
#define XEN_ENOMEM          12   /* Out of memory. */
#define XEN_EACCES          13   /* Permission denied. */
#define XEN_EFAULT          14   /* Bad guest address. */
#define XEN_EBUSY           16   /* Busy. */
#define XEN_EEXIST          17   /* Already exists. */
#define XEN_EXDEV           18   /* Cross-device (cross-domain) link. */
#define XEN_ENODEV          19   /* No such device. */
#define XEN_ENOTDIR         20   /* Not a directory. */
#define XEN_EISDIR          21   /* Is a directory. */
#define XEN_EINVAL          22   /* Invalid argument. */
#define XEN_ENFILE          23   /* Table overflow. */
#define XEN_EMFILE          24   /* Too many open files. */
#define XEN_ENOSPC          28   /* No space left. */
#define XEN_EROFS           30   /* Read-only. */
#define XEN_EMLINK          31   /* Too many links. */
#define XEN_EDOM            33   /* Argument out of domain. */
#define XEN_ERANGE          34   /* Result out of range. */
#define XEN_EDEADLK         35   /* Deadlock would occur. */
#define XEN_EDEADLOCK       35   /* Same as EDEADLK. */
#define XEN_ENAMETOOLONG    36   /* Name too long. */
#define XEN_ENOLCK          37   /* No locks available. */
#define XEN_ENOSYS          38   /* Not implemented (unknown hypercall or command). */
#define XEN_ENOTEMPTY       39   /* Not empty. */
#define XEN_ENODATA         61   /* No data available. */
#define XEN_ETIME           62   /* Timer expired (time already passed). */
#define XEN_EBADMSG         74   /* Bad message. */
#define XEN_EOVERFLOW       75   /* Value too large. */
#define XEN_EILSEQ          84   /* Illegal byte sequence. */
#define XEN_ENOTSOCK        88   /* Not a socket. */
#define XEN_EMSGSIZE        90   /* Message too long. */
#define XEN_EOPNOTSUPP      95   /* Operation not supported. */
#define XEN_EADDRINUSE      98   /* Address in use. */
#define XEN_EADDRNOTAVAIL   99   /* Address not available. */
#define XEN_ENOBUFS        105   /* No buffer space. */
#define XEN_EISCONN        106   /* Already connected. */
#define XEN_ENOTCONN       107   /* Not connected. */
#define XEN_ETIMEDOUT      110   /* Timed out. */
#define XEN_ECONNREFUSED   111   /* Connection refused. */

#endif /* PUBLIC_ERRNO_H */
