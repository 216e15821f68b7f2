/* SPDX-License-Identifier: MIT */
/* Test-guest grant tables: see gnttab.h. */
#include <public/sched.h>

#include "gnttab.h"
#include "pt.h"
#include "test.h"

static struct grant_entry_v1 *table;
static uint64_t table_mfn;

struct grant_entry_v1 *gnt_table(void)
{
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    uint64_t mfn = 0;
    long rc;

    if (table)
        return table;
    st.frame_list = (uint64_t)(uintptr_t)&mfn;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
    if (rc || st.status)
        test_result(TEST_ERROR, "setup_table: returned %ld, status %d", rc, st.status);
    table = pt_map(mfn, PTE_RW);
    if (!table)
        test_result(TEST_ERROR, "cannot map grant table frame %#llx",
                    (unsigned long long)mfn);
    table_mfn = mfn;
    return table;
}

uint64_t gnt_table_mfn(void)
{
    gnt_table();
    return table_mfn;
}

void gnt_grant(grant_ref_t ref, domid_t domid, uint64_t mfn, uint16_t extra)
{
    volatile struct grant_entry_v1 *e = &gnt_table()[ref];

    e->frame = (uint32_t)mfn;
    e->domid = domid;
    __asm__ volatile("" ::: "memory");  /* x86 keeps stores in order */
    e->flags = GTF_permit_access | extra;
}

void gnt_revoke(grant_ref_t ref)
{
    ((volatile struct grant_entry_v1 *)gnt_table())[ref].flags = 0;
}

uint16_t gnt_flags(grant_ref_t ref)
{
    return ((volatile struct grant_entry_v1 *)gnt_table())[ref].flags;
}

int gnt_map(domid_t dom, grant_ref_t ref, uint64_t host_addr, uint32_t flags,
            grant_handle_t *handle, uint64_t *bus)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = host_addr, .flags = flags, .ref = ref, .dom = dom,
        .status = 99, .handle = ~0u,
    };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if (rc) {
        test_fail("map_grant_ref returned %ld", rc);
        return GNT_HCALL_FAILED;
    }
    if (handle)
        *handle = op.handle;
    if (bus)
        *bus = op.dev_bus_addr;
    return op.status;
}

int gnt_unmap(uint64_t host_addr, uint64_t bus, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = {
        .host_addr = host_addr, .dev_bus_addr = bus, .handle = handle, .status = 99,
    };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

    if (rc) {
        test_fail("unmap_grant_ref returned %ld", rc);
        return GNT_HCALL_FAILED;
    }
    return op.status;
}

int gnt_copy(const struct gnttab_copy_ptr *src, const struct gnttab_copy_ptr *dst,
             uint16_t len, uint16_t flags)
{
    struct gnttab_copy op = {
        .source = *src, .dest = *dst, .len = len, .flags = flags, .status = 99,
    };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1);

    if (rc) {
        test_fail("copy returned %ld", rc);
        return GNT_HCALL_FAILED;
    }
    return op.status;
}

long gnt_dump(domid_t dom)
{
    struct gnttab_dump_table op = { .dom = dom, .status = 99 };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_dump_table, &op, 1);

    return rc ? rc : op.status;
}

uint64_t gnt_page(volatile uint64_t **map, uint64_t word0)
{
    uint64_t mfn = pt_alloc_frame();

    *map = pt_map(mfn, PTE_RW);
    if (!*map)
        test_result(TEST_ERROR, "cannot map a frame");
    memset((void *)*map, 0, 4096);
    (*map)[0] = word0;
    return mfn;
}

uint64_t gnt_wait_start(void)
{
    return __builtin_ia32_rdtsc();
}

bool gnt_waited_too_long(uint64_t t0)
{
    return __builtin_ia32_rdtsc() - t0 > GNT_WAIT_CYCLES;
}

void gnt_wait_word(volatile uint64_t *p, unsigned int w, uint64_t want)
{
    uint64_t t0 = gnt_wait_start();

    while (p[w] != want) {
        if (gnt_waited_too_long(t0))
            test_result(TEST_FAILURE, "word %u never became %#llx", w,
                        (unsigned long long)want);
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
}
