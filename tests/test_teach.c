/* test_teach.c - the teaching views' numbers on a VAE trained briefly on real MNIST:
 * the amortisation-gap optimisation never lowers the ELBO below the encoder's (and
 * raises it on average); the aggregate posterior integrates to ~1; the naive
 * estimator's pooled mean over repeats approaches the quadrature log p(x) while IWAE
 * at N = 10^4 is already close, and the naive estimate's spread shrinks with N. */
#include <math.h>
#include <stdlib.h>

#include "data.h"
#include "eval.h"
#include "teach.h"
#include "testutil.h"
#include "train.h"

static Vae *trained(const VaeDataset *train) {
    VaeConfig cfg = vae_config_default();
    Vae *v;
    vae_create(&cfg, &v);
    VaeTrainOptions opt = trainer_options_default();
    VaeTrainer t;
    trainer_create(&t, v, train, &opt);
    for (int i = 0; i < 300; i++) trainer_step(&t, NULL, NULL);
    trainer_free(&t);
    return v;
}

static void amortisation(Vae *v, const VaeDataset *test) {
    VaeRng noise;
    rng_seed(&noise, 1);
    float x[784];
    double gain = 0;
    for (int i = 0; i < 6; i++) {
        int idx = 11 * i + 2;
        data_fill_batch(test, &idx, 1, VAE_BINARIZE_NONE, &noise, x);
        TeachAmortisation a;
        CHECK(teach_amortisation(&v->model, v->work, x, 200, 5, &a) == VAE_OK, "%s", vae_last_error());
        printf("digit %3d: encoder ELBO %9.3f, optimised q ELBO %9.3f (amortisation gap %.3f)\n", idx, a.enc_elbo,
               a.opt_elbo, a.opt_elbo - a.enc_elbo);
        CHECK(a.opt_elbo >= a.enc_elbo, "optimised ELBO %g below the encoder's %g", a.opt_elbo, a.enc_elbo);
        gain += a.opt_elbo - a.enc_elbo;
    }
    CHECK(gain > 0.05, "optimising q did not improve the ELBO on average (total gain %g)", gain);
}

static void aggregate(Vae *v, const VaeDataset *test) {
    enum { N = 500, G = 120 };
    float *x = malloc(sizeof(float) * N * 784), mu[N * 2], lv[N * 2];
    int idx[N];
    for (int i = 0; i < N; i++) idx[i] = i;
    VaeRng rng;
    rng_seed(&rng, 1);
    data_fill_batch(test, idx, N, VAE_BINARIZE_NONE, &rng, x);
    vae_encode(&v->model, v->work, x, N, mu, lv);
    float *grid = malloc(sizeof(float) * G * G);
    teach_aggregate_density(mu, lv, N, 2, 0, 1, -6, 6, -6, 6, G, grid);
    double mass = 0;
    for (int i = 0; i < G * G; i++) mass += grid[i] * (12.0 / G) * (12.0 / G);
    printf("aggregate posterior mass on [-6, 6]^2: %.4f\n", mass);
    CHECK(fabs(mass - 1) < 0.02, "aggregate posterior integrates to %g", mass);
    free(grid), free(x);
}

static void estimators(Vae *v, const VaeDataset *test) {
    VaeRng noise;
    rng_seed(&noise, 1);
    float x[784];
    int idx = 7;
    data_fill_batch(test, &idx, 1, VAE_BINARIZE_NONE, &noise, x);
    VaeQuadrature q;
    eval_quadrature(&v->model, v->work, x, &q);
    int ns[] = {1, 10, 100, 1000, 10000};
    TeachEstimate e[5];
    CHECK(teach_estimator_series(&v->model, v->work, x, ns, 5, 12, 3, e) == VAE_OK, "%s", vae_last_error());
    printf("quadrature log p(x) = %.3f\n", q.log_px);
    for (int i = 0; i < 5; i++)
        printf("N=%5d naive %9.3f +- %7.3f (pooled %9.3f)   iwae %9.3f +- %.3f\n", e[i].n, e[i].naive_mean,
               e[i].naive_sd, e[i].naive_pooled, e[i].iw_mean, e[i].iw_sd);
    CHECK(fabs(e[4].iw_mean - q.log_px) < 0.5 || q.gap > 5, "IWAE(10^4) %g vs quadrature %g", e[4].iw_mean, q.log_px);
    CHECK(fabs(e[4].naive_pooled - q.log_px) < 1.5, "naive pooled %g vs quadrature %g", e[4].naive_pooled, q.log_px);
    CHECK(e[4].naive_sd < e[0].naive_sd / 10, "the naive estimate's spread did not shrink with N (%g -> %g)",
          e[0].naive_sd, e[4].naive_sd);
    CHECK(e[0].naive_mean < q.log_px - 1.0, "one prior sample should badly underestimate log p(x)");
}

int main(void) {
    const char *dir = test_mnist_dir();
    CHECK(dir != NULL, "MNIST not found: run scripts/setup.sh");
    if (!dir) return test_finish("test_teach");
    VaeDataset train = {0}, test = {0};
    CHECK(data_load_dir(dir, 1, &train) == VAE_OK && data_load_dir(dir, 0, &test) == VAE_OK, "%s", vae_last_error());
    data_truncate(&train, 5000);
    Vae *v = trained(&train);
    amortisation(v, &test);
    aggregate(v, &test);
    estimators(v, &test);
    vae_free(v);
    data_free(&train), data_free(&test);
    return test_finish("test_teach");
}
