/* SPDX-License-Identifier: MIT */
/*
 * guest-version: every xen_version sub-operation gives a sane answer. The
 * checks hold for any conforming hypervisor, not only for Xen's strings.
 *
 * Correct (PV-ABI-NOTES 2.1, public/version.h):
 *   version              (major << 16) | minor with major >= 3 (the
 *                        "xen-3.0" ABI onwards);
 *   extraversion, changeset, compile_info, commandline
 *                        return 0 and fill NUL-terminated printable strings
 *                        within their buffer sizes;
 *   capabilities         the list names "xen-3.0-x86_64" (64-bit PV);
 *   platform_parameters  virt_start = HYPERVISOR_VIRT_START
 *                        (0xFFFF800000000000);
 *   get_features         submap 0: dom0 (11) set, as start_info says we are
 *                        the initial domain; auto_translated_physmap (2) and
 *                        supervisor_mode_kernel (3) clear (a PV guest runs
 *                        untranslated, its kernel in ring 3); submap 1 (past
 *                        XENFEAT_NR_SUBMAPS) -> -EINVAL;
 *   pagesize             4096;
 *   guest_handle         returns 0 and writes all 16 bytes;
 *   build_id             a length in 1..buffer size, or -ENODATA if the
 *                        hypervisor has no build id;
 *   an unknown sub-op -> -ENOSYS; a buffer at an unmapped address -> -EFAULT.
 */
#include <public/errno.h>
#include <public/version.h>
#include "test.h"

TEST_TITLE("xen_version: every sub-operation answers sanely");

/* Check that @s is a NUL-terminated printable string within @size bytes. */
static void check_string(const char *what, const char *s, size_t size)
{
    size_t n = strnlen(s, size);

    if (n == size) {
        test_fail("%s: no NUL within %zu bytes", what, size);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x20 || s[i] > 0x7e) {
            test_fail("%s: byte %zu is %#x, not printable", what, i,
                      (unsigned char)s[i]);
            return;
        }
    }
    printf("%s: \"%s\"\n", what, s);
}

/* True if the space-separated list @list holds the word @word. */
static bool has_word(const char *list, const char *word)
{
    size_t len = strlen(word);

    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        if (!strncmp(p, word, len) && (p[len] == ' ' || p[len] == '\0'))
            return true;
        while (*p && *p != ' ')
            p++;
    }
    return false;
}

static void test_strings(void)
{
    static xen_extraversion_t extra;
    static xen_changeset_info_t changeset;
    static struct xen_compile_info ci;
    static xen_capabilities_info_t caps;
    static xen_commandline_t cmdline;
    long rc;

    memset(extra, 0xff, sizeof(extra));
    rc = HYPERVISOR_xen_version(XENVER_extraversion, extra);
    CHECK_EQ(rc, 0, "XENVER_extraversion");
    check_string("extraversion", extra, sizeof(extra));

    memset(changeset, 0xff, sizeof(changeset));
    rc = HYPERVISOR_xen_version(XENVER_changeset, changeset);
    CHECK_EQ(rc, 0, "XENVER_changeset");
    check_string("changeset", changeset, sizeof(changeset));

    memset(&ci, 0xff, sizeof(ci));
    rc = HYPERVISOR_xen_version(XENVER_compile_info, &ci);
    CHECK_EQ(rc, 0, "XENVER_compile_info");
    check_string("compile_info.compiler", ci.compiler, sizeof(ci.compiler));
    check_string("compile_info.compile_by", ci.compile_by, sizeof(ci.compile_by));
    check_string("compile_info.compile_domain", ci.compile_domain,
                 sizeof(ci.compile_domain));
    check_string("compile_info.compile_date", ci.compile_date, sizeof(ci.compile_date));

    memset(caps, 0xff, sizeof(caps));
    rc = HYPERVISOR_xen_version(XENVER_capabilities, caps);
    CHECK_EQ(rc, 0, "XENVER_capabilities");
    check_string("capabilities", caps, sizeof(caps));
    CHECK(has_word(caps, "xen-3.0-x86_64"),
          "capabilities \"%.64s\" lack xen-3.0-x86_64", caps);

    memset(cmdline, 0xff, sizeof(cmdline));
    rc = HYPERVISOR_xen_version(XENVER_commandline, cmdline);
    CHECK_EQ(rc, 0, "XENVER_commandline");
    check_string("commandline", cmdline, sizeof(cmdline));
}

static void test_numbers(void)
{
    struct xen_platform_parameters pp = { .virt_start = 0 };
    struct xen_feature_info fi;
    long rc;

    rc = HYPERVISOR_xen_version(XENVER_version, NULL);
    printf("version: %ld.%ld\n", rc >> 16, rc & 0xffff);
    CHECK(rc >= 0 && (rc >> 16) >= 3, "XENVER_version: %#lx, expected major >= 3", rc);

    rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &pp);
    CHECK_EQ(rc, 0, "XENVER_platform_parameters");
    CHECK_EQ(pp.virt_start, HYPERVISOR_VIRT_START, "platform_parameters.virt_start");

    fi = (struct xen_feature_info){ .submap_idx = 0, .submap = 0 };
    rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
    CHECK_EQ(rc, 0, "XENVER_get_features(0)");
    printf("features submap 0: %#x\n", fi.submap);
    CHECK(fi.submap & (1U << XENFEAT_dom0), "features %#x: dom0 clear for dom0",
          fi.submap);
    CHECK(!(fi.submap & (1U << XENFEAT_auto_translated_physmap)),
          "features %#x: auto_translated_physmap set for a PV guest", fi.submap);
    CHECK(!(fi.submap & (1U << XENFEAT_supervisor_mode_kernel)),
          "features %#x: supervisor_mode_kernel set for a PV guest", fi.submap);

    fi = (struct xen_feature_info){ .submap_idx = XENFEAT_NR_SUBMAPS, .submap = 0 };
    rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
    CHECK_EQ(rc, -XEN_EINVAL, "XENVER_get_features(XENFEAT_NR_SUBMAPS)");

    rc = HYPERVISOR_xen_version(XENVER_pagesize, NULL);
    CHECK_EQ(rc, 4096, "XENVER_pagesize");
}

static void test_handles(void)
{
    xen_domain_handle_t h1, h2;
    struct {
        struct xen_build_id id;
        uint8_t bytes[64];
    } bid;
    long rc;

    memset(h1, 0xaa, sizeof(h1));
    memset(h2, 0x55, sizeof(h2));
    rc = HYPERVISOR_xen_version(XENVER_guest_handle, h1);
    CHECK_EQ(rc, 0, "XENVER_guest_handle");
    rc = HYPERVISOR_xen_version(XENVER_guest_handle, h2);
    CHECK_EQ(rc, 0, "XENVER_guest_handle (again)");
    CHECK(!memcmp(h1, h2, sizeof(h1)), "guest_handle: not all 16 bytes written");

    memset(&bid, 0, sizeof(bid));
    bid.id.len = sizeof(bid.bytes);
    rc = HYPERVISOR_xen_version(XENVER_build_id, &bid);
    printf("build_id: %ld\n", rc);
    CHECK(rc == -XEN_ENODATA || (rc > 0 && rc <= (long)sizeof(bid.bytes)),
          "XENVER_build_id: %ld, expected 1..%zu or -ENODATA", rc, sizeof(bid.bytes));
}

static void test_errors(void)
{
    long rc;

    rc = HYPERVISOR_xen_version(99, NULL);
    CHECK_EQ(rc, -XEN_ENOSYS, "xen_version(99)");
    /* The low 2 GiB are unmapped (layout.h). */
    rc = HYPERVISOR_xen_version(XENVER_extraversion, (void *)0x1000);
    CHECK_EQ(rc, -XEN_EFAULT, "XENVER_extraversion to an unmapped buffer");
    rc = HYPERVISOR_xen_version(XENVER_platform_parameters, (void *)0x1000);
    CHECK_EQ(rc, -XEN_EFAULT, "XENVER_platform_parameters to an unmapped buffer");
}

void test_main(void)
{
    if (!(start_info->flags & SIF_INITDOMAIN))
        test_result(TEST_ERROR, "not the initial domain: the dom0 checks do not apply");
    test_numbers();
    test_strings();
    test_handles();
    test_errors();
}
