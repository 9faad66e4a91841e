/* test_forward.c - the engine's products against a naive reference: vae_encode and
 * vae_decode of the real 784-512-256-2 shape (batch 37 and batch 1) and of 784-100-2
 * (a partial block of the sparse product), with a dense x (the first layer's sgemm)
 * and an MNIST-like x, 81% zeros (its sparse product), against plain double loops over
 * the same parameters; and vae_forward's terms against encode + decode +
 * vae_log_likelihood composed by hand. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "testutil.h"
#include "vae.h"

/* out (n, OUT) = in (n, IN) W^T + b, optional relu, in double. */
static void naive_dense(const VaeDense *d, const float *p, const double *in, int n, double *out, int relu) {
    for (int r = 0; r < n; r++)
        for (int o = 0; o < d->out; o++) {
            double s = p[d->b + (size_t)o];
            for (int i = 0; i < d->in; i++) s += p[vae_dense_at(d, o, i)] * in[(size_t)r * (size_t)d->in + (size_t)i];
            out[(size_t)r * (size_t)d->out + (size_t)o] = relu && s < 0 ? 0 : s;
        }
}

/* Runs layers[0..n_layers) over in (n, width0); returns the final activations. */
static double *naive_mlp(const VaeDense *layers, int n_layers, const float *p, const float *x, int n) {
    double *a = malloc(sizeof(double) * (size_t)n * (size_t)layers[0].in);
    for (int i = 0; i < n * layers[0].in; i++) a[i] = x[i];
    for (int l = 0; l < n_layers; l++) {
        double *t = malloc(sizeof(double) * (size_t)n * (size_t)layers[l].out);
        naive_dense(&layers[l], p, a, n, t, l + 1 < n_layers);
        free(a);
        a = t;
    }
    return a;
}

static double max_abs_diff(const float *a, const double *b, size_t n) {
    double m = 0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs(a[i] - b[i]));
    return m;
}

/* zero_frac of x is 0 (MNIST: ~0.81): above one half the first layer runs sparse. */
static void check_batch(const VaeModel *v, VaeWork *w, int n, double zero_frac, VaeRng *rng) {
    float *x = malloc(sizeof(float) * (size_t)n * 784), mu[64 * 2], lv[64 * 2], z[64 * 2];
    float *probs = malloc(sizeof(float) * (size_t)n * 784);
    for (int i = 0; i < n * 784; i++) x[i] = rng_uniform(rng) < zero_frac ? 0.0f : (float)rng_uniform(rng);
    CHECK(vae_encode(v, w, x, n, mu, lv) == VAE_OK, "encode");
    CHECK(w->sparse == (zero_frac > 0.5), "zeros %.2f: the first layer ran %s", zero_frac,
          w->sparse ? "sparse" : "dense");
    double *enc = naive_mlp(v->enc, v->n_layers, v->params, x, n);
    double e = 0;
    for (int r = 0; r < n; r++)
        for (int k = 0; k < 2; k++) {
            e = fmax(e, fabs(mu[r * 2 + k] - enc[r * 4 + k]));
            e = fmax(e, fabs(lv[r * 2 + k] - enc[r * 4 + 2 + k]));
        }
    printf("batch %2d, %2.0f%% zeros (%s): encoder max |engine - naive| = %.2e\n", n, 100 * zero_frac,
           w->sparse ? "sparse" : "sgemm", e);
    CHECK(e < 1e-4, "encoder differs from the naive reference by %g", e);
    rng_normal_fill(rng, z, (size_t)n * 2);
    CHECK(vae_decode_logits(v, w, z, n, probs) == VAE_OK, "decode");
    double *dec = naive_mlp(v->dec, v->n_layers, v->params, z, n);
    e = max_abs_diff(probs, dec, (size_t)n * 784);
    printf("batch %2d: decoder max |sgemm - naive| = %.2e\n", n, e);
    CHECK(e < 1e-4, "decoder differs from the naive reference by %g", e);
    free(enc), free(dec), free(x), free(probs);
}

static void check_forward_terms(const VaeModel *v, VaeWork *w, VaeRng *rng) {
    enum { N = 5 };
    float x[N * 784], eps[N * 2], mu[N * 2], lv[N * 2], z[N * 2], logits[N * 784], ll[N];
    for (int i = 0; i < N * 784; i++) x[i] = (float)rng_uniform(rng);
    rng_normal_fill(rng, eps, N * 2);
    VaeLoss loss;
    CHECK(vae_forward(v, w, x, N, eps, &loss) == VAE_OK, "forward");
    vae_encode(v, w, x, N, mu, lv);
    double kl = 0;
    for (int i = 0; i < N * 2; i++) {
        z[i] = mu[i] + expf(0.5f * lv[i]) * eps[i];
        kl += 0.5 * (mu[i] * mu[i] + exp(lv[i]) - 1 - lv[i]);
    }
    vae_decode_logits(v, w, z, N, logits);
    vae_log_likelihood(v, x, logits, N, ll);
    double recon = 0;
    for (int i = 0; i < N; i++) recon += ll[i];
    CHECK(fabs(loss.recon - recon / N) < 1e-3, "recon %g vs composed %g", loss.recon, recon / N);
    CHECK(fabs(loss.kl - kl / N) < 1e-5, "kl %g vs composed %g", loss.kl, kl / N);
    CHECK(fabs(loss.elbo - (loss.recon - loss.kl)) < 1e-9, "elbo is not recon - kl");
}

int main(void) {
    VaeConfig cfg = vae_config_default();
    VaeModel *v;
    VaeWork *w;
    CHECK(vae_model_create(&cfg, &v) == VAE_OK, "create: %s", vae_last_error());
    CHECK(vae_work_create(v, 1, &w) == VAE_OK, "workspace: %s", vae_last_error());
    VaeRng rng;
    rng_seed(&rng, 11);
    check_batch(v, w, 37, 0.0, &rng); /* the workspace grows from 1 to 37 */
    check_batch(v, w, 1, 0.0, &rng);
    check_batch(v, w, 37, 0.81, &rng);
    check_batch(v, w, 1, 0.81, &rng);
    check_batch(v, w, 64, 0.81, &rng);
    check_forward_terms(v, w, &rng);
    vae_model_release(v);
    vae_config_parse_hidden(&cfg, "100"); /* 100 outputs: one block of 64 and one of 36 */
    CHECK(vae_model_create(&cfg, &v) == VAE_OK, "create: %s", vae_last_error());
    check_batch(v, w, 37, 0.81, &rng); /* the same workspace, laid out again for this shape */
    check_batch(v, w, 37, 0.0, &rng);
    vae_work_free(w);
    vae_model_release(v);
    return test_finish("test_forward");
}
