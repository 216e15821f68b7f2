/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the EFI loader's pure parts: the pvisor.cfg parser
 * (arch/x86_64/boot/bootcfg.c) and the memory map translation and merging
 * (arch/x86_64/boot/bootmap.c). Each table row is an input and what must
 * come out of it.
 */
#include <stdlib.h>

#include "harness.h"

#include <hv/errno.h>

#include "../../../arch/x86_64/boot/bootcfg.h"
#include "../../../arch/x86_64/boot/bootmap.h"

/* Configurations that must parse, and the fields they must produce. */
struct good_case {
    const char *name;
    const char *text;
    const char *hypervisor, *options, *dom0, *dom0_cmdline;
    unsigned int nr_modules;
    const char *mod_path[2], *mod_cmdline[2];  /* the first two modules */
};

static const struct good_case good_cases[] = {
    { "empty file", "",
      "\\pvisor\\pvisor.elf", "", "", "", 0, {}, {} },
    { "comments and blanks only", "# pvisor\n\n   \t\n  # indented comment\n",
      "\\pvisor\\pvisor.elf", "", "", "", 0, {}, {} },
    { "options only", "options = console=com1,fb loglvl=info\n",
      "\\pvisor\\pvisor.elf", "console=com1,fb loglvl=info", "", "", 0, {}, {} },
    { "no final newline", "options=test",
      "\\pvisor\\pvisor.elf", "test", "", "", 0, {}, {} },
    { "CRLF and tabs", "hypervisor\t=\t\\a\\hv.elf\r\noptions = x y \r\n",
      "\\a\\hv.elf", "x y", "", "", 0, {}, {} },
    { "UTF-8 byte order mark", "\xef\xbb\xbfoptions = bom",
      "\\pvisor\\pvisor.elf", "bom", "", "", 0, {}, {} },
    { "'=' and '#' inside a value", "options = a=b #c\n",
      "\\pvisor\\pvisor.elf", "a=b #c", "", "", 0, {}, {} },
    { "empty options", "options =\n",
      "\\pvisor\\pvisor.elf", "", "", "", 0, {}, {} },
    { "full", "hypervisor = \\pvisor\\pvisor.elf\n"
              "options = console=com1 loglvl=debug\n"
              "dom0 = \\pvisor\\dom0.elf\n"
              "dom0_cmdline = console=hvc0 root=ram\n"
              "module = \\pvisor\\initrd.img\n"
              "module = \\pvisor\\guest.elf   name=g1  mem=64M \n",
      "\\pvisor\\pvisor.elf", "console=com1 loglvl=debug", "\\pvisor\\dom0.elf",
      "console=hvc0 root=ram", 2,
      { "\\pvisor\\initrd.img", "\\pvisor\\guest.elf" }, { "", "name=g1  mem=64M" } },
    { "forward slashes kept", "dom0 = /pvisor/dom0.elf\nmodule=/m\tx\n",
      "\\pvisor\\pvisor.elf", "", "/pvisor/dom0.elf", "", 1, { "/m" }, { "x" } },
    { "15 modules", "dom0=d\nmodule=1\nmodule=2\nmodule=3\nmodule=4\nmodule=5\n"
                    "module=6\nmodule=7\nmodule=8\nmodule=9\nmodule=10\nmodule=11\n"
                    "module=12\nmodule=13\nmodule=14\nmodule=15\n",
      "\\pvisor\\pvisor.elf", "", "d", "", 15, { "1", "2" }, { "", "" } },
};

static void check_str(const char *label, const char *field, const char *got,
                      const char *want)
{
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "  %s: %s is '%s', expected '%s'\n", label, field, got, want);
        CU_FAIL("wrong field");
    }
}

static void test_good(void)
{
    struct bootcfg *cfg = malloc(sizeof(*cfg));
    struct bootcfg_error err;
    size_t i;
    unsigned int m;
    int rc;

    CU_ASSERT_FATAL(cfg != NULL);
    for (i = 0; i < ARRAY_SIZE(good_cases); i++) {
        const struct good_case *c = &good_cases[i];

        rc = bootcfg_parse(cfg, c->text, strlen(c->text), &err);
        EXPECT_EQ(c->name, rc, 0);
        if (rc) {
            fprintf(stderr, "  %s: line %u: %s '%s'\n", c->name, err.line, err.msg, err.key);
            continue;
        }
        check_str(c->name, "hypervisor", cfg->hypervisor, c->hypervisor);
        check_str(c->name, "options", cfg->options, c->options);
        check_str(c->name, "dom0", cfg->dom0, c->dom0);
        check_str(c->name, "dom0_cmdline", cfg->dom0_cmdline, c->dom0_cmdline);
        EXPECT_EQ(c->name, cfg->nr_modules, c->nr_modules);
        for (m = 0; m < 2 && m < c->nr_modules; m++) {
            check_str(c->name, "module path", cfg->modules[m].path, c->mod_path[m]);
            check_str(c->name, "module cmdline", cfg->modules[m].cmdline,
                      c->mod_cmdline[m]);
        }
    }
    free(cfg);
}

/* Configurations that must be refused, with the message the loader prints. */
struct bad_case {
    const char *name;
    const char *text;
    size_t len;                 /* 0: strlen(text) */
    const char *message;
};

static char long_line[BOOTCFG_LINE_MAX + 32];
static char long_options[BOOT_CMDLINE_MAX + 32];
static char max_options[BOOT_CMDLINE_MAX + 32];
static char long_path[BOOTCFG_PATH_MAX + 32];
static char long_module_cmdline[BOOT_CMDLINE_MAX + 64];

static const struct bad_case bad_cases[] = {
    { "unknown key", "options = a\n\nfoo = bar\n", 0,
      "pvisor.cfg:3: unknown key 'foo'" },
    { "key case matters", "Options = a\n", 0, "pvisor.cfg:1: unknown key 'Options'" },
    { "long unknown key cut", "averyveryveryveryverylongunknownkeyname = 1\n", 0,
      "pvisor.cfg:1: unknown key 'averyveryveryveryverylongunknow'" },
    { "missing '='", "# c\nhypervisor \\pvisor\\x.elf\n", 0,
      "pvisor.cfg:2: missing '=' in 'hypervisor \\pvisor\\x.elf'" },
    { "missing key", "  = value\n", 0, "pvisor.cfg:1: missing key before '='" },
    { "duplicate options", "options = a\noptions = b\n", 0,
      "pvisor.cfg:2: duplicate key 'options'" },
    { "duplicate dom0", "dom0 = a\nmodule = m\ndom0 = b\n", 0,
      "pvisor.cfg:3: duplicate key 'dom0'" },
    { "empty hypervisor path", "hypervisor =   \n", 0,
      "pvisor.cfg:1: missing path for 'hypervisor'" },
    { "empty module", "dom0 = d\nmodule =\n", 0,
      "pvisor.cfg:2: missing path for 'module'" },
    { "module without dom0", "options = x\nmodule = a\nmodule = b\n", 0,
      "pvisor.cfg:2: module given without dom0" },
    { "16 modules", "dom0=d\nmodule=1\nmodule=2\nmodule=3\nmodule=4\nmodule=5\n"
                    "module=6\nmodule=7\nmodule=8\nmodule=9\nmodule=10\nmodule=11\n"
                    "module=12\nmodule=13\nmodule=14\nmodule=15\nmodule=16\n", 0,
      "pvisor.cfg:17: too many modules" },
    { "NUL byte", "options = a\0b\n", 14, "pvisor.cfg:1: control character in line" },
    { "lone CR inside", "options = a\rb\n", 0, "pvisor.cfg:1: control character in line" },
    { "line too long", long_line, 0, "pvisor.cfg:2: line too long" },
    { "options too long", long_options, 0, "pvisor.cfg:1: value too long for 'options'" },
    { "path too long", long_path, 0, "pvisor.cfg:1: value too long for 'dom0'" },
    { "module cmdline too long", long_module_cmdline, 0,
      "pvisor.cfg:2: value too long for 'module'" },
};

/* Fill @buf with @head, @n times @c, then @tail. */
static void make_text(char *buf, size_t size, const char *head, size_t n, char c,
                      const char *tail)
{
    size_t h = strlen(head);

    CU_ASSERT_FATAL(h + n + strlen(tail) < size);
    memcpy(buf, head, h);
    memset(buf + h, c, n);
    strcpy(buf + h + n, tail);
}

static void make_long_texts(void)
{
    make_text(long_line, sizeof(long_line), "options = a\n#", BOOTCFG_LINE_MAX, 'x', "\n");
    /* BOOT_CMDLINE_MAX characters leave no room for the NUL. */
    make_text(long_options, sizeof(long_options), "options = ", BOOT_CMDLINE_MAX, 'o', "\n");
    make_text(max_options, sizeof(max_options), "options = ", BOOT_CMDLINE_MAX - 1, 'o', "\n");
    make_text(long_path, sizeof(long_path), "dom0 = \\", BOOTCFG_PATH_MAX - 1, 'p', "\n");
    make_text(long_module_cmdline, sizeof(long_module_cmdline), "dom0=d\nmodule = m ",
              BOOT_CMDLINE_MAX, 'c', "\n");
}

static void test_bad(void)
{
    struct bootcfg *cfg = malloc(sizeof(*cfg));
    struct bootcfg_error err;
    char msg[128];
    size_t i;
    int rc;

    CU_ASSERT_FATAL(cfg != NULL);
    make_long_texts();
    for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
        const struct bad_case *c = &bad_cases[i];

        rc = bootcfg_parse(cfg, c->text, c->len ? c->len : strlen(c->text), &err);
        EXPECT_EQ(c->name, rc, -EINVAL);
        bootcfg_format_error(&err, "pvisor.cfg", msg, sizeof(msg));
        if (strcmp(msg, c->message) != 0) {
            fprintf(stderr, "  %s: message '%s', expected '%s'\n", c->name, msg,
                    c->message);
            CU_FAIL("wrong message");
        }
    }
    free(cfg);
}

/* The longest values that fit are taken whole. */
static void test_limits(void)
{
    struct bootcfg *cfg = malloc(sizeof(*cfg));
    struct bootcfg_error err;

    CU_ASSERT_FATAL(cfg != NULL);
    make_long_texts();
    EXPECT_EQ("longest options", bootcfg_parse(cfg, max_options, strlen(max_options), &err), 0);
    EXPECT_EQ("longest options length", strlen(cfg->options), BOOT_CMDLINE_MAX - 1);
    free(cfg);
}

/* EFI memory types and what they become. */
static const struct { uint32_t efi; uint32_t want; } type_cases[] = {
    { BOOTMAP_EFI_RESERVED, BOOT_MEM_RESERVED },
    { BOOTMAP_EFI_LOADER_CODE, BOOT_MEM_USABLE },
    { BOOTMAP_EFI_LOADER_DATA, BOOT_MEM_USABLE },
    { BOOTMAP_EFI_BS_CODE, BOOT_MEM_USABLE },
    { BOOTMAP_EFI_BS_DATA, BOOT_MEM_USABLE },
    { BOOTMAP_EFI_RT_CODE, BOOT_MEM_RUNTIME },
    { BOOTMAP_EFI_RT_DATA, BOOT_MEM_RUNTIME },
    { BOOTMAP_EFI_CONVENTIONAL, BOOT_MEM_USABLE },
    { BOOTMAP_EFI_UNUSABLE, BOOT_MEM_UNUSABLE },
    { BOOTMAP_EFI_ACPI_RECLAIM, BOOT_MEM_ACPI },
    { BOOTMAP_EFI_ACPI_NVS, BOOT_MEM_NVS },
    { BOOTMAP_EFI_MMIO, BOOT_MEM_MMIO },
    { BOOTMAP_EFI_MMIO_PORT, BOOT_MEM_MMIO },
    { BOOTMAP_EFI_PAL_CODE, BOOT_MEM_RESERVED },
    { BOOTMAP_EFI_PERSISTENT, BOOT_MEM_RESERVED },
    { 15, BOOT_MEM_RESERVED },
    { 0x70000000, BOOT_MEM_RESERVED },
    { 0x80000000, BOOT_MEM_RESERVED },
    { BOOTMAP_EFI_HANDOFF, BOOT_MEM_BOOT },
};

static void test_types(void)
{
    size_t i;
    char label[32];

    for (i = 0; i < ARRAY_SIZE(type_cases); i++) {
        snprintf(label, sizeof(label), "efi type %#x", type_cases[i].efi);
        EXPECT_EQ(label, bootmap_type(type_cases[i].efi), type_cases[i].want);
    }
}

/*
 * Sequences of ranges added to an empty map, and the map that must result.
 * U = usable, B = boot hand-off, A = ACPI.
 */
#define U BOOT_MEM_USABLE
#define B BOOT_MEM_BOOT
#define A BOOT_MEM_ACPI

struct range { uint64_t base, len; uint32_t type; };

struct merge_case {
    const char *name;
    struct range in[6];
    unsigned int nr_in;
    struct range out[6];
    unsigned int nr_out;
};

static const struct merge_case merge_cases[] = {
    { "one range", { { 0, 0xa0000, U } }, 1, { { 0, 0xa0000, U } }, 1 },
    { "empty range ignored", { { 0x1000, 0, U } }, 1, {}, 0 },
    { "adjacent same type merge", { { 0, 0x1000, U }, { 0x1000, 0x2000, U } }, 2,
      { { 0, 0x3000, U } }, 1 },
    { "adjacent other type kept", { { 0, 0x1000, U }, { 0x1000, 0x1000, B } }, 2,
      { { 0, 0x1000, U }, { 0x1000, 0x1000, B } }, 2 },
    { "gap kept", { { 0, 0x1000, U }, { 0x2000, 0x1000, U } }, 2,
      { { 0, 0x1000, U }, { 0x2000, 0x1000, U } }, 2 },
    { "unsorted input sorted", { { 0x5000, 0x1000, A }, { 0, 0x1000, U },
                                 { 0x2000, 0x1000, B } }, 3,
      { { 0, 0x1000, U }, { 0x2000, 0x1000, B }, { 0x5000, 0x1000, A } }, 3 },
    { "merge with following", { { 0x2000, 0x1000, U }, { 0x1000, 0x1000, U } }, 2,
      { { 0x1000, 0x2000, U } }, 1 },
    { "fills a hole, joins both", { { 0, 0x1000, U }, { 0x2000, 0x1000, U },
                                    { 0x1000, 0x1000, U } }, 3,
      { { 0, 0x3000, U } }, 1 },
    { "fills a hole of another type", { { 0, 0x1000, U }, { 0x2000, 0x1000, U },
                                        { 0x1000, 0x1000, B } }, 3,
      { { 0, 0x1000, U }, { 0x1000, 0x1000, B }, { 0x2000, 0x1000, U } }, 3 },
    { "just below 2^64", { { 0xffffffffffffe000ULL, 0x1000, B } }, 1,
      { { 0xffffffffffffe000ULL, 0x1000, B } }, 1 },
};

static void test_merge(void)
{
    struct boot_info *bi = calloc(1, sizeof(*bi));
    size_t i;
    unsigned int k;

    CU_ASSERT_FATAL(bi != NULL);
    for (i = 0; i < ARRAY_SIZE(merge_cases); i++) {
        const struct merge_case *c = &merge_cases[i];

        memset(bi, 0, sizeof(*bi));
        for (k = 0; k < c->nr_in; k++)
            EXPECT_EQ(c->name, bootmap_add(bi, c->in[k].base, c->in[k].len,
                                           c->in[k].type), 0);
        EXPECT_EQ(c->name, bi->nr_memmap, c->nr_out);
        for (k = 0; k < c->nr_out && k < bi->nr_memmap; k++) {
            EXPECT_EQ(c->name, bi->memmap[k].base, c->out[k].base);
            EXPECT_EQ(c->name, bi->memmap[k].len, c->out[k].len);
            EXPECT_EQ(c->name, bi->memmap[k].type, c->out[k].type);
        }
    }
    free(bi);
}

/* Wrapping ranges are refused; a full map still takes ranges that merge. */
static void test_merge_limits(void)
{
    struct boot_info *bi = calloc(1, sizeof(*bi));
    unsigned int k;

    CU_ASSERT_FATAL(bi != NULL);
    EXPECT_EQ("wrap", bootmap_add(bi, 0xfffffffffffff000ULL, 0x2000, U), -EINVAL);
    EXPECT_EQ("ends at 2^64", bootmap_add(bi, 0xfffffffffffff000ULL, 0x1000, U), -EINVAL);
    EXPECT_EQ("wrap adds nothing", bi->nr_memmap, 0);

    /* Alternate types so nothing merges. */
    for (k = 0; k < BOOT_MAX_MEMMAP; k++)
        EXPECT_EQ("fill", bootmap_add(bi, k * 0x1000ULL, 0x1000, k & 1 ? B : U), 0);
    EXPECT_EQ("full", bi->nr_memmap, BOOT_MAX_MEMMAP);
    EXPECT_EQ("no room", bootmap_add(bi, 0x10000000, 0x1000, A), -ENOSPC);
    EXPECT_EQ("merge when full", bootmap_add(bi, BOOT_MAX_MEMMAP * 0x1000ULL, 0x1000,
                                             B), 0);
    EXPECT_EQ("still full", bi->nr_memmap, BOOT_MAX_MEMMAP);
    free(bi);
}

static CU_TestInfo bootcfg_tests[] = {
    { "good configurations", test_good },
    { "bad configurations", test_bad },
    { "length limits", test_limits },
    CU_TEST_INFO_NULL,
};

static CU_TestInfo bootmap_tests[] = {
    { "EFI type translation", test_types },
    { "sort and merge", test_merge },
    { "wrap and full map", test_merge_limits },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("bootcfg", bootcfg_tests);
    unit_add_suite("bootmap", bootmap_tests);
}
