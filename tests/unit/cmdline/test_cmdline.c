/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the hypervisor command line (hypervisor/core/cmdline.c):
 * defaults, every option with good and bad values, unknown words, spacing.
 * Each case starts from the defaults and lists every option's expected
 * value, the number of refused words, and the last warning.
 *
 * The product's vsnprintf formats the warnings (tests/unit/cmdline/CFLAGS
 * renames it so it does not clash with the host's).
 */
#include "harness.h"

#include <hv/cmdline.h>
#include <hv/console.h>

static unsigned int nwarn;
static char last_warn[256];

static void record_warn(const char *msg)
{
    nwarn++;
    snprintf(last_warn, sizeof(last_warn), "%s", msg);
}

#define COM1    CONSOLE_COM1
#define FB      CONSOLE_FB
#define BOTH    (CONSOLE_COM1 | CONSOLE_FB)

struct cmdline_case {
    const char *line;
    /* expected options */
    int loglvl;
    unsigned int console;
    uint16_t port;
    uint32_t baud;
    bool test, reboot;
    const char *selftest;
    /* expected refusals */
    unsigned int refused;
    const char *warn;           /* last warning, NULL if none */
};

#define DEFAULTS LOG_INFO, BOTH, 0x3f8, 115200, false, false, ""

#define W_BAD(w)     "command line: bad value in '" w "' ignored"
#define W_UNKNOWN(w) "command line: unknown option '" w "' ignored"

#define LONG40  "0123456789012345678901234567890123456789"
#define NAME31  "abcdefghijklmnopqrstuvwxyz01234"
#define NAME32  "abcdefghijklmnopqrstuvwxyz012345"
#define WORD100 LONG40 LONG40 "01234567890123456789"

static const struct cmdline_case cases[] = {
    /* defaults and spacing */
    { NULL,                 DEFAULTS, 0, NULL },
    { "",                   DEFAULTS, 0, NULL },
    { "   \t  ",            DEFAULTS, 0, NULL },
    { "  loglvl=warn\t\tconsole=com1   test  ",
      LOG_WARN, COM1, 0x3f8, 115200, true, false, "", 0, NULL },
    { "\ttest\t",           LOG_INFO, BOTH, 0x3f8, 115200, true, false, "", 0, NULL },

    /* loglvl */
    { "loglvl=err",         LOG_ERR, BOTH, 0x3f8, 115200, false, false, "", 0, NULL },
    { "loglvl=warn",        LOG_WARN, BOTH, 0x3f8, 115200, false, false, "", 0, NULL },
    { "loglvl=info",        LOG_INFO, BOTH, 0x3f8, 115200, false, false, "", 0, NULL },
    { "loglvl=debug",       LOG_DEBUG, BOTH, 0x3f8, 115200, false, false, "", 0, NULL },
    { "loglvl=all",         LOG_DEBUG, BOTH, 0x3f8, 115200, false, false, "", 0, NULL },
    { "loglvl=err loglvl=debug", LOG_DEBUG, BOTH, 0x3f8, 115200, false, false, "", 0, NULL },
    { "loglvl=",            DEFAULTS, 1, W_BAD("loglvl=") },
    { "loglvl=verbose",     DEFAULTS, 1, W_BAD("loglvl=verbose") },
    { "loglvl=ERR",         DEFAULTS, 1, W_BAD("loglvl=ERR") },
    { "loglvl=errx",        DEFAULTS, 1, W_BAD("loglvl=errx") },
    { "loglvl=er",          DEFAULTS, 1, W_BAD("loglvl=er") },
    { "loglvl",             DEFAULTS, 1, W_UNKNOWN("loglvl") },
    { "loglvl=err loglvl=bad", LOG_ERR, BOTH, 0x3f8, 115200, false, false, "", 1,
      W_BAD("loglvl=bad") },

    /* console */
    { "console=com1",       LOG_INFO, COM1, 0x3f8, 115200, false, false, "", 0, NULL },
    { "console=fb",         LOG_INFO, FB, 0x3f8, 115200, false, false, "", 0, NULL },
    { "console=vga",        LOG_INFO, FB, 0x3f8, 115200, false, false, "", 0, NULL },
    { "console=none",       LOG_INFO, 0, 0x3f8, 115200, false, false, "", 0, NULL },
    { "console=com1,fb",    LOG_INFO, BOTH, 0x3f8, 115200, false, false, "", 0, NULL },
    { "console=fb,com1",    LOG_INFO, BOTH, 0x3f8, 115200, false, false, "", 0, NULL },
    { "console=com1,com1",  LOG_INFO, COM1, 0x3f8, 115200, false, false, "", 0, NULL },
    { "console=com1,none",  LOG_INFO, COM1, 0x3f8, 115200, false, false, "", 0, NULL },
    { "console=com1,",      DEFAULTS, 1, W_BAD("console=com1,") },
    { "console=,com1",      DEFAULTS, 1, W_BAD("console=,com1") },
    { "console=com1,,fb",   DEFAULTS, 1, W_BAD("console=com1,,fb") },
    { "console=,",          DEFAULTS, 1, W_BAD("console=,") },
    { "console=serial",     DEFAULTS, 1, W_BAD("console=serial") },
    { "console=com1,serial", DEFAULTS, 1, W_BAD("console=com1,serial") },
    { "console=COM1",       DEFAULTS, 1, W_BAD("console=COM1") },
    { "console=",           DEFAULTS, 1, W_BAD("console=") },

    /* com1 */
    { "com1=0x2f8",         LOG_INFO, BOTH, 0x2f8, 115200, false, false, "", 0, NULL },
    { "com1=0x2f8,9600",    LOG_INFO, BOTH, 0x2f8, 9600, false, false, "", 0, NULL },
    { "com1=760,57600",     LOG_INFO, BOTH, 0x2f8, 57600, false, false, "", 0, NULL },
    { "com1=0x3f8,50",      LOG_INFO, BOTH, 0x3f8, 50, false, false, "", 0, NULL },
    { "com1=0x3f8,115200",  DEFAULTS, 0, NULL },
    { "com1=1",             LOG_INFO, BOTH, 1, 115200, false, false, "", 0, NULL },
    { "com1=0xfff8",        LOG_INFO, BOTH, 0xfff8, 115200, false, false, "", 0, NULL },
    { "com1=0x3f8,49",      DEFAULTS, 1, W_BAD("com1=0x3f8,49") },
    { "com1=0x3f8,115201",  DEFAULTS, 1, W_BAD("com1=0x3f8,115201") },
    { "com1=0x3f8,0",       DEFAULTS, 1, W_BAD("com1=0x3f8,0") },
    { "com1=0",             DEFAULTS, 1, W_BAD("com1=0") },
    { "com1=0xfff9",        DEFAULTS, 1, W_BAD("com1=0xfff9") },
    { "com1=0x10000",       DEFAULTS, 1, W_BAD("com1=0x10000") },
    { "com1=0x100000000002f8", DEFAULTS, 1, W_BAD("com1=0x100000000002f8") },
    { "com1=",              DEFAULTS, 1, W_BAD("com1=") },
    { "com1=0x2f8,",        DEFAULTS, 1, W_BAD("com1=0x2f8,") },
    { "com1=,9600",         DEFAULTS, 1, W_BAD("com1=,9600") },
    { "com1=0x2f8,9600,8n1", DEFAULTS, 1, W_BAD("com1=0x2f8,9600,8n1") },
    { "com1=0x2f8x",        DEFAULTS, 1, W_BAD("com1=0x2f8x") },
    { "com1=ttyS0",         DEFAULTS, 1, W_BAD("com1=ttyS0") },
    { "com1=" LONG40,       DEFAULTS, 1, W_BAD("com1=" LONG40) },
    { "com1=0x2f8 com1=0x3e8,9600",
      LOG_INFO, BOTH, 0x3e8, 9600, false, false, "", 0, NULL },
    { "com1=0x2f8,9600 com1=0x3e8,1",
      LOG_INFO, BOTH, 0x2f8, 9600, false, false, "", 1, W_BAD("com1=0x3e8,1") },
    { "com1=0x2f8,9600 com1=0x3e8",     /* baud kept from before */
      LOG_INFO, BOTH, 0x3e8, 9600, false, false, "", 0, NULL },

    /* test */
    { "test",               LOG_INFO, BOTH, 0x3f8, 115200, true, false, "", 0, NULL },
    { "test test",          LOG_INFO, BOTH, 0x3f8, 115200, true, false, "", 0, NULL },
    { "test=1",             DEFAULTS, 1, W_UNKNOWN("test=1") },
    { "tests",              DEFAULTS, 1, W_UNKNOWN("tests") },
    { "tes",                DEFAULTS, 1, W_UNKNOWN("tes") },

    /* selftest */
    { "selftest=mm",        LOG_INFO, BOTH, 0x3f8, 115200, false, false, "mm", 0, NULL },
    { "selftest=" NAME31,   LOG_INFO, BOTH, 0x3f8, 115200, false, false, NAME31, 0, NULL },
    { "selftest=" NAME32,   DEFAULTS, 1, W_BAD("selftest=" NAME32) },
    { "selftest=",          DEFAULTS, 1, W_BAD("selftest=") },
    { "selftest=a selftest=bb", LOG_INFO, BOTH, 0x3f8, 115200, false, false, "bb", 0, NULL },
    { "selftest=abc selftest=" NAME32,
      LOG_INFO, BOTH, 0x3f8, 115200, false, false, "abc", 1, W_BAD("selftest=" NAME32) },
    { "selftest",           DEFAULTS, 1, W_UNKNOWN("selftest") },

    /* on_panic */
    { "on_panic=reboot",    LOG_INFO, BOTH, 0x3f8, 115200, false, true, "", 0, NULL },
    { "on_panic=halt",      DEFAULTS, 0, NULL },
    { "on_panic=reboot on_panic=halt", DEFAULTS, 0, NULL },
    { "on_panic=crash",     DEFAULTS, 1, W_BAD("on_panic=crash") },
    { "on_panic=",          DEFAULTS, 1, W_BAD("on_panic=") },
    { "on_panic=reboot on_panic=x",
      LOG_INFO, BOTH, 0x3f8, 115200, false, true, "", 1, W_BAD("on_panic=x") },

    /* unknown words */
    { "foo",                DEFAULTS, 1, W_UNKNOWN("foo") },
    { "foo bar=1 loglvl=debug",
      LOG_DEBUG, BOTH, 0x3f8, 115200, false, false, "", 2, W_UNKNOWN("bar=1") },
    { "=x",                 DEFAULTS, 1, W_UNKNOWN("=x") },
    { "=",                  DEFAULTS, 1, W_UNKNOWN("=") },
    { "Loglvl=err",         DEFAULTS, 1, W_UNKNOWN("Loglvl=err") },
    { "loglvl==err",        DEFAULTS, 1, W_BAD("loglvl==err") },
    { "console=com1=fb",    DEFAULTS, 1, W_BAD("console=com1=fb") },
    { WORD100 "tail",       DEFAULTS, 1, W_UNKNOWN(WORD100) },
    { "a b c d e f",        DEFAULTS, 6, W_UNKNOWN("f") },
    { "loglvl=bad console=bad com1=bad selftest= on_panic=bad what",
      DEFAULTS, 6, W_UNKNOWN("what") },
};

static void test_table(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct cmdline_case *c = &cases[i];
        const char *label = c->line ? c->line : "(NULL)";
        struct hv_options o;

        cmdline_defaults(&o);
        nwarn = 0;
        last_warn[0] = '\0';
        EXPECT_EQ(label, cmdline_parse(c->line, &o, record_warn), c->refused);
        EXPECT_EQ(label, nwarn, c->refused);
        EXPECT_EQ(label, o.loglvl, c->loglvl);
        EXPECT_EQ(label, o.console, c->console);
        EXPECT_EQ(label, o.com1_port, c->port);
        EXPECT_EQ(label, o.com1_baud, c->baud);
        EXPECT_EQ(label, o.test_mode, c->test);
        EXPECT_EQ(label, o.on_panic == STOP_REBOOT, c->reboot);
        if (strcmp(o.selftest, c->selftest))
            fprintf(stderr, "  %s: selftest \"%s\", expected \"%s\"\n", label,
                    o.selftest, c->selftest);
        CU_ASSERT_STRING_EQUAL(o.selftest, c->selftest);
        if (strcmp(last_warn, c->warn ? c->warn : ""))
            fprintf(stderr, "  %s: warned \"%s\", expected \"%s\"\n", label,
                    last_warn, c->warn ? c->warn : "");
        CU_ASSERT_STRING_EQUAL(last_warn, c->warn ? c->warn : "");
    }
}

/* Without a warn callback the refusals are still counted. */
static void test_no_warn(void)
{
    struct hv_options o;

    cmdline_defaults(&o);
    EXPECT_EQ("no warn callback", cmdline_parse("foo loglvl=x test", &o, NULL), 2);
    EXPECT_EQ("no warn callback", o.test_mode, true);
}

/* The defaults, spelled out. */
static void test_defaults(void)
{
    struct hv_options o;

    memset(&o, 0xa5, sizeof(o));
    cmdline_defaults(&o);
    EXPECT_EQ("default loglvl", o.loglvl, LOG_INFO);
    EXPECT_EQ("default console", o.console, CONSOLE_COM1 | CONSOLE_FB);
    EXPECT_EQ("default port", o.com1_port, 0x3f8);
    EXPECT_EQ("default baud", o.com1_baud, 115200);
    EXPECT_EQ("default test", o.test_mode, false);
    EXPECT_EQ("default on_panic", o.on_panic, STOP_HALT);
    EXPECT_EQ("default selftest", o.selftest[0], '\0');
}

static const CU_TestInfo cmdline_tests[] = {
    { "defaults", test_defaults },
    { "table of lines", test_table },
    { "no warn callback", test_no_warn },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("cmdline", cmdline_tests);
}
