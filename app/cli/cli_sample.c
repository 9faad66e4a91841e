/* cli_sample.c - `vae-explorer sample`: the N x N manifold of decoded digits over the
 * Gaussian quantiles of a 2-D latent (Kingma & Welling, Figure 4), or N digits drawn
 * from the prior, written as one PNG (white ink on black, like MNIST). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "cli.h"
#include "png_write.h"
#include "rng.h"

#define CMD "sample"

static const char *usage =
    "usage: vae-explorer sample --model FILE (--grid N | --prior N) --out FILE.png [--seed S]\n"
    "  --grid N    N x N manifold over the Gaussian quantiles (2-D latent; others: first two dims)\n"
    "  --prior N   N digits from z ~ N(0, I), in a square grid\n";

/* Inverse of the standard normal CDF (Acklam's rational approximation, |err| < 1.2e-9). */
static double normal_quantile(double p) {
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    if (p < 0.02425) {
        double q = sqrt(-2 * log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - 0.02425) return -normal_quantile(1 - p);
    double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/* Fills z (n*n, Z): column c -> z0 quantile, row r (top = high) -> z1 quantile. */
static void manifold_latents(int n, int Z, float *z) {
    memset(z, 0, sizeof(float) * (size_t)n * (size_t)n * (size_t)Z);
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++) {
            float *zi = z + (size_t)(r * n + c) * (size_t)Z;
            zi[0] = (float)normal_quantile((c + 0.5) / n);
            if (Z > 1) zi[1] = (float)normal_quantile(1.0 - (r + 0.5) / n);
        }
}

static void tile(const float *probs, int count, int cols, unsigned char *img) {
    int w = cols * 28;
    for (int i = 0; i < count; i++)
        for (int p = 0; p < 784; p++) {
            int y = (i / cols) * 28 + p / 28, x = (i % cols) * 28 + p % 28;
            img[y * w + x] = (unsigned char)lrintf(probs[(size_t)i * 784 + (size_t)p] * 255.0f);
        }
}

int cli_sample(int argc, char **argv) {
    const char *model = NULL, *out = NULL;
    int grid = 0, prior = 0, rc = 0;
    uint64_t seed = 1;
    for (int i = 1; i < argc && !rc; i += 2) {
        const char *f = argv[i];
        if (strcmp(f, "--help") == 0 || strcmp(f, "-h") == 0) return fputs(usage, stdout), 0;
        if ((rc = cli_need_value(CMD, argc, argv, i))) break;
        const char *v = argv[i + 1];
        if (strcmp(f, "--model") == 0)
            model = v;
        else if (strcmp(f, "--out") == 0)
            out = v;
        else if (strcmp(f, "--grid") == 0)
            rc = cli_parse_int(CMD, f, v, 1, 100, &grid);
        else if (strcmp(f, "--prior") == 0)
            rc = cli_parse_int(CMD, f, v, 1, 10000, &prior);
        else if (strcmp(f, "--seed") == 0)
            rc = cli_parse_u64(CMD, f, v, &seed);
        else
            rc = cli_usage_error(CMD, "unknown option '%s'", f);
    }
    if (rc) return rc;
    if (!model || !out || (grid > 0) == (prior > 0))
        return cli_usage_error(CMD, "needs --model, --out and one of --grid N or --prior N");
    Vae *vae;
    if (checkpoint_load(model, &vae, NULL) != VAE_OK)
        return fprintf(stderr, "vae-explorer sample: %s\n", vae_last_error()), 1;
    if (vae->model.cfg.input_dim != 784) {
        vae_free(vae);
        return fprintf(stderr, "vae-explorer sample: the model's images are not 28x28\n"), 1;
    }
    int count = grid ? grid * grid : prior, cols = grid ? grid : (int)ceil(sqrt(prior)),
        rows = (count + cols - 1) / cols;
    int Z = vae->model.cfg.latent_dim;
    float *z = malloc(sizeof(float) * (size_t)count * (size_t)(Z + 784));
    unsigned char *img = calloc((size_t)rows * 28 * (size_t)cols * 28, 1);
    float *probs = z + (size_t)count * (size_t)Z;
    if (grid)
        manifold_latents(grid, Z, z);
    else {
        VaeRng rng;
        rng_seed(&rng, seed);
        rng_normal_fill(&rng, z, (size_t)count * (size_t)Z);
    }
    if (vae_decode(&vae->model, vae->work, z, count, probs) != VAE_OK)
        rc = 1;
    else {
        tile(probs, count, cols, img);
        if (png_write(out, cols * 28, rows * 28, 1, img) != 0)
            rc = 1;
        else
            printf("wrote %s (%d digits, %dx%d pixels)\n", out, count, cols * 28, rows * 28);
    }
    if (rc) fprintf(stderr, "vae-explorer sample: %s\n", vae_last_error());
    free(z);
    free(img);
    vae_free(vae);
    return rc;
}
