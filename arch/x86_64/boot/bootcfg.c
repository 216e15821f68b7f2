/* SPDX-License-Identifier: MIT */
/*
 * Boot configuration: parser of pvisor.cfg (format in bootcfg.h).
 *
 * The file comes from a FAT volume anyone can write, so every length is
 * checked against its destination and a bad line stops the boot with the
 * line number: a half-understood configuration would boot the wrong thing.
 */
#include <hv/errno.h>
#include <hv/lib.h>

#include "bootcfg.h"

enum bootcfg_kind {
    BOOTCFG_PATH,               /* one path, not empty */
    BOOTCFG_TEXT,               /* free text, may be empty */
    BOOTCFG_MODULE,             /* path, then optional text; repeatable */
};

struct bootcfg_key {
    const char *name;
    enum bootcfg_kind kind;
    size_t off;                 /* field in struct bootcfg (not for modules) */
    size_t size;
};

#define BOOTCFG_FIELD(name, kind, field) \
    { name, kind, offsetof(struct bootcfg, field), sizeof(((struct bootcfg *)0)->field) }

static const struct bootcfg_key bootcfg_keys[] = {
    BOOTCFG_FIELD("hypervisor", BOOTCFG_PATH, hypervisor),
    BOOTCFG_FIELD("options", BOOTCFG_TEXT, options),
    BOOTCFG_FIELD("dom0", BOOTCFG_PATH, dom0),
    BOOTCFG_FIELD("dom0_cmdline", BOOTCFG_TEXT, dom0_cmdline),
    { "module", BOOTCFG_MODULE, 0, 0 },
};
BUILD_BUG_ON(ARRAY_SIZE(bootcfg_keys) > 32);    /* "seen" is a 32-bit mask */

/* A piece of the file: not NUL terminated. */
struct bootcfg_span {
    const char *s;
    size_t len;
};

static bool bootcfg_blank(char c)
{
    return c == ' ' || c == '\t';
}

static struct bootcfg_span bootcfg_trim(struct bootcfg_span v)
{
    while (v.len && bootcfg_blank(v.s[0])) {
        v.s++;
        v.len--;
    }
    while (v.len && bootcfg_blank(v.s[v.len - 1]))
        v.len--;
    return v;
}

static int bootcfg_fail(struct bootcfg_error *err, unsigned int line,
                        const char *msg, struct bootcfg_span key)
{
    size_t n = MIN(key.len, sizeof(err->key) - 1);

    err->line = line;
    err->msg = msg;
    memcpy(err->key, key.s, n);
    err->key[n] = '\0';
    return -EINVAL;
}

/* Copy @v into a buffer of @size bytes; false if it does not fit. */
static bool bootcfg_store(char *dst, size_t size, struct bootcfg_span v)
{
    if (v.len >= size)
        return false;
    memcpy(dst, v.s, v.len);
    dst[v.len] = '\0';
    return true;
}

static const struct bootcfg_key *bootcfg_lookup(struct bootcfg_span key)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bootcfg_keys); i++)
        if (strlen(bootcfg_keys[i].name) == key.len &&
            memcmp(bootcfg_keys[i].name, key.s, key.len) == 0)
            return &bootcfg_keys[i];
    return NULL;
}

/* "module = PATH [TEXT]": the path ends at the first blank. */
static int bootcfg_module(struct bootcfg *cfg, unsigned int line,
                          struct bootcfg_span key, struct bootcfg_span value,
                          struct bootcfg_error *err)
{
    struct bootcfg_module *mod;
    struct bootcfg_span path = value, rest;

    if (cfg->nr_modules == BOOTCFG_MAX_MODULES)
        return bootcfg_fail(err, line, "too many modules", (struct bootcfg_span){ "", 0 });
    mod = &cfg->modules[cfg->nr_modules];

    for (path.len = 0; path.len < value.len && !bootcfg_blank(value.s[path.len]); path.len++)
        ;
    rest.s = value.s + path.len;
    rest.len = value.len - path.len;
    rest = bootcfg_trim(rest);

    if (!bootcfg_store(mod->path, sizeof(mod->path), path) ||
        !bootcfg_store(mod->cmdline, sizeof(mod->cmdline), rest))
        return bootcfg_fail(err, line, "value too long for", key);
    cfg->nr_modules++;
    return 0;
}

/* One non-blank, non-comment line, already trimmed. */
static int bootcfg_line(struct bootcfg *cfg, unsigned int line, struct bootcfg_span l,
                        uint32_t *seen, struct bootcfg_error *err)
{
    const struct bootcfg_key *k;
    struct bootcfg_span key = l, value;
    size_t idx;

    for (key.len = 0; key.len < l.len && l.s[key.len] != '='; key.len++)
        ;
    if (key.len == l.len)
        return bootcfg_fail(err, line, "missing '=' in", bootcfg_trim(l));
    value.s = l.s + key.len + 1;
    value.len = l.len - key.len - 1;
    key = bootcfg_trim(key);
    value = bootcfg_trim(value);
    if (key.len == 0)
        return bootcfg_fail(err, line, "missing key before '='", key);

    k = bootcfg_lookup(key);
    if (!k)
        return bootcfg_fail(err, line, "unknown key", key);
    idx = (size_t)(k - bootcfg_keys);
    if (k->kind != BOOTCFG_MODULE && (*seen & (1u << idx)))
        return bootcfg_fail(err, line, "duplicate key", key);
    *seen |= 1u << idx;
    if (k->kind != BOOTCFG_TEXT && value.len == 0)
        return bootcfg_fail(err, line, "missing path for", key);

    if (k->kind == BOOTCFG_MODULE)
        return bootcfg_module(cfg, line, key, value, err);
    if (!bootcfg_store((char *)cfg + k->off, k->size, value))
        return bootcfg_fail(err, line, "value too long for", key);
    return 0;
}

int bootcfg_parse(struct bootcfg *cfg, const char *text, size_t len,
                  struct bootcfg_error *err)
{
    static const struct bootcfg_span none = { "", 0 };
    size_t pos = 0, eol, i;
    unsigned int line = 0, first_module = 0;
    uint32_t seen = 0;
    struct bootcfg_span l;
    int rc;

    memset(cfg, 0, sizeof(*cfg));
    memset(err, 0, sizeof(*err));
    strlcpy(cfg->hypervisor, BOOTCFG_DEFAULT_HV, sizeof(cfg->hypervisor));

    /* Editors on other systems like to start UTF-8 files with a BOM. */
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;

    for (; pos < len; pos = eol + 1) {
        line++;
        for (eol = pos; eol < len && text[eol] != '\n'; eol++)
            ;
        l.s = text + pos;
        l.len = eol - pos;
        if (l.len && l.s[l.len - 1] == '\r')
            l.len--;
        if (l.len > BOOTCFG_LINE_MAX)
            return bootcfg_fail(err, line, "line too long", none);
        for (i = 0; i < l.len; i++)
            if ((unsigned char)l.s[i] < 0x20 && l.s[i] != '\t')
                return bootcfg_fail(err, line, "control character in line", none);

        l = bootcfg_trim(l);
        if (l.len == 0 || l.s[0] == '#')
            continue;
        rc = bootcfg_line(cfg, line, l, &seen, err);
        if (rc)
            return rc;
        if (cfg->nr_modules == 1 && !first_module)
            first_module = line;
    }

    /* modules[0] is dom0 by contract: other modules cannot take its place. */
    if (cfg->nr_modules && !cfg->dom0[0])
        return bootcfg_fail(err, first_module, "module given without dom0", none);
    return 0;
}

int bootcfg_format_error(const struct bootcfg_error *err, const char *file,
                         char *buf, size_t size)
{
    if (err->key[0])
        return snprintf(buf, size, "%s:%u: %s '%s'", file, err->line,
                        err->msg, err->key);
    return snprintf(buf, size, "%s:%u: %s", file, err->line, err->msg);
}
