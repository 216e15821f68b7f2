/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for pvctl (toolstack/pvctl) against the fake backend
 * (fake.c): each row runs one command line on a fresh standard world
 * (Domain-0, web = 1, db = 3) and gives the exit status, the exact output
 * and error text, the backend calls that changed something, and whether
 * the output must be valid JSON. Usage errors exit 2 with the usage line,
 * backend errors exit 1 with the error named.
 */
#include <stdlib.h>

#include "harness.h"

/* Rows leave the injection and setup fields out when they need none. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <public/errno.h>

#include "fake.h"
#include "json_check.h"

static char out[16384], err[4096];

static void capture(void *wctx, int stream, const char *s, size_t len)
{
    char *buf = stream == PVCTL_OUT ? out : err;
    size_t size = stream == PVCTL_OUT ? sizeof(out) : sizeof(err);
    size_t used = strlen(buf);

    (void)wctx;
    CU_ASSERT_FATAL(used + len < size);
    memcpy(buf + used, s, len);
    buf[used + len] = '\0';
}

/* Split @line at spaces ('...' keeps spaces) and run it. */
static int run(const struct pvctl_ops *ops, const char *line)
{
    static char copy[512];
    char *argv[40], *s = copy, *w = copy;
    struct pvctl p = { ops, &fake, capture, NULL };
    int argc = 0;

    snprintf(copy, sizeof(copy), "%s", line);
    out[0] = err[0] = '\0';
    while (*s) {
        int quoted = 0;

        while (*s == ' ')
            s++;
        if (!*s)
            break;
        argv[argc++] = w;
        while (*s && (quoted || *s != ' ')) {
            if (*s == '\'')
                quoted = !quoted;
            else
                *w++ = *s;
            s++;
        }
        if (*s)
            s++;
        *w++ = '\0';
    }
    return pvctl_main(&p, argc, argv);
}

struct pv_case {
    const char *cmd;
    int rc;
    const char *out;            /* exact; NULL: not checked */
    const char *err;            /* exact */
    const char *log;            /* the changing calls, exact */
    enum fake_op fail_op;       /* inject an error ... */
    int fail_rc;
    int fail_call;              /* ... on this call (0: all) */
    int json;                   /* out must be one JSON value */
    void (*setup)(void);
};

static const struct pvctl_ops *case_ops;
static struct pvctl_ops bare_ops;

static void use_bare_backend(void)
{
    memset(&bare_ops, 0, sizeof(bare_ops));
    bare_ops.getdomaininfo = fake_ops.getdomaininfo;
    case_ops = &bare_ops;
}

static void shutdown_destroys(void)
{
    fake.shutdown_destroys = 1;
}

static void press_q(void)
{
    fake.key = 'q';
}

static void no_shutdown_op(void)
{
    /* A backend without shutdown: refused before anything is done. */
    bare_ops = fake_ops;
    bare_ops.shutdown = NULL;
    case_ops = &bare_ops;
}

#define LIST_HDR "Name                                        ID   Mem VCPUs\tState\tTime(s)"
#define ROW_D0 "Domain-0                                     0   512     1     r-----      12.3\n"
#define ROW_WEB "web                                          1   128     2     -b----       2.0\n"
#define ROW_DB "db                                           3    64     1     --p---       0.0\n"
#define USAGE(c, u) "Usage: pvctl " c " " u "\n"
#define SCHED_HDR "Name                                ID Weight  Cap\n"
#define VCPU_HDR "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard)\n"
#define TOP_HDR "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS\n"
#define EPERM_TXT "not permitted (EPERM)"

static const struct pv_case cases[] = {
    /* --- usage errors: exit 2, the usage line --- */
    { "frobnicate", 2, "", "pvctl: unknown command 'frobnicate' (pvctl help "
      "lists them)\n", "" },
    { "list -x", 2, "", "pvctl: list: unknown option '-x'\n"
      USAGE("list", "[-l] [-j] [ID|NAME]"), "" },
    { "list --frob", 2, "", "pvctl: list: unknown option '--frob'\n"
      USAGE("list", "[-l] [-j] [ID|NAME]"), "" },
    { "list 1 2", 2, "", "pvctl: list: unexpected argument '2'\n"
      USAGE("list", "[-l] [-j] [ID|NAME]"), "" },
    { "info --json extra", 2, "", "pvctl: info: unexpected argument 'extra'\n"
      USAGE("info", "[-j]"), "" },
    { "dmesg --json", 2, "", "pvctl: dmesg: unknown option '--json'\n"
      USAGE("dmesg", "[-c]"), "" },
    { "pause", 2, "", "pvctl: pause: missing argument\n"
      USAGE("pause", "ID|NAME"), "" },
    { "create", 2, "", "pvctl: create: missing argument\n"
      USAGE("create", "CFG [-c] [KEY=VALUE ...]"), "" },
    { "create web2.cfg bogus", 2, "", "Parsing config from web2.cfg\n"
      "pvctl: create: expected KEY=VALUE, not 'bogus'\n"
      USAGE("create", "CFG [-c] [KEY=VALUE ...]"), "" },
    { "top -n", 2, "", "pvctl: top: option '-n' needs a value\n"
      USAGE("top", "[-b] [-n N] [-d SECS]"), "" },
    { "top -b -n 0", 2, "", "pvctl: top: -n wants a count of 1 or more, not "
      "'0'\n" USAGE("top", "[-b] [-n N] [-d SECS]"), "" },
    { "top -bd x", 2, "", "pvctl: top: -d wants 1 to 3600 seconds, not 'x'\n"
      USAGE("top", "[-b] [-n N] [-d SECS]"), "" },
    { "sched-credit -w 5", 2, "", "pvctl: sched-credit: -w and -c need -d "
      "ID|NAME\n" USAGE("sched-credit", "[-d ID|NAME [-w WEIGHT] [-c CAP]]"),
      "" },
    { "sched-credit -d web -w 0", 2, "", "pvctl: sched-credit: -w wants a "
      "weight of 1 to 65535, not '0'\n"
      USAGE("sched-credit", "[-d ID|NAME [-w WEIGHT] [-c CAP]]"), "" },
    { "sched-credit -d web -c x", 2, "", "pvctl: sched-credit: -c wants a cap "
      "in % of one CPU, not 'x'\n"
      USAGE("sched-credit", "[-d ID|NAME [-w WEIGHT] [-c CAP]]"), "" },
    { "vcpu-pin web x 1", 2, "", "pvctl: vcpu-pin: VCPU must be a number or "
      "'all', not 'x'\n" USAGE("vcpu-pin", "ID|NAME VCPU|all CPUS"), "" },
    { "vcpu-pin web 0 9-2", 2, "", "pvctl: vcpu-pin: bad CPU list '9-2': "
      "range 9-2 runs backwards\n" USAGE("vcpu-pin", "ID|NAME VCPU|all CPUS"),
      "" },
    { "mem-max web 12q", 2, "", "pvctl: mem-max: bad memory size '12q' (e.g. "
      "256, 256m, 1g)\n" USAGE("mem-max", "ID|NAME MEM"), "" },
    { "mem-max web 0", 2, "", "pvctl: mem-max: bad memory size '0' (e.g. "
      "256, 256m, 1g)\n" USAGE("mem-max", "ID|NAME MEM"), "" },
    { "help nothing", 2, "", "pvctl: help: unknown command 'nothing'\n"
      USAGE("help", "[CMD]"), "" },

    /* --- help --- */
    { "help list", 0, USAGE("list", "[-l] [-j] [ID|NAME]")
      "\nList domains (all, or the one named).\n\nOptions:\n"
      "  -l          long listing: also max memory, weight, cap, reason\n"
      "  -j, --json  JSON output\n", "", "" },
    { "pause --help", 0, USAGE("pause", "ID|NAME") "\nPause a domain.\n", "",
      "" },
    { "-h", 0, NULL, "", "" },

    /* --- list --- */
    { "list", 0, LIST_HDR "\n" ROW_D0 ROW_WEB ROW_DB, "", "" },
    { "list web", 0, LIST_HDR "\n" ROW_WEB, "", "" },
    { "list 3", 0, LIST_HDR "\n" ROW_DB, "", "" },
    { "list -l db", 0, LIST_HDR "   MaxMem Weight   Cap  Reason\n"
      "db                                           3    64     1     --p---"
      "       0.0       64    128    50  -\n", "", "" },
    { "list nosuch", 1, "", "pvctl: list: no domain named 'nosuch'\n", "" },
    { "list 9", 1, "", "pvctl: list: no domain with id 9\n", "" },
    { "list 70000", 1, "", "pvctl: list: no domain named '70000'\n", "" },
    { "list", 1, "", "pvctl: list: cannot list domains: " EPERM_TXT "\n", "",
      OP_GETDOMAININFO, -XEN_EPERM, 0 },
    { "list -j", 1, "", "pvctl: list: cannot list domains: " EPERM_TXT "\n",
      "", OP_GETDOMAININFO, -XEN_EPERM, 3 },
    { "list web", 1, "", "pvctl: list: cannot look up domain 'web': "
      EPERM_TXT "\n", "", OP_GETDOMAININFO, -XEN_EPERM, 0 },
    { "list --json", 0, "[{\"name\":\"Domain-0\",\"domid\":0,\"mem_mib\":512,"
      "\"max_mem_mib\":512,\"vcpus\":1,\"online_vcpus\":1,\"state\":\"r-----\","
      "\"cpu_time_ns\":12345000000,\"weight\":256,\"cap\":0,"
      "\"shutdown_reason\":null},{\"name\":\"web\",\"domid\":1,\"mem_mib\":128,"
      "\"max_mem_mib\":128,\"vcpus\":2,\"online_vcpus\":2,\"state\":\"-b----\","
      "\"cpu_time_ns\":2050000000,\"weight\":256,\"cap\":0,"
      "\"shutdown_reason\":null},{\"name\":\"db\",\"domid\":3,\"mem_mib\":64,"
      "\"max_mem_mib\":64,\"vcpus\":1,\"online_vcpus\":1,\"state\":\"--p---\","
      "\"cpu_time_ns\":0,\"weight\":128,\"cap\":50,\"shutdown_reason\":null}]\n",
      "", "", 0, 0, 0, 1 },
    { "list -lj db", 0, NULL, "", "", 0, 0, 0, 1 },

    /* --- console, destroy, pause, unpause --- */
    { "console web", 0, "", "", "console(1) " },
    { "console nosuch", 1, "", "pvctl: console: no domain named 'nosuch'\n",
      "" },
    { "console 1", 1, "", "pvctl: console: cannot attach to the console of "
      "domain 1 (web): busy (EBUSY)\n", "", OP_CONSOLE, -XEN_EBUSY },
    { "destroy web", 0, "", "", "destroy(1) " },
    { "destroy 0", 1, "", "pvctl: destroy: domain 0 (Domain-0) is the control "
      "domain: it cannot be destroyed\n", "" },
    { "destroy db", 1, "", "pvctl: destroy: cannot destroy domain 3 (db): "
      EPERM_TXT "\n", "", OP_DESTROY, -XEN_EPERM },
    { "pause web", 0, "", "", "pause(1) " },
    { "pause Domain-0", 1, "", "pvctl: pause: domain 0 (Domain-0) is the "
      "control domain: it cannot be paused\n", "" },
    { "pause 1", 1, "", "pvctl: pause: cannot pause domain 1 (web): no such "
      "domain (ESRCH)\n", "", OP_PAUSE, -XEN_ESRCH },
    { "unpause db", 0, "", "", "unpause(3) " },
    { "unpause web", 1, "", "pvctl: unpause: domain 1 (web) is not paused\n",
      "" },
    { "unpause db", 1, "", "pvctl: unpause: cannot unpause domain 3 (db): "
      "invalid argument (EINVAL)\n", "", OP_UNPAUSE, -XEN_EINVAL },
    { "pause web", 1, "", "pvctl: pause: not supported by this backend\n", "",
      0, 0, 0, 0, use_bare_backend },

    /* --- shutdown, reboot --- */
    { "shutdown web", 0, "Shutting down domain 1\n", "", "shutdown(1,0) " },
    { "reboot web", 0, "Rebooting domain 1\n", "", "shutdown(1,1) " },
    { "shutdown -w web", 0, "Shutting down domain 1\nDomain 1 has been shut "
      "down, reason poweroff\n", "", "shutdown(1,0) " },
    { "reboot web -w", 0, "Rebooting domain 1\nDomain 1 has been shut down "
      "and destroyed\n", "", "shutdown(1,1) ", 0, 0, 0, 0, shutdown_destroys },
    { "shutdown 0", 1, "", "pvctl: shutdown: domain 0 (Domain-0) is the "
      "control domain: it cannot be shut down\n", "" },
    { "shutdown db", 1, "Shutting down domain 3\n", "pvctl: shutdown: cannot "
      "shut down domain 3 (db): " EPERM_TXT "\n", "", OP_SHUTDOWN, -XEN_EPERM },
    { "shutdown -w web", 1, "", "pvctl: shutdown: not supported by this "
      "backend\n", "", 0, 0, 0, 0, no_shutdown_op },

    /* --- mem-max --- */
    { "mem-max web 256", 0, "", "", "max_mem(1,262144) " },
    { "mem-max web 1G", 0, "", "", "max_mem(1,1048576) " },
    { "mem-max 1 200000k", 0, "", "", "max_mem(1,200000) " },
    { "mem-max web 64", 1, "", "pvctl: mem-max: domain 1 (web) already has "
      "more than 65536 KiB\n", "" },
    { "mem-max web 256m", 1, "", "pvctl: mem-max: cannot set the memory limit "
      "of domain 1 (web): out of memory (ENOMEM)\n", "", OP_MAX_MEM,
      -XEN_ENOMEM },

    /* --- info, dmesg --- */
    { "info", 0, "nr_cpus                : 4\n"
      "cpu_mhz                : 2400\n"
      "total_memory           : 4096\n"
      "free_memory            : 1024\n"
      "xen_major              : 4\n"
      "xen_minor              : 17\n"
      "xen_extra              : .0-pvisor\n"
      "xen_version            : 4.17.0-pvisor\n"
      "xen_caps               : xen-3.0-x86_64\n"
      "xen_scheduler          : credit\n"
      "xen_commandline        : console=com1 \"q\"\n", "", "" },
    { "info -j", 0, "{\"nr_cpus\":4,\"cpu_mhz\":2400,\"total_memory\":4096,"
      "\"free_memory\":1024,\"xen_major\":4,\"xen_minor\":17,\"xen_extra\":"
      "\".0-pvisor\",\"xen_version\":\"4.17.0-pvisor\",\"xen_caps\":"
      "\"xen-3.0-x86_64\",\"xen_scheduler\":\"credit\",\"xen_commandline\":"
      "\"console=com1 \\\"q\\\"\"}\n", "", "", 0, 0, 0, 1 },
    { "info", 1, "", "pvctl: info: cannot read host information: " EPERM_TXT
      "\n", "", OP_PHYSINFO, -XEN_EPERM },
    { "info", 1, "", "pvctl: info: cannot read the hypervisor version: "
      "not implemented (ENOSYS)\n", "", OP_VERSION, -XEN_ENOSYS },
    { "dmesg", 0, "(XEN) pvisor 4.17\n(XEN) dom0 started\n", "", "" },
    { "dmesg", 1, "", "pvctl: dmesg: cannot read the hypervisor log: "
      EPERM_TXT "\n", "", OP_READCONSOLE, -XEN_EPERM },

    /* --- top --- */
    { "top -b -n 2 -d 2", 0, TOP_HDR
      "  Domain-0 r-----         12    0.0     524288   12.5     524288      12.5     1\n"
      "       web -b----          2    0.0     131072    3.1     131072       3.1     2\n"
      "        db --p---          0    0.0      65536    1.5      65536       1.5     1\n"
      TOP_HDR
      "  Domain-0 r-----         12    0.0     524288   12.5     524288      12.5     1\n"
      "       web -b----          3   50.0     131072    3.1     131072       3.1     2\n"
      "        db --p---          0    0.0      65536    1.5      65536       1.5     1\n",
      "", "wait(2000) " },
    { "top", 0, NULL, "", "wait(3000) ", 0, 0, 0, 0, press_q },
    { "top -b -n 1", 1, TOP_HDR, "pvctl: top: cannot list domains: "
      EPERM_TXT "\n", "", OP_GETDOMAININFO, -XEN_EPERM },

    /* --- vcpu-list, vcpu-pin, sched-credit --- */
    { "vcpu-list", 0, VCPU_HDR
      "Domain-0                             0     0     1   r--      12.3 all\n"
      "web                                  1     0     1   -b-       1.0 all\n"
      "web                                  1     1     -   --p       1.0 1-2\n"
      "db                                   3     0     1   ---       0.0 all\n",
      "", "" },
    { "vcpu-list -j web", 0, "[{\"name\":\"web\",\"domid\":1,\"vcpu\":0,"
      "\"cpu\":1,\"state\":\"-b-\",\"cpu_time_ns\":1025000000,\"affinity\":"
      "\"all\"},{\"name\":\"web\",\"domid\":1,\"vcpu\":1,\"cpu\":null,"
      "\"state\":\"--p\",\"cpu_time_ns\":1025000000,\"affinity\":\"1-2\"}]\n",
      "", "", 0, 0, 0, 1 },
    { "vcpu-list --json", 0, NULL, "", "", 0, 0, 0, 1 },
    { "vcpu-list", 1, "", "pvctl: vcpu-list: cannot read the vCPUs of domain "
      "1: " EPERM_TXT "\n", "", OP_GETVCPUINFO, -XEN_EPERM, 2 },
    { "vcpu-pin web 0 1-2", 0, "", "", "affinity(1,0,0x6) " },
    { "vcpu-pin web all 3", 0, "", "", "affinity(1,0,0x8) affinity(1,1,0x8) " },
    { "vcpu-pin web 5 1", 1, "", "pvctl: vcpu-pin: domain 1 (web) has no vCPU "
      "5 (it has 2)\n", "" },
    { "vcpu-pin web 0 8", 1, "", "pvctl: vcpu-pin: cannot pin vCPU 0 of domain "
      "1 to CPUs 8: invalid argument (EINVAL)\n", "" },
    { "sched-credit", 0, SCHED_HDR
      "Domain-0                             0    256    0\n"
      "web                                  1    256    0\n"
      "db                                   3    128   50\n", "", "" },
    { "sched-credit -d db", 0, SCHED_HDR
      "db                                   3    128   50\n", "", "" },
    { "sched-credit -d web -w 512", 0, "", "", "sched(1,512,0) " },
    { "sched-credit -d db -c 0", 0, "", "", "sched(3,128,0) " },
    { "sched-credit -d web -w 300 -c 150", 0, "", "", "sched(1,300,150) " },
    { "sched-credit -d web -c 201", 1, "", "pvctl: sched-credit: cap 201 is "
      "more than 100 x the 2 vCPUs of domain 1\n", "" },
    { "sched-credit -d web -w 9", 1, "", "pvctl: sched-credit: cannot set the "
      "scheduling of domain 1: " EPERM_TXT "\n", "", OP_SCHED_SET, -XEN_EPERM },
    { "sched-credit -d nosuch", 1, "", "pvctl: sched-credit: no domain named "
      "'nosuch'\n", "" },

    /* --- create --- */
    { "create web2.cfg", 0, "Created domain 2 (web2)\n",
      "Parsing config from web2.cfg\n",
      "create(web2,/g/web.elf,) unpause(2) " },
    { "create pinned.cfg", 0, "Created domain 2 (pin)\n",
      "Parsing config from pinned.cfg\n", "create(pin,/k,) affinity(2,0,0x2) "
      "affinity(2,1,0xc) sched(2,512,50) unpause(2) " },
    { "create web2.cfg -c name=x2 'cmdline=a b'", 0,
      "Created domain 2 (x2)\n", "Parsing config from web2.cfg\n",
      "create(x2,/g/web.elf,a b) unpause(2) console(2) " },
    { "create both.cfg", 0, "Created domain 2 (b)\n",
      "Parsing config from both.cfg\nWarning: ignoring 'extra' in favour of "
      "'cmdline'\n", "create(b,/k,c) unpause(2) " },
    { "create nosuch.cfg", 1, "", "pvctl: create: cannot read config file "
      "'nosuch.cfg': no such entry (ENOENT)\n", "" },
    { "create web2.cfg", 1, "", "pvctl: create: config file 'web2.cfg' is "
      "larger than 64 KiB\n", "", OP_READ_FILE, -XEN_E2BIG },
    { "create syntax.cfg", 1, "", "Parsing config from syntax.cfg\n"
      "pvctl: create: syntax.cfg:3:13: unexpected 'M' after the value of "
      "'memory'\n", "" },
    { "create web2.cfg foo=1", 1, "", "Parsing config from web2.cfg\n"
      "pvctl: create: command line:1:1: unknown key 'foo'\n", "" },
    { "create web.cfg", 1, "", "Parsing config from web.cfg\n"
      "pvctl: create: a domain named 'web' already exists (id 1)\n", "" },
    { "create big.cfg", 1, "", "Parsing config from big.cfg\n"
      "pvctl: create: not enough free memory: 'memory' is 2048 MiB, 1024 MiB "
      "are free\n", "" },
    { "create offline.cfg", 1, "", "Parsing config from offline.cfg\n"
      "pvctl: create: 'cpus' gives vCPU 0 no online CPU (the host has 4)\n",
      "" },
    { "create web2.cfg", 1, "", "Parsing config from web2.cfg\n"
      "pvctl: create: cannot create domain 'web2': out of memory (ENOMEM)\n",
      "", OP_CREATE, -XEN_ENOMEM },
    { "create web2.cfg", 1, "", "Parsing config from web2.cfg\n"
      "pvctl: create: domain 2 (web2): cannot unpause it: invalid argument "
      "(EINVAL); it has been destroyed\n", "create(web2,/g/web.elf,) "
      "destroy(2) ", OP_UNPAUSE, -XEN_EINVAL },
    { "create pinned.cfg", 1, "", "Parsing config from pinned.cfg\n"
      "pvctl: create: domain 2 (pin): cannot set vCPU affinity: no such entry "
      "(ENOENT); it has been destroyed\n", "create(pin,/k,) affinity(2,0,0x2) "
      "destroy(2) ", OP_SETAFFINITY, -XEN_ENOENT, 2 },
    { "create web2.cfg", 1, "", "pvctl: create: not supported by this "
      "backend\n", "", 0, 0, 0, 0, use_bare_backend },
};

static void check_text(size_t i, const char *cmd, const char *what,
                       const char *got, const char *want)
{
    if (want && strcmp(got, want) != 0) {
        fprintf(stderr, "  case %zu '%s': %s is\n---\n%s---\nexpected\n---\n"
                "%s---\n", i, cmd, what, got, want);
        CU_FAIL("wrong output");
    }
}

static void test_commands(void)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct pv_case *c = &cases[i];
        int rc;

        fake_reset();
        case_ops = &fake_ops;
        fake.fail_op = c->fail_op;
        fake.fail_rc = c->fail_rc;
        fake.fail_call = c->fail_call;
        if (c->setup)
            c->setup();
        rc = run(case_ops, c->cmd);
        if (rc != c->rc) {
            fprintf(stderr, "  case %zu '%s': exit %d, expected %d\n  err: %s",
                    i, c->cmd, rc, c->rc, err);
            CU_FAIL("wrong exit status");
        }
        check_text(i, c->cmd, "stdout", out, c->out);
        check_text(i, c->cmd, "stderr", err, c->err ? c->err : "");
        check_text(i, c->cmd, "the call log", fake.log, c->log);
        if (c->json && !json_valid(out)) {
            fprintf(stderr, "  case %zu '%s': not JSON: %s\n", i, c->cmd, out);
            CU_FAIL("invalid JSON");
        }
    }
}

/* `pvctl help` lists every command of the table, each with its summary. */
static void test_help(void)
{
    static const char *const names[] = {
        "create", "list", "console", "destroy", "shutdown", "reboot", "pause",
        "unpause", "info", "dmesg", "top", "vcpu-list", "vcpu-pin",
        "sched-credit", "mem-max", "help",
    };
    char want[64];
    size_t i;

    fake_reset();
    EXPECT_EQ("help", run(&fake_ops, "help"), 0);
    for (i = 0; i < ARRAY_SIZE(names); i++) {
        snprintf(want, sizeof(want), "\n  %-14s ", names[i]);
        if (!strstr(out, want)) {
            fprintf(stderr, "  help: no line for %s in\n%s", names[i], out);
            CU_FAIL("command missing from help");
        }
    }
    /* ... and `pvctl help CMD` knows each. */
    for (i = 0; i < ARRAY_SIZE(names); i++) {
        snprintf(want, sizeof(want), "help %s", names[i]);
        EXPECT_EQ(want, run(&fake_ops, want), 0);
        CU_ASSERT(strncmp(out, "Usage: pvctl ", 13) == 0);
    }
    /* No command at all: the overview, on stderr, exit 2. */
    EXPECT_EQ("no command", run(&fake_ops, ""), 2);
    CU_ASSERT(strstr(err, "Usage: pvctl COMMAND [ARGS]") != NULL);
}

/* dmesg -c empties the log; JSON strings escape what they must. */
static void test_side_effects(void)
{
    fake_reset();
    EXPECT_EQ("dmesg -c", run(&fake_ops, "dmesg -c"), 0);
    EXPECT_EQ("log cleared", strlen(fake.console), 0);
    EXPECT_EQ("dmesg after -c", run(&fake_ops, "dmesg"), 0);
    check_text(0, "dmesg", "stdout", out, "");

    fake_reset();
    snprintf(fake.dom[1].info.name, sizeof(fake.dom[1].info.name),
             "q\"b\\\x01\xff");
    EXPECT_EQ("list -j odd name", run(&fake_ops, "list -j 1"), 0);
    CU_ASSERT(json_valid(out));
    CU_ASSERT(strstr(out, "\"name\":\"q\\\"b\\\\\\u0001\\u00ff\"") != NULL);
}

/* The validator itself: it must refuse what is not JSON. */
static void test_json_check(void)
{
    static const struct {
        const char *text;
        int valid;
    } cases_[] = {
        { "[]", 1 }, { "{}", 1 }, { " [1, -2.5e3, \"a\\n\", null, true] ", 1 },
        { "{\"a\":{\"b\":[false]}}", 1 }, { "", 0 }, { "[1,]", 0 },
        { "{\"a\" 1}", 0 }, { "[1] [2]", 0 }, { "\"a", 0 }, { "01", 0 },
        { "{a:1}", 0 }, { "\"\\x\"", 0 }, { "[", 0 }, { "nul", 0 },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases_); i++)
        EXPECT_EQ(cases_[i].text, json_valid(cases_[i].text), cases_[i].valid);
}

static const CU_TestInfo tests[] = {
    { "every command against the fake backend", test_commands },
    { "help covers the whole table", test_help },
    { "dmesg -c, JSON escaping", test_side_effects },
    { "the JSON validator", test_json_check },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("pvctl", tests);
}
