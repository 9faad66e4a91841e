/* eval.h - evaluation of a trained VAE: test ELBO, importance-weighted log p(x), and
 * for a 2-D latent the exact posterior on a grid and log p(x) by quadrature.
 *
 * Owns: log p(x) = ELBO + KL(q(z|x) || p(z|x)) made computable. The gap is computed on
 * the same grid as log p(x), so it is >= 0 up to quadrature error.
 * Every function reads the model through a const pointer and runs it in the caller's
 * workspace (vae.h), so threads sharing one model each pass their own.
 * Must not: print; allocates only its own scratch. */
#ifndef VAE_EVAL_H
#define VAE_EVAL_H

#include "data.h"
#include "rng.h"
#include "vae.h"

/* Mean test ELBO terms over the first `limit` examples (0 = all), one sample each. */
VaeStatus eval_elbo(const VaeModel *vae, VaeWork *work, const VaeDataset *ds, VaeBinarize mode, int limit,
                    uint64_t seed, VaeLoss *out);

/* log p(x) ~= log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x), z_k ~ q(z|x). One example x (D). */
VaeStatus eval_log_px_iw(const VaeModel *vae, VaeWork *work, const float *x, int k, VaeRng *rng, double *log_px);
/* The naive estimator: log (1/K) sum_k p(x|z_k), z_k ~ p(z) = N(0, I). */
VaeStatus eval_log_px_prior(const VaeModel *vae, VaeWork *work, const float *x, int k, VaeRng *rng, double *log_px);

typedef struct {
    double log_px; /* log p(x) by quadrature */
    double elbo;   /* E_q[log p(x|z)] - KL(q||p(z)), the expectation also by quadrature */
    double recon;  /* E_q[log p(x|z)] */
    double kl;     /* KL(q(z|x) || p(z)), closed form */
    double gap;    /* KL(q(z|x) || p(z|x)) = log_px - elbo */
    float mu[2], logvar[2];
} VaeQuadrature;

/* The ELBO of an arbitrary Gaussian q = N(mu, exp(logvar)) for x: E_q[log p(x|z)]
 * by quadrature on q's +-6 sigma box when Z = 2, else by 1024 fixed-seed samples
 * (common random numbers, so two q's compare fairly), minus the closed-form KL. */
VaeStatus eval_elbo_of_q(const VaeModel *vae, VaeWork *work, const float *x, const float *mu, const float *logvar,
                         double *elbo, double *recon);

/* Z must be 2. Integrates p(x|z) p(z) on a global grid over [-6, 6]^2 refined around
 * the posterior's mass. */
VaeStatus eval_quadrature(const VaeModel *vae, VaeWork *work, const float *x, VaeQuadrature *out);

/* The normalised true posterior p(z|x) on a g x g grid over [x0, x1] x [y0, y1] (cell
 * centres, row-major with row 0 at y0). Sums to 1 over the grid. Z must be 2.
 * Adaptive: it decodes one cell in every 4 x 4 block, then every cell of the blocks
 * within 30 nats of the best one (and of q(z|x)'s +-4 sigma box) and their neighbours,
 * growing until no such block is left; a cell it skips is > 30 nats below the peak and
 * takes its block's sample value (weight < 1e-13 of the peak's). */
VaeStatus eval_posterior_grid(const VaeModel *vae, VaeWork *work, const float *x, float x0, float x1, float y0,
                              float y1, int g, float *grid);
/* The same with every cell decoded: the reference the adaptive grid is tested against. */
VaeStatus eval_posterior_grid_exhaustive(const VaeModel *vae, VaeWork *work, const float *x, float x0, float x1,
                                         float y0, float y1, int g, float *grid);

#endif
