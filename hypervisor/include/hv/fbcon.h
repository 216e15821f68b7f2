/* SPDX-License-Identifier: MIT */
/*
 * Framebuffer console: text drawn into a linear 32-bit framebuffer.
 *
 * Light grey on black, 8x16 character cells, printable ASCII; other bytes
 * show as a box. '\n' starts a new line, '\r' returns to column 0, '\t'
 * moves to the next multiple of 8 columns, a full line wraps and the bottom
 * line scrolls the screen up.
 *
 * There is one console and no lock: the caller (the console layer)
 * serialises fbcon_init() and fbcon_write().
 */
#ifndef HV_FBCON_H
#define HV_FBCON_H

#include <hv/types.h>

struct boot_fb;

/*
 * fbcon_init - take over a framebuffer and clear it.
 * @fb_virt: where the hypervisor mapped the framebuffer (fb->size bytes,
 *           writable; write-combining is best, the console reads it back
 *           only to scroll)
 * @fb:      its geometry and pixel format, as the loader reported it
 * Returns 0, or -EINVAL if either pointer is NULL, the format is not
 * BOOT_FB_RGBX8 or BOOT_FB_BGRX8, the size or a dimension is zero, the
 * stride is less than the width, the screen cannot hold one character cell,
 * or stride * height pixels do not fit in fb->size. On error the console
 * stays (or becomes) inactive and fbcon_write() does nothing.
 */
int fbcon_init(void *fb_virt, const struct boot_fb *fb) __must_check;

/* fbcon_write - draw @n bytes of @s at the cursor; a no-op while inactive. */
void fbcon_write(const char *s, size_t n);

/*
 * fbcon_lit_pixels - pixels of text row @row that differ from the
 * background, read back from the framebuffer (0 when inactive). For the
 * self test that proves text reaches the screen.
 */
uint64_t fbcon_lit_pixels(uint32_t row);

/*
 * The font: generated at build time from a console font by scripts/genfont.py
 * (build/generated/font8x16.c). One glyph per character from
 * FBCON_FONT_FIRST to FBCON_FONT_LAST, then the replacement glyph. A glyph is
 * FBCON_FONT_HEIGHT bytes, one per pixel row from the top, bit 7 leftmost.
 */
#define FBCON_FONT_WIDTH    8
#define FBCON_FONT_HEIGHT   16
#define FBCON_FONT_FIRST    0x20
#define FBCON_FONT_LAST     0x7e
#define FBCON_FONT_GLYPHS   (FBCON_FONT_LAST - FBCON_FONT_FIRST + 2)
#define FBCON_FONT_REPLACEMENT (FBCON_FONT_GLYPHS - 1)

extern const uint8_t fbcon_font[FBCON_FONT_GLYPHS][FBCON_FONT_HEIGHT];

#endif /* HV_FBCON_H */
