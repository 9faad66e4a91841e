/* teach_more.c - the teaching tabs 4-7: the rate-distortion trace of the run with the
 * beta buttons, the aggregate posterior beside the prior, the amortisation gap, and the
 * walks (interpolation strip and fresh prior samples).
 * Owns: the walk and sample textures' contents (a few decodes on the UI thread, like
 * the cursor's), nothing else.
 * Must not: run anything longer than a few decodes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "teach_panel.h"

static int need_2d(App *a, Rect r)
{
    const Vae *v = a->snap->vae;
    if (v && v->cfg.latent_dim == 2)
        return 0;
    text_draw_wrapped(tr(STR_TEACH_NEED_2D), r.x, r.y + 20.f, r.w, 16.f, TEXT_BOLD, a->th.muted);
    return 1;
}

static void waiting(App *a, Rect r)
{
    text_draw(tr(STR_TEACH_WAIT), r.x, r.y + 20.f, 16.f, TEXT_BOLD, a->th.muted, ALIGN_LEFT);
}

/* ---------------------------------------------------------------- 4: beta */

static void rd_range(const Snapshot *s, double *kmax, double *dlo, double *dhi)
{
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

static void rd_iso(App *a, const Axes *ax, double elbo)
{
    for (int k = -2; k <= 2; k++) {
        double c = -elbo + k * 10.0; /* -recon + KL = c */
        teach_dashed_line(axes_x(ax, 0.0), axes_y(ax, c), axes_x(ax, ax->x1), axes_y(ax, c - ax->x1), 1.2f,
                          a->th.faint);
    }
}

static void rd_trace(App *a, const Axes *ax, const Snapshot *s)
{
    const History *h = &s->hist;
    float *xy = malloc(sizeof(float) * 2 * (size_t)(h->count + 1));
    if (xy && h->count > 1) {
        for (int i = 0; i < h->count; i++) {
            xy[2 * i] = axes_x(ax, h->kl[i]);
            xy[2 * i + 1] = axes_y(ax, -h->recon[i]);
        }
        render_polyline(xy, h->count, 2.f, a->th.recon);
    }
    free(xy);
    for (int i = 0; i < s->n_epochs; i++)
        render_disc(axes_x(ax, s->epochs[i].kl), axes_y(ax, -s->epochs[i].recon), 5.f, a->th.elbo);
}

static void beta_buttons(App *a, Rect r)
{
    char buf[48];
    snprintf(buf, sizeof buf, tr(STR_TEACH_BETA_NOW), (double)a->beta);
    if (ui_button(a, 720, (Rect){r.x, r.y, 44.f, 32.f}, "\xce\xb2 \xe2\x88\x92", 0))
        controls_beta_step(a, -1);
    text_draw(buf, r.x + 100.f, r.y + 5.f, 18.f, TEXT_BOLD, a->th.text, ALIGN_CENTER);
    if (ui_button(a, 721, (Rect){r.x + 156.f, r.y, 44.f, 32.f}, "\xce\xb2 +", 0))
        controls_beta_step(a, +1);
}

void teach_view_beta(App *a, Rect r)
{
    const Snapshot *s = a->snap;
    beta_buttons(a, r);
    teach_legend_line(a, r.x + 216.f, r.y, a->th.recon, tr(STR_TEACH_LEG_TRAIN), 0);
    render_disc(r.x + 228.f, r.y + 28.f, 5.f, a->th.elbo);
    text_draw(tr(STR_TEACH_LEG_TEST), r.x + 246.f, r.y + 19.f, 13.f, TEXT_REGULAR, a->th.text, ALIGN_LEFT);
    if (s->hist.count < 2) {
        waiting(a, (Rect){r.x, r.y + 40.f, r.w, 30.f});
        return;
    }
    double kmax, dlo, dhi;
    rd_range(s, &kmax, &dlo, &dhi);
    Axes ax = {{r.x + 50.f, r.y + 70.f, r.w - 60.f, r.h - 130.f}, 0.0, kmax, dlo, dhi, 0};
    axes_draw(a, &ax, tr(STR_TEACH_RATE), tr(STR_TEACH_DISTORTION));
    render_clip(&ax.r);
    const History *h = &s->hist;
    rd_iso(a, &ax, h->elbo[h->count - 1]);
    rd_trace(a, &ax, s);
    float cx = axes_x(&ax, h->kl[h->count - 1]), cy = axes_y(&ax, -h->recon[h->count - 1]);
    render_disc(cx, cy, 8.f, a->th.text);
    render_disc(cx, cy, 5.f, a->th.recon);
    render_clip(&a->teach->area);
    text_draw(tr(STR_TEACH_ISO), r.x, r.y + r.h - 22.f, 12.f, TEXT_REGULAR, a->th.muted, ALIGN_LEFT);
}

/* ---------------------------------------------------------------- 5: aggregate */

static void prior_circles(Rect sq, const float *rg)
{
    float sx = sq.w / (rg[1] - rg[0]), sy = sq.h / (rg[3] - rg[2]);
    float cx = sq.x + (0.f - rg[0]) * sx, cy = sq.y + (rg[3] - 0.f) * sy;
    for (int k = 1; k <= 3; k++)
        render_ellipse(cx, cy, sx * (float)k, sy * (float)k, 1.5f, rgba(0xFFFFFF, 200));
}

void teach_agg_prior_rgba(const float *agg, const float *rg, int g, uint8_t *agg_rgba, uint8_t *prior_rgba)
{
    float *grid = malloc(sizeof(float) * (size_t)(g * g)), mx = 0.f;
    if (!grid)
        return;
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

void teach_view_aggregate(App *a, Rect r)
{
    const TeachUi *t = a->teach;
    const TeachResults *res = t->res;
    char buf[96];
    if (!res->has_agg || !t->agg_tex || res->model_id != a->snap->model_id) {
        waiting(a, r);
        return;
    }
    float side = fminf((r.w - 12.f) * 0.5f, r.h - 80.f);
    Rect s1 = {r.x, r.y + 24.f, side, side}, s2 = {r.x + side + 12.f, r.y + 24.f, side, side};
    snprintf(buf, sizeof buf, tr(STR_TEACH_AGG_TITLE), res->agg_n);
    text_draw_fit(buf, s1.x, r.y, side, 13.f, TEXT_BOLD, a->th.text);
    text_draw_fit(tr(STR_TEACH_PRIOR_TITLE), s2.x, r.y, side, 13.f, TEXT_BOLD, a->th.text);
    render_image(t->agg_tex, s1, rgba(0xFFFFFF, 255), 0);
    if (t->prior_tex)
        render_image(t->prior_tex, s2, rgba(0xFFFFFF, 255), 0);
    prior_circles(s1, res->agg_region);
    prior_circles(s2, res->agg_region);
    render_rect_outline(s1, 1.f, a->th.border);
    render_rect_outline(s2, 1.f, a->th.border);
    snprintf(buf, sizeof buf, "z1 %.1f .. %.1f,  z2 %.1f .. %.1f", (double)res->agg_region[0],
             (double)res->agg_region[1], (double)res->agg_region[2], (double)res->agg_region[3]);
    text_draw(buf, r.x, s1.y + side + 6.f, 12.f, TEXT_REGULAR, a->th.muted, ALIGN_LEFT);
}

/* ---------------------------------------------------------------- 6: amortisation */

/* A level of the ladder; its label sits at label_y (kept apart from the others). */
static void ladder_mark(const Axes *ax, double v, float label_y, const char *label, Color c)
{
    char buf[96];
    float y = axes_y(ax, v);
    render_line(ax->r.x, y, ax->r.x + ax->r.w * 0.36f, y, 3.f, c);
    render_line(ax->r.x + ax->r.w * 0.36f, y, ax->r.x + ax->r.w * 0.38f, label_y + 9.f, 1.5f, c);
    snprintf(buf, sizeof buf, "%s  %.2f", label, v);
    text_draw_fit(buf, ax->r.x + ax->r.w * 0.39f, label_y, ax->r.w * 0.61f, 14.f, TEXT_BOLD, c);
}

static void amort_ladder(App *a, Rect r, const TeachResults *res)
{
    const TeachAmortisation *am = &res->amort;
    double lo = am->enc_elbo, hi = res->amort_log_px, pad = fmax((hi - lo) * 0.15, 0.2);
    Axes ax = {{r.x + 50.f, r.y + 8.f, r.w - 50.f, r.h - 60.f}, 0.0, 1.0, lo - pad, hi + pad, 0};
    float ly[3] = {axes_y(&ax, res->amort_log_px) - 9.f, axes_y(&ax, am->opt_elbo) - 9.f,
                   axes_y(&ax, am->enc_elbo) - 9.f};
    for (int i = 1; i < 3; i++) /* top to bottom, at least 20 apart */
        ly[i] = fmaxf(ly[i], ly[i - 1] + 20.f);
    ladder_mark(&ax, res->amort_log_px, ly[0], tr(STR_TEACH_LOG_PX), a->dark ? rgba(0xC39BD3, 255) : rgba(0x7B3FA0, 255));
    ladder_mark(&ax, am->opt_elbo, ly[1], tr(STR_TEACH_AM_OPT), a->th.kl);
    ladder_mark(&ax, am->enc_elbo, ly[2], tr(STR_TEACH_AM_ENC), a->th.elbo);
    float x = ax.r.x + 10.f, y0 = axes_y(&ax, am->enc_elbo), y1 = axes_y(&ax, am->opt_elbo);
    float y2 = axes_y(&ax, res->amort_log_px);
    render_line(x, y0, x, y1, 5.f, teach_gap_colour(a));
    render_line(x + 12.f, y1, x + 12.f, y2, 5.f, a->th.muted);
    char buf[96];
    snprintf(buf, sizeof buf, tr(STR_TEACH_AM_GAP), am->opt_elbo - am->enc_elbo);
    text_draw_fit(buf, r.x, r.y + r.h - 46.f, r.w, 15.f, TEXT_BOLD, teach_gap_colour(a));
    snprintf(buf, sizeof buf, tr(STR_TEACH_AM_APPROX), res->amort_log_px - am->opt_elbo);
    text_draw_fit(buf, r.x, r.y + r.h - 24.f, r.w, 14.f, TEXT_REGULAR, a->th.text);
}

void teach_view_amortisation(App *a, Rect r)
{
    const TeachUi *t = a->teach;
    const TeachResults *res = t->res;
    if (need_2d(a, r))
        return;
    if (a->sel.kind == SEL_NONE) {
        text_draw_wrapped(tr(STR_TEACH_NO_SEL), r.x, r.y + 20.f, r.w, 16.f, TEXT_BOLD, a->th.muted);
        return;
    }
    if (!res->has_amort || res->sel_key != t->sel_key || !res->has_zoom || !t->zoom_tex) {
        waiting(a, r);
        return;
    }
    float side = fminf(r.w * 0.62f, r.h * 0.5f);
    Rect sq = {r.x, r.y, side, side};
    render_image(t->zoom_tex, sq, rgba(0xFFFFFF, 255), 0);
    render_clip(&sq);
    teach_ellipses(a, sq, res->zoom_region, res->amort.enc_mu, res->amort.enc_logvar, rgba(0x4FC3F7, 255), 0);
    teach_ellipses(a, sq, res->zoom_region, res->amort.opt_mu, res->amort.opt_logvar, rgba(0x8CE99A, 255), 1);
    render_clip(&t->area);
    render_rect_outline(sq, 1.f, a->th.border);
    text_draw_wrapped(tr(STR_TEACH_AM_LEGEND), sq.x + side + 12.f, sq.y, r.w - side - 12.f, 13.f, TEXT_REGULAR,
                      a->th.text);
    amort_ladder(a, (Rect){r.x, r.y + side + 12.f, r.w, r.h - side - 12.f}, res);
}

/* ---------------------------------------------------------------- 7: walks */

static void grey_tiles(const float *probs, int n, int cols, uint8_t *img)
{
    int w = cols * DIGIT;
    for (int i = 0; i < n; i++)
        for (int y = 0; y < DIGIT; y++)
            for (int x = 0; x < DIGIT; x++)
                img[((i / cols) * DIGIT + y) * w + (i % cols) * DIGIT + x] =
                    (uint8_t)lroundf(fminf(fmaxf(probs[i * DIGIT_PIXELS + y * DIGIT + x], 0.f), 1.f) * 255.f);
}

static unsigned grey_texture(unsigned tex, int w, int h, const uint8_t *img)
{
    if (!tex)
        return render_texture_create(w, h, 1, img, 0);
    render_texture_update(tex, w, h, 1, img);
    return tex;
}

static void update_walk(App *a, TeachUi *t)
{
    Vae *vae = a->snap->vae;
    long version = a->snap->step * 1000 + a->snap->model_id;
    if (t->n_walk < 2 || t->walk_version == version || !vae || vae->cfg.input_dim != DIGIT_PIXELS)
        return;
    int Z = vae->cfg.latent_dim;
    float x[2 * DIGIT_PIXELS], mu[2 * VAE_MAX_LATENT], lv[2 * VAE_MAX_LATENT], z[WALK_N * VAE_MAX_LATENT];
    static float probs[WALK_N * DIGIT_PIXELS];
    static uint8_t img[WALK_N * DIGIT_PIXELS];
    memcpy(x, t->walk_a, sizeof t->walk_a);
    memcpy(x + DIGIT_PIXELS, t->walk_b, sizeof t->walk_b);
    if (vae_encode(vae, x, 2, mu, lv) != VAE_OK)
        return;
    for (int i = 0; i < WALK_N; i++)
        for (int k = 0; k < Z; k++) {
            float u = (float)i / (float)(WALK_N - 1);
            z[i * Z + k] = (1.f - u) * mu[k] + u * mu[Z + k];
        }
    if (vae_decode(vae, z, WALK_N, probs) != VAE_OK)
        return;
    grey_tiles(probs, WALK_N, WALK_N, img);
    t->walk_tex = grey_texture(t->walk_tex, WALK_N * DIGIT, DIGIT, img);
    t->walk_version = version;
}

static void update_samples(App *a, TeachUi *t)
{
    Vae *vae = a->snap->vae;
    long version = a->snap->step * 1000 + a->snap->model_id + (long)t->samples_seed * 7919;
    if (t->samples_version == version || !vae || vae->cfg.input_dim != DIGIT_PIXELS)
        return;
    enum { N = SAMPLES_G * SAMPLES_G };
    int Z = vae->cfg.latent_dim;
    static float z[N * VAE_MAX_LATENT], probs[N * DIGIT_PIXELS];
    static uint8_t img[N * DIGIT_PIXELS];
    VaeRng rng;
    rng_seed(&rng, t->samples_seed);
    rng_normal_fill(&rng, z, (size_t)(N * Z));
    if (vae_decode(vae, z, N, probs) != VAE_OK)
        return;
    grey_tiles(probs, N, SAMPLES_G, img);
    t->samples_tex = grey_texture(t->samples_tex, SAMPLES_G * DIGIT, SAMPLES_G * DIGIT, img);
    t->samples_version = version;
}

void teach_new_samples(App *a)
{
    if (a->teach) {
        a->teach->samples_seed++;
        a->dirty = 1;
    }
}

void teach_view_walks(App *a, Rect r)
{
    TeachUi *t = a->teach;
    update_walk(a, t);
    update_samples(a, t);
    text_draw_fit(tr(STR_TEACH_WALK_TITLE), r.x, r.y, r.w, 14.f, TEXT_BOLD, a->th.text);
    float cell = r.w / (float)WALK_N;
    Rect strip = {r.x, r.y + 22.f, r.w, cell};
    if (t->n_walk >= 2 && t->walk_tex) {
        render_image(t->walk_tex, strip, rgba(0xFFFFFF, 255), 1);
        render_rect_outline((Rect){strip.x, strip.y, cell, cell}, 2.f, a->th.accent);
        render_rect_outline((Rect){strip.x + strip.w - cell, strip.y, cell, cell}, 2.f, a->th.accent);
    } else {
        text_draw_wrapped(tr(STR_TEACH_WALK_NEED), r.x, strip.y + 6.f, r.w, 14.f, TEXT_REGULAR, a->th.muted);
    }
    float y = strip.y + cell + 20.f;
    text_draw_fit(tr(STR_TEACH_SAMPLES_TITLE), r.x, y + 6.f, r.w - 170.f, 14.f, TEXT_BOLD, a->th.text);
    if (ui_button(a, 730, (Rect){r.x + r.w - 160.f, y, 160.f, 30.f}, tr(STR_TEACH_BTN_RESAMPLE), 0))
        teach_new_samples(a);
    y += 40.f;
    float side = fminf(r.w, r.y + r.h - y);
    if (t->samples_tex && side > 40.f)
        render_image(t->samples_tex, (Rect){r.x + (r.w - side) * 0.5f, y, side, side}, rgba(0xFFFFFF, 255), 1);
}
