/* SPDX-License-Identifier: MIT */
/*
 * Domain configuration files: an xl.cfg parser (the common subset).
 *
 * The grammar (xl.cfg(5), SYNTAX):
 *   file  := { item ( '\n' | ';' ) }       '#' starts a comment to the line end
 *   item  := KEY '=' value
 *   value := "string" | 'string' | NUMBER | '[' [ value { ',' value } [','] ] ']'
 * NUMBER is decimal, octal (leading 0) or hexadecimal (0x). Lists may span
 * lines and hold comments; they do not nest. Strings know the escapes
 * \\ \" \' \n \t and end on their line.
 *
 * Each key is one row of key_table: its type and limits and the function
 * that stores it. Every error names file, line and column.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "cpumap.h"
#include "hexdigit.h"

#define KEY_NAME_MAX    32
#define ITEM_MAX        64      /* characters of one list item */

enum value_type { VALUE_STRING, VALUE_NUMBER, VALUE_LIST };

struct value_item {
    unsigned int line, col;
    enum value_type type;
    char text[ITEM_MAX];        /* numbers as written */
};

struct value {
    enum value_type type;
    unsigned int line, col;     /* where it starts */
    uint64_t num;
    char str[CONFIG_CMDLINE_MAX];
    unsigned int nr_items;
    struct value_item items[CONFIG_MAX_VCPUS];
};

struct parser {
    const char *text;
    size_t len, pos;
    size_t line_start;          /* offset of the current line */
    unsigned int line;
    unsigned int override;      /* 0 = the file, n = command-line argument n */
    const char *file;
    struct domain_config *cfg;
    struct config_error *err;
};

struct key_def;
typedef int (*key_apply_t)(struct parser *p, const struct key_def *k,
                           const struct value *v);

struct key_def {
    const char *name;
    enum config_key key;
    enum value_type type;       /* what it wants (cpus also takes a list) */
    key_apply_t apply;
    size_t off, size;           /* strings: where in domain_config */
    uint64_t min, max;          /* numbers */
};

static int apply_string(struct parser *p, const struct key_def *k,
                        const struct value *v);
static int apply_name(struct parser *p, const struct key_def *k,
                      const struct value *v);
static int apply_number(struct parser *p, const struct key_def *k,
                        const struct value *v);
static int apply_cpus(struct parser *p, const struct key_def *k,
                      const struct value *v);
static int apply_action(struct parser *p, const struct key_def *k,
                        const struct value *v);

#define STR_KEY(n, key, field) \
    { n, key, VALUE_STRING, apply_string, \
      offsetof(struct domain_config, field), \
      sizeof(((struct domain_config *)0)->field), 0, 0 }
#define NUM_KEY(n, key, lo, hi) \
    { n, key, VALUE_NUMBER, apply_number, 0, 0, lo, hi }
#define ACTION_KEY(n, key) \
    { n, key, VALUE_STRING, apply_action, 0, 0, 0, 0 }

static const struct key_def key_table[] = {
    { "name", CONFIG_NAME, VALUE_STRING, apply_name, 0, 0, 0, 0 },
    STR_KEY("kernel", CONFIG_KERNEL, kernel),
    STR_KEY("ramdisk", CONFIG_RAMDISK, ramdisk),
    STR_KEY("cmdline", CONFIG_CMDLINE, cmdline),
    STR_KEY("extra", CONFIG_EXTRA, extra),
    NUM_KEY("memory", CONFIG_MEMORY, 1, CONFIG_MEMORY_MAX),
    NUM_KEY("maxmem", CONFIG_MAXMEM, 1, CONFIG_MEMORY_MAX),
    NUM_KEY("vcpus", CONFIG_VCPUS, 1, CONFIG_MAX_VCPUS),
    { "cpus", CONFIG_CPUS, VALUE_STRING, apply_cpus, 0, 0, 0, 0 },
    NUM_KEY("weight", CONFIG_WEIGHT, 1, 65535),
    NUM_KEY("cap", CONFIG_CAP, 0, 100 * CONFIG_MAX_VCPUS),
    ACTION_KEY("on_poweroff", CONFIG_ON_POWEROFF),
    ACTION_KEY("on_reboot", CONFIG_ON_REBOOT),
    ACTION_KEY("on_crash", CONFIG_ON_CRASH),
};

static const char *const action_names[] = {
    [CONFIG_ACTION_DESTROY] = "destroy",
    [CONFIG_ACTION_RESTART] = "restart",
    [CONFIG_ACTION_PRESERVE] = "preserve",
};

static const char *const type_names[] = {
    [VALUE_STRING] = "a string",
    [VALUE_NUMBER] = "a number",
    [VALUE_LIST] = "a list",
};

/* ---- errors ---- */

static void set_error_v(struct config_error *err, const char *file,
                        unsigned int line, unsigned int col, const char *fmt,
                        va_list ap)
{
    err->file = file;
    err->line = line;
    err->col = col;
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

static void set_error(struct config_error *err, const char *file,
                      unsigned int line, unsigned int col, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set_error_v(err, file, line, col, fmt, ap);
    va_end(ap);
}

/* fail_at - report an error at (line, col); returns -1 for the caller. */
static int fail_at(struct parser *p, unsigned int line, unsigned int col,
                   const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set_error_v(p->err, p->file, line, col, fmt, ap);
    va_end(ap);
    return -1;
}

void config_format_error(const struct config_error *err, char *buf,
                         size_t len)
{
    if (err->line == 0)
        snprintf(buf, len, "%s: %s", err->file, err->msg);
    else if (err->col == 0)
        snprintf(buf, len, "%s:%u: %s", err->file, err->line, err->msg);
    else
        snprintf(buf, len, "%s:%u:%u: %s", err->file, err->line, err->col,
                 err->msg);
}

const char *config_action_name(enum config_action action)
{
    return (unsigned int)action < 3 ? action_names[action] : "?";
}

/* ---- the scanner ---- */

static int at_end(const struct parser *p)
{
    return p->pos >= p->len;
}

static char peek(const struct parser *p)
{
    return at_end(p) ? '\0' : p->text[p->pos];
}

static unsigned int col_of(const struct parser *p)
{
    return (unsigned int)(p->pos - p->line_start) + 1;
}

static void advance(struct parser *p)
{
    if (at_end(p))
        return;
    if (p->text[p->pos] == '\n') {
        p->line++;
        p->line_start = p->pos + 1;
    }
    p->pos++;
}

/* Spaces, tabs and carriage returns (CRLF files) within a line. */
static void skip_blank(struct parser *p)
{
    while (peek(p) == ' ' || peek(p) == '\t' || peek(p) == '\r')
        advance(p);
}

static void skip_comment(struct parser *p)
{
    while (!at_end(p) && peek(p) != '\n')
        advance(p);
}

/* Blanks, newlines and comments: what may separate the items of a list. */
static void skip_space(struct parser *p)
{
    for (;;) {
        skip_blank(p);
        if (peek(p) == '#')
            skip_comment(p);
        else if (peek(p) == '\n')
            advance(p);
        else
            return;
    }
}

static int is_key_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_key_char(char c)
{
    return is_key_start(c) || (c >= '0' && c <= '9');
}

static int ends_item(char c)
{
    return c == '\0' || c == '\n' || c == ';' || c == '#';
}

/* A printable rendering of c for messages. */
static const char *show_char(char c, char buf[8])
{
    if (c == '\0')
        return "the end of the file";
    if (c == '\n')
        return "the end of the line";
    if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
        snprintf(buf, 8, "\\x%02x", (unsigned char)c);
    else
        snprintf(buf, 8, "'%c'", c);
    return buf;
}

static int parse_string(struct parser *p, char *out, size_t size)
{
    unsigned int line = p->line, col = col_of(p);
    char quote = peek(p);
    size_t n = 0;

    advance(p);
    for (;;) {
        char c = peek(p);

        if (at_end(p) || c == '\n')
            return fail_at(p, line, col, "unterminated string");
        /*
         * A NUL would end the value early (kernel = "\0/k" read as an
         * empty path, past the check that the key was given): refused.
         */
        if (c == '\0')
            return fail_at(p, p->line, col_of(p), "a NUL byte in a string");
        advance(p);
        if (c == quote)
            break;
        if (c == '\\') {
            char e = peek(p), show[8];

            if (e == '\\' || e == '"' || e == '\'')
                c = e;
            else if (e == 'n')
                c = '\n';
            else if (e == 't')
                c = '\t';
            else
                return fail_at(p, p->line, col_of(p) - 1,
                               "unknown escape '\\' then %s in a string",
                               show_char(e, show));
            advance(p);
        }
        if (n + 1 >= size)
            return fail_at(p, line, col,
                           "string too long (at most %zu characters)",
                           size - 1);
        out[n++] = c;
    }
    out[n] = '\0';
    return 0;
}

/* A number token: letters and digits, read whole so "12x" is one bad token. */
static int parse_number(struct parser *p, uint64_t *num, char *tok,
                        size_t toksize)
{
    unsigned int col = col_of(p);
    size_t n = 0, i = 0;
    unsigned int base = 10;
    uint64_t v = 0;

    while (is_key_char(peek(p))) {
        if (n + 1 < toksize)
            tok[n++] = peek(p);
        advance(p);
    }
    tok[n] = '\0';
    if (n >= 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) {
        base = 16;
        i = 2;
        if (n == 2)
            goto bad;
    } else if (n >= 2 && tok[0] == '0') {
        base = 8;
        i = 1;
    }
    for (; i < n; i++) {
        int h = hex_digit(tok[i]);
        unsigned int d = (unsigned int)h;

        if (h < 0 || d >= base)
            goto bad;
        if (v > (UINT64_MAX - d) / base)
            return fail_at(p, p->line, col, "number '%s' is too large", tok);
        v = v * base + d;
    }
    *num = v;
    return 0;
bad:
    return fail_at(p, p->line, col, "bad number '%s'", tok);
}

static int parse_scalar(struct parser *p, struct value *v)
{
    char c = peek(p), show[8];

    v->line = p->line;
    v->col = col_of(p);
    if (c == '"' || c == '\'') {
        v->type = VALUE_STRING;
        return parse_string(p, v->str, sizeof(v->str));
    }
    if (c >= '0' && c <= '9') {
        v->type = VALUE_NUMBER;
        return parse_number(p, &v->num, v->str, sizeof(v->str));
    }
    if (c == '[')
        return fail_at(p, p->line, col_of(p), "lists do not nest");
    if (ends_item(c))
        return fail_at(p, p->line, col_of(p), "missing value after '='");
    return fail_at(p, p->line, col_of(p),
                   "expected a value (a \"string\", a number or a [list]), "
                   "found %s", show_char(c, show));
}

static int parse_list(struct parser *p, struct value *v)
{
    unsigned int line = p->line, col = col_of(p);
    struct value tmp;

    v->type = VALUE_LIST;
    v->line = line;
    v->col = col;
    v->nr_items = 0;
    advance(p);                         /* '[' */
    for (;;) {
        char c, show[8];

        skip_space(p);
        if (at_end(p))
            return fail_at(p, line, col, "unterminated list");
        if (peek(p) == ']')
            break;
        if (v->nr_items == CONFIG_MAX_VCPUS)
            return fail_at(p, p->line, col_of(p),
                           "too many items in the list (at most %d)",
                           CONFIG_MAX_VCPUS);
        memset(&tmp, 0, sizeof(tmp));
        if (parse_scalar(p, &tmp))
            return -1;
        v->items[v->nr_items].line = tmp.line;
        v->items[v->nr_items].col = tmp.col;
        v->items[v->nr_items].type = tmp.type;
        if (tmp.type == VALUE_NUMBER)   /* "0x2" as "2" for a CPU list */
            snprintf(tmp.str, sizeof(tmp.str), "%llu",
                     (unsigned long long)tmp.num);
        if (strlen(tmp.str) >= ITEM_MAX)
            return fail_at(p, tmp.line, tmp.col,
                           "list item too long (at most %d characters)",
                           ITEM_MAX - 1);
        strcpy(v->items[v->nr_items].text, tmp.str);
        v->nr_items++;
        skip_space(p);
        c = peek(p);
        if (c == ',') {
            advance(p);
            continue;
        }
        if (c == ']')
            break;
        if (at_end(p))
            return fail_at(p, line, col, "unterminated list");
        return fail_at(p, p->line, col_of(p),
                       "expected ',' or ']' in the list, found %s",
                       show_char(c, show));
    }
    advance(p);                         /* ']' */
    return 0;
}

static int parse_value(struct parser *p, struct value *v)
{
    if (peek(p) == '[')
        return parse_list(p, v);
    return parse_scalar(p, v);
}

/* ---- storing values ---- */

static int want_type(struct parser *p, const struct key_def *k,
                     const struct value *v, enum value_type type)
{
    if (v->type == type)
        return 0;
    return fail_at(p, v->line, v->col, "'%s' wants %s, not %s", k->name,
                   type == VALUE_STRING ? "a string in quotes"
                                        : type_names[type],
                   type_names[v->type]);
}

static int apply_string(struct parser *p, const struct key_def *k,
                        const struct value *v)
{
    if (want_type(p, k, v, VALUE_STRING))
        return -1;
    if (strlen(v->str) >= k->size)
        return fail_at(p, v->line, v->col,
                       "'%s' is too long (at most %zu characters)", k->name,
                       k->size - 1);
    strcpy((char *)p->cfg + k->off, v->str);
    return 0;
}

static int apply_name(struct parser *p, const struct key_def *k,
                      const struct value *v)
{
    const char *s = v->str;
    size_t i, digits = 0, len = strlen(s);

    if (want_type(p, k, v, VALUE_STRING))
        return -1;
    if (len == 0)
        return fail_at(p, v->line, v->col, "'name' is empty");
    if (len >= sizeof(p->cfg->name))
        return fail_at(p, v->line, v->col,
                       "'name' is too long (at most %zu characters)",
                       sizeof(p->cfg->name) - 1);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c <= ' ' || c == 0x7f)
            return fail_at(p, v->line, v->col,
                           "'name' may not hold spaces or control characters");
        if (c >= '0' && c <= '9')
            digits++;
    }
    /* pvctl takes "ID or NAME": a name of digits would read as an id. */
    if (digits == len)
        return fail_at(p, v->line, v->col,
                       "'name' may not be a number (it would read as a "
                       "domain id)");
    strcpy(p->cfg->name, s);
    return 0;
}

static int apply_number(struct parser *p, const struct key_def *k,
                        const struct value *v)
{
    struct domain_config *cfg = p->cfg;

    if (want_type(p, k, v, VALUE_NUMBER))
        return -1;
    if (v->num < k->min || v->num > k->max)
        return fail_at(p, v->line, v->col, "'%s' must be %llu to %llu, not %s",
                       k->name, (unsigned long long)k->min,
                       (unsigned long long)k->max, v->str);
    switch (k->key) {
    case CONFIG_MEMORY: cfg->memory_mib = v->num; break;
    case CONFIG_MAXMEM: cfg->maxmem_mib = v->num; break;
    case CONFIG_VCPUS:  cfg->vcpus = (unsigned int)v->num; break;
    case CONFIG_WEIGHT: cfg->weight = (unsigned int)v->num; break;
    case CONFIG_CAP:    cfg->cap = (unsigned int)v->num; break;
    default:            break;
    }
    return 0;
}

/* One CPU list; (line, col) is where its text starts. */
static int parse_cpulist(struct parser *p, const char *text, unsigned int line,
                         unsigned int col, uint64_t *map)
{
    char msg[96];
    size_t at = 0;

    if (cpumap_parse(text, map, msg, sizeof(msg), &at) == 0)
        return 0;
    return fail_at(p, line, col + (unsigned int)at, "bad CPU list '%s' in "
                   "'cpus': %s", text, msg);
}

static int apply_cpus(struct parser *p, const struct key_def *k,
                      const struct value *v)
{
    struct domain_config *cfg = p->cfg;
    uint64_t maps[CONFIG_MAX_VCPUS];
    unsigned int i;

    if (v->type == VALUE_STRING) {
        /* One list for every vCPU; +1: past the opening quote. */
        if (parse_cpulist(p, v->str, v->line, v->col + 1, &maps[0]))
            return -1;
        for (i = 0; i < CONFIG_MAX_VCPUS; i++)
            cfg->cpus[i] = maps[0];
        cfg->nr_cpus_items = 0;
        return 0;
    }
    if (v->type != VALUE_LIST)
        return fail_at(p, v->line, v->col, "'%s' wants a CPU list in quotes "
                       "(\"0-3,5\") or a list of them, not a number", k->name);
    if (v->nr_items == 0)
        return fail_at(p, v->line, v->col, "'cpus' is an empty list");
    /* xl: item n is vCPU n's list; vCPUs past the list run anywhere. */
    for (i = 0; i < v->nr_items; i++) {
        const struct value_item *it = &v->items[i];
        unsigned int skip = it->type == VALUE_STRING ? 1 : 0;

        if (parse_cpulist(p, it->text, it->line, it->col + skip, &maps[i]))
            return -1;
    }
    for (i = 0; i < CONFIG_MAX_VCPUS; i++)
        cfg->cpus[i] = i < v->nr_items ? maps[i] : CPUMAP_ALL;
    cfg->nr_cpus_items = v->nr_items;
    return 0;
}

static int apply_action(struct parser *p, const struct key_def *k,
                        const struct value *v)
{
    enum config_action *dst;
    unsigned int a;

    if (want_type(p, k, v, VALUE_STRING))
        return -1;
    for (a = 0; a < 3; a++)
        if (strcmp(v->str, action_names[a]) == 0)
            break;
    if (a == 3)
        return fail_at(p, v->line, v->col, "'%s' must be destroy, restart or "
                       "preserve, not '%s'", k->name, v->str);
    dst = k->key == CONFIG_ON_POWEROFF ? &p->cfg->on_poweroff
        : k->key == CONFIG_ON_REBOOT ? &p->cfg->on_reboot
        : &p->cfg->on_crash;
    *dst = (enum config_action)a;
    return 0;
}

/* ---- items ---- */

static const struct key_def *find_key(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(key_table) / sizeof(key_table[0]); i++)
        if (strcmp(key_table[i].name, name) == 0)
            return &key_table[i];
    return NULL;
}

/* Read "key" and the '=' after it; *kp = its definition. */
static int parse_key(struct parser *p, const struct key_def **kp)
{
    unsigned int line = p->line, col = col_of(p);
    char name[KEY_NAME_MAX + 1], show[8];
    size_t n = 0;

    if (!is_key_start(peek(p)))
        return fail_at(p, line, col, "expected a key, found %s",
                       show_char(peek(p), show));
    while (is_key_char(peek(p))) {
        if (n < KEY_NAME_MAX)
            name[n++] = peek(p);
        advance(p);
    }
    name[n] = '\0';
    *kp = find_key(name);
    if (!*kp)
        return fail_at(p, line, col, "unknown key '%s'", name);
    skip_blank(p);
    if (peek(p) != '=')
        return fail_at(p, p->line, col_of(p), "missing '=' after '%s'", name);
    advance(p);
    skip_blank(p);
    return 0;
}

static void mark_set(struct parser *p, const struct key_def *k,
                     unsigned int line)
{
    p->cfg->set |= 1U << k->key;
    if (p->override) {
        p->cfg->set_in_file &= ~(1U << k->key);
        p->cfg->key_line[k->key] = p->override;
    } else {
        p->cfg->set_in_file |= 1U << k->key;
        p->cfg->key_line[k->key] = line;
    }
}

static int parse_item(struct parser *p, struct value *v)
{
    unsigned int line = p->line, col = col_of(p);
    const struct key_def *k;
    char show[8];

    if (parse_key(p, &k))
        return -1;
    if (p->cfg->set_in_file & (1U << k->key))
        return fail_at(p, line, col, "duplicate key '%s' (first set on "
                       "line %u)", k->name, p->cfg->key_line[k->key]);
    if (parse_value(p, v))
        return -1;
    skip_blank(p);
    if (!ends_item(peek(p)))
        return fail_at(p, p->line, col_of(p),
                       "unexpected %s after the value of '%s'",
                       show_char(peek(p), show), k->name);
    if (k->apply(p, k, v))
        return -1;
    mark_set(p, k, line);
    return 0;
}

void config_init(struct domain_config *cfg)
{
    unsigned int i;

    memset(cfg, 0, sizeof(*cfg));
    cfg->vcpus = CONFIG_DEFAULT_VCPUS;
    cfg->weight = CONFIG_DEFAULT_WEIGHT;
    cfg->cap = CONFIG_DEFAULT_CAP;
    cfg->on_poweroff = CONFIG_ACTION_DESTROY;
    cfg->on_reboot = CONFIG_ACTION_RESTART;
    cfg->on_crash = CONFIG_ACTION_DESTROY;
    for (i = 0; i < CONFIG_MAX_VCPUS; i++)
        cfg->cpus[i] = CPUMAP_ALL;
}

static void parser_init(struct parser *p, struct domain_config *cfg,
                        const char *file, const char *text, size_t len,
                        struct config_error *err)
{
    memset(p, 0, sizeof(*p));
    p->text = text;
    p->len = len;
    p->line = 1;
    p->file = file;
    p->cfg = cfg;
    p->err = err;
}

int config_parse(struct domain_config *cfg, const char *file,
                 const char *text, size_t len, struct config_error *err)
{
    struct parser p;
    struct value v;

    parser_init(&p, cfg, file, text, len, err);
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        p.pos = p.line_start = 3;       /* UTF-8 byte order mark */
    for (;;) {
        skip_blank(&p);
        if (at_end(&p))
            return 0;
        if (peek(&p) == '#')
            skip_comment(&p);
        else if (peek(&p) == '\n' || peek(&p) == ';')
            advance(&p);
        else if (parse_item(&p, &v))
            return -1;
    }
}

int config_override(struct domain_config *cfg, const char *arg,
                    unsigned int index, struct config_error *err)
{
    struct parser p;
    const struct key_def *k;
    struct value v;
    char c, show[8];

    parser_init(&p, cfg, "command line", arg, strlen(arg), err);
    p.line = index;
    p.override = index;
    if (parse_key(&p, &k))
        return -1;
    c = peek(&p);
    if (c != '"' && c != '\'' && c != '[' && c != '\0' &&
        (k->type == VALUE_STRING || c < '0' || c > '9')) {
        /* Bare text: the rest of the argument, as written. */
        v.type = VALUE_STRING;
        v.line = p.line;
        v.col = col_of(&p);
        if (p.len - p.pos >= sizeof(v.str))
            return fail_at(&p, v.line, v.col, "value too long");
        strcpy(v.str, arg + p.pos);
        p.pos = p.len;
    } else {
        if (c == '\0')
            return fail_at(&p, p.line, col_of(&p), "missing value after '='");
        if (parse_value(&p, &v))
            return -1;
        skip_blank(&p);
        if (!at_end(&p))
            return fail_at(&p, p.line, col_of(&p),
                           "unexpected %s after the value of '%s'",
                           show_char(peek(&p), show), k->name);
    }
    if (k->apply(&p, k, &v))
        return -1;
    mark_set(&p, k, index);
    return 0;
}

/* Errors found after parsing point at the key's line (file or argument). */
static int finish_error(struct domain_config *cfg, const char *file,
                        struct config_error *err, enum config_key key,
                        const char *msg)
{
    if (!(cfg->set & (1U << key)))
        set_error(err, file, 0, 0, "%s", msg);
    else if (cfg->set_in_file & (1U << key))
        set_error(err, file, cfg->key_line[key], 0, "%s", msg);
    else
        set_error(err, "command line", cfg->key_line[key], 0, "%s", msg);
    return -1;
}

int config_finish(struct domain_config *cfg, const char *file,
                  struct config_error *err)
{
    char msg[160];
    int has_mem = !!(cfg->set & (1U << CONFIG_MEMORY));
    int has_max = !!(cfg->set & (1U << CONFIG_MAXMEM));

    if (!(cfg->set & (1U << CONFIG_NAME)))
        return finish_error(cfg, file, err, CONFIG_NAME,
                            "missing 'name' (every domain needs one)");
    if (!(cfg->set & (1U << CONFIG_KERNEL)))
        return finish_error(cfg, file, err, CONFIG_KERNEL,
                            "missing 'kernel' (the PV kernel to boot)");
    if (!cfg->kernel[0])
        return finish_error(cfg, file, err, CONFIG_KERNEL, "'kernel' is empty");

    /* libxl: 32 MiB when neither is given; each defaults to the other. */
    if (!has_mem && !has_max)
        cfg->memory_mib = cfg->maxmem_mib = CONFIG_DEFAULT_MEMORY;
    else if (!has_max)
        cfg->maxmem_mib = cfg->memory_mib;
    else if (!has_mem)
        cfg->memory_mib = cfg->maxmem_mib;
    if (cfg->maxmem_mib < cfg->memory_mib) {
        snprintf(msg, sizeof(msg), "maxmem (%llu MiB) is less than memory "
                 "(%llu MiB)", (unsigned long long)cfg->maxmem_mib,
                 (unsigned long long)cfg->memory_mib);
        return finish_error(cfg, file, err, CONFIG_MAXMEM, msg);
    }

    if (cfg->nr_cpus_items > cfg->vcpus) {
        snprintf(msg, sizeof(msg), "'cpus' lists %u vCPUs but 'vcpus' is %u",
                 cfg->nr_cpus_items, cfg->vcpus);
        return finish_error(cfg, file, err, CONFIG_CPUS, msg);
    }
    if (cfg->cap > 100 * cfg->vcpus) {
        snprintf(msg, sizeof(msg), "'cap' %u is more than 100 x vcpus (%u)",
                 cfg->cap, 100 * cfg->vcpus);
        return finish_error(cfg, file, err, CONFIG_CAP, msg);
    }

    /* xl: cmdline wins over extra, with a warning. */
    if (cfg->set & (1U << CONFIG_CMDLINE)) {
        if (cfg->set & (1U << CONFIG_EXTRA))
            snprintf(cfg->warning, sizeof(cfg->warning),
                     "ignoring 'extra' in favour of 'cmdline'");
    } else {
        strcpy(cfg->cmdline, cfg->extra);
    }
    return 0;
}
