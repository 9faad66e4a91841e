/* teach_worker.c - the teaching views' background thread (see teach_worker.h).
 *
 * Owns: its request slot, its references to the window's read-only models (the newest
 * parameters, and the ones a test-batch average computed a few images per round began
 * with) and its own workspace to run them in, the results it
 * publishes, and the schedule: the selected image's posterior and quadrature every
 * round; the batch, the estimator series, the amortisation gap and the aggregate
 * posterior only when their view is shown and their inputs changed or aged.
 * Must not: touch SDL video, GL or App. */
#include <SDL.h>
#include <math.h>
#include <pthread.h>
#ifdef __linux__
#include <sys/resource.h>
#endif
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "teach_worker.h"

#define AGG_MAX 5000
#define TEACH_DIM 784 /* the window works on 28x28 images */

struct TeachWorker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int quit;
    int started;
    int have_req, busy;
    uint32_t wake;
    /* the pending request (under mu) */
    const VaeModel *req_vae; /* retained */
    TeachRequest req;
    float *req_x;
    /* the thread's own state */
    const VaeModel *vae, *batch_vae; /* retained, read-only */
    VaeWork *ws;                     /* this thread's workspace */
    TeachRequest cur;
    float *x;
    TestSubset *subset;
    int batch_next; /* next image of the running batch, -1 = none running */
    long batch_step;
    double batch_sum[5];
    double t_batch, t_est, t_amort, t_agg, t_sel;
    uint64_t sel_done;
    long sel_step;
    uint64_t est_key, amort_key;
    float agg_key[6];
    float *enc_mu, *enc_lv, *enc_x;
    float *grid_buf;   /* the heatmap being computed (TEACH_G x TEACH_G) */
    double t_grid;     /* when the heatmap being computed began */
    VaeWork *ws2;      /* the second thread's workspace over the same model */
    VaeHelper *helper; /* the second thread (started on this thread: it inherits nice 10) */
    void (*observe)(void *ctx, const TeachResults *r);
    void *observe_ctx;
    TeachResults *work, *pub;
};

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int usable(const VaeModel *v) { return v && v->cfg.input_dim == TEACH_DIM; }

/* Makes *dst a reference to src (a counted model never changes: holding it freezes it). */
static void hold_model(const VaeModel **dst, const VaeModel *src) {
    if (src) vae_model_retain(src);
    vae_model_release(*dst);
    *dst = src;
}

static void publish(TeachWorker *tw) {
    pthread_mutex_lock(&tw->mu);
    tw->work->seq = tw->pub->seq + 1;
    memcpy(tw->pub, tw->work, sizeof *tw->pub);
    void (*observe)(void *, const TeachResults *) = tw->observe;
    void *octx = tw->observe_ctx;
    pthread_mutex_unlock(&tw->mu);
    if (observe) observe(octx, tw->work);
    if (tw->wake) {
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = tw->wake;
        SDL_PushEvent(&ev);
    }
}

static int stop_now(TeachWorker *tw) { return atomic_load(&tw->quit); }

/* ---------------------------------------------------------------- the selected image */

/* The mean of the posterior on the map's grid (cell centres). */
static void grid_mean(const float *g, int n, const float *rg, float *m) {
    double sx = 0.0, sy = 0.0, s = 0.0;
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++) {
            double p = g[r * n + c];
            sx += p * (rg[0] + (rg[1] - rg[0]) * (c + 0.5) / n);
            sy += p * (rg[2] + (rg[3] - rg[2]) * (r + 0.5) / n);
            s += p;
        }
    m[0] = s > 0.0 ? (float)(sx / s) : 0.f;
    m[1] = s > 0.0 ? (float)(sy / s) : 0.f;
}

/* A square around q(z|x) (+-5 sigma) that also holds the true posterior's mean. */
static void zoom_region(const VaeQuadrature *q, const float *post_mean, float *r) {
    float sx = expf(0.5f * q->logvar[0]), sy = expf(0.5f * q->logvar[1]), s = fmaxf(sx, sy);
    float cx = 0.5f * (q->mu[0] + post_mean[0]), cy = 0.5f * (q->mu[1] + post_mean[1]);
    float d = fmaxf(fabsf(q->mu[0] - post_mean[0]), fabsf(q->mu[1] - post_mean[1]));
    float h = fmaxf(fmaxf(s * 5.f, 0.5f * d + 4.f * s), 0.15f);
    r[0] = cx - h;
    r[1] = cx + h;
    r[2] = cy - h;
    r[3] = cy + h;
}

/* The heatmap at a stage: copied into the results and published at once. */
static void grid_stage(void *ctx, int n, const float *grid) {
    TeachWorker *tw = ctx;
    TeachResults *w = tw->work;
    memcpy(w->grid, grid, sizeof w->grid);
    memcpy(w->grid_region, tw->cur.region, sizeof w->grid_region);
    w->grid_n = n;
    w->has_grid = 1;
    if (n == TEACH_G / 4) w->ms_grid_coarse = (now_s() - tw->t_grid) * 1e3;
    publish(tw);
}

/* The grids' run: two threads while training is idle (a second workspace over the same
 * model and the helper thread, made on first use; without them, one thread). */
static EvalGridRun grid_run(TeachWorker *tw, EvalGridStage on_stage) {
    EvalGridRun run = {tw->vae, tw->ws, NULL, NULL, on_stage, tw};
    if (!tw->cur.training_idle) return run;
    if (!tw->helper) tw->helper = helper_start();
    if (tw->helper && (tw->ws2 || vae_work_create(NULL, 0, &tw->ws2) == VAE_OK)) {
        run.work2 = tw->ws2;
        run.helper = tw->helper;
    }
    return run;
}

static void compute_selected(TeachWorker *tw) {
    TeachResults *w = tw->work;
    double t0 = now_s();
    const float *r = tw->cur.region;
    tw->t_grid = t0;
    EvalGridRun run = grid_run(tw, grid_stage);
    if (eval_posterior_grid_progressive(&run, tw->x, r[0], r[1], r[2], r[3], TEACH_G, tw->grid_buf) == VAE_OK) {
        memcpy(w->grid, tw->grid_buf, sizeof w->grid);
        memcpy(w->grid_region, r, sizeof w->grid_region);
        w->grid_n = TEACH_G;
        w->has_grid = 1;
        w->ms_grid = (now_s() - t0) * 1e3;
        publish(tw); /* the final heatmap before the quadrature's few hundred ms */
    }
    t0 = now_s();
    if (eval_quadrature(tw->vae, tw->ws, tw->x, &w->quad) == VAE_OK) w->has_quad = 1;
    w->ms_quad = (now_s() - t0) * 1e3;
    if (w->has_quad) {
        float pm[2] = {w->quad.mu[0], w->quad.mu[1]};
        if (w->has_grid && tw->cur.dim_x == 0 && tw->cur.dim_y == 1) grid_mean(w->grid, TEACH_G, w->grid_region, pm);
        zoom_region(&w->quad, pm, w->zoom_region);
        const float *z = w->zoom_region;
        run.on_stage = NULL;
        w->has_zoom = eval_posterior_grid_progressive(&run, tw->x, z[0], z[1], z[2], z[3], TEACH_GZ, w->zoom) == VAE_OK;
    }
}

/* ---------------------------------------------------------------- the test batch */

static void subset_image(const TestSubset *s, int i, float *x) {
    const uint8_t *p = s->pixels + (size_t)i * (size_t)s->dim;
    for (int k = 0; k < s->dim; k++) x[k] = (float)p[k] / 255.f;
}

static void batch_finish(TeachWorker *tw) {
    TeachResults *w = tw->work;
    double n = TEACH_BATCH, *s = tw->batch_sum;
    w->batch =
        (VaeQuadrature){.log_px = s[0] / n, .elbo = s[1] / n, .recon = s[2] / n, .kl = s[3] / n, .gap = s[4] / n};
    w->batch_n = TEACH_BATCH;
    w->has_batch = 1;
    if (w->n_hist == TEACH_HIST) { /* keep every other point */
        for (int i = 0; i < TEACH_HIST / 2; i++) w->hist[i] = w->hist[2 * i + 1];
        w->n_hist = TEACH_HIST / 2;
    }
    w->hist[w->n_hist++] = (TeachHistPoint){tw->batch_step,        (float)w->batch.log_px, (float)w->batch.elbo,
                                            (float)w->batch.recon, (float)w->batch.kl,     (float)w->batch.gap};
    tw->batch_next = -1;
}

/* A few images per round, with parameters frozen when the batch began. */
static void compute_batch(TeachWorker *tw) {
    TestSubset *s = tw->subset;
    if (!s || s->count < TEACH_BATCH || s->dim != tw->vae->cfg.input_dim) {
        tw->batch_next = -1; /* nothing to average (yet) */
        return;
    }
    if (tw->batch_next < 0) {
        if (now_s() - tw->t_batch < 2.0) return;
        hold_model(&tw->batch_vae, tw->vae);
        tw->t_batch = now_s();
        tw->batch_next = 0;
        tw->batch_step = tw->cur.step;
        memset(tw->batch_sum, 0, sizeof tw->batch_sum);
    }
    double t0 = now_s();
    for (; tw->batch_next < TEACH_BATCH && now_s() - t0 < 1.5 && !stop_now(tw); tw->batch_next++) {
        VaeQuadrature q;
        subset_image(s, tw->batch_next * (s->count / TEACH_BATCH), tw->enc_x);
        if (eval_quadrature(tw->batch_vae, tw->ws, tw->enc_x, &q) != VAE_OK) continue;
        const double v[5] = {q.log_px, q.elbo, q.recon, q.kl, q.gap};
        for (int j = 0; j < 5; j++) tw->batch_sum[j] += v[j];
    }
    tw->work->ms_batch = (now_s() - t0) * 1e3;
    if (tw->batch_next >= TEACH_BATCH) batch_finish(tw);
}

/* ---------------------------------------------------------------- per-view extras */

static void compute_estimates(TeachWorker *tw) {
    static const int ns[TEACH_EST_N] = {1, 3, 10, 30, 100, 300, 1000, 3000, 10000};
    TeachResults *w = tw->work;
    if (tw->est_key == tw->cur.sel_key && now_s() - tw->t_est < 30.0) return;
    double t0 = now_s();
    VaeQuadrature q;
    if (eval_quadrature(tw->vae, tw->ws, tw->x, &q) == VAE_OK &&
        teach_estimator_series(tw->vae, tw->ws, tw->x, ns, TEACH_EST_N - 2, TEACH_EST_REPEATS, 7, w->est) == VAE_OK &&
        teach_estimator_series(tw->vae, tw->ws, tw->x, ns + TEACH_EST_N - 2, 2, TEACH_EST_REPEATS_BIG, 8,
                               w->est + TEACH_EST_N - 2) == VAE_OK) {
        w->est_count = TEACH_EST_N;
        w->est_quad = q.log_px;
        w->has_est = 1;
    }
    tw->est_key = tw->cur.sel_key;
    tw->t_est = now_s();
    w->ms_est = (now_s() - t0) * 1e3;
}

static void compute_amortisation(TeachWorker *tw) {
    TeachResults *w = tw->work;
    if (tw->amort_key == tw->cur.sel_key && now_s() - tw->t_amort < 10.0) return;
    double t0 = now_s();
    VaeQuadrature q;
    if (eval_quadrature(tw->vae, tw->ws, tw->x, &q) == VAE_OK &&
        teach_amortisation(tw->vae, tw->ws, tw->x, TEACH_AMORT_STEPS, 11, &w->amort) == VAE_OK) {
        w->amort_log_px = q.log_px;
        w->has_amort = 1;
    }
    tw->amort_key = tw->cur.sel_key;
    tw->t_amort = now_s();
    w->ms_amort = (now_s() - t0) * 1e3;
}

static int encode_subset(TeachWorker *tw, int n) {
    const TestSubset *s = tw->subset;
    int Z = tw->vae->cfg.latent_dim, chunk = 250;
    float *xb = malloc(sizeof(float) * (size_t)chunk * (size_t)s->dim);
    if (!xb) return -1;
    for (int i0 = 0; i0 < n && !stop_now(tw); i0 += chunk) {
        int m = n - i0 < chunk ? n - i0 : chunk;
        for (int i = 0; i < m; i++) subset_image(s, i0 + i, xb + (size_t)i * (size_t)s->dim);
        vae_encode(tw->vae, tw->ws, xb, m, tw->enc_mu + (size_t)i0 * (size_t)Z, tw->enc_lv + (size_t)i0 * (size_t)Z);
    }
    free(xb);
    return 0;
}

static void compute_aggregate(TeachWorker *tw) {
    TeachResults *w = tw->work;
    const TestSubset *s = tw->subset;
    const float *r = tw->cur.region;
    float key[6] = {r[0], r[1], r[2], r[3], (float)tw->cur.dim_x, (float)tw->cur.dim_y};
    if (!s || s->dim != tw->vae->cfg.input_dim || (!memcmp(key, tw->agg_key, sizeof key) && now_s() - tw->t_agg < 4.0))
        return;
    int n = s->count < AGG_MAX ? s->count : AGG_MAX, Z = tw->vae->cfg.latent_dim;
    double t0 = now_s();
    if (encode_subset(tw, n) != 0) return;
    teach_aggregate_density(tw->enc_mu, tw->enc_lv, n, Z, tw->cur.dim_x, tw->cur.dim_y, r[0], r[1], r[2], r[3],
                            TEACH_GA, w->agg);
    memcpy(w->agg_region, r, sizeof w->agg_region);
    w->agg_n = n;
    w->has_agg = 1;
    memcpy(tw->agg_key, key, sizeof key);
    tw->t_agg = now_s();
    w->ms_agg = (now_s() - t0) * 1e3;
}

/* ---------------------------------------------------------------- the thread */

static void on_new_request(TeachWorker *tw, uint64_t old_sel, long old_model) {
    TeachResults *w = tw->work;
    if (tw->cur.model_id != old_model) {
        w->n_hist = 0;
        w->has_batch = w->has_agg = 0;
        tw->batch_next = -1;
        tw->t_batch = 0;
    }
    if (tw->cur.sel_key != old_sel || tw->cur.model_id != old_model) {
        w->has_grid = w->has_zoom = w->has_quad = w->has_est = w->has_amort = 0;
        tw->est_key = tw->amort_key = tw->sel_done = 0;
    }
    w->sel_key = tw->cur.sel_key;
    w->model_id = tw->cur.model_id;
    w->step = tw->cur.step;
}

/* The selected image first when it changed or its numbers are 2 s old, then the
 * shown view's own job when due, then a time-boxed part of the test batch. */
static void round_of_work(TeachWorker *tw) {
    int two_d = tw->vae->cfg.latent_dim == 2;
    if (two_d && tw->cur.sel_key &&
        (tw->sel_done != tw->cur.sel_key || (tw->sel_step != tw->cur.step && now_s() - tw->t_sel > 2.0))) {
        compute_selected(tw);
        tw->sel_done = tw->cur.sel_key;
        tw->sel_step = tw->cur.step;
        tw->t_sel = now_s();
        publish(tw);
    }
    if (two_d && tw->cur.sel_key && (tw->cur.want & TEACH_WANT_EST) && !stop_now(tw)) {
        compute_estimates(tw);
        publish(tw);
    }
    if (tw->cur.sel_key && (tw->cur.want & TEACH_WANT_AMORT) && !stop_now(tw)) {
        compute_amortisation(tw);
        publish(tw);
    }
    if ((tw->cur.want & TEACH_WANT_AGG) && !stop_now(tw)) {
        compute_aggregate(tw);
        publish(tw);
    }
    if (two_d && !stop_now(tw)) {
        compute_batch(tw);
        publish(tw);
    }
}

/* Takes the pending request under the lock, or goes on with the current one while a
 * test batch is half done; returns 0 when asked to quit. */
static int take_request(TeachWorker *tw) {
    pthread_mutex_lock(&tw->mu);
    tw->busy = 0;
    while (!atomic_load(&tw->quit) && !tw->have_req && tw->batch_next < 0) pthread_cond_wait(&tw->cv, &tw->mu);
    if (atomic_load(&tw->quit)) {
        pthread_mutex_unlock(&tw->mu);
        return 0;
    }
    tw->busy = 1;
    if (!tw->have_req) {
        pthread_mutex_unlock(&tw->mu);
        return 1;
    }
    uint64_t old_sel = tw->cur.sel_key;
    long old_model = tw->cur.model_id;
    vae_model_release(tw->vae);
    tw->vae = tw->req_vae;
    tw->req_vae = NULL;
    if (tw->subset) subset_release(tw->subset); /* the request holds its own reference */
    tw->subset = tw->req.subset;
    tw->req.subset = NULL;
    tw->cur = tw->req;
    memcpy(tw->x, tw->req_x, sizeof(float) * TEACH_DIM);
    tw->have_req = 0;
    pthread_mutex_unlock(&tw->mu);
    on_new_request(tw, old_sel, old_model);
    return 1;
}

/* Below the UI and the training (nice 10): the window stays smooth and training keeps
 * its pace; the teaching numbers take the time that is left. */
static void lower_priority(void) {
#ifdef __linux__
    setpriority(PRIO_PROCESS, 0, 10); /* on Linux the nice value is per thread: this one */
#endif
}

static void *teach_main(void *arg) {
    TeachWorker *tw = arg;
    lower_priority();
    while (take_request(tw)) {
        if (usable(tw->vae))
            round_of_work(tw);
        else
            tw->batch_next = -1;
    }
    return NULL;
}

TeachWorker *teach_worker_start(uint32_t wake_event) {
    TeachWorker *tw = calloc(1, sizeof *tw);
    if (!tw) return NULL;
    tw->wake = wake_event;
    tw->batch_next = -1;
    tw->req_x = calloc(TEACH_DIM, sizeof(float));
    tw->x = calloc(TEACH_DIM, sizeof(float));
    tw->enc_x = calloc(TEACH_DIM, sizeof(float));
    tw->enc_mu = calloc((size_t)AGG_MAX * VAE_MAX_LATENT, sizeof(float));
    tw->enc_lv = calloc((size_t)AGG_MAX * VAE_MAX_LATENT, sizeof(float));
    tw->grid_buf = calloc(TEACH_G * TEACH_G, sizeof(float));
    tw->work = calloc(1, sizeof *tw->work);
    tw->pub = calloc(1, sizeof *tw->pub);
    vae_work_create(NULL, 0, &tw->ws);
    pthread_mutex_init(&tw->mu, NULL);
    pthread_cond_init(&tw->cv, NULL);
    if (!tw->req_x || !tw->x || !tw->enc_x || !tw->enc_mu || !tw->enc_lv || !tw->grid_buf || !tw->work || !tw->pub ||
        !tw->ws || pthread_create(&tw->thread, NULL, teach_main, tw) != 0) {
        teach_worker_stop(tw);
        return NULL;
    }
    tw->started = 1;
    return tw;
}

void teach_worker_stop(TeachWorker *tw) {
    if (!tw) return;
    if (tw->started) {
        pthread_mutex_lock(&tw->mu);
        atomic_store(&tw->quit, 1);
        pthread_cond_signal(&tw->cv);
        pthread_mutex_unlock(&tw->mu);
        pthread_join(tw->thread, NULL);
    }
    if (tw->subset) subset_release(tw->subset);
    if (tw->req.subset) subset_release(tw->req.subset);
    vae_model_release(tw->vae);
    vae_model_release(tw->req_vae);
    vae_model_release(tw->batch_vae);
    helper_stop(tw->helper);
    vae_work_free(tw->ws);
    vae_work_free(tw->ws2);
    free(tw->grid_buf);
    free(tw->req_x);
    free(tw->x);
    free(tw->enc_x);
    free(tw->enc_mu);
    free(tw->enc_lv);
    free(tw->work);
    free(tw->pub);
    pthread_mutex_destroy(&tw->mu);
    pthread_cond_destroy(&tw->cv);
    free(tw);
}

void teach_worker_request(TeachWorker *tw, const TeachRequest *rq) {
    if (!tw || !usable(rq->vae)) return;
    pthread_mutex_lock(&tw->mu);
    hold_model(&tw->req_vae, rq->vae);
    if (tw->req.subset) subset_release(tw->req.subset);
    tw->req = *rq;
    tw->req.vae = NULL;
    tw->req.x = NULL;
    if (rq->subset) subset_retain(rq->subset);
    if (rq->sel_key && rq->x) memcpy(tw->req_x, rq->x, sizeof(float) * TEACH_DIM);
    tw->have_req = 1;
    pthread_cond_signal(&tw->cv);
    pthread_mutex_unlock(&tw->mu);
}

int teach_worker_take(TeachWorker *tw, TeachResults *out) {
    int got = 0;
    if (!tw) return 0;
    pthread_mutex_lock(&tw->mu);
    if (tw->pub->seq != out->seq) {
        memcpy(out, tw->pub, sizeof *out);
        got = 1;
    }
    pthread_mutex_unlock(&tw->mu);
    return got;
}

void teach_worker_observe(TeachWorker *tw, void (*fn)(void *ctx, const TeachResults *r), void *ctx) {
    if (!tw) return;
    pthread_mutex_lock(&tw->mu);
    tw->observe = fn;
    tw->observe_ctx = ctx;
    pthread_mutex_unlock(&tw->mu);
}

int teach_worker_busy(TeachWorker *tw) {
    if (!tw) return 0;
    pthread_mutex_lock(&tw->mu);
    int b = tw->busy || tw->have_req;
    pthread_mutex_unlock(&tw->mu);
    return b;
}
