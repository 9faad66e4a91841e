/* vae.c - the VAE model: parameters, forward, exact backward, Adam (see vae.h).
 *
 * Owns: the parameter layout (llm.c style: one buffer, named offsets), counted
 * read-only models and their workspaces, the dense layers (one cblas_sgemm each, bias
 * and ReLU fused in one pass; the first encoder layer's products over x's non-zero
 * pixels), the Bernoulli and Gaussian likelihoods, the closed-form KL, the training
 * model with the data-parallel step's shards, and the thread-local error message.
 * Must not: print, exit, or allocate inside a training step (the workspace grows
 * only when a larger batch is first seen); threads other than the shards' helpers. */
#include "vae.h"

#include <cblas.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "rng.h"

#define LOG_2PI 1.8378770664093453

/* The element-wise passes of a training step (bias + ReLU, the likelihood and its
 * gradient, masks and bias sums, the finiteness check, Adam) are built twice, for AVX2
 * and for the x86-64 baseline, and the loader picks one for the CPU (GCC's
 * target_clones). Both run the same operations in the same order (no FMA contraction
 * in ISO C mode), so they give the same bits. The engine is built with
 * -fno-math-errno, so sqrtf vectorises. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) &&                           \
    !defined(__SANITIZE_THREAD__) /* TSan: an ifunc resolver runs before its runtime starts */
#define VAE_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VAE_SIMD_CLONES
#endif

/* ---- errors ---- */

static _Thread_local char last_error[512];

const char *vae_status_to_string(VaeStatus s) {
    switch (s) {
    case VAE_OK:
        return "ok";
    case VAE_ERR_ARG:
        return "bad argument";
    case VAE_ERR_NOMEM:
        return "out of memory";
    case VAE_ERR_IO:
        return "input/output error";
    case VAE_ERR_FORMAT:
        return "bad file format";
    case VAE_ERR_MISMATCH:
        return "mismatch";
    case VAE_ERR_NUMERIC:
        return "NaN or Inf";
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
        return vae_fail(VAE_ERR_ARG, "latent size %d is out of range (1 to %d)", c->latent_dim, VAE_MAX_LATENT);
    if (c->n_hidden < 0 || c->n_hidden > VAE_MAX_HIDDEN)
        return vae_fail(VAE_ERR_ARG, "%d hidden layers; at most %d are supported", c->n_hidden, VAE_MAX_HIDDEN);
    for (int i = 0; i < c->n_hidden; i++)
        if (c->hidden[i] < 1 || c->hidden[i] > 8192)
            return vae_fail(VAE_ERR_ARG, "hidden size %d is out of range (1 to 8192)", c->hidden[i]);
    if ((int)c->likelihood < 0 || c->likelihood > VAE_LIKELIHOOD_GAUSSIAN_LEARNED)
        return vae_fail(VAE_ERR_ARG, "unknown decoder likelihood %d", (int)c->likelihood);
    if (!isfinite(c->beta) || c->beta < 0.0f || c->beta > 1000.0f)
        return vae_fail(VAE_ERR_ARG, "beta %g is out of range (0 to 1000)", (double)c->beta);
    if (!isfinite(c->gaussian_logvar) || fabsf(c->gaussian_logvar) > 30.0f)
        return vae_fail(VAE_ERR_ARG, "Gaussian log-variance %g is out of range", (double)c->gaussian_logvar);
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
            return vae_fail(VAE_ERR_ARG, "hidden sizes '%s': expected numbers 1-8192 like 512,256", list);
        if (n == VAE_MAX_HIDDEN)
            return vae_fail(VAE_ERR_ARG, "hidden sizes '%s': at most %d layers", list, VAE_MAX_HIDDEN);
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
    d->transposed = 0;
    d->w = at;
    d->b = at + (size_t)in * (size_t)out;
    return d->b + (size_t)out;
}

static size_t layout_params(VaeModel *m) {
    const VaeConfig *c = &m->cfg;
    size_t at = 0;
    int in = c->input_dim;
    m->n_layers = c->n_hidden + 1;
    m->max_width = c->input_dim > 2 * c->latent_dim ? c->input_dim : 2 * c->latent_dim;
    for (int i = 0; i < c->n_hidden; i++) {
        at = layout_dense(&m->enc[i], in, c->hidden[i], at);
        in = c->hidden[i];
        if (in > m->max_width) m->max_width = in;
    }
    at = layout_dense(&m->enc[c->n_hidden], in, 2 * c->latent_dim, at);
    in = c->latent_dim;
    for (int i = 0; i < c->n_hidden; i++) {
        int width = c->hidden[c->n_hidden - 1 - i];
        at = layout_dense(&m->dec[i], in, width, at);
        in = width;
    }
    at = layout_dense(&m->dec[c->n_hidden], in, c->input_dim, at);
    m->enc[0].transposed = 1; /* W^T (in, out): the sparse product reads a pixel's row */
    m->dec_logvar = at;
    if (c->likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED) at += (size_t)c->input_dim;
    return at;
}

size_t vae_config_param_count(const VaeConfig *cfg) {
    VaeModel probe;
    memset(&probe, 0, sizeof probe);
    probe.cfg = *cfg;
    return layout_params(&probe);
}

/* Lays m out for cfg and allocates `buffers` parameter-sized buffers in one block (the
 * parameters first). */
static VaeStatus model_setup(VaeModel *m, const VaeConfig *cfg, int buffers) {
    VaeStatus st = vae_config_check(cfg);
    if (st != VAE_OK) return st;
    m->cfg = *cfg;
    m->n_params = layout_params(m);
    m->params = calloc(m->n_params * (size_t)buffers, sizeof(float));
    if (!m->params) return vae_fail(VAE_ERR_NOMEM, "out of memory for %zu parameters", m->n_params);
    return VAE_OK;
}

/* PyTorch's nn.Linear default: U(-1/sqrt(in), 1/sqrt(in)) for weights and biases. */
static void init_dense(const VaeDense *d, float *params, VaeRng *rng) {
    float bound = 1.0f / sqrtf((float)d->in);
    size_t n = (size_t)d->in * (size_t)d->out;
    for (size_t i = 0; i < n; i++) /* drawn in (out, in) order however W is stored */
        params[vae_dense_at(d, (int)(i / (size_t)d->in), (int)(i % (size_t)d->in))] =
            (float)(rng_uniform(rng) * 2.0 - 1.0) * bound;
    for (int i = 0; i < d->out; i++) params[d->b + (size_t)i] = (float)(rng_uniform(rng) * 2.0 - 1.0) * bound;
}

void vae_model_init_params(VaeModel *m) {
    VaeRng rng;
    rng_seed(&rng, m->cfg.seed);
    memset(m->params, 0, m->n_params * sizeof(float));
    for (int i = 0; i < m->n_layers; i++) init_dense(&m->enc[i], m->params, &rng);
    for (int i = 0; i < m->n_layers; i++) init_dense(&m->dec[i], m->params, &rng);
    if (m->cfg.likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED)
        for (int j = 0; j < m->cfg.input_dim; j++) m->params[m->dec_logvar + (size_t)j] = m->cfg.gaussian_logvar;
}

VaeStatus vae_model_create(const VaeConfig *cfg, VaeModel **out) {
    VaeModel *m = calloc(1, sizeof *m);
    if (!m) return vae_fail(VAE_ERR_NOMEM, "out of memory creating the model");
    VaeStatus st = model_setup(m, cfg, 1);
    if (st != VAE_OK) {
        free(m);
        return st;
    }
    vae_model_init_params(m);
    atomic_init(&m->refs, 1);
    *out = m;
    return VAE_OK;
}

VaeStatus vae_model_clone(const VaeModel *src, VaeModel **out) {
    VaeModel *m = calloc(1, sizeof *m);
    if (!m) return vae_fail(VAE_ERR_NOMEM, "out of memory copying the model");
    VaeStatus st = model_setup(m, &src->cfg, 1);
    if (st != VAE_OK) {
        free(m);
        return st;
    }
    memcpy(m->params, src->params, m->n_params * sizeof(float));
    atomic_init(&m->refs, 1);
    *out = m;
    return VAE_OK;
}

static int same_shape(const VaeConfig *a, const VaeConfig *b) {
    return a->input_dim == b->input_dim && a->n_hidden == b->n_hidden && a->latent_dim == b->latent_dim &&
           a->likelihood == b->likelihood && !memcmp(a->hidden, b->hidden, sizeof(int) * (size_t)a->n_hidden);
}

VaeStatus vae_model_copy(VaeModel *dst, const VaeModel *src) {
    if (dst->n_params != src->n_params || !same_shape(&dst->cfg, &src->cfg))
        return vae_fail(VAE_ERR_MISMATCH, "models have different shapes");
    dst->cfg = src->cfg;
    memcpy(dst->params, src->params, src->n_params * sizeof(float));
    return VAE_OK;
}

const VaeModel *vae_model_retain(const VaeModel *m) {
    atomic_fetch_add_explicit(&((VaeModel *)m)->refs, 1, memory_order_relaxed);
    return m;
}

void vae_model_release(const VaeModel *cm) {
    if (!cm) return;
    VaeModel *m = (VaeModel *)cm; /* a counted model is allocated mutable; const is the readers' view */
    if (atomic_fetch_sub_explicit(&m->refs, 1, memory_order_acq_rel) != 1) return;
    free(m->params);
    free(m);
}

int vae_model_readers(const VaeModel *m) { return atomic_load_explicit(&((VaeModel *)m)->refs, memory_order_acquire); }

/* ---- workspace ---- */

VaeStatus vae_work_reserve(const VaeModel *m, VaeWork *w, int batch) {
    if (batch < 1) return vae_fail(VAE_ERR_ARG, "batch size %d must be at least 1", batch);
    int fits = w->block && same_shape(&w->shape, &m->cfg);
    if (fits && batch <= w->capacity) return VAE_OK;
    const VaeConfig *c = &m->cfg;
    size_t B = (size_t)batch, D = (size_t)c->input_dim, Z = (size_t)c->latent_dim, hid = 0;
    for (int i = 0; i < c->n_hidden; i++) hid += (size_t)c->hidden[i];
    size_t total = B * (D + hid + 2 * Z + Z + Z + hid + D + 2 + 2 * (size_t)m->max_width + 2 * Z + Z + D + D) +
                   B * D * 4 + B + D + 2; /* and x's CSR and CSC (4-byte ints and floats) */
    float *block = malloc(total * sizeof(float));
    if (!block) return vae_fail(VAE_ERR_NOMEM, "out of memory for a batch of %d", batch);
    free(w->block);
    float *p = block;
    w->block = block;
    w->shape = *c;
    w->x = p, p += B * D;
    for (int i = 0; i < c->n_hidden; i++) w->enc_act[i] = p, p += B * (size_t)c->hidden[i];
    w->enc_out = p, p += B * 2 * Z;
    w->eps = p, p += B * Z;
    w->z = p, p += B * Z;
    for (int i = 0; i < c->n_hidden; i++) w->dec_act[i] = p, p += B * (size_t)m->dec[i].out;
    w->logits = p, p += B * D;
    w->recon_ex = p, p += B;
    w->kl_ex = p, p += B;
    w->d_a = p, p += B * (size_t)m->max_width;
    w->d_b = p, p += B * (size_t)m->max_width;
    w->d_enc_out = p, p += B * 2 * Z;
    w->dz = p, p += B * Z;
    w->dx = p, p += B * D;
    w->dlogits = p, p += B * D;
    w->row_val = p, p += B * D;
    w->col_val = p, p += B * D;
    int *q = (int *)(void *)p; /* ints in float-sized slots of the one block */
    w->row_col = q, q += B * D;
    w->col_row = q, q += B * D;
    w->row_ptr = q, q += B + 1;
    w->col_ptr = q;
    w->sparse = 0;
    w->capacity = batch;
    w->batch = 0;
    return VAE_OK;
}

VaeStatus vae_work_create(const VaeModel *m, int max_batch, VaeWork **out) {
    VaeWork *w = calloc(1, sizeof *w);
    if (!w) return vae_fail(VAE_ERR_NOMEM, "out of memory for a workspace");
    VaeStatus st = m ? vae_work_reserve(m, w, max_batch < 1 ? 1 : max_batch) : VAE_OK;
    if (st != VAE_OK) {
        free(w);
        return st;
    }
    *out = w;
    return VAE_OK;
}

void vae_work_free(VaeWork *w) {
    if (!w) return;
    free(w->block);
    free(w);
}

/* ---- the training model ---- */

/* One shard of the data-parallel step: its own gradients, workspace and thread; it
 * reads the training model's parameters. */
typedef struct VaeShard {
    float *grads;
    VaeWork *work;
    int grads_zero;
    VaeHelper *helper;
} VaeShard;

static void free_shards(Vae *v, int keep);

VaeStatus vae_create(const VaeConfig *cfg, Vae **out) {
    Vae *v = calloc(1, sizeof *v);
    if (!v) return vae_fail(VAE_ERR_NOMEM, "out of memory creating the model");
    VaeStatus st = model_setup(&v->model, cfg, 4); /* parameters, gradients, Adam's m and v */
    if (st == VAE_OK) st = vae_work_create(&v->model, 1, &v->work);
    if (st != VAE_OK) {
        free(v->model.params);
        free(v);
        return st;
    }
    size_t n = v->model.n_params;
    v->grads = v->model.params + n;
    v->adam_m = v->grads + n;
    v->adam_v = v->adam_m + n;
    v->step_threads = 1;
    vae_init_params(v);
    *out = v;
    return VAE_OK;
}

void vae_free(Vae *v) {
    if (!v) return;
    free_shards(v, 0);
    vae_work_free(v->work);
    free(v->model.params); /* with the gradients and Adam's moments */
    free(v);
}

void vae_init_params(Vae *v) {
    vae_model_init_params(&v->model);
    memset(v->grads, 0, v->model.n_params * 3 * sizeof(float));
    v->adam_t = 0;
    v->grads_zero = 1;
}

VaeStatus vae_copy_params(Vae *dst, const Vae *src, int with_optimizer) {
    VaeStatus st = vae_model_copy(&dst->model, &src->model);
    if (st != VAE_OK) return st;
    if (with_optimizer) {
        memcpy(dst->adam_m, src->adam_m, src->model.n_params * 2 * sizeof(float));
        dst->adam_t = src->adam_t;
    }
    return VAE_OK;
}

VaeStatus vae_reserve(Vae *v, int batch) { return vae_work_reserve(&v->model, v->work, batch); }

/* ---- layers ---- */

/* out (B, n) += b, then ReLU if relu. */
VAE_SIMD_CLONES static void bias_act(float *out, const float *b, int batch, int n, int relu) {
    for (int r = 0; r < batch; r++) {
        float *row = out + (size_t)r * (size_t)n;
        if (relu)
            for (int j = 0; j < n; j++) {
                float t = row[j] + b[j];
                row[j] = t < 0.0f ? 0.0f : t; /* NaN passes through to the guard */
            }
        else
            for (int j = 0; j < n; j++) row[j] += b[j];
    }
}

/* out (B, OUT) = in (B, IN) @ W^T + b, then ReLU if relu. W is (OUT, IN). */
static void dense_forward(const VaeDense *d, const float *params, const float *in, int batch, float *out, int relu) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, d->out, d->in, 1.0f, in, d->in, params + d->w, d->in,
                0.0f, out, d->out);
    bias_act(out, params + d->b, batch, d->out, relu);
}

/* ---- the first encoder layer: a sparse x times a dense W^T ---- */

#define SP_BLOCK 64 /* output columns per block: the accumulators stay in registers */

/* x's non-zero entries row by row (CSR); returns their number. NaN counts as non-zero. */
static int build_csr(VaeWork *w, const float *x, int batch, int D) {
    int n = 0;
    w->row_ptr[0] = 0;
    for (int r = 0; r < batch; r++) {
        const float *xr = x + (size_t)r * (size_t)D;
        for (int j = 0; j < D; j++)
            if (xr[j] != 0.0f) {
                w->row_col[n] = j;
                w->row_val[n] = xr[j];
                n++;
            }
        w->row_ptr[r + 1] = n;
    }
    return n;
}

/* The same entries column by column (CSC), each column's rows in increasing order. */
static void build_csc(VaeWork *w, int batch, int D) {
    int *cp = w->col_ptr;
    memset(cp, 0, sizeof(int) * (size_t)(D + 1));
    for (int k = 0; k < w->nnz; k++) cp[w->row_col[k] + 1]++;
    for (int j = 0; j < D; j++) cp[j + 1] += cp[j];
    for (int r = 0; r < batch; r++) /* cp[j] walks to the end of column j */
        for (int k = w->row_ptr[r]; k < w->row_ptr[r + 1]; k++) {
            int at = cp[w->row_col[k]]++;
            w->col_row[at] = r;
            w->col_val[at] = w->row_val[k];
        }
    for (int j = D; j > 0; j--) cp[j] = cp[j - 1];
    cp[0] = 0;
}

/* acc[0..n) += v * src[0..n) over the entries [k0, k1) of one row or column: each
 * output gathers its terms in entry order, multiply then add (no FMA contraction in ISO
 * C), so the bits do not depend on the block or the instruction set. A full block keeps
 * its 64 sums in eight 8-float vector registers (GCC vector extensions, portable to
 * every target); a partial block runs the same arithmetic element by element. */
typedef float VaeF8 __attribute__((vector_size(32)));

static inline void gather_block(float *acc, int n, const float *base, size_t stride, const int *idx, const float *val,
                                int k0, int k1) {
    if (n == SP_BLOCK) {
        VaeF8 a[8], v, t;
        memcpy(a, acc, sizeof a); /* vectors are only locals: no vector crosses a call (psabi) */
        for (int k = k0; k < k1; k++) {
            const float *src = base + (size_t)idx[k] * stride;
            const float x = val[k];
            v = (VaeF8){x, x, x, x, x, x, x, x};
            for (int q = 0; q < 8; q++) {
                memcpy(&t, src + 8 * q, sizeof t);
                a[q] = a[q] + v * t;
            }
        }
        memcpy(acc, a, sizeof a);
    } else {
        for (int k = k0; k < k1; k++) {
            const float v = val[k], *src = base + (size_t)idx[k] * stride;
            for (int h = 0; h < n; h++) acc[h] = acc[h] + v * src[h];
        }
    }
}

/* out (B, H) = relu?(x W^T + b) from x's CSR: for each block of SP_BLOCK outputs and
 * each row, the sum over the row's non-zero pixels j of x[j] * W^T[j, block]. */
VAE_SIMD_CLONES static void sparse_forward(const VaeDense *d, const float *params, const VaeWork *w, int batch,
                                           float *out, int relu) {
    const float *wt = params + d->w, *b = params + d->b;
    int H = d->out;
    for (int h0 = 0; h0 < H; h0 += SP_BLOCK) {
        int n = H - h0 < SP_BLOCK ? H - h0 : SP_BLOCK;
        for (int r = 0; r < batch; r++) {
            float acc[SP_BLOCK] = {0};
            gather_block(acc, n, wt + h0, (size_t)H, w->row_col, w->row_val, w->row_ptr[r], w->row_ptr[r + 1]);
            float *o = out + (size_t)r * (size_t)H + h0;
            for (int h = 0; h < n; h++) {
                float t = acc[h] + b[h0 + h];
                o[h] = relu && t < 0.0f ? 0.0f : t;
            }
        }
    }
}

/* dW^T (D, H) += x^T dout from x's CSC: for each pixel j and block, the sum over the
 * rows where x[., j] is non-zero of x[r, j] * dout[r, block], added onto the gradient. */
VAE_SIMD_CLONES static void sparse_weight_grad(const VaeDense *d, float *grads, const VaeWork *w, const float *dout) {
    float *gw = grads + d->w;
    int H = d->out, D = d->in;
    for (int h0 = 0; h0 < H; h0 += SP_BLOCK) {
        int n = H - h0 < SP_BLOCK ? H - h0 : SP_BLOCK;
        for (int j = 0; j < D; j++) {
            if (w->col_ptr[j] == w->col_ptr[j + 1]) continue;
            float acc[SP_BLOCK] = {0}, *g = gw + (size_t)j * (size_t)H + h0;
            gather_block(acc, n, dout + h0, (size_t)H, w->col_row, w->col_val, w->col_ptr[j], w->col_ptr[j + 1]);
            for (int h = 0; h < n; h++) g[h] += acc[h];
        }
    }
}

/* The first layer's forward: sparse when at most half of x is non-zero (MNIST ~19%),
 * else one sgemm with the stored W^T. */
static void first_forward(const VaeDense *d, const float *params, VaeWork *w, const float *x, int batch, float *out,
                          int relu) {
    w->nnz = build_csr(w, x, batch, d->in);
    w->sparse = 2 * (size_t)w->nnz <= (size_t)batch * (size_t)d->in;
    if (w->sparse) {
        sparse_forward(d, params, w, batch, out, relu);
        return;
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, d->out, d->in, 1.0f, x, d->in, params + d->w, d->out,
                0.0f, out, d->out);
    bias_act(out, params + d->b, batch, d->out, relu);
}

/* The first layer's backward, on the path its forward took: dW^T += x^T dout (unless
 * grads is NULL), din = dout W (unless din is NULL). */
static void first_backward(const VaeDense *d, const float *params, float *grads, VaeWork *w, const float *x,
                           const float *dout, int batch, float *din) {
    if (grads && w->sparse) {
        build_csc(w, batch, d->in);
        sparse_weight_grad(d, grads, w, dout);
    } else if (grads) {
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d->in, d->out, batch, 1.0f, x, d->in, dout, d->out, 1.0f,
                    grads + d->w, d->out);
    }
    if (din)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, d->in, d->out, 1.0f, dout, d->out, params + d->w,
                    d->out, 0.0f, din, d->in);
}

/* db += the column sums of dout (B, n): the bias gradient. */
VAE_SIMD_CLONES static void bias_grad(const float *dout, int batch, int n, float *db) {
    for (int r = 0; r < batch; r++) {
        const float *row = dout + (size_t)r * (size_t)n;
        for (int j = 0; j < n; j++) db[j] += row[j];
    }
}

/* One pass: din (B, n) *= relu'(in), and db += the column sums of the masked din. */
VAE_SIMD_CLONES static void relu_mask_bias_grad(float *din, const float *in, int batch, int n, float *db) {
    if (!db) { /* input gradients only */
        for (size_t i = 0; i < (size_t)batch * (size_t)n; i++) din[i] = in[i] > 0.0f ? din[i] : 0.0f;
        return;
    }
    for (int r = 0; r < batch; r++) {
        float *row = din + (size_t)r * (size_t)n;
        const float *a = in + (size_t)r * (size_t)n;
        for (int j = 0; j < n; j++) {
            float g = a[j] > 0.0f ? row[j] : 0.0f;
            row[j] = g;
            db[j] += g;
        }
    }
}

/* Given dout (B, OUT): dW += dout^T @ in unless grads is NULL, and din (B, IN) =
 * dout @ W unless din is NULL. */
static void dense_backward(const VaeDense *d, const float *params, float *grads, const float *in, const float *dout,
                           int batch, float *din) {
    if (grads)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d->out, d->in, batch, 1.0f, dout, d->out, in, d->in, 1.0f,
                    grads + d->w, d->in);
    if (din)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, d->in, d->out, 1.0f, dout, d->out, params + d->w,
                    d->in, 0.0f, din, d->in);
}

static const float *encoder_forward(const VaeModel *m, VaeWork *w, const float *x, int batch) {
    const float *a = x;
    int H = m->cfg.n_hidden;
    for (int i = 0; i <= H; i++) {
        float *out = i < H ? w->enc_act[i] : w->enc_out;
        if (m->enc[i].transposed)
            first_forward(&m->enc[i], m->params, w, a, batch, out, i < H);
        else
            dense_forward(&m->enc[i], m->params, a, batch, out, i < H);
        a = out;
    }
    return w->enc_out;
}

static void decoder_forward(const VaeModel *m, VaeWork *w, const float *z, int batch, float *logits) {
    const float *a = z;
    for (int i = 0; i < m->cfg.n_hidden; i++) {
        dense_forward(&m->dec[i], m->params, a, batch, w->dec_act[i], 1);
        a = w->dec_act[i];
    }
    dense_forward(&m->dec[m->cfg.n_hidden], m->params, a, batch, logits, 0);
}

/* ---- likelihoods ---- */

static inline float sigmoidf(float l) { return 1.0f / (1.0f + expf(-l)); }

/* e^x for x <= 0, x's sign bit set (below -87 it returns e^-87, ~1.6e-38), within
 * ~2 ulp. Only arithmetic, integer selects and bit casts, so the loops calling it
 * vectorise (libm's expf, a float compare-select and a float->int conversion do not). */
static inline float exp_nonpos(float x) {
    int32_t xb, lim_b;
    const float lim = -87.0f;
    memcpy(&xb, &x, sizeof xb);
    memcpy(&lim_b, &lim, sizeof lim_b);
    xb = xb > lim_b ? lim_b : xb; /* negative floats: larger magnitude, larger int */
    memcpy(&x, &xb, sizeof x);
    float big = x * 1.44269504088896341f + 12582912.0f; /* 1.5 * 2^23: rounds to integer */
    float n = big - 12582912.0f;                        /* n in [-126, 0] */
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t bits;
    memcpy(&bits, &big, sizeof bits);
    bits = (bits - 0x4B400000 + 127) * (1 << 23); /* 2^n */
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/* log(1 + e) for e in [0, 1]: 2 atanh(u), u = e / (2 + e) <= 1/3, series to u^15
 * (truncation < 2e-9 relative). */
static inline float log1p_unit(float e) {
    float u = e / (2.0f + e), u2 = u * u;
    float p = 1.0f / 15.0f;
    p = p * u2 + 1.0f / 13.0f;
    p = p * u2 + 1.0f / 11.0f;
    p = p * u2 + 1.0f / 9.0f;
    p = p * u2 + 1.0f / 7.0f;
    p = p * u2 + 1.0f / 5.0f;
    p = p * u2 + 1.0f / 3.0f;
    p = p * u2 + 1.0f;
    return 2.0f * u * p;
}

#define LL_CHUNK 256

/* Sum of the 8-lane partial sums of t[0..n), combined in double. */
static double lane_sum(const float *t, int n) {
    float acc[8] = {0};
    int j = 0;
    for (; j + 8 <= n; j += 8)
        for (int k = 0; k < 8; k++) acc[k] += t[j + k];
    double s = 0.0;
    for (; j < n; j++) s += t[j];
    for (int k = 0; k < 8; k++) s += acc[k];
    return s;
}

/* One pixel of the Bernoulli likelihood: x l - softplus(l), and sigmoid(l) in *sig,
 * sharing one exponential. */
static inline float bernoulli_term(float lv, float xv, float *sig) {
    float e = exp_nonpos(-fabsf(lv));
    *sig = (lv >= 0.0f ? 1.0f : e) / (1.0f + e);
    return xv * lv - ((lv > 0.0f ? lv : 0.0f) + log1p_unit(e));
}

/* Bernoulli log p(x|l) of one row of n pixels. */
VAE_SIMD_CLONES static float bernoulli_row(const float *x, const float *l, int n) {
    float t[LL_CHUNK];
    double sum = 0.0;
    for (int at = 0; at < n; at += LL_CHUNK) {
        int m = n - at < LL_CHUNK ? n - at : LL_CHUNK;
        for (int j = 0; j < m; j++) {
            float s;
            t[j] = bernoulli_term(l[at + j], x[at + j], &s);
        }
        sum += lane_sum(t, m);
    }
    return (float)sum;
}

/* The same and, in the same pass, dl = (sigmoid(l) - x) * scale: the gradient of
 * -scale * log p with respect to the logits. */
VAE_SIMD_CLONES static float bernoulli_row_grad(const float *x, const float *l, float *dl, int n, float scale) {
    float t[LL_CHUNK];
    double sum = 0.0;
    for (int at = 0; at < n; at += LL_CHUNK) {
        int m = n - at < LL_CHUNK ? n - at : LL_CHUNK;
        for (int j = 0; j < m; j++) {
            float s, xv = x[at + j];
            t[j] = bernoulli_term(l[at + j], xv, &s);
            dl[at + j] = (s - xv) * scale;
        }
        sum += lane_sum(t, m);
    }
    return (float)sum;
}

static float decoder_logvar(const VaeModel *m, int j) {
    return m->cfg.likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED ? m->params[m->dec_logvar + (size_t)j]
                                                                : m->cfg.gaussian_logvar;
}

static float gaussian_row(const VaeModel *v, const float *xr, const float *lr) {
    double acc = 0.0;
    for (int j = 0; j < v->cfg.input_dim; j++) {
        float lv = decoder_logvar(v, j), diff = xr[j] - sigmoidf(lr[j]);
        acc += -0.5 * (LOG_2PI + lv + diff * diff * expf(-lv));
    }
    return (float)acc;
}

void vae_log_likelihood(const VaeModel *v, const float *x, const float *logits, int batch, float *out) {
    size_t D = (size_t)v->cfg.input_dim;
    for (int r = 0; r < batch; r++) {
        const float *xr = x + (size_t)r * D, *lr = logits + (size_t)r * D;
        out[r] =
            v->cfg.likelihood == VAE_LIKELIHOOD_BERNOULLI ? bernoulli_row(xr, lr, (int)D) : gaussian_row(v, xr, lr);
    }
}

/* Per-example recon into recon_ex; for Bernoulli also dL/dlogits into w->dlogits
 * (the loss and its gradient in one pass, so backward does not revisit the logits). */
static void likelihood_forward(const VaeModel *m, VaeWork *w, int batch) {
    if (m->cfg.likelihood != VAE_LIKELIHOOD_BERNOULLI) {
        vae_log_likelihood(m, w->xin, w->logits, batch, w->recon_ex);
        return;
    }
    size_t D = (size_t)m->cfg.input_dim;
    float *dl = w->dlogits, scale = 1.0f / (float)w->loss_batch;
    for (int r = 0; r < batch; r++) {
        size_t o = (size_t)r * D;
        w->recon_ex[r] = bernoulli_row_grad(w->xin + o, w->logits + o, dl + o, (int)D, scale);
    }
}

/* ---- forward / backward ---- */

static void latent_forward(const VaeModel *m, VaeWork *w, int batch) {
    int Z = m->cfg.latent_dim;
    for (int r = 0; r < batch; r++) {
        const float *mu = w->enc_out + (size_t)r * 2 * (size_t)Z, *lv = mu + Z;
        double kl = 0.0;
        for (int k = 0; k < Z; k++) {
            w->z[r * Z + k] = mu[k] + expf(0.5f * lv[k]) * w->eps[r * Z + k];
            kl += 0.5 * ((double)mu[k] * mu[k] + exp(lv[k]) - 1.0 - lv[k]);
        }
        w->kl_ex[r] = (float)kl;
    }
}

/* The forward pass of `rows` examples whose loss is part of a mean over loss_batch
 * (the workspace must hold rows). With keep_x the input is copied into the workspace
 * (vae_forward: the caller may free x before backward); a training step reads the
 * caller's batch in place, as it outlives the step. */
static void forward_rows(const VaeModel *m, VaeWork *w, const float *x, int rows, const float *eps, int loss_batch,
                         int keep_x) {
    int Z = m->cfg.latent_dim, D = m->cfg.input_dim;
    w->batch = rows;
    w->loss_batch = loss_batch;
    if (keep_x) memcpy(w->x, x, sizeof(float) * (size_t)rows * (size_t)D);
    w->xin = keep_x ? w->x : x;
    memcpy(w->eps, eps, sizeof(float) * (size_t)rows * (size_t)Z);
    encoder_forward(m, w, w->xin, rows);
    latent_forward(m, w, rows);
    decoder_forward(m, w, w->z, rows, w->logits);
    likelihood_forward(m, w, rows);
}

VaeStatus vae_forward(const VaeModel *m, VaeWork *w, const float *x, int batch, const float *eps, VaeLoss *mean) {
    VaeStatus st = vae_work_reserve(m, w, batch);
    if (st != VAE_OK) return st;
    forward_rows(m, w, x, batch, eps, batch, 1);
    if (mean) {
        double rs = 0.0, ks = 0.0;
        for (int r = 0; r < batch; r++) rs += w->recon_ex[r], ks += w->kl_ex[r];
        mean->recon = rs / batch;
        mean->kl = ks / batch;
        mean->elbo = mean->recon - mean->kl;
    }
    return VAE_OK;
}

/* Gaussian likelihoods: dL/dlogits into out (B, D) for L = -(1/B) sum recon, and the
 * learned log-variance gradient += too (unless grads is NULL). */
static void gaussian_backward(const VaeModel *m, VaeWork *w, float *grads, float *out) {
    int B = w->batch, D = m->cfg.input_dim;
    float inv_b = 1.0f / (float)w->loss_batch;
    int learned = m->cfg.likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED && grads;
    float *glv = grads ? grads + m->dec_logvar : NULL;
    for (int r = 0; r < B; r++)
        for (int j = 0; j < D; j++) {
            size_t i = (size_t)r * (size_t)D + (size_t)j;
            float lv = decoder_logvar(m, j), mu = sigmoidf(w->logits[i]), diff = w->xin[i] - mu;
            float prec = expf(-lv);
            out[i] = -diff * prec * mu * (1.0f - mu) * inv_b;
            if (learned) glv[j] += -(-0.5f + 0.5f * diff * diff * prec) * inv_b;
        }
}

/* Backward through a stack of dense layers from dout (the top layer's output
 * gradient, never written); din of layer i > 0 alternates between d_a and d_b and is
 * masked by ReLU in the pass that also sums it into layer i-1's bias gradient. With
 * grads NULL only the input gradients are computed. */
static void stack_backward(const VaeModel *m, VaeWork *w, float *grads, const VaeDense *layers, float *const *acts,
                           const float *input, const float *dout, float *din0) {
    int B = w->batch, H = m->cfg.n_hidden;
    if (grads) bias_grad(dout, B, layers[H].out, grads + layers[H].b);
    for (int i = H; i >= 0; i--) {
        const float *in = i > 0 ? acts[i - 1] : input;
        float *din = i > 0 ? ((H - i) % 2 == 0 ? w->d_a : w->d_b) : din0;
        if (layers[i].transposed)
            first_backward(&layers[i], m->params, grads, w, in, dout, B, din);
        else
            dense_backward(&layers[i], m->params, grads, in, dout, B, din);
        if (i > 0) relu_mask_bias_grad(din, in, B, layers[i].in, grads ? grads + layers[i - 1].b : NULL);
        dout = din;
    }
}

/* Fills d_enc_out (B, 2Z) from dz and the KL term. */
static void latent_backward(const VaeModel *m, VaeWork *w) {
    int B = w->batch, Z = m->cfg.latent_dim;
    float scale = m->cfg.beta / (float)w->loss_batch;
    for (int r = 0; r < B; r++)
        for (int k = 0; k < Z; k++) {
            const float *row = w->enc_out + (size_t)r * 2 * (size_t)Z;
            float mu = row[k], lv = row[Z + k], dz = w->dz[r * Z + k];
            float sd = expf(0.5f * lv);
            float *g = w->d_enc_out + (size_t)r * 2 * (size_t)Z;
            g[k] = dz + scale * mu;
            g[Z + k] = dz * w->eps[r * Z + k] * 0.5f * sd + scale * 0.5f * (sd * sd - 1.0f);
        }
}

/* Bernoulli: recon depends on x directly too: d(-recon/B)/dx = -logits/B. */
static void input_direct_backward(const VaeModel *m, VaeWork *w) {
    int B = w->batch, D = m->cfg.input_dim;
    float inv_b = 1.0f / (float)w->loss_batch;
    for (int r = 0; r < B; r++)
        for (int j = 0; j < D; j++) {
            size_t i = (size_t)r * (size_t)D + (size_t)j;
            if (m->cfg.likelihood == VAE_LIKELIHOOD_BERNOULLI) {
                w->dx[i] += -w->logits[i] * inv_b;
            } else {
                float lv = decoder_logvar(m, j), diff = w->xin[i] - sigmoidf(w->logits[i]);
                w->dx[i] += diff * expf(-lv) * inv_b;
            }
        }
}

void vae_backward(const VaeModel *m, VaeWork *w, float *grads) {
    float *dlogits = w->dlogits;
    if (m->cfg.likelihood != VAE_LIKELIHOOD_BERNOULLI) gaussian_backward(m, w, grads, dlogits);
    stack_backward(m, w, grads, m->dec, w->dec_act, w->z, dlogits, w->dz);
    latent_backward(m, w);
    stack_backward(m, w, grads, m->enc, w->enc_act, w->xin, w->d_enc_out, w->want_dx ? w->dx : NULL);
    if (w->want_dx) input_direct_backward(m, w);
}

VaeStatus vae_train_forward(Vae *v, const float *x, int batch, const float *eps, VaeLoss *mean) {
    return vae_forward(&v->model, v->work, x, batch, eps, mean);
}

void vae_train_backward(Vae *v) {
    vae_backward(&v->model, v->work, v->grads);
    v->grads_zero = 0;
}

void vae_zero_grad(Vae *v) {
    memset(v->grads, 0, v->model.n_params * sizeof(float));
    v->grads_zero = 1;
}

double vae_grad_norm(const Vae *v) {
    double s = 0.0;
    for (size_t i = 0; i < v->model.n_params; i++) s += (double)v->grads[i] * v->grads[i];
    return sqrt(s);
}

/* 1 when every gradient times `headroom` is finite: g * 0 is 0 for finite g and NaN
 * otherwise. With headroom n, a sum of n such gradients is finite too. */
VAE_SIMD_CLONES static int grads_finite(const float *g, size_t n, float headroom) {
    float acc[16] = {0};
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int k = 0; k < 16; k++) acc[k] += g[i + (size_t)k] * headroom * 0.0f;
    float s = 0.0f;
    for (; i < n; i++) s += g[i] * headroom * 0.0f;
    for (int k = 0; k < 16; k++) s += acc[k];
    return s == 0.0f;
}

VaeAdam vae_adam_default(float lr) {
    VaeAdam a = {lr, 0.9f, 0.999f, 1e-8f, 0.0f};
    return a;
}

/* One flat, vectorisable Adam loop over the sum of ng gradient buffers (the shards'),
 * in chunks that stay in L1. lr * (m / bc1) / (sqrt(v) / sqrt(bc2) + eps) is
 * rewritten as step * m / (sqrt(v) + eps_hat), step = lr sqrt(bc2) / bc1 and
 * eps_hat = eps sqrt(bc2), so the loop has one division and one square root. */
#define ADAM_CHUNK 512

VAE_SIMD_CLONES static void adam_update(float *restrict p, float *const *g, int ng, float *restrict m,
                                        float *restrict s, size_t n, float b1, float b2, float step, float eps_hat,
                                        float gscale) {
    float c1 = 1.0f - b1, c2 = 1.0f - b2, gs[ADAM_CHUNK];
    for (size_t at = 0; at < n; at += ADAM_CHUNK) {
        size_t len = n - at < ADAM_CHUNK ? n - at : ADAM_CHUNK;
        memcpy(gs, g[0] + at, len * sizeof(float));
        memset(g[0] + at, 0, len * sizeof(float)); /* consumed: zero for the next step */
        for (int k = 1; k < ng; k++) {
            float *gk = g[k] + at;
            for (size_t i = 0; i < len; i++) gs[i] += gk[i];
            memset(gk, 0, len * sizeof(float));
        }
        float *pa = p + at, *ma = m + at, *sa = s + at;
        for (size_t i = 0; i < len; i++) {
            float gi = gs[i] * gscale;
            float mi = b1 * ma[i] + c1 * gi, si = b2 * sa[i] + c2 * gi * gi;
            ma[i] = mi;
            sa[i] = si;
            pa[i] -= step * mi / (sqrtf(si) + eps_hat);
        }
    }
}

typedef struct {
    float *p, *m, *s;
    float *g[VAE_MAX_STEP_THREADS];
    int ng;
    size_t n;
    float b1, b2, step, eps_hat, gscale;
} AdamPart;

static void adam_part(void *arg) {
    AdamPart *a = arg;
    adam_update(a->p, a->g, a->ng, a->m, a->s, a->n, a->b1, a->b2, a->step, a->eps_hat, a->gscale);
}

/* Adam is bound by memory traffic (five floats read, five written per parameter with
 * two shards). With data-parallel steps the flat buffer is split into one range per
 * shard, each run by that shard's thread (the calling thread takes the first). Each
 * parameter's arithmetic is unchanged, so the bits are the same as on one thread. */
static void adam_update_all(Vae *v, const AdamPart *all) {
    AdamPart part[VAE_MAX_STEP_THREADS];
    int threads = all->n < ((size_t)1 << 15) ? 1 : v->step_threads;
    size_t per = (all->n / (size_t)threads) & ~(size_t)15, at = 0;
    for (int k = 0; k < threads; k++) {
        part[k] = *all;
        part[k].p += at, part[k].m += at, part[k].s += at;
        for (int j = 0; j < all->ng; j++) part[k].g[j] += at;
        part[k].n = k == threads - 1 ? all->n - at : per;
        at += part[k].n;
    }
    for (int k = 1; k < threads; k++) helper_run(v->shard[k - 1]->helper, adam_part, &part[k]);
    adam_part(&part[0]);
    for (int k = 1; k < threads; k++) helper_wait(v->shard[k - 1]->helper);
}

/* Adam over the sum of the gradient buffers g[0..ng), which it leaves zero. */
static void adam_step_sum(Vae *v, const VaeAdam *o, float *const *g, int ng) {
    v->adam_t++;
    double bc1 = 1.0 - pow(o->beta1, (double)v->adam_t), bc2 = 1.0 - pow(o->beta2, (double)v->adam_t);
    float gscale = 1.0f;
    if (o->clip_norm > 0.0f) { /* only with ng == 1: the sharded step sums first when clipping */
        double norm = vae_grad_norm(v);
        if (norm > o->clip_norm) gscale = (float)(o->clip_norm / norm);
    }
    AdamPart all = {v->model.params, v->adam_m, v->adam_v, {NULL}, ng,    v->model.n_params,
                    o->beta1,        o->beta2,  0.f,       0.f,    gscale};
    for (int k = 0; k < ng; k++) all.g[k] = g[k];
    all.step = (float)(o->lr * sqrt(bc2) / bc1);
    all.eps_hat = (float)(o->eps * sqrt(bc2));
    adam_update_all(v, &all);
}

void vae_adam_step(Vae *v, const VaeAdam *o) {
    float *g = v->grads;
    adam_step_sum(v, o, &g, 1);
    v->grads_zero = 1;
}

/* ---- data-parallel steps ---- */

static void shard_free(VaeShard *s) {
    if (!s) return;
    helper_stop(s->helper);
    vae_work_free(s->work);
    free(s->grads);
    free(s);
}

static void free_shards(Vae *v, int keep) {
    for (int k = keep; k < VAE_MAX_STEP_THREADS - 1; k++) {
        shard_free(v->shard[k]);
        v->shard[k] = NULL;
    }
}

/* A shard reads v's model and has its own gradients, workspace and thread. */
static VaeShard *shard_create(const Vae *v) {
    VaeShard *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->grads_zero = 1;
    s->grads = calloc(v->model.n_params, sizeof(float));
    if (!s->grads || vae_work_create(&v->model, 1, &s->work) != VAE_OK || !(s->helper = helper_start())) {
        shard_free(s);
        return NULL;
    }
    return s;
}

VaeStatus vae_set_step_threads(Vae *v, int n) {
    if (n < 1 || n > VAE_MAX_STEP_THREADS)
        return vae_fail(VAE_ERR_ARG, "%d training threads; 1 to %d are supported", n, VAE_MAX_STEP_THREADS);
    for (int k = 0; k < n - 1; k++)
        if (!v->shard[k] && !(v->shard[k] = shard_create(v))) {
            free_shards(v, 0);
            v->step_threads = 1;
            return vae_fail(VAE_ERR_NOMEM, "out of memory for %d training threads", n);
        }
    free_shards(v, n - 1);
    v->step_threads = n;
    return VAE_OK;
}

typedef struct {
    const VaeModel *m;
    VaeWork *w;
    float *grads;
    int *grads_zero;
    VaeHelper *helper; /* NULL for shard 0, run on the calling thread */
    const float *x, *eps;
    int rows, total;
    float headroom;
    double recon, kl; /* sums over the rows */
    int finite;
} ShardJob;

/* Forward and backward of one shard's rows; the loss is checked after the join. The
 * backward adds onto zero gradients, so every weight-gradient product runs with beta
 * = 1 and OpenBLAS skips its separate pass that zeroes C for beta = 0 (Adam leaves the
 * gradients zero; after a skipped step they are zeroed here). */
static void shard_job(void *arg) {
    ShardJob *j = arg;
    VaeWork *w = j->w;
    forward_rows(j->m, w, j->x, j->rows, j->eps, j->total, 0);
    j->recon = j->kl = 0.0;
    for (int r = 0; r < j->rows; r++) j->recon += w->recon_ex[r], j->kl += w->kl_ex[r];
    if (!*j->grads_zero) memset(j->grads, 0, j->m->n_params * sizeof(float));
    vae_backward(j->m, w, j->grads);
    *j->grads_zero = 0;
    j->finite = grads_finite(j->grads, j->m->n_params, j->headroom);
}

/* Runs the shard jobs: jobs 1.. on their shards' threads, job 0 on this one. */
static void run_shards(ShardJob *jobs, int n) {
    for (int k = 1; k < n; k++) helper_run(jobs[k].helper, shard_job, &jobs[k]);
    shard_job(&jobs[0]);
    for (int k = 1; k < n; k++) helper_wait(jobs[k].helper);
}

/* The step on n shards (n = 1: all rows on this thread, the serial step). */
static VaeStatus step_on_shards(Vae *v, const float *x, int batch, const float *eps, const VaeAdam *opt, int n,
                                VaeLoss *mean) {
    ShardJob jobs[VAE_MAX_STEP_THREADS];
    float *g[VAE_MAX_STEP_THREADS];
    size_t D = (size_t)v->model.cfg.input_dim, Z = (size_t)v->model.cfg.latent_dim;
    int at = 0, finite = 1;
    for (int k = 0; k < n; k++) {
        VaeShard *s = k ? v->shard[k - 1] : NULL;
        int rows = batch / n + (k < batch % n);
        jobs[k] = (ShardJob){&v->model,
                             s ? s->work : v->work,
                             s ? s->grads : v->grads,
                             s ? &s->grads_zero : &v->grads_zero,
                             s ? s->helper : NULL,
                             x + (size_t)at * D,
                             eps + (size_t)at * Z,
                             rows,
                             batch,
                             (float)n,
                             0.0,
                             0.0,
                             0};
        VaeStatus st = vae_work_reserve(&v->model, jobs[k].w, (batch + n - 1) / n);
        if (st != VAE_OK) return st;
        g[k] = jobs[k].grads;
        at += rows;
    }
    run_shards(jobs, n);
    VaeLoss loss = {0.0, 0.0, 0.0};
    for (int k = 0; k < n; k++) loss.recon += jobs[k].recon, loss.kl += jobs[k].kl, finite &= jobs[k].finite;
    loss.recon /= batch, loss.kl /= batch, loss.elbo = loss.recon - loss.kl;
    if (mean) *mean = loss;
    if (!isfinite(loss.elbo))
        return vae_fail(VAE_ERR_NUMERIC, "the loss is %s; the step was skipped", isnan(loss.elbo) ? "NaN" : "Inf");
    if (!finite) return vae_fail(VAE_ERR_NUMERIC, "a gradient is NaN or Inf; the step was skipped");
    int ng = n;
    if (opt->clip_norm > 0.0f) { /* the norm is of the summed gradient: sum first */
        for (int k = 1; k < n; k++)
            for (size_t i = 0; i < v->model.n_params; i++) v->grads[i] += g[k][i];
        ng = 1; /* the shards' buffers stay marked non-zero and are cleared next step */
    }
    adam_step_sum(v, opt, g, ng);
    for (int k = 0; k < ng; k++) *jobs[k].grads_zero = 1;
    return VAE_OK;
}

VaeStatus vae_train_step(Vae *v, const float *x, int batch, const float *eps, const VaeAdam *opt, VaeLoss *mean) {
    if (batch < 1) return vae_fail(VAE_ERR_ARG, "batch size %d must be at least 1", batch);
    int n = v->step_threads;
    while (n > 1 && batch < 16 * n) n--;
    return step_on_shards(v, x, batch, eps, opt, n, mean);
}

/* ---- inference ---- */

VaeStatus vae_encode(const VaeModel *m, VaeWork *w, const float *x, int batch, float *mu, float *logvar) {
    VaeStatus st = vae_work_reserve(m, w, batch);
    if (st != VAE_OK) return st;
    int Z = m->cfg.latent_dim;
    const float *enc = encoder_forward(m, w, x, batch);
    for (int r = 0; r < batch; r++) {
        if (mu) memcpy(mu + (size_t)r * (size_t)Z, enc + (size_t)r * 2 * (size_t)Z, sizeof(float) * (size_t)Z);
        if (logvar)
            memcpy(logvar + (size_t)r * (size_t)Z, enc + (size_t)r * 2 * (size_t)Z + Z, sizeof(float) * (size_t)Z);
    }
    return VAE_OK;
}

VaeStatus vae_decode_logits(const VaeModel *m, VaeWork *w, const float *z, int batch, float *logits) {
    VaeStatus st = vae_work_reserve(m, w, batch);
    if (st != VAE_OK) return st;
    decoder_forward(m, w, z, batch, logits);
    return VAE_OK;
}

VAE_SIMD_CLONES VaeStatus vae_decode(const VaeModel *m, VaeWork *w, const float *z, int batch, float *probs) {
    VaeStatus st = vae_decode_logits(m, w, z, batch, probs);
    if (st != VAE_OK) return st;
    size_t n = (size_t)batch * (size_t)m->cfg.input_dim;
    for (size_t i = 0; i < n; i++) { /* the vectorised sigmoid of bernoulli_term */
        float l = probs[i], e = exp_nonpos(-fabsf(l));
        probs[i] = (l >= 0.0f ? 1.0f : e) / (1.0f + e);
    }
    return VAE_OK;
}
