/* SPDX-License-Identifier: MIT */
/*
 * pvctl's JSON writer: compact output, one value per call; it places the
 * commas and escapes strings, so what pvctl prints always parses. Bytes
 * outside printable ASCII become \u00XX: a name is not known to be UTF-8.
 */
#include <stdio.h>

#include "cmd.h"

void json_begin(struct pvctl_json *j, struct pvctl *p)
{
    j->p = p;
    j->depth = 0;
    j->need_comma[0] = 0;
}

/* A comma if this is not the first member, then "key": when in an object. */
static void member(struct pvctl_json *j, const char *key)
{
    if (j->need_comma[j->depth])
        pvctl_puts(j->p, PVCTL_OUT, ",", 1);
    j->need_comma[j->depth] = 1;
    if (key)
        pvctl_printf(j->p, PVCTL_OUT, "\"%s\":", key);
}

void json_open(struct pvctl_json *j, const char *key, char bracket)
{
    member(j, key);
    pvctl_puts(j->p, PVCTL_OUT, &bracket, 1);
    if (j->depth + 1 < (int)(sizeof(j->need_comma) / sizeof(j->need_comma[0])))
        j->depth++;
    j->need_comma[j->depth] = 0;
}

void json_close(struct pvctl_json *j, char bracket)
{
    pvctl_puts(j->p, PVCTL_OUT, &bracket, 1);
    if (j->depth > 0)
        j->depth--;
}

void json_str(struct pvctl_json *j, const char *key, const char *val)
{
    const char *s;

    member(j, key);
    pvctl_puts(j->p, PVCTL_OUT, "\"", 1);
    for (s = val; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            pvctl_printf(j->p, PVCTL_OUT, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            pvctl_printf(j->p, PVCTL_OUT, "\\u%04x", c);
        else
            pvctl_puts(j->p, PVCTL_OUT, s, 1);
    }
    pvctl_puts(j->p, PVCTL_OUT, "\"", 1);
}

void json_uint(struct pvctl_json *j, const char *key, uint64_t val)
{
    member(j, key);
    pvctl_printf(j->p, PVCTL_OUT, "%llu", (unsigned long long)val);
}

void json_null(struct pvctl_json *j, const char *key)
{
    member(j, key);
    pvctl_puts(j->p, PVCTL_OUT, "null", 4);
}

void json_end(struct pvctl_json *j)
{
    pvctl_puts(j->p, PVCTL_OUT, "\n", 1);
}
