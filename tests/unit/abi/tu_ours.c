/* SPDX-License-Identifier: MIT */
/*
 * ABI layout check, our side: abi.def expanded against the project's
 * public headers (hypervisor/include/public) only.
 */
#include <public/xen.h>
#include <public/arch-x86_64.h>
#include <public/version.h>
#include <public/features.h>
#include <public/sched.h>
#include <public/callback.h>
#include <public/vcpu.h>
#include <public/memory.h>
#include <public/event_channel.h>
#include <public/physdev.h>
#include <public/grant_table.h>
#include <public/elfnote.h>
#include <public/errno.h>
#include <public/io/console.h>

#include "abi_table.h"

#define ABI_SIDE_SYM(sym) ours_##sym
#include "abi_expand.h"

const struct abi_entry abi_ours[] = {
#include "abi.def"
};
const size_t abi_ours_count = sizeof(abi_ours) / sizeof(abi_ours[0]);
