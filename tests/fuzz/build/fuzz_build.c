/* SPDX-License-Identifier: MIT */
/*
 * Fuzzer of the domain builder (toolstack/lib/build.c) with the unit
 * test's fake hypervisor (tests/unit/build/fake.c): the input is the
 * kernel image a user names in a configuration (untrusted: the builder
 * parses its ELF header and Xen notes, sizes the domain from them and
 * copies its segments). Its last byte's low bit adds a 5000-byte ramdisk.
 * Checked: the result is 0 or a negative XEN_E* with a message (a hostile
 * image: -ENOEXEC or -ENOMEM, an empty one -EINVAL); a failure leaves nothing
 * behind (no domain, no frame, no foreign mapping outstanding); a success
 * leaves one domain, no mapping outstanding, and an entry point and start
 * info inside the domain's region.
 */
#include <string.h>

#include <public/errno.h>

#include "build.h"
#include "fake.h"
#include "fuzz.h"

static struct fake f;
static uint8_t ramdisk[5000];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct domain_config cfg;
    struct build_args args;
    struct build_result res;
    char err[256] = "";
    int rc;

    fake_init(&f);
    memset(&cfg, 0, sizeof(cfg));
    strcpy(cfg.name, "fz");
    strcpy(cfg.cmdline, "console=hvc0");
    cfg.memory_mib = cfg.maxmem_mib = 8;
    cfg.vcpus = 1;
    args = (struct build_args){ .cfg = &cfg, .kernel_path = "fuzz.elf",
                                .ramdisk_path = "fuzz.initrd",
                                .kernel = data, .kernel_len = size };
    if (size && (data[size - 1] & 1)) {
        args.ramdisk = ramdisk;
        args.ramdisk_len = sizeof(ramdisk);
    }
    memset(&res, 0, sizeof(res));
    rc = build_pv_domain(&fake_ops, &f, &args, &res, err, sizeof(err));
    FUZZ_CHECK(rc == 0 || rc == -XEN_ENOEXEC || rc == -XEN_ENOMEM ||
               (rc == -XEN_EINVAL && size == 0));       /* "empty kernel image" */
    FUZZ_CHECK(fuzz_terminated(err, sizeof(err)));
    FUZZ_CHECK(fake_maps_outstanding(&f) == 0);
    if (rc) {
        FUZZ_CHECK(err[0]);
        FUZZ_CHECK(fake_domains(&f) == 0 && fake_frames_used(&f) == 0);
    } else {
        FUZZ_CHECK(fake_domains(&f) == 1);
        FUZZ_CHECK(res.entry >= res.virt_base && res.start_info >= res.virt_base);
        FUZZ_CHECK(res.start_info - res.virt_base < res.nr_pages * 4096);
    }
    fake_fini(&f);
    return 0;
}
