/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: grant tables (hypercall 20): a domain lists in its grant table
 * which of its frames another domain may map or copy.
 *
 * HYPERVISOR_grant_table_op(cmd, uop, count): cmd is GNTTABOP_*, uop the
 * guest address of count structs of the matching type. Each struct gets
 * its own GNTST_* status; the hypercall returns 0, or a negative XEN_E*
 * value if the batch itself is bad. Numbers and layouts are Xen 4.17's.
 */
#ifndef PUBLIC_GRANT_TABLE_H
#define PUBLIC_GRANT_TABLE_H

#include "xen.h"

/* Grant references 0..7 are reserved to the toolstack. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0  /* Grants the console ring to the backend. */
#define GNTTAB_RESERVED_XENSTORE   1  /* Grants the xenstore ring to xenstored. */

/* grant_entry_v1.flags: the type in bits 0-1. */
#define GTF_invalid             (0U << 0)  /* No grant. */
#define GTF_permit_access       (1U << 0)  /* domid may map/copy frame. */
#define GTF_accept_transfer     (2U << 0)  /* domid may transfer a frame into this entry. */
#define GTF_transitive          (3U << 0)  /* Grant of another grant (v2 only). */
#define GTF_type_mask           (3U << 0)
/* Flags of GTF_permit_access entries. */
#define _GTF_readonly           2
#define GTF_readonly            (1U << _GTF_readonly)  /* Read-only access only. */
#define _GTF_reading            3
#define GTF_reading             (1U << _GTF_reading)   /* Set by the hypervisor while mapped. */
#define _GTF_writing            4
#define GTF_writing             (1U << _GTF_writing)   /* Set by the hypervisor while mapped RW. */
#define _GTF_PWT                5
#define GTF_PWT                 (1U << _GTF_PWT)       /* Cache attribute bits of the mapping. */
#define _GTF_PCD                6
#define GTF_PCD                 (1U << _GTF_PCD)
#define _GTF_PAT                7
#define GTF_PAT                 (1U << _GTF_PAT)
#define _GTF_sub_page           8
#define GTF_sub_page            (1U << _GTF_sub_page)  /* Part of a page (v2 only). */
/* Flags of GTF_accept_transfer entries. */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

#define GNTTABOP_map_grant_ref     0  /* struct gnttab_map_grant_ref. */
#define GNTTABOP_unmap_grant_ref   1  /* struct gnttab_unmap_grant_ref. */
#define GNTTABOP_setup_table       2  /* struct gnttab_setup_table (count must be 1). */
#define GNTTABOP_dump_table        3  /* struct gnttab_dump_table. */
#define GNTTABOP_transfer          4  /* struct gnttab_transfer. */
#define GNTTABOP_copy              5  /* struct gnttab_copy. */
#define GNTTABOP_query_size        6  /* struct gnttab_query_size. */
#define GNTTABOP_unmap_and_replace 7  /* struct gnttab_unmap_and_replace. */
#define GNTTABOP_set_version       8  /* struct gnttab_set_version. */
#define GNTTABOP_get_status_frames 9  /* struct gnttab_get_status_frames. */
#define GNTTABOP_get_version      10  /* struct gnttab_get_version. */
#define GNTTABOP_swap_grant_ref   11  /* struct gnttab_swap_grant_ref. */
#define GNTTABOP_cache_flush      12  /* struct gnttab_cache_flush. */

/* gnttab_copy.flags: source/dest is a grant reference, not a local frame. */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref  (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref   1
#define GNTCOPY_dest_gref    (1 << _GNTCOPY_dest_gref)

/* gnttab_cache_flush.op. */
#define GNTTAB_CACHE_CLEAN       (1u << 0)
#define GNTTAB_CACHE_INVAL       (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1u << 31)

/* gnttab_map_grant_ref.flags. */
#define _GNTMAP_device_map      0
#define GNTMAP_device_map       (1 << _GNTMAP_device_map)      /* Map for device DMA. */
#define _GNTMAP_host_map        1
#define GNTMAP_host_map         (1 << _GNTMAP_host_map)        /* Map into the CPU's page tables. */
#define _GNTMAP_readonly        2
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)        /* Read-only mapping. */
#define _GNTMAP_application_map 3
#define GNTMAP_application_map  (1 << _GNTMAP_application_map) /* User mode may access it too. */
#define _GNTMAP_contains_pte    4
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte)    /* host_addr is the MA of a PTE. */
/* Bits 16-31 go to the PTE's available bits (XENFEAT_gnttab_map_avail_bits). */
#define _GNTMAP_guest_avail0    16
#define GNTMAP_guest_avail_mask (0xFFFFFFFFU << _GNTMAP_guest_avail0)

/* Per-operation status (the status field of each op struct). */
#define GNTST_okay               (0)    /* Done. */
#define GNTST_general_error      (-1)   /* Something else went wrong. */
#define GNTST_bad_domain         (-2)   /* No such domain. */
#define GNTST_bad_gntref         (-3)   /* Bad or unusable grant reference. */
#define GNTST_bad_handle         (-4)   /* Bad mapping handle. */
#define GNTST_bad_virt_addr      (-5)   /* Address cannot take the mapping. */
#define GNTST_bad_dev_addr       (-6)   /* dev_bus_addr does not match. */
#define GNTST_no_device_space    (-7)   /* IOMMU has no room. */
#define GNTST_permission_denied  (-8)   /* Not allowed. */
#define GNTST_bad_page           (-9)   /* The frame cannot be used. */
#define GNTST_bad_copy_arg       (-10)  /* Copy crosses a page boundary. */
#define GNTST_address_too_big    (-11)  /* Transferred frame above the limit. */
#define GNTST_eagain             (-12)  /* Not done; retry. */
#define GNTST_no_space           (-13)  /* Out of handles. */

#ifndef __ASSEMBLER__

/* Index of an entry in a grant table. */
typedef uint32_t grant_ref_t;
/* Handle of a grant mapping, returned by map and passed to unmap. */
typedef uint32_t grant_handle_t;

/*
 * grant_entry_v1 - one entry of a version-1 grant table (512 per frame).
 * The granting domain writes frame and domid first, then flags.
 */
struct grant_entry_v1 {
    uint16_t flags;             /* GTF_* (type and state). */
    domid_t  domid;             /* Domain the grant is for. */
    uint32_t frame;             /* Frame granted (MFN for PV), or transferred. */
};
typedef struct grant_entry_v1 grant_entry_v1_t;
PUBLIC_ASSERT_SIZE(struct grant_entry_v1, 8);

/* grant_entry_header - the common start of a version-2 entry. */
struct grant_entry_header {
    uint16_t flags;
    domid_t  domid;
};
typedef struct grant_entry_header grant_entry_header_t;
PUBLIC_ASSERT_SIZE(struct grant_entry_header, 4);

/* grant_entry_v2 - one entry of a version-2 grant table (256 per frame). */
union grant_entry_v2 {
    struct grant_entry_header hdr;
    struct {
        struct grant_entry_header hdr;
        uint32_t pad0;
        uint64_t frame;
    } full_page;                /* Whole-frame grant. */
    struct {
        struct grant_entry_header hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;                 /* Bytes [page_off, page_off + length). */
    struct {
        struct grant_entry_header hdr;
        domid_t  trans_domid;
        uint16_t pad0;
        grant_ref_t gref;
    } transitive;               /* Grant gref of trans_domid onwards. */
    uint32_t spacer[4];
};
typedef union grant_entry_v2 grant_entry_v2_t;
PUBLIC_ASSERT_SIZE(union grant_entry_v2, 16);

/* Version-2 status word of an entry. */
typedef uint16_t grant_status_t;

/* gnttab_map_grant_ref - map grant ref of dom at host_addr. */
struct gnttab_map_grant_ref {
    uint64_t host_addr;         /* IN: VA, or MA of the PTE (GNTMAP_contains_pte). */
    uint32_t flags;             /* IN: GNTMAP_* */
    grant_ref_t ref;            /* IN */
    domid_t  dom;               /* IN: the granting domain. */
    int16_t  status;            /* OUT: GNTST_* */
    grant_handle_t handle;      /* OUT: for unmap. */
    uint64_t dev_bus_addr;      /* OUT: MA of the frame. */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
PUBLIC_ASSERT_SIZE(struct gnttab_map_grant_ref, 32);

/* gnttab_unmap_grant_ref - undo a map. */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;         /* IN: as mapped, or 0. */
    uint64_t dev_bus_addr;      /* IN: as returned, or 0. */
    grant_handle_t handle;      /* IN */
    int16_t  status;            /* OUT: GNTST_* */
    uint16_t pad;
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
PUBLIC_ASSERT_SIZE(struct gnttab_unmap_grant_ref, 24);

/* gnttab_setup_table - grow dom's table to nr_frames and list its frames. */
struct gnttab_setup_table {
    domid_t  dom;               /* IN: DOMID_SELF. */
    uint16_t pad;
    uint32_t nr_frames;         /* IN */
    int16_t  status;            /* OUT: GNTST_* */
    uint16_t pad2[3];
    uint64_t frame_list;        /* OUT: guest address of xen_pfn_t[nr_frames]. */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
PUBLIC_ASSERT_SIZE(struct gnttab_setup_table, 24);

/* gnttab_dump_table - debug: print dom's table on the hypervisor console. */
struct gnttab_dump_table {
    domid_t dom;                /* IN */
    int16_t status;             /* OUT: GNTST_* */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
PUBLIC_ASSERT_SIZE(struct gnttab_dump_table, 4);

/* gnttab_transfer - give frame mfn to domid, into its entry ref. */
struct gnttab_transfer {
    xen_pfn_t   mfn;            /* IN */
    domid_t     domid;          /* IN */
    uint16_t    pad;
    grant_ref_t ref;            /* IN */
    int16_t     status;         /* OUT: GNTST_* */
    uint16_t    pad2[3];
};
typedef struct gnttab_transfer gnttab_transfer_t;
PUBLIC_ASSERT_SIZE(struct gnttab_transfer, 24);

/* gnttab_copy_ptr - one end of a copy: a grant ref or a local frame. */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;        /* With GNTCOPY_*_gref. */
        xen_pfn_t   gmfn;       /* Otherwise (the caller's own frame). */
    } u;
    domid_t  domid;             /* Owner. */
    uint16_t offset;            /* Byte offset in the frame. */
    uint32_t pad;
};
PUBLIC_ASSERT_SIZE(struct gnttab_copy_ptr, 16);

/* gnttab_copy - copy len bytes from source to dest (within one page each). */
struct gnttab_copy {
    struct gnttab_copy_ptr source;  /* IN */
    struct gnttab_copy_ptr dest;    /* IN */
    uint16_t len;                   /* IN: bytes. */
    uint16_t flags;                 /* IN: GNTCOPY_* */
    int16_t  status;                /* OUT: GNTST_* */
    uint16_t pad;
};
typedef struct gnttab_copy gnttab_copy_t;
PUBLIC_ASSERT_SIZE(struct gnttab_copy, 40);

/* gnttab_query_size - current and maximum frames of dom's table. */
struct gnttab_query_size {
    domid_t  dom;               /* IN */
    uint16_t pad;
    uint32_t nr_frames;         /* OUT */
    uint32_t max_nr_frames;     /* OUT */
    int16_t  status;            /* OUT: GNTST_* */
    uint16_t pad2;
};
typedef struct gnttab_query_size gnttab_query_size_t;
PUBLIC_ASSERT_SIZE(struct gnttab_query_size, 16);

/* gnttab_unmap_and_replace - unmap handle and move the PTE at new_addr there. */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;         /* IN */
    uint64_t new_addr;          /* IN */
    grant_handle_t handle;      /* IN */
    int16_t  status;            /* OUT: GNTST_* */
    uint16_t pad;
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
PUBLIC_ASSERT_SIZE(struct gnttab_unmap_and_replace, 24);

/* gnttab_set_version - switch the caller's table to version 1 or 2. */
struct gnttab_set_version {
    uint32_t version;           /* IN: wanted; OUT: in force. */
};
typedef struct gnttab_set_version gnttab_set_version_t;
PUBLIC_ASSERT_SIZE(struct gnttab_set_version, 4);

/* gnttab_get_status_frames - v2: the frames of dom's status array. */
struct gnttab_get_status_frames {
    uint32_t nr_frames;         /* IN */
    domid_t  dom;               /* IN */
    int16_t  status;            /* OUT: GNTST_* */
    uint64_t frame_list;        /* OUT: guest address of uint64_t[nr_frames]. */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
PUBLIC_ASSERT_SIZE(struct gnttab_get_status_frames, 16);

/* gnttab_get_version - the table version of dom. */
struct gnttab_get_version {
    domid_t  dom;               /* IN */
    uint16_t pad;
    uint32_t version;           /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
PUBLIC_ASSERT_SIZE(struct gnttab_get_version, 8);

/* gnttab_swap_grant_ref - exchange two entries of the caller's table. */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;          /* IN */
    grant_ref_t ref_b;          /* IN */
    int16_t  status;            /* OUT: GNTST_* */
    uint16_t pad;
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
PUBLIC_ASSERT_SIZE(struct gnttab_swap_grant_ref, 12);

/* gnttab_cache_flush - clean/invalidate caches for part of a grant (Arm). */
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;        /* With GNTTAB_CACHE_SOURCE_GREF. */
    } a;
    uint16_t offset;            /* From the start of the grant. */
    uint16_t length;            /* Bytes. */
    uint32_t op;                /* GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
PUBLIC_ASSERT_SIZE(struct gnttab_cache_flush, 16);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_GRANT_TABLE_H */
