/* teach_views.c - the teaching views 1-3 and the lesson's equation band: the true
 * posterior beside q(z|x), the identity log p(x) = ELBO + gap as stacked bars and over
 * training, and the naive vs importance-sampled estimates of log p(x).
 * Owns: only drawing inside the Rect each view is given (text is shortened or moved
 * when the rect is narrow); the numbers come from TeachPanel.res (teach_worker.c).
 * Must not: compute engine numbers, or call teach_panel.c / teach_more.c. */
#include <math.h>
#include <stdio.h>

#include "teach_panel.h"

/* A message in the body when a view has nothing to show; returns 1 then. */
static int body_message(const Frame *f, Rect r, int need_sel) {
    const VaeModel *v = f->snap->vae;
    if (!v || v->cfg.latent_dim != 2)
        teach_message(f->u, r, STR_TEACH_NEED_2D);
    else if (need_sel && f->sel->kind == SEL_NONE)
        teach_message(f->u, r, STR_TEACH_NO_SEL);
    else
        return 0;
    return 1;
}

/* ---------------------------------------------------------------- 1: posterior */

/* The region's two ranges under the square: at its corners, or across the view when
 * the square is narrow, shortened when even that is narrow. */
static void region_labels(const Ui *u, Rect r, Rect sq, const float *rg) {
    char a[48], b[48];
    snprintf(a, sizeof a, "z1 %.2f .. %.2f", (double)rg[0], (double)rg[1]);
    snprintf(b, sizeof b, "z2 %.2f .. %.2f", (double)rg[2], (double)rg[3]);
    float need = text_width(a, 12.f, TEXT_REGULAR) + text_width(b, 12.f, TEXT_REGULAR) + 12.f;
    Rect row = need <= sq.w ? sq : r;
    float y = sq.y + sq.h + 4.f;
    if (need <= row.w) {
        text_draw(a, row.x, y, 12.f, TEXT_REGULAR, u->th.muted, ALIGN_LEFT);
        text_draw(b, row.x + row.w, y, 12.f, TEXT_REGULAR, u->th.muted, ALIGN_RIGHT);
    } else {
        float half = (row.w - 8.f) * 0.5f;
        text_draw_fit(a, row.x, y, half, 12.f, TEXT_REGULAR, u->th.muted);
        text_draw_fit(b, row.x + half + 8.f, y, half, 12.f, TEXT_REGULAR, u->th.muted);
    }
}

static void gap_line(const Ui *u, float x, float y, float w, const VaeQuadrature *q) {
    char buf[96];
    snprintf(buf, sizeof buf, "%s = %.2f nats", tr(STR_TEACH_GAP), q->gap);
    text_draw_fit(buf, x, y, w, 16.f, TEXT_BOLD, teach_gap_colour(u));
    snprintf(buf, sizeof buf, "log p(x) %.2f   ELBO %.2f", q->log_px, q->elbo);
    text_draw_fit(buf, x, y + 22.f, w, 14.f, TEXT_REGULAR, u->th.text);
}

void teach_view_posterior(TeachPanel *t, const Frame *f, Rect r) {
    const TeachResults *res = t->res;
    const Ui *u = f->u;
    if (body_message(f, r, 1)) return;
    if (!teach_results_current(t, f) || !res->has_zoom || !t->zoom_tex) {
        teach_wait(u, r);
        return;
    }
    float side = fmaxf(fminf(r.w, r.h - 100.f), 0.f);
    Rect sq = {r.x + (r.w - side) * 0.5f, r.y, side, side};
    render_image(t->zoom_tex, sq, rgba(0xFFFFFF, 255), 0);
    teach_ellipses(u, sq, res->zoom_region, res->quad.mu, res->quad.logvar, rgba(0x4FC3F7, 255), 0);
    render_rect_outline(sq, 1.f, u->th.border);
    region_labels(u, r, sq, res->zoom_region);
    gap_line(u, r.x, sq.y + sq.h + 24.f, r.w, &res->quad);
    char buf[128];
    snprintf(buf, sizeof buf, tr(STR_TEACH_TIMING), res->ms_grid, res->ms_quad, res->step);
    text_draw_fit(buf, r.x, sq.y + sq.h + 70.f, r.w, 12.f, TEXT_REGULAR, u->th.faint);
}

/* ---------------------------------------------------------------- 2: identity */

typedef struct {
    float x, w;
    double brk, total; /* [0, brk] takes the first 25% of the width */
} BarScale;

static float bar_x(const BarScale *s, double v) {
    if (v <= s->brk) return s->x + (float)(v / s->brk) * s->w * 0.25f;
    return s->x + s->w * 0.25f + (float)((v - s->brk) / (s->total - s->brk)) * s->w * 0.75f;
}

static void segment(const BarScale *s, float y, float h, double v0, double v1, Color c) {
    float x0 = bar_x(s, v0), x1 = bar_x(s, v1);
    render_rect((Rect){x0, y, fmaxf(x1 - x0, 1.f), h}, c);
}

static void break_mark(const Ui *u, const BarScale *s, float y, float h) {
    float x = s->x + s->w * 0.25f;
    render_rect((Rect){x - 3.f, y - 2.f, 6.f, h + 4.f}, u->th.panel);
    render_line(x - 5.f, y + h + 2.f, x - 1.f, y - 2.f, 1.5f, u->th.muted);
    render_line(x + 1.f, y + h + 2.f, x + 5.f, y - 2.f, 1.5f, u->th.muted);
}

/* Two bars of the same length -ELBO: -recon + KL, and -log p(x) + gap. */
static float identity_bars(const Ui *u, Rect r, const char *title, const VaeQuadrature *q) {
    char buf[160];
    double total = -q->elbo, low = fmin(-q->recon, -q->log_px);
    BarScale s = {r.x, r.w, low - 2.0 * fmax(fmax(q->kl, q->gap), 0.5), total};
    if (s.brk <= 0.0) s.brk = low * 0.5 > 0.0 ? low * 0.5 : 1e-3;
    text_draw_fit(title, r.x, r.y, r.w, 15.f, TEXT_BOLD, u->th.text);
    float y = r.y + 24.f, h = 24.f;
    segment(&s, y, h, 0.0, -q->recon, u->th.recon);
    segment(&s, y, h, -q->recon, total, u->th.kl);
    break_mark(u, &s, y, h);
    snprintf(buf, sizeof buf,
             "\xe2\x88\x92"
             "recon %.1f  +  KL %.2f  =  %.1f   (\xe2\x88\x92"
             "ELBO)",
             -q->recon, q->kl, total);
    text_draw_fit(buf, r.x, y + h + 3.f, r.w, 13.f, TEXT_REGULAR, u->th.text);
    y += h + 24.f;
    segment(&s, y, h, 0.0, -q->log_px, teach_logpx_colour(u));
    segment(&s, y, h, -q->log_px, total, teach_gap_colour(u));
    break_mark(u, &s, y, h);
    snprintf(buf, sizeof buf, "\xe2\x88\x92log p(x) %.1f  +  gap %.2f  =  %.1f", -q->log_px, q->gap,
             -q->log_px + q->gap);
    text_draw_fit(buf, r.x, y + h + 3.f, r.w, 13.f, TEXT_REGULAR, u->th.text);
    return y + h + 24.f - r.y;
}

static float identity_legend(const Ui *u, float x, float y, float w) {
    const struct {
        StrId id;
        Color c;
    } items[4] = {{STR_TEACH_RECON, u->th.recon},
                  {STR_TEACH_KL, u->th.kl},
                  {STR_TEACH_LOG_PX, teach_logpx_colour(u)},
                  {STR_TEACH_GAP, teach_gap_colour(u)}};
    float col = w * 0.5f;
    for (int i = 0; i < 4; i++) {
        float xx = x + col * (float)(i % 2), yy = y + 20.f * (float)(i / 2);
        render_rect((Rect){xx, yy + 3.f, 12.f, 12.f}, items[i].c);
        text_draw_fit(tr(items[i].id), xx + 18.f, yy, col - 22.f, 13.f, TEXT_REGULAR, u->th.text);
    }
    return 44.f;
}

static void hist_range(const TeachResults *res, double *lo, double *hi, double *glo, double *ghi) {
    *lo = 1e30, *hi = -1e30, *glo = 0.0, *ghi = 0.1;
    for (int i = 0; i < res->n_hist; i++) {
        const TeachHistPoint *p = &res->hist[i];
        *lo = fmin(*lo, p->elbo);
        *hi = fmax(*hi, p->log_px);
        *ghi = fmax(*ghi, p->gap);
    }
    double pad = fmax((*hi - *lo) * 0.08, 0.5);
    *lo -= pad;
    *hi += pad;
    *ghi *= 1.15;
}

static void hist_series(const Axes *ax, const TeachResults *res, int which, Color c) {
    float xy[2 * TEACH_HIST];
    for (int i = 0; i < res->n_hist; i++) {
        const TeachHistPoint *p = &res->hist[i];
        double v = which == 0 ? p->log_px : which == 1 ? p->elbo : p->gap;
        xy[2 * i] = axes_x(ax, (double)p->step);
        xy[2 * i + 1] = axes_y(ax, v);
    }
    if (res->n_hist > 1) render_polyline(xy, res->n_hist, 2.5f, c);
    for (int i = 0; i < res->n_hist; i++) render_disc(xy[2 * i], xy[2 * i + 1], 3.f, c);
}

static void identity_history(const TeachPanel *t, const Ui *u, Rect r) {
    const TeachResults *res = t->res;
    char buf[96];
    snprintf(buf, sizeof buf, tr(STR_TEACH_HIST_TITLE), TEACH_BATCH);
    text_draw_fit(buf, r.x, r.y, r.w, 15.f, TEXT_BOLD, u->th.text);
    if (res->n_hist < 1 || r.h < 120.f) {
        teach_wait(u, (Rect){r.x, r.y + 10.f, r.w, 30.f});
        return;
    }
    double lo, hi, glo, ghi, s0 = res->hist[0].step, s1 = res->hist[res->n_hist - 1].step;
    hist_range(res, &lo, &hi, &glo, &ghi);
    if (s1 <= s0) s1 = s0 + 1.0;
    float gh = fmaxf(r.h * 0.28f, 50.f);
    Axes top = {{r.x + 50.f, r.y + 44.f, r.w - 56.f, r.h - 44.f - gh - 40.f}, s0, s1, lo, hi, 0};
    Axes bot = {{r.x + 50.f, r.y + r.h - gh - 20.f, r.w - 56.f, gh}, s0, s1, glo, ghi, 0};
    float half = r.w * 0.5f;
    teach_legend_line(u, r.x, r.y + 20.f, teach_logpx_colour(u), tr(STR_TEACH_LOG_PX), 0);
    teach_legend_line(u, r.x + half, r.y + 20.f, u->th.elbo, tr(STR_TEACH_ELBO), 0);
    axes_draw(u, &top, NULL, NULL);
    hist_series(&top, res, 0, teach_logpx_colour(u));
    hist_series(&top, res, 1, u->th.elbo);
    axes_draw(u, &bot, NULL, NULL);
    hist_series(&bot, res, 2, teach_gap_colour(u));
    text_draw_fit(tr(STR_TEACH_HIST_GAP), bot.r.x + 6.f, bot.r.y + 4.f, bot.r.w - 12.f, 12.f, TEXT_REGULAR,
                  teach_gap_colour(u));
}

void teach_view_identity(TeachPanel *t, const Frame *f, Rect r) {
    const TeachResults *res = t->res;
    const Ui *u = f->u;
    char buf[96];
    if (body_message(f, r, 0)) return;
    float y = r.y;
    y += identity_legend(u, r.x, y, r.w) + 6.f;
    if (f->sel->kind != SEL_NONE && teach_results_current(t, f) && res->has_quad)
        y += identity_bars(u, (Rect){r.x, y, r.w, 0.f}, tr(STR_TEACH_ROW_THIS), &res->quad) + 4.f;
    if (res->has_batch && res->model_id == f->snap->model_id) {
        snprintf(buf, sizeof buf, tr(STR_TEACH_ROW_BATCH), res->batch_n);
        y += identity_bars(u, (Rect){r.x, y, r.w, 0.f}, buf, &res->batch) + 8.f;
    } else {
        teach_wait(u, (Rect){r.x, y, r.w, 20.f});
        y += 50.f;
    }
    identity_history(t, u, (Rect){r.x, y, r.w, r.y + r.h - y});
}

/* ---------------------------------------------------------------- 3: sampling */

static void est_series(const Axes *ax, const TeachEstimate *e, int n, int iw, Color c) {
    float xy[2 * TEACH_EST_N] = {0};
    for (int i = 0; i < n; i++) {
        double m = iw ? e[i].iw_mean : e[i].naive_mean, sd = iw ? e[i].iw_sd : e[i].naive_sd;
        float x = axes_x(ax, e[i].n) + (iw ? 3.f : -3.f);
        xy[2 * i] = x;
        xy[2 * i + 1] = axes_y(ax, m);
        float y0 = axes_y(ax, m - sd), y1 = axes_y(ax, m + sd);
        render_line(x, y0, x, y1, 2.f, c);
        render_line(x - 5.f, y0, x + 5.f, y0, 2.f, c);
        render_line(x - 5.f, y1, x + 5.f, y1, 2.f, c);
    }
    render_polyline(xy, n, 3.f, c);
    for (int i = 0; i < n; i++) render_disc(xy[2 * i], xy[2 * i + 1], 4.f, c);
}

void teach_view_sampling(TeachPanel *t, const Frame *f, Rect r) {
    const TeachResults *res = t->res;
    const Ui *u = f->u;
    char buf[96];
    if (body_message(f, r, 1)) return;
    if (!teach_results_current(t, f) || !res->has_est) {
        teach_wait(u, r);
        return;
    }
    double q = res->est_quad, lo = q - 5.0;
    for (int i = 0; i < res->est_count; i++) lo = fmin(lo, res->est[i].naive_mean - res->est[i].naive_sd);
    lo = fmax(lo, q - 200.0);
    Color naive = u->dark ? rgba(0xF28E2B, 255) : rgba(0xC05800, 255), iw = u->th.accent;
    teach_legend_line(u, r.x, r.y, naive, tr(STR_TEACH_LEG_NAIVE), 0);
    teach_legend_line(u, r.x, r.y + 20.f, iw, tr(STR_TEACH_LEG_IW), 0);
    teach_legend_line(u, r.x, r.y + 40.f, u->th.text, tr(STR_TEACH_LEG_QUAD), 1);
    Axes ax = {{r.x + 50.f, r.y + 90.f, r.w - 60.f, r.h - 154.f}, -0.2, 4.2, lo, q + (q - lo) * 0.08 + 1.0, 1};
    axes_draw(u, &ax, tr(STR_TEACH_AXIS_N), tr(STR_TEACH_AXIS_EST));
    teach_clip(u, ax.r);
    teach_dashed_line(ax.r.x, axes_y(&ax, q), ax.r.x + ax.r.w, axes_y(&ax, q), 2.f, u->th.text);
    est_series(&ax, res->est, res->est_count, 0, naive);
    est_series(&ax, res->est, res->est_count, 1, iw);
    teach_unclip(u);
    snprintf(buf, sizeof buf, tr(STR_TEACH_EST_NOTE), TEACH_EST_REPEATS);
    text_draw_fit(buf, r.x, r.y + r.h - 18.f, r.w, 12.f, TEXT_REGULAR, u->th.muted);
    /* beside the third legend entry, or under it when the view is narrow */
    snprintf(buf, sizeof buf, "log p(x) = %.2f", q);
    float w = text_width(buf, 15.f, TEXT_BOLD), legend = teach_legend_width(tr(STR_TEACH_LEG_QUAD));
    float y = legend + w + 12.f <= r.w ? r.y + 40.f : r.y + 60.f;
    text_draw_fit(buf, fmaxf(r.x + r.w - w, r.x), y, r.w, 15.f, TEXT_BOLD, u->th.text);
}

/* ---------------------------------------------------------------- the lesson band */

/* A line of text centred in the band, or, when it would run into the buttons on the
 * right, centred left of them and made smaller to fit (down to 12, then shortened:
 * draw it within *max_w). */
static float band_line(const char *s, Rect r, float reserve, float size, TextFace face, float *out_size, float *max_w) {
    float w = text_width(s, size, face);
    float x = r.x + (r.w - w) * 0.5f;
    *max_w = r.x + r.w - 8.f - x;
    if (x + w > r.x + r.w - reserve - 8.f) {
        float avail = fmaxf(r.w - reserve - 24.f, 0.f);
        if (w > avail && avail > 0.f) size = fmaxf(size * avail / w, 12.f);
        w = text_width(s, size, face);
        x = r.x + 12.f + fmaxf((avail - w) * 0.5f, 0.f);
        *max_w = avail;
    }
    *out_size = size;
    return x;
}

void teach_equation_band(TeachPanel *t, const Frame *f, Rect r, float reserve_right) {
    const TeachResults *res = t->res;
    const Ui *u = f->u;
    const VaeQuadrature *q = NULL;
    char buf[160];
    if (f->sel->kind != SEL_NONE && teach_results_current(t, f) && res->has_quad)
        q = &res->quad;
    else if (res->has_batch && res->model_id == f->snap->model_id)
        q = &res->batch;
    float sz, mw, x = band_line(tr(STR_TEACH_EQUATION), r, reserve_right, 26.f, TEXT_BOLD, &sz, &mw);
    text_draw_fit(tr(STR_TEACH_EQUATION), x, r.y + 10.f, mw, sz, TEXT_BOLD, u->th.text);
    if (!q) {
        x = band_line(tr(STR_TEACH_WAIT), r, 0.f, 24.f, TEXT_REGULAR, &sz, &mw);
        text_draw_fit(tr(STR_TEACH_WAIT), x, r.y + 50.f, mw, sz, TEXT_REGULAR, u->th.muted);
        return;
    }
    float y = r.y + 48.f;
    snprintf(buf, sizeof buf, "%.1f  =  %.1f  +  %.2f", q->log_px, q->elbo, q->gap);
    x = band_line(buf, r, 0.f, 28.f, TEXT_BOLD, &sz, &mw);
    snprintf(buf, sizeof buf, "%.1f", q->log_px);
    x += text_draw(buf, x, y, sz, TEXT_BOLD, teach_logpx_colour(u), ALIGN_LEFT);
    x += text_draw("  =  ", x, y, sz, TEXT_BOLD, u->th.text, ALIGN_LEFT);
    snprintf(buf, sizeof buf, "%.1f", q->elbo);
    x += text_draw(buf, x, y, sz, TEXT_BOLD, u->th.elbo, ALIGN_LEFT);
    x += text_draw("  +  ", x, y, sz, TEXT_BOLD, u->th.text, ALIGN_LEFT);
    snprintf(buf, sizeof buf, "%.2f", q->gap);
    text_draw(buf, x, y, sz, TEXT_BOLD, teach_gap_colour(u), ALIGN_LEFT);
}
