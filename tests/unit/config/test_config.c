/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the toolstack's config parser (toolstack/lib/config.c) and
 * CPU lists (toolstack/lib/cpumap.c): good files and the fields they give
 * (defaults included), every error with its exact "file:line:col: message",
 * command-line overrides, CPU list parsing and formatting.
 */
#include "harness.h"

#include "config.h"
#include "cpumap.h"

#define ALL CPUMAP_ALL
#define D CONFIG_ACTION_DESTROY
#define R CONFIG_ACTION_RESTART
#define P CONFIG_ACTION_PRESERVE

#define MIN "name = 'd1'\nkernel = \"/k.elf\"\n"

static void check_str(const char *label, const char *field, const char *got,
                      const char *want)
{
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "  %s: %s is '%s', expected '%s'\n", label, field, got,
                want);
        CU_FAIL("wrong field");
    }
}

/* Parse @text, then @over (NULL-terminated), then finish; 0 or -1. */
static int load(struct domain_config *cfg, const char *text,
                const char *const *over, char *msg, size_t len)
{
    struct config_error err;
    unsigned int i;
    int rc;

    config_init(cfg);
    msg[0] = '\0';
    rc = config_parse(cfg, "t.cfg", text, strlen(text), &err);
    for (i = 0; rc == 0 && over && over[i]; i++)
        rc = config_override(cfg, over[i], i + 1, &err);
    if (rc == 0)
        rc = config_finish(cfg, "t.cfg", &err);
    if (rc)
        config_format_error(&err, msg, len);
    return rc;
}

struct good_case {
    const char *label, *text;
    const char *over[5];
    const char *name, *kernel, *ramdisk, *cmdline, *warning;
    uint64_t memory, maxmem;
    unsigned int vcpus;
    uint64_t cpus0, cpus1;
    unsigned int weight, cap;
    enum config_action poweroff, reboot, crash;
};

static const struct good_case good[] = {
    { "minimal: xl's defaults", MIN, {},
      "d1", "/k.elf", "", "", "", 32, 32, 1, ALL, ALL, 256, 0, D, R, D },
    { "memory alone sets maxmem", MIN "memory = 128\n", {},
      "d1", "/k.elf", "", "", "", 128, 128, 1, ALL, ALL, 256, 0, D, R, D },
    { "maxmem alone sets memory", MIN "maxmem = 256\n", {},
      "d1", "/k.elf", "", "", "", 256, 256, 1, ALL, ALL, 256, 0, D, R, D },
    { "memory below maxmem", MIN "memory=64\nmaxmem=512\n", {},
      "d1", "/k.elf", "", "", "", 64, 512, 1, ALL, ALL, 256, 0, D, R, D },
    { "every key, comments, semicolons, hex and octal",
      "\xef\xbb\xbf# a guest\n"
      "name='web' ; kernel = '/g/web.elf'   # trailing comment\n"
      "ramdisk = \"/g/initrd\"\n"
      "cmdline = \"console=hvc0 \\\"q\\\" \\\\ x\"\n"
      "memory = 0x40\nmaxmem = 0200\nvcpus = 4\ncpus = \"0-3,5\"\n"
      "weight = 512\ncap = 150\n"
      "on_poweroff = 'preserve'\non_reboot = 'destroy'\non_crash = 'restart'\n",
      {}, "web", "/g/web.elf", "/g/initrd", "console=hvc0 \"q\" \\ x", "",
      64, 128, 4, 0x2f, 0x2f, 512, 150, P, D, R },
    { "CRLF line ends and tabs", "name\t=\t'd1'\r\nkernel='/k'\r\nvcpus=2\r\n",
      {}, "d1", "/k", "", "", "", 32, 32, 2, ALL, ALL, 256, 0, D, R, D },
    { "no final newline", "name='d1'\nkernel='/k'", {},
      "d1", "/k", "", "", "", 32, 32, 1, ALL, ALL, 256, 0, D, R, D },
    { "extra becomes the command line", MIN "extra = 'quiet'\n", {},
      "d1", "/k.elf", "", "quiet", "", 32, 32, 1, ALL, ALL, 256, 0, D, R, D },
    { "cmdline wins over extra, with a warning",
      MIN "extra = 'quiet'\ncmdline='a'\n", {},
      "d1", "/k.elf", "", "a", "ignoring 'extra' in favour of 'cmdline'",
      32, 32, 1, ALL, ALL, 256, 0, D, R, D },
    { "cpus with an exclusion", MIN "cpus = 'all,^1'\n", {},
      "d1", "/k.elf", "", "", "", 32, 32, 1, ~(uint64_t)2, ~(uint64_t)2, 256, 0,
      D, R, D },
    { "cpus list per vCPU over lines, trailing comma",
      MIN "vcpus = 3\ncpus = [ \"2\",  # vCPU 0\n   '3-4', ]\n", {},
      "d1", "/k.elf", "", "", "", 32, 32, 3, 0x4, 0x18, 256, 0, D, R, D },
    { "cpus list of numbers", MIN "vcpus = 2\ncpus = [ 1, 0x2 ]\n", {},
      "d1", "/k.elf", "", "", "", 32, 32, 2, 0x2, 0x4, 256, 0, D, R, D },
    { "overrides replace the file's values",
      MIN "memory = 64\n",
      { "memory=256", "name=web2", "cmdline=\"a b\"", "cpus=0-1" },
      "web2", "/k.elf", "", "a b", "", 256, 256, 1, 0x3, 0x3, 256, 0, D, R, D },
    { "override: quoted, bare path, action, number",
      "name='x'\n", { "kernel=/boot/k.elf", "ramdisk='/r'", "on_crash=preserve",
                      "vcpus = 2" },
      "x", "/boot/k.elf", "/r", "", "", 32, 32, 2, ALL, ALL, 256, 0, D, R, P },
    { "overrides may give what the file lacks", "", { "name=a", "kernel=k" },
      "a", "k", "", "", "", 32, 32, 1, ALL, ALL, 256, 0, D, R, D },
};

static void test_good(void)
{
    static struct domain_config cfg;
    char msg[320];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(good); i++) {
        const struct good_case *g = &good[i];

        if (load(&cfg, g->text, g->over, msg, sizeof(msg))) {
            fprintf(stderr, "  %s: refused: %s\n", g->label, msg);
            CU_FAIL("good config refused");
            continue;
        }
        check_str(g->label, "name", cfg.name, g->name);
        check_str(g->label, "kernel", cfg.kernel, g->kernel);
        check_str(g->label, "ramdisk", cfg.ramdisk, g->ramdisk);
        check_str(g->label, "cmdline", cfg.cmdline, g->cmdline);
        check_str(g->label, "warning", cfg.warning, g->warning);
        EXPECT_EQ(g->label, cfg.memory_mib, g->memory);
        EXPECT_EQ(g->label, cfg.maxmem_mib, g->maxmem);
        EXPECT_EQ(g->label, cfg.vcpus, g->vcpus);
        EXPECT_EQ(g->label, cfg.cpus[0], g->cpus0);
        EXPECT_EQ(g->label, cfg.cpus[1], g->cpus1);
        EXPECT_EQ(g->label, cfg.weight, g->weight);
        EXPECT_EQ(g->label, cfg.cap, g->cap);
        EXPECT_EQ(g->label, cfg.on_poweroff, g->poweroff);
        EXPECT_EQ(g->label, cfg.on_reboot, g->reboot);
        EXPECT_EQ(g->label, cfg.on_crash, g->crash);
    }
}

#define LONG50 "01234567890123456789012345678901234567890123456789"

struct bad_case {
    const char *text;
    const char *over[3];
    const char *msg;            /* the whole formatted error */
};

static const struct bad_case bad[] = {
    /* syntax */
    { "nmae = 'x'\n", {}, "t.cfg:1:1: unknown key 'nmae'" },
    { MIN "  memroy = 1\n", {}, "t.cfg:3:3: unknown key 'memroy'" },
    { "name 'x'\n", {}, "t.cfg:1:6: missing '=' after 'name'" },
    { "name\n= 'x'\n", {}, "t.cfg:1:5: missing '=' after 'name'" },
    { "name = \n", {}, "t.cfg:1:8: missing value after '='" },
    { "name = # nothing\n", {}, "t.cfg:1:8: missing value after '='" },
    { "name =", {}, "t.cfg:1:7: missing value after '='" },
    { "name = \"abc\nkernel='k'\n", {}, "t.cfg:1:8: unterminated string" },
    { "kernel='k'\nname = 'abc", {}, "t.cfg:2:8: unterminated string" },
    { "name = 'a\\qb'\n", {},
      "t.cfg:1:10: unknown escape '\\' then 'q' in a string" },
    { "name = 'a'\nkernel='k'\nname = 'b'\n", {},
      "t.cfg:3:1: duplicate key 'name' (first set on line 1)" },
    { "= 5\n", {}, "t.cfg:1:1: expected a key, found '='" },
    { "9lives = 5\n", {}, "t.cfg:1:1: expected a key, found '9'" },
    { "name = 'a' x\n", {},
      "t.cfg:1:12: unexpected 'x' after the value of 'name'" },
    { "name = 'a' 'b'\n", {},
      "t.cfg:1:12: unexpected ''' after the value of 'name'" },
    { "name = @\n", {}, "t.cfg:1:8: expected a value (a \"string\", a number "
                        "or a [list]), found '@'" },
    { "name = web\n", {}, "t.cfg:1:8: expected a value (a \"string\", a "
                          "number or a [list]), found 'w'" },
    { "memory = 12x\n", {}, "t.cfg:1:10: bad number '12x'" },
    { "memory = 0x\n", {}, "t.cfg:1:10: bad number '0x'" },
    { "memory = 08\n", {}, "t.cfg:1:10: bad number '08'" },
    { "memory = 99999999999999999999999\n", {},
      "t.cfg:1:10: number '99999999999999999999999' is too large" },
    { "cpus = [\"1\" \"2\"]\n", {},
      "t.cfg:1:13: expected ',' or ']' in the list, found '\"'" },
    { "cpus = [\"1\",\n", {}, "t.cfg:1:8: unterminated list" },
    { "cpus = [\"1\"\n", {}, "t.cfg:1:8: unterminated list" },
    { "cpus = [[\"1\"]]\n", {}, "t.cfg:1:9: lists do not nest" },
    { "cpus = ['0','1','2','3','4','5','6','7','8']\n", {},
      "t.cfg:1:41: too many items in the list (at most 8)" },
    /* types and values */
    { "memory = '128'\n", {},
      "t.cfg:1:10: 'memory' wants a number, not a string" },
    { "memory = [1]\n", {}, "t.cfg:1:10: 'memory' wants a number, not a list" },
    { "name = 5\n", {},
      "t.cfg:1:8: 'name' wants a string in quotes, not a number" },
    { "name = ''\n", {}, "t.cfg:1:8: 'name' is empty" },
    /* Found by tests/fuzz/config: an empty path passed the "given" check. */
    { "name = 'a'\nkernel = ''\n", {}, "t.cfg:2: 'kernel' is empty" },
    { "name = '123'\n", {}, "t.cfg:1:8: 'name' may not be a number (it "
                            "would read as a domain id)" },
    { "name = 'a b'\n", {},
      "t.cfg:1:8: 'name' may not hold spaces or control characters" },
    { "name = '" LONG50 "0123456789abcd'\n", {},
      "t.cfg:1:8: 'name' is too long (at most 63 characters)" },
    { "kernel = '" LONG50 LONG50 LONG50 LONG50 LONG50 "0123456'\n", {},
      "t.cfg:1:10: 'kernel' is too long (at most 255 characters)" },
    { "vcpus = 9\n", {}, "t.cfg:1:9: 'vcpus' must be 1 to 8, not 9" },
    { "vcpus = 0\n", {}, "t.cfg:1:9: 'vcpus' must be 1 to 8, not 0" },
    { "memory = 0\n", {}, "t.cfg:1:10: 'memory' must be 1 to 1048576, not 0" },
    { "weight = 65536\n", {},
      "t.cfg:1:10: 'weight' must be 1 to 65535, not 65536" },
    { "cap = 801\n", {}, "t.cfg:1:7: 'cap' must be 0 to 800, not 801" },
    { "on_crash = 'explode'\n", {}, "t.cfg:1:12: 'on_crash' must be destroy, "
                                    "restart or preserve, not 'explode'" },
    { "on_reboot = 1\n", {},
      "t.cfg:1:13: 'on_reboot' wants a string in quotes, not a number" },
    { "cpus = \"0-x\"\n", {},
      "t.cfg:1:11: bad CPU list '0-x' in 'cpus': expected a CPU number" },
    { "cpus = \"3-1\"\n", {},
      "t.cfg:1:11: bad CPU list '3-1' in 'cpus': range 3-1 runs backwards" },
    { "cpus = ['1', \"70\"]\n", {},
      "t.cfg:1:15: bad CPU list '70' in 'cpus': CPU 70 is out of range (0-63)" },
    { "cpus = '^1'\n", {},
      "t.cfg:1:9: bad CPU list '^1' in 'cpus': CPU list selects no CPU" },
    { "cpus = 5\n", {}, "t.cfg:1:8: 'cpus' wants a CPU list in quotes "
                        "(\"0-3,5\") or a list of them, not a number" },
    { "cpus = []\n", {}, "t.cfg:1:8: 'cpus' is an empty list" },
    /* between keys (config_finish) */
    { "kernel = 'k'\n", {}, "t.cfg: missing 'name' (every domain needs one)" },
    { "name = 'a'\n", {}, "t.cfg: missing 'kernel' (the PV kernel to boot)" },
    { MIN "memory = 128\nmaxmem = 64\n", {},
      "t.cfg:4: maxmem (64 MiB) is less than memory (128 MiB)" },
    { MIN "vcpus = 2\ncpus = ['1', '2', '3']\n", {},
      "t.cfg:4: 'cpus' lists 3 vCPUs but 'vcpus' is 2" },
    { MIN "cap = 150\n", {}, "t.cfg:3: 'cap' 150 is more than 100 x vcpus (100)" },
    /* overrides */
    { MIN, { "memory=abc" },
      "command line:1:8: 'memory' wants a number, not a string" },
    { MIN, { "vcpus=2", "foo=1" }, "command line:2:1: unknown key 'foo'" },
    { MIN, { "memory=64 x" },
      "command line:1:11: unexpected 'x' after the value of 'memory'" },
    { MIN, { "memory=" }, "command line:1:8: missing value after '='" },
    { MIN, { "name=" }, "command line:1:6: missing value after '='" },
    { MIN, { "name=\"x" }, "command line:1:6: unterminated string" },
    { MIN "memory = 128\n", { "maxmem=16" },
      "command line:1: maxmem (16 MiB) is less than memory (128 MiB)" },
};

static void test_bad(void)
{
    static struct domain_config cfg;
    char msg[320];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        const struct bad_case *b = &bad[i];

        if (load(&cfg, b->text, b->over, msg, sizeof(msg)) == 0) {
            fprintf(stderr, "  case %zu: accepted, expected '%s'\n", i, b->msg);
            CU_FAIL("bad config accepted");
            continue;
        }
        if (strcmp(msg, b->msg) != 0) {
            fprintf(stderr, "  case %zu: said '%s',\n    expected '%s'\n", i,
                    msg, b->msg);
            CU_FAIL("wrong message");
        }
    }
}

/*
 * A NUL byte inside a string (found by tests/fuzz/config, crashers/
 * nul-in-kernel): it used to end the value, so kernel = "<NUL>/k" gave an
 * empty path that passed the check that kernel was given.
 */
static void test_nul_in_string(void)
{
    static struct domain_config cfg;
    struct config_error err;
    const char text[] = "name = 'a'\nkernel = \"\0/boot/k\"\n";
    char msg[320];

    config_init(&cfg);
    EXPECT_EQ("NUL", config_parse(&cfg, "t.cfg", text, sizeof(text) - 1, &err), -1);
    config_format_error(&err, msg, sizeof(msg));
    if (strcmp(msg, "t.cfg:2:11: a NUL byte in a string") != 0) {
        fprintf(stderr, "  said '%s', expected 't.cfg:2:11: a NUL byte in a string'\n",
                msg);
        CU_FAIL("wrong message");
    }
}

/* Text that is not NUL-terminated where the length ends it. */
static void test_length_bound(void)
{
    static struct domain_config cfg;
    struct config_error err;
    const char text[] = "name = 'abc'XXXX";

    config_init(&cfg);
    EXPECT_EQ("length", config_parse(&cfg, "t", text, 12, &err), 0);
    check_str("length", "name", cfg.name, "abc");
}

static const struct {
    const char *text;
    int rc;
    uint64_t map;
    size_t errpos;
    const char *msg;
} cpulists[] = {
    { "0", 0, 0x1, 0, NULL },
    { "63", 0, (uint64_t)1 << 63, 0, NULL },
    { "0-3,5", 0, 0x2f, 0, NULL },
    { " 1 , 2 ", 0, 0x6, 0, NULL },
    { "all", 0, ALL, 0, NULL },
    { "0-63", 0, ALL, 0, NULL },
    { "all,^0-1", 0, ~(uint64_t)3, 0, NULL },
    { "0-7,^3,3", 0, 0xff, 0, NULL },
    { "", -1, 0, 0, "expected a CPU number" },
    { "1,", -1, 0, 2, "expected a CPU number" },
    { "64", -1, 0, 0, "CPU 64 is out of range (0-63)" },
    { "1-99999999999", -1, 0, 2, "CPU 99999999999 is out of range (0-63)" },
    { "5-2", -1, 0, 2, "range 5-2 runs backwards" },
    { "1;2", -1, 0, 1, "unexpected ';' in CPU list" },
    { "^all", -1, 0, 1, "expected a CPU number" },
    { "0,^0", -1, 0, 0, "CPU list selects no CPU" },
};

static void test_cpumap_parse(void)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cpulists); i++) {
        uint64_t map = 0;
        size_t at = 0;
        char msg[96] = "";
        int rc = cpumap_parse(cpulists[i].text, &map, msg, sizeof(msg), &at);

        EXPECT_EQ(cpulists[i].text, rc, cpulists[i].rc);
        if (rc == 0) {
            EXPECT_EQ(cpulists[i].text, map, cpulists[i].map);
        } else {
            EXPECT_EQ(cpulists[i].text, at, cpulists[i].errpos);
            check_str(cpulists[i].text, "message", msg, cpulists[i].msg);
        }
    }
}

static void test_cpumap_format(void)
{
    static const struct {
        uint64_t map;
        unsigned int nr_cpus;
        const char *text;
    } cases[] = {
        { 0x2f, 8, "0-3,5" }, { 0xff, 8, "all" }, { ALL, 4, "all" },
        { ALL, 0, "all" }, { 0, 4, "none" }, { 0x10, 4, "none" },
        { 0x5, 0, "0,2" }, { (uint64_t)3 << 62, 0, "62-63" },
        { 0x6, 64, "1-2" },
    };
    char buf[64], tiny[4];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        cpumap_format(cases[i].map, cases[i].nr_cpus, buf, sizeof(buf));
        check_str(cases[i].text, "format", buf, cases[i].text);
    }
    cpumap_format(0x15, 0, tiny, sizeof(tiny));     /* "0,2,4" cut short */
    check_str("truncated", "format", tiny, "0,2");
    check_str("action", "name", config_action_name(CONFIG_ACTION_PRESERVE),
              "preserve");
}

static const CU_TestInfo tests[] = {
    { "good configs and defaults", test_good },
    { "every error, with file:line:col", test_bad },
    { "text bounded by its length", test_length_bound },
    { "NUL byte in a string refused", test_nul_in_string },
    { "CPU list parsing", test_cpumap_parse },
    { "CPU list formatting", test_cpumap_format },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("config", tests);
}
