/* render.c - the batched 2-D renderer (see render.h).
 *
 * Owns: the GL program, VAO/VBO, the CPU vertex array and the white texture. A batch
 * is flushed when the texture or the clip changes, and at the end of the frame.
 * Must not: keep pointers to caller memory beyond a call. */
#include "render.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gl_funcs.h"
#include "shaders_embedded.h"

typedef struct {
    float x, y, u, v;
    uint8_t r, g, b, a;
} Vertex;

/* One program per kind of primitive: llvmpipe runs every branch of a branchy shader
 * for every pixel, so separate programs make big flat panels cheap. */
enum { MODE_TEX = 0, MODE_DISC = 1, MODE_GREY = 2, MODE_FLAT = 3, N_MODES = 4 };

/* A run of vertices drawn with one texture and one clip rectangle. */
typedef struct {
    int first, count;
    unsigned tex;
    int mode, clip, opaque;
    GLint sc[4];
} Batch;

enum { MAX_BATCHES = 4096 };

static struct {
    GLuint prog[N_MODES], vao, vbo, white;
    GLint u_viewport[N_MODES], u_tex[N_MODES];
    Vertex *verts;
    int count, cap, batch_start, n_batches;
    Batch batches[MAX_BATCHES];
    unsigned tex;
    int mode, clip, opaque;
    GLint sc[4];
    int fb_w, fb_h;
    float s;
    void (*hook)(void);
    unsigned white_tex; /* flat colour comes from a white texel of this texture... */
    float white_u, white_v;
} R;

/* ...so flat shapes and text share one program and batch (few draw calls). */
static void flat_uv(float *uv, int n) {
    for (int i = 0; i < n; i += 2) {
        uv[i] = R.white_u;
        uv[i + 1] = R.white_v;
    }
}

static GLuint compile(GLenum type, const char *src, char *err, int errlen) {
    GLuint sh = vgl_glCreateShader(type);
    GLint ok = 0;
    vgl_glShaderSource(sh, 1, &src, NULL);
    vgl_glCompileShader(sh);
    vgl_glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        vgl_glGetShaderInfoLog(sh, errlen, NULL, err);
        vgl_glDeleteShader(sh);
        return 0;
    }
    return sh;
}

static int link_program(int mode, const char *frag, char *err, int errlen) {
    GLuint vs = compile(GL_VERTEX_SHADER, shader_ui_vert, err, errlen);
    GLuint fs = vs ? compile(GL_FRAGMENT_SHADER, frag, err, errlen) : 0;
    GLint ok = 0;
    if (!vs || !fs) return -1;
    GLuint p = vgl_glCreateProgram();
    vgl_glAttachShader(p, vs);
    vgl_glAttachShader(p, fs);
    vgl_glLinkProgram(p);
    vgl_glDeleteShader(vs);
    vgl_glDeleteShader(fs);
    vgl_glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        vgl_glGetProgramInfoLog(p, errlen, NULL, err);
        return -1;
    }
    R.prog[mode] = p;
    R.u_viewport[mode] = vgl_glGetUniformLocation(p, "u_viewport");
    R.u_tex[mode] = vgl_glGetUniformLocation(p, "u_tex");
    return 0;
}

static int link_programs(char *err, int errlen) {
    const char *frag[N_MODES] = {shader_text_frag, shader_disc_frag, shader_grey_frag, shader_flat_frag};
    for (int m = 0; m < N_MODES; m++)
        if (link_program(m, frag[m], err, errlen) != 0) return -1;
    return 0;
}

static void setup_vertex_layout(void) {
    vgl_glGenVertexArrays(1, &R.vao);
    vgl_glBindVertexArray(R.vao);
    vgl_glGenBuffers(1, &R.vbo);
    vgl_glBindBuffer(GL_ARRAY_BUFFER, R.vbo);
    vgl_glEnableVertexAttribArray(0);
    vgl_glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex), (void *)offsetof(Vertex, x));
    vgl_glEnableVertexAttribArray(1);
    vgl_glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex), (void *)offsetof(Vertex, u));
    vgl_glEnableVertexAttribArray(2);
    vgl_glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Vertex), (void *)offsetof(Vertex, r));
}

int render_init(char *err, int errlen) {
    static const uint8_t white[4] = {255, 255, 255, 255};
    memset(&R, 0, sizeof R);
    R.mode = MODE_FLAT;
    if (link_programs(err, errlen) != 0) return -1;
    setup_vertex_layout();
    R.white = render_texture_create(1, 1, 0, white, 0);
    R.cap = 1 << 16;
    R.verts = malloc(sizeof(Vertex) * (size_t)R.cap);
    if (!R.verts) {
        snprintf(err, (size_t)errlen, "out of memory");
        return -1;
    }
    return 0;
}

void render_shutdown(void) {
    for (int m = 0; m < N_MODES; m++)
        if (R.prog[m]) vgl_glDeleteProgram(R.prog[m]);
    if (R.vbo) vgl_glDeleteBuffers(1, &R.vbo);
    if (R.vao) vgl_glDeleteVertexArrays(1, &R.vao);
    if (R.white) vgl_glDeleteTextures(1, &R.white);
    free(R.verts);
    memset(&R, 0, sizeof R);
}

static void flush(void);

/* Ends the current run of vertices (texture or clip about to change). */
static void close_batch(void) {
    if (R.count == R.batch_start) return;
    if (R.n_batches == MAX_BATCHES) flush();
    Batch *b = &R.batches[R.n_batches++];
    b->first = R.batch_start;
    b->count = R.count - R.batch_start;
    b->tex = R.tex;
    b->mode = R.mode;
    b->opaque = R.opaque;
    b->clip = R.clip;
    memcpy(b->sc, R.sc, sizeof b->sc);
    R.batch_start = R.count;
}

/* Uploads every vertex of the frame so far once, then draws the runs: one buffer
 * upload per frame keeps llvmpipe from flushing its scene at every draw call. */
static void flush(void) {
    if (R.hook) R.hook();
    close_batch();
    if (R.count > 0)
        vgl_glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(Vertex) * (size_t)R.count), R.verts, GL_STREAM_DRAW);
    int clip = -1, mode = -1, opaque = -1;
    for (int i = 0; i < R.n_batches; i++) {
        const Batch *b = &R.batches[i];
        if (b->opaque != opaque) { /* no blending for opaque fills: cheaper in llvmpipe */
            opaque = b->opaque;
            if (opaque)
                vgl_glDisable(GL_BLEND);
            else
                vgl_glEnable(GL_BLEND);
        }
        if (b->mode != mode) {
            mode = b->mode;
            vgl_glUseProgram(R.prog[mode]);
            vgl_glUniform2f(R.u_viewport[mode], (float)R.fb_w, (float)R.fb_h);
            vgl_glUniform1i(R.u_tex[mode], 0);
        }
        if (b->clip != clip) {
            if (b->clip)
                vgl_glEnable(GL_SCISSOR_TEST);
            else
                vgl_glDisable(GL_SCISSOR_TEST);
            clip = b->clip;
        }
        if (b->clip) vgl_glScissor(b->sc[0], b->sc[1], b->sc[2], b->sc[3]);
        if (mode == MODE_TEX || mode == MODE_GREY) vgl_glBindTexture(GL_TEXTURE_2D, b->tex ? b->tex : R.white);
        vgl_glDrawArrays(GL_TRIANGLES, b->first, b->count);
    }
    R.count = R.batch_start = R.n_batches = 0;
}

void render_set_white_texel(unsigned tex, float u, float v) {
    R.white_tex = tex;
    R.white_u = u;
    R.white_v = v;
}

void render_set_flush_hook(void (*hook)(void)) { R.hook = hook; }

void render_submit(void) { flush(); }

void render_texture_upload_rows(unsigned tex, int w, int y0, int h, const void *rows) {
    vgl_glBindTexture(GL_TEXTURE_2D, tex);
    vgl_glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    vgl_glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rows);
}

static Vertex *reserve_ex(int n, unsigned tex, int mode, int opaque) {
    if (mode == MODE_FLAT || mode == MODE_DISC) tex = 0;
    if (tex != R.tex || mode != R.mode || opaque != R.opaque) {
        close_batch();
        R.tex = tex;
        R.mode = mode;
        R.opaque = opaque;
    }
    if (R.count + n > R.cap) {
        flush();
        if (n > R.cap) return NULL;
    }
    Vertex *v = R.verts + R.count;
    R.count += n;
    return v;
}

static Vertex *reserve(int n, unsigned tex, int mode) { return reserve_ex(n, tex, mode, 0); }

static void put(Vertex *v, float x, float y, float u, float t, Color c) {
    v->x = x;
    v->y = y;
    v->u = u;
    v->v = t;
    v->r = c.r;
    v->g = c.g;
    v->b = c.b;
    v->a = c.a;
}

/* A quad in pixels: corners p0..p3 (clockwise), with uvs. */
static void quad_px(const float p[8], const float uv[8], Color c, int mode, unsigned tex) {
    static const int idx[6] = {0, 1, 2, 0, 2, 3};
    Vertex *v = reserve(6, tex, mode);
    if (!v) return;
    for (int i = 0; i < 6; i++) {
        int k = idx[i];
        put(&v[i], p[2 * k], p[2 * k + 1], uv[2 * k], uv[2 * k + 1], c);
    }
}

static void rect_px(float x0, float y0, float x1, float y1, const float uv[4], Color c, int mode, unsigned tex) {
    float p[8] = {x0, y0, x1, y0, x1, y1, x0, y1};
    float t[8] = {uv[0], uv[1], uv[2], uv[1], uv[2], uv[3], uv[0], uv[3]};
    quad_px(p, t, c, mode, tex);
}

void render_begin(int fb_w, int fb_h, float px_per_unit, Color clear) {
    R.fb_w = fb_w;
    R.fb_h = fb_h;
    R.s = px_per_unit;
    R.count = R.batch_start = R.n_batches = 0;
    R.tex = 0;
    R.mode = MODE_FLAT;
    R.opaque = 0;
    R.clip = 0;
    vgl_glViewport(0, 0, fb_w, fb_h);
    vgl_glDisable(GL_SCISSOR_TEST);
    vgl_glClearColor(clear.r / 255.f, clear.g / 255.f, clear.b / 255.f, 1.f);
    vgl_glClear(GL_COLOR_BUFFER_BIT);
    vgl_glEnable(GL_BLEND);
    vgl_glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    vgl_glActiveTexture(GL_TEXTURE0);
    vgl_glBindVertexArray(R.vao);
    vgl_glBindBuffer(GL_ARRAY_BUFFER, R.vbo);
}

void render_end(void) { flush(); }

float render_scale(void) { return R.s; }

void render_set_scale(float px_per_unit) { R.s = px_per_unit; }

void render_rect(Rect r, Color c) {
    float uv[4] = {0, 0, 1, 1}, s = R.s;
    float x0 = roundf(r.x * s), y0 = roundf(r.y * s), x1 = roundf((r.x + r.w) * s), y1 = roundf((r.y + r.h) * s);
    if (c.a == 255 && (x1 - x0) * (y1 - y0) > 4000.f) { /* big opaque fills: no blending, no texture */
        float p[8] = {x0, y0, x1, y0, x1, y1, x0, y1};
        static const int idx[6] = {0, 1, 2, 0, 2, 3};
        Vertex *v = reserve_ex(6, 0, MODE_FLAT, 1);
        for (int i = 0; v && i < 6; i++) put(&v[i], p[2 * idx[i]], p[2 * idx[i] + 1], 0.f, 0.f, c);
        return;
    }
    if (R.white_tex) flat_uv(uv, 4);
    rect_px(x0, y0, x1, y1, uv, c, R.white_tex ? MODE_TEX : MODE_FLAT, R.white_tex);
}

void render_rect_outline(Rect r, float t, Color c) {
    render_rect((Rect){r.x, r.y, r.w, t}, c);
    render_rect((Rect){r.x, r.y + r.h - t, r.w, t}, c);
    render_rect((Rect){r.x, r.y + t, t, r.h - 2 * t}, c);
    render_rect((Rect){r.x + r.w - t, r.y + t, t, r.h - 2 * t}, c);
}

void render_line(float x0, float y0, float x1, float y1, float thick, Color c) {
    float uv[8] = {0, 0, 1, 0, 1, 1, 0, 1};
    if (R.white_tex) flat_uv(uv, 8);
    float s = R.s, dx = (x1 - x0) * s, dy = (y1 - y0) * s;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-6f) return;
    float h = fmaxf(thick * s, 1.f) * 0.5f;
    float nx = -dy / len * h, ny = dx / len * h;
    float ex = dx / len * h * 0.5f, ey = dy / len * h * 0.5f; /* small overlap at joints */
    float ax = x0 * s - ex, ay = y0 * s - ey, bx = x1 * s + ex, by = y1 * s + ey;
    float p[8] = {ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny};
    quad_px(p, uv, c, R.white_tex ? MODE_TEX : MODE_FLAT, R.white_tex);
}

void render_polyline(const float *xy, int n, float thick, Color c) {
    for (int i = 0; i + 1 < n; i++) render_line(xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], thick, c);
}

void render_disc(float cx, float cy, float radius, Color c) {
    static const float uv[4] = {-1, -1, 1, 1};
    float s = R.s, r = radius * s + 0.5f;
    rect_px(cx * s - r, cy * s - r, cx * s + r, cy * s + r, uv, c, MODE_DISC, 0);
}

void render_ellipse(float cx, float cy, float rx, float ry, float thick, Color c) {
    enum { N = 72 };
    float xy[2 * (N + 1)];
    for (int i = 0; i <= N; i++) {
        float a = (float)i / N * 6.2831853f;
        xy[2 * i] = cx + rx * cosf(a);
        xy[2 * i + 1] = cy + ry * sinf(a);
    }
    render_polyline(xy, N + 1, thick, c);
}

void render_image_uv(unsigned tex, Rect r, float u0, float v0, float u1, float v1, Color c, int grey) {
    float uv[4] = {u0, v0, u1, v1};
    float s = R.s;
    rect_px(roundf(r.x * s), roundf(r.y * s), roundf((r.x + r.w) * s), roundf((r.y + r.h) * s), uv, c,
            grey ? MODE_GREY : MODE_TEX, tex);
}

void render_image_opaque(unsigned tex, Rect r) {
    static const int idx[6] = {0, 1, 2, 0, 2, 3};
    float s = R.s, x0 = roundf(r.x * s), y0 = roundf(r.y * s), x1 = roundf((r.x + r.w) * s),
          y1 = roundf((r.y + r.h) * s);
    float p[8] = {x0, y0, x1, y0, x1, y1, x0, y1}, uv[8] = {0, 0, 1, 0, 1, 1, 0, 1};
    Vertex *v = reserve_ex(6, tex, MODE_TEX, 1);
    for (int i = 0; v && i < 6; i++)
        put(&v[i], p[2 * idx[i]], p[2 * idx[i] + 1], uv[2 * idx[i]], uv[2 * idx[i] + 1], rgba(0xFFFFFF, 255));
}

void render_image(unsigned tex, Rect r, Color c, int grey) { render_image_uv(tex, r, 0, 0, 1, 1, c, grey); }

void render_clip(const Rect *r) {
    close_batch();
    R.clip = r != NULL;
    if (!r) return;
    float s = R.s;
    int x0 = (int)roundf(r->x * s), y0 = (int)roundf(r->y * s);
    int x1 = (int)roundf((r->x + r->w) * s), y1 = (int)roundf((r->y + r->h) * s);
    R.sc[0] = x0;
    R.sc[1] = R.fb_h - y1;
    R.sc[2] = x1 - x0 > 0 ? x1 - x0 : 0;
    R.sc[3] = y1 - y0 > 0 ? y1 - y0 : 0;
}

unsigned render_texture_create(int w, int h, int grey, const void *pixels, int smooth) {
    GLuint t = 0;
    GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
    vgl_glGenTextures(1, &t);
    vgl_glBindTexture(GL_TEXTURE_2D, t);
    vgl_glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    vgl_glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    vgl_glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    vgl_glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    vgl_glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    vgl_glTexImage2D(GL_TEXTURE_2D, 0, grey ? GL_R8 : GL_RGBA8, w, h, 0, grey ? GL_RED : GL_RGBA, GL_UNSIGNED_BYTE,
                     pixels);
    return t;
}

void render_texture_update(unsigned tex, int w, int h, int grey, const void *pixels) {
    flush();
    vgl_glBindTexture(GL_TEXTURE_2D, tex);
    vgl_glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    vgl_glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, grey ? GL_RED : GL_RGBA, GL_UNSIGNED_BYTE, pixels);
}

void render_texture_free(unsigned tex) {
    GLuint t = tex;
    if (!t) return;
    flush();
    if (R.tex == tex) R.tex = 0;
    vgl_glDeleteTextures(1, &t);
}

void render_read_pixels(int fb_w, int fb_h, uint8_t *out) {
    size_t row = (size_t)fb_w * 3;
    uint8_t *tmp = malloc(row);
    vgl_glPixelStorei(GL_PACK_ALIGNMENT, 1);
    vgl_glReadBuffer(GL_BACK);
    vgl_glReadPixels(0, 0, fb_w, fb_h, GL_RGB, GL_UNSIGNED_BYTE, out);
    for (int y = 0; tmp && y < fb_h / 2; y++) { /* GL rows are bottom-up */
        uint8_t *a = out + (size_t)y * row, *b = out + (size_t)(fb_h - 1 - y) * row;
        memcpy(tmp, a, row);
        memcpy(a, b, row);
        memcpy(b, tmp, row);
    }
    free(tmp);
}
