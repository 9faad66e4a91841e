/* eval_progressive.c - the staged, two-thread posterior grid (see eval_progressive.h).
 *
 * Owns: the order in which the adaptive grid's cells are decoded and the split of each
 * batch into two halves. The rule deciding which cells are decoded is eval.c's: both use
 * postgrid.c's block bookkeeping.
 * Must not: print; it allocates only its own scratch and starts no thread. */
#include "eval_progressive.h"
#include "postgrid.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LOG_2PI 1.8378770664093453
#define BLOCK POSTGRID_BLOCK
#define CHUNK 512 /* cells per decoder batch within a half */

/* One half of a batch of cells: decoded on its own thread (or after the other half). */
typedef struct {
    const VaeModel *vae;
    VaeWork *work;
    float *xrep, *logits; /* (CHUNK, D) x repeated; (CHUNK, D) */
    const float *z;       /* (n, 2) */
    float *ll;            /* (n) */
    int n;
    VaeStatus st;
} Half;

typedef struct {
    PostGrid grid; /* its lj is the output grid */
    float *show;   /* (g*g) the grid handed to on_stage */
    Half half[2];
    VaeHelper *helper; /* NULL: one thread runs both halves */
} Prog;

static void half_run(void *arg) {
    Half *h = arg;
    h->st = VAE_OK;
    for (int at = 0; at < h->n && h->st == VAE_OK; at += CHUNK) {
        int b = h->n - at < CHUNK ? h->n - at : CHUNK;
        h->st = vae_decode_logits(h->vae, h->work, h->z + (size_t)at * 2, b, h->logits);
        if (h->st == VAE_OK) vae_log_likelihood(h->vae, h->xrep, h->logits, b, h->ll + at);
    }
}

static double log_normal_std2(const float *z) {
    return -0.5 * (LOG_2PI + (double)z[0] * z[0]) - 0.5 * (LOG_2PI + (double)z[1] * z[1]);
}

/* Decodes cells[from .. from + n) and records log p(x|z) + log p(z). The first half of
 * the cells goes to half 0, the rest to half 1, each in CHUNK-sized batches. */
static VaeStatus decode_cells(Prog *p, int from, int n) {
    const int *cells = p->grid.cells + from;
    float *z = p->grid.z + (size_t)from * 2, *ll = p->grid.ll + from;
    for (int i = 0; i < n; i++) {
        z[2 * i] = p->grid.x0 + ((float)(cells[i] % p->grid.g) + 0.5f) * p->grid.hx;
        z[2 * i + 1] = p->grid.y0 + ((float)(cells[i] / p->grid.g) + 0.5f) * p->grid.hy;
    }
    int n0 = (n + 1) / 2;
    p->half[0].z = z, p->half[0].ll = ll, p->half[0].n = n0;
    p->half[1].z = z + (size_t)n0 * 2, p->half[1].ll = ll + n0, p->half[1].n = n - n0;
    if (p->helper && p->half[1].n > 0) {
        helper_run(p->helper, half_run, &p->half[1]);
        half_run(&p->half[0]);
        helper_wait(p->helper);
    } else {
        half_run(&p->half[0]);
        half_run(&p->half[1]);
    }
    VaeStatus st = p->half[0].st;
    if (st == VAE_OK && p->half[1].st != VAE_OK) /* its message is in the other thread's error slot */
        st = p->helper ? vae_fail(p->half[1].st, "decoding on the second thread failed") : p->half[1].st;
    for (int i = 0; i < n && st == VAE_OK; i++) {
        p->grid.lj[cells[i]] = ll[i] + (float)log_normal_std2(z + 2 * i);
        p->grid.known[cells[i]] = 1;
    }
    return st;
}

/* The cell that samples cell k's 2 x 2 sub-block. */
static int sub_sample(const Prog *p, int k) {
    return postgrid_tile_sample(&p->grid, (k / p->grid.g) & ~1, (k % p->grid.g) & ~1, 2);
}

/* exp(v - max) normalised to sum 1, in place (as eval.c's final step). */
static void normalise(float *v, size_t m) {
    float best = -INFINITY;
    for (size_t i = 0; i < m; i++) best = v[i] > best ? v[i] : best;
    double sum = 0.0;
    for (size_t i = 0; i < m; i++) sum += (v[i] = expf(v[i] - best));
    for (size_t i = 0; i < m; i++) v[i] = (float)(v[i] / sum);
}

/* Hands on_stage the grid at tile size g / n: each cell takes its 2 x 2 sub-block's
 * sample when that is known (n = g / 2), else its block's sample. */
static void stage(Prog *p, const EvalGridRun *run, int n) {
    if (!run->on_stage) return;
    int m = p->grid.g * p->grid.g;
    for (int k = 0; k < m; k++) {
        int s = n == p->grid.g / 2 ? sub_sample(p, k) : -1;
        p->show[k] =
            p->grid.lj[s >= 0 && p->grid.known[s] ? s : postgrid_sample_cell(&p->grid, postgrid_block_of(&p->grid, k))];
    }
    normalise(p->show, (size_t)m);
    run->on_stage(run->ctx, n, p->show);
}

/* Moves the queued cells in [0, n) that sample a 2 x 2 sub-block to the front (keeping
 * their order, and the others'); returns how many there are. tmp holds n ints. */
static int sub_samples_first(Prog *p, int n, int *tmp) {
    int a = 0, b = 0;
    for (int i = 0; i < n; i++)
        if (sub_sample(p, p->grid.cells[i]) == p->grid.cells[i])
            p->grid.cells[a++] = p->grid.cells[i];
        else
            tmp[b++] = p->grid.cells[i];
    memcpy(p->grid.cells + a, tmp, sizeof(int) * (size_t)b);
    return a;
}

static VaeStatus adaptive(Prog *p, const EvalGridRun *run, const double qbox[4], int *tmp) {
    int m = p->grid.g * p->grid.g, n = p->grid.nb * p->grid.nb;
    for (int b = 0; b < n; b++) p->grid.cells[b] = postgrid_sample_cell(&p->grid, b);
    VaeStatus st = decode_cells(p, 0, n);
    if (st != VAE_OK) return st;
    stage(p, run, p->grid.nb);
    float *want = p->show; /* scratch between stages; nb*nb <= g*g */
    for (int round = 0; st == VAE_OK && (n = postgrid_queue_wanted(&p->grid, qbox, want)) > 0; round++) {
        if (round == 0) {
            int s = sub_samples_first(p, n, tmp);
            st = decode_cells(p, 0, s);
            if (st == VAE_OK) stage(p, run, p->grid.g / 2);
            if (st == VAE_OK) st = decode_cells(p, s, n - s);
        } else {
            st = decode_cells(p, 0, n);
        }
    }
    if (st != VAE_OK) return st;
    for (int k = 0; k < m; k++)
        if (!p->grid.known[k])
            p->grid.lj[k] = p->grid.lj[postgrid_sample_cell(&p->grid, postgrid_block_of(&p->grid, k))];
    return VAE_OK;
}

VaeStatus eval_posterior_grid_progressive(const EvalGridRun *run, const float *x, float x0, float x1, float y0,
                                          float y1, int g, float *grid) {
    const VaeModel *vae = run ? run->vae : NULL;
    if (!vae || !run->work || !x || !grid) return vae_fail(VAE_ERR_ARG, "no model or image for the posterior grid");
    if (vae->cfg.latent_dim != 2) return vae_fail(VAE_ERR_ARG, "the posterior grid needs a 2-D latent");
    if (g < 1 || g > 1024 || !(x1 > x0) || !(y1 > y0)) return vae_fail(VAE_ERR_ARG, "bad posterior grid");
    int two = run->work2 && run->helper;
    size_t m = (size_t)g * (size_t)g, D = (size_t)vae->cfg.input_dim;
    Prog p = {.grid = {.g = g,
                       .nb = (g + BLOCK - 1) / BLOCK,
                       .x0 = x0,
                       .y0 = y0,
                       .hx = (x1 - x0) / g,
                       .hy = (y1 - y0) / g,
                       .lj = grid},
              .helper = two ? run->helper : NULL};
    int adapt = g >= 4 * BLOCK;
    float mu[2], lv[2];
    VaeStatus st = adapt ? vae_encode(vae, run->work, x, 1, mu, lv) : VAE_OK; /* q's box guides the search */
    if (st != VAE_OK) return st;
    p.grid.z = malloc(sizeof(float) * m * 4);
    p.grid.cells = malloc(sizeof(int) * m * 2);
    p.grid.known = calloc(m + (size_t)p.grid.nb * (size_t)p.grid.nb, 1);
    float *dec = malloc(sizeof(float) * CHUNK * D * 4);
    if (!p.grid.z || !p.grid.cells || !p.grid.known || !dec) {
        st = vae_fail(VAE_ERR_NOMEM, "out of memory for the posterior grid");
    } else {
        p.grid.ll = p.grid.z + m * 2;
        p.show = p.grid.ll + m;
        p.grid.done = p.grid.known + m;
        for (int h = 0; h < 2; h++) {
            p.half[h].vae = vae; /* both threads read the one model */
            p.half[h].work = h && two ? run->work2 : run->work;
            p.half[h].xrep = dec + (size_t)h * CHUNK * D * 2;
            p.half[h].logits = p.half[h].xrep + CHUNK * D;
            for (int i = 0; i < CHUNK; i++) memcpy(p.half[h].xrep + (size_t)i * D, x, sizeof(float) * D);
        }
        if (adapt) {
            double s0 = exp(0.5 * lv[0]), s1 = exp(0.5 * lv[1]);
            double qbox[4] = {mu[0] - 4.0 * s0, mu[0] + 4.0 * s0, mu[1] - 4.0 * s1, mu[1] + 4.0 * s1};
            st = adaptive(&p, run, qbox, p.grid.cells + m);
        } else {
            for (size_t k = 0; k < m; k++) p.grid.cells[k] = (int)k;
            st = decode_cells(&p, 0, (int)m);
        }
    }
    if (st == VAE_OK) normalise(grid, m);
    free(p.grid.z), free(p.grid.cells), free(p.grid.known), free(dec);
    return st;
}
