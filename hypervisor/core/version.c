/* SPDX-License-Identifier: MIT */
/*
 * xen_version: who the guest is talking to. pvisor implements the Xen 4.17
 * interface, so it answers as version 4.17 (guests compare versions to pick
 * ABI features); extraversion names pvisor.
 */
#include <hv/arch.h>
#include <hv/cmdline.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/main.h>
#include <asm/uaccess.h>
#include <public/features.h>
#include <public/version.h>
#include <public/xen.h>

#define XEN_COMPAT_MAJOR 4
#define XEN_COMPAT_MINOR 17

/* The hypervisor command line, kept for XENVER_commandline. */
char hv_cmdline[1024];

/* XENFEAT_* bits of submap 0 a domain sees. */
static uint32_t features_of(const struct domain *d)
{
    uint32_t f = 1u << XENFEAT_mmu_pt_update_preserve_ad;

    if (d->privileged)
        f |= 1u << XENFEAT_dom0;
    return f;
}

static long copy_string(uint64_t arg, const char *s, size_t size)
{
    char buf[1024];

    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

/*
 * xen_version(cmd, arg): XENVER_version returns (major << 16) | minor;
 * the other sub-ops fill a structure at @arg and return 0, or -EFAULT.
 * XENVER_commandline and build_id: -EPERM for unprivileged domains.
 * Unknown sub-ops: -ENOSYS.
 */
static __attribute__((noinline)) long xen_version_query(uint64_t cmd, uint64_t arg)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case XENVER_extraversion:
        return copy_string(arg, ".0-pvisor", sizeof(xen_extraversion_t));
    case XENVER_compile_info: {
        struct xen_compile_info ci;

        memset(&ci, 0, sizeof(ci));
        strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
        strlcpy(ci.compile_by, "pvisor", sizeof(ci.compile_by));
        strlcpy(ci.compile_domain, "pvisor", sizeof(ci.compile_domain));
        strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
        return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
    }
    case XENVER_capabilities:
        return copy_string(arg, "xen-3.0-x86_64", sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string(arg, "pvisor " PVISOR_VERSION, sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters: {
        struct xen_platform_parameters pp = { .virt_start = HYPERVISOR_VIRT_START };

        return copy_to_guest(arg, &pp, sizeof(pp)) ? -EFAULT : 0;
    }
    case XENVER_get_features: {
        struct xen_feature_info fi;

        if (copy_from_guest(&fi, arg, sizeof(fi)))
            return -EFAULT;
        fi.submap = fi.submap_idx == 0 ? features_of(d) : 0;
        if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
            return -EINVAL;
        return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
    }
    case XENVER_pagesize:
        return PAGE_SIZE;
    case XENVER_guest_handle: {
        xen_domain_handle_t h;

        memset(h, 0, sizeof(h));
        return copy_to_guest(arg, h, sizeof(h)) ? -EFAULT : 0;
    }
    case XENVER_commandline:
        if (!d->privileged)
            return -EPERM;
        return copy_string(arg, hv_cmdline, sizeof(xen_commandline_t));
    case XENVER_build_id:
        if (!d->privileged)
            return -EPERM;
        return -ENODATA;
    default:
        return -ENOSYS;
    }
}

long hc_xen_version(uint64_t cmd, uint64_t arg)
{
    /* The version query guests poll costs nothing more than its answer. */
    if (cmd == XENVER_version)
        return (XEN_COMPAT_MAJOR << 16) | XEN_COMPAT_MINOR;
    return xen_version_query(cmd, arg);
}
