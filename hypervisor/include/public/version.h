/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: xen_version (hypercall 17), the XENVER_* sub-operations and the
 * buffers they fill.
 *
 * HYPERVISOR_xen_version(cmd, arg): XENVER_version returns
 * (major << 16) | minor and ignores arg; the others fill the buffer at the
 * guest address arg and return 0, or a negative XEN_E* value.
 * Numbers and layouts are Xen 4.17's.
 */
#ifndef PUBLIC_VERSION_H
#define PUBLIC_VERSION_H

#include "xen.h"
#include "features.h"

#define XENVER_version             0  /* Returns (major << 16) | minor. */
#define XENVER_extraversion        1  /* Fills xen_extraversion_t (".0-pvisor"). */
#define XENVER_compile_info        2  /* Fills struct xen_compile_info. */
#define XENVER_capabilities        3  /* Fills xen_capabilities_info_t ("xen-3.0-x86_64 ..."). */
#define XENVER_changeset           4  /* Fills xen_changeset_info_t (source revision). */
#define XENVER_platform_parameters 5  /* Fills struct xen_platform_parameters. */
#define XENVER_get_features        6  /* In/out struct xen_feature_info. */
#define XENVER_pagesize            7  /* Returns the page size (4096). */
#define XENVER_guest_handle        8  /* Fills xen_domain_handle_t of the caller. */
#define XENVER_commandline         9  /* Fills xen_commandline_t (dom0 only). */
#define XENVER_build_id           10  /* In/out struct xen_build_id (dom0 only). */

#ifndef __ASSEMBLER__

/* Version suffix after "major.minor", NUL-terminated. */
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* xen_compile_info - who built the hypervisor, and when; NUL-terminated strings. */
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;
PUBLIC_ASSERT_SIZE(struct xen_compile_info, 144);

/* Space-separated list of guest types the hypervisor runs. */
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* Source revision the hypervisor was built from. */
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* xen_platform_parameters - start of the hypervisor's virtual range. */
struct xen_platform_parameters {
    xen_ulong_t virt_start;     /* HYPERVISOR_VIRT_START. */
};
typedef struct xen_platform_parameters xen_platform_parameters_t;
PUBLIC_ASSERT_SIZE(struct xen_platform_parameters, 8);

/* xen_feature_info - one 32-bit submap of XENFEAT_* bits. */
struct xen_feature_info {
    uint32_t submap_idx;        /* IN: submap number (bits 32*idx ..). */
    uint32_t submap;            /* OUT: the bits. */
};
typedef struct xen_feature_info xen_feature_info_t;
PUBLIC_ASSERT_SIZE(struct xen_feature_info, 8);

/* The hypervisor's command line. */
typedef char xen_commandline_t[1024];

/*
 * xen_build_id - the hypervisor's build id. len (IN) is the size of the
 * buffer that follows the struct in guest memory; the bytes are written
 * there and the call returns how many.
 */
struct xen_build_id {
    uint32_t len;               /* IN: bytes available after this field. */
};
typedef struct xen_build_id xen_build_id_t;
PUBLIC_ASSERT_SIZE(struct xen_build_id, 4);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_VERSION_H */
