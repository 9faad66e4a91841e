/* bench_teach.c - timings of the teaching views' engine work on one core: the true
 * posterior heatmap with every cell decoded (eval_posterior_grid_exhaustive, 128 x 128 =
 * 16k decodes in batched sgemm), log p(x) by quadrature, the estimator series and the
 * amortisation gap, for the default 784-512-256-2 model with its initial weights (these
 * timings do not depend on the weights' values). The adaptive heatmap the window draws
 * depends on how concentrated p(z|x) is: bench_train times it on a trained model.
 * Usage: bench_teach [repeats]; prints one key=value line per measurement.
 * Must not: be part of ctest. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "eval.h"
#include "rng.h"
#include "teach.h"
#include "vae.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

int main(int argc, char **argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 7;
    if (reps < 1 || reps > 100) reps = 7;
    openblas_set_num_threads(1);
    VaeConfig cfg = vae_config_default();
    Vae *vae = NULL;
    if (vae_create(&cfg, &vae) != VAE_OK) return 1;
    float x[784], *grid = malloc(sizeof(float) * 128 * 128);
    VaeRng rng;
    rng_seed(&rng, 3);
    for (int i = 0; i < 784; i++) x[i] = (float)rng_uniform(&rng) < 0.2f ? 1.f : 0.f;
    double t[100];
    for (int g = 64; g <= 128; g *= 2) {
        for (int r = 0; r < reps; r++) {
            double t0 = now_ms();
            eval_posterior_grid_exhaustive(&vae->model, vae->work, x, -4.f, 4.f, -4.f, 4.f, g, grid);
            t[r] = now_ms() - t0;
        }
        printf("posterior_grid_every_cell_%dx%d_ms=%.1f\n", g, g, median(t, reps));
    }
    VaeQuadrature q;
    for (int r = 0; r < reps; r++) {
        double t0 = now_ms();
        eval_quadrature(&vae->model, vae->work, x, &q);
        t[r] = now_ms() - t0;
    }
    printf("quadrature_ms=%.1f\n", median(t, reps));
    static const int ns[9] = {1, 3, 10, 30, 100, 300, 1000, 3000, 10000};
    TeachEstimate est[9];
    double t0 = now_ms();
    teach_estimator_series(&vae->model, vae->work, x, ns, 9, 12, 7, est);
    printf("estimator_series_9x12_ms=%.1f\n", now_ms() - t0);
    TeachAmortisation am;
    t0 = now_ms();
    teach_amortisation(&vae->model, vae->work, x, 300, 11, &am);
    printf("amortisation_300_steps_ms=%.1f\n", now_ms() - t0);
    free(grid);
    vae_free(vae);
    return 0;
}
