/* SPDX-License-Identifier: MIT */
/* Memory map unit tests: shared names, case macros and checks. */
#ifndef MEMMAP_TEST_H
#define MEMMAP_TEST_H

#include <stdint.h>

#include "harness.h"

#include <hv/errno.h>
#include <hv/memmap.h>

enum {
    USABLE = BOOT_MEM_USABLE, RESERVED = BOOT_MEM_RESERVED,
    ACPI = BOOT_MEM_ACPI, NVS = BOOT_MEM_NVS, UNUSABLE = BOOT_MEM_UNUSABLE,
    BOOT = BOOT_MEM_BOOT, RUNTIME = BOOT_MEM_RUNTIME, MMIO = BOOT_MEM_MMIO,
    HV = MEM_HV,
};

#define PG          0x1000ull
#define TOP         0xfffffffffffff000ull   /* base of the last page: the highest end */
#define MAXADDR     UINT64_MAX

#define IN(b, l, t)  { .base = (b), .len = (l), .type = (t) }
#define OUT(b, e, t) { .base = (b), .end = (e), .type = (t) }
#define MAX_WANT    8

/* The map under test (large: kept off the stack). */
extern struct memmap mm;

/* want_len - ranges in a want[] list: it ends at the first entry with end 0. */
unsigned int want_len(const struct mem_range *want, unsigned int max);

/* check_map - assert the map equals @want; on failure print both. */
void check_map(const char *label, const struct mem_range *want, unsigned int n);

/* check_canonical - assert sorted, page aligned, no overlap, no touching twins. */
void check_canonical(const char *label);

/* map_type_at - the type holding @addr, -1 for a hole. */
int map_type_at(uint64_t addr);

/* The suite in test_memmap_use.c. */
extern const CU_TestInfo memmap_use_tests[];

#endif /* MEMMAP_TEST_H */
