/* SPDX-License-Identifier: MIT */
/* The value of one hexadecimal digit, for the toolstack's parsers. */
#ifndef TOOLSTACK_HEXDIGIT_H
#define TOOLSTACK_HEXDIGIT_H

/* hex_digit - 0..15 for '0'-'9', 'a'-'f', 'A'-'F'; -1 for anything else. */
static inline int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif /* TOOLSTACK_HEXDIGIT_H */
