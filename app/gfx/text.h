/* text.h - text for the window: fonts found at run time, SDL2_ttf rendering to
 * textures, and a cache of rendered strings.
 *
 * Owns: the font files (DejaVu Sans shipped in assets/fonts; NanumGothic for Korean),
 * TTF_Font handles per pixel size, and a texture cache keyed by (string, size, face)
 * with least-recently-used eviction. Sizes are logical units; glyphs are rasterised at
 * size * render_scale() so text stays crisp at any interface scale and on HiDPI.
 * Must not: be used off the UI thread. */
#ifndef VAE_TEXT_H
#define VAE_TEXT_H

#include "render.h"
#include "strings.h"

typedef enum { TEXT_REGULAR = 0, TEXT_BOLD = 1 } TextFace;

typedef enum { ALIGN_LEFT = 0, ALIGN_CENTER = 1, ALIGN_RIGHT = 2 } TextAlign;

/* Finds the fonts; returns 0, or -1 with a reason in err when no Latin font exists. */
int text_init(char *err, int errlen);
void text_shutdown(void);
/* Chooses the faces for a language; returns -1 (and keeps the current faces) when the
 * language's font is missing. */
int text_set_lang(UiLang lang);
const char *text_font_path(void);

/* Width of s in logical units at this size. */
float text_width(const char *s, float size, TextFace face);
/* Draws s with its top-left (ALIGN_LEFT) or top-centre/top-right at (x, y); returns width. */
float text_draw(const char *s, float x, float y, float size, TextFace face, Color c, TextAlign align);
/* Draws s shortened with "..." to fit max_w. */
float text_draw_fit(const char *s, float x, float y, float max_w, float size, TextFace face, Color c);
/* Word-wraps s into max_w; returns the height used. */
float text_draw_wrapped(const char *s, float x, float y, float max_w, float size, TextFace face, Color c);
/* Releases textures of strings not drawn for a while; call once per frame. */
void text_frame_end(void);
/* Drops every cached texture and font (after a scale or language change). */
void text_flush(void);

#endif
