/* teach.c - amortisation gap, aggregate posterior, estimator convergence (see teach.h). */
#include "teach.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "rng.h"

#define SAMPLES 32
#define LOG_2PI 1.8378770664093453

/* dL/dz of L = -(1/S) sum_s log p(x|z_s) at the given z (S, Z): runs the model with
 * noise chosen so that the reparameterised z equals z exactly, then reads work->dz
 * (the backward pass without parameter gradients). */
static VaeStatus decoder_grad_z(const VaeModel *vae, VaeWork *work, const float *xrep, const float *z,
                                const float *enc_mu, const float *enc_sd, float *eps_buf, const float **dz) {
    int Z = vae->cfg.latent_dim;
    for (int s = 0; s < SAMPLES; s++)
        for (int k = 0; k < Z; k++) eps_buf[s * Z + k] = (z[s * Z + k] - enc_mu[k]) / enc_sd[k];
    VaeStatus st = vae_forward(vae, work, xrep, SAMPLES, eps_buf, NULL);
    if (st != VAE_OK) return st;
    vae_backward(vae, work, NULL);
    *dz = work->dz;
    return VAE_OK;
}

typedef struct {
    float m[2 * VAE_MAX_LATENT], v[2 * VAE_MAX_LATENT];
    int t;
} SmallAdam;

static void small_adam(SmallAdam *a, float *p, const float *g, int n, float lr) {
    a->t++;
    float bc1 = 1.0f - powf(0.9f, (float)a->t), bc2 = 1.0f - powf(0.999f, (float)a->t);
    for (int i = 0; i < n; i++) {
        a->m[i] = 0.9f * a->m[i] + 0.1f * g[i];
        a->v[i] = 0.999f * a->v[i] + 0.001f * g[i] * g[i];
        p[i] -= lr * (a->m[i] / bc1) / (sqrtf(a->v[i] / bc2) + 1e-8f);
    }
}

static VaeStatus optimise_q(const VaeModel *vae, VaeWork *work, const float *xrep, int steps, uint64_t seed,
                            TeachAmortisation *out) {
    int Z = vae->cfg.latent_dim;
    float p[2 * VAE_MAX_LATENT], g[2 * VAE_MAX_LATENT], enc_sd[VAE_MAX_LATENT];
    float *buf = malloc(sizeof(float) * SAMPLES * (size_t)Z * 3);
    if (!buf) return vae_fail(VAE_ERR_NOMEM, "out of memory");
    float *eps = buf, *z = buf + SAMPLES * Z, *eps2 = z + SAMPLES * Z;
    for (int k = 0; k < Z; k++) {
        p[k] = out->enc_mu[k], p[Z + k] = out->enc_logvar[k];
        enc_sd[k] = expf(0.5f * out->enc_logvar[k]);
    }
    VaeRng rng;
    rng_seed(&rng, seed);
    SmallAdam adam = {{0}, {0}, 0};
    VaeStatus st = VAE_OK;
    for (int it = 0; it < steps && st == VAE_OK; it++) {
        rng_normal_fill(&rng, eps, (size_t)SAMPLES * (size_t)Z);
        for (int i = 0; i < SAMPLES * Z; i++) z[i] = p[i % Z] + expf(0.5f * p[Z + i % Z]) * eps[i];
        const float *dz;
        st = decoder_grad_z(vae, work, xrep, z, out->enc_mu, enc_sd, eps2, &dz);
        for (int k = 0; k < Z && st == VAE_OK; k++) {
            float sd = expf(0.5f * p[Z + k]);
            g[k] = p[k], g[Z + k] = 0.5f * (sd * sd - 1.0f); /* the KL's gradient */
            for (int s = 0; s < SAMPLES; s++) {
                g[k] += dz[s * Z + k];
                g[Z + k] += dz[s * Z + k] * eps[s * Z + k] * 0.5f * sd;
            }
        }
        if (st == VAE_OK) small_adam(&adam, p, g, 2 * Z, 0.01f);
    }
    free(buf);
    memcpy(out->opt_mu, p, sizeof(float) * (size_t)Z);
    memcpy(out->opt_logvar, p + Z, sizeof(float) * (size_t)Z);
    return st;
}

VaeStatus teach_amortisation(const VaeModel *vae, VaeWork *work, const float *x, int steps, uint64_t seed,
                             TeachAmortisation *out) {
    int D = vae->cfg.input_dim, Z = vae->cfg.latent_dim;
    memset(out, 0, sizeof *out);
    VaeStatus st = vae_encode(vae, work, x, 1, out->enc_mu, out->enc_logvar);
    if (st != VAE_OK) return st;
    float *xrep = malloc(sizeof(float) * SAMPLES * (size_t)D);
    if (!xrep) return vae_fail(VAE_ERR_NOMEM, "out of memory");
    for (int s = 0; s < SAMPLES; s++) memcpy(xrep + (size_t)s * (size_t)D, x, sizeof(float) * (size_t)D);
    st = optimise_q(vae, work, xrep, steps, seed, out);
    free(xrep);
    if (st == VAE_OK) st = eval_elbo_of_q(vae, work, x, out->enc_mu, out->enc_logvar, &out->enc_elbo, NULL);
    if (st == VAE_OK) st = eval_elbo_of_q(vae, work, x, out->opt_mu, out->opt_logvar, &out->opt_elbo, NULL);
    if (st == VAE_OK && !(out->opt_elbo >= out->enc_elbo)) { /* keep the better q */
        memcpy(out->opt_mu, out->enc_mu, sizeof(float) * (size_t)Z);
        memcpy(out->opt_logvar, out->enc_logvar, sizeof(float) * (size_t)Z);
        out->opt_elbo = out->enc_elbo;
    }
    return st;
}

void teach_aggregate_density(const float *mu, const float *logvar, int n, int z_dim, int d0, int d1, float x0, float x1,
                             float y0, float y1, int g, float *grid) {
    memset(grid, 0, sizeof(float) * (size_t)g * (size_t)g);
    float hx = (x1 - x0) / g, hy = (y1 - y0) / g;
    for (int i = 0; i < n; i++) {
        const float *m = mu + (size_t)i * (size_t)z_dim, *lv = logvar + (size_t)i * (size_t)z_dim;
        float s0 = expf(0.5f * lv[d0]), s1 = expf(0.5f * lv[d1]);
        float norm = 1.0f / (6.2831853f * s0 * s1 * (float)n);
        int c0 = (int)floorf((m[d0] - 5 * s0 - x0) / hx), c1 = (int)ceilf((m[d0] + 5 * s0 - x0) / hx);
        int r0 = (int)floorf((m[d1] - 5 * s1 - y0) / hy), r1 = (int)ceilf((m[d1] + 5 * s1 - y0) / hy);
        for (int r = r0 < 0 ? 0 : r0; r < (r1 > g ? g : r1); r++) {
            float e1 = (y0 + (r + 0.5f) * hy - m[d1]) / s1;
            for (int c = c0 < 0 ? 0 : c0; c < (c1 > g ? g : c1); c++) {
                float e0 = (x0 + (c + 0.5f) * hx - m[d0]) / s0;
                grid[r * g + c] += norm * expf(-0.5f * (e0 * e0 + e1 * e1));
            }
        }
    }
}

static void mean_sd(const double *v, int n, double *mean, double *sd) {
    double s = 0, q = 0;
    for (int i = 0; i < n; i++) s += v[i];
    *mean = s / n;
    for (int i = 0; i < n; i++) q += (v[i] - *mean) * (v[i] - *mean);
    *sd = n > 1 ? sqrt(q / (n - 1)) : 0.0;
}

VaeStatus teach_estimator_series(const VaeModel *vae, VaeWork *work, const float *x, const int *ns, int count,
                                 int repeats, uint64_t seed, TeachEstimate *out) {
    if (repeats < 1 || repeats > 1000) return vae_fail(VAE_ERR_ARG, "repeats must be 1 to 1000");
    double *a = malloc(sizeof(double) * (size_t)repeats * 2), *b = a ? a + repeats : NULL;
    if (!a) return vae_fail(VAE_ERR_NOMEM, "out of memory");
    VaeRng rng;
    rng_seed(&rng, seed);
    VaeStatus st = VAE_OK;
    for (int c = 0; c < count && st == VAE_OK; c++) {
        for (int r = 0; r < repeats && st == VAE_OK; r++) {
            st = eval_log_px_prior(vae, work, x, ns[c], &rng, &a[r]);
            if (st == VAE_OK) st = eval_log_px_iw(vae, work, x, ns[c], &rng, &b[r]);
        }
        out[c].n = ns[c];
        mean_sd(a, repeats, &out[c].naive_mean, &out[c].naive_sd);
        mean_sd(b, repeats, &out[c].iw_mean, &out[c].iw_sd);
        double mx = -INFINITY, s = 0;
        for (int r = 0; r < repeats; r++) mx = fmax(mx, a[r]);
        for (int r = 0; r < repeats; r++) s += exp(a[r] - mx);
        out[c].naive_pooled = mx + log(s / repeats);
    }
    free(a);
    return st;
}
