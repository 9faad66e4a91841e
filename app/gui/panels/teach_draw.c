/* teach_draw.c - drawing helpers shared by the teaching views: captions and notices,
 * heatmap colours (a perceptual dark-to-bright ramp), small axes with ticks, q(z|x)
 * ellipses in a latent box, dashed lines, legend entries and clipping to a view.
 * Owns: nothing but pure helpers over render.c and text.c (colours from the Ui's theme).
 * Must not: keep state, or call the other teach_*.c files. */
#include <math.h>
#include <stdio.h>

#include "teach_panel.h"

float teach_caption(const Ui *u, Rect r, StrId id) {
    return text_draw_wrapped(tr(id), r.x, r.y, r.w, 15.f, TEXT_REGULAR, u->th.text);
}

void teach_message(const Ui *u, Rect r, StrId id) {
    text_draw_wrapped(tr(id), r.x, r.y + 20.f, r.w, 16.f, TEXT_BOLD, u->th.muted);
}

void teach_wait(const Ui *u, Rect r) {
    text_draw_fit(tr(STR_TEACH_WAIT), r.x, r.y + 20.f, r.w, 16.f, TEXT_BOLD, u->th.muted);
}

Color teach_gap_colour(const Ui *u) { return u->dark ? rgba(0xF15854, 255) : rgba(0xC62828, 255); }

Color teach_logpx_colour(const Ui *u) { return u->dark ? rgba(0xC39BD3, 255) : rgba(0x7B3FA0, 255); }

static Rect intersect(Rect a, Rect b) {
    float x0 = fmaxf(a.x, b.x), y0 = fmaxf(a.y, b.y);
    float x1 = fminf(a.x + a.w, b.x + b.w), y1 = fminf(a.y + a.h, b.y + b.h);
    return (Rect){x0, y0, fmaxf(x1 - x0, 0.f), fmaxf(y1 - y0, 0.f)};
}

void teach_clip(const Ui *u, Rect r) {
    if (u->clip_depth > 0) r = intersect(r, u->clip_stack[u->clip_depth - 1]);
    render_clip(&r);
}

void teach_unclip(const Ui *u) { render_clip(u->clip_depth > 0 ? &u->clip_stack[u->clip_depth - 1] : NULL); }

/* An inferno-like ramp: black, purple, red, orange, pale yellow. */
static void ramp(float v, uint8_t *out) {
    static const float stops[5][3] = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};
    v = v < 0.f ? 0.f : v > 1.f ? 1.f : v;
    float f = v * 4.f;
    int i = (int)f > 3 ? 3 : (int)f;
    float t = f - (float)i;
    for (int k = 0; k < 3; k++) out[k] = (uint8_t)(stops[i][k] + (stops[i + 1][k] - stops[i][k]) * t + 0.5f);
}

/* Grid rows (row 0 at the bottom) into top-first RGBA; colour by (p / max)^gamma.
 * opaque = 0 fades low densities out, for drawing over the map. */
void teach_heat_rgba(const float *grid, int g, float gamma, int opaque, uint8_t *rgba) {
    float mx = 0.f;
    for (int i = 0; i < g * g; i++) mx = fmaxf(mx, grid[i]);
    teach_heat_rgba_max(grid, g, mx, gamma, opaque, rgba);
}

/* The same with a given peak (two densities on one colour scale). */
void teach_heat_rgba_max(const float *grid, int g, float mx, float gamma, int opaque, uint8_t *rgba) {
    for (int r = 0; r < g; r++)
        for (int c = 0; c < g; c++) {
            float v = mx > 0.f ? powf(grid[r * g + c] / mx, gamma) : 0.f;
            uint8_t *p = rgba + ((size_t)(g - 1 - r) * (size_t)g + (size_t)c) * 4;
            ramp(opaque ? v : 0.25f + 0.75f * v, p);
            p[3] = opaque ? 255 : (uint8_t)(fminf(v * 4.f, 1.f) * 225.f);
        }
}

unsigned teach_texture(unsigned tex, int g, const uint8_t *rgba) {
    if (!tex) return render_texture_create(g, g, 0, rgba, 1);
    render_texture_update(tex, g, g, 0, rgba);
    return tex;
}

float axes_x(const Axes *ax, double v) {
    if (ax->logx) v = log10(v > 1e-12 ? v : 1e-12);
    return ax->r.x + (float)((v - ax->x0) / (ax->x1 - ax->x0)) * ax->r.w;
}

float axes_y(const Axes *ax, double v) {
    return ax->r.y + ax->r.h - (float)((v - ax->y0) / (ax->y1 - ax->y0)) * ax->r.h;
}

/* About `want` ticks over span (fewer on a small axis: want >= 1). */
static double nice_step(double span, int want) {
    double raw = span / want, p = pow(10.0, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0) * p;
}

static int tick_count(float len, float per_tick) {
    int n = (int)(len / per_tick);
    return n < 1 ? 1 : n > 4 ? 4 : n;
}

static void x_ticks(const Ui *u, const Axes *ax) {
    char buf[32];
    Rect r = ax->r;
    double st = ax->logx ? 1.0 : nice_step(ax->x1 - ax->x0, tick_count(r.w, 50.f));
    if (ax->logx && r.w < 150.f) st = 2.0;
    for (double v = ceil(ax->x0 / st) * st; v <= ax->x1 + 1e-9; v += st) {
        float x = r.x + (float)((v - ax->x0) / (ax->x1 - ax->x0)) * r.w;
        render_rect((Rect){x, r.y, 1.f, r.h}, u->th.grid);
        if (ax->logx)
            snprintf(buf, sizeof buf, "%g", pow(10.0, v));
        else
            snprintf(buf, sizeof buf, "%g", v);
        text_draw(buf, x, r.y + r.h + 3.f, 12.f, TEXT_REGULAR, u->th.muted, ALIGN_CENTER);
    }
}

static void y_ticks(const Ui *u, const Axes *ax) {
    char buf[32];
    Rect r = ax->r;
    double st = nice_step(ax->y1 - ax->y0, tick_count(r.h, 30.f));
    for (double v = ceil(ax->y0 / st) * st; v <= ax->y1 + 1e-9; v += st) {
        float y = axes_y(ax, v);
        render_rect((Rect){r.x, y, r.w, 1.f}, u->th.grid);
        snprintf(buf, sizeof buf, "%g", fabs(v) < 1e-9 ? 0.0 : v);
        text_draw(buf, r.x - 4.f, y - 8.f, 12.f, TEXT_REGULAR, u->th.muted, ALIGN_RIGHT);
    }
}

void axes_draw(const Ui *u, const Axes *ax, const char *xlabel, const char *ylabel) {
    Rect r = ax->r;
    if (r.w < 4.f || r.h < 4.f) return;
    render_rect(r, u->th.bg);
    x_ticks(u, ax);
    y_ticks(u, ax);
    render_rect_outline(r, 1.f, u->th.border);
    if (xlabel) {
        float w = text_width(xlabel, 13.f, TEXT_REGULAR);
        if (w <= r.w)
            text_draw(xlabel, r.x + r.w * 0.5f, r.y + r.h + 18.f, 13.f, TEXT_REGULAR, u->th.muted, ALIGN_CENTER);
        else
            text_draw_fit(xlabel, r.x, r.y + r.h + 18.f, r.w, 13.f, TEXT_REGULAR, u->th.muted);
    }
    if (ylabel) text_draw_fit(ylabel, r.x + 4.f, r.y - 18.f, r.w - 4.f, 13.f, TEXT_REGULAR, u->th.muted);
}

void teach_dashed_line(float x0, float y0, float x1, float y1, float thick, Color c) {
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    int n = (int)(len / 8.f);
    if (n < 1) {
        render_line(x0, y0, x1, y1, thick, c);
        return;
    }
    for (int i = 0; i < n; i += 2) {
        float t0 = (float)i / (float)n, t1 = (float)(i + 1) / (float)n;
        render_line(x0 + dx * t0, y0 + dy * t0, x0 + dx * t1, y0 + dy * t1, thick, c);
    }
}

static void dashed_ellipse(float cx, float cy, float rx, float ry, float thick, Color c) {
    const int n = 48;
    for (int i = 0; i < n; i += 2) {
        float a0 = 6.2831853f * (float)i / (float)n, a1 = 6.2831853f * (float)(i + 1) / (float)n;
        render_line(cx + rx * cosf(a0), cy + ry * sinf(a0), cx + rx * cosf(a1), cy + ry * sinf(a1), thick, c);
    }
}

/* The 1- and 2-sigma ellipses of N(mu, exp(logvar)) (2-D) in the latent box `region`
 * (x0, x1, y0, y1) drawn over the screen rect r. */
void teach_ellipses(const Ui *u, Rect r, const float *region, const float *mu, const float *logvar, Color c,
                    int dashed) {
    float sx = r.w / (region[1] - region[0]), sy = r.h / (region[3] - region[2]);
    float cx = r.x + (mu[0] - region[0]) * sx, cy = r.y + (region[3] - mu[1]) * sy;
    float rx = expf(0.5f * logvar[0]) * sx, ry = expf(0.5f * logvar[1]) * sy;
    Color shadow = u->dark ? rgba(0x000000, 200) : rgba(0xFFFFFF, 220);
    for (int k = 1; k <= 2; k++) {
        if (dashed) {
            dashed_ellipse(cx, cy, rx * (float)k, ry * (float)k, 4.5f, shadow);
            dashed_ellipse(cx, cy, rx * (float)k, ry * (float)k, 2.2f, c);
        } else {
            render_ellipse(cx, cy, rx * (float)k, ry * (float)k, 4.5f, shadow);
            render_ellipse(cx, cy, rx * (float)k, ry * (float)k, 2.2f, c);
        }
    }
    render_disc(cx, cy, 3.f, c);
}

void teach_legend_line(const Ui *u, float x, float y, Color c, const char *label, int dashed) {
    if (dashed)
        teach_dashed_line(x, y + 9.f, x + 24.f, y + 9.f, 3.f, c);
    else
        render_line(x, y + 9.f, x + 24.f, y + 9.f, 3.f, c);
    text_draw(label, x + 30.f, y, 13.f, TEXT_REGULAR, u->th.text, ALIGN_LEFT);
}

float teach_legend_width(const char *label) { return 30.f + text_width(label, 13.f, TEXT_REGULAR); }
