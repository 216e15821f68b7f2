/* SPDX-License-Identifier: MIT */
/* Arch-neutral start of day: what runs once the machine is set up. */
#include <hv/arch.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/frame.h>
#include <hv/main.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/domain.h>

/*
 * A boot module whose command line starts with the word "domain" is a
 * boot-time domain (as Xen's dom0less; boot_module_is_domain()):
 *   domain [name=NAME] [mem=SIZE] [-- KERNEL COMMAND LINE]
 * The first other module is dom0's kernel (its command line dom0's), the
 * next one dom0's initrd. With no such module there is no dom0.
 */

#define DOMU_MEM_DEFAULT (32ULL << 20)

/*
 * Word [w, w+n) is "<key><number>" with the number in [lo, hi]: store it
 * in *out and return 0; 1 if the word is another key; -1 if the number is
 * bad (so the caller refuses the word).
 */
static int parse_num_opt(const char *w, size_t n, const char *key,
                         uint64_t lo, uint64_t hi, unsigned int *out)
{
    size_t k = strlen(key);
    char tmp[24];
    const char *end;
    uint64_t v;

    if (n <= k || strncmp(w, key, k))
        return 1;
    if (n - k >= sizeof(tmp))
        return -1;
    memcpy(tmp, w + k, n - k);
    tmp[n - k] = '\0';
    if (parse_u64(tmp, &end, &v) || *end || v < lo || v > hi)
        return -1;
    *out = (unsigned int)v;
    return 0;
}

/* Parse "domain ..." into @req; returns 0 or -EINVAL (logged). */
static int parse_domain_module(const struct boot_module *m, struct build_request *req,
                               char *name, size_t name_len)
{
    const char *p = m->cmdline + 6;

    req->mem = DOMU_MEM_DEFAULT;
    req->cmdline = "";
    while (*p) {
        const char *w;
        size_t n;

        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (!strncmp(p, "--", 2) && (p[2] == ' ' || !p[2])) {
            req->cmdline = p[2] ? p + 3 : p + 2;
            break;
        }
        w = p;
        while (*p && *p != ' ')
            p++;
        n = (size_t)(p - w);
        if (n > 5 && !strncmp(w, "name=", 5) && n - 5 < name_len) {
            memcpy(name, w + 5, n - 5);
            name[n - 5] = '\0';
        } else if (n > 4 && !strncmp(w, "mem=", 4)) {
            char tmp[24];
            const char *end;
            uint64_t v;

            if (n - 4 >= sizeof(tmp))
                goto bad;
            memcpy(tmp, w + 4, n - 4);
            tmp[n - 4] = '\0';
            if (parse_u64(tmp, &end, &v) || *end || v < (4ULL << 20))
                goto bad;
            req->mem = v;
        } else if (!parse_num_opt(w, n, "vcpus=", 1, HV_MAX_VCPUS, &req->vcpus) ||
                   !parse_num_opt(w, n, "weight=", 1, 65535, &req->weight) ||
                   !parse_num_opt(w, n, "cap=", 0, 100 * HV_MAX_VCPUS, &req->cap)) {
            continue;
        } else {
            goto bad;
        }
    }
    return 0;
bad:
    printk(LOG_ERR, "boot module '%s': bad domain option in '%s'", m->name,
           m->cmdline);
    return -EINVAL;
}

/*
 * Build dom0 and the boot-time domains the modules name. Returns how many
 * were built, or -1 if dom0 could not be (the boot stops). A domU that
 * fails is logged and left out.
 */
static int build_boot_domains(const struct boot_info *bi)
{
    const struct boot_module *kernel = NULL, *initrd = NULL;
    uint16_t next_domid = 1;
    int built = 0;

    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        if (boot_module_is_domain(&bi->modules[i]))
            continue;
        if (!kernel)
            kernel = &bi->modules[i];
        else if (!initrd)
            initrd = &bi->modules[i];
    }
    if (kernel) {
        struct build_request req = {
            .domid = 0, .privileged = true, .name = "Domain-0",
            .kernel = kernel, .initrd = initrd, .cmdline = kernel->cmdline,
            .mem = hv_opts.dom0_mem, .vcpus = hv_opts.dom0_max_vcpus,
        };

        if (pv_build_domain(&req))
            return -1;
        built++;
    }
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->modules[i];
        struct build_request req = { .kernel = m };
        char name[DOMAIN_NAME_MAX];

        if (!boot_module_is_domain(m))
            continue;
        snprintf(name, sizeof(name), "d%u", next_domid);
        req.domid = next_domid;
        req.name = name;
        if (parse_domain_module(m, &req, name, sizeof(name)) ||
            pv_build_domain(&req)) {
            struct domain *d = domain_lookup(req.domid);

            printk(LOG_ERR, "boot domain from '%s' not built", m->name);
            if (d) {
                domain_abort(d);        /* created, then failed: never runs */
                next_domid++;
            }
            continue;
        }
        next_domid++;
        built++;
    }
    return built;
}

void hv_main(const struct boot_info *bi)
{
    if (hv_opts.selftest[0]) {
        selftest_run(hv_opts.selftest, bi);
        printk(LOG_ERR, "unknown self test '%s'", hv_opts.selftest);
        if (hv_opts.test_mode)
            printk(LOG_ERR, "Test result: ERROR");
        arch_machine_stop(2, STOP_HALT);
    }

    timer_heaps_init();
    domain_note_boot_memory();
    printk(LOG_INFO, "Boot complete: %llu MiB free; %u module(s) loaded",
           (unsigned long long)(frame_free_count() >> (20 - PAGE_SHIFT)),
           bi->nr_modules);
    if (bi->nr_modules) {
        int rc = build_boot_domains(bi);

        if (rc > 0) {
            printk(LOG_INFO, "Starting %d domain%s", rc, rc == 1 ? "" : "s");
            console_input_start();
            sched_start();
        }
        if (rc < 0) {
            printk(LOG_ERR, "dom0 could not be built");
            if (hv_opts.test_mode)
                printk(LOG_ERR, "Test result: ERROR");
            arch_machine_stop(2, STOP_HALT);
        }
    }
    printk(LOG_INFO, "No dom0 kernel given: nothing to run");

    if (hv_opts.test_mode)
        arch_machine_stop(0, STOP_HALT);
    printk(LOG_INFO, "Idle. (QEMU: Ctrl-A X quits)");
    arch_irq_enable();
    for (;;)
        __asm__ volatile("hlt");
}
