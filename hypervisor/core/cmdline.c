/* SPDX-License-Identifier: MIT */
/* Hypervisor command line: words to options (see hv/cmdline.h). */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>

struct hv_options hv_opts;

void cmdline_defaults(struct hv_options *o)
{
    memset(o, 0, sizeof(*o));
    o->loglvl = LOG_INFO;
    o->console = CONSOLE_COM1 | CONSOLE_FB;
    o->com1_port = 0x3f8;
    o->com1_baud = 115200;
    o->dom0_mem = 128ULL << 20;
    o->max_cpus = 1024;
    o->dom0_max_vcpus = 1;
}

static const char *const level_names[] = {
    [LOG_ERR] = "err", [LOG_WARN] = "warn",
    [LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

/* Compare a word's value (length @n) with a NUL-terminated name. */
static bool val_is(const char *v, size_t n, const char *name)
{
    return strlen(name) == n && !strncmp(v, name, n);
}

static int opt_loglvl(struct hv_options *o, const char *v, size_t n)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(level_names); i++) {
        if (val_is(v, n, level_names[i])) {
            o->loglvl = (int)i;
            return 0;
        }
    }
    if (val_is(v, n, "all")) {
        o->loglvl = LOG_DEBUG;
        return 0;
    }
    return -EINVAL;
}

static int opt_console(struct hv_options *o, const char *v, size_t n)
{
    unsigned int mask = 0;

    if (n == 0)                 /* "console=" would silently mean none */
        return -EINVAL;
    while (n) {
        size_t len = 0;

        while (len < n && v[len] != ',')
            len++;
        if (val_is(v, len, "com1"))
            mask |= CONSOLE_COM1;
        else if (val_is(v, len, "fb") || val_is(v, len, "vga"))
            mask |= CONSOLE_FB;
        else if (!val_is(v, len, "none"))
            return -EINVAL;
        v += len;
        n -= len;
        if (n) {                /* skip the comma; a trailing one is an error */
            v++;
            n--;
            if (!n)
                return -EINVAL;
        }
    }
    o->console = mask;
    return 0;
}

static int opt_com1(struct hv_options *o, const char *v, size_t n)
{
    char tmp[32];
    const char *end;
    uint64_t port, baud = o->com1_baud;

    if (n == 0 || n >= sizeof(tmp))
        return -EINVAL;
    memcpy(tmp, v, n);
    tmp[n] = '\0';
    if (parse_u64(tmp, &end, &port) || port == 0 || port > 0xfff8)
        return -EINVAL;
    if (*end == ',') {
        if (parse_u64(end + 1, &end, &baud) || baud < 50 || baud > 115200)
            return -EINVAL;
    }
    if (*end)
        return -EINVAL;
    o->com1_port = (uint16_t)port;
    o->com1_baud = (uint32_t)baud;
    return 0;
}

static int opt_selftest(struct hv_options *o, const char *v, size_t n)
{
    if (n == 0 || n >= sizeof(o->selftest))
        return -EINVAL;
    memcpy(o->selftest, v, n);
    o->selftest[n] = '\0';
    return 0;
}

static int opt_on_panic(struct hv_options *o, const char *v, size_t n)
{
    if (val_is(v, n, "halt"))
        o->on_panic = STOP_HALT;
    else if (val_is(v, n, "reboot"))
        o->on_panic = STOP_REBOOT;
    else if (val_is(v, n, "poweroff"))
        o->on_panic = STOP_POWEROFF;
    else
        return -EINVAL;
    return 0;
}

/* The first '=' within the word [w, w+n), or NULL. */
static const char *memchr_eq(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i] == '=')
            return w + i;
    return NULL;
}

static int opt_dom0_mem(struct hv_options *o, const char *v, size_t n)
{
    char tmp[32];
    const char *end;
    uint64_t bytes;

    if (n == 0 || n >= sizeof(tmp))
        return -EINVAL;
    memcpy(tmp, v, n);
    tmp[n] = '\0';
    /* At least 4 MiB: the smallest start-of-day layout plus slack. */
    if (parse_u64(tmp, &end, &bytes) || *end || bytes < (4ULL << 20))
        return -EINVAL;
    o->dom0_mem = bytes;
    return 0;
}

/* A count in [1, max]: the word's value, or 0 when it is not one. */
static unsigned int parse_count(const char *v, size_t n, unsigned int max)
{
    char tmp[16];
    const char *end;
    uint64_t c;

    if (n == 0 || n >= sizeof(tmp))
        return 0;
    memcpy(tmp, v, n);
    tmp[n] = '\0';
    if (parse_u64(tmp, &end, &c) || *end || c < 1 || c > max)
        return 0;
    return (unsigned int)c;
}

static int opt_maxcpus(struct hv_options *o, const char *v, size_t n)
{
    o->max_cpus = parse_count(v, n, 1024);
    return o->max_cpus ? 0 : -EINVAL;
}

static int opt_dom0_max_vcpus(struct hv_options *o, const char *v, size_t n)
{
    unsigned int c = parse_count(v, n, HV_MAX_VCPUS);

    if (!c)
        return -EINVAL;
    o->dom0_max_vcpus = c;
    return 0;
}

struct option {
    const char *name;
    int (*set)(struct hv_options *o, const char *v, size_t n);
};

static const struct option options[] = {
    { "loglvl", opt_loglvl },
    { "console", opt_console },
    { "com1", opt_com1 },
    { "selftest", opt_selftest },
    { "on_panic", opt_on_panic },
    { "dom0_mem", opt_dom0_mem },
    { "maxcpus", opt_maxcpus },
    { "dom0_max_vcpus", opt_dom0_max_vcpus },
};

static void refuse(void (*warn)(const char *), const char *what,
                   const char *w, size_t n)
{
    char msg[160];

    if (warn) {
        snprintf(msg, sizeof(msg), "command line: %s '%.*s' ignored",
                 what, (int)(n > 100 ? 100 : n), w);
        warn(msg);
    }
}

unsigned int cmdline_parse(const char *s, struct hv_options *o,
                           void (*warn)(const char *msg))
{
    unsigned int refused = 0;

    while (s && *s) {
        const char *w, *eq;
        size_t n, klen;
        bool known = false;
        int rc = 0;

        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        w = s;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        n = (size_t)(s - w);
        eq = memchr_eq(w, n);
        klen = eq ? (size_t)(eq - w) : n;

        if (!eq && val_is(w, n, "test")) {
            o->test_mode = true;
            continue;
        }
        for (unsigned int i = 0; i < ARRAY_SIZE(options); i++) {
            if (eq && val_is(w, klen, options[i].name)) {
                known = true;
                rc = options[i].set(o, eq + 1, n - klen - 1);
                break;
            }
        }
        if (!known) {
            refuse(warn, "unknown option", w, n);
            refused++;
        } else if (rc) {
            refuse(warn, "bad value in", w, n);
            refused++;
        }
    }
    return refused;
}
