/* teach_numbers.c - the numbers the teaching views display, checked through the
 * teaching worker itself (app/teach_worker.c, its own thread, as the window runs it):
 *   - the displayed gap equals log p(x) - ELBO, for the selected image, for the
 *     test-batch mean (averaged in teach_worker.c) and for each history point;
 *   - the displayed ELBO equals recon - KL;
 *   - the posterior heatmaps sum to 1; the aggregate density is >= 0 and integrates
 *     to about 1 over a box that holds the codes;
 *   - the optimised q's ELBO is not below the encoder's; the estimator series is full.
 * Runs a small random model (timings, not training, matter here); no display needed.
 * Must not: link worker.c: subset_retain/subset_release are restated below. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rng.h"
#include "teach_worker.h"

static int fails;

static void expect(int ok, const char *what, double a, double b) {
    printf("%-52s %12.6f %12.6f %s\n", what, a, b, ok ? "ok" : "FAILED");
    fails += !ok;
}

static void expect_close(const char *what, double a, double b, double tol) {
    expect(fabs(a - b) <= tol * fmax(1.0, fabs(b)), what, a, b);
}

static TestSubset *make_subset(int n, VaeRng *rng) {
    TestSubset *s = calloc(1, sizeof *s);
    s->count = n;
    s->dim = 784;
    s->pixels = malloc((size_t)n * 784);
    s->labels = calloc((size_t)n, 1);
    for (int i = 0; i < n * 784; i++) s->pixels[i] = (uint8_t)(rng_uniform(rng) < 0.15 ? 255 : 0);
    atomic_init(&s->refs, 1);
    return s;
}

static double grid_sum(const float *g, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += g[i];
    return s;
}

static int all_there(const TeachResults *r) {
    return r->has_grid && r->has_zoom && r->has_quad && r->has_batch && r->has_est && r->has_amort && r->has_agg;
}

static void check(const TeachResults *r) {
    const VaeQuadrature *q = &r->quad, *b = &r->batch;
    expect_close("selected: gap = log p(x) - ELBO", q->gap, q->log_px - q->elbo, 1e-9);
    expect_close("selected: ELBO = recon - KL", q->elbo, q->recon - q->kl, 1e-9);
    expect(q->gap > -0.05, "selected: gap >= 0 (up to quadrature error)", q->gap, 0.0);
    expect_close("batch mean: gap = log p(x) - ELBO", b->gap, b->log_px - b->elbo, 1e-9);
    expect_close("batch mean: ELBO = recon - KL", b->elbo, b->recon - b->kl, 1e-9);
    for (int i = 0; i < r->n_hist; i++)
        expect_close("history: gap = log p(x) - ELBO", r->hist[i].gap, r->hist[i].log_px - r->hist[i].elbo, 1e-4);
    expect(r->n_hist >= 1, "history has points", r->n_hist, 1);
    expect_close("map heatmap sums to 1", grid_sum(r->grid, TEACH_G * TEACH_G), 1.0, 1e-3);
    expect_close("zoomed heatmap sums to 1", grid_sum(r->zoom, TEACH_GZ * TEACH_GZ), 1.0, 1e-3);
    double cell = (r->agg_region[1] - r->agg_region[0]) * (r->agg_region[3] - r->agg_region[2]) / (TEACH_GA * TEACH_GA);
    expect(grid_sum(r->agg, TEACH_GA * TEACH_GA) * cell > 0.9, "aggregate density integrates to ~1",
           grid_sum(r->agg, TEACH_GA * TEACH_GA) * cell, 1.0);
    expect(r->amort.opt_elbo >= r->amort.enc_elbo, "optimised ELBO >= encoder ELBO", r->amort.opt_elbo,
           r->amort.enc_elbo);
    expect(r->est_count == TEACH_EST_N, "estimator series complete", r->est_count, TEACH_EST_N);
}

int main(void) {
    VaeConfig cfg = vae_config_default();
    vae_config_parse_hidden(&cfg, "64");
    VaeModel *vae = NULL; /* a counted model: the teaching thread holds it while it works */
    VaeRng rng;
    rng_seed(&rng, 5);
    if (vae_model_create(&cfg, &vae) != VAE_OK) return 1;
    TestSubset *sub = make_subset(200, &rng);
    float x[784];
    for (int i = 0; i < 784; i++) x[i] = (float)sub->pixels[3 * 784 + i] / 255.f;
    TeachWorker *tw = teach_worker_start(0);
    TeachRequest rq = {.vae = vae,
                       .model_id = 1,
                       .step = 10,
                       .sel_key = 42,
                       .x = x,
                       .region = {-6, 6, -6, 6},
                       .dim_x = 0,
                       .dim_y = 1,
                       .want = TEACH_WANT_EST | TEACH_WANT_AMORT | TEACH_WANT_AGG,
                       .subset = sub};
    TeachResults *r = calloc(1, sizeof *r);
    int ok = 0;
    for (int i = 0; i < 5400 && !ok; i++) {             /* up to 9 minutes (TSan: about 4) */
        if (i % 50 == 0) teach_worker_request(tw, &rq); /* as the window does, with the same parameters */
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
        teach_worker_take(tw, r);
        ok = all_there(r);
    }
    teach_worker_stop(tw);
    expect(ok, "all teaching numbers arrived", ok, 1);
    if (ok) check(r);
    free(r);
    subset_release(sub);
    vae_model_release(vae);
    printf(fails ? "teach_numbers: %d FAILED\n" : "teach_numbers: all ok\n", fails);
    return fails ? 1 : 0;
}
