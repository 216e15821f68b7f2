/* SPDX-License-Identifier: MIT */
/*
 * Domain configuration files in xl.cfg syntax (the common subset), with
 * xl's defaults and `xl create cfg key=value` overrides. Portable C: no
 * allocation, no I/O (the caller reads the file).
 *
 * Use: config_init(), config_parse() on the file's text, config_override()
 * for each "key=value" argument, then config_finish() for the defaults and
 * the checks between keys. docs/toolstack.md describes the format.
 */
#ifndef TOOLSTACK_CONFIG_H
#define TOOLSTACK_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include <public/domctl.h>

#define CONFIG_MAX_VCPUS    8       /* as PVISOR_DOMCTL_createdomain */
#define CONFIG_PATH_MAX     256
#define CONFIG_CMDLINE_MAX  1024
#define CONFIG_MEMORY_MAX   (1024 * 1024)   /* MiB: 1 TiB */
#define CONFIG_WARNING_MAX  128

/* Defaults, as xl/libxl apply them. */
#define CONFIG_DEFAULT_MEMORY   32  /* MiB, libxl's when neither memory nor maxmem */
#define CONFIG_DEFAULT_VCPUS    1
#define CONFIG_DEFAULT_WEIGHT   256
#define CONFIG_DEFAULT_CAP      0

/* What to do when the domain powers off, reboots or crashes. */
enum config_action {
    CONFIG_ACTION_DESTROY,
    CONFIG_ACTION_RESTART,
    CONFIG_ACTION_PRESERVE,
};

/* The keys; bit (1 << key) of domain_config.set says it was given. */
enum config_key {
    CONFIG_NAME, CONFIG_KERNEL, CONFIG_RAMDISK, CONFIG_CMDLINE, CONFIG_EXTRA,
    CONFIG_MEMORY, CONFIG_MAXMEM, CONFIG_VCPUS, CONFIG_CPUS, CONFIG_WEIGHT,
    CONFIG_CAP, CONFIG_ON_POWEROFF, CONFIG_ON_REBOOT, CONFIG_ON_CRASH,
    CONFIG_NR_KEYS
};

struct domain_config {
    char name[PVISOR_DOMAIN_NAME_MAX];
    char kernel[CONFIG_PATH_MAX];
    char ramdisk[CONFIG_PATH_MAX];          /* "" = none */
    char cmdline[CONFIG_CMDLINE_MAX];       /* after finish: cmdline or extra */
    char extra[CONFIG_CMDLINE_MAX];
    uint64_t memory_mib;                    /* initial allocation */
    uint64_t maxmem_mib;                    /* limit (>= memory_mib) */
    unsigned int vcpus;                     /* 1..CONFIG_MAX_VCPUS */
    /* Hard affinity of each vCPU (bit n = CPU n); CPUMAP_ALL = anywhere. */
    uint64_t cpus[CONFIG_MAX_VCPUS];
    unsigned int nr_cpus_items;             /* entries of a cpus = [...] list */
    unsigned int weight;                    /* 1..65535 */
    unsigned int cap;                       /* % of one CPU, 0 = none */
    enum config_action on_poweroff, on_reboot, on_crash;
    uint32_t set;                           /* (1 << enum config_key) given */
    uint32_t set_in_file;                   /* the same, by the file only */
    unsigned int key_line[CONFIG_NR_KEYS];  /* where the file set each key */
    char warning[CONFIG_WARNING_MAX];       /* "" or one warning for the user */
};

/* Where and what: line and col are 1-based; line 0 = the whole file. */
struct config_error {
    const char *file;                       /* the name given to the parser */
    unsigned int line, col;
    char msg[160];
};

/* config_init - empty configuration (nothing set, defaults not applied). */
void config_init(struct domain_config *cfg);

/*
 * config_parse - parse a whole configuration file.
 * @text, @len: its contents (need not be NUL-terminated);
 * @file: its name for messages.
 * Returns 0, or -1 with @err filled (the first error; parsing stops there).
 */
int config_parse(struct domain_config *cfg, const char *file,
                 const char *text, size_t len, struct config_error *err);

/*
 * config_override - apply one command-line "key=value", as xl create does
 * after the file: it replaces the file's value. The value has the file's
 * syntax, and may also be bare text for a string key ("name=web2").
 * @index: the argument's position (1-based), reported as the line of
 * "command line" in @err.
 * Returns 0, or -1 with @err filled.
 */
int config_override(struct domain_config *cfg, const char *arg,
                    unsigned int index, struct config_error *err);

/*
 * config_finish - apply the defaults and check the keys against each other
 * (name and kernel given, memory <= maxmem, cap within 100 x vcpus, no more
 * cpus items than vcpus). @file names the file in @err.
 * Returns 0, or -1 with @err filled (line 0, or the line of the key at fault).
 */
int config_finish(struct domain_config *cfg, const char *file,
                  struct config_error *err);

/* config_format_error - "file:line:col: message" (or "file: message"). */
void config_format_error(const struct config_error *err, char *buf,
                         size_t len);

/* config_action_name - "destroy", "restart" or "preserve". */
const char *config_action_name(enum config_action action);

#endif /* TOOLSTACK_CONFIG_H */
