/* vae.c - the VAE model: parameters, forward, exact backward, Adam (see vae.h).
 *
 * Owns: the parameter layout (llm.c style: one buffer, named offsets), the dense
 * layers (one cblas_sgemm each, bias and ReLU fused in one pass), the Bernoulli and
 * Gaussian likelihoods, the closed-form KL, and the thread-local error message.
 * Must not: print, exit, or allocate inside a training step (the workspace grows
 * only when a larger batch is first seen). */
#include "vae.h"

#include <cblas.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

#define LOG_2PI 1.8378770664093453

/* ---- errors ---- */

static _Thread_local char last_error[512];

const char *vae_status_to_string(VaeStatus s) {
    switch (s) {
    case VAE_OK: return "ok";
    case VAE_ERR_ARG: return "bad argument";
    case VAE_ERR_NOMEM: return "out of memory";
    case VAE_ERR_IO: return "input/output error";
    case VAE_ERR_FORMAT: return "bad file format";
    case VAE_ERR_MISMATCH: return "mismatch";
    case VAE_ERR_NUMERIC: return "NaN or Inf";
    }
    return "unknown status";
}

const char *vae_last_error(void) { return last_error[0] ? last_error : "no error recorded"; }

VaeStatus vae_fail(VaeStatus s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return s;
}

/* ---- configuration ---- */

VaeConfig vae_config_default(void) {
    VaeConfig c = {0};
    c.input_dim = 784;
    c.n_hidden = 2;
    c.hidden[0] = 512;
    c.hidden[1] = 256;
    c.latent_dim = 2;
    c.likelihood = VAE_LIKELIHOOD_BERNOULLI;
    c.gaussian_logvar = -4.605170186f; /* sigma = 0.1 */
    c.beta = 1.0f;
    c.seed = 1;
    return c;
}

VaeStatus vae_config_check(const VaeConfig *c) {
    if (c->input_dim < 1 || c->input_dim > 1 << 20)
        return vae_fail(VAE_ERR_ARG, "input size %d is out of range (1 to 1048576)", c->input_dim);
    if (c->latent_dim < 1 || c->latent_dim > VAE_MAX_LATENT)
        return vae_fail(VAE_ERR_ARG, "latent size %d is out of range (1 to %d)", c->latent_dim,
                        VAE_MAX_LATENT);
    if (c->n_hidden < 0 || c->n_hidden > VAE_MAX_HIDDEN)
        return vae_fail(VAE_ERR_ARG, "%d hidden layers; at most %d are supported", c->n_hidden,
                        VAE_MAX_HIDDEN);
    for (int i = 0; i < c->n_hidden; i++)
        if (c->hidden[i] < 1 || c->hidden[i] > 8192)
            return vae_fail(VAE_ERR_ARG, "hidden size %d is out of range (1 to 8192)", c->hidden[i]);
    if ((int)c->likelihood < 0 || c->likelihood > VAE_LIKELIHOOD_GAUSSIAN_LEARNED)
        return vae_fail(VAE_ERR_ARG, "unknown decoder likelihood %d", (int)c->likelihood);
    if (!isfinite(c->beta) || c->beta < 0.0f || c->beta > 1000.0f)
        return vae_fail(VAE_ERR_ARG, "beta %g is out of range (0 to 1000)", (double)c->beta);
    if (!isfinite(c->gaussian_logvar) || fabsf(c->gaussian_logvar) > 30.0f)
        return vae_fail(VAE_ERR_ARG, "Gaussian log-variance %g is out of range",
                        (double)c->gaussian_logvar);
    return VAE_OK;
}

VaeStatus vae_config_parse_hidden(VaeConfig *cfg, const char *list) {
    int n = 0, sizes[VAE_MAX_HIDDEN];
    if (!list || !*list || strcmp(list, "none") == 0) {
        cfg->n_hidden = 0;
        return VAE_OK;
    }
    const char *p = list;
    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 1 || v > 8192 || (*end && *end != ','))
            return vae_fail(VAE_ERR_ARG, "hidden sizes '%s': expected numbers 1-8192 like 512,256",
                            list);
        if (n == VAE_MAX_HIDDEN)
            return vae_fail(VAE_ERR_ARG, "hidden sizes '%s': at most %d layers", list,
                            VAE_MAX_HIDDEN);
        sizes[n++] = (int)v;
        p = *end ? end + 1 : end;
    }
    cfg->n_hidden = n;
    memcpy(cfg->hidden, sizes, sizeof(int) * (size_t)n);
    return VAE_OK;
}

void vae_config_describe(const VaeConfig *cfg, char *buf, size_t len) {
    int k = snprintf(buf, len, "%d", cfg->input_dim);
    for (int i = 0; i < cfg->n_hidden && k > 0 && (size_t)k < len; i++)
        k += snprintf(buf + k, len - (size_t)k, "-%d", cfg->hidden[i]);
    if (k > 0 && (size_t)k < len) snprintf(buf + k, len - (size_t)k, "-%d", cfg->latent_dim);
}

/* ---- creation ---- */

static size_t layout_dense(VaeDense *d, int in, int out, size_t at) {
    d->in = in;
    d->out = out;
    d->w = at;
    d->b = at + (size_t)in * (size_t)out;
    return d->b + (size_t)out;
}

static size_t layout_params(Vae *v) {
    const VaeConfig *c = &v->cfg;
    size_t at = 0;
    int in = c->input_dim;
    v->n_layers = c->n_hidden + 1;
    v->max_width = c->input_dim > 2 * c->latent_dim ? c->input_dim : 2 * c->latent_dim;
    for (int i = 0; i < c->n_hidden; i++) {
        at = layout_dense(&v->enc[i], in, c->hidden[i], at);
        in = c->hidden[i];
        if (in > v->max_width) v->max_width = in;
    }
    at = layout_dense(&v->enc[c->n_hidden], in, 2 * c->latent_dim, at);
    in = c->latent_dim;
    for (int i = 0; i < c->n_hidden; i++) {
        int width = c->hidden[c->n_hidden - 1 - i];
        at = layout_dense(&v->dec[i], in, width, at);
        in = width;
    }
    at = layout_dense(&v->dec[c->n_hidden], in, c->input_dim, at);
    v->dec_logvar = at;
    if (c->likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED) at += (size_t)c->input_dim;
    return at;
}

VaeStatus vae_create(const VaeConfig *cfg, Vae **out) {
    VaeStatus st = vae_config_check(cfg);
    if (st != VAE_OK) return st;
    Vae *v = calloc(1, sizeof *v);
    if (!v) return vae_fail(VAE_ERR_NOMEM, "out of memory creating the model");
    v->cfg = *cfg;
    v->n_params = layout_params(v);
    v->params = calloc(v->n_params * 4, sizeof(float));
    if (!v->params) {
        size_t n = v->n_params;
        free(v);
        return vae_fail(VAE_ERR_NOMEM, "out of memory for %zu parameters", n);
    }
    v->grads = v->params + v->n_params;
    v->adam_m = v->grads + v->n_params;
    v->adam_v = v->adam_m + v->n_params;
    vae_init_params(v);
    *out = v;
    return VAE_OK;
}

static void free_workspace(Vae *v) {
    free(v->x); /* one block holds the whole workspace */
    v->x = NULL;
    v->capacity = 0;
}

void vae_free(Vae *v) {
    if (!v) return;
    free_workspace(v);
    free(v->params);
    free(v);
}

/* PyTorch's nn.Linear default: U(-1/sqrt(in), 1/sqrt(in)) for weights and biases. */
static void init_dense(const VaeDense *d, float *params, VaeRng *rng) {
    float bound = 1.0f / sqrtf((float)d->in);
    size_t n = (size_t)d->in * (size_t)d->out;
    for (size_t i = 0; i < n; i++) params[d->w + i] = (float)(rng_uniform(rng) * 2.0 - 1.0) * bound;
    for (int i = 0; i < d->out; i++) params[d->b + (size_t)i] = (float)(rng_uniform(rng) * 2.0 - 1.0) * bound;
}

void vae_init_params(Vae *v) {
    VaeRng rng;
    rng_seed(&rng, v->cfg.seed);
    memset(v->params, 0, v->n_params * 4 * sizeof(float));
    for (int i = 0; i < v->n_layers; i++) init_dense(&v->enc[i], v->params, &rng);
    for (int i = 0; i < v->n_layers; i++) init_dense(&v->dec[i], v->params, &rng);
    if (v->cfg.likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED)
        for (int j = 0; j < v->cfg.input_dim; j++) v->params[v->dec_logvar + (size_t)j] = v->cfg.gaussian_logvar;
    v->adam_t = 0;
}

VaeStatus vae_copy_params(Vae *dst, const Vae *src, int with_optimizer) {
    if (dst->n_params != src->n_params || memcmp(&dst->cfg.hidden, &src->cfg.hidden, sizeof src->cfg.hidden) ||
        dst->cfg.latent_dim != src->cfg.latent_dim || dst->cfg.input_dim != src->cfg.input_dim ||
        dst->cfg.likelihood != src->cfg.likelihood)
        return vae_fail(VAE_ERR_MISMATCH, "models have different shapes");
    dst->cfg.beta = src->cfg.beta;
    memcpy(dst->params, src->params, src->n_params * sizeof(float));
    if (with_optimizer) {
        memcpy(dst->adam_m, src->adam_m, src->n_params * 2 * sizeof(float));
        dst->adam_t = src->adam_t;
    }
    return VAE_OK;
}

VaeStatus vae_reserve(Vae *v, int batch) {
    if (batch < 1) return vae_fail(VAE_ERR_ARG, "batch size %d must be at least 1", batch);
    if (batch <= v->capacity) return VAE_OK;
    const VaeConfig *c = &v->cfg;
    size_t B = (size_t)batch, D = (size_t)c->input_dim, Z = (size_t)c->latent_dim, hid = 0;
    for (int i = 0; i < c->n_hidden; i++) hid += (size_t)c->hidden[i];
    size_t total = B * (D + hid + 2 * Z + Z + Z + hid + D + 2 + 2 * (size_t)v->max_width + 2 * Z + Z + D);
    float *block = malloc(total * sizeof(float));
    if (!block) return vae_fail(VAE_ERR_NOMEM, "out of memory for a batch of %d", batch);
    free_workspace(v);
    float *p = block;
    v->x = p, p += B * D;
    for (int i = 0; i < c->n_hidden; i++) v->enc_act[i] = p, p += B * (size_t)c->hidden[i];
    v->enc_out = p, p += B * 2 * Z;
    v->eps = p, p += B * Z;
    v->z = p, p += B * Z;
    for (int i = 0; i < c->n_hidden; i++) v->dec_act[i] = p, p += B * (size_t)v->dec[i].out;
    v->logits = p, p += B * D;
    v->recon_ex = p, p += B;
    v->kl_ex = p, p += B;
    v->d_a = p, p += B * (size_t)v->max_width;
    v->d_b = p, p += B * (size_t)v->max_width;
    v->d_enc_out = p, p += B * 2 * Z;
    v->dz = p, p += B * Z;
    v->dx = p;
    v->capacity = batch;
    return VAE_OK;
}

/* ---- layers ---- */

/* out (B, OUT) = in (B, IN) @ W^T + b, then ReLU if relu. W is (OUT, IN). */
static void dense_forward(const VaeDense *d, const float *params, const float *in, int batch, float *out,
                          int relu) {
    const float *w = params + d->w, *b = params + d->b;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, d->out, d->in, 1.0f, in, d->in, w, d->in,
                0.0f, out, d->out);
    for (int r = 0; r < batch; r++) {
        float *row = out + (size_t)r * (size_t)d->out;
        if (relu)
            for (int j = 0; j < d->out; j++) {
                float t = row[j] + b[j];
                row[j] = t > 0.0f ? t : 0.0f;
            }
        else
            for (int j = 0; j < d->out; j++) row[j] += b[j];
    }
}

/* Given dout (B, OUT): dW += dout^T @ in, db += colsum(dout), din (B, IN) = dout @ W
 * (skipped when din is NULL), then masked by ReLU of in when in_relu. */
static void dense_backward(const VaeDense *d, const float *params, float *grads, const float *in,
                           const float *dout, int batch, float *din, int in_relu) {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d->out, d->in, batch, 1.0f, dout, d->out, in, d->in,
                1.0f, grads + d->w, d->in);
    float *db = grads + d->b;
    for (int r = 0; r < batch; r++) {
        const float *row = dout + (size_t)r * (size_t)d->out;
        for (int j = 0; j < d->out; j++) db[j] += row[j];
    }
    if (!din) return;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, d->in, d->out, 1.0f, dout, d->out,
                params + d->w, d->in, 0.0f, din, d->in);
    if (in_relu) {
        size_t n = (size_t)batch * (size_t)d->in;
        for (size_t i = 0; i < n; i++)
            if (in[i] <= 0.0f) din[i] = 0.0f;
    }
}

static const float *encoder_forward(Vae *v, const float *x, int batch) {
    const float *a = x;
    for (int i = 0; i < v->cfg.n_hidden; i++) {
        dense_forward(&v->enc[i], v->params, a, batch, v->enc_act[i], 1);
        a = v->enc_act[i];
    }
    dense_forward(&v->enc[v->cfg.n_hidden], v->params, a, batch, v->enc_out, 0);
    return v->enc_out;
}

static void decoder_forward(Vae *v, const float *z, int batch, float *logits) {
    const float *a = z;
    for (int i = 0; i < v->cfg.n_hidden; i++) {
        dense_forward(&v->dec[i], v->params, a, batch, v->dec_act[i], 1);
        a = v->dec_act[i];
    }
    dense_forward(&v->dec[v->cfg.n_hidden], v->params, a, batch, logits, 0);
}

/* ---- likelihoods ---- */

static inline float softplus(float l) { return fmaxf(l, 0.0f) + log1pf(expf(-fabsf(l))); }
static inline float sigmoidf(float l) { return 1.0f / (1.0f + expf(-l)); }

static float decoder_logvar(const Vae *v, int j) {
    return v->cfg.likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED ? v->params[v->dec_logvar + (size_t)j]
                                                                 : v->cfg.gaussian_logvar;
}

void vae_log_likelihood(const Vae *v, const float *x, const float *logits, int batch, float *out) {
    int D = v->cfg.input_dim;
    for (int r = 0; r < batch; r++) {
        const float *xr = x + (size_t)r * (size_t)D, *lr = logits + (size_t)r * (size_t)D;
        double acc = 0.0;
        if (v->cfg.likelihood == VAE_LIKELIHOOD_BERNOULLI) {
            for (int j = 0; j < D; j++) acc += xr[j] * lr[j] - softplus(lr[j]);
        } else {
            for (int j = 0; j < D; j++) {
                float lv = decoder_logvar(v, j), diff = xr[j] - sigmoidf(lr[j]);
                acc += -0.5 * (LOG_2PI + lv + diff * diff * expf(-lv));
            }
        }
        out[r] = (float)acc;
    }
}

/* ---- forward / backward ---- */

VaeStatus vae_forward(Vae *v, const float *x, int batch, const float *eps, VaeLoss *mean) {
    VaeStatus st = vae_reserve(v, batch);
    if (st != VAE_OK) return st;
    int Z = v->cfg.latent_dim, D = v->cfg.input_dim;
    v->batch = batch;
    memcpy(v->x, x, sizeof(float) * (size_t)batch * (size_t)D);
    memcpy(v->eps, eps, sizeof(float) * (size_t)batch * (size_t)Z);
    const float *enc = encoder_forward(v, v->x, batch);
    for (int r = 0; r < batch; r++) {
        const float *mu = enc + (size_t)r * 2 * (size_t)Z, *lv = mu + Z;
        double kl = 0.0;
        for (int k = 0; k < Z; k++) {
            v->z[r * Z + k] = mu[k] + expf(0.5f * lv[k]) * v->eps[r * Z + k];
            kl += 0.5 * ((double)mu[k] * mu[k] + exp(lv[k]) - 1.0 - lv[k]);
        }
        v->kl_ex[r] = (float)kl;
    }
    decoder_forward(v, v->z, batch, v->logits);
    vae_log_likelihood(v, v->x, v->logits, batch, v->recon_ex);
    if (mean) {
        double rs = 0.0, ks = 0.0;
        for (int r = 0; r < batch; r++) rs += v->recon_ex[r], ks += v->kl_ex[r];
        mean->recon = rs / batch;
        mean->kl = ks / batch;
        mean->elbo = mean->recon - mean->kl;
    }
    return VAE_OK;
}

/* dL/dlogits into out (B, D) for L = -(1/B) sum recon; learned log-variance grads too. */
static void likelihood_backward(Vae *v, float *out) {
    int B = v->batch, D = v->cfg.input_dim;
    float inv_b = 1.0f / (float)B;
    size_t n = (size_t)B * (size_t)D;
    if (v->cfg.likelihood == VAE_LIKELIHOOD_BERNOULLI) {
        for (size_t i = 0; i < n; i++) out[i] = (sigmoidf(v->logits[i]) - v->x[i]) * inv_b;
        return;
    }
    int learned = v->cfg.likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED;
    float *glv = v->grads + v->dec_logvar;
    for (int r = 0; r < B; r++)
        for (int j = 0; j < D; j++) {
            size_t i = (size_t)r * (size_t)D + (size_t)j;
            float lv = decoder_logvar(v, j), m = sigmoidf(v->logits[i]), diff = v->x[i] - m;
            float prec = expf(-lv);
            out[i] = -diff * prec * m * (1.0f - m) * inv_b;
            if (learned) glv[j] += -(-0.5f + 0.5f * diff * diff * prec) * inv_b;
        }
}

static void decoder_backward(Vae *v, float *dlogits) {
    int B = v->batch, H = v->cfg.n_hidden;
    float *dout = dlogits, *spare = dlogits == v->d_a ? v->d_b : v->d_a;
    for (int i = H; i >= 0; i--) {
        const float *in = i > 0 ? v->dec_act[i - 1] : v->z;
        float *din = i > 0 ? spare : v->dz;
        dense_backward(&v->dec[i], v->params, v->grads, in, dout, B, din, i > 0);
        spare = dout;
        dout = din;
    }
}

/* Fills d_enc_out (B, 2Z) from dz and the KL term. */
static void latent_backward(Vae *v) {
    int B = v->batch, Z = v->cfg.latent_dim;
    float scale = v->cfg.beta / (float)B;
    for (int r = 0; r < B; r++)
        for (int k = 0; k < Z; k++) {
            const float *row = v->enc_out + (size_t)r * 2 * (size_t)Z;
            float mu = row[k], lv = row[Z + k], dz = v->dz[r * Z + k];
            float sd = expf(0.5f * lv);
            float *g = v->d_enc_out + (size_t)r * 2 * (size_t)Z;
            g[k] = dz + scale * mu;
            g[Z + k] = dz * v->eps[r * Z + k] * 0.5f * sd + scale * 0.5f * (sd * sd - 1.0f);
        }
}

static void encoder_backward(Vae *v) {
    int B = v->batch, H = v->cfg.n_hidden;
    float *dout = v->d_enc_out, *bufs[2] = {v->d_a, v->d_b};
    for (int i = H; i >= 0; i--) {
        const float *in = i > 0 ? v->enc_act[i - 1] : v->x;
        float *din = i > 0 ? bufs[i & 1] : (v->want_dx ? v->dx : NULL);
        dense_backward(&v->enc[i], v->params, v->grads, in, dout, B, din, i > 0);
        dout = din;
    }
}

/* Bernoulli: recon depends on x directly too: d(-recon/B)/dx = -logits/B. */
static void input_direct_backward(Vae *v) {
    int B = v->batch, D = v->cfg.input_dim;
    float inv_b = 1.0f / (float)B;
    for (int r = 0; r < B; r++)
        for (int j = 0; j < D; j++) {
            size_t i = (size_t)r * (size_t)D + (size_t)j;
            if (v->cfg.likelihood == VAE_LIKELIHOOD_BERNOULLI) {
                v->dx[i] += -v->logits[i] * inv_b;
            } else {
                float lv = decoder_logvar(v, j), diff = v->x[i] - sigmoidf(v->logits[i]);
                v->dx[i] += diff * expf(-lv) * inv_b;
            }
        }
}

void vae_backward(Vae *v) {
    likelihood_backward(v, v->d_a);
    decoder_backward(v, v->d_a);
    latent_backward(v);
    encoder_backward(v);
    if (v->want_dx) input_direct_backward(v);
}

void vae_zero_grad(Vae *v) { memset(v->grads, 0, v->n_params * sizeof(float)); }

double vae_grad_norm(const Vae *v) {
    double s = 0.0;
    for (size_t i = 0; i < v->n_params; i++) s += (double)v->grads[i] * v->grads[i];
    return sqrt(s);
}

VaeAdam vae_adam_default(float lr) {
    VaeAdam a = {lr, 0.9f, 0.999f, 1e-8f, 0.0f};
    return a;
}

void vae_adam_step(Vae *v, const VaeAdam *o) {
    v->adam_t++;
    float bc1 = 1.0f - powf(o->beta1, (float)v->adam_t);
    float bc2 = 1.0f - powf(o->beta2, (float)v->adam_t);
    float gscale = 1.0f;
    if (o->clip_norm > 0.0f) {
        double norm = vae_grad_norm(v);
        if (norm > o->clip_norm) gscale = (float)(o->clip_norm / norm);
    }
    float *p = v->params, *g = v->grads, *m = v->adam_m, *s = v->adam_v;
    float b1 = o->beta1, b2 = o->beta2, lr = o->lr, eps = o->eps, sq_bc2 = sqrtf(bc2);
    for (size_t i = 0; i < v->n_params; i++) {
        float gi = g[i] * gscale;
        m[i] = b1 * m[i] + (1.0f - b1) * gi;
        s[i] = b2 * s[i] + (1.0f - b2) * gi * gi;
        p[i] -= lr * (m[i] / bc1) / (sqrtf(s[i]) / sq_bc2 + eps);
    }
}

VaeStatus vae_train_step(Vae *v, const float *x, int batch, const float *eps, const VaeAdam *opt,
                         VaeLoss *mean) {
    VaeLoss loss;
    vae_zero_grad(v);
    VaeStatus st = vae_forward(v, x, batch, eps, &loss);
    if (st != VAE_OK) return st;
    if (mean) *mean = loss;
    if (!isfinite(loss.elbo))
        return vae_fail(VAE_ERR_NUMERIC, "the loss is %s; the step was skipped", isnan(loss.elbo) ? "NaN" : "Inf");
    vae_backward(v);
    if (!isfinite(vae_grad_norm(v)))
        return vae_fail(VAE_ERR_NUMERIC, "a gradient is NaN or Inf; the step was skipped");
    vae_adam_step(v, opt);
    return VAE_OK;
}

/* ---- inference ---- */

VaeStatus vae_encode(Vae *v, const float *x, int batch, float *mu, float *logvar) {
    VaeStatus st = vae_reserve(v, batch);
    if (st != VAE_OK) return st;
    int Z = v->cfg.latent_dim;
    const float *enc = encoder_forward(v, x, batch);
    for (int r = 0; r < batch; r++) {
        if (mu) memcpy(mu + (size_t)r * (size_t)Z, enc + (size_t)r * 2 * (size_t)Z, sizeof(float) * (size_t)Z);
        if (logvar)
            memcpy(logvar + (size_t)r * (size_t)Z, enc + (size_t)r * 2 * (size_t)Z + Z, sizeof(float) * (size_t)Z);
    }
    return VAE_OK;
}

VaeStatus vae_decode_logits(Vae *v, const float *z, int batch, float *logits) {
    VaeStatus st = vae_reserve(v, batch);
    if (st != VAE_OK) return st;
    decoder_forward(v, z, batch, logits);
    return VAE_OK;
}

VaeStatus vae_decode(Vae *v, const float *z, int batch, float *probs) {
    VaeStatus st = vae_decode_logits(v, z, batch, probs);
    if (st != VAE_OK) return st;
    size_t n = (size_t)batch * (size_t)v->cfg.input_dim;
    for (size_t i = 0; i < n; i++) probs[i] = sigmoidf(probs[i]);
    return VAE_OK;
}
