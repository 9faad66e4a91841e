/* render.h - a batched 2-D renderer on OpenGL 3.3 core for the whole window.
 *
 * Owns: the shader programs (shaders/, embedded at build time: one fragment shader per kind
 * of primitive), one vertex buffer uploaded once per frame, the batches (program,
 * texture, clip, blending), and texture upload helpers. Callers work in
 * logical units; the renderer multiplies by the pixels-per-unit of the frame (HiDPI
 * factor times the interface scale) and snaps rectangles to whole pixels.
 * Must not: be called from any thread but the UI's. */
#ifndef VAE_RENDER_H
#define VAE_RENDER_H

#include <stdint.h>

typedef struct {
    float x, y, w, h;
} Rect;

typedef struct {
    uint8_t r, g, b, a;
} Color;

static inline Color rgba(uint32_t hex, uint8_t a) {
    Color c = {(uint8_t)(hex >> 16), (uint8_t)(hex >> 8), (uint8_t)hex, a};
    return c;
}

static inline int rect_has(Rect r, float x, float y) { return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h; }

/* Compiles the shaders; returns 0, or -1 with a reason in *err. */
int render_init(char *err, int errlen);
void render_shutdown(void);

void render_begin(int fb_w, int fb_h, float px_per_unit, Color clear);
void render_end(void);
float render_scale(void); /* pixels per logical unit of the current frame */
/* Sets it ahead of a frame, so that layout can measure text after a scale change. */
void render_set_scale(float px_per_unit);

void render_rect(Rect r, Color c);
void render_rect_outline(Rect r, float thick, Color c);
void render_line(float x0, float y0, float x1, float y1, float thick, Color c);
void render_polyline(const float *xy, int n, float thick, Color c);
void render_disc(float cx, float cy, float radius, Color c);
/* An ellipse outline with semi-axes rx, ry (axis-aligned). */
void render_ellipse(float cx, float cy, float rx, float ry, float thick, Color c);
/* A texture over r; grey != 0 samples .r as a grey level, tinted by c. */
void render_image(unsigned tex, Rect r, Color c, int grey);
/* An opaque RGBA texture over r, drawn without blending (cheaper in software GL). */
void render_image_opaque(unsigned tex, Rect r);
/* Same with texture coordinates u0..u1, v0..v1 (for pixel-exact text). */
void render_image_uv(unsigned tex, Rect r, float u0, float v0, float u1, float v1, Color c, int grey);
/* Restricts drawing to r (NULL = whole frame). */
void render_clip(const Rect *r);

/* Textures: rgba8 (4 bytes per pixel) or grey8 (1 byte). smooth: linear filtering. */
unsigned render_texture_create(int w, int h, int grey, const void *pixels, int smooth);
void render_texture_update(unsigned tex, int w, int h, int grey, const void *pixels);
void render_texture_free(unsigned tex);

/* Uploads rows y0..y0+h of a w-wide RGBA texture WITHOUT drawing what is queued: for
 * regions no queued draw has used yet (the text atlas). */
void render_texture_upload_rows(unsigned tex, int w, int y0, int h, const void *rows);
/* Draws everything queued so far (before reusing texture space that queued draws use). */
void render_submit(void);
/* A function called before queued draws go out (the text atlas uploads new rows). */
void render_set_flush_hook(void (*hook)(void));

/* Flat shapes then sample this texel (a white one in the text atlas), so that they
 * batch with text; tex 0 goes back to the flat program. */
void render_set_white_texel(unsigned tex, float u, float v);

/* Reads the last drawn frame (RGB, top row first) into out (fb_w * fb_h * 3). */
void render_read_pixels(int fb_w, int fb_h, uint8_t *out);

#endif
