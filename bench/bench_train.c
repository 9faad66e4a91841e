/* bench_train.c - the engine's performance, printed as markdown tables.
 *
 * Owns: the sgemm floor (exactly the cblas_sgemm calls of a training step, same
 * shapes, transposes and betas, over one epoch's steps), full MNIST training epochs
 * (the real trainer), samples/s against batch size and hidden width, and the
 * interactive paths on one thread (decode at the cursor, the 20x20 manifold, the
 * 128x128 posterior grid, the 10,000-digit scatter). Every time is a median of
 * repeated runs. Not a test: it asserts nothing.
 * Usage: bench_train [--data DIR] [--threads T] [--reps N] [--quick] [--only-full]
 * [--only-interactive] (--threads T measures the full epochs on 1..T threads, each
 * T > 1 both ways: OpenBLAS's own threads in a serial step, and T data-parallel shards;
 * --only-full skips the scaling and interactive sections, --only-interactive runs just
 * the last). */
#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_stats.h"
#include "data.h"
#include "eval.h"
#include "eval_progressive.h"
#include "train.h"

#ifndef VAE_SOURCE_DIR
#define VAE_SOURCE_DIR "."
#endif

static VaeConfig model(const char *hidden, int latent) {
    VaeConfig c = vae_config_default();
    vae_config_parse_hidden(&c, hidden);
    c.latent_dim = latent;
    return c;
}

/* ---- the sgemm floor ---- */

typedef struct {
    Vae *v;
    float *act[2 * VAE_MAX_HIDDEN + 4]; /* layer inputs/outputs, (B, width) each */
    float *dbuf[2];                     /* output gradients, (B, max width) */
} Floor;

static int floor_init(Floor *f, const VaeConfig *c, int batch) {
    if (vae_create(c, &f->v) != VAE_OK) return 1;
    size_t widest = (size_t)f->v->model.max_width * (size_t)batch;
    for (int i = 0; i < 2 * VAE_MAX_HIDDEN + 4; i++) {
        f->act[i] = calloc(widest, sizeof(float));
        if (!f->act[i]) return 1;
    }
    for (int i = 0; i < 2; i++) f->dbuf[i] = calloc(widest, sizeof(float));
    for (size_t i = 0; i < widest; i++) f->act[0][i] = (float)(i % 255) / 255.0f;
    return 0;
}

static void floor_free(Floor *f) {
    for (int i = 0; i < 2 * VAE_MAX_HIDDEN + 4; i++) free(f->act[i]);
    for (int i = 0; i < 2; i++) free(f->dbuf[i]);
    vae_free(f->v);
}

/* The sgemm calls of one training step (see vae.c: dense_forward, dense_backward). */
static void floor_step(Floor *f, int B) {
    Vae *v = f->v;
    int L = v->model.n_layers;
    const VaeDense *layers[2 * (VAE_MAX_HIDDEN + 1)];
    for (int i = 0; i < L; i++) layers[i] = &v->model.enc[i], layers[L + i] = &v->model.dec[i];
    for (int i = 0; i < 2 * L; i++) {
        const VaeDense *d = layers[i];
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, d->out, d->in, 1.0f, f->act[i], d->in,
                    v->model.params + d->w, d->in, 0.0f, f->act[i + 1], d->out);
    }
    for (int i = 2 * L - 1; i >= 0; i--) {
        const VaeDense *d = layers[i];
        float *dout = f->dbuf[i & 1], *din = f->dbuf[(i + 1) & 1];
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d->out, d->in, B, 1.0f, dout, d->out, f->act[i], d->in,
                    1.0f, v->grads + d->w, d->in); /* the step adds onto zeroed gradients */
        if (i > 0)                                 /* the encoder's first layer needs no input gradient */
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, d->in, d->out, 1.0f, dout, d->out,
                        v->model.params + d->w, d->in, 0.0f, din, d->in);
    }
}

/* One shard's products over an epoch: for every batch, its share of the rows (as
 * vae_train_step splits them). */
typedef struct {
    Floor f;
    int batch, n, shards, k;
} FloorShard;

static void *floor_shard_epoch(void *arg) {
    FloorShard *s = arg;
    for (int at = 0; at < s->n; at += s->batch) {
        int b = s->n - at < s->batch ? s->n - at : s->batch;
        floor_step(&s->f, b / s->shards + (s->k < b % s->shards));
    }
    return NULL;
}

/* Wall seconds for the sgemm calls of one epoch of n examples (the last batch
 * partial), CPU seconds into *cpu. With shards > 1 (and one BLAS thread) each shard's
 * products run on their own thread, as in the data-parallel step, but without its
 * per-step joins: the products alone. */
static double floor_epoch(const VaeConfig *c, int batch, int n, int shards, double *cpu) {
    FloorShard s[VAE_MAX_STEP_THREADS];
    pthread_t th[VAE_MAX_STEP_THREADS];
    double t = -1.0;
    int ok = 1;
    memset(s, 0, sizeof s);
    for (int k = 0; k < shards; k++) {
        s[k] = (FloorShard){.batch = batch, .n = n, .shards = shards, .k = k};
        ok &= floor_init(&s[k].f, c, (batch + shards - 1) / shards) == 0;
        if (ok) floor_step(&s[k].f, batch / shards); /* warm-up */
    }
    if (ok) {
        double t0 = bench_wall_s(), c0 = bench_cpu_s();
        for (int k = 1; k < shards; k++) pthread_create(&th[k], NULL, floor_shard_epoch, &s[k]);
        floor_shard_epoch(&s[0]);
        for (int k = 1; k < shards; k++) pthread_join(th[k], NULL);
        t = bench_wall_s() - t0;
        *cpu = bench_cpu_s() - c0;
    }
    for (int k = 0; k < shards; k++) floor_free(&s[k].f);
    return t;
}

/* ---- training epochs ---- */

typedef struct {
    double floor_s, epoch_s, floor_cpu, epoch_cpu, elbo;
} EpochResult;

/* Median over `reps` epochs of one run (the trainer, Adam, batch), each epoch paired
 * with a floor measurement taken right before it, so load changes hit both. */
static EpochResult bench_epochs(const VaeDataset *train, const VaeConfig *c, int batch, int shards, int reps) {
    double ep[16], fl[16], epc[16], flc[16];
    EpochResult r = {0, 0, 0, 0, 0};
    Vae *v;
    VaeTrainer t;
    VaeTrainOptions o = trainer_options_default();
    o.batch = batch;
    if (vae_create(c, &v) != VAE_OK || vae_set_step_threads(v, shards) != VAE_OK ||
        trainer_create(&t, v, train, &o) != VAE_OK) {
        fprintf(stderr, "bench: %s\n", vae_last_error());
        exit(1);
    }
    for (int k = 0; k < reps && k < 16; k++) {
        fl[k] = floor_epoch(c, batch, train->count, shards, &flc[k]);
        int done = 0;
        double s = 0.0;
        long steps = 0;
        double t0 = bench_wall_s(), c0 = bench_cpu_s();
        while (!done) {
            VaeLoss l;
            if (trainer_step(&t, &l, &done) == VAE_OK) s += l.elbo, steps++;
        }
        ep[k] = bench_wall_s() - t0;
        epc[k] = bench_cpu_s() - c0;
        r.elbo = steps ? s / (double)steps : 0.0;
    }
    trainer_free(&t);
    vae_free(v);
    r.floor_s = bench_median(fl, reps);
    r.epoch_s = bench_median(ep, reps);
    r.floor_cpu = bench_median(flc, reps);
    r.epoch_cpu = bench_median(epc, reps);
    return r;
}

/* threads: T shards, each on one BLAS thread (T > 1), or one step on `blas` threads. */
static void print_epoch_row(const char *name, int batch, int shards, int blas, int n, const EpochResult *r) {
    char how[64];
    if (shards > 1)
        snprintf(how, sizeof how, "%d: data-parallel step", shards);
    else
        snprintf(how, sizeof how, "%d%s", blas, blas > 1 ? ": OpenBLAS's threads" : "");
    printf("| %s | %d | %s | %d | %.3f | %.3f | %.2f | %.0f | %.3f | %.3f | %.2f | %.2f |\n", name, batch, how, n,
           r->floor_s, r->epoch_s, r->epoch_s / r->floor_s, n / r->epoch_s, r->floor_cpu, r->epoch_cpu,
           r->epoch_cpu / r->floor_cpu, r->elbo);
    fflush(stdout);
}

static void epoch_header(const char *title) {
    printf("\n### %s\n\n", title);
    printf("| model | batch | threads | examples | sgemm floor (s) | epoch (s) | epoch / floor | samples/s "
           "| floor CPU (s) | epoch CPU (s) | CPU ratio | mean train ELBO |\n");
    printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
}

/* ---- interactive paths (one thread) ---- */

typedef double (*TimedFn)(Vae *v, void *ctx);

static double median_ms(TimedFn fn, Vae *v, void *ctx, int reps) {
    double t[64];
    fn(v, ctx); /* warm-up */
    for (int i = 0; i < reps && i < 64; i++) t[i] = fn(v, ctx) * 1e3;
    return bench_median(t, reps < 64 ? reps : 64);
}

static double run_cursor(Vae *v, void *ctx) {
    float z[2] = {0.3f, -0.7f}, *out = ctx;
    double t0 = bench_wall_s();
    for (int i = 0; i < 100; i++) vae_decode(&v->model, v->work, z, 1, out);
    return (bench_wall_s() - t0) / 100.0;
}

static double run_manifold(Vae *v, void *ctx) {
    float z[400 * 2], *out = ctx;
    for (int r = 0; r < 20; r++)
        for (int c = 0; c < 20; c++) z[2 * (r * 20 + c)] = -2.0f + 0.2f * c, z[2 * (r * 20 + c) + 1] = -2.0f + 0.2f * r;
    double t0 = bench_wall_s();
    vae_decode(&v->model, v->work, z, 400, out);
    return bench_wall_s() - t0;
}

typedef struct {
    const VaeDataset *test;
    float *x, *grid; /* one image (D), (128 * 128) */
    int next;        /* the test digit of the next run: each run a different digit */
    float zoom;      /* 0: the map's default view [-4, 4]^2; else q's mean +- zoom * sigma */
    int exhaustive;  /* decode every cell (the reference) instead of the adaptive grid */
} PostCtx;

static double run_posterior(Vae *v, void *ctx) {
    PostCtx *p = ctx;
    int idx = p->next++ % p->test->count;
    data_fill_batch(p->test, &idx, 1, VAE_BINARIZE_NONE, NULL, p->x);
    float mu[2], lv[2], b[4] = {-4.f, 4.f, -4.f, 4.f};
    double t0 = bench_wall_s();
    vae_encode(&v->model, v->work, p->x, 1, mu, lv);
    if (p->zoom > 0) {
        float sx = p->zoom * expf(0.5f * lv[0]), sy = p->zoom * expf(0.5f * lv[1]);
        b[0] = mu[0] - sx, b[1] = mu[0] + sx, b[2] = mu[1] - sy, b[3] = mu[1] + sy;
    }
    if (p->exhaustive)
        eval_posterior_grid_exhaustive(&v->model, v->work, p->x, b[0], b[1], b[2], b[3], 128, p->grid);
    else
        eval_posterior_grid(&v->model, v->work, p->x, b[0], b[1], b[2], b[3], 128, p->grid);
    return bench_wall_s() - t0;
}

typedef struct {
    const VaeDataset *test;
    float *x, *mu; /* (10000, D), (10000, 2) */
    int *idx;
} ScatterCtx;

static double run_scatter(Vae *v, void *ctx) {
    ScatterCtx *s = ctx;
    double t0 = bench_wall_s();
    data_fill_batch(s->test, s->idx, 10000, VAE_BINARIZE_NONE, NULL, s->x);
    vae_encode(&v->model, v->work, s->x, 10000, s->mu, NULL);
    return bench_wall_s() - t0;
}

/* The model the window would show after a minute: 784-512-256-2 trained for `epochs`
 * full epochs. The posterior grid's cost depends on how concentrated p(z|x) is, so it
 * is timed on a trained model and real test digits, not on random weights. */
static Vae *trained_model(const VaeDataset *train, int epochs) {
    VaeConfig c = model("512,256", 2);
    Vae *v;
    if (vae_create(&c, &v) != VAE_OK) return NULL;
    VaeTrainOptions opt = trainer_options_default();
    VaeTrainer t;
    if (trainer_create(&t, v, train, &opt) != VAE_OK) return v;
    for (int e = 0; e < epochs; e++) {
        int done = 0;
        while (!done) trainer_step(&t, NULL, &done);
    }
    trainer_free(&t);
    return v;
}

static double thread_cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the progressive posterior grid (the window's heatmap, eval_progressive.h) ---- */

typedef struct {
    double t0, t_coarse, t_half; /* seconds: start, stage 1 (32x32) and stage 2 (64x64) handed over */
} StageTimes;

static void stage_seen(void *ctx, int n, const float *grid) {
    StageTimes *s = ctx;
    (void)grid;
    if (n == 32)
        s->t_coarse = bench_wall_s() - s->t0;
    else
        s->t_half = bench_wall_s() - s->t0;
}

/* Encode + staged 128x128 grid as the teaching thread runs it, on 1 and on 2 threads
 * alternately for each digit (so both see the same load): times to the coarse picture,
 * the half-resolution one and the final grid; one different test digit per pair of runs,
 * medians of `reps` pairs. */
static void progressive_rows(Vae *v, VaeWork *w2, VaeHelper *h, const VaeDataset *test, float zoom, int reps, float *x,
                             float *grid) {
    double t[2][5][64];
    int n = 0;
    for (int i = -1; i < reps && i < 63; i++) { /* i = -1: warm-up */
        int idx = (i + 1) * 7 % test->count;
        data_fill_batch(test, &idx, 1, VAE_BINARIZE_NONE, NULL, x);
        for (int th = 0; th < 2; th++) {
            float mu[2], lv[2], b[4] = {-4.f, 4.f, -4.f, 4.f};
            double c0 = thread_cpu_now(), p0 = bench_cpu_s();
            StageTimes s = {bench_wall_s(), 0, 0};
            vae_encode(&v->model, v->work, x, 1, mu, lv);
            if (zoom > 0) {
                float sx = zoom * expf(0.5f * lv[0]), sy = zoom * expf(0.5f * lv[1]);
                b[0] = mu[0] - sx, b[1] = mu[0] + sx, b[2] = mu[1] - sy, b[3] = mu[1] + sy;
            }
            EvalGridRun run = {&v->model, v->work, th ? w2 : NULL, th ? h : NULL, stage_seen, &s};
            eval_posterior_grid_progressive(&run, x, b[0], b[1], b[2], b[3], 128, grid);
            double total = bench_wall_s() - s.t0, mine = thread_cpu_now() - c0, all = bench_cpu_s() - p0;
            if (i < 0) continue;
            t[th][0][n] = s.t_coarse * 1e3, t[th][1][n] = s.t_half * 1e3, t[th][2][n] = total * 1e3;
            t[th][3][n] = fmax(mine, all - mine) * 1e3, t[th][4][n] = all * 1e3;
        }
        n += i >= 0;
    }
    for (int th = 0; th < 2; th++)
        printf("| %s, %d thread%s | %.2f | %.2f | %.2f | %.1f / %.1f |\n",
               zoom > 0 ? "zoomed to q +- 5 sigma" : "map view [-4, 4]^2", th + 1, th ? "s" : "",
               bench_median(t[th][0], n), bench_median(t[th][1], n), bench_median(t[th][2], n),
               bench_median(t[th][3], n), bench_median(t[th][4], n));
}

static void bench_progressive(Vae *v, const VaeDataset *test, float *x, float *grid) {
    VaeWork *w2 = NULL; /* the second thread's workspace over the same model */
    VaeHelper *h = helper_start();
    if (!h || vae_work_create(&v->model, 1, &w2) != VAE_OK) {
        fprintf(stderr, "bench_train: no second thread for the progressive grid\n");
        helper_stop(h);
        return;
    }
    printf("\nProgressive 128x128 posterior grid (what the teaching thread publishes, encode included;\n"
           "2 threads = the split the window uses while training is paused, run alternately with 1 thread;\n"
           "medians of 21 digits; OpenBLAS kernel %s):\n\n",
           openblas_get_corename());
    printf("CPU: of the busier thread / of both, for the final grid (wall = CPU on an idle machine).\n\n");
    printf("| view | coarse 32x32 shown (ms, target 30) | 64x64 shown (ms) | final 128x128 (ms, target 100) "
           "| final, CPU (ms) |\n|---|---|---|---|---|\n");
    for (int zoomed = 0; zoomed < 2; zoomed++) progressive_rows(v, w2, h, test, zoomed ? 5.f : 0.f, 21, x, grid);
    fflush(stdout);
    helper_stop(h);
    vae_work_free(w2);
}

static void bench_interactive(const VaeDataset *train, const VaeDataset *test, int epochs) {
    Vae *v = trained_model(train, epochs);
    if (!v) return;
    openblas_set_num_threads(1);
    int n = test->count < 10000 ? test->count : 10000;
    float *buf = malloc(sizeof(float) * (784 * 10000 + 784 * 400 + 128 * 128 + 2 * 10000));
    int *idx = malloc(sizeof(int) * 10000);
    for (int i = 0; i < 10000; i++) idx[i] = i % n;
    /* x: 10,000 images; out: the manifold's 400 decoded digits */
    float *x = buf, *out = buf + 784 * 10000, *grid = out + 784 * 400, *mu = grid + 128 * 128;
    PostCtx map = {test, x, grid, 0, 0.f, 0}, map_all = {test, x, grid, 0, 0.f, 1};
    PostCtx zoom = {test, x, grid, 0, 5.f, 0}, zoom_all = {test, x, grid, 0, 5.f, 1};
    ScatterCtx sc = {test, x, mu, idx};
    printf("\n### Interactive paths (784-512-256-2 trained %d epoch%s, one BLAS thread, medians)\n\n", epochs,
           epochs == 1 ? "" : "s");
    printf("Posterior grids: one different test digit per run (21 runs); adaptive = what the window\n"
           "shows (eval_posterior_grid), every cell = the exhaustive reference.\n\n");
    printf("| path | median (ms) | target (ms) |\n|---|---|---|\n");
    printf("| decode at the cursor (batch 1, 100 calls each) | %.4f | 0.2 |\n", median_ms(run_cursor, v, out, 21));
    printf("| 20x20 manifold (400 decodes, one batch) | %.3f | 10 |\n", median_ms(run_manifold, v, out, 21));
    double a = median_ms(run_posterior, v, &map, 21), e = median_ms(run_posterior, v, &map_all, 21);
    printf("| encode + 128x128 posterior grid, map view [-4, 4]^2, adaptive | %.2f | 100 |\n", a);
    printf("| the same, every cell decoded (16,384 decodes) | %.2f (%.1fx the adaptive) | |\n", e, e / a);
    a = median_ms(run_posterior, v, &zoom, 21), e = median_ms(run_posterior, v, &zoom_all, 21);
    printf("| encode + 128x128 posterior grid zoomed to q +- 5 sigma, adaptive | %.2f | 100 |\n", a);
    printf("| the same, every cell decoded | %.2f (%.1fx the adaptive) | |\n", e, e / a);
    printf("| scatter: vae_encode of 10,000 test digits (with uint8->float) | %.2f | 150 |\n",
           median_ms(run_scatter, v, &sc, 7));
    bench_progressive(v, test, x, grid);
    fflush(stdout);
    free(buf), free(idx);
    vae_free(v);
}

/* ---- main ---- */

int main(int argc, char **argv) {
    const char *dir = VAE_SOURCE_DIR "/data/mnist";
    int threads = 2, quick = 0, reps = 3, only_full = 0, only_interactive = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--quick"))
            quick = 1;
        else if (!strcmp(argv[i], "--only-full"))
            only_full = 1;
        else if (!strcmp(argv[i], "--only-interactive"))
            only_interactive = 1;
        else {
            fprintf(stderr, "usage: bench_train [--data DIR] [--threads T] [--reps N] [--quick] [--only-full] "
                            "[--only-interactive]\n");
            return 2;
        }
    }
    VaeDataset train, test;
    if (data_load_dir(dir, 1, &train) != VAE_OK || data_load_dir(dir, 0, &test) != VAE_OK) {
        fprintf(stderr, "bench_train: %s (run scripts/setup.sh)\n", vae_last_error());
        return 1;
    }
    if (reps < 1) reps = 1;
    if (only_interactive) {
        bench_interactive(&train, &test, quick ? 1 : 3);
        data_free(&train);
        data_free(&test);
        return 0;
    }
    VaeConfig big = model("512,256", 2), pt = model("400", 20);
    EpochResult r;
    const char *ct = getenv("OPENBLAS_CORETYPE");
    printf("OpenBLAS kernel: %s (OPENBLAS_CORETYPE=%s)\n", openblas_get_corename(), ct ? ct : "unset");
    printf("The sgemm floor is the step's products done densely; the engine's first encoder layer\n"
           "skips x's zero pixels, so its epoch can be below that floor.\n");

    epoch_header("Full MNIST epochs (60,000 digits, Adam 1e-3, medians of epochs)");
    for (int th = 1; th <= threads; th++)
        for (int mode = 0; mode < (th > 1 ? 2 : 1); mode++) { /* th > 1: OpenBLAS's threads, then th shards */
            int shards = mode ? th : 1, blas = mode ? 1 : th;
            openblas_set_num_threads(blas);
            r = bench_epochs(&train, &big, 128, shards, reps);
            print_epoch_row("784-512-256-2", 128, shards, blas, train.count, &r);
            r = bench_epochs(&train, &pt, 128, shards, reps);
            print_epoch_row("784-400-20", 128, shards, blas, train.count, &r);
        }

    if (only_full) {
        data_free(&train);
        data_free(&test);
        return 0;
    }
    openblas_set_num_threads(1); /* the scaling runs use the data-parallel step */
    VaeDataset sub = train;
    sub.count = quick ? 10000 : 20000; /* a prefix: scaling runs are partial epochs */
    epoch_header("Scaling: batch size (784-512-256-2, partial epochs)");
    for (int b = 32; b <= 1024; b *= 2) {
        r = bench_epochs(&sub, &big, b, threads, reps);
        print_epoch_row("784-512-256-2", b, threads, 1, sub.count, &r);
    }
    epoch_header("Scaling: hidden width (batch 128, partial epochs)");
    const char *widths[] = {"128,64", "256,128", "512,256", "1024,512"};
    for (int i = 0; i < 4; i++) {
        VaeConfig c = model(widths[i], 2);
        char name[64];
        vae_config_describe(&c, name, sizeof name);
        r = bench_epochs(&sub, &c, 128, threads, reps);
        print_epoch_row(name, 128, threads, 1, sub.count, &r);
    }
    bench_interactive(&train, &test, quick ? 1 : 3);
    data_free(&train);
    data_free(&test);
    return 0;
}
