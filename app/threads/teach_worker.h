/* teach_worker.h - the teaching views' own background thread and what it publishes.
 *
 * Owns: one thread that takes a request from the UI (a copy of the current model's
 * parameters, the selected image, the visible map region, which views are shown) and
 * computes the numbers behind the teaching views with the engine (eval.h, teach.h):
 * the true posterior grid (published in stages: a coarse picture first, then finer, on two
 * threads while training is paused), log p(x) / ELBO / gap by quadrature, a test-batch average
 * and its history over training, the estimator series, the amortisation gap and the
 * aggregate posterior. Results are published under the thread's own mutex; the UI
 * copies them out (teach_worker_take) and never waits on a computation.
 * BLAS: OpenBLAS 0.3.21 (pthread build, one thread set by gui_main.c) serialises its
 * buffer allocation internally; the UI thread already decodes beside the training
 * worker the same way, so this thread's sgemm calls need no extra lock.
 * Must not: call SDL video or GL (it wakes the UI with SDL_PushEvent only). */
#ifndef VAE_TEACH_WORKER_H
#define VAE_TEACH_WORKER_H

#include <stdint.h>

#include "eval.h"
#include "eval_progressive.h"
#include "teach.h"
#include "vae.h"
#include "worker.h"

#define TEACH_G 128             /* the posterior heatmap on the map: TEACH_G x TEACH_G (adaptive) */
#define TEACH_GZ 64             /* the zoomed heatmap around q(z|x) in the panel */
#define TEACH_GA 96             /* the aggregate posterior grid */
#define TEACH_HIST 512          /* points of the identity's history over training */
#define TEACH_BATCH 20          /* test digits averaged for the identity */
#define TEACH_EST_N 9           /* N = 1, 3, 10, ..., 10^4 */
#define TEACH_EST_REPEATS 8     /* for N <= 1000 */
#define TEACH_EST_REPEATS_BIG 3 /* for N = 3000 and 10^4 */
#define TEACH_AMORT_STEPS 300

enum { TEACH_WANT_BATCH = 1, TEACH_WANT_EST = 2, TEACH_WANT_AMORT = 4, TEACH_WANT_AGG = 8 };

typedef struct {
    float region[4]; /* x0, x1, y0, y1 of the grid (latent units) */
    float *grid;     /* g x g, row 0 at y0, sums to 1 */
} TeachGrid;

typedef struct {
    long step;
    float log_px, elbo, recon, kl, gap;
} TeachHistPoint;

typedef struct {
    long seq;            /* bumps on every publish */
    long model_id, step; /* of the parameters the newest numbers came from */
    uint64_t sel_key;    /* which selection the per-image numbers are for (0 = none) */
    int has_grid, has_zoom, has_quad, has_batch, has_est, has_amort, has_agg;
    float grid[TEACH_G * TEACH_G], grid_region[4];
    int grid_n; /* the heatmap's resolution so far: TEACH_G / 4 (the coarse picture, each 4 x 4
                 * block of grid[] one value), TEACH_G / 2, then TEACH_G (final); grid[] is
                 * always TEACH_G x TEACH_G over grid_region */
    float zoom[TEACH_GZ * TEACH_GZ], zoom_region[4];
    float agg[TEACH_GA * TEACH_GA], agg_region[4];
    int agg_n;
    VaeQuadrature quad;  /* the selected image */
    VaeQuadrature batch; /* the mean over the test batch (mu/logvar unused) */
    int batch_n;
    TeachHistPoint hist[TEACH_HIST];
    int n_hist;
    TeachEstimate est[TEACH_EST_N];
    int est_count;
    double est_quad; /* log p(x) by quadrature for the estimator plot */
    TeachAmortisation amort;
    double amort_log_px;
    double ms_grid_coarse; /* from the start of the heatmap to its coarse picture */
    double ms_grid, ms_quad, ms_batch, ms_est, ms_amort, ms_agg; /* the last timings */
    char error[160];
} TeachResults;

typedef struct TeachWorker TeachWorker;

/* wake_event: an SDL user event type pushed after each publish (0 = none). */
TeachWorker *teach_worker_start(uint32_t wake_event);
void teach_worker_stop(TeachWorker *tw);

typedef struct {
    const VaeModel *vae; /* a counted model (vae_model_retain), held by the worker while it needs it */
    long model_id, step;
    uint64_t sel_key; /* 0 = no image selected */
    const float *x;   /* the selected image (input_dim), if sel_key */
    float region[4];  /* the visible map region */
    int dim_x, dim_y;
    int want;           /* TEACH_WANT_* */
    TestSubset *subset; /* test images (retained by the worker), may be NULL */
    int training_idle;  /* 1 when the training worker is not stepping (paused, loading, error):
                         * the heatmaps then run on two threads */
} TeachRequest;

/* Replaces the pending request; the thread picks it up when it is next free. */
void teach_worker_request(TeachWorker *tw, const TeachRequest *rq);
/* Copies the newest results into *out if they changed since out->seq; returns 1 then. */
int teach_worker_take(TeachWorker *tw, TeachResults *out);
/* Calls fn(ctx, results) on the teaching thread after every publish, with the results just
 * published (set it before the first request; tests and benchmarks see every stage). */
void teach_worker_observe(TeachWorker *tw, void (*fn)(void *ctx, const TeachResults *r), void *ctx);
/* 1 while the thread is computing or has a request waiting. */
int teach_worker_busy(TeachWorker *tw);

#endif
