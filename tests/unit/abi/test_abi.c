/* SPDX-License-Identifier: MIT */
/*
 * ABI layout check: our public headers against Xen 4.17's, entry by entry.
 *
 * abi.def names every struct, field and constant of hypervisor/include/public
 * that Xen also defines; tu_ours.c and tu_xen.c reduce each side to numbers
 * (abi_table.h). A mismatch names the item and both values, e.g.
 * "struct start_info field nr_pages: offset 40, Xen has 48".
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "harness.h"

#include <public/elfnote.h>
#include <public/memory.h>
#include <public/xen.h>

#include "abi_table.h"

/* Both tables come from the same list, so they have the same shape. */
static void test_tables_match(void)
{
    CU_ASSERT_EQUAL_FATAL(abi_ours_count, abi_xen_count);
    for (size_t i = 0; i < abi_ours_count; i++) {
        const struct abi_entry *o = &abi_ours[i], *x = &abi_xen[i];

        CU_ASSERT_FATAL(o->kind == x->kind && !strcmp(o->owner, x->owner) &&
                        !strcmp(o->name, x->name));
    }
}

/* report - one assert; on failure say what we have and what Xen has. */
static void report(const struct abi_entry *o, const char *what, int64_t ours,
                   int64_t xen)
{
    if (ours != xen) {
        if (o->kind == ABI_KIND_CONST)
            fprintf(stderr, "  constant %s: %" PRId64 " (0x%" PRIx64 "), Xen has %"
                    PRId64 " (0x%" PRIx64 ")\n", o->name, ours, (uint64_t)ours,
                    xen, (uint64_t)xen);
        else if (o->kind == ABI_KIND_STRUCT)
            fprintf(stderr, "  %s: %s %" PRId64 ", Xen has %" PRId64 "\n",
                    o->owner, what, ours, xen);
        else
            fprintf(stderr, "  %s field %s: %s %" PRId64 ", Xen has %" PRId64 "\n",
                    o->owner, o->name, what, ours, xen);
    }
    CU_ASSERT_EQUAL(ours, xen);
}

static void test_structs(void)
{
    for (size_t i = 0; i < abi_ours_count; i++)
        if (abi_ours[i].kind == ABI_KIND_STRUCT) {
            report(&abi_ours[i], "size", abi_ours[i].a, abi_xen[i].a);
            report(&abi_ours[i], "alignment", abi_ours[i].b, abi_xen[i].b);
        }
}

static void test_fields(void)
{
    for (size_t i = 0; i < abi_ours_count; i++)
        if (abi_ours[i].kind == ABI_KIND_FIELD) {
            report(&abi_ours[i], "offset", abi_ours[i].a, abi_xen[i].a);
            report(&abi_ours[i], "size", abi_ours[i].b, abi_xen[i].b);
        }
}

static void test_constants(void)
{
    for (size_t i = 0; i < abi_ours_count; i++)
        if (abi_ours[i].kind == ABI_KIND_CONST)
            report(&abi_ours[i], "value", abi_ours[i].a, abi_xen[i].a);
}

/* Assembly text macros (XEN_CPUID): the bytes they assemble to. */
static void test_asm(void)
{
    for (size_t i = 0; i < abi_ours_count; i++) {
        const struct abi_entry *o = &abi_ours[i], *x = &abi_xen[i];
        size_t on, xn;

        if (o->kind != ABI_KIND_ASM)
            continue;
        on = (size_t)(o->end - o->start);
        xn = (size_t)(x->end - x->start);
        if (on != xn || memcmp(o->start, x->start, on)) {
            fprintf(stderr, "  %s: assembles to", o->name);
            for (size_t j = 0; j < on; j++)
                fprintf(stderr, " %02x", o->start[j]);
            fprintf(stderr, ", Xen's to");
            for (size_t j = 0; j < xn; j++)
                fprintf(stderr, " %02x", x->start[j]);
            fprintf(stderr, "\n");
        }
        CU_ASSERT(on == xn && !memcmp(o->start, x->start, on));
    }
}

/*
 * Ours only: items Xen 4.17's guest headers do not have (builder strings,
 * tools-only numbers, later additions). Expected values written beside.
 */
static void test_ours_only(void)
{
    static const struct {
        const char *name;
        int64_t got, want;
    } cases[] = {
        { "XEN_ELFNOTE_PHYS32_RELOC", XEN_ELFNOTE_PHYS32_RELOC, 19 },
        { "XENMEM_claim_pages (Xen: tools only)", XENMEM_claim_pages, 24 },
        { "XENMEM_reserved_device_memory_map (Xen: tools only)",
          XENMEM_reserved_device_memory_map, 27 },
        { "XEN_E820_RAM", XEN_E820_RAM, 1 },
        { "XEN_E820_RESERVED", XEN_E820_RESERVED, 2 },
        { "XEN_E820_ACPI", XEN_E820_ACPI, 3 },
        { "XEN_E820_NVS", XEN_E820_NVS, 4 },
        { "XEN_E820_UNUSABLE", XEN_E820_UNUSABLE, 5 },
        { "sizeof(struct xen_e820_entry)", sizeof(struct xen_e820_entry), 20 },
        { "offsetof(struct xen_e820_entry, addr)", offsetof(struct xen_e820_entry, addr), 0 },
        { "offsetof(struct xen_e820_entry, size)", offsetof(struct xen_e820_entry, size), 8 },
        { "offsetof(struct xen_e820_entry, type)", offsetof(struct xen_e820_entry, type), 16 },
        { "sizeof(xen_e820_entry_t)", sizeof(xen_e820_entry_t), 20 },
    };
    const char magic[] = XEN_START_INFO_MAGIC;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        EXPECT_EQ(cases[i].name, cases[i].got, cases[i].want);
    CU_ASSERT_STRING_EQUAL(magic, "xen-3.0-x86_64");
    CU_ASSERT(sizeof(magic) <= sizeof(((struct start_info *)0)->magic));
}

/* How much the list covers, for the log. */
static void test_coverage(void)
{
    unsigned int n[4] = { 0 };

    for (size_t i = 0; i < abi_ours_count; i++)
        n[abi_ours[i].kind]++;
    printf("\n  abi: %u structs, %u fields, %u constants, %u asm snippets checked\n",
           n[ABI_KIND_STRUCT], n[ABI_KIND_FIELD], n[ABI_KIND_CONST], n[ABI_KIND_ASM]);
    CU_ASSERT(n[ABI_KIND_STRUCT] > 0 && n[ABI_KIND_FIELD] > 0 && n[ABI_KIND_CONST] > 0);
}

static CU_TestInfo abi_tests[] = {
    { "tables have the same shape", test_tables_match },
    { "struct sizes and alignment", test_structs },
    { "field offsets and sizes", test_fields },
    { "constant values", test_constants },
    { "assembly snippets", test_asm },
    { "items only we define", test_ours_only },
    { "coverage", test_coverage },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("abi", abi_tests);
}
