/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: the ELF notes (owner "Xen") by which a guest kernel image tells
 * the domain builder how to load and start it.
 *
 * "int" notes hold a little-endian integer of 4 or 8 bytes, "str" notes a
 * NUL-terminated string. Numbers are Xen 4.17's (PHYS32_RELOC is later).
 * This header only has constants; it is also usable from assembly.
 */
#ifndef PUBLIC_ELFNOTE_H
#define PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO                0   /* Legacy; ignored. */
#define XEN_ELFNOTE_ENTRY               1   /* int: entry VA (default e_entry). */
#define XEN_ELFNOTE_HYPERCALL_PAGE      2   /* int: VA of the page to fill with stubs. */
#define XEN_ELFNOTE_VIRT_BASE           3   /* int: VA where PFN 0 is mapped (default 0). */
#define XEN_ELFNOTE_PADDR_OFFSET        4   /* int: VA = ELF paddr + VIRT_BASE - this. */
#define XEN_ELFNOTE_XEN_VERSION         5   /* str: ABI version wanted, "xen-3.0". */
#define XEN_ELFNOTE_GUEST_OS            6   /* str: e.g. "linux" (or LOADER "generic"). */
#define XEN_ELFNOTE_GUEST_VERSION       7   /* str: informational. */
#define XEN_ELFNOTE_LOADER              8   /* str: "generic". */
#define XEN_ELFNOTE_PAE_MODE            9   /* str: 32-bit guests only. */
#define XEN_ELFNOTE_FEATURES           10   /* str: XENFEAT names separated by '|'; '!' = required. */
#define XEN_ELFNOTE_BSD_SYMTAB         11   /* str: "yes": load the symbol table too. */
#define XEN_ELFNOTE_HV_START_LOW       12   /* int: 32-bit guests only. */
#define XEN_ELFNOTE_L1_MFN_VALID       13   /* Mask/value pairs; tools only. */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14   /* int: supports cancelling a suspend. */
#define XEN_ELFNOTE_INIT_P2M           15   /* int: VA for the p2m list, outside the image. */
#define XEN_ELFNOTE_MOD_START_PFN      16   /* int: non-zero: initrd may be given as a PFN. */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17   /* int: XENFEAT bitmap the kernel supports. */
#define XEN_ELFNOTE_PHYS32_ENTRY       18   /* int: PVH 32-bit entry point. */
#define XEN_ELFNOTE_PHYS32_RELOC       19   /* PVH relocation range (after Xen 4.17). */

/* Highest note number known to Xen 4.17 (PHYS32_RELOC came later). */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

/* Notes in crash dumps. */
#define XEN_ELFNOTE_CRASH_INFO 0x1000001
#define XEN_ELFNOTE_CRASH_REGS 0x1000002

/* Notes in domain core dumps. */
#define XEN_ELFNOTE_DUMPCORE_NONE           0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER         0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION    0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

#endif /* PUBLIC_ELFNOTE_H */
