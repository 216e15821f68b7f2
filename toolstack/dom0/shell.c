/* SPDX-License-Identifier: MIT */
/*
 * dom0's shell: a prompt with line editing (backspace, Ctrl-U, Ctrl-W,
 * Ctrl-C, history on the up and down arrows) and a few commands; `pvctl`
 * runs the toolstack. The same commands run from a script file (the test
 * sessions, /etc/rc), where `expect`, `waitlog` and `waitgone` check what
 * happened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "dom0.h"
#include "shell.h"

#define LINE_MAX_LEN    256
#define MAX_ARGS        32
#define HISTORY         32
#define PROMPT          "dom0# "

static char history[HISTORY][LINE_MAX_LEN];
static unsigned int history_len;        /* lines ever added */
static int last_status;
static unsigned int failures;           /* failed `expect` lines */
static uint64_t baseline_pages;         /* `baseline` */
static bool powering_off;               /* `poweroff` ran */

static void history_add(const char *line)
{
    if (!line[0] || (history_len &&
                     !strcmp(history[(history_len - 1) % HISTORY], line)))
        return;
    snprintf(history[history_len % HISTORY], LINE_MAX_LEN, "%s", line);
    history_len++;
}

/* Split @line in place into words ("..." and '...' quote); their number. */
static int split(char *line, char **argv)
{
    int argc = 0;
    char *p = line, *w;

    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#' || argc == MAX_ARGS - 1)
            break;
        w = p;
        argv[argc++] = w;
        while (*p && *p != ' ' && *p != '\t') {
            if (*p == '"' || *p == '\'') {
                char q = *p++;

                while (*p && *p != q)
                    *w++ = *p++;
                if (*p)
                    p++;
            } else {
                *w++ = *p++;
            }
        }
        if (*p)
            p++;
        *w = '\0';
    }
    argv[argc] = NULL;
    return argc;
}

/* The domain @what names (id or name), or NULL. */
static struct dom0_domain *lookup(const char *what)
{
    char *end;
    unsigned long id = strtoul(what, &end, 10);

    if (!*end && end != what)
        return dom0_find((uint16_t)id);
    for (unsigned int i = 0; i < DOM0_MAX_DOMAINS; i++)
        if (dom0_domains[i] && !strcmp(dom0_domains[i]->cfg.name, what))
            return dom0_domains[i];
    return NULL;
}

static bool log_has(const struct dom0_domain *d, const char *text)
{
    size_t n = strlen(text);
    uint64_t from = d->logged > DOM0_LOG_SIZE ? d->logged - DOM0_LOG_SIZE : 0;

    for (uint64_t i = from; n && i + n <= d->logged; i++) {
        size_t k = 0;

        while (k < n && d->log[(i + k) % DOM0_LOG_SIZE] == text[k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* Wait up to @secs for @cond(@what, @text); 0 when it held. */
static int wait_until(bool (*cond)(const char *, const char *), const char *what,
                      const char *text, const char *secs)
{
    uint64_t end = sys_now_ns() + strtoull(secs, NULL, 10) * 1000000000ULL;

    while (!cond(what, text)) {
        if (sys_now_ns() >= end)
            return 1;
        (void)dom0_wait(20);
    }
    return 0;
}

static bool cond_log(const char *what, const char *text)
{
    struct dom0_domain *d = lookup(what);

    return d && log_has(d, text);
}

/* Whether the hypervisor has a domain named @name (dom0 made it or not). */
static bool hv_has_name(const char *name)
{
    struct pvisor_domctl_info info;
    uint32_t next = 0;

    while (next <= 0xffff && !dom0_pvctl_ops.getdomaininfo(NULL, (uint16_t)next, &info)) {
        if (info.domain < next)
            break;
        if (!strncmp(info.name, name, sizeof(info.name)))
            return true;
        next = info.domain + 1u;
    }
    return false;
}

/* Gone from dom0's list and from the hypervisor's (a boot-time domain). */
static bool cond_gone(const char *what, const char *unused)
{
    return lookup(what) == NULL && !hv_has_name(what);
}

static bool cond_grew(const char *what, const char *since)
{
    struct dom0_domain *d = lookup(what);

    return d && d->logged > strtoull(since, NULL, 10);
}

static int domain_info(const char *what, struct pvisor_domctl_info *info)
{
    struct dom0_domain *d = lookup(what);

    if (!d || dom0_pvctl_ops.getdomaininfo(NULL, d->domid, info) ||
        info->domain != d->domid) {
        printf("%s: no domain dom0 serves\n", what);
        return 1;
    }
    return 0;
}

/* Fail unless @what neither runs nor writes for @ms (it is paused). */
static int frozen(const char *what, const char *ms)
{
    struct pvisor_domctl_info a, b;
    struct dom0_domain *d = lookup(what);
    uint64_t logged;

    if (domain_info(what, &a))
        return 1;
    /* What it wrote before it stopped may still be in its ring: take it first. */
    dom0_service();
    logged = d->logged;
    uint64_t end = sys_now_ns() + strtoull(ms, NULL, 10) * 1000000ULL;

    while (sys_now_ns() < end)
        (void)dom0_wait(20);
    if (domain_info(what, &b))
        return 1;
    printf("frozen: cpu time %llu -> %llu ns, console %llu -> %llu bytes\n",
           (unsigned long long)a.cpu_time, (unsigned long long)b.cpu_time,
           (unsigned long long)logged, (unsigned long long)d->logged);
    return a.cpu_time != b.cpu_time || logged != d->logged;
}

static uint64_t free_pages(void)
{
    struct pvisor_sysctl_physinfo p;

    return dom0_pvctl_ops.physinfo(NULL, &p) ? 0 : p.free_pages;
}

/*
 * Wait (30 s at most) until the hypervisor's idle loop has scrubbed all
 * freed memory, so a creation is timed on a machine at rest: not paying
 * for scrubbing the previous domain's frames, and not sharing the CPUs
 * with the idle loop doing it (-icount counts every CPU's instructions).
 */
static void wait_scrubbed(void)
{
    struct pvisor_sysctl_physinfo p;
    uint64_t end = sys_now_ns() + 30000000000ULL;

    while (!dom0_pvctl_ops.physinfo(NULL, &p) && p.scrub_pages && sys_now_ns() < end)
        (void)dom0_wait(1);
}

/* `pvctl create CFG [KEY=VALUE ...]` from bench's words @argv[2..]: its status. */
static int bench_pvctl_create(int argc, char **argv)
{
    char *args[MAX_ARGS + 1] = { "create" };
    int n = 1;

    for (int i = 2; i < argc && n < MAX_ARGS; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    return dom0_pvctl(n, args);
}

/* The domain created last, once its first console line came (30 s), or NULL. */
static struct dom0_domain *bench_first_line(const char *cmd)
{
    struct dom0_domain *d = dom0_find(dom0_last_created);
    uint64_t end = sys_now_ns() + 30000000000ULL;

    while (d && !d->first_line_ns && sys_now_ns() < end)
        (void)dom0_wait(1);
    if (!d || !d->first_line_ns) {
        printf("%s: no first line\n", cmd);
        failures++;
        return NULL;
    }
    return d;
}

/*
 * benchcreate LABEL CFG [KEY=VALUE ...]: time `pvctl create` to the new
 * domain's first console line, then destroy it. Prints the total, the
 * build's part (until pvctl returns: the domain is unpaused) and the share
 * of the build spent in hypercalls (pvkern's privcmd path + hypervisor).
 * It starts once freed memory is scrubbed (wait_scrubbed).
 */
static int bench_create(int argc, char **argv)
{
    uint64_t t0, tsc0, k0, built, tsc1, k1;
    struct dom0_domain *d;
    int st;

    wait_scrubbed();
    t0 = sys_now_ns();
    tsc0 = sys_rdtsc();
    k0 = sys_privcmd_tsc;
    st = bench_pvctl_create(argc, argv);
    built = sys_now_ns();
    tsc1 = sys_rdtsc();
    k1 = sys_privcmd_tsc;
    if (st)
        return st;
    d = bench_first_line("benchcreate");
    if (!d)
        return 1;
    printf("BENCH-GUEST name=%s ns=%llu build_ns=%llu first_line_ns=%llu hv_pct=%llu\n",
           argv[1], (unsigned long long)(d->first_line_ns - t0),
           (unsigned long long)(built - t0),
           (unsigned long long)(d->first_line_ns - built),
           (unsigned long long)((k1 - k0) * 100 / (tsc1 - tsc0 ? tsc1 - tsc0 : 1)));
    return dom0_destroy(d->domid) ? 1 : 0;
}

/*
 * benchdestroy LABEL CFG [KEY=VALUE ...]: create CFG (a guest that keeps
 * running, such as ticker), wait for its first console line and for freed
 * memory to be scrubbed, then time `pvctl destroy` of it: from the call
 * until pvctl returns, which is when getdomaininfo no longer finds the
 * domain (its frames are back, backend.c).
 */
static int bench_destroy(int argc, char **argv)
{
    char id[8], *args[] = { "destroy", id, NULL };
    struct dom0_domain *d;
    uint64_t t0, t1;
    int st = bench_pvctl_create(argc, argv);

    if (st)
        return st;
    d = bench_first_line("benchdestroy");
    if (!d)
        return 1;
    snprintf(id, sizeof(id), "%u", d->domid);
    wait_scrubbed();
    t0 = sys_now_ns();
    st = dom0_pvctl(2, args);
    t1 = sys_now_ns();
    if (st)
        return st;
    printf("BENCH-GUEST name=%s ns=%llu\n", argv[1], (unsigned long long)(t1 - t0));
    return 0;
}

static void help(void)
{
    printf("Commands:\n"
           "  pvctl CMD ...         manage domains (pvctl help lists its commands)\n"
           "  ls                    the files in dom0's initrd (guests, configs)\n"
           "  cat FILE              print a file of the initrd\n"
           "  echo WORDS            print the words\n"
           "  sleep MS              wait MS milliseconds (consoles are served meanwhile)\n"
           "  history               the last %d command lines\n"
           "  status                the exit status of the last command\n"
           "  expect N CMD ...      run CMD; a script fails unless its status is N\n"
           "  waitlog DOM TEXT S    wait up to S seconds for TEXT in DOM's console\n"
           "  waitgone DOM S        wait up to S seconds until no domain is named DOM\n"
           "  waitgrow DOM S        wait up to S seconds for more output from DOM\n"
           "  frozen DOM MS         fail unless DOM neither runs nor prints for MS ms\n"
           "  baseline              remember the free memory now\n"
           "  leakcheck             fail unless the free memory is back at the baseline\n"
           "  repeat N CMD ; ...    run the commands N times (%%i: 0, 1, ...); stops at a failure\n"
           "  json CMD ...          run CMD between JSON-BEGIN and JSON-END lines\n"
           "  benchcreate L CFG ... time pvctl create CFG to the first console line\n"
           "  benchdestroy L CFG ... time pvctl destroy of a running CFG until it is gone\n"
           "  poweroff              shut dom0 (and so the machine) down\n"
           "  help                  this list\n"
           "Keys: Backspace, Ctrl-U (erase line), Ctrl-W (erase word), Ctrl-C (cancel),\n"
           "Up/Down (history). In `pvctl console`, Ctrl-] detaches.\n"
           "Serial input: Ctrl-A three times switches between dom0 and the hypervisor.\n",
           HISTORY);
}

static int run_args(int argc, char **argv);

/* @word with each "%i" replaced by @round, into @out (LINE_MAX_LEN). */
static char *subst_round(char *out, const char *word, long round)
{
    size_t n = 0;

    for (const char *p = word; *p && n < LINE_MAX_LEN - 24; p++) {
        if (p[0] == '%' && p[1] == 'i') {
            n += (size_t)snprintf(out + n, LINE_MAX_LEN - n, "%ld", round);
            p++;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return out;
}

static int run_builtin(int argc, char **argv)
{
    const char *cmd = argv[0];

    if (!strcmp(cmd, "help"))
        help();
    else if (!strcmp(cmd, "pvctl") || !strcmp(cmd, "xl"))
        return argc < 2 ? (printf("usage: pvctl CMD ... (pvctl help)\n"), 2)
                        : dom0_pvctl(argc - 1, argv + 1);
    else if (!strcmp(cmd, "ls"))
        dom0_list_files();
    else if (!strcmp(cmd, "cat")) {
        const void *data;
        size_t n;

        if (argc != 2)
            return printf("usage: cat FILE\n"), 2;
        if (dom0_read_file(argv[1], &data, &n))
            return printf("cat: %s: no such file\n", argv[1]), 1;
        fflush(stdout);
        sys_write_out(data, n);
    } else if (!strcmp(cmd, "echo")) {
        for (int i = 1; i < argc; i++)
            printf("%s%s", argv[i], i + 1 < argc ? " " : "");
        printf("\n");
    } else if (!strcmp(cmd, "sleep")) {
        if (argc != 2)
            return printf("usage: sleep MS\n"), 2;
        uint64_t end = sys_now_ns() + strtoull(argv[1], NULL, 10) * 1000000ULL;

        while (sys_now_ns() < end)
            (void)dom0_wait(20);
    } else if (!strcmp(cmd, "history")) {
        unsigned int from = history_len > HISTORY ? history_len - HISTORY : 0;

        for (unsigned int i = from; i < history_len; i++)
            printf("%5u  %s\n", i + 1, history[i % HISTORY]);
    } else if (!strcmp(cmd, "status")) {
        printf("%d\n", last_status);
    } else if (!strcmp(cmd, "expect")) {
        if (argc < 3)
            return printf("usage: expect N CMD ...\n"), 2;
        int want = atoi(argv[1]), got = run_args(argc - 2, argv + 2);

        if (got != want) {
            printf("expect: '%s' exited with %d, expected %d\n", argv[2], got, want);
            failures++;
            return 1;
        }
    } else if (!strcmp(cmd, "waitlog") || !strcmp(cmd, "waitgone")) {
        bool log = !strcmp(cmd, "waitlog");

        if (argc != (log ? 4 : 3))
            return printf("usage: %s\n", log ? "waitlog DOM TEXT SECONDS"
                                             : "waitgone DOM SECONDS"), 2;
        if (wait_until(log ? cond_log : cond_gone, argv[1], log ? argv[2] : NULL,
                       argv[log ? 3 : 2])) {
            printf("%s: timed out\n", cmd);
            failures++;
            return 1;
        }
    } else if (!strcmp(cmd, "waitgrow")) {
        struct dom0_domain *d = argc == 3 ? lookup(argv[1]) : NULL;
        char since[24];

        if (!d)
            return printf("usage: waitgrow DOM SECONDS (a domain dom0 serves)\n"), 2;
        /* What it wrote before this command counts as before: take it first. */
        dom0_service();
        snprintf(since, sizeof(since), "%llu", (unsigned long long)d->logged);
        if (wait_until(cond_grew, argv[1], since, argv[2])) {
            printf("waitgrow: timed out\n");
            failures++;
            return 1;
        }
    } else if (!strcmp(cmd, "frozen")) {
        if (argc != 3)
            return printf("usage: frozen DOM MS\n"), 2;
        if (frozen(argv[1], argv[2])) {
            printf("frozen: %s ran or printed\n", argv[1]);
            failures++;
            return 1;
        }
    } else if (!strcmp(cmd, "baseline")) {
        baseline_pages = free_pages();
        printf("baseline: %llu free frames\n", (unsigned long long)baseline_pages);
    } else if (!strcmp(cmd, "leakcheck")) {
        uint64_t now = free_pages();

        printf("leakcheck: %llu free frames, baseline %llu\n",
               (unsigned long long)now, (unsigned long long)baseline_pages);
        if (now != baseline_pages) {
            failures++;
            return 1;
        }
    } else if (!strcmp(cmd, "repeat")) {
        long n = argc > 2 ? atol(argv[1]) : 0;
        int st = 0;

        if (n <= 0)
            return printf("usage: repeat N CMD ...\n"), 2;
        /* CMD may be several, separated by ";" words; %i is the round. */
        for (long i = 0; i < n && st == 0; i++) {
            for (int from = 2, to; from < argc && st == 0; from = to + 1) {
                char *args[MAX_ARGS], words[MAX_ARGS][LINE_MAX_LEN];
                int k = 0;

                for (to = from; to < argc && strcmp(argv[to], ";"); to++, k++)
                    args[k] = subst_round(words[k], argv[to], i);
                args[k] = NULL;
                if (k)
                    st = run_args(k, args);
            }
        }
        return st;
    } else if (!strcmp(cmd, "json")) {
        int st;

        if (argc < 2)
            return printf("usage: json CMD ...\n"), 2;
        printf("JSON-BEGIN\n");
        fflush(stdout);
        st = run_args(argc - 1, argv + 1);
        printf("JSON-END\n");
        return st;
    } else if (!strcmp(cmd, "benchcreate")) {
        if (argc < 3)
            return printf("usage: benchcreate LABEL CFG [KEY=VALUE ...]\n"), 2;
        return bench_create(argc, argv);
    } else if (!strcmp(cmd, "benchdestroy")) {
        if (argc < 3)
            return printf("usage: benchdestroy LABEL CFG [KEY=VALUE ...]\n"), 2;
        return bench_destroy(argc, argv);
    } else if (!strcmp(cmd, "poweroff")) {
        powering_off = true;            /* the shell ends; dom0 powers off */
    } else {
        printf("%s: unknown command (try 'help')\n", cmd);
        return 127;
    }
    return 0;
}

static int run_args(int argc, char **argv)
{
    int status = run_builtin(argc, argv);

    fflush(stdout);
    return status;
}

/* Run one command line; false if it held no command. */
static bool run_line(char *line)
{
    char *argv[MAX_ARGS];
    int argc = split(line, argv);

    if (argc)
        last_status = run_args(argc, argv);
    return argc > 0;
}

int shell_run_text(const char *name, const char *text, size_t len, bool echo)
{
    char line[LINE_MAX_LEN];
    size_t i = 0;

    while (i < len && !powering_off) {
        size_t n = 0;

        while (i < len && text[i] != '\n') {
            if (n < sizeof(line) - 1)
                line[n++] = text[i];
            i++;
        }
        i++;
        line[n] = '\0';
        if (echo && line[strspn(line, " \t")] && line[strspn(line, " \t")] != '#')
            printf(PROMPT "%s\n", line);
        if (run_line(line) && echo && last_status)
            printf("(exit %d)\n", last_status);
    }
    return (int)failures;
}

int shell_run_file(const char *path)
{
    const void *text;
    size_t len;

    if (dom0_read_file(path, &text, &len)) {
        printf("dom0: script '%s': no such file in the initrd\n", path);
        return 1;
    }
    return shell_run_text(path, text, len, true);
}

static void erase(size_t n)
{
    while (n--)
        printf("\b \b");
}

/* Read one line with editing into @buf. */
static bool read_line(char *buf)
{
    size_t n = 0;
    unsigned int hist = history_len;
    int esc = 0;

    printf(PROMPT);
    fflush(stdout);
    for (;;) {
        int c = dom0_wait(1000);

        if (c < 0)
            continue;
        if (esc == 1) {
            esc = c == '[' ? 2 : 0;
            continue;
        }
        if (esc == 2) {
            esc = 0;
            unsigned int lowest = history_len > HISTORY ? history_len - HISTORY : 0;

            if ((c == 'A' && hist > lowest) || (c == 'B' && hist < history_len)) {
                hist = c == 'A' ? hist - 1 : hist + 1;
                erase(n);
                n = 0;
                if (hist < history_len)
                    n = (size_t)snprintf(buf, LINE_MAX_LEN, "%s", history[hist % HISTORY]);
                buf[n] = '\0';
                printf("%s", buf);
            }
        } else if (c == 0x1b) {
            esc = 1;
        } else if (c == '\r' || c == '\n') {
            buf[n] = '\0';
            printf("\n");
            return true;
        } else if (c == 0x7f || c == '\b') {
            if (n) {
                erase(1);
                n--;
            }
        } else if (c == 0x15) {                 /* Ctrl-U */
            erase(n);
            n = 0;
        } else if (c == 0x17) {                 /* Ctrl-W */
            while (n && buf[n - 1] == ' ')
                erase(1), n--;
            while (n && buf[n - 1] != ' ')
                erase(1), n--;
        } else if (c == 0x03) {                 /* Ctrl-C */
            printf("^C\n" PROMPT);
            n = 0;
        } else if (c >= ' ' && c < 0x7f && n < LINE_MAX_LEN - 1) {
            buf[n++] = (char)c;
            printf("%c", c);
        }
        fflush(stdout);
    }
}

int shell_interactive(void)
{
    char line[LINE_MAX_LEN];

    while (!powering_off && read_line(line)) {
        history_add(line);
        run_line(line);
    }
    return (int)failures;
}
