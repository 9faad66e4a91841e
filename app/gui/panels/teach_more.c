/* teach_more.c - the teaching views 4-7: the rate-distortion trace of the run with the
 * beta buttons, the aggregate posterior beside the prior, the amortisation gap, and the
 * walks (interpolation strip and fresh prior samples).
 * Owns: the walk and sample textures' contents (a few decodes on the UI thread, like
 * the cursor's); drawing only inside the Rect each view is given.
 * Must not: run anything longer than a few decodes, call teach_panel.c or
 * teach_views.c, or change the training itself (beta goes to the worker as an intent). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "settings.h"
#include "teach_panel.h"

static int need_2d(const Frame *f, Rect r) {
    const VaeModel *v = f->snap->vae;
    if (v && v->cfg.latent_dim == 2) return 0;
    teach_message(f->u, r, STR_TEACH_NEED_2D);
    return 1;
}

/* ---------------------------------------------------------------- 4: beta */

static void rd_range(const Snapshot *s, double *kmax, double *dlo, double *dhi) {
    const History *h = &s->hist;
    int skip = h->count / 20;
    *kmax = 1.0, *dlo = 1e30, *dhi = -1e30;
    for (int i = skip; i < h->count; i++) {
        *kmax = fmax(*kmax, h->kl[i]);
        *dlo = fmin(*dlo, -h->recon[i]);
        *dhi = fmax(*dhi, -h->recon[i]);
    }
    for (int i = 0; i < s->n_epochs; i++) {
        *kmax = fmax(*kmax, s->epochs[i].kl);
        *dlo = fmin(*dlo, -s->epochs[i].recon);
        *dhi = fmax(*dhi, -s->epochs[i].recon);
    }
    double pad = fmax((*dhi - *dlo) * 0.08, 1.0);
    *kmax *= 1.15;
    *dlo -= pad;
    *dhi += pad;
}

static void rd_iso(const Ui *u, const Axes *ax, double elbo) {
    for (int k = -2; k <= 2; k++) {
        double c = -elbo + k * 10.0; /* -recon + KL = c */
        teach_dashed_line(axes_x(ax, 0.0), axes_y(ax, c), axes_x(ax, ax->x1), axes_y(ax, c - ax->x1), 1.2f,
                          u->th.faint);
    }
}

static void rd_trace(const Ui *u, const Axes *ax, const Snapshot *s) {
    const History *h = &s->hist;
    float *xy = malloc(sizeof(float) * 2 * (size_t)(h->count + 1));
    if (xy && h->count > 1) {
        for (int i = 0; i < h->count; i++) {
            xy[2 * i] = axes_x(ax, h->kl[i]);
            xy[2 * i + 1] = axes_y(ax, -h->recon[i]);
        }
        render_polyline(xy, h->count, 2.f, u->th.recon);
    }
    free(xy);
    for (int i = 0; i < s->n_epochs; i++)
        render_disc(axes_x(ax, s->epochs[i].kl), axes_y(ax, -s->epochs[i].recon), 5.f, u->th.elbo);
}

/* beta - and + around the value the worker reports; the row narrows with the view. */
static float beta_buttons(const Frame *f, Rect r) {
    char buf[48];
    float k = fminf(r.w / 200.f, 1.f), bw = 44.f * k;
    snprintf(buf, sizeof buf, tr(STR_TEACH_BETA_NOW), (double)f->snap->beta);
    if (ui_button(f->u, "beta-", (Rect){r.x, r.y, bw, 32.f}, "\xce\xb2 \xe2\x88\x92", 0))
        ui_worker(f->u, CMD_SET_BETA, settings_beta_step(f->snap->beta, -1), 0);
    float mid = 200.f * k - 2.f * bw - 8.f;
    text_draw_fit(buf, r.x + bw + 4.f + fmaxf((mid - text_width(buf, 18.f, TEXT_BOLD)) * 0.5f, 0.f), r.y + 5.f, mid,
                  18.f, TEXT_BOLD, f->u->th.text);
    if (ui_button(f->u, "beta+", (Rect){r.x + 200.f * k - bw, r.y, bw, 32.f}, "\xce\xb2 +", 0))
        ui_worker(f->u, CMD_SET_BETA, settings_beta_step(f->snap->beta, +1), 0);
    return 200.f * k;
}

void teach_view_beta(TeachPanel *t, const Frame *f, Rect r) {
    const Snapshot *s = f->snap;
    const Ui *u = f->u;
    (void)t;
    float row = beta_buttons(f, r);
    /* the legend right of the buttons, or under them when the view is narrow */
    float lw = fmaxf(teach_legend_width(tr(STR_TEACH_LEG_TRAIN)),
                     30.f + text_width(tr(STR_TEACH_LEG_TEST), 13.f, TEXT_REGULAR));
    float lx = r.x + row + 16.f, ly = r.y, below = 0.f;
    if (lx + lw > r.x + r.w) {
        lx = r.x;
        ly = r.y + 40.f;
        below = 44.f;
    }
    teach_legend_line(u, lx, ly, u->th.recon, tr(STR_TEACH_LEG_TRAIN), 0);
    render_disc(lx + 12.f, ly + 28.f, 5.f, u->th.elbo);
    text_draw(tr(STR_TEACH_LEG_TEST), lx + 30.f, ly + 19.f, 13.f, TEXT_REGULAR, u->th.text, ALIGN_LEFT);
    if (s->hist.count < 2) {
        teach_wait(u, (Rect){r.x, r.y + 40.f + below, r.w, 30.f});
        return;
    }
    double kmax, dlo, dhi;
    rd_range(s, &kmax, &dlo, &dhi);
    Axes ax = {{r.x + 50.f, r.y + 70.f + below, r.w - 60.f, r.h - 130.f - below}, 0.0, kmax, dlo, dhi, 0};
    axes_draw(u, &ax, tr(STR_TEACH_RATE), tr(STR_TEACH_DISTORTION));
    teach_clip(u, ax.r);
    const History *h = &s->hist;
    rd_iso(u, &ax, h->elbo[h->count - 1]);
    rd_trace(u, &ax, s);
    float cx = axes_x(&ax, h->kl[h->count - 1]), cy = axes_y(&ax, -h->recon[h->count - 1]);
    render_disc(cx, cy, 8.f, u->th.text);
    render_disc(cx, cy, 5.f, u->th.recon);
    teach_unclip(u);
    text_draw_fit(tr(STR_TEACH_ISO), r.x, r.y + r.h - 22.f, r.w, 12.f, TEXT_REGULAR, u->th.muted);
}

/* ---------------------------------------------------------------- 5: aggregate */

static void prior_circles(Rect sq, const float *rg) {
    float sx = sq.w / (rg[1] - rg[0]), sy = sq.h / (rg[3] - rg[2]);
    float cx = sq.x + (0.f - rg[0]) * sx, cy = sq.y + (rg[3] - 0.f) * sy;
    for (int k = 1; k <= 3; k++) render_ellipse(cx, cy, sx * (float)k, sy * (float)k, 1.5f, rgba(0xFFFFFF, 200));
}

void teach_agg_prior_rgba(const float *agg, const float *rg, int g, uint8_t *agg_rgba, uint8_t *prior_rgba) {
    float *grid = malloc(sizeof(float) * (size_t)(g * g)), mx = 0.f;
    if (!grid) return;
    for (int r = 0; r < g; r++)
        for (int c = 0; c < g; c++) {
            float x = rg[0] + (rg[1] - rg[0]) * ((float)c + 0.5f) / (float)g;
            float y = rg[2] + (rg[3] - rg[2]) * ((float)r + 0.5f) / (float)g;
            grid[r * g + c] = expf(-0.5f * (x * x + y * y)) / 6.2831853f; /* a density, like agg */
            mx = fmaxf(mx, fmaxf(grid[r * g + c], agg[r * g + c]));
        }
    teach_heat_rgba_max(agg, g, mx, 0.6f, 1, agg_rgba);
    teach_heat_rgba_max(grid, g, mx, 0.6f, 1, prior_rgba);
    free(grid);
}

void teach_view_aggregate(TeachPanel *t, const Frame *f, Rect r) {
    const TeachResults *res = t->res;
    const Ui *u = f->u;
    char buf[96];
    if (!res->has_agg || !t->agg_tex || res->model_id != f->snap->model_id) {
        teach_wait(u, r);
        return;
    }
    float side = fmaxf(fminf((r.w - 12.f) * 0.5f, r.h - 80.f), 0.f);
    Rect s1 = {r.x, r.y + 24.f, side, side}, s2 = {r.x + side + 12.f, r.y + 24.f, side, side};
    snprintf(buf, sizeof buf, tr(STR_TEACH_AGG_TITLE), res->agg_n);
    text_draw_fit(buf, s1.x, r.y, side, 13.f, TEXT_BOLD, u->th.text);
    text_draw_fit(tr(STR_TEACH_PRIOR_TITLE), s2.x, r.y, side, 13.f, TEXT_BOLD, u->th.text);
    render_image(t->agg_tex, s1, rgba(0xFFFFFF, 255), 0);
    if (t->prior_tex) render_image(t->prior_tex, s2, rgba(0xFFFFFF, 255), 0);
    prior_circles(s1, res->agg_region);
    prior_circles(s2, res->agg_region);
    render_rect_outline(s1, 1.f, u->th.border);
    render_rect_outline(s2, 1.f, u->th.border);
    snprintf(buf, sizeof buf, "z1 %.1f .. %.1f,  z2 %.1f .. %.1f", (double)res->agg_region[0],
             (double)res->agg_region[1], (double)res->agg_region[2], (double)res->agg_region[3]);
    text_draw_fit(buf, r.x, s1.y + side + 6.f, r.w, 12.f, TEXT_REGULAR, u->th.muted);
}

/* ---------------------------------------------------------------- 6: amortisation */

/* A level of the ladder; its label sits at label_y (kept apart from the others). */
static void ladder_mark(const Axes *ax, double v, float label_y, const char *label, Color c) {
    char buf[96];
    float y = axes_y(ax, v);
    render_line(ax->r.x, y, ax->r.x + ax->r.w * 0.36f, y, 3.f, c);
    render_line(ax->r.x + ax->r.w * 0.36f, y, ax->r.x + ax->r.w * 0.38f, label_y + 9.f, 1.5f, c);
    snprintf(buf, sizeof buf, "%s  %.2f", label, v);
    text_draw_fit(buf, ax->r.x + ax->r.w * 0.39f, label_y, ax->r.w * 0.61f, 14.f, TEXT_BOLD, c);
}

static void amort_ladder(const Ui *u, Rect r, const TeachResults *res) {
    const TeachAmortisation *am = &res->amort;
    double lo = am->enc_elbo, hi = res->amort_log_px, pad = fmax((hi - lo) * 0.15, 0.2);
    Axes ax = {{r.x + 50.f, r.y + 8.f, r.w - 50.f, r.h - 60.f}, 0.0, 1.0, lo - pad, hi + pad, 0};
    float ly[3] = {axes_y(&ax, res->amort_log_px) - 9.f, axes_y(&ax, am->opt_elbo) - 9.f,
                   axes_y(&ax, am->enc_elbo) - 9.f};
    for (int i = 1; i < 3; i++) /* top to bottom, at least 20 apart */
        ly[i] = fmaxf(ly[i], ly[i - 1] + 20.f);
    ladder_mark(&ax, res->amort_log_px, ly[0], tr(STR_TEACH_LOG_PX), teach_logpx_colour(u));
    ladder_mark(&ax, am->opt_elbo, ly[1], tr(STR_TEACH_AM_OPT), u->th.kl);
    ladder_mark(&ax, am->enc_elbo, ly[2], tr(STR_TEACH_AM_ENC), u->th.elbo);
    float x = ax.r.x + 10.f, y0 = axes_y(&ax, am->enc_elbo), y1 = axes_y(&ax, am->opt_elbo);
    float y2 = axes_y(&ax, res->amort_log_px);
    render_line(x, y0, x, y1, 5.f, teach_gap_colour(u));
    render_line(x + 12.f, y1, x + 12.f, y2, 5.f, u->th.muted);
    char buf[96];
    snprintf(buf, sizeof buf, tr(STR_TEACH_AM_GAP), am->opt_elbo - am->enc_elbo);
    text_draw_fit(buf, r.x, r.y + r.h - 46.f, r.w, 15.f, TEXT_BOLD, teach_gap_colour(u));
    snprintf(buf, sizeof buf, tr(STR_TEACH_AM_APPROX), res->amort_log_px - am->opt_elbo);
    text_draw_fit(buf, r.x, r.y + r.h - 24.f, r.w, 14.f, TEXT_REGULAR, u->th.text);
}

void teach_view_amortisation(TeachPanel *t, const Frame *f, Rect r) {
    const TeachResults *res = t->res;
    const Ui *u = f->u;
    if (need_2d(f, r)) return;
    if (f->sel->kind == SEL_NONE) {
        teach_message(u, r, STR_TEACH_NO_SEL);
        return;
    }
    if (!res->has_amort || res->sel_key != t->sel_key || !res->has_zoom || !t->zoom_tex) {
        teach_wait(u, r);
        return;
    }
    /* the legend right of the square, or under it when that column would be narrow */
    float side = fmaxf(fminf(r.w * 0.62f, r.h * 0.5f), 0.f), lw = r.w - side - 12.f, lh = 0.f;
    if (lw < 100.f) {
        side = fmaxf(fminf(r.w, r.h * 0.4f), 0.f);
        lw = r.w;
        lh = ui_text_height(tr(STR_TEACH_AM_LEGEND), lw, 13.f, 0) + 8.f;
    }
    Rect sq = {r.x, r.y, side, side};
    render_image(t->zoom_tex, sq, rgba(0xFFFFFF, 255), 0);
    teach_clip(u, sq);
    teach_ellipses(u, sq, res->zoom_region, res->amort.enc_mu, res->amort.enc_logvar, rgba(0x4FC3F7, 255), 0);
    teach_ellipses(u, sq, res->zoom_region, res->amort.opt_mu, res->amort.opt_logvar, rgba(0x8CE99A, 255), 1);
    teach_unclip(u);
    render_rect_outline(sq, 1.f, u->th.border);
    if (lh > 0.f)
        text_draw_wrapped(tr(STR_TEACH_AM_LEGEND), r.x, sq.y + side + 6.f, lw, 13.f, TEXT_REGULAR, u->th.text);
    else
        text_draw_wrapped(tr(STR_TEACH_AM_LEGEND), sq.x + side + 12.f, sq.y, lw, 13.f, TEXT_REGULAR, u->th.text);
    float top = side + 12.f + lh;
    amort_ladder(u, (Rect){r.x, r.y + top, r.w, r.h - top}, res);
}

/* ---------------------------------------------------------------- 7: walks */

static void grey_tiles(const float *probs, int n, int cols, uint8_t *img) {
    int w = cols * DIGIT;
    for (int i = 0; i < n; i++)
        for (int y = 0; y < DIGIT; y++)
            for (int x = 0; x < DIGIT; x++)
                img[((i / cols) * DIGIT + y) * w + (i % cols) * DIGIT + x] =
                    (uint8_t)lroundf(fminf(fmaxf(probs[i * DIGIT_PIXELS + y * DIGIT + x], 0.f), 1.f) * 255.f);
}

static unsigned grey_texture(unsigned tex, int w, int h, const uint8_t *img) {
    if (!tex) return render_texture_create(w, h, 1, img, 0);
    render_texture_update(tex, w, h, 1, img);
    return tex;
}

static void update_walk(TeachPanel *t, const Snapshot *s) {
    const VaeModel *vae = s->vae;
    long version = s->step * 1000 + s->model_id;
    if (t->n_walk < 2 || t->walk_version == version || !vae || vae->cfg.input_dim != DIGIT_PIXELS) return;
    int Z = vae->cfg.latent_dim;
    float x[2 * DIGIT_PIXELS], mu[2 * VAE_MAX_LATENT], lv[2 * VAE_MAX_LATENT], z[WALK_N * VAE_MAX_LATENT];
    static float probs[WALK_N * DIGIT_PIXELS];
    static uint8_t img[WALK_N * DIGIT_PIXELS];
    memcpy(x, t->walk_a, sizeof t->walk_a);
    memcpy(x + DIGIT_PIXELS, t->walk_b, sizeof t->walk_b);
    if (vae_encode(vae, s->work, x, 2, mu, lv) != VAE_OK) return;
    for (int i = 0; i < WALK_N; i++)
        for (int k = 0; k < Z; k++) {
            float a = (float)i / (float)(WALK_N - 1);
            z[i * Z + k] = (1.f - a) * mu[k] + a * mu[Z + k];
        }
    if (vae_decode(vae, s->work, z, WALK_N, probs) != VAE_OK) return;
    grey_tiles(probs, WALK_N, WALK_N, img);
    t->walk_tex = grey_texture(t->walk_tex, WALK_N * DIGIT, DIGIT, img);
    t->walk_version = version;
}

static void update_samples(TeachPanel *t, const Snapshot *s) {
    const VaeModel *vae = s->vae;
    long version = s->step * 1000 + s->model_id + (long)t->samples_seed * 7919;
    if (t->samples_version == version || !vae || vae->cfg.input_dim != DIGIT_PIXELS) return;
    enum { N = SAMPLES_G * SAMPLES_G };
    int Z = vae->cfg.latent_dim;
    static float z[N * VAE_MAX_LATENT], probs[N * DIGIT_PIXELS];
    static uint8_t img[N * DIGIT_PIXELS];
    VaeRng rng;
    rng_seed(&rng, t->samples_seed);
    rng_normal_fill(&rng, z, (size_t)(N * Z));
    if (vae_decode(vae, s->work, z, N, probs) != VAE_OK) return;
    grey_tiles(probs, N, SAMPLES_G, img);
    t->samples_tex = grey_texture(t->samples_tex, SAMPLES_G * DIGIT, SAMPLES_G * DIGIT, img);
    t->samples_version = version;
}

void teach_new_samples(TeachPanel *t) {
    t->samples_seed++;
    t->dirty = 1;
}

void teach_view_walks(TeachPanel *t, const Frame *f, Rect r) {
    const Ui *u = f->u;
    update_walk(t, f->snap);
    update_samples(t, f->snap);
    text_draw_fit(tr(STR_TEACH_WALK_TITLE), r.x, r.y, r.w, 14.f, TEXT_BOLD, u->th.text);
    float cell = r.w / (float)WALK_N;
    Rect strip = {r.x, r.y + 22.f, r.w, cell};
    if (t->n_walk >= 2 && t->walk_tex) {
        render_image(t->walk_tex, strip, rgba(0xFFFFFF, 255), 1);
        render_rect_outline((Rect){strip.x, strip.y, cell, cell}, 2.f, u->th.accent);
        render_rect_outline((Rect){strip.x + strip.w - cell, strip.y, cell, cell}, 2.f, u->th.accent);
    } else {
        text_draw_wrapped(tr(STR_TEACH_WALK_NEED), r.x, strip.y + 6.f, r.w, 14.f, TEXT_REGULAR, u->th.muted);
    }
    float y = strip.y + cell + 20.f, bw = fminf(160.f, r.w * 0.5f);
    text_draw_fit(tr(STR_TEACH_SAMPLES_TITLE), r.x, y + 6.f, r.w - bw - 10.f, 14.f, TEXT_BOLD, u->th.text);
    if (ui_button(f->u, "resample", (Rect){r.x + r.w - bw, y, bw, 30.f}, tr(STR_TEACH_BTN_RESAMPLE), 0)) {
        teach_new_samples(t);
        f->u->dirty = 1;
    }
    y += 40.f;
    float side = fminf(r.w, r.y + r.h - y);
    if (t->samples_tex && side > 40.f)
        render_image(t->samples_tex, (Rect){r.x + (r.w - side) * 0.5f, y, side, side}, rgba(0xFFFFFF, 255), 1);
}
