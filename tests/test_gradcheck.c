/* test_gradcheck.c - the engine's exact backward pass against central finite
 * differences of a double-precision reference forward pass, for every parameter
 * tensor, the encoder input x and the decoder input z (through eps), and all three
 * decoder likelihoods. Also checks the engine's forward against the reference. Each
 * case runs twice: with a dense x (the first layer's sgemm path) and with 70% of x zero
 * (its sparse products over x's non-zero entries). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "testutil.h"
#include "vae.h"

#define B 4
#define LOG_2PI 1.8378770664093453

/* Double-precision reference of the loss -(1/B) sum(recon - beta*KL) with params p. */
static void ref_dense(const VaeDense *d, const double *p, const double *in, int n, double *out, int relu) {
    for (int r = 0; r < n; r++)
        for (int o = 0; o < d->out; o++) {
            double s = p[d->b + (size_t)o];
            for (int i = 0; i < d->in; i++) s += p[vae_dense_at(d, o, i)] * in[r * d->in + i];
            out[r * d->out + o] = relu && s < 0 ? 0 : s;
        }
}

static double ref_loss(const Vae *v, const double *p, const double *x, const double *eps, double *recon_out,
                       double *kl_out) {
    const VaeConfig *c = &v->model.cfg;
    int D = c->input_dim, Z = c->latent_dim, H = c->n_hidden;
    double a[B * 64], t[B * 64], z[B * 8], logits[B * 64];
    memcpy(a, x, sizeof(double) * B * (size_t)D);
    for (int i = 0; i < H; i++) {
        ref_dense(&v->model.enc[i], p, a, B, t, 1);
        memcpy(a, t, sizeof(double) * B * (size_t)v->model.enc[i].out);
    }
    ref_dense(&v->model.enc[H], p, a, B, t, 0);
    double kl = 0, recon = 0;
    for (int r = 0; r < B; r++)
        for (int k = 0; k < Z; k++) {
            double mu = t[r * 2 * Z + k], lv = t[r * 2 * Z + Z + k];
            z[r * Z + k] = mu + exp(0.5 * lv) * eps[r * Z + k];
            kl += 0.5 * (mu * mu + exp(lv) - 1 - lv);
        }
    memcpy(a, z, sizeof(double) * B * (size_t)Z);
    for (int i = 0; i < H; i++) {
        ref_dense(&v->model.dec[i], p, a, B, t, 1);
        memcpy(a, t, sizeof(double) * B * (size_t)v->model.dec[i].out);
    }
    ref_dense(&v->model.dec[H], p, a, B, logits, 0);
    for (int i = 0; i < B * D; i++) {
        double l = logits[i], xi = x[i];
        if (c->likelihood == VAE_LIKELIHOOD_BERNOULLI) {
            recon += xi * l - (fmax(l, 0) + log1p(exp(-fabs(l))));
        } else {
            double lv = c->likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED ? p[v->model.dec_logvar + (size_t)(i % D)]
                                                                         : c->gaussian_logvar;
            double m = 1 / (1 + exp(-l)), diff = xi - m;
            recon += -0.5 * (LOG_2PI + lv + diff * diff * exp(-lv));
        }
    }
    if (recon_out) *recon_out = recon / B;
    if (kl_out) *kl_out = kl / B;
    return -(recon - c->beta * kl) / B;
}

static double rel_err(double a, double n) { return fabs(a - n) / fmax(fabs(a) + fabs(n), 1e-4); }

typedef struct {
    Vae *v;
    double *p, *x, *eps;
} Case;

static double fd(Case *k, double *slot) {
    const double h = 1e-6;
    double save = *slot;
    *slot = save + h;
    double up = ref_loss(k->v, k->p, k->x, k->eps, NULL, NULL);
    *slot = save - h;
    double down = ref_loss(k->v, k->p, k->x, k->eps, NULL, NULL);
    *slot = save;
    return (up - down) / (2 * h);
}

static double check_range(Case *k, size_t from, size_t n, const char *what) {
    double worst = 0;
    for (size_t i = from; i < from + n; i++) worst = fmax(worst, rel_err(k->v->grads[i], fd(k, &k->p[i])));
    printf("  %-28s max rel error %.2e over %zu values\n", what, worst, n);
    CHECK(worst < 1e-4, "%s: gradient error %.3e", what, worst);
    return worst;
}

static void run_case(VaeLikelihood lik, float beta, int sparse) {
    VaeConfig cfg = vae_config_default();
    cfg.input_dim = 12;
    cfg.n_hidden = 2;
    cfg.hidden[0] = 9;
    cfg.hidden[1] = 7;
    cfg.latent_dim = 3;
    cfg.likelihood = lik;
    cfg.beta = beta;
    cfg.seed = 7;
    Vae *v;
    CHECK(vae_create(&cfg, &v) == VAE_OK, "create: %s", vae_last_error());
    VaeRng rng;
    rng_seed(&rng, 3);
    float x[B * 12], eps[B * 3];
    for (int i = 0; i < B * 12; i++) x[i] = (float)rng_uniform(&rng);
    if (sparse)
        for (int i = 0; i < B * 12; i++) x[i] = rng_uniform(&rng) < 0.7 ? 0.0f : x[i];
    rng_normal_fill(&rng, eps, B * 3);
    if (lik == VAE_LIKELIHOOD_GAUSSIAN_LEARNED)
        for (int j = 0; j < 12; j++) v->model.params[v->model.dec_logvar + (size_t)j] = (float)(-1.0 + 0.1 * j);
    v->work->want_dx = 1;
    VaeLoss loss;
    vae_zero_grad(v);
    CHECK(vae_train_forward(v, x, B, eps, &loss) == VAE_OK, "forward");
    vae_train_backward(v);
    CHECK(v->work->sparse == sparse, "the first layer ran %s", v->work->sparse ? "sparse" : "dense");

    Case k = {v, malloc(sizeof(double) * v->model.n_params), malloc(sizeof(double) * B * 12),
              malloc(sizeof(double) * B * 3)};
    for (size_t i = 0; i < v->model.n_params; i++) k.p[i] = v->model.params[i];
    for (int i = 0; i < B * 12; i++) k.x[i] = x[i];
    for (int i = 0; i < B * 3; i++) k.eps[i] = eps[i];
    double recon, kl;
    ref_loss(v, k.p, k.x, k.eps, &recon, &kl);
    printf("%s x, likelihood %d beta %.1f: recon %.6f (ref %.6f) kl %.6f (ref %.6f)\n", sparse ? "sparse" : "dense",
           lik, beta, loss.recon, recon, loss.kl, kl);
    CHECK(rel_err(loss.recon, recon) < 1e-5, "forward recon %g vs reference %g", loss.recon, recon);
    CHECK(rel_err(loss.kl, kl) < 1e-5, "forward KL %g vs reference %g", loss.kl, kl);

    char name[64];
    for (int i = 0; i < v->model.n_layers; i++) {
        const VaeDense *e = &v->model.enc[i], *d = &v->model.dec[i];
        snprintf(name, sizeof name, "encoder W%d (%dx%d)", i, e->out, e->in);
        check_range(&k, e->w, (size_t)e->in * (size_t)e->out, name);
        snprintf(name, sizeof name, "encoder b%d", i);
        check_range(&k, e->b, (size_t)e->out, name);
        snprintf(name, sizeof name, "decoder W%d (%dx%d)", i, d->out, d->in);
        check_range(&k, d->w, (size_t)d->in * (size_t)d->out, name);
        snprintf(name, sizeof name, "decoder b%d", i);
        check_range(&k, d->b, (size_t)d->out, name);
    }
    if (lik == VAE_LIKELIHOOD_GAUSSIAN_LEARNED) check_range(&k, v->model.dec_logvar, 12, "decoder log-variance");

    double worst = 0; /* encoder input x */
    for (int i = 0; i < B * 12; i++) worst = fmax(worst, rel_err(v->work->dx[i], fd(&k, &k.x[i])));
    printf("  %-28s max rel error %.2e\n", "encoder input x", worst);
    CHECK(worst < 1e-4, "dL/dx error %.3e", worst);
    worst = 0; /* decoder input z, seen through eps: dL/deps = dL/dz * sigma */
    for (int r = 0; r < B; r++)
        for (int c = 0; c < 3; c++) {
            float sd = expf(0.5f * v->work->enc_out[r * 6 + 3 + c]);
            worst = fmax(worst, rel_err(v->work->dz[r * 3 + c] * sd, fd(&k, &k.eps[r * 3 + c])));
        }
    printf("  %-28s max rel error %.2e\n", "decoder input z", worst);
    CHECK(worst < 1e-4, "dL/dz error %.3e", worst);

    /* The input gradients alone (no parameter gradients), in a second workspace over
     * the same read-only model: the same bits as the full backward's. */
    VaeWork *w;
    CHECK(vae_work_create(&v->model, 1, &w) == VAE_OK, "work: %s", vae_last_error());
    w->want_dx = 1;
    CHECK(vae_forward(&v->model, w, x, B, eps, NULL) == VAE_OK, "forward in a second workspace");
    vae_backward(&v->model, w, NULL);
    CHECK(!memcmp(w->dx, v->work->dx, sizeof(float) * B * 12), "dL/dx without parameter gradients differs");
    CHECK(!memcmp(w->dz, v->work->dz, sizeof(float) * B * 3), "dL/dz without parameter gradients differs");
    vae_work_free(w);
    free(k.p), free(k.x), free(k.eps);
    vae_free(v);
}

int main(void) {
    for (int sparse = 0; sparse <= 1; sparse++) {
        run_case(VAE_LIKELIHOOD_BERNOULLI, 1.0f, sparse);
        run_case(VAE_LIKELIHOOD_BERNOULLI, 0.25f, sparse);
        run_case(VAE_LIKELIHOOD_GAUSSIAN_FIXED, 1.0f, sparse);
        run_case(VAE_LIKELIHOOD_GAUSSIAN_LEARNED, 2.0f, sparse);
    }
    return test_finish("test_gradcheck");
}
