/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: physdev_op (hypercall 33): a domain's access to physical devices.
 *
 * HYPERVISOR_physdev_op(cmd, arg): cmd is PHYSDEVOP_*, arg the guest
 * address of the matching struct. Returns 0 or a negative XEN_E* value.
 * Only the I/O privilege level is defined here so far. Numbers and layouts
 * are Xen 4.17's.
 */
#ifndef PUBLIC_PHYSDEV_H
#define PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_set_iopl  6  /* The vCPU's virtual IOPL; struct physdev_set_iopl. */

#ifndef __ASSEMBLER__

/* physdev_set_iopl - virtual I/O privilege level (0-3) of the calling vCPU. */
struct physdev_set_iopl {
    uint32_t iopl;              /* IN */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
PUBLIC_ASSERT_SIZE(struct physdev_set_iopl, 4);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_PHYSDEV_H */
