/* map.c - the latent map: test encodings coloured by class, the prior's 1-2-3
 * sigma circles, the optional manifold of decoded digits underneath, the decode
 * cursor, the selected image's posterior ellipses, pan and zoom, and for Z > 2 the
 * choice of the two shown dimensions with sliders for the others.
 * Must not: wait on the worker: it decodes with the UI's own snapshot model. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"

#include <SDL_keycode.h>

#include "clock.h"

void map_init(MapPanel *m) {
    memset(m, 0, sizeof *m);
    m->view.dim_x = 0;
    m->view.dim_y = 1;
    m->has_cursor = 1; /* the prior's mean, until the user drags */
    map_reset_view(m);
}

void map_reset_view(MapPanel *m) {
    latent_view_reset(&m->view);
    m->manifold_dirty = 1;
    m->dirty = 1;
}

/* A new model (reset, restart, open): the shown dimensions must exist. */
void map_new_model(MapPanel *m, int Z) {
    if (m->view.dim_x >= Z || m->view.dim_y >= Z || m->view.dim_x == m->view.dim_y) {
        m->view.dim_x = 0;
        m->view.dim_y = Z > 1 ? 1 : 0;
    }
    for (int i = Z; i < VAE_MAX_LATENT; i++) m->zvec[i] = 0.f;
    m->manifold_dirty = 1;
}

void map_decode_cursor(MapPanel *m, const Frame *f) {
    float probs[DIGIT_PIXELS];
    const VaeModel *vae = f->snap ? f->snap->vae : NULL;
    if (!vae || vae->cfg.input_dim != DIGIT_PIXELS) return;
    double t0 = clock_now();
    if (vae_decode(vae, f->snap->work, m->zvec, 1, probs) != VAE_OK) return;
    double us = (clock_now() - t0) * 1e6;
    m->decode_us_last = us;
    if (m->decode_us && m->n_decode_us < m->cap_decode_us) m->decode_us[m->n_decode_us++] = us;
    for (int i = 0; i < DIGIT_PIXELS; i++) m->decoded[i] = (uint8_t)lroundf(fminf(fmaxf(probs[i], 0.f), 1.f) * 255.f);
    if (!m->decoded_tex)
        m->decoded_tex = render_texture_create(DIGIT, DIGIT, 1, m->decoded, 0);
    else
        render_texture_update(m->decoded_tex, DIGIT, DIGIT, 1, m->decoded);
    m->dirty = 1;
}

static void manifold_pixels(const Frame *f, const float *probs, int g, uint8_t *img) {
    int side = g * DIGIT;
    for (int cy = 0; cy < g; cy++)
        for (int cx = 0; cx < g; cx++) {
            const float *p = probs + (size_t)(cy * g + cx) * DIGIT_PIXELS;
            for (int y = 0; y < DIGIT; y++)
                for (int x = 0; x < DIGIT; x++)
                    img[(cy * DIGIT + y) * side + cx * DIGIT + x] =
                        (uint8_t)(f->u->dark ? p[y * DIGIT + x] * 150.f : 255.f - p[y * DIGIT + x] * 140.f);
        }
}

void map_update_manifold(MapPanel *m, const Frame *f) {
    const VaeModel *vae = f->snap ? f->snap->vae : NULL;
    const int g = 16;
    if (!m->manifold || !vae || vae->cfg.input_dim != DIGIT_PIXELS) return;
    int Z = vae->cfg.latent_dim;
    float *z = malloc(sizeof(float) * (size_t)(g * g * Z));
    float *probs = malloc(sizeof(float) * (size_t)(g * g) * DIGIT_PIXELS);
    uint8_t *img = malloc((size_t)(g * DIGIT) * (size_t)(g * DIGIT));
    if (z && probs && img) {
        for (int cy = 0; cy < g; cy++)
            for (int cx = 0; cx < g; cx++) {
                float *zi = z + (size_t)(cy * g + cx) * Z;
                memcpy(zi, m->zvec, sizeof(float) * (size_t)Z);
                zi[m->view.dim_x] = m->view.cx - m->view.span + (cx + 0.5f) / g * 2.f * m->view.span;
                if (Z > 1) zi[m->view.dim_y] = m->view.cy + m->view.span - (cy + 0.5f) / g * 2.f * m->view.span;
            }
        if (vae_decode(vae, f->snap->work, z, g * g, probs) == VAE_OK) {
            manifold_pixels(f, probs, g, img);
            if (!m->manifold_tex || m->manifold_g != g) {
                if (m->manifold_tex) render_texture_free(m->manifold_tex); /* the grid size changed */
                m->manifold_tex = render_texture_create(g * DIGIT, g * DIGIT, 1, img, 1);
            } else
                render_texture_update(m->manifold_tex, g * DIGIT, g * DIGIT, 1, img);
            m->manifold_g = g;
            m->manifold_view[0] = m->view.cx;
            m->manifold_view[1] = m->view.cy;
            m->manifold_view[2] = m->view.span;
        }
    }
    free(z);
    free(probs);
    free(img);
    m->manifold_dirty = 0;
    m->manifold_time = clock_now();
}

/* The test digit nearest to a click (within 7 units), or -1. */
static int pick_at(const MapPanel *m, const Frame *f, float px, float py) {
    const Snapshot *s = f->snap;
    int best = -1;
    float best_d = 7.f * 7.f;
    for (int i = 0; s && i < s->scatter_n && s->subset && i < s->subset->count; i++) {
        float x, y;
        latent_to_screen(&m->view, s->scatter[i * s->scatter_z + m->view.dim_x],
                         s->scatter_z > 1 ? s->scatter[i * s->scatter_z + m->view.dim_y] : 0.f, &x, &y);
        float d = (x - px) * (x - px) + (y - py) * (y - py);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

/* ---------------------------------------------------------------- input */

static int in_map(const MapPanel *m, const Frame *f, float x, float y) {
    return f->snap && f->snap->vae && rect_has(m->view.area, x, y) && rect_has(m->panel, x, y);
}

static void cursor_to(MapPanel *m, const Frame *f, float x, float y) {
    Rect r = m->view.area;
    x = fminf(fmaxf(x, r.x), r.x + r.w);
    y = fminf(fmaxf(y, r.y), r.y + r.h);
    screen_to_latent(&m->view, x, y, &m->zvec[m->view.dim_x], &m->zvec[m->view.dim_y]);
    m->has_cursor = 1;
    map_decode_cursor(m, f);
}

int map_press(MapPanel *m, const Frame *f, int button, float x, float y) {
    if (!in_map(m, f, x, y)) return 0;
    m->dragging = button == 1 ? 1 : 2;
    m->press_x = x;
    m->press_y = y;
    m->pan_cx = m->view.cx;
    m->pan_cy = m->view.cy;
    if (button == 1) cursor_to(m, f, x, y);
    return 1;
}

void map_motion(MapPanel *m, const Frame *f, float x, float y) {
    if (m->dragging == 1) {
        cursor_to(m, f, x, y);
    } else if (m->dragging == 2) {
        Rect r = m->view.area;
        m->view.cx = m->pan_cx - (x - m->press_x) / r.w * 2.f * m->view.span;
        m->view.cy = m->pan_cy + (y - m->press_y) / r.h * 2.f * m->view.span;
        m->manifold_dirty = 1;
        m->dirty = 1;
    }
}

int map_release(MapPanel *m, const Frame *f, int button, float x, float y) {
    int picked = -1;
    if (button == 1 && m->dragging == 1 && fabsf(x - m->press_x) < 4.f && fabsf(y - m->press_y) < 4.f)
        picked = pick_at(m, f, m->press_x, m->press_y);
    m->dragging = 0;
    return picked;
}

int map_wheel(MapPanel *m, const Frame *f, float dy) {
    Rect r = m->view.area;
    const Ui *u = f->u;
    float zx, zy;
    if (!rect_has(r, u->mx, u->my) || !rect_has(m->panel, u->mx, u->my)) return 0;
    screen_to_latent(&m->view, u->mx, u->my, &zx, &zy);
    float span = m->view.span * powf(0.85f, dy);
    m->view.span = fminf(fmaxf(span, 0.2f), 60.f);
    m->view.cx = zx - ((u->mx - r.x) / r.w * 2.f - 1.f) * m->view.span;
    m->view.cy = zy + ((u->my - r.y) / r.h * 2.f - 1.f) * m->view.span;
    m->manifold_dirty = 1;
    m->dirty = 1;
    return 1;
}

static void next_dim(MapPanel *m, const Frame *f, int *dim, int other) {
    int Z = frame_latent_dim(f);
    if (Z < 3) return;
    do *dim = (*dim + 1) % Z;
    while (*dim == other);
    m->manifold_dirty = 1;
    map_decode_cursor(m, f);
}

static void move_cursor(MapPanel *m, const Frame *f, float dx, float dy) {
    float st = m->view.span / 40.f;
    m->zvec[m->view.dim_x] += dx * st;
    m->zvec[m->view.dim_y] += dy * st;
    m->has_cursor = 1;
    map_decode_cursor(m, f);
}

static void adjust_slider(MapPanel *m, const Frame *f, float d) {
    int Z = frame_latent_dim(f);
    if (Z < 3) return;
    if (m->slider_dim == m->view.dim_x || m->slider_dim == m->view.dim_y || m->slider_dim >= Z)
        next_dim(m, f, &m->slider_dim, -1);
    while (m->slider_dim == m->view.dim_x || m->slider_dim == m->view.dim_y) m->slider_dim = (m->slider_dim + 1) % Z;
    m->zvec[m->slider_dim] = fminf(fmaxf(m->zvec[m->slider_dim] + d, -3.f), 3.f);
    m->manifold_dirty = 1;
    map_decode_cursor(m, f);
}

int map_key(MapPanel *m, const Frame *f, int sym) {
    switch (sym) {
    case SDLK_HOME:
    case SDLK_c:
        map_reset_view(m);
        break;
    case SDLK_m:
        m->manifold = !m->manifold;
        m->manifold_dirty = 1;
        break;
    case SDLK_LEFT:
        move_cursor(m, f, -1.f, 0.f);
        break;
    case SDLK_RIGHT:
        move_cursor(m, f, 1.f, 0.f);
        break;
    case SDLK_UP:
        move_cursor(m, f, 0.f, 1.f);
        break;
    case SDLK_DOWN:
        move_cursor(m, f, 0.f, -1.f);
        break;
    case SDLK_x:
        next_dim(m, f, &m->view.dim_x, m->view.dim_y);
        break;
    case SDLK_y:
        next_dim(m, f, &m->view.dim_y, m->view.dim_x);
        break;
    case SDLK_v:
        adjust_slider(m, f, 0.f);
        next_dim(m, f, &m->slider_dim, -1);
        adjust_slider(m, f, 0.f);
        break;
    case SDLK_PAGEUP:
        adjust_slider(m, f, 0.25f);
        break;
    case SDLK_PAGEDOWN:
        adjust_slider(m, f, -0.25f);
        break;
    default:
        return 0;
    }
    m->dirty = 1;
    return 1;
}

/* ---------------------------------------------------------------- drawing */

static void draw_manifold(MapPanel *m, const Frame *f) {
    if (!m->manifold || !m->manifold_tex) return;
    float x0, y0, x1, y1, *v = m->manifold_view;
    latent_to_screen(&m->view, v[0] - v[2], v[1] + v[2], &x0, &y0);
    latent_to_screen(&m->view, v[0] + v[2], v[1] - v[2], &x1, &y1);
    Color tint = f->u->dark ? rgba(0xFFFFFF, 255) : f->u->th.bg; /* pixels are pre-toned per theme */
    render_image(m->manifold_tex, (Rect){x0, y0, x1 - x0, y1 - y0}, tint, 1);
}

static float grid_step(const MapPanel *m) {
    float st = (float)(m->view.span > 3.f ? 1.0 : m->view.span > 1.5f ? 0.5 : 0.25);
    return m->view.span > 8.f ? 2.f * floorf(m->view.span / 8.f) : st;
}

/* Tick labels, and the grid lines unless the opaque scatter image already holds them. */
static void draw_grid(MapPanel *m, const Frame *f, int lines) {
    Rect r = m->view.area;
    char buf[16];
    float st = grid_step(m);
    for (float v = ceilf((m->view.cx - m->view.span) / st) * st; v <= m->view.cx + m->view.span; v += st) {
        float x, y;
        latent_to_screen(&m->view, v, 0.f, &x, &y);
        if (lines) render_rect((Rect){x, r.y, 1.f, r.h}, fabsf(v) < 1e-4f ? f->u->th.faint : f->u->th.grid);
        snprintf(buf, sizeof buf, "%g", (double)v);
        if (x > r.x + 24.f && x < r.x + r.w - 24.f)
            text_draw(buf, x + 3.f, r.y + r.h - 17.f, 11.f, TEXT_REGULAR, f->u->th.faint, ALIGN_LEFT);
    }
    for (float v = ceilf((m->view.cy - m->view.span) / st) * st; v <= m->view.cy + m->view.span; v += st) {
        float x, y;
        latent_to_screen(&m->view, 0.f, v, &x, &y);
        if (lines) render_rect((Rect){r.x, y, r.w, 1.f}, fabsf(v) < 1e-4f ? f->u->th.faint : f->u->th.grid);
        snprintf(buf, sizeof buf, "%g", (double)v);
        if (y > r.y + 20.f && y < r.y + r.h - 24.f)
            text_draw(buf, r.x + 4.f, y - 15.f, 11.f, TEXT_REGULAR, f->u->th.faint, ALIGN_LEFT);
    }
}

static void draw_prior(MapPanel *m, const Frame *f) {
    float cx, cy, ex, ey;
    latent_to_screen(&m->view, 0.f, 0.f, &cx, &cy);
    for (int k = 1; k <= 3; k++) {
        latent_to_screen(&m->view, (float)k, 0.f, &ex, &ey);
        float rad = ex - cx;
        render_ellipse(cx, cy, rad, rad, 2.6f, f->u->dark ? rgba(0x000000, 110) : rgba(0xFFFFFF, 140));
        render_ellipse(cx, cy, rad, rad, 1.2f, f->u->th.prior);
        char buf[8];
        snprintf(buf, sizeof buf, "%d\xCF\x83", k); /* "1σ" */
        float lx = cx + rad * 0.7071f + 3.f, ly = cy - rad * 0.7071f - 17.f;
        render_rect((Rect){lx - 2.f, ly + 1.f, text_width(buf, 12.f, TEXT_REGULAR) + 4.f, 15.f}, f->u->th.bg);
        text_draw(buf, lx, ly, 12.f, TEXT_REGULAR, f->u->th.prior, ALIGN_LEFT);
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

static void blend_px(uint8_t *p, Color c, float a) {
    float da = p[3] / 255.f, oa = a + da * (1.f - a);
    if (oa <= 0.f) return;
    const float src[3] = {c.r, c.g, c.b};
    for (int k = 0; k < 3; k++) p[k] = (uint8_t)((src[k] * a + p[k] * da * (1.f - a)) / oa + 0.5f);
    p[3] = (uint8_t)(oa * 255.f + 0.5f);
}

static void raster_disc(float cx, float cy, float r, Color c) {
    int x0 = (int)floorf(cx - r - 1.f), x1 = (int)ceilf(cx + r + 1.f);
    int y0 = (int)floorf(cy - r - 1.f), y1 = (int)ceilf(cy + r + 1.f);
    for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < SI.h; y++)
        for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < SI.w; x++) {
            float dx = (float)x + 0.5f - cx, dy = (float)y + 0.5f - cy;
            float cov = r + 0.5f - sqrtf(dx * dx + dy * dy);
            if (cov > 0.f)
                blend_px(SI.rgba + ((size_t)y * (size_t)SI.w + (size_t)x) * 4, c,
                         (cov > 1.f ? 1.f : cov) * c.a / 255.f);
        }
}

/* Without the manifold the image is opaque (background and grid lines included): one
 * unblended quad instead of a background plus a blended layer. */
static int scatter_opaque(const MapPanel *m) { return !m->manifold; }

static void fill_opaque(const MapPanel *m, const Frame *f, int w, int h) {
    Rect r = m->view.area;
    const Color bg = f->u->th.bg;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
        uint8_t *p = SI.rgba + i * 4;
        p[0] = bg.r, p[1] = bg.g, p[2] = bg.b, p[3] = 255;
    }
    float st = grid_step(m);
    for (int axis = 0; axis < 2; axis++) {
        float c = axis ? m->view.cy : m->view.cx;
        for (float v = ceilf((c - m->view.span) / st) * st; v <= c + m->view.span; v += st) {
            float x, y;
            latent_to_screen(&m->view, axis ? 0.f : v, axis ? v : 0.f, &x, &y);
            Color g = fabsf(v) < 1e-4f ? f->u->th.faint : f->u->th.grid;
            int k = axis ? (int)lroundf((y - r.y) * f->u->s) : (int)lroundf((x - r.x) * f->u->s);
            int n = axis ? w : h, lim = axis ? h : w;
            for (int t = 0; k >= 0 && k < lim && t < n; t++) {
                uint8_t *p = SI.rgba + ((size_t)(axis ? k : t) * (size_t)w + (size_t)(axis ? t : k)) * 4;
                p[0] = g.r, p[1] = g.g, p[2] = g.b;
            }
        }
    }
}

static int scatter_stale(const MapPanel *m, const Frame *f, int w, int h) {
    float key[8] = {m->view.cx,
                    m->view.cy,
                    m->view.span,
                    (float)m->view.dim_x,
                    (float)m->view.dim_y,
                    f->u->s,
                    (float)scatter_opaque(m),
                    (float)f->u->dark};
    long version = f->snap->scatter_step * 1000 + f->snap->model_id; /* the points changed */
    int stale = !SI.tex || SI.w != w || SI.h != h || SI.version != version || memcmp(key, SI.key, sizeof key);
    memcpy(SI.key, key, sizeof key);
    return stale;
}

static void build_scatter(MapPanel *m, const Frame *f, int w, int h) {
    const Snapshot *s = f->snap;
    Rect r = m->view.area;
    if (SI.w != w || SI.h != h) {
        free(SI.rgba);
        SI.rgba = malloc((size_t)w * (size_t)h * 4);
        render_texture_free(SI.tex);
        SI.tex = 0;
    }
    if (!SI.rgba) return;
    SI.w = w;
    SI.h = h;
    SI.version = s->scatter_step * 1000 + s->model_id;
    if (scatter_opaque(m))
        fill_opaque(m, f, w, h);
    else
        memset(SI.rgba, 0, (size_t)w * (size_t)h * 4);
    Color pal[10];
    for (int k = 0; k < 10; k++) pal[k] = rgba(class_palette[k], 215);
    for (int i = 0; i < s->scatter_n && s->subset && i < s->subset->count; i++) {
        const float *z = s->scatter + (size_t)i * (size_t)s->scatter_z;
        float x, y;
        latent_to_screen(&m->view, z[m->view.dim_x], s->scatter_z > 1 ? z[m->view.dim_y] : 0.f, &x, &y);
        raster_disc((x - r.x) * f->u->s, (y - r.y) * f->u->s, 2.6f * f->u->s, pal[s->subset->labels[i] % 10]);
    }
    if (!SI.tex)
        SI.tex = render_texture_create(w, h, 0, SI.rgba, 0);
    else
        render_texture_update(SI.tex, w, h, 0, SI.rgba);
}

static void draw_scatter(MapPanel *m, const Frame *f) {
    Rect r = m->view.area;
    int w = (int)lroundf(r.w * f->u->s), h = (int)lroundf(r.h * f->u->s);
    if (scatter_stale(m, f, w, h)) build_scatter(m, f, w, h);
    if (SI.tex && scatter_opaque(m))
        render_image_opaque(SI.tex, r);
    else if (SI.tex)
        render_image(SI.tex, r, rgba(0xFFFFFF, 255), 0);
}

static void draw_posterior(MapPanel *m, const Frame *f) {
    const Selection *sel = f->sel;
    if (sel->kind == SEL_NONE || !f->snap->vae) return;
    float mx, my, ox, oy;
    float sx0 = expf(0.5f * sel->logvar[m->view.dim_x]), sy0 = expf(0.5f * sel->logvar[m->view.dim_y]);
    latent_to_screen(&m->view, sel->mu[m->view.dim_x], sel->mu[m->view.dim_y], &mx, &my);
    latent_to_screen(&m->view, sel->mu[m->view.dim_x] + sx0, sel->mu[m->view.dim_y] + sy0, &ox, &oy);
    float rx = ox - mx, ry = my - oy;
    Color shadow = f->u->dark ? rgba(0x000000, 200) : rgba(0xFFFFFF, 220);
    for (int k = 2; k >= 1; k--) {
        render_ellipse(mx, my, rx * k, ry * k, 4.5f, shadow);
        render_ellipse(mx, my, rx * k, ry * k, 2.2f, f->u->th.posterior);
    }
    render_line(mx - 9.f, my - 9.f, mx + 9.f, my + 9.f, 5.f, shadow);
    render_line(mx - 9.f, my + 9.f, mx + 9.f, my - 9.f, 5.f, shadow);
    render_line(mx - 8.f, my - 8.f, mx + 8.f, my + 8.f, 2.5f, f->u->th.posterior);
    render_line(mx - 8.f, my + 8.f, mx + 8.f, my - 8.f, 2.5f, f->u->th.posterior);
}

static void draw_cursor(MapPanel *m, const Frame *f) {
    if (!m->has_cursor) return;
    float x, y;
    latent_to_screen(&m->view, m->zvec[m->view.dim_x], m->zvec[m->view.dim_y], &x, &y);
    Color shadow = f->u->dark ? rgba(0x000000, 200) : rgba(0xFFFFFF, 220);
    render_ellipse(x, y, 11.f, 11.f, 5.f, shadow);
    render_ellipse(x, y, 11.f, 11.f, 2.5f, f->u->th.cursor);
    render_disc(x, y, 3.f, f->u->th.cursor);
}

/* ---------------------------------------------------------------- layout */

static int legend_cols(float w) {
    int c = (int)((w - 28.f) / 70.f);
    return c < 2 ? 2 : c > 5 ? 5 : c;
}

static float title_height(float w, int Z) {
    const char *hint = Z > 2 ? "z1 / z2" : tr(STR_MAP_PRIOR);
    float need = text_width(tr(STR_PANEL_MAP), 15.f, TEXT_BOLD) + text_width(hint, 12.f, TEXT_REGULAR) + 48.f;
    return need <= w ? 36.f : 54.f; /* the hint goes under the title when both do not fit */
}

static int slider_cols(float w) { return w >= 300.f ? 2 : 1; }

float map_below_height(float w, int Z) {
    float tw = w - 28.f;
    int rows = (10 + legend_cols(w) - 1) / legend_cols(w);
    float h = 10.f + 20.f * (float)rows + 4.f;
    h += ui_text_height(tr(STR_MAP_HINT), tw, 12.f, 0) + 4.f;
    if (Z <= 2)
        h += 18.f; /* the scatter line */
    else {
        int n = Z - 2 < 8 ? Z - 2 : 8, cols = slider_cols(w);
        h += 18.f + 22.f * (float)((n + cols - 1) / cols);
    }
    return h + 6.f;
}

/* Where the square goes inside the panel the layout gave: as large as fits above the
 * legend and hints; when the panel is short the square keeps a usable size and the
 * part below it scrolls. */
static void place(MapPanel *m, int Z) {
    Rect p = m->panel;
    float top = title_height(p.w, Z), below = map_below_height(p.w, Z);
    float side = fminf(p.w - 24.f, p.h - top - below - 8.f);
    float min_side = fminf(p.w - 24.f, fmaxf(p.h - top - 60.f, 60.f));
    if (side < fminf(160.f, min_side)) side = fminf(160.f, min_side);
    /* a wide, short panel: the legend and hints go beside the square */
    float bw = fminf(fmaxf(floorf(p.w * 0.3f), 190.f), 300.f);
    float beside = fminf(p.w - 24.f - bw - 12.f, p.h - top - 8.f);
    if (beside > side + 40.f) {
        side = floorf(beside);
        m->view.area = (Rect){p.x + 12.f, p.y + top, side, side};
        float bx = p.x + 12.f + side + 8.f;
        m->below = (Rect){bx, p.y + top, p.x + p.w - bx, p.h - top - 2.f};
        return;
    }
    side = floorf(fmaxf(side, 40.f));
    m->view.area = (Rect){p.x + floorf((p.w - side) * 0.5f), p.y + top, side, side};
    float by = p.y + top + side + 4.f;
    m->below = (Rect){p.x, by, p.w, p.y + p.h - by - 2.f};
}

/* ---------------------------------------------------------------- below the square */

static float draw_legend(const MapPanel *m, const Frame *f, float y) {
    Rect p = m->below;
    char buf[16];
    int cols = legend_cols(p.w);
    float col = (p.w - 28.f) / (float)cols;
    for (int k = 0; k < 10; k++) {
        float x = p.x + 14.f + col * (float)(k % cols), yy = y + 20.f * (float)(k / cols);
        render_disc(x + 6.f, yy + 8.f, 5.f, rgba(class_palette[k], 255));
        text_draw_fit(class_name(f->snap->dataset, k, buf, sizeof buf), x + 16.f, yy, col - 20.f, 13.f, TEXT_REGULAR,
                      f->u->th.text);
    }
    return 20.f * (float)((10 + cols - 1) / cols) + 4.f;
}

static float draw_sliders(MapPanel *m, const Frame *f, float y) {
    int Z = frame_latent_dim(f), shown = 0, cols = slider_cols(m->below.w);
    Rect p = m->below;
    float colw = (p.w - 28.f) / (float)cols;
    char buf[32];
    if (Z <= 2) return 0.f;
    text_draw(tr(STR_MAP_OTHER_DIMS), p.x + 14.f, y, 12.f, TEXT_REGULAR, f->u->th.muted, ALIGN_LEFT);
    for (int d = 0; d < Z && shown < 8; d++) {
        if (d == m->view.dim_x || d == m->view.dim_y) continue;
        float x = p.x + 14.f + colw * (float)(shown % cols), yy = y + 18.f + 22.f * (float)(shown / cols);
        snprintf(buf, sizeof buf, "z%d %+.1f", d + 1, (double)m->zvec[d]);
        text_draw(buf, x, yy, 12.f, d == m->slider_dim ? TEXT_BOLD : TEXT_REGULAR,
                  d == m->slider_dim ? f->u->th.accent : f->u->th.text, ALIGN_LEFT);
        float t = (m->zvec[d] + 3.f) / 6.f;
        char name[16];
        snprintf(name, sizeof name, "z%d", d + 1);
        if (ui_slider(f->u, name, (Rect){x + 70.f, yy, colw - 84.f, 16.f}, &t)) {
            m->zvec[d] = t * 6.f - 3.f;
            m->slider_dim = d;
            map_decode_cursor(m, f);
            m->manifold_dirty = 1;
        }
        shown++;
    }
    return 18.f + 22.f * (float)((shown + cols - 1) / cols);
}

static void draw_below(MapPanel *m, const Frame *f) {
    Rect p = m->below, view = p;
    int Z = frame_latent_dim(f);
    if (view.h < 8.f) return;
    float content = map_below_height(p.w, Z);
    float y = ui_scroll_begin(f->u, "below", view, content, &m->scroll) + 6.f, tw = p.w - 28.f;
    y += draw_legend(m, f, y);
    y += text_draw_wrapped(tr(STR_MAP_HINT), p.x + 14.f, y, tw, 12.f, TEXT_REGULAR, f->u->th.muted) + 4.f;
    if (Z <= 2 && f->snap->scatter_n > 0 && f->snap->vae) {
        char buf[128];
        snprintf(buf, sizeof buf, tr(STR_MAP_SCATTER_INFO), f->snap->scatter_n, f->snap->scatter_step);
        text_draw_fit(buf, p.x + 14.f, y, tw, 12.f, TEXT_REGULAR, f->u->th.faint);
    }
    if (Z > 2) draw_sliders(m, f, y);
    ui_scroll_end(f->u);
}

static void draw_title(MapPanel *m, const Frame *f) {
    Rect p = m->panel;
    char buf[96];
    int Z = frame_latent_dim(f);
    ui_panel(f->u, "map", p, tr(STR_PANEL_MAP));
    if (Z > 2)
        snprintf(buf, sizeof buf, tr(STR_MAP_DIMS), m->view.dim_x + 1, m->view.dim_y + 1);
    else
        snprintf(buf, sizeof buf, "%s", tr(STR_MAP_PRIOR));
    if (title_height(p.w, Z) < 40.f)
        text_draw(buf, p.x + p.w - 14.f, p.y + 12.f, 12.f, TEXT_REGULAR, f->u->th.muted, ALIGN_RIGHT);
    else
        text_draw_fit(buf, p.x + 14.f, p.y + 32.f, p.w - 28.f, 12.f, TEXT_REGULAR, f->u->th.muted);
}

/* A message on a box in the middle of the plane (loading, no data). */
static void draw_empty(const MapPanel *m, const Frame *f) {
    Rect r = m->view.area;
    const Snapshot *s = f->snap;
    int err = s->state == WORKER_ERROR;
    const char *msg = err ? tr(STR_MSG_NO_DATA) : tr(STR_MAP_EMPTY);
    float pad = fminf(40.f, r.w * 0.1f), x = r.x + pad, w = r.w - 2.f * pad, y = r.y + r.h * 0.3f;
    float h = ui_text_height(msg, w, 15.f, 0);
    if (err && s->status[0]) h += 10.f + ui_text_height(s->status, w, 12.f, 0);
    Rect box = {x - pad * 0.4f, y - 14.f, w + pad * 0.8f, h + 28.f};
    render_rect(box, f->u->th.panel);
    render_rect_outline(box, 1.f, err ? f->u->th.error_bg : f->u->th.border);
    float used = text_draw_wrapped(msg, x, y, w, 15.f, TEXT_REGULAR, f->u->th.text);
    if (err && s->status[0]) text_draw_wrapped(s->status, x, y + used + 10.f, w, 12.f, TEXT_REGULAR, f->u->th.muted);
}

void map_set_rects(MapPanel *m, Rect panel, Rect decoded, int latent_dim) {
    m->panel = panel;
    m->decoded_panel = decoded;
    place(m, latent_dim);
    float side = floorf(fmaxf(fminf(decoded.w - 32.f, decoded.h - 36.f - 26.f), 28.f));
    m->digit_big = (Rect){decoded.x + floorf((decoded.w - side) * 0.5f), decoded.y + 36.f, side, side};
}

void map_draw(MapPanel *m, const Frame *f) {
    Rect r = m->view.area;
    draw_title(m, f);
    ui_record_widget(f->u, "plane", r);
    int opaque = f->snap->scatter_n > 0 && scatter_opaque(m);
    if (!opaque) render_rect(r, f->u->th.bg);
    render_clip(&r);
    draw_manifold(m, f);
    if (f->snap->scatter_n > 0) draw_scatter(m, f);
    draw_grid(m, f, !opaque);
    draw_prior(m, f); /* on top of the dots, or the dense centre hides the 1-sigma circle */
    draw_posterior(m, f);
    draw_cursor(m, f);
    render_clip(&m->panel);
    render_rect_outline(r, 1.f, f->u->th.border);
    if (f->snap->scatter_n == 0 && f->sel->kind == SEL_NONE) draw_empty(m, f);
    draw_below(m, f);
    ui_panel_end(f->u);
}

/* ---------------------------------------------------------------- the decoded digit */

static void digit_frame(const Frame *f, Rect r, unsigned tex) {
    render_rect(r, rgba(0x000000, 255));
    render_rect_outline((Rect){r.x - 1.f, r.y - 1.f, r.w + 2.f, r.h + 2.f}, 1.f, f->u->th.border);
    if (tex) render_image(tex, r, rgba(0xFFFFFF, 255), 1);
}

void map_draw_decoded(MapPanel *m, const Frame *f) {
    Rect p = m->decoded_panel;
    char buf[96];
    Rect d = m->digit_big;
    ui_panel(f->u, "decoded", p, ui_fit_title(tr(STR_PANEL_DECODED), tr(STR_PANEL_DECODED_SHORT), p.w - 28.f));
    ui_record_widget(f->u, "digit", d);
    digit_frame(f, d, m->has_cursor ? m->decoded_tex : 0);
    if (!m->has_cursor || !m->decoded_tex) {
        text_draw_wrapped(tr(STR_DECODED_HINT), d.x + 12.f, d.y + d.h * 0.3f, d.w - 24.f, 14.f, TEXT_REGULAR,
                          rgba(0xB0B8C4, 255));
    } else {
        snprintf(buf, sizeof buf, tr(STR_DECODED_AT), (double)m->zvec[m->view.dim_x], (double)m->zvec[m->view.dim_y]);
        float w = text_width(buf, 14.f, TEXT_REGULAR);
        if (w <= p.w - 16.f)
            text_draw(buf, d.x + d.w * 0.5f, d.y + d.h + 6.f, 14.f, TEXT_REGULAR, f->u->th.muted, ALIGN_CENTER);
        else
            text_draw_fit(buf, p.x + 8.f, d.y + d.h + 6.f, p.w - 16.f, 12.f, TEXT_REGULAR, f->u->th.muted);
    }
    ui_panel_end(f->u);
}
