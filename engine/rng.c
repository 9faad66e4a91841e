/* rng.c - xoshiro256** seeded through splitmix64; Box-Muller normals (see rng.h). */
#include "rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void rng_seed(VaeRng *rng, uint64_t seed) {
    for (int i = 0; i < 4; i++) rng->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_next(VaeRng *rng) {
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rng_uniform(VaeRng *rng) { return (double)(rng_next(rng) >> 11) * 0x1.0p-53; }

uint32_t rng_below(VaeRng *rng, uint32_t n) { return (uint32_t)(((rng_next(rng) >> 32) * (uint64_t)n) >> 32); }

void rng_normal_fill(VaeRng *rng, float *out, size_t n) {
    const double two_pi = 6.283185307179586;
    size_t i = 0;
    for (; i + 1 < n; i += 2) {
        double u1 = 1.0 - rng_uniform(rng); /* (0, 1] */
        double u2 = rng_uniform(rng);
        double r = sqrt(-2.0 * log(u1));
        out[i] = (float)(r * cos(two_pi * u2));
        out[i + 1] = (float)(r * sin(two_pi * u2));
    }
    if (i < n) {
        double u1 = 1.0 - rng_uniform(rng);
        out[i] = (float)(sqrt(-2.0 * log(u1)) * cos(two_pi * rng_uniform(rng)));
    }
}

void rng_shuffle(VaeRng *rng, int *items, int n) {
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_below(rng, (uint32_t)(i + 1));
        int t = items[i];
        items[i] = items[j];
        items[j] = t;
    }
}
