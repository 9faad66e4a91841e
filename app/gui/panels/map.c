/* map.c - the latent map: test encodings coloured by class, the prior's 1-2-3
 * sigma circles, the optional manifold of decoded digits underneath, the decode
 * cursor, the selected image's posterior ellipses, pan and zoom, and for Z > 2 the
 * choice of the two shown dimensions with sliders for the others.
 * Must not: wait on the worker: it decodes with the UI's own snapshot model. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

static double now_us(void)
{
    return (double)SDL_GetPerformanceCounter() * 1e6 / (double)SDL_GetPerformanceFrequency();
}

void map_reset_view(App *a)
{
    a->view_cx = 0.f;
    a->view_cy = 0.f;
    a->view_span = 4.f;
    a->manifold_dirty = 1;
}

void map_to_screen(const App *a, float z0, float z1, float *sx, float *sy)
{
    Rect r = a->L.map_area;
    *sx = r.x + (z0 - (a->view_cx - a->view_span)) / (2.f * a->view_span) * r.w;
    *sy = r.y + ((a->view_cy + a->view_span) - z1) / (2.f * a->view_span) * r.h;
}

void map_to_latent(const App *a, float sx, float sy, float *z0, float *z1)
{
    Rect r = a->L.map_area;
    *z0 = a->view_cx - a->view_span + (sx - r.x) / r.w * 2.f * a->view_span;
    *z1 = a->view_cy + a->view_span - (sy - r.y) / r.h * 2.f * a->view_span;
}

void map_decode_cursor(App *a)
{
    float probs[DIGIT_PIXELS];
    Vae *vae = a->snap ? a->snap->vae : NULL;
    if (!vae || vae->cfg.input_dim != DIGIT_PIXELS)
        return;
    double t0 = now_us();
    if (vae_decode(vae, a->zvec, 1, probs) != VAE_OK)
        return;
    double us = now_us() - t0;
    a->decode_us_last = us;
    if (a->decode_us && a->n_decode_us < a->cap_decode_us)
        a->decode_us[a->n_decode_us++] = us;
    for (int i = 0; i < DIGIT_PIXELS; i++)
        a->decoded[i] = (uint8_t)lroundf(fminf(fmaxf(probs[i], 0.f), 1.f) * 255.f);
    if (!a->decoded_tex)
        a->decoded_tex = render_texture_create(DIGIT, DIGIT, 1, a->decoded, 0);
    else
        render_texture_update(a->decoded_tex, DIGIT, DIGIT, 1, a->decoded);
    a->dirty = 1;
}

static void manifold_pixels(App *a, const float *probs, int g, uint8_t *img)
{
    int side = g * DIGIT;
    for (int cy = 0; cy < g; cy++)
        for (int cx = 0; cx < g; cx++) {
            const float *p = probs + (size_t)(cy * g + cx) * DIGIT_PIXELS;
            for (int y = 0; y < DIGIT; y++)
                for (int x = 0; x < DIGIT; x++)
                    img[(cy * DIGIT + y) * side + cx * DIGIT + x] = (uint8_t)(
                        a->dark ? p[y * DIGIT + x] * 150.f : 255.f - p[y * DIGIT + x] * 140.f);
        }
}

void map_update_manifold(App *a)
{
    Vae *vae = a->snap ? a->snap->vae : NULL;
    const int g = 16;
    if (!a->manifold || !vae || vae->cfg.input_dim != DIGIT_PIXELS)
        return;
    int Z = vae->cfg.latent_dim;
    float *z = malloc(sizeof(float) * (size_t)(g * g * Z));
    float *probs = malloc(sizeof(float) * (size_t)(g * g) * DIGIT_PIXELS);
    uint8_t *img = malloc((size_t)(g * DIGIT) * (size_t)(g * DIGIT));
    if (z && probs && img) {
        for (int cy = 0; cy < g; cy++)
            for (int cx = 0; cx < g; cx++) {
                float *zi = z + (size_t)(cy * g + cx) * Z;
                memcpy(zi, a->zvec, sizeof(float) * (size_t)Z);
                zi[a->dim_x] = a->view_cx - a->view_span + (cx + 0.5f) / g * 2.f * a->view_span;
                if (Z > 1)
                    zi[a->dim_y] = a->view_cy + a->view_span - (cy + 0.5f) / g * 2.f * a->view_span;
            }
        if (vae_decode(vae, z, g * g, probs) == VAE_OK) {
            manifold_pixels(a, probs, g, img);
            if (!a->manifold_tex || a->manifold_g != g) {
                if (a->manifold_tex)
                    render_texture_free(a->manifold_tex); /* the grid size changed */
                a->manifold_tex = render_texture_create(g * DIGIT, g * DIGIT, 1, img, 1);
            }
            else
                render_texture_update(a->manifold_tex, g * DIGIT, g * DIGIT, 1, img);
            a->manifold_g = g;
            a->manifold_view[0] = a->view_cx;
            a->manifold_view[1] = a->view_cy;
            a->manifold_view[2] = a->view_span;
        }
    }
    free(z);
    free(probs);
    free(img);
    a->manifold_dirty = 0;
    a->manifold_time = app_now();
}

int map_pick(App *a, float px, float py)
{
    const Snapshot *s = a->snap;
    int best = -1;
    float best_d = 7.f * 7.f;
    for (int i = 0; s && i < s->scatter_n && s->subset && i < s->subset->count; i++) {
        float x, y;
        map_to_screen(a, s->scatter[i * s->scatter_z + a->dim_x],
                      s->scatter_z > 1 ? s->scatter[i * s->scatter_z + a->dim_y] : 0.f, &x, &y);
        float d = (x - px) * (x - px) + (y - py) * (y - py);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    if (best >= 0)
        digits_pick(a, best);
    return best >= 0;
}

/* ---------------------------------------------------------------- drawing */

static void draw_manifold(App *a)
{
    if (!a->manifold || !a->manifold_tex)
        return;
    float x0, y0, x1, y1, *v = a->manifold_view;
    map_to_screen(a, v[0] - v[2], v[1] + v[2], &x0, &y0);
    map_to_screen(a, v[0] + v[2], v[1] - v[2], &x1, &y1);
    Color tint = a->dark ? rgba(0xFFFFFF, 255) : a->th.bg; /* pixels are pre-toned per theme */
    render_image(a->manifold_tex, (Rect){x0, y0, x1 - x0, y1 - y0}, tint, 1);
}

static float grid_step(const App *a)
{
    float st = (float)(a->view_span > 3.f ? 1.0 : a->view_span > 1.5f ? 0.5 : 0.25);
    return a->view_span > 8.f ? 2.f * floorf(a->view_span / 8.f) : st;
}

/* Tick labels, and the grid lines unless the opaque scatter image already holds them. */
static void draw_grid(App *a, int lines)
{
    Rect r = a->L.map_area;
    char buf[16];
    float st = grid_step(a);
    for (float v = ceilf((a->view_cx - a->view_span) / st) * st; v <= a->view_cx + a->view_span; v += st) {
        float x, y;
        map_to_screen(a, v, 0.f, &x, &y);
        if (lines)
            render_rect((Rect){x, r.y, 1.f, r.h}, fabsf(v) < 1e-4f ? a->th.faint : a->th.grid);
        snprintf(buf, sizeof buf, "%g", (double)v);
        if (x > r.x + 24.f && x < r.x + r.w - 24.f)
            text_draw(buf, x + 3.f, r.y + r.h - 17.f, 11.f, TEXT_REGULAR, a->th.faint, ALIGN_LEFT);
    }
    for (float v = ceilf((a->view_cy - a->view_span) / st) * st; v <= a->view_cy + a->view_span; v += st) {
        float x, y;
        map_to_screen(a, 0.f, v, &x, &y);
        if (lines)
            render_rect((Rect){r.x, y, r.w, 1.f}, fabsf(v) < 1e-4f ? a->th.faint : a->th.grid);
        snprintf(buf, sizeof buf, "%g", (double)v);
        if (y > r.y + 20.f && y < r.y + r.h - 24.f)
            text_draw(buf, r.x + 4.f, y - 15.f, 11.f, TEXT_REGULAR, a->th.faint, ALIGN_LEFT);
    }
}

static void draw_prior(App *a)
{
    float cx, cy, ex, ey;
    map_to_screen(a, 0.f, 0.f, &cx, &cy);
    for (int k = 1; k <= 3; k++) {
        map_to_screen(a, (float)k, 0.f, &ex, &ey);
        float rad = ex - cx;
        render_ellipse(cx, cy, rad, rad, 2.6f, a->dark ? rgba(0x000000, 110) : rgba(0xFFFFFF, 140));
        render_ellipse(cx, cy, rad, rad, 1.2f, a->th.prior);
        char buf[8];
        snprintf(buf, sizeof buf, "%d\xCF\x83", k); /* "1σ" */
        float lx = cx + rad * 0.7071f + 3.f, ly = cy - rad * 0.7071f - 17.f;
        render_rect((Rect){lx - 2.f, ly + 1.f, text_width(buf, 12.f, TEXT_REGULAR) + 4.f, 15.f}, a->th.bg);
        text_draw(buf, lx, ly, 12.f, TEXT_REGULAR, a->th.prior, ALIGN_LEFT);
    }
}

/* The scatter is rasterised on the CPU into one texture, rebuilt only when the points,
 * the view or the size change: 5000 anti-aliased discs cost llvmpipe ~15 ms a frame
 * as triangles, and about 1 ms once as pixels. */
typedef struct {
    unsigned tex;
    int w, h;
    uint8_t *rgba;
    long version;
    float key[8];
} ScatterImage;

static ScatterImage SI;

static void blend_px(uint8_t *p, Color c, float a)
{
    float da = p[3] / 255.f, oa = a + da * (1.f - a);
    if (oa <= 0.f)
        return;
    const float src[3] = {c.r, c.g, c.b};
    for (int k = 0; k < 3; k++)
        p[k] = (uint8_t)((src[k] * a + p[k] * da * (1.f - a)) / oa + 0.5f);
    p[3] = (uint8_t)(oa * 255.f + 0.5f);
}

static void raster_disc(float cx, float cy, float r, Color c)
{
    int x0 = (int)floorf(cx - r - 1.f), x1 = (int)ceilf(cx + r + 1.f);
    int y0 = (int)floorf(cy - r - 1.f), y1 = (int)ceilf(cy + r + 1.f);
    for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < SI.h; y++)
        for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < SI.w; x++) {
            float dx = (float)x + 0.5f - cx, dy = (float)y + 0.5f - cy;
            float cov = r + 0.5f - sqrtf(dx * dx + dy * dy);
            if (cov > 0.f)
                blend_px(SI.rgba + ((size_t)y * (size_t)SI.w + (size_t)x) * 4, c, (cov > 1.f ? 1.f : cov) * c.a / 255.f);
        }
}

/* Without the manifold the image is opaque (background and grid lines included): one
 * unblended quad instead of a background plus a blended layer. */
static int scatter_opaque(const App *a)
{
    return !a->manifold;
}

static void fill_opaque(const App *a, int w, int h)
{
    Rect r = a->L.map_area;
    const Color bg = a->th.bg;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
        uint8_t *p = SI.rgba + i * 4;
        p[0] = bg.r, p[1] = bg.g, p[2] = bg.b, p[3] = 255;
    }
    float st = grid_step(a);
    for (int axis = 0; axis < 2; axis++) {
        float c = axis ? a->view_cy : a->view_cx;
        for (float v = ceilf((c - a->view_span) / st) * st; v <= c + a->view_span; v += st) {
            float x, y;
            map_to_screen(a, axis ? 0.f : v, axis ? v : 0.f, &x, &y);
            Color g = fabsf(v) < 1e-4f ? a->th.faint : a->th.grid;
            int k = axis ? (int)lroundf((y - r.y) * a->s) : (int)lroundf((x - r.x) * a->s);
            int n = axis ? w : h, lim = axis ? h : w;
            for (int t = 0; k >= 0 && k < lim && t < n; t++) {
                uint8_t *p = SI.rgba + ((size_t)(axis ? k : t) * (size_t)w + (size_t)(axis ? t : k)) * 4;
                p[0] = g.r, p[1] = g.g, p[2] = g.b;
            }
        }
    }
}

static int scatter_stale(const App *a, int w, int h)
{
    float key[8] = {a->view_cx, a->view_cy, a->view_span, (float)a->dim_x, (float)a->dim_y, a->s,
                    (float)scatter_opaque(a), (float)a->dark};
    long version = a->snap->scatter_step * 1000 + a->snap->model_id; /* the points changed */
    int stale = !SI.tex || SI.w != w || SI.h != h || SI.version != version || memcmp(key, SI.key, sizeof key);
    memcpy(SI.key, key, sizeof key);
    return stale;
}

static void build_scatter(App *a, int w, int h)
{
    const Snapshot *s = a->snap;
    Rect r = a->L.map_area;
    if (SI.w != w || SI.h != h) {
        free(SI.rgba);
        SI.rgba = malloc((size_t)w * (size_t)h * 4);
        render_texture_free(SI.tex);
        SI.tex = 0;
    }
    if (!SI.rgba)
        return;
    SI.w = w;
    SI.h = h;
    SI.version = s->scatter_step * 1000 + s->model_id;
    if (scatter_opaque(a))
        fill_opaque(a, w, h);
    else
        memset(SI.rgba, 0, (size_t)w * (size_t)h * 4);
    Color pal[10];
    for (int k = 0; k < 10; k++)
        pal[k] = rgba(class_palette[k], 215);
    for (int i = 0; i < s->scatter_n && s->subset && i < s->subset->count; i++) {
        const float *z = s->scatter + (size_t)i * (size_t)s->scatter_z;
        float x, y;
        map_to_screen(a, z[a->dim_x], s->scatter_z > 1 ? z[a->dim_y] : 0.f, &x, &y);
        raster_disc((x - r.x) * a->s, (y - r.y) * a->s, 2.6f * a->s, pal[s->subset->labels[i] % 10]);
    }
    if (!SI.tex)
        SI.tex = render_texture_create(w, h, 0, SI.rgba, 0);
    else
        render_texture_update(SI.tex, w, h, 0, SI.rgba);
}

static void draw_scatter(App *a)
{
    Rect r = a->L.map_area;
    int w = (int)lroundf(r.w * a->s), h = (int)lroundf(r.h * a->s);
    if (scatter_stale(a, w, h))
        build_scatter(a, w, h);
    if (SI.tex && scatter_opaque(a))
        render_image_opaque(SI.tex, r);
    else if (SI.tex)
        render_image(SI.tex, r, rgba(0xFFFFFF, 255), 0);
}

static void draw_posterior(App *a)
{
    const Selection *sel = &a->sel;
    if (sel->kind == SEL_NONE || !a->snap->vae)
        return;
    float mx, my, ox, oy;
    float sx0 = expf(0.5f * sel->logvar[a->dim_x]), sy0 = expf(0.5f * sel->logvar[a->dim_y]);
    map_to_screen(a, sel->mu[a->dim_x], sel->mu[a->dim_y], &mx, &my);
    map_to_screen(a, sel->mu[a->dim_x] + sx0, sel->mu[a->dim_y] + sy0, &ox, &oy);
    float rx = ox - mx, ry = my - oy;
    Color shadow = a->dark ? rgba(0x000000, 200) : rgba(0xFFFFFF, 220);
    for (int k = 2; k >= 1; k--) {
        render_ellipse(mx, my, rx * k, ry * k, 4.5f, shadow);
        render_ellipse(mx, my, rx * k, ry * k, 2.2f, a->th.posterior);
    }
    render_line(mx - 9.f, my - 9.f, mx + 9.f, my + 9.f, 5.f, shadow);
    render_line(mx - 9.f, my + 9.f, mx + 9.f, my - 9.f, 5.f, shadow);
    render_line(mx - 8.f, my - 8.f, mx + 8.f, my + 8.f, 2.5f, a->th.posterior);
    render_line(mx - 8.f, my + 8.f, mx + 8.f, my - 8.f, 2.5f, a->th.posterior);
}

static void draw_cursor(App *a)
{
    if (!a->has_cursor)
        return;
    float x, y;
    map_to_screen(a, a->zvec[a->dim_x], a->zvec[a->dim_y], &x, &y);
    Color shadow = a->dark ? rgba(0x000000, 200) : rgba(0xFFFFFF, 220);
    render_ellipse(x, y, 11.f, 11.f, 5.f, shadow);
    render_ellipse(x, y, 11.f, 11.f, 2.5f, a->th.cursor);
    render_disc(x, y, 3.f, a->th.cursor);
}

static void draw_legend(App *a, float y)
{
    Rect m = a->L.map;
    char buf[16];
    float col = (m.w - 28.f) / 5.f;
    for (int k = 0; k < 10; k++) {
        float x = m.x + 14.f + col * (float)(k % 5), yy = y + 20.f * (float)(k / 5);
        render_disc(x + 6.f, yy + 8.f, 5.f, rgba(class_palette[k], 255));
        text_draw_fit(class_name(a, k, buf, sizeof buf), x + 16.f, yy, col - 20.f, 13.f, TEXT_REGULAR,
                      a->th.text);
    }
}

static void draw_sliders(App *a, float y)
{
    Vae *vae = a->snap->vae;
    int Z = vae ? vae->cfg.latent_dim : 2, shown = 0;
    Rect m = a->L.map;
    float colw = (m.w - 28.f) / 2.f;
    char buf[32];
    if (Z <= 2)
        return;
    text_draw(tr(STR_MAP_OTHER_DIMS), m.x + 14.f, y, 12.f, TEXT_REGULAR, a->th.muted, ALIGN_LEFT);
    for (int d = 0; d < Z && shown < 8; d++) {
        if (d == a->dim_x || d == a->dim_y)
            continue;
        float x = m.x + 14.f + colw * (float)(shown % 2), yy = y + 18.f + 22.f * (float)(shown / 2);
        snprintf(buf, sizeof buf, "z%d %+.1f", d + 1, (double)a->zvec[d]);
        text_draw(buf, x, yy, 12.f, d == a->slider_dim ? TEXT_BOLD : TEXT_REGULAR,
                  d == a->slider_dim ? a->th.accent : a->th.text, ALIGN_LEFT);
        float t = (a->zvec[d] + 3.f) / 6.f;
        if (ui_slider(a, 300 + d, (Rect){x + 70.f, yy, colw - 84.f, 16.f}, &t)) {
            a->zvec[d] = t * 6.f - 3.f;
            a->slider_dim = d;
            map_decode_cursor(a);
            a->manifold_dirty = 1;
        }
        shown++;
    }
}

static void draw_title(App *a)
{
    Rect m = a->L.map;
    char buf[96];
    Vae *vae = a->snap->vae;
    ui_panel(a, m, tr(STR_PANEL_MAP));
    if (vae && vae->cfg.latent_dim > 2) {
        snprintf(buf, sizeof buf, tr(STR_MAP_DIMS), a->dim_x + 1, a->dim_y + 1);
        text_draw(buf, m.x + m.w - 14.f, m.y + 12.f, 12.f, TEXT_REGULAR, a->th.muted, ALIGN_RIGHT);
    } else {
        text_draw(tr(STR_MAP_PRIOR), m.x + m.w - 14.f, m.y + 12.f, 12.f, TEXT_REGULAR, a->th.muted,
                  ALIGN_RIGHT);
    }
}

/* A message on a box in the middle of the plane (loading, no data). */
static void draw_empty(App *a)
{
    Rect r = a->L.map_area;
    const Snapshot *s = a->snap;
    int err = s->state == WORKER_ERROR;
    const char *msg = err ? tr(STR_MSG_NO_DATA) : tr(STR_MAP_EMPTY);
    float x = r.x + 40.f, w = r.w - 80.f, y = r.y + r.h * 0.36f, h;
    render_clip(&(Rect){0, 0, 0, 0}); /* measure first */
    h = text_draw_wrapped(msg, x, y, w, 15.f, TEXT_REGULAR, a->th.text);
    if (err && s->status[0])
        h += 10.f + text_draw_wrapped(s->status, x, y, w, 12.f, TEXT_REGULAR, a->th.muted);
    render_clip(NULL);
    render_rect((Rect){x - 16.f, y - 14.f, w + 32.f, h + 28.f}, a->th.panel);
    render_rect_outline((Rect){x - 16.f, y - 14.f, w + 32.f, h + 28.f}, 1.f, err ? a->th.error_bg : a->th.border);
    float used = text_draw_wrapped(msg, x, y, w, 15.f, TEXT_REGULAR, a->th.text);
    if (err && s->status[0])
        text_draw_wrapped(s->status, x, y + used + 10.f, w, 12.f, TEXT_REGULAR, a->th.muted);
}

void map_draw(App *a)
{
    Rect r = a->L.map_area;
    draw_title(a);
    int opaque = a->snap->scatter_n > 0 && scatter_opaque(a);
    if (!opaque)
        render_rect(r, a->th.bg);
    render_clip(&r);
    draw_manifold(a);
    if (a->snap->scatter_n > 0)
        draw_scatter(a);
    draw_grid(a, !opaque);
    draw_prior(a); /* on top of the dots, or the dense centre hides the 1-sigma circle */
    draw_posterior(a);
    draw_cursor(a);
    render_clip(NULL);
    render_rect_outline(r, 1.f, a->th.border);
    if (a->snap->scatter_n == 0 && a->sel.kind == SEL_NONE)
        draw_empty(a);
    float y = r.y + r.h + 10.f;
    draw_legend(a, y);
    text_draw_fit(tr(STR_MAP_HINT), a->L.map.x + 14.f, y + 44.f, a->L.map.w - 28.f, 12.f, TEXT_REGULAR,
                  a->th.muted);
    if (a->snap->scatter_n > 0 && a->snap->vae && a->snap->vae->cfg.latent_dim <= 2) {
        char buf[128];
        snprintf(buf, sizeof buf, tr(STR_MAP_SCATTER_INFO), a->snap->scatter_n, a->snap->scatter_step);
        text_draw_fit(buf, a->L.map.x + 14.f, y + 64.f, a->L.map.w - 28.f, 12.f, TEXT_REGULAR, a->th.faint);
    }
    draw_sliders(a, y + 66.f);
}
