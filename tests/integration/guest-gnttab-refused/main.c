/* SPDX-License-Identifier: MIT */
/*
 * guest-gnttab-refused: the grant operations pvisor refuses, and the
 * argument checks of grant_table_op itself.
 *
 * Correct on pvisor (docs/abi/divergences.md): set_version 1 succeeds and
 * 2 is refused with -ENOSYS (as Xen does when booted with
 * gnttab=max-ver:1), any other version -EINVAL, the version in force (1)
 * written back each time; get_version says 1; get_status_frames gives 0
 * frames and refuses more (general_error); transfer, unmap_and_replace and
 * cache_flush return -ENOSYS; a map with GNTMAP_device_map is refused
 * (general_error). As on Xen: bits 12 and up of cmd, or a negative count,
 * -EINVAL; an unknown operation -ENOSYS.
 *
 * Xen 4.17 (XEN_EXPECT=FAILURE): switches to version 2 and implements
 * transfer, unmap_and_replace, cache_flush and device mappings.
 */
#include <public/errno.h>
#include <public/grant_table.h>
#include "gnttab.h"
#include "pt.h"
#include "test.h"

TEST_TITLE("grant operations pvisor refuses, and grant_table_op's own checks");

void test_main(void)
{
    struct gnttab_set_version sv;
    struct gnttab_get_version gv = { .dom = DOMID_SELF, .version = 99 };
    struct gnttab_get_status_frames gs = { .dom = DOMID_SELF, .status = 99 };
    struct gnttab_transfer tr = { 0 };
    struct gnttab_unmap_and_replace ur = { 0 };
    struct gnttab_cache_flush cf = { 0 };
    uint64_t frames[1];
    uint64_t mfn = pt_alloc_frame();
    void *win = pt_take_window();
    grant_handle_t h;

    gnt_table();
    sv.version = 1;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1), 0, "set_version(1)");
    CHECK_EQ(sv.version, 1, "version after set_version(1)");
    sv.version = 3;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1), -XEN_EINVAL,
             "set_version(3)");
    CHECK_EQ(sv.version, 1, "version after set_version(3)");
    sv.version = 2;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1), -XEN_ENOSYS,
             "set_version(2)");
    CHECK_EQ(sv.version, 1, "version after set_version(2)");
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1), 0, "get_version");
    CHECK_EQ(gv.version, 1, "get_version");

    gs.frame_list = (uint64_t)(uintptr_t)frames;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &gs, 1), 0,
             "get_status_frames(0)");
    CHECK_EQ(gs.status, GNTST_okay, "get_status_frames(0): status");
    gs.nr_frames = 1;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &gs, 1), 0,
             "get_status_frames(1)");
    CHECK_EQ(gs.status, GNTST_general_error, "get_status_frames(1): status");

    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_transfer, &tr, 1), -XEN_ENOSYS, "transfer");
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_and_replace, &ur, 1), -XEN_ENOSYS,
             "unmap_and_replace");
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, &cf, 1), -XEN_ENOSYS,
             "cache_flush");

    gnt_grant(8, 0, mfn, 0);
    CHECK_EQ(gnt_map(0, 8, (uint64_t)(uintptr_t)win, GNTMAP_host_map | GNTMAP_device_map,
                     &h, NULL), GNTST_general_error, "map with GNTMAP_device_map");
    CHECK_EQ(gnt_flags(8), GTF_permit_access, "flags after the refusal");

    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size | (1u << 12), frames, 1),
             -XEN_EINVAL, "cmd with bit 12 set");
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, frames, 0x80000000u),
             -XEN_EINVAL, "negative count");
    CHECK_EQ(HYPERVISOR_grant_table_op(13, frames, 1), -XEN_ENOSYS, "operation 13");
}
