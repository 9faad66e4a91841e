/* test_numerics.c - the numbers the app shows are right:
 *  - closed-form KL(q || N(0, I)) against a Monte-Carlo estimate;
 *  - on a VAE trained briefly on real MNIST: the test ELBO rose by a wide margin,
 *    log p(x) by quadrature >= the ELBO for every test digit tried, the gap equals
 *    log p(x) - ELBO, IWAE with K = 5000 agrees with quadrature, the posterior grid
 *    sums to 1, and the naive prior estimator's mean over repeats approaches it;
 *  - the adaptive posterior grid (what the window shows) equals the exhaustive one,
 *    where every cell is decoded, on real test digits at several zooms. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "eval.h"
#include "train.h"
#include "testutil.h"

static void kl_vs_monte_carlo(void) {
    VaeRng rng;
    rng_seed(&rng, 5);
    const float mu[3] = {0.7f, -1.2f, 0.1f}, lv[3] = {-1.5f, 0.4f, -3.0f};
    double closed = 0;
    for (int k = 0; k < 3; k++) closed += 0.5 * (mu[k] * mu[k] + exp(lv[k]) - 1 - lv[k]);
    enum { N = 400000 };
    double sum = 0, sq = 0;
    float e[3];
    for (int i = 0; i < N; i++) {
        rng_normal_fill(&rng, e, 3);
        double s = 0;
        for (int k = 0; k < 3; k++) {
            double z = mu[k] + exp(0.5 * lv[k]) * e[k];
            s += -0.5 * (lv[k] + (double)e[k] * e[k]) + 0.5 * z * z; /* log q - log p */
        }
        sum += s, sq += s * s;
    }
    double mean = sum / N, se = sqrt((sq / N - mean * mean) / N);
    printf("KL closed form %.5f, Monte Carlo %.5f +- %.5f\n", closed, mean, se);
    CHECK(fabs(closed - mean) < 4 * se, "KL closed form %g vs MC %g (se %g)", closed, mean, se);
}

static Vae *train_briefly(const VaeDataset *train, const VaeDataset *test, VaeLoss *before, VaeLoss *after) {
    VaeConfig cfg = vae_config_default();
    Vae *v;
    vae_create(&cfg, &v);
    VaeTrainOptions opt = trainer_options_default();
    VaeTrainer t;
    CHECK(trainer_create(&t, v, train, &opt) == VAE_OK, "trainer: %s", vae_last_error());
    eval_elbo(&v->model, v->work, test, VAE_BINARIZE_NONE, 0, 3, before);
    for (int i = 0; i < 400; i++) CHECK(trainer_step(&t, NULL, NULL) == VAE_OK, "step %d: %s", i, vae_last_error());
    eval_elbo(&v->model, v->work, test, VAE_BINARIZE_NONE, 0, 3, after);
    trainer_free(&t);
    printf("test ELBO before %.2f, after 400 steps %.2f (recon %.2f, kl %.2f)\n", before->elbo, after->elbo,
           after->recon, after->kl);
    return v;
}

static void quadrature_checks(Vae *v, const VaeDataset *test) {
    float x[784];
    VaeRng rng, noise;
    rng_seed(&rng, 9);
    rng_seed(&noise, 1);
    double worst_iw = 0;
    for (int i = 0; i < 12; i++) {
        int idx = i * 37;
        data_fill_batch(test, &idx, 1, VAE_BINARIZE_NONE, &noise, x);
        VaeQuadrature q;
        double iw;
        CHECK(eval_quadrature(&v->model, v->work, x, &q) == VAE_OK, "quadrature: %s", vae_last_error());
        CHECK(eval_log_px_iw(&v->model, v->work, x, 5000, &rng, &iw) == VAE_OK, "iwae");
        printf("digit %4d (label %d): log p(x) quad %9.3f  iwae(5000) %9.3f  elbo %9.3f  gap %6.3f\n", idx,
               test->labels[idx], q.log_px, iw, q.elbo, q.gap);
        CHECK(q.log_px >= q.elbo - 1e-3, "log p(x) %g < ELBO %g", q.log_px, q.elbo);
        CHECK(fabs(q.gap - (q.log_px - q.elbo)) < 1e-9, "gap is not log p(x) - ELBO");
        /* IWAE is a lower bound in expectation: never far above log p(x); where q fits
         * the posterior (gap < 5 nats) K = 5000 samples bring it within 0.5 nats. */
        CHECK(iw < q.log_px + 0.5, "IWAE %g above quadrature %g", iw, q.log_px);
        if (q.gap < 5.0) {
            CHECK(fabs(iw - q.log_px) < 0.5, "IWAE %g vs quadrature %g", iw, q.log_px);
            worst_iw = fmax(worst_iw, fabs(iw - q.log_px));
        }
    }
    printf("max |IWAE(5000) - quadrature| where gap < 5 nats = %.4f nats (tolerance 0.5)\n", worst_iw);
}

static void grid_and_naive(Vae *v, const VaeDataset *test) {
    float x[784], mu[2], lv[2];
    VaeRng rng, noise;
    rng_seed(&rng, 4);
    rng_seed(&noise, 1);
    int idx = 3;
    data_fill_batch(test, &idx, 1, VAE_BINARIZE_NONE, &noise, x);
    vae_encode(&v->model, v->work, x, 1, mu, lv);
    float *grid = malloc(sizeof(float) * 64 * 64);
    CHECK(eval_posterior_grid(&v->model, v->work, x, mu[0] - 1, mu[0] + 1, mu[1] - 1, mu[1] + 1, 64, grid) == VAE_OK,
          "grid");
    double s = 0;
    for (int i = 0; i < 64 * 64; i++) s += grid[i];
    CHECK(fabs(s - 1) < 1e-4, "posterior grid sums to %g", s);
    VaeQuadrature q;
    eval_quadrature(&v->model, v->work, x, &q);
    /* naive estimator: mean of p(x) over repeats, in log space, with many samples */
    double lp;
    CHECK(eval_log_px_prior(&v->model, v->work, x, 200000, &rng, &lp) == VAE_OK, "naive");
    printf("naive estimator (200000 prior samples) %.3f vs quadrature %.3f\n", lp, q.log_px);
    CHECK(fabs(lp - q.log_px) < 1.0, "naive %g vs quadrature %g", lp, q.log_px);
    free(grid);
}

/* Sum over cells of |adaptive - exhaustive| (twice the total-variation distance). */
static double grid_l1(Vae *v, const float *x, const float box[4], int g, float *a, float *e) {
    CHECK(eval_posterior_grid(&v->model, v->work, x, box[0], box[1], box[2], box[3], g, a) == VAE_OK, "grid: %s",
          vae_last_error());
    CHECK(eval_posterior_grid_exhaustive(&v->model, v->work, x, box[0], box[1], box[2], box[3], g, e) == VAE_OK,
          "exhaustive");
    double l1 = 0, sum = 0;
    for (int i = 0; i < g * g; i++) l1 += fabs((double)a[i] - e[i]), sum += a[i];
    CHECK(fabs(sum - 1) < 1e-4, "adaptive grid sums to %g", sum);
    return l1;
}

static void adaptive_grid(Vae *v, const VaeDataset *test) {
    enum { G = 128 };
    float x[784], mu[2], lv[2];
    float *a = malloc(sizeof(float) * G * G * 2), *e = a + G * G;
    VaeRng noise;
    rng_seed(&noise, 1);
    double worst = 0;
    for (int i = 0; i < 16; i++) {
        int idx = 11 + i * 61;
        data_fill_batch(test, &idx, 1, VAE_BINARIZE_NONE, &noise, x);
        vae_encode(&v->model, v->work, x, 1, mu, lv);
        const float boxes[3][4] = {{-4, 4, -4, 4},     /* the map's default view */
                                   {-12, 12, -12, 12}, /* zoomed out: the mass in a few cells */
                                   {mu[0] - 0.5f, mu[0] + 0.5f, mu[1] - 0.5f, mu[1] + 0.5f}};
        for (int b = 0; b < 3; b++) worst = fmax(worst, grid_l1(v, x, boxes[b], G, a, e));
    }
    printf("adaptive vs exhaustive 128x128 posterior grid: max L1 distance %.3g over 48 grids (bound 1e-4)\n", worst);
    CHECK(worst < 1e-4, "adaptive posterior grid differs from the exhaustive one by %g (L1)", worst);
    free(a);
}

int main(void) {
    kl_vs_monte_carlo();
    const char *dir = test_mnist_dir();
    CHECK(dir != NULL, "MNIST not found: run scripts/setup.sh");
    if (!dir) return test_finish("test_numerics");
    VaeDataset train = {0}, test = {0};
    CHECK(data_load_dir(dir, 1, &train) == VAE_OK, "%s", vae_last_error());
    CHECK(data_load_dir(dir, 0, &test) == VAE_OK, "%s", vae_last_error());
    data_truncate(&train, 5000);
    data_truncate(&test, 1000);
    VaeLoss before, after;
    Vae *v = train_briefly(&train, &test, &before, &after);
    CHECK(after.elbo > before.elbo + 200, "ELBO rose only from %g to %g", before.elbo, after.elbo);
    quadrature_checks(v, &test);
    grid_and_naive(v, &test);
    adaptive_grid(v, &test);
    vae_free(v);
    data_free(&train);
    data_free(&test);
    return test_finish("test_numerics");
}
