/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the framebuffer console (hypervisor/core/fbcon.c).
 *
 * The console draws into a host buffer. The font is this file's own (the
 * build generates the real one), with a different pattern in every glyph row,
 * so a glyph drawn in the wrong place, or the wrong glyph, is caught. Each
 * screen is checked cell by cell against a picture of the expected text.
 */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

#include <asm/bootinfo.h>
#include <hv/errno.h>
#include <hv/fbcon.h>

/* The test font: row y of glyph g mixes both, so no two rows match. */
#define ROW(g, y)   (uint8_t)((((g) * 37 + (y) * 11) ^ ((g) >> 2) ^ 0x81) & 0xff)
#define GLYPH(g)    { ROW(g, 0), ROW(g, 1), ROW(g, 2), ROW(g, 3), ROW(g, 4),   \
                      ROW(g, 5), ROW(g, 6), ROW(g, 7), ROW(g, 8), ROW(g, 9),   \
                      ROW(g, 10), ROW(g, 11), ROW(g, 12), ROW(g, 13),          \
                      ROW(g, 14), ROW(g, 15) }
#define GLYPH4(g)   GLYPH(g), GLYPH(g + 1), GLYPH(g + 2), GLYPH(g + 3)
#define GLYPH16(g)  GLYPH4(g), GLYPH4(g + 4), GLYPH4(g + 8), GLYPH4(g + 12)

const uint8_t fbcon_font[FBCON_FONT_GLYPHS][FBCON_FONT_HEIGHT] = {
    GLYPH16(0), GLYPH16(16), GLYPH16(32), GLYPH16(48), GLYPH16(64), GLYPH16(80),
};
BUILD_BUG_ON(FBCON_FONT_GLYPHS != 96);

#define FG          0x00aaaaaaU     /* light grey in RGBX8 and BGRX8 alike */
#define BG          0x00000000U
#define POISON      0x55555555U     /* what the buffer holds before init */

static uint32_t *fb_buf;
static struct boot_fb fb_geo;

/* A poisoned buffer for a framebuffer of the given geometry. */
static void new_fb(uint32_t width, uint32_t height, uint32_t stride)
{
    size_t px = (size_t)stride * height;

    free(fb_buf);
    fb_buf = malloc(px * sizeof(uint32_t));
    for (size_t i = 0; i < px; i++)
        fb_buf[i] = POISON;
    fb_geo = (struct boot_fb){
        .base = 0xe0000000, .size = px * sizeof(uint32_t), .width = width,
        .height = height, .stride = stride, .format = BOOT_FB_BGRX8,
    };
}

/* Cell (@col, @row) shows character @c: 0 if so, else the first bad pixel + 1. */
static int cell_shows(uint32_t col, uint32_t row, unsigned char c)
{
    unsigned int g = FBCON_FONT_REPLACEMENT;

    if (c >= FBCON_FONT_FIRST && c <= FBCON_FONT_LAST)
        g = c - FBCON_FONT_FIRST;
    for (unsigned int y = 0; y < FBCON_FONT_HEIGHT; y++) {
        for (unsigned int x = 0; x < FBCON_FONT_WIDTH; x++) {
            uint32_t want = (fbcon_font[g][y] & (0x80 >> x)) ? FG : BG;
            size_t at = (size_t)(row * FBCON_FONT_HEIGHT + y) * fb_geo.stride +
                        col * FBCON_FONT_WIDTH + x;

            if (fb_buf[at] != want)
                return (int)(y * FBCON_FONT_WIDTH + x) + 1;
        }
    }
    return 0;
}

/* Cell shows background only. */
static int cell_blank(uint32_t col, uint32_t row)
{
    for (unsigned int y = 0; y < FBCON_FONT_HEIGHT; y++)
        for (unsigned int x = 0; x < FBCON_FONT_WIDTH; x++)
            if (fb_buf[(size_t)(row * FBCON_FONT_HEIGHT + y) * fb_geo.stride +
                       col * FBCON_FONT_WIDTH + x] != BG)
                return 1;
    return 0;
}

/*
 * Compare the text area with @screen: one string per row, '.' a blank cell,
 * '#' the replacement glyph, anything else that character.
 */
static void expect_screen(const char *label, const char *const *screen)
{
    uint32_t cols = fb_geo.width / FBCON_FONT_WIDTH;
    uint32_t rows = fb_geo.height / FBCON_FONT_HEIGHT;

    for (uint32_t r = 0; r < rows; r++) {
        for (uint32_t c = 0; c < cols; c++) {
            char want = screen[r][c];
            int bad = want == '.' ? cell_blank(c, r) :
                      cell_shows(c, r, want == '#' ? 0x01 : (unsigned char)want);

            if (bad)
                fprintf(stderr, "  %s: cell (%u,%u) is not '%c'\n", label,
                        c, r, want);
            CU_ASSERT_EQUAL(bad, 0);
        }
    }
}

static int init_fb(void)
{
    return fbcon_init(fb_buf, &fb_geo);
}

/* Geometry the console must refuse, and some it must take. */
static void test_init_geometry(void)
{
    static const struct {
        const char *label;
        uint32_t width, height, stride, format;
        int64_t size_delta;     /* added to stride * height * 4 */
        int misalign;           /* pass a pointer one byte off */
        int want;
    } cases[] = {
        { "valid bgrx",       64, 48,  64, BOOT_FB_BGRX8,  0, 0, 0 },
        { "valid rgbx",       64, 48,  64, BOOT_FB_RGBX8,  0, 0, 0 },
        { "stride > width",   60, 40,  72, BOOT_FB_BGRX8,  0, 0, 0 },
        { "larger size",      64, 48,  64, BOOT_FB_BGRX8, 64, 0, 0 },
        { "one cell",          8, 16,   8, BOOT_FB_BGRX8,  0, 0, 0 },
        { "format none",      64, 48,  64, BOOT_FB_NONE,   0, 0, -EINVAL },
        { "format 3",         64, 48,  64, 3,              0, 0, -EINVAL },
        { "zero width",        0, 48,  64, BOOT_FB_BGRX8,  0, 0, -EINVAL },
        { "zero height",      64,  0,  64, BOOT_FB_BGRX8,  0, 0, -EINVAL },
        { "stride < width",   64, 48,  63, BOOT_FB_BGRX8,  0, 0, -EINVAL },
        { "narrower than 8",   7, 48,   8, BOOT_FB_BGRX8,  0, 0, -EINVAL },
        { "shorter than 16",  64, 15,  64, BOOT_FB_BGRX8,  0, 0, -EINVAL },
        { "size one short",   64, 48,  64, BOOT_FB_BGRX8, -1, 0, -EINVAL },
        { "misaligned",       64, 48,  64, BOOT_FB_BGRX8,  0, 1, -EINVAL },
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        size_t px = (size_t)cases[i].stride * (cases[i].height ? cases[i].height : 1);
        uint8_t *buf = calloc(px * 4 + 64, 1);
        struct boot_fb fb = {
            .size = px * 4 + cases[i].size_delta, .width = cases[i].width,
            .height = cases[i].height, .stride = cases[i].stride,
            .format = cases[i].format,
        };

        if (!cases[i].height)
            fb.size = 4096;
        EXPECT_EQ(cases[i].label, fbcon_init(buf + cases[i].misalign, &fb),
                  cases[i].want);
        free(buf);
    }

    new_fb(64, 48, 64);
    fb_geo.size = 0;
    EXPECT_EQ("zero size", init_fb(), -EINVAL);
    fb_geo.size = 64 * 48 * 4;
    EXPECT_EQ("null buffer", fbcon_init(NULL, &fb_geo), -EINVAL);
    EXPECT_EQ("null geometry", fbcon_init(fb_buf, NULL), -EINVAL);
}

/* After a refused init, writes change nothing (the earlier console is gone). */
static void test_inactive_after_refusal(void)
{
    new_fb(64, 48, 64);
    EXPECT_EQ("init", init_fb(), 0);
    fb_geo.format = BOOT_FB_NONE;
    EXPECT_EQ("bad init", init_fb(), -EINVAL);
    fb_buf[0] = POISON;
    fbcon_write("A", 1);
    EXPECT_EQ("pixel 0 untouched", fb_buf[0], POISON);
}

/* Init clears the visible area and nothing past the width. */
static void test_clear(void)
{
    int bad = 0;

    new_fb(60, 40, 72);
    EXPECT_EQ("init", init_fb(), 0);
    for (uint32_t y = 0; y < 40; y++)
        for (uint32_t x = 0; x < 72; x++)
            bad += fb_buf[y * 72 + x] != (x < 60 ? BG : POISON);
    EXPECT_EQ("pixels wrong after init", bad, 0);
}

/* Characters land in their cells; controls move the cursor. */
static void test_text(void)
{
    static const char *const screen[] = {
        "ABx.....c.",
        "#.......T.",
        "#z#.......",
    };
    const char text[] = "ABx\rAB\tc\n\x01\tT\n\x7f" "z\xff";

    new_fb(80, 48, 80);     /* 10 x 3 cells */
    EXPECT_EQ("init", init_fb(), 0);
    fbcon_write(text, sizeof(text) - 1);
    expect_screen("text", screen);
}

/* A tab at a full line goes to the first stop of the next line. */
static void test_tab_full_line(void)
{
    static const char *const screen[] = {
        "0123456789",
        "........k.",
        "..........",
    };

    new_fb(80, 48, 80);
    EXPECT_EQ("init", init_fb(), 0);
    fbcon_write("0123456789\tk", 12);
    expect_screen("tab at full line", screen);
}

/* A full line wraps before the next character, not at the '\n' after it. */
static void test_wrap(void)
{
    static const char *const screen[] = {
        "abcd",
        "efgh",
        "i...",
    };

    new_fb(36, 50, 40);     /* 4 x 3 cells, with margins right and below */
    EXPECT_EQ("init", init_fb(), 0);
    fbcon_write("abcdefgh\ni", 10);
    expect_screen("wrap", screen);
}

/* The bottom line scrolls everything up; the margins stay background. */
static void test_scroll(void)
{
    static const char *const screen[] = {
        "c...",
        "dd..",
        "e...",
    };
    static const char *const screen_nl[] = {
        "dd..",
        "e...",
        "....",
    };
    int bad = 0;

    new_fb(36, 50, 40);
    EXPECT_EQ("init", init_fb(), 0);
    fbcon_write("a\nb\nc\ndd\ne", 10);
    expect_screen("scroll", screen);
    fbcon_write("\n", 1);
    expect_screen("scroll on newline", screen_nl);
    for (uint32_t y = 0; y < 50; y++)
        for (uint32_t x = 0; x < 40; x++)
            if (x >= 32 || y >= 48)
                bad += fb_buf[y * 40 + x] != (x < 36 ? BG : POISON);
    EXPECT_EQ("margin pixels wrong after scrolling", bad, 0);
}

/* Many lines through a small screen: only the last rows remain. */
static void test_scroll_many(void)
{
    static const char *const screen[] = {
        "7.",
        "8.",
        "9.",
    };
    char text[2 * 1000];

    for (int i = 0; i < 1000; i++) {
        text[2 * i] = (char)('0' + i % 10);
        text[2 * i + 1] = '\n';
    }
    new_fb(16, 48, 16);
    EXPECT_EQ("init", init_fb(), 0);
    fbcon_write(text, sizeof(text) - 1);    /* no final '\n' */
    expect_screen("scroll many", screen);
}

static const CU_TestInfo fbcon_tests[] = {
    { "init refuses bad geometry", test_init_geometry },
    { "inactive after refusal", test_inactive_after_refusal },
    { "init clears the screen", test_clear },
    { "characters and controls", test_text },
    { "tab at a full line", test_tab_full_line },
    { "line wrap", test_wrap },
    { "scrolling", test_scroll },
    { "scrolling many lines", test_scroll_many },
    CU_TEST_INFO_NULL,
};

void unit_register(void)
{
    unit_add_suite("fbcon", fbcon_tests);
}
