/* eval.c - test ELBO, importance-weighted and naive log p(x), and 2-D quadrature
 * (see eval.h). Every decode is batched: grids and sample sets go through the
 * decoder CHUNK points at a time as one sgemm per layer. */
#include "eval.h"
#include "postgrid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LOG_2PI 1.8378770664093453
#define CHUNK 1024
#define GRID_LIMIT 6.0
#define GLOBAL_N 81 /* global grid points per side over [-6, 6]^2 */
#define FINE_N 128  /* refined grid around the posterior's mass */
#define Q_N 64      /* grid over q(z|x) +- 6 sigma for E_q[log p(x|z)] */

VaeStatus eval_elbo(const VaeModel *vae, VaeWork *work, const VaeDataset *ds, VaeBinarize mode, int limit,
                    uint64_t seed, VaeLoss *out) {
    int n = limit > 0 && limit < ds->count ? limit : ds->count;
    int B = 500, D = vae->cfg.input_dim, Z = vae->cfg.latent_dim;
    if (n < 1) return vae_fail(VAE_ERR_ARG, "no examples to evaluate");
    if (ds->dim != D) return vae_fail(VAE_ERR_MISMATCH, "data has %d pixels, model expects %d", ds->dim, D);
    float *x = malloc(sizeof(float) * (size_t)B * (size_t)(D + Z));
    int *idx = malloc(sizeof(int) * (size_t)B);
    if (!x || !idx) {
        free(x), free(idx);
        return vae_fail(VAE_ERR_NOMEM, "out of memory evaluating");
    }
    float *eps = x + (size_t)B * (size_t)D;
    VaeRng rng;
    rng_seed(&rng, seed);
    double rs = 0.0, ks = 0.0;
    VaeStatus st = VAE_OK;
    for (int at = 0; at < n && st == VAE_OK; at += B) {
        int b = n - at < B ? n - at : B;
        for (int i = 0; i < b; i++) idx[i] = at + i;
        data_fill_batch(ds, idx, b, mode, &rng, x);
        rng_normal_fill(&rng, eps, (size_t)b * (size_t)Z);
        VaeLoss l;
        st = vae_forward(vae, work, x, b, eps, &l);
        rs += l.recon * b;
        ks += l.kl * b;
    }
    free(x), free(idx);
    if (st != VAE_OK) return st;
    out->recon = rs / n;
    out->kl = ks / n;
    out->elbo = out->recon - out->kl;
    return VAE_OK;
}

/* Streaming log-sum-exp. */
typedef struct {
    double max, sum;
} LogSum;

static void logsum_add(LogSum *s, double v) {
    if (v == -INFINITY) return;
    if (v > s->max) {
        s->sum = s->sum * exp(s->max - v) + 1.0;
        s->max = v;
    } else {
        s->sum += exp(v - s->max);
    }
}

static double logsum_value(const LogSum *s) { return s->sum > 0.0 ? s->max + log(s->sum) : -INFINITY; }

/* log p(x|z) for n latent points z (n, Z) and one x (D): out (n). */
typedef struct {
    const VaeModel *vae;
    VaeWork *work;
    const float *x;
    float *xrep;   /* (CHUNK, D) x repeated */
    float *logits; /* (CHUNK, D) */
} Decoder;

static VaeStatus decoder_init(Decoder *d, const VaeModel *vae, VaeWork *work, const float *x) {
    size_t D = (size_t)vae->cfg.input_dim;
    d->logits = NULL;
    d->vae = vae;
    d->work = work;
    d->x = x;
    d->xrep = malloc(sizeof(float) * CHUNK * D * 2);
    if (!d->xrep) return vae_fail(VAE_ERR_NOMEM, "out of memory for evaluation");
    d->logits = d->xrep + CHUNK * D;
    for (int i = 0; i < CHUNK; i++) memcpy(d->xrep + (size_t)i * D, x, sizeof(float) * D);
    return VAE_OK;
}

static VaeStatus decoder_loglik(Decoder *d, const float *z, int n, float *out) {
    int Z = d->vae->cfg.latent_dim;
    for (int at = 0; at < n; at += CHUNK) {
        int b = n - at < CHUNK ? n - at : CHUNK;
        VaeStatus st = vae_decode_logits(d->vae, d->work, z + (size_t)at * (size_t)Z, b, d->logits);
        if (st != VAE_OK) return st;
        vae_log_likelihood(d->vae, d->xrep, d->logits, b, out + at);
    }
    return VAE_OK;
}

static double log_normal_std(const float *z, int Z) {
    double s = 0.0;
    for (int k = 0; k < Z; k++) s += -0.5 * (LOG_2PI + (double)z[k] * z[k]);
    return s;
}

/* Shared by IWAE (from_q) and the naive prior estimator. */
static VaeStatus log_px_sampled(const VaeModel *vae, VaeWork *work, const float *x, int k, VaeRng *rng, int from_q,
                                double *log_px) {
    int Z = vae->cfg.latent_dim;
    if (k < 1) return vae_fail(VAE_ERR_ARG, "the number of samples must be at least 1");
    float mu[VAE_MAX_LATENT], lv[VAE_MAX_LATENT];
    VaeStatus st = vae_encode(vae, work, x, 1, mu, lv);
    if (st != VAE_OK) return st;
    Decoder d;
    if ((st = decoder_init(&d, vae, work, x)) != VAE_OK) return st;
    float *eps = malloc(sizeof(float) * CHUNK * (size_t)Z * 2 + sizeof(float) * CHUNK);
    if (!eps) {
        free(d.xrep);
        return vae_fail(VAE_ERR_NOMEM, "out of memory for samples");
    }
    float *z = eps + CHUNK * Z, *ll = z + CHUNK * Z;
    LogSum acc = {-INFINITY, 0.0};
    for (int at = 0; at < k && st == VAE_OK; at += CHUNK) {
        int b = k - at < CHUNK ? k - at : CHUNK;
        rng_normal_fill(rng, eps, (size_t)b * (size_t)Z);
        for (int i = 0; i < b * Z; i++) z[i] = from_q ? mu[i % Z] + expf(0.5f * lv[i % Z]) * eps[i] : eps[i];
        st = decoder_loglik(&d, z, b, ll);
        for (int i = 0; i < b && st == VAE_OK; i++) {
            double w = ll[i];
            if (from_q) {
                double log_q = 0.0;
                for (int c = 0; c < Z; c++) log_q += -0.5 * (LOG_2PI + lv[c] + (double)eps[i * Z + c] * eps[i * Z + c]);
                w += log_normal_std(z + (size_t)i * (size_t)Z, Z) - log_q;
            }
            logsum_add(&acc, w);
        }
    }
    free(eps);
    free(d.xrep);
    if (st != VAE_OK) return st;
    *log_px = logsum_value(&acc) - log((double)k);
    return VAE_OK;
}

VaeStatus eval_log_px_iw(const VaeModel *vae, VaeWork *work, const float *x, int k, VaeRng *rng, double *log_px) {
    return log_px_sampled(vae, work, x, k, rng, 1, log_px);
}

VaeStatus eval_log_px_prior(const VaeModel *vae, VaeWork *work, const float *x, int k, VaeRng *rng, double *log_px) {
    return log_px_sampled(vae, work, x, k, rng, 0, log_px);
}

/* ---- 2-D quadrature ---- */

typedef struct {
    double x0, y0, h; /* lower-left corner and cell size */
    int n;            /* cells per side */
} Grid;

static void grid_centres(const Grid *g, float *z) {
    for (int r = 0; r < g->n; r++)
        for (int c = 0; c < g->n; c++) {
            z[2 * (r * g->n + c)] = (float)(g->x0 + (c + 0.5) * g->h);
            z[2 * (r * g->n + c) + 1] = (float)(g->y0 + (r + 0.5) * g->h);
        }
}

/* log p(x|z) + log p(z) at every cell centre of g: out (n*n); z scratch (n*n*2). */
static VaeStatus grid_log_joint(Decoder *d, const Grid *g, float *z, float *out) {
    int m = g->n * g->n;
    grid_centres(g, z);
    VaeStatus st = decoder_loglik(d, z, m, out);
    for (int i = 0; i < m; i++) out[i] += (float)log_normal_std(z + 2 * i, 2);
    return st;
}

static int inside(double v, double lo, double hi) { return v >= lo && v < hi; }

static double side_of(const double b[4]) { return fmax(b[1] - b[0], b[3] - b[2]); }

/* The box to refine within level g: cells whose joint is within 25 nats of the best
 * (and q's +-5 sigma when with_q), grown by a cell, snapped outward to g's cell edges
 * and kept inside g's own box. box = {x0, x1, y0, y1}. */
static void refine_box(const Grid *g, const double gbox[4], const float *lj, const float *mu, const float *sd,
                       int with_q, double box[4]) {
    int m = g->n * g->n;
    float best = -INFINITY;
    for (int i = 0; i < m; i++) best = lj[i] > best ? lj[i] : best;
    double b[4] = {INFINITY, -INFINITY, INFINITY, -INFINITY};
    if (with_q) {
        double q[4] = {mu[0] - 5.0 * sd[0], mu[0] + 5.0 * sd[0], mu[1] - 5.0 * sd[1], mu[1] + 5.0 * sd[1]};
        memcpy(b, q, sizeof b);
    }
    for (int i = 0; i < m; i++) {
        if (lj[i] < best - 25.0f) continue;
        double cx = g->x0 + (i % g->n + 0.5) * g->h, cy = g->y0 + (i / g->n + 0.5) * g->h;
        b[0] = fmin(b[0], cx - 1.5 * g->h), b[1] = fmax(b[1], cx + 1.5 * g->h);
        b[2] = fmin(b[2], cy - 1.5 * g->h), b[3] = fmax(b[3], cy + 1.5 * g->h);
    }
    for (int k = 0; k < 4; k++) {
        double origin = k < 2 ? g->x0 : g->y0;
        double cell = (k % 2 == 0 ? floor : ceil)((b[k] - origin) / g->h);
        box[k] = fmin(fmax(origin + cell * g->h, gbox[k & 2]), gbox[(k & 2) + 1]);
    }
}

#define LEVELS 4

typedef struct {
    Grid g;
    double box[4]; /* the region this level integrates (minus the next level's box) */
    float *lj;     /* (n*n) log joint at cell centres */
} Level;

/* Combines levels: each counts its cells inside its own box and outside the next's. */
static double combine_levels(const Level *lv, int n_levels) {
    LogSum acc = {-INFINITY, 0.0};
    for (int l = 0; l < n_levels; l++) {
        const Grid *g = &lv[l].g;
        double log_area = 2.0 * log(g->h);
        for (int i = 0; i < g->n * g->n; i++) {
            double cx = g->x0 + (i % g->n + 0.5) * g->h, cy = g->y0 + (i / g->n + 0.5) * g->h;
            if (!inside(cx, lv[l].box[0], lv[l].box[1]) || !inside(cy, lv[l].box[2], lv[l].box[3])) continue;
            if (l + 1 < n_levels && inside(cx, lv[l + 1].box[0], lv[l + 1].box[1]) &&
                inside(cy, lv[l + 1].box[2], lv[l + 1].box[3]))
                continue;
            logsum_add(&acc, lv[l].lj[i] + log_area);
        }
    }
    return logsum_value(&acc);
}

/* log of the integral of p(x|z) p(z) over [-6, 6]^2: a global grid, then up to three
 * finer grids, each over the box holding the previous level's mass. */
static VaeStatus integrate(Decoder *d, const float *mu, const float *sd, float *lj_buf, float *z, double *log_px) {
    Level lv[LEVELS];
    int n = 0;
    lv[0].g = (Grid){-GRID_LIMIT, -GRID_LIMIT, 2.0 * GRID_LIMIT / GLOBAL_N, GLOBAL_N};
    double whole[4] = {-GRID_LIMIT, GRID_LIMIT, -GRID_LIMIT, GRID_LIMIT};
    memcpy(lv[0].box, whole, sizeof whole);
    lv[0].lj = lj_buf;
    VaeStatus st = grid_log_joint(d, &lv[0].g, z, lv[0].lj);
    float *next = lj_buf + GLOBAL_N * GLOBAL_N;
    for (n = 1; n < LEVELS && st == VAE_OK; n++) {
        double box[4];
        refine_box(&lv[n - 1].g, lv[n - 1].box, lv[n - 1].lj, mu, sd, n == 1, box);
        if (n > 1 && side_of(box) > 0.6 * side_of(lv[n - 1].box)) break;
        memcpy(lv[n].box, box, sizeof box);
        lv[n].g = (Grid){box[0], box[2], side_of(box) / FINE_N, FINE_N};
        lv[n].lj = next;
        next += FINE_N * FINE_N;
        st = grid_log_joint(d, &lv[n].g, z, lv[n].lj);
    }
    if (st == VAE_OK) *log_px = combine_levels(lv, n);
    return st;
}

/* E_q[log p(x|z)] by the midpoint rule on q's +-6 sigma box, normalised by q's mass there. */
static VaeStatus expected_loglik(Decoder *d, const float *mu, const float *sd, float *z, float *ll, double *out) {
    int n = Q_N;
    double h0 = 12.0 * sd[0] / n, h1 = 12.0 * sd[1] / n;
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++) {
            z[2 * (r * n + c)] = (float)(mu[0] - 6.0 * sd[0] + (c + 0.5) * h0);
            z[2 * (r * n + c) + 1] = (float)(mu[1] - 6.0 * sd[1] + (r + 0.5) * h1);
        }
    VaeStatus st = decoder_loglik(d, z, n * n, ll);
    if (st != VAE_OK) return st;
    double wsum = 0.0, acc = 0.0;
    for (int i = 0; i < n * n; i++) {
        double e0 = (z[2 * i] - mu[0]) / sd[0], e1 = (z[2 * i + 1] - mu[1]) / sd[1];
        double w = exp(-0.5 * (e0 * e0 + e1 * e1));
        wsum += w;
        acc += w * ll[i];
    }
    *out = acc / wsum;
    return VAE_OK;
}

static double kl_to_prior(const float *mu, const float *logvar, int z) {
    double kl = 0.0;
    for (int k = 0; k < z; k++) kl += 0.5 * ((double)mu[k] * mu[k] + exp(logvar[k]) - 1.0 - logvar[k]);
    return kl;
}

VaeStatus eval_elbo_of_q(const VaeModel *vae, VaeWork *work, const float *x, const float *mu, const float *logvar,
                         double *elbo, double *recon) {
    int Z = vae->cfg.latent_dim;
    Decoder d;
    VaeStatus st = decoder_init(&d, vae, work, x);
    if (st != VAE_OK) return st;
    double r = 0.0;
    if (Z == 2) {
        float *buf = malloc(sizeof(float) * Q_N * Q_N * 3);
        float sd[2] = {expf(0.5f * logvar[0]), expf(0.5f * logvar[1])};
        st = buf ? expected_loglik(&d, mu, sd, buf, buf + 2 * Q_N * Q_N, &r) : vae_fail(VAE_ERR_NOMEM, "out of memory");
        free(buf);
    } else {
        enum { S = 1024 };
        float *z = malloc(sizeof(float) * S * (size_t)(Z + 1));
        VaeRng rng;
        rng_seed(&rng, 0x5eed); /* common random numbers: comparable across q's */
        if (!z)
            st = vae_fail(VAE_ERR_NOMEM, "out of memory");
        else {
            rng_normal_fill(&rng, z, (size_t)S * (size_t)Z);
            for (int i = 0; i < S * Z; i++) z[i] = mu[i % Z] + expf(0.5f * logvar[i % Z]) * z[i];
            float *ll = z + (size_t)S * (size_t)Z;
            st = decoder_loglik(&d, z, S, ll);
            for (int i = 0; i < S; i++) r += ll[i] / S;
        }
        free(z);
    }
    free(d.xrep);
    if (st != VAE_OK) return st;
    if (recon) *recon = r;
    *elbo = r - kl_to_prior(mu, logvar, Z);
    return VAE_OK;
}

VaeStatus eval_quadrature(const VaeModel *vae, VaeWork *work, const float *x, VaeQuadrature *out) {
    if (vae->cfg.latent_dim != 2)
        return vae_fail(VAE_ERR_ARG, "quadrature needs a 2-D latent (this model has %d)", vae->cfg.latent_dim);
    VaeStatus st = vae_encode(vae, work, x, 1, out->mu, out->logvar);
    if (st != VAE_OK) return st;
    float sd[2] = {expf(0.5f * out->logvar[0]), expf(0.5f * out->logvar[1])};
    Decoder d;
    if ((st = decoder_init(&d, vae, work, x)) != VAE_OK) return st;
    int gm = GLOBAL_N * GLOBAL_N, fm = FINE_N * FINE_N;
    float *buf = malloc(sizeof(float) * (size_t)(gm + (LEVELS - 1) * fm + 2 * fm));
    if (!buf) {
        free(d.xrep);
        return vae_fail(VAE_ERR_NOMEM, "out of memory for quadrature");
    }
    float *z = buf + gm + (LEVELS - 1) * fm, *lj = buf;
    st = integrate(&d, out->mu, sd, buf, z, &out->log_px);
    if (st == VAE_OK) st = expected_loglik(&d, out->mu, sd, z, lj, &out->recon);
    free(buf);
    free(d.xrep);
    if (st != VAE_OK) return st;
    out->kl = kl_to_prior(out->mu, out->logvar, 2);
    out->elbo = out->recon - out->kl;
    out->gap = out->log_px - out->elbo;
    if (!isfinite(out->log_px) || !isfinite(out->elbo))
        return vae_fail(VAE_ERR_NUMERIC, "quadrature gave a non-finite value");
    return VAE_OK;
}

/* ---- the posterior on a display grid ---- */

#define BLOCK POSTGRID_BLOCK

/* Decodes the n queued cells in batches and records log p(x|z) + log p(z). */
static VaeStatus decode_cells(Decoder *d, PostGrid *p, int n) {
    for (int i = 0; i < n; i++) {
        int k = p->cells[i];
        p->z[2 * i] = p->x0 + ((float)(k % p->g) + 0.5f) * p->hx;
        p->z[2 * i + 1] = p->y0 + ((float)(k / p->g) + 0.5f) * p->hy;
    }
    VaeStatus st = decoder_loglik(d, p->z, n, p->ll);
    for (int i = 0; i < n && st == VAE_OK; i++) {
        p->lj[p->cells[i]] = p->ll[i] + (float)log_normal_std(p->z + 2 * i, 2);
        p->known[p->cells[i]] = 1;
    }
    return st;
}

/* Decodes a sample cell in every block, then whole blocks wherever the posterior may
 * have mass, growing until no block near the mass is left. A cell left undecoded is
 * more than KEEP_NATS below the best (relative weight < 1e-13) and takes its block's
 * sample value. */
static VaeStatus adaptive_log_joint(Decoder *d, PostGrid *p, const double qbox[4]) {
    int m = p->g * p->g, n = p->nb * p->nb;
    for (int b = 0; b < n; b++) p->cells[b] = postgrid_sample_cell(p, b);
    VaeStatus st = decode_cells(d, p, n);
    float *want = p->ll; /* free between decodes; nb*nb <= g*g */
    while (st == VAE_OK && (n = postgrid_queue_wanted(p, qbox, want)) > 0) st = decode_cells(d, p, n);
    if (st != VAE_OK) return st;
    for (int k = 0; k < m; k++)
        if (!p->known[k]) p->lj[k] = p->lj[postgrid_sample_cell(p, postgrid_block_of(p, k))];
    return VAE_OK;
}

static VaeStatus posterior_grid(const VaeModel *vae, VaeWork *work, const float *x, const float box[4], int g,
                                int adaptive, float *grid) {
    if (vae->cfg.latent_dim != 2) return vae_fail(VAE_ERR_ARG, "the posterior grid needs a 2-D latent");
    if (g < 1 || g > 1024 || !(box[1] > box[0]) || !(box[3] > box[2]))
        return vae_fail(VAE_ERR_ARG, "bad posterior grid");
    size_t m = (size_t)g * (size_t)g;
    PostGrid p = {g,
                  (g + BLOCK - 1) / BLOCK,
                  box[0],
                  box[2],
                  (box[1] - box[0]) / g,
                  (box[3] - box[2]) / g,
                  grid,
                  NULL,
                  NULL,
                  NULL,
                  NULL,
                  NULL};
    adaptive = adaptive && g >= 4 * BLOCK;
    float mu[2], lv[2];
    VaeStatus st = adaptive ? vae_encode(vae, work, x, 1, mu, lv) : VAE_OK; /* q's box guides the search */
    if (st != VAE_OK) return st;
    Decoder d;
    if ((st = decoder_init(&d, vae, work, x)) != VAE_OK) return st;
    p.z = malloc(sizeof(float) * m * 3);
    p.cells = malloc(sizeof(int) * m);
    p.known = calloc(m + (size_t)p.nb * (size_t)p.nb, 1);
    if (!p.z || !p.cells || !p.known) {
        st = vae_fail(VAE_ERR_NOMEM, "out of memory for the posterior grid");
    } else {
        p.ll = p.z + m * 2;
        p.done = p.known + m;
        if (adaptive) {
            double s0 = exp(0.5 * lv[0]), s1 = exp(0.5 * lv[1]);
            double qbox[4] = {mu[0] - 4.0 * s0, mu[0] + 4.0 * s0, mu[1] - 4.0 * s1, mu[1] + 4.0 * s1};
            st = adaptive_log_joint(&d, &p, qbox);
        } else {
            for (size_t k = 0; k < m; k++) p.cells[k] = (int)k;
            st = decode_cells(&d, &p, (int)m);
        }
    }
    if (st == VAE_OK) {
        float best = -INFINITY;
        for (size_t i = 0; i < m; i++) best = grid[i] > best ? grid[i] : best;
        double sum = 0.0;
        for (size_t i = 0; i < m; i++) sum += (grid[i] = expf(grid[i] - best));
        for (size_t i = 0; i < m; i++) grid[i] = (float)(grid[i] / sum);
    }
    free(p.z), free(p.cells), free(p.known);
    free(d.xrep);
    return st;
}

VaeStatus eval_posterior_grid(const VaeModel *vae, VaeWork *work, const float *x, float x0, float x1, float y0,
                              float y1, int g, float *grid) {
    const float box[4] = {x0, x1, y0, y1};
    return posterior_grid(vae, work, x, box, g, 1, grid);
}

VaeStatus eval_posterior_grid_exhaustive(const VaeModel *vae, VaeWork *work, const float *x, float x0, float x1,
                                         float y0, float y1, int g, float *grid) {
    const float box[4] = {x0, x1, y0, y1};
    return posterior_grid(vae, work, x, box, g, 0, grid);
}
