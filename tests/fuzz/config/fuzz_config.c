/* SPDX-License-Identifier: MIT */
/*
 * Fuzzer of the xl.cfg parser (toolstack/lib/config.c). The input is a
 * configuration file; a line "#--" splits off command-line overrides, one
 * per line after it. Checked of every answer: the result is 0 or -1; an
 * error has a message and a position inside the text; an accepted
 * configuration keeps its documented bounds and terminated strings.
 */
#define _GNU_SOURCE     /* memmem */
#include <string.h>

#include "config.h"
#include "fuzz.h"

/* Apply the "key=value" lines of @text as overrides; 0 or -1. */
static int apply_overrides(struct domain_config *cfg, const char *text,
                           size_t len, struct config_error *err)
{
    char arg[CONFIG_CMDLINE_MAX + 64];
    unsigned int index = 1;
    size_t i = 0;

    while (i < len) {
        size_t n = 0;

        while (i < len && text[i] != '\n') {
            if (n < sizeof(arg) - 1)
                arg[n++] = text[i];
            i++;
        }
        i++;
        arg[n] = '\0';
        if (config_override(cfg, arg, index++, err))
            return -1;
    }
    return 0;
}

static void check_error(const struct config_error *err)
{
    char buf[256];

    FUZZ_CHECK(fuzz_terminated(err->msg, sizeof(err->msg)) && err->msg[0]);
    config_format_error(err, buf, sizeof(buf));
    FUZZ_CHECK(fuzz_terminated(buf, sizeof(buf)));
}

static void check_config(const struct domain_config *cfg)
{
    FUZZ_CHECK(fuzz_terminated(cfg->name, sizeof(cfg->name)) && cfg->name[0]);
    FUZZ_CHECK(fuzz_terminated(cfg->kernel, sizeof(cfg->kernel)) && cfg->kernel[0]);
    FUZZ_CHECK(fuzz_terminated(cfg->ramdisk, sizeof(cfg->ramdisk)));
    FUZZ_CHECK(fuzz_terminated(cfg->cmdline, sizeof(cfg->cmdline)));
    FUZZ_CHECK(fuzz_terminated(cfg->extra, sizeof(cfg->extra)));
    FUZZ_CHECK(fuzz_terminated(cfg->warning, sizeof(cfg->warning)));
    FUZZ_CHECK(cfg->memory_mib >= 1 && cfg->memory_mib <= cfg->maxmem_mib);
    FUZZ_CHECK(cfg->maxmem_mib <= CONFIG_MEMORY_MAX);
    FUZZ_CHECK(cfg->vcpus >= 1 && cfg->vcpus <= CONFIG_MAX_VCPUS);
    FUZZ_CHECK(cfg->nr_cpus_items <= cfg->vcpus);
    FUZZ_CHECK(cfg->weight >= 1 && cfg->weight <= 65535);
    FUZZ_CHECK(cfg->cap <= 100 * cfg->vcpus);
    FUZZ_CHECK(cfg->on_poweroff <= CONFIG_ACTION_PRESERVE &&
               cfg->on_reboot <= CONFIG_ACTION_PRESERVE &&
               cfg->on_crash <= CONFIG_ACTION_PRESERVE);
    FUZZ_CHECK((cfg->set & ~((1u << CONFIG_NR_KEYS) - 1)) == 0);
    FUZZ_CHECK((cfg->set_in_file & ~cfg->set) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char split[] = "\n#--\n";
    const char *text = (const char *)data;
    const char *over = memmem(text, size, split, sizeof(split) - 1);
    size_t file_len = over ? (size_t)(over - text) : size;
    struct domain_config cfg;
    struct config_error err;
    int rc;

    config_init(&cfg);
    memset(&err, 0, sizeof(err));
    rc = config_parse(&cfg, "fuzz.cfg", text, file_len, &err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0 && over) {
        over += sizeof(split) - 1;
        rc = apply_overrides(&cfg, over, size - (size_t)(over - text), &err);
        FUZZ_CHECK(rc == 0 || rc == -1);
    }
    if (rc == 0) {
        rc = config_finish(&cfg, "fuzz.cfg", &err);
        FUZZ_CHECK(rc == 0 || rc == -1);
    }
    if (rc)
        check_error(&err);
    else
        check_config(&cfg);
    return 0;
}
