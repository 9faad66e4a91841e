/* rng.h - a small, seedable, reproducible random number generator (xoshiro256**).
 *
 * Owns: uniform and standard-normal draws, shuffles. The state is four words, so it
 * can be saved in a checkpoint and training resumes bit-exactly.
 * Must not: use global state; every caller owns its VaeRng. */
#ifndef VAE_RNG_H
#define VAE_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t s[4];
} VaeRng;

void rng_seed(VaeRng *rng, uint64_t seed);
uint64_t rng_next(VaeRng *rng);
/* Uniform in [0, 1). */
double rng_uniform(VaeRng *rng);
/* Uniform integer in [0, n). */
uint32_t rng_below(VaeRng *rng, uint32_t n);
/* n standard-normal floats. */
void rng_normal_fill(VaeRng *rng, float *out, size_t n);
/* Fisher-Yates shuffle of n ints. */
void rng_shuffle(VaeRng *rng, int *items, int n);

#endif
