/* SPDX-License-Identifier: MIT */
/*
 * Console: printk, the in-memory log ring and the list of output sinks.
 *
 * Every line goes into the ring (for dmesg); lines at or below the console
 * level also go to every registered sink. Single CPU for now: the console
 * lock arrives with SMP, and console_force_unlock() is its emergency door.
 */
#include <hv/console.h>
#include <hv/lib.h>

#define LOG_RING_SIZE   (64 * 1024)     /* power of two */

static char log_ring[LOG_RING_SIZE];
static uint64_t log_head;               /* bytes ever written */
static uint64_t log_cleared;            /* dmesg -c: reads start here */
static struct console_sink *sinks;
static int console_level = LOG_INFO;

static const char level_tag[] = "EWID";

/* Level of a stored line from its "(X) " tag; LOG_ERR if it has none. */
static int tag_level(char tag)
{
    for (int l = LOG_ERR; l <= LOG_DEBUG; l++)
        if (level_tag[l] == tag)
            return l;
    return LOG_ERR;
}

/*
 * Replay the ring to a sink that joins late (the framebuffer comes up after
 * the memory map), so its screen starts with the banner like the others.
 */
static void replay(struct console_sink *sink)
{
    char line[512];
    size_t n = 0;
    uint64_t pos = log_head > LOG_RING_SIZE ? log_head - LOG_RING_SIZE : 0;
    bool partial = pos > 0;     /* the oldest line lost its start */

    for (; pos < log_head; pos++) {
        char c = log_ring[pos & (LOG_RING_SIZE - 1)];

        if (n < sizeof(line))
            line[n++] = c;
        if (c != '\n')
            continue;
        if (!partial && n >= 4 && tag_level(line[1]) <= console_level)
            sink->write(line, n);
        partial = false;
        n = 0;
    }
}

void console_register(struct console_sink *sink)
{
    struct console_sink **p = &sinks;

    while (*p)
        p = &(*p)->next;
    sink->next = NULL;
    replay(sink);
    *p = sink;
}

void console_set_level(int level)
{
    console_level = level;
}

int console_get_level(void)
{
    return console_level;
}

void console_force_unlock(void)
{
}

static void ring_put(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        log_ring[(log_head + i) & (LOG_RING_SIZE - 1)] = s[i];
    log_head += n;
}

static void sinks_put(const char *s, size_t n)
{
    for (struct console_sink *k = sinks; k; k = k->next)
        k->write(s, n);
}

uint64_t log_ring_head(void)
{
    return log_head;
}

uint64_t log_ring_start(void)
{
    uint64_t oldest = log_head > LOG_RING_SIZE ? log_head - LOG_RING_SIZE : 0;

    return MAX(oldest, log_cleared);
}

void log_ring_clear(uint64_t upto)
{
    log_cleared = MAX(log_cleared, MIN(upto, log_head));
}

size_t log_ring_read(uint64_t from, char *buf, size_t len, uint64_t *next)
{
    uint64_t oldest = log_head > LOG_RING_SIZE ? log_head - LOG_RING_SIZE : 0;
    size_t n = 0;

    if (from < oldest)
        from = oldest;
    while (n < len && from < log_head) {
        buf[n++] = log_ring[from & (LOG_RING_SIZE - 1)];
        from++;
    }
    if (next)
        *next = from;
    return n;
}

void vprintk(int level, const char *fmt, va_list ap)
{
    char line[512];
    int n;

    if (level < LOG_ERR)
        level = LOG_ERR;
    if (level > LOG_DEBUG)
        level = LOG_DEBUG;
    line[0] = '(';
    line[1] = level_tag[level];
    line[2] = ')';
    line[3] = ' ';
    n = vsnprintf(line + 4, sizeof(line) - 4, fmt, ap);
    if (n < 0)
        n = 0;
    n += 4;
    if (n > (int)sizeof(line) - 1)
        n = sizeof(line) - 1;
    /* Each printk is one line: add the newline the caller left out. */
    if (n == 4 || line[n - 1] != '\n') {
        if (n == (int)sizeof(line) - 1)
            n--;
        line[n++] = '\n';
        line[n] = '\0';
    }
    ring_put(line, (size_t)n);
    if (level <= console_level)
        sinks_put(line, (size_t)n);
}

void printk(int level, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(level, fmt, ap);
    va_end(ap);
}

/*
 * console_write_guest - text a domain wrote with console_io: stored in the
 * ring and sent to the sinks as is (no level tag), as Xen prints its dom0.
 */
void console_write_guest(const char *s, size_t n)
{
    ring_put(s, n);
    sinks_put(s, n);
}
