/* SPDX-License-Identifier: MIT */
/*
 * Segment descriptor checks: which descriptors a guest may put in its GDT
 * or LDT (set_gdt, update_descriptor, LDT pages). A file of its own, free
 * of the rest of the hypervisor, so tests/fuzz/descriptor runs it on the host.
 */
#include <hv/types.h>
#include <asm/desc.h>
#include <asm/pagetype.h>

bool check_descriptor(uint64_t *desc)
{
    uint64_t d = *desc;
    unsigned int type = (d >> 40) & 0xf;
    uint16_t sel;

    if (!(d & DESC_P))
        return true;            /* not present: any use faults */
    if (d & DESC_S) {
        /* Code or data: usable from ring 3 only. */
        if (((d >> 45) & 3) != 3)
            *desc = d | DESC_DPL3;
        return true;
    }
    /* Type 0 is harmless: it is also the upper half of a 64-bit gate. */
    if (type == 0)
        return true;
    if (type != 0xc)
        return false;           /* TSS, LDT, interrupt and trap gates */
    /*
     * A call gate, as Xen takes it: the target must be the flat 64-bit
     * code selector or a selector of the guest's own GDT (below the
     * reserved entries) or LDT; its RPL becomes 3 and the gate's DPL 0, so
     * any use traps (#GP with the gate's selector, passed to the guest).
     */
    sel = (uint16_t)(d >> 16);
    if (sel != GUEST_CS64 && !(sel & 4) &&
        (sel >> 3) >= HV_FIRST_RESERVED_GDT_ENTRY)
        return false;
    d = (d & ~(0xffffULL << 16)) | ((uint64_t)(sel | 3) << 16);
    *desc = d & ~(3ULL << 45);
    return true;
}
