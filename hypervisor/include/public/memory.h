/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: memory_op (hypercall 12): growing and shrinking a domain's
 * memory, the physmap, the memory map and the machine-to-phys table.
 *
 * HYPERVISOR_memory_op(cmd, arg): cmd is XENMEM_* (bits 0-5; the bits
 * above are the hypervisor's continuation state and must be 0 from a
 * guest), arg the guest address of the matching struct. The reservation
 * calls return the number of extents done; the others 0; errors are
 * negative XEN_E* values. Numbers and layouts are Xen 4.17's.
 */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include "xen.h"

#define XENMEM_increase_reservation   0  /* Allocate extents; struct xen_memory_reservation. */
#define XENMEM_decrease_reservation   1  /* Free extents; struct xen_memory_reservation. */
#define XENMEM_maximum_ram_page       2  /* Returns the highest machine frame of RAM. */
#define XENMEM_current_reservation    3  /* Returns a domain's pages; struct xen_memory_domain. */
#define XENMEM_maximum_reservation    4  /* Returns a domain's page limit; domid_t arg. */
#define XENMEM_machphys_mfn_list      5  /* Frames backing the M2P; struct xen_machphys_mfn_list. */
#define XENMEM_populate_physmap       6  /* Allocate at given PFNs; struct xen_memory_reservation. */
#define XENMEM_add_to_physmap         7  /* Map a special page; struct xen_add_to_physmap. */
#define XENMEM_memory_map             9  /* The domain's E820 map; struct xen_memory_map. */
#define XENMEM_machine_memory_map    10  /* dom0: the machine E820 map; struct xen_memory_map. */
#define XENMEM_exchange              11  /* Swap extents; struct xen_memory_exchange. */
#define XENMEM_machphys_mapping      12  /* Where the M2P is; struct xen_machphys_mapping. */
#define XENMEM_set_memory_map        13  /* Tools: set a domain's map; struct xen_foreign_memory_map. */
#define XENMEM_maximum_gpfn          14  /* Returns a domain's highest PFN; domid_t arg. */
#define XENMEM_remove_from_physmap   15  /* struct xen_remove_from_physmap. */
#define XENMEM_set_pod_target        16  /* Tools: struct xen_pod_target. */
#define XENMEM_get_pod_target        17  /* Tools: struct xen_pod_target. */
#define XENMEM_add_to_physmap_batch  23  /* struct xen_add_to_physmap_batch. */
#define XENMEM_claim_pages           24  /* Tools: reserve pages for a domain build. */
#define XENMEM_machphys_compat_mfn_list 25 /* As machphys_mfn_list, 32-bit M2P. */
#define XENMEM_get_vnumainfo         26  /* struct xen_vnuma_topology_info. */
#define XENMEM_reserved_device_memory_map 27 /* Tools: device-reserved ranges. */
#define XENMEM_acquire_resource      28  /* Map resource frames; struct xen_mem_acquire_resource. */

/* xen_memory_reservation.mem_flags: low byte is max address bits (0: any). */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x) & 0xffu)
/* NUMA node to allocate from, plus one, in bits 8-15. */
#define XENMEMF_node(x)             (((x) + 1) << 8)
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffu)
/* Populate on demand (HVM). */
#define XENMEMF_populate_on_demand  (1 << 16)
/* Fail rather than fall back to another node. */
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
/* The node is a virtual node of the domain. */
#define XENMEMF_vnode               (1 << 18)

/* xen_add_to_physmap.space. */
#define XENMAPSPACE_shared_info  0  /* The shared_info page. */
#define XENMAPSPACE_grant_table  1  /* A grant table frame (idx; | XENMAPIDX_grant_table_status). */
#define XENMAPSPACE_gmfn         2  /* Move a guest frame. */
#define XENMAPSPACE_gmfn_range   3  /* A range of guest frames (add_to_physmap only). */
#define XENMAPSPACE_gmfn_foreign 4  /* Another domain's frame (batch only). */
#define XENMAPSPACE_dev_mmio     5  /* Arm only. */
/* xen_add_to_physmap.idx flag: a grant status frame instead of a table frame. */
#define XENMAPIDX_grant_table_status 0x80000000

/* xen_mem_acquire_resource.type and .id. */
#define XENMEM_resource_ioreq_server          0
#define XENMEM_resource_grant_table           1
#define XENMEM_resource_vmtrace_buf           2
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1

/* xen_e820_entry.type (the BIOS E820 types). Not in Xen's public headers. */
#define XEN_E820_RAM      1  /* Usable RAM. */
#define XEN_E820_RESERVED 2  /* Reserved. */
#define XEN_E820_ACPI     3  /* ACPI tables, reclaimable. */
#define XEN_E820_NVS      4  /* ACPI non-volatile storage. */
#define XEN_E820_UNUSABLE 5  /* Bad memory. */

#ifndef __ASSEMBLER__

/*
 * xen_memory_reservation - a list of extents of 2^extent_order pages each.
 * extent_start points at nr_extents frame numbers: OUT for increase
 * (MFNs), IN for decrease (frames to free), IN/OUT for populate (PFNs in,
 * frames out).
 */
struct xen_memory_reservation {
    uint64_t    extent_start;   /* Guest address of xen_pfn_t[nr_extents]. */
    xen_ulong_t nr_extents;     /* Number of extents. */
    uint32_t    extent_order;   /* log2 of pages per extent. */
    uint32_t    mem_flags;      /* XENMEMF_* */
    domid_t     domid;          /* DOMID_SELF unless privileged. */
    uint16_t    pad[3];
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
PUBLIC_ASSERT_SIZE(struct xen_memory_reservation, 32);

/* xen_memory_exchange - give back the in extents, receive the out extents. */
struct xen_memory_exchange {
    struct xen_memory_reservation in;   /* IN: extents to give up. */
    struct xen_memory_reservation out;  /* IN/OUT: extents to receive. */
    xen_ulong_t nr_exchanged;           /* OUT: in-extents done; zero it first. */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
PUBLIC_ASSERT_SIZE(struct xen_memory_exchange, 72);

/* xen_memory_domain - the domain a query is about. */
struct xen_memory_domain {
    domid_t domid;
};
PUBLIC_ASSERT_SIZE(struct xen_memory_domain, 2);

/* xen_machphys_mfn_list - the frames of the M2P table, one per 2 MiB of it. */
struct xen_machphys_mfn_list {
    uint32_t max_extents;       /* IN: room in extent_start. */
    uint32_t pad;
    uint64_t extent_start;      /* Guest address of xen_pfn_t[max_extents]. */
    uint32_t nr_extents;        /* OUT: entries written. */
    uint32_t pad2;
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
PUBLIC_ASSERT_SIZE(struct xen_machphys_mfn_list, 24);

/* xen_machphys_mapping - where the read-only M2P is mapped. */
struct xen_machphys_mapping {
    xen_ulong_t v_start;        /* First virtual address. */
    xen_ulong_t v_end;          /* Last virtual address (exclusive). */
    xen_ulong_t max_mfn;        /* Highest MFN it covers. */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
PUBLIC_ASSERT_SIZE(struct xen_machphys_mapping, 24);

/* xen_add_to_physmap - make a page of space appear at gpfn. */
struct xen_add_to_physmap {
    domid_t     domid;          /* Domain to change (DOMID_SELF). */
    uint16_t    size;           /* Pages, for XENMAPSPACE_gmfn_range. */
    uint32_t    space;          /* XENMAPSPACE_* */
    xen_ulong_t idx;            /* Index in space. */
    xen_pfn_t   gpfn;           /* Where it should appear. */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
PUBLIC_ASSERT_SIZE(struct xen_add_to_physmap, 24);

/* xen_add_to_physmap_batch - many pages of one space at once. */
struct xen_add_to_physmap_batch {
    domid_t  domid;             /* IN: domain to change. */
    uint16_t space;             /* IN: XENMAPSPACE_* */
    uint16_t size;              /* IN: number of pages. */
    union xen_add_to_physmap_batch_extra {
        domid_t  foreign_domid; /* XENMAPSPACE_gmfn_foreign: owner. */
        uint16_t res0;          /* Other spaces: zero. */
    } u;
    uint64_t idxs;              /* IN: guest address of xen_ulong_t[size]. */
    uint64_t gpfns;             /* IN: guest address of xen_pfn_t[size]. */
    uint64_t errs;              /* OUT: guest address of int[size]. */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
PUBLIC_ASSERT_SIZE(struct xen_add_to_physmap_batch, 32);

/* xen_remove_from_physmap - unmap the page at gpfn. */
struct xen_remove_from_physmap {
    domid_t   domid;
    uint16_t  pad[3];
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
PUBLIC_ASSERT_SIZE(struct xen_remove_from_physmap, 16);

/*
 * xen_memory_map - an E820-format map. nr_entries: IN room in buffer, OUT
 * entries written; buffer holds struct xen_e820_entry records.
 */
struct xen_memory_map {
    uint32_t nr_entries;
    uint32_t pad;
    uint64_t buffer;            /* Guest address of the entries. */
};
typedef struct xen_memory_map xen_memory_map_t;
PUBLIC_ASSERT_SIZE(struct xen_memory_map, 16);

/* xen_foreign_memory_map - tools: another domain's memory map. */
struct xen_foreign_memory_map {
    domid_t  domid;
    uint16_t pad[3];
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
PUBLIC_ASSERT_SIZE(struct xen_foreign_memory_map, 24);

/* xen_e820_entry - one memory map record, the BIOS layout (20 bytes, packed). */
struct xen_e820_entry {
    uint64_t addr;              /* Start physical address. */
    uint64_t size;              /* Bytes. */
    uint32_t type;              /* XEN_E820_* */
} __attribute__((packed));
typedef struct xen_e820_entry xen_e820_entry_t;
PUBLIC_ASSERT_SIZE(struct xen_e820_entry, 20);

/* xen_pod_target - tools: populate-on-demand target and state. */
struct xen_pod_target {
    uint64_t target_pages;      /* IN */
    uint64_t tot_pages;         /* OUT */
    uint64_t pod_cache_pages;   /* OUT */
    uint64_t pod_entries;       /* OUT */
    domid_t  domid;             /* IN */
    uint16_t pad[3];
};
typedef struct xen_pod_target xen_pod_target_t;
PUBLIC_ASSERT_SIZE(struct xen_pod_target, 40);

/* xen_mem_acquire_resource - map frames of a hypervisor resource of domid. */
struct xen_mem_acquire_resource {
    domid_t  domid;             /* IN: owner of the resource. */
    uint16_t type;              /* IN: XENMEM_resource_* */
    uint32_t id;                /* IN: resource id within the type. */
    uint32_t nr_frames;         /* IN/OUT: frames to map (0 with no list: size query). */
    uint32_t pad;               /* Zero. */
    uint64_t frame;             /* IN: first frame of the resource. */
    uint64_t frame_list;        /* IN/OUT: guest address of xen_pfn_t[nr_frames]. */
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
PUBLIC_ASSERT_SIZE(struct xen_mem_acquire_resource, 32);

/* xen_vmemrange - one virtual NUMA memory range. */
struct xen_vmemrange {
    uint64_t start;
    uint64_t end;
    uint32_t flags;
    uint32_t nid;               /* Virtual node. */
};
typedef struct xen_vmemrange xen_vmemrange_t;
PUBLIC_ASSERT_SIZE(struct xen_vmemrange, 24);

/* xen_vnuma_topology_info - the domain's virtual NUMA layout. */
struct xen_vnuma_topology_info {
    domid_t  domid;             /* IN */
    uint16_t pad;
    uint32_t nr_vnodes;         /* IN/OUT */
    uint32_t nr_vcpus;          /* IN/OUT */
    uint32_t nr_vmemranges;     /* IN/OUT */
    union {
        uint64_t h;             /* OUT: guest address of uint32_t[nr_vnodes^2]. */
        uint64_t pad;
    } vdistance;
    union {
        uint64_t h;             /* OUT: guest address of uint32_t[nr_vcpus]. */
        uint64_t pad;
    } vcpu_to_vnode;
    union {
        uint64_t h;             /* OUT: guest address of xen_vmemrange_t[]. */
        uint64_t pad;
    } vmemrange;
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;
PUBLIC_ASSERT_SIZE(struct xen_vnuma_topology_info, 40);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_MEMORY_H */
