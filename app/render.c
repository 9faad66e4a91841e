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
    float mode;
} Vertex;

enum { MODE_TEX = 0, MODE_DISC = 1, MODE_GREY = 2 };

static struct {
    GLuint prog, vao, vbo, white;
    GLint u_viewport, u_tex;
    Vertex *verts;
    int count, cap;
    unsigned tex;
    int fb_w, fb_h;
    float s;
} R;

static GLuint compile(GLenum type, const char *src, char *err, int errlen)
{
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

static int link_program(char *err, int errlen)
{
    GLuint vs = compile(GL_VERTEX_SHADER, shader_ui_vert, err, errlen);
    GLuint fs = vs ? compile(GL_FRAGMENT_SHADER, shader_ui_frag, err, errlen) : 0;
    GLint ok = 0;
    if (!vs || !fs)
        return -1;
    R.prog = vgl_glCreateProgram();
    vgl_glAttachShader(R.prog, vs);
    vgl_glAttachShader(R.prog, fs);
    vgl_glLinkProgram(R.prog);
    vgl_glDeleteShader(vs);
    vgl_glDeleteShader(fs);
    vgl_glGetProgramiv(R.prog, GL_LINK_STATUS, &ok);
    if (!ok) {
        vgl_glGetProgramInfoLog(R.prog, errlen, NULL, err);
        return -1;
    }
    R.u_viewport = vgl_glGetUniformLocation(R.prog, "u_viewport");
    R.u_tex = vgl_glGetUniformLocation(R.prog, "u_tex");
    return 0;
}

static void setup_vertex_layout(void)
{
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
    vgl_glEnableVertexAttribArray(3);
    vgl_glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, sizeof(Vertex), (void *)offsetof(Vertex, mode));
}

int render_init(char *err, int errlen)
{
    static const uint8_t white[4] = {255, 255, 255, 255};
    memset(&R, 0, sizeof R);
    if (link_program(err, errlen) != 0)
        return -1;
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

void render_shutdown(void)
{
    if (R.prog)
        vgl_glDeleteProgram(R.prog);
    if (R.vbo)
        vgl_glDeleteBuffers(1, &R.vbo);
    if (R.vao)
        vgl_glDeleteVertexArrays(1, &R.vao);
    if (R.white)
        vgl_glDeleteTextures(1, &R.white);
    free(R.verts);
    memset(&R, 0, sizeof R);
}

static void flush(void)
{
    if (R.count == 0)
        return;
    vgl_glBindTexture(GL_TEXTURE_2D, R.tex ? R.tex : R.white);
    vgl_glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(Vertex) * (size_t)R.count), R.verts,
                     GL_STREAM_DRAW);
    vgl_glDrawArrays(GL_TRIANGLES, 0, R.count);
    R.count = 0;
}

static Vertex *reserve(int n, unsigned tex)
{
    if (tex != R.tex) {
        flush();
        R.tex = tex;
    }
    if (R.count + n > R.cap) {
        flush();
        if (n > R.cap)
            return NULL;
    }
    Vertex *v = R.verts + R.count;
    R.count += n;
    return v;
}

static void put(Vertex *v, float x, float y, float u, float t, Color c, int mode)
{
    v->x = x;
    v->y = y;
    v->u = u;
    v->v = t;
    v->r = c.r;
    v->g = c.g;
    v->b = c.b;
    v->a = c.a;
    v->mode = (float)mode;
}

/* A quad in pixels: corners p0..p3 (clockwise), with uvs. */
static void quad_px(const float p[8], const float uv[8], Color c, int mode, unsigned tex)
{
    static const int idx[6] = {0, 1, 2, 0, 2, 3};
    Vertex *v = reserve(6, tex);
    if (!v)
        return;
    for (int i = 0; i < 6; i++) {
        int k = idx[i];
        put(&v[i], p[2 * k], p[2 * k + 1], uv[2 * k], uv[2 * k + 1], c, mode);
    }
}

static void rect_px(float x0, float y0, float x1, float y1, const float uv[4], Color c, int mode,
                    unsigned tex)
{
    float p[8] = {x0, y0, x1, y0, x1, y1, x0, y1};
    float t[8] = {uv[0], uv[1], uv[2], uv[1], uv[2], uv[3], uv[0], uv[3]};
    quad_px(p, t, c, mode, tex);
}

void render_begin(int fb_w, int fb_h, float px_per_unit, Color clear)
{
    R.fb_w = fb_w;
    R.fb_h = fb_h;
    R.s = px_per_unit;
    R.count = 0;
    R.tex = 0;
    vgl_glViewport(0, 0, fb_w, fb_h);
    vgl_glDisable(GL_SCISSOR_TEST);
    vgl_glClearColor(clear.r / 255.f, clear.g / 255.f, clear.b / 255.f, 1.f);
    vgl_glClear(GL_COLOR_BUFFER_BIT);
    vgl_glEnable(GL_BLEND);
    vgl_glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    vgl_glUseProgram(R.prog);
    vgl_glUniform2f(R.u_viewport, (float)fb_w, (float)fb_h);
    vgl_glUniform1i(R.u_tex, 0);
    vgl_glActiveTexture(GL_TEXTURE0);
    vgl_glBindVertexArray(R.vao);
    vgl_glBindBuffer(GL_ARRAY_BUFFER, R.vbo);
}

void render_end(void)
{
    flush();
}

float render_scale(void)
{
    return R.s;
}

void render_rect(Rect r, Color c)
{
    static const float uv[4] = {0, 0, 1, 1};
    float s = R.s;
    rect_px(roundf(r.x * s), roundf(r.y * s), roundf((r.x + r.w) * s), roundf((r.y + r.h) * s), uv, c,
            MODE_TEX, 0);
}

void render_rect_outline(Rect r, float t, Color c)
{
    render_rect((Rect){r.x, r.y, r.w, t}, c);
    render_rect((Rect){r.x, r.y + r.h - t, r.w, t}, c);
    render_rect((Rect){r.x, r.y + t, t, r.h - 2 * t}, c);
    render_rect((Rect){r.x + r.w - t, r.y + t, t, r.h - 2 * t}, c);
}

void render_line(float x0, float y0, float x1, float y1, float thick, Color c)
{
    static const float uv[8] = {0, 0, 1, 0, 1, 1, 0, 1};
    float s = R.s, dx = (x1 - x0) * s, dy = (y1 - y0) * s;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-6f)
        return;
    float h = fmaxf(thick * s, 1.f) * 0.5f;
    float nx = -dy / len * h, ny = dx / len * h;
    float ex = dx / len * h * 0.5f, ey = dy / len * h * 0.5f; /* small overlap at joints */
    float ax = x0 * s - ex, ay = y0 * s - ey, bx = x1 * s + ex, by = y1 * s + ey;
    float p[8] = {ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny};
    quad_px(p, uv, c, MODE_TEX, 0);
}

void render_polyline(const float *xy, int n, float thick, Color c)
{
    for (int i = 0; i + 1 < n; i++)
        render_line(xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], thick, c);
}

void render_disc(float cx, float cy, float radius, Color c)
{
    static const float uv[4] = {-1, -1, 1, 1};
    float s = R.s, r = radius * s + 0.5f;
    rect_px(cx * s - r, cy * s - r, cx * s + r, cy * s + r, uv, c, MODE_DISC, 0);
}

void render_ellipse(float cx, float cy, float rx, float ry, float thick, Color c)
{
    enum { N = 96 };
    float xy[2 * (N + 1)];
    for (int i = 0; i <= N; i++) {
        float a = (float)i / N * 6.2831853f;
        xy[2 * i] = cx + rx * cosf(a);
        xy[2 * i + 1] = cy + ry * sinf(a);
    }
    render_polyline(xy, N + 1, thick, c);
}

void render_image_uv(unsigned tex, Rect r, float u0, float v0, float u1, float v1, Color c, int grey)
{
    float uv[4] = {u0, v0, u1, v1};
    float s = R.s;
    rect_px(roundf(r.x * s), roundf(r.y * s), roundf((r.x + r.w) * s), roundf((r.y + r.h) * s), uv, c,
            grey ? MODE_GREY : MODE_TEX, tex);
}

void render_image(unsigned tex, Rect r, Color c, int grey)
{
    render_image_uv(tex, r, 0, 0, 1, 1, c, grey);
}

void render_clip(const Rect *r)
{
    flush();
    if (!r) {
        vgl_glDisable(GL_SCISSOR_TEST);
        return;
    }
    float s = R.s;
    int x0 = (int)roundf(r->x * s), y0 = (int)roundf(r->y * s);
    int x1 = (int)roundf((r->x + r->w) * s), y1 = (int)roundf((r->y + r->h) * s);
    vgl_glEnable(GL_SCISSOR_TEST);
    vgl_glScissor(x0, R.fb_h - y1, x1 - x0 > 0 ? x1 - x0 : 0, y1 - y0 > 0 ? y1 - y0 : 0);
}

unsigned render_texture_create(int w, int h, int grey, const void *pixels, int smooth)
{
    GLuint t = 0;
    GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
    vgl_glGenTextures(1, &t);
    vgl_glBindTexture(GL_TEXTURE_2D, t);
    vgl_glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    vgl_glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    vgl_glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    vgl_glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    vgl_glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    vgl_glTexImage2D(GL_TEXTURE_2D, 0, grey ? GL_R8 : GL_RGBA8, w, h, 0, grey ? GL_RED : GL_RGBA,
                     GL_UNSIGNED_BYTE, pixels);
    vgl_glBindTexture(GL_TEXTURE_2D, R.tex ? R.tex : R.white);
    return t;
}

void render_texture_update(unsigned tex, int w, int h, int grey, const void *pixels)
{
    flush();
    vgl_glBindTexture(GL_TEXTURE_2D, tex);
    vgl_glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    vgl_glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, grey ? GL_RED : GL_RGBA, GL_UNSIGNED_BYTE, pixels);
}

void render_texture_free(unsigned tex)
{
    GLuint t = tex;
    if (!t)
        return;
    flush();
    if (R.tex == tex)
        R.tex = 0;
    vgl_glDeleteTextures(1, &t);
}

void render_read_pixels(int fb_w, int fb_h, uint8_t *out)
{
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
