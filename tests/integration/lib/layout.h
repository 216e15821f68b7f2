/* SPDX-License-Identifier: MIT */
/*
 * Test-guest memory layout, shared by head.S (the Xen ELF notes), the linker
 * script and C.
 *
 * The guest is linked in the top 2 GiB, as Linux is, so it builds with
 * -mcmodel=kernel and leaves the low half free for tests (user mappings,
 * NULL-page probes). The builder maps guest PFN n at GUEST_VIRT_BASE + n * 4K
 * (the VIRT_BASE note) and the image's first page is PFN 0: the ELF physical
 * addresses equal the virtual ones, so PADDR_OFFSET = VIRT_BASE makes the
 * builder's "kernel VA = paddr + VIRT_BASE - PADDR_OFFSET" the identity.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

#define GUEST_VIRT_BASE     0xffffffff80000000
#define GUEST_PAGE_SIZE     4096

/* Stack sizes: the boot stack (kernel mode) and the one stack_switch names. */
#define GUEST_STACK_SIZE    (16 * 1024)

#endif /* GUEST_LAYOUT_H */
