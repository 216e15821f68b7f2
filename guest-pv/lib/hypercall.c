/* SPDX-License-Identifier: MIT */
/* Hypercalls: choosing between the hypercall page and a direct syscall. */
#include <pv/hypercall.h>

const uint8_t *pv_hypercall_page;
long (*pv_hypercall_local)(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                           uint64_t a4, uint64_t a5);

/*
 * Where the return path (entry.S) jumps to make HYPERVISOR_iret: the page's
 * iret stub, which pushes RCX, R11 and RAX itself, or NULL to do that and
 * the `syscall` inline. Natively it is a plain iretq (native_entry.S).
 */
const uint8_t *pv_iret_stub;

bool pv_hypercall_init(const void *page)
{
    const uint8_t *p = page;

    /* The kernel's image fills the page with int3; the builder overwrites it. */
    if (p && p[0] != 0xcc) {
        pv_hypercall_page = p;
        pv_iret_stub = p + 32 * __HYPERVISOR_iret;
        return true;
    }
    pv_hypercall_page = NULL;
    pv_iret_stub = NULL;
    return false;
}
