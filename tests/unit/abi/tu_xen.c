/* SPDX-License-Identifier: MIT */
/*
 * ABI layout check, the oracle's side: abi.def expanded against Xen 4.17's
 * own public headers (Debian libxen-dev, /usr/include/xen) only.
 *
 * The interface version is the one Xen 4.17 itself is built with; it
 * selects the current names (sched_op 29 rather than the compat 6, the
 * flags byte in vcpu_time_info, ...). Xen's headers expect <stdint.h> to
 * be included first.
 */
#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <stdint.h>

#include <xen/xen.h>
#include <xen/arch-x86/xen.h>
#include <xen/arch-x86/xen-mca.h>
#include <xen/version.h>
#include <xen/features.h>
#include <xen/sched.h>
#include <xen/callback.h>
#include <xen/vcpu.h>
#include <xen/memory.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/elfnote.h>
#include <xen/errno.h>
#include <xen/io/console.h>
#include <xen/physdev.h>

#include "abi_table.h"

#define ABI_SIDE_SYM(sym) xen_##sym
#include "abi_expand.h"

const struct abi_entry abi_xen[] = {
#include "abi.def"
};
const size_t abi_xen_count = sizeof(abi_xen) / sizeof(abi_xen[0]);
