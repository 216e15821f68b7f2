/* SPDX-License-Identifier: MIT */
/*
 * Fuzzer of the segment descriptor check (arch/x86_64/mm/desc_check.c),
 * the decoder behind set_gdt, update_descriptor and LDT pages: a guest
 * hands it any 8 bytes. The input is a run of descriptors. Checked of every
 * accepted one, as written back: not present; or code/data with DPL 3; or
 * type 0 (harmless, the upper half of a 64-bit gate); or a call gate with
 * DPL 0 (any use traps) whose target selector has RPL 3 and names the flat
 * 64-bit code selector, the LDT, or a guest GDT entry. Nothing else passes,
 * and checking an accepted descriptor again changes nothing.
 */
#include <string.h>

#include <hv/types.h>
#include <asm/desc.h>
#include <asm/pagetype.h>

#include "fuzz.h"

static void check_one(uint64_t in)
{
    uint64_t d = in, again;
    unsigned int type, dpl;
    uint16_t sel;

    if (!check_descriptor(&d)) {
        /* Refused: present system descriptors of other types only. */
        FUZZ_CHECK((in & DESC_P) && !(in & DESC_S));
        return;
    }
    type = (d >> 40) & 0xf;
    dpl = (d >> 45) & 3;
    if (!(d & DESC_P)) {
        FUZZ_CHECK(d == in);
    } else if (d & DESC_S) {
        FUZZ_CHECK(dpl == 3 && (d & ~DESC_DPL3) == (in & ~DESC_DPL3));
    } else if (type == 0) {
        FUZZ_CHECK(d == in);
    } else {
        sel = (uint16_t)(d >> 16);
        FUZZ_CHECK(type == 0xc && dpl == 0 && (sel & 3) == 3);
        FUZZ_CHECK((sel | 3) == (GUEST_CS64 | 3) || (sel & 4) ||
                   (sel >> 3) < HV_FIRST_RESERVED_GDT_ENTRY);
    }
    again = d;
    FUZZ_CHECK(check_descriptor(&again) && again == d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i + 8 <= size; i += 8) {
        uint64_t d;

        memcpy(&d, data + i, 8);
        check_one(d);
    }
    return 0;
}
