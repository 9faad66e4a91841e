/* teach.h - the computations behind the teaching views (issue: "make every term of
 * log p(x) = ELBO + KL(q(z|x) || p(z|x)) visible"): the amortisation gap, the
 * aggregate posterior, and the naive vs importance-sampled estimators of p(x).
 * Must not: print or touch SDL; the GUI's worker calls these on its own schedule. */
#ifndef VAE_TEACH_H
#define VAE_TEACH_H

#include "vae.h"

typedef struct {
    float enc_mu[VAE_MAX_LATENT], enc_logvar[VAE_MAX_LATENT];
    float opt_mu[VAE_MAX_LATENT], opt_logvar[VAE_MAX_LATENT];
    double enc_elbo; /* ELBO of the encoder's q(z|x) */
    double opt_elbo; /* ELBO of the per-image optimised q; never below enc_elbo */
} TeachAmortisation;

/* Optimises this image's own mu and log-variance by Adam on the ELBO (32 fresh
 * reparameterised samples a step, `steps` steps), starting from the encoder's. Both
 * ELBOs are then measured with eval_elbo_of_q; the optimised q is kept only if it is
 * better. Reads the model, uses (and overwrites) the caller's workspace. */
VaeStatus teach_amortisation(const VaeModel *vae, VaeWork *work, const float *x, int steps, uint64_t seed,
                             TeachAmortisation *out);

/* Density of the aggregate posterior (1/n) sum_i q(z|x_i) on a g x g grid over
 * [x0, x1] x [y0, y1] (cell centres, row 0 at y0), for latent dims d0 and d1. */
void teach_aggregate_density(const float *mu, const float *logvar, int n, int z_dim, int d0, int d1, float x0, float x1,
                             float y0, float y1, int g, float *grid);

typedef struct {
    int n;                       /* samples per estimate */
    double naive_mean, naive_sd; /* over repeats, of log (1/N) sum p(x|z_i), z_i ~ p(z) */
    double iw_mean, iw_sd;       /* the same with z_i ~ q(z|x), importance-weighted */
    double naive_pooled;         /* log of the mean of p(x) estimates over all repeats */
} TeachEstimate;

/* For each N in ns[0..count): `repeats` naive and IWAE estimates of log p(x). */
VaeStatus teach_estimator_series(const VaeModel *vae, VaeWork *work, const float *x, const int *ns, int count,
                                 int repeats, uint64_t seed, TeachEstimate *out);

#endif
