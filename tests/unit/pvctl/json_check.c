/* SPDX-License-Identifier: MIT */
/*
 * A strict little JSON validator (RFC 8259's grammar) for the tests: does
 * pvctl's --json output parse, as one value and nothing after it?
 */
#include <string.h>

#include "json_check.h"

struct jc {
    const char *s;
    size_t pos, len;
};

static int value(struct jc *j, int depth);

static void ws(struct jc *j)
{
    while (j->pos < j->len && strchr(" \t\r\n", j->s[j->pos]))
        j->pos++;
}

static int lit(struct jc *j, const char *word)
{
    size_t n = strlen(word);

    if (j->len - j->pos < n || memcmp(j->s + j->pos, word, n) != 0)
        return -1;
    j->pos += n;
    return 0;
}

static int string(struct jc *j)
{
    if (j->s[j->pos++] != '"')
        return -1;
    while (j->pos < j->len) {
        unsigned char c = (unsigned char)j->s[j->pos++];

        if (c == '"')
            return 0;
        if (c < 0x20)
            return -1;
        if (c != '\\')
            continue;
        if (j->pos >= j->len)
            return -1;
        c = (unsigned char)j->s[j->pos++];
        if (c == 'u') {
            int i;

            for (i = 0; i < 4; i++, j->pos++)
                if (j->pos >= j->len || !strchr("0123456789abcdefABCDEF",
                                                j->s[j->pos]))
                    return -1;
        } else if (!strchr("\"\\/bfnrt", c)) {
            return -1;
        }
    }
    return -1;
}

static int digits(struct jc *j)
{
    size_t start = j->pos;

    while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9')
        j->pos++;
    return j->pos > start ? 0 : -1;
}

static int number(struct jc *j)
{
    if (j->s[j->pos] == '-')
        j->pos++;
    if (j->pos < j->len && j->s[j->pos] == '0')
        j->pos++;
    else if (digits(j))
        return -1;
    if (j->pos < j->len && j->s[j->pos] == '.') {
        j->pos++;
        if (digits(j))
            return -1;
    }
    if (j->pos < j->len && (j->s[j->pos] == 'e' || j->s[j->pos] == 'E')) {
        j->pos++;
        if (j->pos < j->len && (j->s[j->pos] == '+' || j->s[j->pos] == '-'))
            j->pos++;
        if (digits(j))
            return -1;
    }
    return 0;
}

/* Members of an object or elements of an array, up to @close. */
static int members(struct jc *j, char close, int depth)
{
    j->pos++;
    ws(j);
    if (j->pos < j->len && j->s[j->pos] == close) {
        j->pos++;
        return 0;
    }
    for (;;) {
        ws(j);
        if (close == '}') {
            if (j->pos >= j->len || string(j))
                return -1;
            ws(j);
            if (j->pos >= j->len || j->s[j->pos++] != ':')
                return -1;
        }
        if (value(j, depth + 1))
            return -1;
        ws(j);
        if (j->pos >= j->len)
            return -1;
        if (j->s[j->pos] == ',') {
            j->pos++;
            continue;
        }
        if (j->s[j->pos++] == close)
            return 0;
        return -1;
    }
}

static int value(struct jc *j, int depth)
{
    char c;

    ws(j);
    if (j->pos >= j->len || depth > 64)
        return -1;
    c = j->s[j->pos];
    if (c == '{')
        return members(j, '}', depth);
    if (c == '[')
        return members(j, ']', depth);
    if (c == '"')
        return string(j);
    if (c == '-' || (c >= '0' && c <= '9'))
        return number(j);
    if (c == 't')
        return lit(j, "true");
    if (c == 'f')
        return lit(j, "false");
    return lit(j, "null");
}

int json_valid(const char *s)
{
    struct jc j = { s, 0, strlen(s) };

    if (value(&j, 0))
        return 0;
    ws(&j);
    return j.pos == j.len;
}
