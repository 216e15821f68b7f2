/* SPDX-License-Identifier: MIT */
/* Framebuffer console: character cells, cursor and scrolling (hv/fbcon.h). */
#include <asm/bootinfo.h>
#include <hv/errno.h>
#include <hv/fbcon.h>
#include <hv/lib.h>

#define CELL_W      FBCON_FONT_WIDTH
#define CELL_H      FBCON_FONT_HEIGHT
#define TAB_STOP    8

/* Colours as 0xRRGGBB: the VGA text mode's light grey on black. */
#define FG_RGB      0xaaaaaaU
#define BG_RGB      0x000000U

/*
 * The console. Written only by fbcon_init() and fbcon_write(), which the
 * caller serialises. While active: cols >= 1, rows >= 1, cy < rows and
 * cx <= cols, where cx == cols means the line is full and the next printable
 * character wraps to a new line first (so a line of exactly cols characters
 * followed by '\n' does not leave an empty line).
 */
static struct {
    uint32_t *base;             /* pixel (0, 0) */
    size_t stride;              /* pixels per scan line */
    uint32_t width, height;     /* visible pixels */
    uint32_t cols, rows;        /* character cells */
    uint32_t cx, cy;            /* cursor, in cells */
    uint32_t fg, bg;            /* pixel values in the framebuffer's format */
    bool active;
} fbcon;

/* Turn 0xRRGGBB into a pixel; both formats are little-endian 32-bit words. */
static uint32_t pack_pixel(uint32_t format, uint32_t rgb)
{
    uint32_t r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

    if (format == BOOT_FB_RGBX8)
        return r | g << 8 | b << 16;
    return b | g << 8 | r << 16;
}

static uint32_t *pixel_at(uint32_t x, uint32_t y)
{
    return fbcon.base + (size_t)y * fbcon.stride + x;
}

/* Paint @lines scan lines from @y, @w pixels wide, with the background. */
static void fill_lines(uint32_t y, uint32_t lines, uint32_t w)
{
    for (uint32_t i = 0; i < lines; i++) {
        uint32_t *p = pixel_at(0, y + i);

        for (uint32_t x = 0; x < w; x++)
            p[x] = fbcon.bg;
    }
}

static void draw_glyph(uint32_t col, uint32_t row, unsigned char c)
{
    unsigned int idx = FBCON_FONT_REPLACEMENT;
    uint32_t *p = pixel_at(col * CELL_W, row * CELL_H);

    if (c >= FBCON_FONT_FIRST && c <= FBCON_FONT_LAST)
        idx = c - FBCON_FONT_FIRST;
    for (unsigned int y = 0; y < CELL_H; y++, p += fbcon.stride) {
        unsigned int bits = fbcon_font[idx][y];

        for (unsigned int x = 0; x < CELL_W; x++)
            p[x] = (bits & (0x80U >> x)) ? fbcon.fg : fbcon.bg;
    }
}

/*
 * Move every text row but the first up by one and blank the last. One
 * memmove of whole scan lines per scrolled line: linear in the output.
 */
static void scroll(void)
{
    size_t row_px = (size_t)CELL_H * fbcon.stride;

    memmove(fbcon.base, fbcon.base + row_px,
            (fbcon.rows - 1) * row_px * sizeof(uint32_t));
    fill_lines((fbcon.rows - 1) * CELL_H, CELL_H, fbcon.cols * CELL_W);
}

static void newline(void)
{
    fbcon.cx = 0;
    if (fbcon.cy + 1 < fbcon.rows)
        fbcon.cy++;
    else
        scroll();
}

static void put_char(unsigned char c)
{
    switch (c) {
    case '\n':
        newline();
        break;
    case '\r':
        fbcon.cx = 0;
        break;
    case '\t':
        /* Move only: cells passed over keep what they show. */
        if (fbcon.cx >= fbcon.cols)
            newline();
        fbcon.cx = MIN((fbcon.cx / TAB_STOP + 1) * TAB_STOP, fbcon.cols);
        break;
    default:
        if (fbcon.cx >= fbcon.cols)
            newline();
        draw_glyph(fbcon.cx, fbcon.cy, c);
        fbcon.cx++;
        break;
    }
}

int fbcon_init(void *fb_virt, const struct boot_fb *fb)
{
    fbcon.active = false;
    if (!fb_virt || !fb || ((uintptr_t)fb_virt & (sizeof(uint32_t) - 1)))
        return -EINVAL;
    if (fb->format != BOOT_FB_RGBX8 && fb->format != BOOT_FB_BGRX8)
        return -EINVAL;
    if (!fb->size || !fb->width || !fb->height || fb->stride < fb->width)
        return -EINVAL;
    if (fb->width < CELL_W || fb->height < CELL_H)
        return -EINVAL;
    /* stride and height are 32-bit: the product cannot overflow. */
    if ((uint64_t)fb->stride * fb->height > fb->size / sizeof(uint32_t))
        return -EINVAL;

    fbcon.base = fb_virt;
    fbcon.stride = fb->stride;
    fbcon.width = fb->width;
    fbcon.height = fb->height;
    fbcon.cols = fb->width / CELL_W;
    fbcon.rows = fb->height / CELL_H;
    fbcon.cx = 0;
    fbcon.cy = 0;
    fbcon.fg = pack_pixel(fb->format, FG_RGB);
    fbcon.bg = pack_pixel(fb->format, BG_RGB);
    fill_lines(0, fbcon.height, fbcon.width);
    fbcon.active = true;
    return 0;
}

void fbcon_write(const char *s, size_t n)
{
    if (!fbcon.active)
        return;
    for (size_t i = 0; i < n; i++)
        put_char((unsigned char)s[i]);
}

uint64_t fbcon_lit_pixels(uint32_t row)
{
    uint64_t n = 0;

    if (!fbcon.active || row >= fbcon.rows)
        return 0;
    for (uint32_t y = row * CELL_H; y < (row + 1) * CELL_H; y++)
        for (uint32_t x = 0; x < fbcon.width; x++)
            n += *pixel_at(x, y) != fbcon.bg;
    return n;
}
