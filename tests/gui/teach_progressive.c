/* teach_progressive.c - the staged posterior heatmap (issue 13), checked in the engine
 * (engine/eval_progressive.c) and through the teaching thread (app/threads/teach_worker.c)
 * as the window runs it:
 *   - the final grid is eval_posterior_grid's adaptive grid (up to sgemm rounding: L1
 *     < 1e-5) and within 1e-4 (L1) of the exhaustive one, on the map's view, zoomed out and zoomed onto q;
 *   - it is bit-for-bit the same on one and on two threads, stages included;
 *   - the coarse picture (32 x 32) comes first, then 64 x 64, then the final 128 x 128,
 *     each over the requested region and summing to 1; each coarse cell holds the final
 *     grid's value at its tile's sample cell (the same posterior, rescaled);
 *   - the teaching thread publishes the stages in that order, for training paused (two
 *     threads) and running (one), with the same final grid both ways.
 * Runs a small random model; no display, no timing.
 * Must not: link worker.c: subset_retain/subset_release are restated below. */
#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eval_progressive.h"
#include "rng.h"
#include "teach_worker.h"

#define G TEACH_G
#define MAX_STAGES 8

static int fails;

static void expect(int ok, const char *what, double a, double b) {
    printf("%-60s %12.6g %12.6g %s\n", what, a, b, ok ? "ok" : "FAILED");
    fails += !ok;
}

typedef struct {
    int count, n[MAX_STAGES];
    float *grid[MAX_STAGES];
} Stages;

static void record(void *ctx, int n, const float *grid) {
    Stages *s = ctx;
    if (s->count < MAX_STAGES) {
        s->n[s->count] = n;
        s->grid[s->count] = malloc(sizeof(float) * G * G);
        memcpy(s->grid[s->count], grid, sizeof(float) * G * G);
    }
    s->count++;
}

static void stages_free(Stages *s) {
    for (int i = 0; i < s->count && i < MAX_STAGES; i++) free(s->grid[i]);
    s->count = 0;
}

static double sum(const float *g, int m) {
    double s = 0.0;
    for (int i = 0; i < m; i++) s += g[i];
    return s;
}

static double l1(const float *a, const float *b, int m) {
    double s = 0.0;
    for (int i = 0; i < m; i++) s += fabs((double)a[i] - b[i]);
    return s;
}

/* Each cell of the stage at tile size t (t = G / n) equals, up to one common factor, the
 * final grid at the tile's sample cell (top-left + t / 2) where that cell was decoded; the
 * largest relative deviation over cells holding > 1e-6 of the peak. */
static double stage_vs_final(const float *st, int n, const float *fin) {
    int t = G / n;
    double peak = 0.0, ratio = 0.0, worst = 0.0;
    for (int i = 0; i < G * G; i++) peak = fmax(peak, fin[i]);
    for (int pass = 0; pass < 2; pass++)
        for (int r = 0; r < G; r += t)
            for (int c = 0; c < G; c += t) {
                int s = (r + t / 2) * G + c + t / 2;
                if (fin[s] < 1e-6 * peak) continue;
                for (int k = 0; k < t * t; k++) { /* the whole tile holds the sample's value */
                    double v = st[(r + k / t) * G + c + k % t] / fin[s];
                    if (pass == 0 && ratio == 0.0) ratio = v;
                    if (pass == 1) worst = fmax(worst, fabs(v / ratio - 1.0));
                }
            }
    return worst;
}

static void engine_checks(const VaeModel *v, VaeWork *w, VaeWork *w2, VaeHelper *h, const float *x) {
    float mu[2], lv[2];
    vae_encode(v, w, x, 1, mu, lv);
    const float boxes[3][4] = {
        {-4, 4, -4, 4}, {-12, 12, -12, 12}, {mu[0] - 0.5f, mu[0] + 0.5f, mu[1] - 0.5f, mu[1] + 0.5f}};
    const char *names[3] = {"map view", "zoomed out", "zoomed onto q"};
    float *one = malloc(sizeof(float) * G * G * 4), *two = one + G * G, *ad = two + G * G, *ex = ad + G * G;
    for (int b = 0; b < 3; b++) {
        const float *r = boxes[b];
        Stages s1 = {0}, s2 = {0};
        EvalGridRun run1 = {v, w, NULL, NULL, record, &s1}, run2 = {v, w, w2, h, record, &s2};
        char what[96];
        int ok1 = eval_posterior_grid_progressive(&run1, x, r[0], r[1], r[2], r[3], G, one) == VAE_OK;
        int ok2 = eval_posterior_grid_progressive(&run2, x, r[0], r[1], r[2], r[3], G, two) == VAE_OK;
        eval_posterior_grid(v, w, x, r[0], r[1], r[2], r[3], G, ad);
        eval_posterior_grid_exhaustive(v, w, x, r[0], r[1], r[2], r[3], G, ex);
        snprintf(what, sizeof what, "%s: progressive grid computed (1 and 2 threads)", names[b]);
        expect(ok1 && ok2, what, ok1, ok2);
        snprintf(what, sizeof what, "%s: sums to 1", names[b]);
        expect(fabs(sum(one, G * G) - 1.0) < 1e-4, what, sum(one, G * G), 1.0);
        snprintf(what, sizeof what, "%s: 2 threads = 1 thread, bit for bit", names[b]);
        expect(!memcmp(one, two, sizeof(float) * G * G), what, l1(one, two, G * G), 0.0);
        /* the same cells as eval.c decodes, in other batch sizes: sgemm's rounding only */
        snprintf(what, sizeof what, "%s: L1 to eval_posterior_grid (adaptive)", names[b]);
        expect(l1(one, ad, G * G) < 1e-5, what, l1(one, ad, G * G), 1e-5);
        snprintf(what, sizeof what, "%s: L1 to the exhaustive grid", names[b]);
        expect(l1(one, ex, G * G) < 1e-4, what, l1(one, ex, G * G), 1e-4);
        snprintf(what, sizeof what, "%s: two stages before the final grid (1 and 2 threads)", names[b]);
        expect(s1.count == 2 && s2.count == 2 && s1.n[0] == G / 4 && s1.n[1] == G / 2 && s2.n[0] == G / 4 &&
                   s2.n[1] == G / 2,
               what, s1.count, s2.count);
        for (int i = 0; i < s1.count && i < 2 && s2.count == s1.count; i++) {
            snprintf(what, sizeof what, "%s: stage %dx%d sums to 1", names[b], s1.n[i], s1.n[i]);
            expect(fabs(sum(s1.grid[i], G * G) - 1.0) < 1e-4, what, sum(s1.grid[i], G * G), 1.0);
            snprintf(what, sizeof what, "%s: stage %dx%d the same on 2 threads", names[b], s1.n[i], s1.n[i]);
            expect(!memcmp(s1.grid[i], s2.grid[i], sizeof(float) * G * G), what, l1(s1.grid[i], s2.grid[i], G * G),
                   0.0);
        }
        if (s1.count >= 1) {
            double d = stage_vs_final(s1.grid[0], G / 4, one);
            snprintf(what, sizeof what, "%s: coarse cells = the final grid's samples", names[b]);
            expect(d < 1e-4, what, d, 1e-4);
        }
        stages_free(&s1);
        stages_free(&s2);
    }
    free(one);
}

/* ---------------------------------------------------------------- the teaching thread */

typedef struct {
    pthread_mutex_t mu;
    uint64_t sel; /* the selection whose grids are recorded */
    int count, n[MAX_STAGES];
    float region[MAX_STAGES][4];
    float *final; /* the grid of the last stage seen */
} Seen;

static void seen_publish(void *ctx, const TeachResults *r) {
    Seen *s = ctx;
    pthread_mutex_lock(&s->mu);
    int last = s->count ? s->n[s->count - 1] : 0;
    if (r->sel_key == s->sel && r->has_grid && r->grid_n != last && s->count < MAX_STAGES) {
        s->n[s->count] = r->grid_n;
        memcpy(s->region[s->count], r->grid_region, sizeof s->region[0]);
        memcpy(s->final, r->grid, sizeof(float) * G * G);
        s->count++;
    }
    pthread_mutex_unlock(&s->mu);
}

/* Asks for the heatmap of selection sel and waits for its final grid (up to 2 minutes). */
static int worker_grid(TeachWorker *tw, Seen *seen, TeachRequest *rq, uint64_t sel, int idle) {
    pthread_mutex_lock(&seen->mu);
    seen->sel = sel;
    seen->count = 0;
    pthread_mutex_unlock(&seen->mu);
    rq->sel_key = sel;
    rq->training_idle = idle;
    teach_worker_request(tw, rq);
    for (int i = 0; i < 1200; i++) {
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&seen->mu);
        int done = seen->count > 0 && seen->n[seen->count - 1] == G;
        pthread_mutex_unlock(&seen->mu);
        if (done) return 1;
    }
    return 0;
}

static void worker_checks(const VaeModel *v, VaeWork *w, VaeWork *w2, VaeHelper *h, const float *x) {
    float *ref = malloc(sizeof(float) * G * G),
          *fin[2] = {malloc(sizeof(float) * G * G), malloc(sizeof(float) * G * G)};
    Seen seen = {.final = malloc(sizeof(float) * G * G)};
    pthread_mutex_init(&seen.mu, NULL);
    const float region[4] = {-3.f, 5.f, -4.f, 4.f};
    EvalGridRun run = {v, w, w2, h, NULL, NULL};
    eval_posterior_grid_progressive(&run, x, region[0], region[1], region[2], region[3], G, ref);
    TeachWorker *tw = teach_worker_start(0);
    teach_worker_observe(tw, seen_publish, &seen);
    TeachRequest rq = {
        .vae = v, .model_id = 1, .step = 10, .x = x, .region = {region[0], region[1], region[2], region[3]}};
    for (int idle = 1; idle >= 0; idle--) {
        const char *how = idle ? "paused (2 threads)" : "training (1 thread)";
        char what[96];
        int got = worker_grid(tw, &seen, &rq, 100 + (uint64_t)idle, idle);
        pthread_mutex_lock(&seen.mu);
        snprintf(what, sizeof what, "worker, %s: the final heatmap arrived", how);
        expect(got, what, got, 1);
        snprintf(what, sizeof what, "worker, %s: published 32, 64, then 128", how);
        expect(seen.count == 3 && seen.n[0] == G / 4 && seen.n[1] == G / 2 && seen.n[2] == G, what,
               seen.count ? seen.n[0] : 0, G / 4);
        int same = 1;
        for (int i = 0; i < seen.count && i < MAX_STAGES; i++) same &= !memcmp(seen.region[i], region, sizeof region);
        snprintf(what, sizeof what, "worker, %s: every stage over the requested region", how);
        expect(same, what, same, 1);
        memcpy(fin[idle], seen.final, sizeof(float) * G * G);
        snprintf(what, sizeof what, "worker, %s: final grid = the engine's", how);
        expect(!memcmp(fin[idle], ref, sizeof(float) * G * G), what, l1(fin[idle], ref, G * G), 0.0);
        pthread_mutex_unlock(&seen.mu);
    }
    teach_worker_stop(tw);
    expect(!memcmp(fin[0], fin[1], sizeof(float) * G * G), "worker: paused and training give the same grid",
           l1(fin[0], fin[1], G * G), 0.0);
    pthread_mutex_destroy(&seen.mu);
    free(seen.final);
    free(ref), free(fin[0]), free(fin[1]);
}

int main(void) {
    VaeConfig cfg = vae_config_default();
    vae_config_parse_hidden(&cfg, "64,32");
    VaeModel *v = NULL; /* one counted model; each thread has its own workspace */
    VaeWork *w = NULL, *w2 = NULL;
    VaeRng rng;
    rng_seed(&rng, 9);
    if (vae_model_create(&cfg, &v) != VAE_OK || vae_work_create(v, 1, &w) != VAE_OK ||
        vae_work_create(v, 1, &w2) != VAE_OK) {
        fprintf(stderr, "teach_progressive: %s\n", vae_last_error());
        return 1;
    }
    openblas_set_num_threads(1); /* as the window: each thread's sgemm on its own thread */
    VaeHelper *h = helper_start();
    float x[784];
    for (int i = 0; i < 784; i++) x[i] = rng_uniform(&rng) < 0.15 ? 1.f : 0.f;
    expect(h != NULL, "a second thread started", h != NULL, 1);
    if (h) {
        engine_checks(v, w, w2, h, x);
        worker_checks(v, w, w2, h, x);
    }
    helper_stop(h);
    vae_work_free(w);
    vae_work_free(w2);
    vae_model_release(v);
    printf(fails ? "teach_progressive: %d FAILED\n" : "teach_progressive: all ok\n", fails);
    return fails ? 1 : 0;
}
