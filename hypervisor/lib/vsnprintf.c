/* SPDX-License-Identifier: MIT */
/*
 * Formatted output: a vsnprintf for the conversions the hypervisor uses:
 * %d %i %u %x %X %o %p %s %c %%, flags - 0 + space #, width and precision
 * (numbers or *), length modifiers hh h l ll z t j. Output is always
 * terminated when @size > 0; the return value is the length the whole
 * output would have had, as in C99.
 */
#include <hv/lib.h>

struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

struct spec {
    bool left, zero, plus, space, alt;
    bool ptr;                   /* %p: "0x" even for 0 */
    int width;
    int prec;                   /* -1: none */
};

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
    size_t n;

    if (!s)
        s = "(null)";
    n = sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s);
    if (!sp->left)
        pad(o, ' ', sp->width - (int)n);
    for (size_t i = 0; i < n; i++)
        put(o, s[i]);
    if (sp->left)
        pad(o, ' ', sp->width - (int)n);
}

static void put_num(struct out *o, uint64_t v, bool neg, unsigned int base,
                    bool upper, const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, prefix_len = 0, zeros;
    char prefix[3];
    bool is_zero = v == 0;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (sp->prec == 0 && n == 1 && tmp[0] == '0')
        n = 0;

    if (neg)
        prefix[prefix_len++] = '-';
    else if (sp->plus)
        prefix[prefix_len++] = '+';
    else if (sp->space)
        prefix[prefix_len++] = ' ';
    zeros = sp->prec > n ? sp->prec - n : 0;
    /*
     * C99: '#' gives 0x only to a non-zero value; for octal it adds a
     * leading 0 only if the digits (precision zeros included) lack one.
     */
    if (sp->alt && base == 16 && (!is_zero || sp->ptr)) {
        prefix[prefix_len++] = '0';
        prefix[prefix_len++] = upper ? 'X' : 'x';
    } else if (sp->alt && base == 8 && zeros == 0 &&
               (n == 0 || tmp[n - 1] != '0')) {
        prefix[prefix_len++] = '0';
    }

    if (sp->zero && !sp->left && sp->prec < 0 &&
        sp->width > prefix_len + n)
        zeros = sp->width - prefix_len - n;

    if (!sp->left)
        pad(o, ' ', sp->width - prefix_len - zeros - n);
    for (int i = 0; i < prefix_len; i++)
        put(o, prefix[i]);
    pad(o, '0', zeros);
    for (int i = n; i > 0; i--)
        put(o, tmp[i - 1]);
    if (sp->left)
        pad(o, ' ', sp->width - prefix_len - zeros - n);
}

static int get_int(const char **fmt, va_list *ap)
{
    int v = 0;

    if (**fmt == '*') {
        (*fmt)++;
        return va_arg(*ap, int);
    }
    while (**fmt >= '0' && **fmt <= '9')
        v = v * 10 + (*(*fmt)++ - '0');
    return v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
    struct out o = { buf, size, 0 };
    va_list ap;

    va_copy(ap, ap_in);
    for (; *fmt; fmt++) {
        struct spec sp = { .prec = -1 };
        int lng = 0;            /* -2 hh, -1 h, 0 int, 1 long, 2 long long */
        uint64_t u;
        int64_t s;

        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        for (;; fmt++) {
            if (*fmt == '-') sp.left = true;
            else if (*fmt == '0') sp.zero = true;
            else if (*fmt == '+') sp.plus = true;
            else if (*fmt == ' ') sp.space = true;
            else if (*fmt == '#') sp.alt = true;
            else break;
        }
        sp.width = get_int(&fmt, &ap);
        if (sp.width < 0) {
            sp.left = true;
            sp.width = -sp.width;
        }
        if (*fmt == '.') {
            fmt++;
            sp.prec = get_int(&fmt, &ap);
            if (sp.prec < 0)
                sp.prec = -1;
        }
        for (;; fmt++) {
            if (*fmt == 'h') lng--;
            else if (*fmt == 'l') lng++;
            else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') lng = 1;
            else break;
        }

        switch (*fmt) {
        case 'd':
        case 'i':
            if (lng >= 1)
                s = lng >= 2 ? va_arg(ap, long long) : va_arg(ap, long);
            else
                s = va_arg(ap, int);
            if (lng == -1)
                s = (short)s;
            else if (lng <= -2)
                s = (signed char)s;
            put_num(&o, s < 0 ? -(uint64_t)s : (uint64_t)s, s < 0, 10,
                    false, &sp);
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            if (lng >= 1)
                u = lng >= 2 ? va_arg(ap, unsigned long long)
                             : va_arg(ap, unsigned long);
            else
                u = va_arg(ap, unsigned int);
            if (lng == -1)
                u = (unsigned short)u;
            else if (lng <= -2)
                u = (unsigned char)u;
            sp.plus = sp.space = false;     /* signs are for %d and %i only */
            put_num(&o, u, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
                    *fmt == 'X', &sp);
            break;
        case 'p':
            sp.alt = sp.ptr = true;
            sp.plus = sp.space = false;
            put_num(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, &sp);
            break;
        case 's':
            put_str(&o, va_arg(ap, const char *), &sp);
            break;
        case 'c': {
            char c[2] = { (char)va_arg(ap, int), 0 };

            sp.prec = -1;
            if (!sp.left)
                pad(&o, ' ', sp.width - 1);
            put(&o, c[0]);
            if (sp.left)
                pad(&o, ' ', sp.width - 1);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    va_end(ap);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
