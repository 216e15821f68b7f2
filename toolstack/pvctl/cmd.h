/* SPDX-License-Identifier: MIT */
/*
 * pvctl internals: the command table's row, parsed arguments, and the
 * helpers every command shares (output, errors, domain lookup, JSON).
 */
#ifndef TOOLSTACK_PVCTL_CMD_H
#define TOOLSTACK_PVCTL_CMD_H

#include <stdarg.h>
#include <stdint.h>

#include "pvctl.h"

#define PVCTL_MAX_POS   32      /* positional arguments of one command */

/* A command's arguments after option parsing. */
struct pvctl_args {
    uint32_t flags;             /* bit (c - 'a') for each option letter seen */
    const char *optarg[26];     /* the value of each option that takes one */
    int nr_pos;
    char *pos[PVCTL_MAX_POS];   /* the other arguments, in order */
};

struct pvctl_cmd;
typedef int (*pvctl_run_t)(struct pvctl *p, const struct pvctl_cmd *c,
                           const struct pvctl_args *a);

/* One row of the command table: it drives parsing, checking and help. */
struct pvctl_cmd {
    const char *name;
    pvctl_run_t run;
    const char *opts;           /* option letters; "n:" takes a value */
    int min_pos, max_pos;       /* positional arguments (max -1: any) */
    const char *usage;          /* after "pvctl NAME " */
    const char *summary;        /* one line for `pvctl help` */
    const char *help;           /* the options, one per line, or NULL */
};

static inline int pvctl_has(const struct pvctl_args *a, char opt)
{
    return !!(a->flags & (1U << (opt - 'a')));
}

/* Output. */
void pvctl_printf(struct pvctl *p, int stream, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void pvctl_puts(struct pvctl *p, int stream, const char *s, size_t len);

/* "pvctl: NAME: message" on the error stream. */
void pvctl_vreport(struct pvctl *p, const struct pvctl_cmd *c,
                   const char *fmt, va_list ap);
/* The same; returns PVCTL_FAILED. */
int pvctl_fail(struct pvctl *p, const struct pvctl_cmd *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "pvctl: NAME: message" then the usage line; returns PVCTL_USAGE. */
int pvctl_usage(struct pvctl *p, const struct pvctl_cmd *c, const char *fmt,
                ...) __attribute__((format(printf, 3, 4)));
/* A backend error as words: "no such domain (ESRCH)". */
const char *pvctl_strerror(int rc);
/* "not supported by this backend" when an operation is NULL. */
int pvctl_unsupported(struct pvctl *p, const struct pvctl_cmd *c);

/* Parse an unsigned decimal argument; -1 if malformed or above @max. */
int pvctl_parse_uint(const char *s, uint64_t max, uint64_t *v);

/*
 * pvctl_find_domain - resolve "ID" or "NAME" into @info. Prints why not
 * and returns PVCTL_FAILED if there is no such domain or the backend fails.
 */
int pvctl_find_domain(struct pvctl *p, const struct pvctl_cmd *c,
                      const char *spec, struct pvisor_domctl_info *info);
/*
 * pvctl_next_domain - the first domain with id >= @from, for listing:
 * 1 found, 0 none left, or a negative error.
 */
int pvctl_next_domain(struct pvctl *p, uint32_t from,
                      struct pvisor_domctl_info *info);

/* xl's six state letters "rbpscd" ('-' where not), NUL-terminated. */
void pvctl_state(const struct pvisor_domctl_info *info, char out[7]);
/* The shutdown reason's name ("poweroff", "crash", ...). */
const char *pvctl_shutdown_name(unsigned int reason);
/* Nanoseconds as seconds with one decimal, without floating point. */
void pvctl_format_secs(uint64_t ns, char *buf, size_t len);
/* Frames (4 KiB) to MiB, and KiB to MiB. */
static inline uint64_t pvctl_pages_mib(uint64_t pages)
{
    return pages / 256;
}

/* A small JSON writer: commas and escaping are its business. */
struct pvctl_json {
    struct pvctl *p;
    int depth;
    int need_comma[8];
};
void json_begin(struct pvctl_json *j, struct pvctl *p);
void json_open(struct pvctl_json *j, const char *key, char bracket);
void json_close(struct pvctl_json *j, char bracket);
void json_str(struct pvctl_json *j, const char *key, const char *val);
void json_uint(struct pvctl_json *j, const char *key, uint64_t val);
void json_null(struct pvctl_json *j, const char *key);
void json_end(struct pvctl_json *j);

/* The commands (cmd_*.c). */
int cmd_create(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_list(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_console(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_destroy(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_shutdown(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_pause(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_unpause(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_mem_max(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_info(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_dmesg(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_top(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_vcpu_list(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_vcpu_pin(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);
int cmd_sched_credit(struct pvctl *, const struct pvctl_cmd *, const struct pvctl_args *);

#endif /* TOOLSTACK_PVCTL_CMD_H */
