/* plot.c - the live ELBO panel: reconstruction, KL and ELBO per step (smoothed,
 * from the snapshot's History) and per epoch on the test set, with legend, axes,
 * tick values, a hover read-out and a linear / log toggle.
 * Must not: change training state. */
#include <math.h>
#include <stdio.h>

#include "plot.h"

typedef struct {
    float x0, x1, y0, y1; /* data ranges (y already transformed) */
    Rect r;
    int log;
} Axes;

static float tf(const Axes *ax, float v) { return ax->log ? log10f(fmaxf(fabsf(v), 1e-3f)) : v; }

static float sx(const Axes *ax, float x) { return ax->r.x + (x - ax->x0) / (ax->x1 - ax->x0) * ax->r.w; }

static float sy(const Axes *ax, float v) {
    return ax->r.y + ax->r.h - (tf(ax, v) - ax->y0) / (ax->y1 - ax->y0) * ax->r.h;
}

static double nice_step(double range, int target) {
    double raw = range / target, p = pow(10.0, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

static void extend(Axes *ax, float v, int *first) {
    float t = tf(ax, v);
    if (!isfinite(t)) return;
    if (*first) {
        ax->y0 = ax->y1 = t;
        *first = 0;
    }
    ax->y0 = fminf(ax->y0, t);
    ax->y1 = fmaxf(ax->y1, t);
}

static void compute_ranges(const Snapshot *s, Axes *ax) {
    const History *h = &s->hist;
    int first = 1, skip = h->count > 50 ? h->count / 50 : 0;
    ax->x0 = 0.f;
    ax->x1 = h->count ? h->step[h->count - 1] : 1.f;
    for (int i = skip; i < h->count; i++) {
        extend(ax, h->recon[i], &first);
        extend(ax, h->kl[i], &first);
        extend(ax, h->elbo[i], &first);
    }
    for (int i = 0; i < s->n_epochs; i++) {
        ax->x1 = fmaxf(ax->x1, (float)s->epochs[i].step);
        extend(ax, s->epochs[i].recon, &first);
        extend(ax, s->epochs[i].kl, &first);
        extend(ax, s->epochs[i].elbo, &first);
    }
    if (ax->x1 <= ax->x0) ax->x1 = ax->x0 + 1.f;
    float pad = fmaxf((ax->y1 - ax->y0) * 0.06f, ax->log ? 0.05f : 1.f);
    ax->y0 -= pad;
    ax->y1 += pad;
}

static void fmt_value(char *buf, size_t n, double v) {
    double av = fabs(v);
    if (av >= 1000 || av == 0)
        snprintf(buf, n, "%.0f", v);
    else if (av >= 10)
        snprintf(buf, n, "%.0f", v);
    else if (av >= 1)
        snprintf(buf, n, "%.1f", v);
    else
        snprintf(buf, n, "%.2g", v);
}

static void draw_y_ticks(const Frame *f, const Axes *ax) {
    char buf[32];
    if (ax->log) {
        for (int k = (int)floorf(ax->y0); k <= (int)ceilf(ax->y1); k++) {
            for (int m = 1; m <= 5; m += (m == 1 ? 1 : 3)) { /* 1, 2, 5 per decade */
                float t = (float)k + log10f((float)m);
                if (t < ax->y0 || t > ax->y1 || (m > 1 && ax->y1 - ax->y0 > 2.5f)) continue;
                float y = ax->r.y + ax->r.h - (t - ax->y0) / (ax->y1 - ax->y0) * ax->r.h;
                render_rect((Rect){ax->r.x, y, ax->r.w, 1.f}, f->u->th.grid);
                fmt_value(buf, sizeof buf, pow(10.0, t));
                text_draw(buf, ax->r.x - 8.f, y - 8.f, 12.f, TEXT_REGULAR, f->u->th.muted, ALIGN_RIGHT);
            }
        }
        return;
    }
    double st = nice_step(ax->y1 - ax->y0, 5);
    for (double v = ceil(ax->y0 / st) * st; v <= ax->y1; v += st) {
        float y = sy(ax, (float)v);
        render_rect((Rect){ax->r.x, y, ax->r.w, 1.f}, fabs(v) < st * 1e-3 ? f->u->th.faint : f->u->th.grid);
        fmt_value(buf, sizeof buf, fabs(v) < st * 1e-3 ? 0.0 : v);
        text_draw(buf, ax->r.x - 8.f, y - 8.f, 12.f, TEXT_REGULAR, f->u->th.muted, ALIGN_RIGHT);
    }
}

static void draw_x_ticks(const Frame *f, const Axes *ax, const Snapshot *s) {
    char buf[32];
    if (s->steps_per_epoch > 0 && ax->x1 / s->steps_per_epoch < 60) {
        for (int e = 1; e * (float)s->steps_per_epoch < ax->x1; e++) /* epoch boundaries */
            render_rect((Rect){sx(ax, (float)e * s->steps_per_epoch), ax->r.y, 1.f, ax->r.h}, f->u->th.grid);
    }
    double st = nice_step(ax->x1 - ax->x0, 5);
    for (double v = 0; v <= ax->x1 + 1e-6; v += st) {
        float x = sx(ax, (float)v);
        render_rect((Rect){x, ax->r.y + ax->r.h, 1.f, 5.f}, f->u->th.faint);
        snprintf(buf, sizeof buf, "%.0f", v);
        text_draw(buf, x, ax->r.y + ax->r.h + 7.f, 12.f, TEXT_REGULAR, f->u->th.muted, ALIGN_CENTER);
    }
    text_draw(tr(STR_AXIS_STEP), ax->r.x + ax->r.w * 0.5f, ax->r.y + ax->r.h + 25.f, 12.f, TEXT_REGULAR, f->u->th.muted,
              ALIGN_CENTER);
    text_draw(tr(ax->log ? STR_AXIS_NATS_LOG : STR_AXIS_NATS), ax->r.x - 50.f, ax->r.y - 20.f, 12.f, TEXT_REGULAR,
              f->u->th.muted, ALIGN_LEFT);
}

/* At most about one point per pixel column: more only costs triangles. */
static void draw_series(const Frame *f, const Axes *ax, const History *h, const float *v, Color c) {
    static float xy[2 * (HIST_CAP + 1)];
    int cols = (int)(ax->r.w * f->u->s), stride = h->count > cols && cols > 0 ? (h->count + cols - 1) / cols : 1;
    int n = 0;
    for (int i = 0; i < h->count; i += stride) {
        double sum = 0;
        int m = 0;
        for (int j = i; j < i + stride && j < h->count; j++, m++) sum += v[j];
        int last = i + m - 1;
        xy[2 * n] = sx(ax, h->step[last]);
        xy[2 * n + 1] = sy(ax, (float)(sum / m));
        n++;
    }
    render_polyline(xy, n, 2.f, c);
}

static void draw_epochs(const Frame *f, const Axes *ax, const Snapshot *s) {
    Color cs[3] = {f->u->th.recon, f->u->th.kl, f->u->th.elbo};
    for (int i = 0; i < s->n_epochs; i++) {
        const EpochPoint *e = &s->epochs[i];
        float vals[3] = {e->recon, e->kl, e->elbo}, x = sx(ax, (float)e->step);
        for (int k = 0; k < 3; k++) {
            render_disc(x, sy(ax, vals[k]), 6.f, f->u->th.panel);
            render_disc(x, sy(ax, vals[k]), 4.5f, cs[k]);
        }
    }
}

static void legend_item(const Frame *f, float x, float y, Color c, const char *s, int disc) {
    if (disc) {
        render_disc(x + 9.f, y + 8.f, 6.f, f->u->th.panel);
        render_disc(x + 9.f, y + 8.f, 4.5f, c);
    } else {
        render_rect((Rect){x, y + 7.f, 18.f, 3.f}, c);
    }
    text_draw(s, x + 24.f, y, 13.f, TEXT_REGULAR, f->u->th.text, ALIGN_LEFT);
}

/* The legend flows in two rows: full labels when they fit, short ones otherwise.
 * Returns the number of rows used (draw = 0 only measures). */
static int legend_flow(PlotPanel *p, const Frame *f, int compact, int draw) {
    Rect r = p->panel;
    const Color cs[4] = {f->u->th.elbo, f->u->th.kl, f->u->th.muted, f->u->th.recon};
    const StrId full[4] = {STR_LEGEND_ELBO, STR_LEGEND_KL, STR_LEGEND_TEST, STR_LEGEND_RECON};
    const StrId brief[4] = {STR_LEGEND_ELBO, STR_LEGEND_KL_SHORT, STR_LEGEND_TEST_SHORT, STR_LEGEND_RECON_SHORT};
    float x0 = r.x + 14.f, x = x0, y = r.y + 38.f, right = r.x + r.w - 14.f;
    int rows = 1;
    for (int i = 0; i < 4; i++) {
        const char *s = tr(compact ? brief[i] : full[i]);
        float w = 24.f + text_width(s, 13.f, TEXT_REGULAR);
        if (x > x0 && x + w > right) {
            x = x0;
            y += 20.f;
            rows++;
        }
        if (draw) legend_item(f, x, y, cs[i], s, i == 2);
        x += w + 18.f;
    }
    return rows;
}

static void draw_legend(PlotPanel *p, const Frame *f) { legend_flow(p, f, legend_flow(p, f, 0, 0) > 2, 1); }

static int nearest_epoch(const Axes *ax, const Snapshot *s, float mx, float my) {
    for (int i = 0; i < s->n_epochs; i++) {
        const EpochPoint *e = &s->epochs[i];
        float x = sx(ax, (float)e->step), vals[3] = {e->recon, e->kl, e->elbo};
        for (int k = 0; k < 3; k++)
            if (fabsf(mx - x) < 7.f && fabsf(my - sy(ax, vals[k])) < 7.f) return i;
    }
    return -1;
}

static void draw_hover(const Frame *f, const Axes *ax, const Snapshot *s) {
    const History *h = &s->hist;
    char buf[160];
    if (!rect_has(ax->r, f->u->mx, f->u->my) || h->count == 0 || f->u->modal) return;
    int e = nearest_epoch(ax, s, f->u->mx, f->u->my);
    if (e >= 0) {
        const EpochPoint *ep = &s->epochs[e];
        snprintf(buf, sizeof buf, tr(STR_PLOT_HOVER_TEST), ep->epoch, ep->recon, ep->kl, ep->elbo);
        ui_tooltip(f->u, f->u->mx + 12.f, f->u->my - 34.f, buf);
        return;
    }
    float step = ax->x0 + (f->u->mx - ax->r.x) / ax->r.w * (ax->x1 - ax->x0);
    int best = 0;
    for (int i = 1; i < h->count; i++)
        if (fabsf(h->step[i] - step) < fabsf(h->step[best] - step)) best = i;
    float x = sx(ax, h->step[best]);
    render_rect((Rect){x, ax->r.y, 1.f, ax->r.h}, f->u->th.faint);
    render_disc(x, sy(ax, h->recon[best]), 4.f, f->u->th.recon);
    render_disc(x, sy(ax, h->kl[best]), 4.f, f->u->th.kl);
    render_disc(x, sy(ax, h->elbo[best]), 4.f, f->u->th.elbo);
    snprintf(buf, sizeof buf, tr(STR_PLOT_HOVER), (long)h->step[best], h->recon[best], h->kl[best], h->elbo[best]);
    ui_tooltip(f->u, ax->r.x + 6.f, ax->r.y + 4.f, buf);
}

/* The axes inside the panel: room for tick labels left and below, the legend above. */
static void place(PlotPanel *p, const Frame *f) {
    Rect r = p->panel;
    float legend_h = 20.f * (float)legend_flow(p, f, legend_flow(p, f, 0, 0) > 2, 0);
    float left = r.w < 320.f ? 46.f : 58.f, top = 36.f + legend_h + 22.f; /* the unit label above the axes */
    p->area = (Rect){r.x + left, r.y + top, fmaxf(r.w - left - 16.f, 20.f), fmaxf(r.h - top - 44.f, 20.f)};
}

void plot_draw(PlotPanel *p, const Frame *f) {
    const Snapshot *s = f->snap;
    Rect r = p->panel;
    place(p, f);
    ui_panel(f->u, "plot", r, NULL);
    const char *scale = tr(p->log ? STR_SCALE_LOG : STR_SCALE_LINEAR);
    float tw = fminf(fmaxf(text_width(scale, 14.f, TEXT_REGULAR) + 20.f, 72.f), r.w * 0.4f);
    const char *title = ui_fit_title(tr(STR_PANEL_PLOT), tr(STR_PANEL_PLOT_SHORT), r.w - tw - 36.f);
    text_draw_fit(title, r.x + 14.f, r.y + 10.f, r.w - tw - 36.f, 15.f, TEXT_BOLD, f->u->th.text);
    Rect tog = {r.x + r.w - tw - 12.f, r.y + 7.f, tw, 24.f};
    if (ui_button(f->u, "scale", tog, scale, p->log)) p->log = !p->log;
    draw_legend(p, f);
    Axes ax = {.r = p->area, .log = p->log};
    ui_record_widget(f->u, "axes", ax.r);
    render_rect_outline((Rect){ax.r.x - 1.f, ax.r.y - 1.f, ax.r.w + 2.f, ax.r.h + 2.f}, 1.f, f->u->th.border);
    if (s->hist.count < 2) {
        text_draw_wrapped(tr(STR_PLOT_EMPTY), ax.r.x + 16.f, ax.r.y + ax.r.h * 0.3f, ax.r.w - 32.f, 14.f, TEXT_REGULAR,
                          f->u->th.muted);
        ui_panel_end(f->u);
        return;
    }
    compute_ranges(s, &ax);
    draw_y_ticks(f, &ax);
    draw_x_ticks(f, &ax, s);
    render_clip(&ax.r);
    draw_series(f, &ax, &s->hist, s->hist.recon, f->u->th.recon);
    draw_series(f, &ax, &s->hist, s->hist.kl, f->u->th.kl);
    draw_series(f, &ax, &s->hist, s->hist.elbo, f->u->th.elbo);
    draw_epochs(f, &ax, s);
    render_clip(&r);
    draw_hover(f, &ax, s);
    ui_panel_end(f->u);
}
