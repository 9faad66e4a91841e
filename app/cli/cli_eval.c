/* cli_eval.c - `vae-explorer eval`: test ELBO and its terms, importance-weighted
 * log p(x), and for a 2-D latent log p(x) by quadrature and the gap
 * KL(q(z|x) || p(z|x)), printed as key=value on one line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "cli.h"
#include "eval.h"

#define CMD "eval"

static const char *usage =
    "usage: vae-explorer eval --model FILE [--data DIR|mnist|fashion] [--iw K] [--limit N] [--threads T]\n"
    "  --iw K      importance samples per example for log p(x) (default 1000)\n"
    "  --limit N   examples for log p(x) (IWAE and quadrature; default 1000); the test ELBO\n"
    "              uses the whole test set\n";

typedef struct {
    const char *model, *data;
    int iw, limit, threads;
} EvalArgs;

static int parse(EvalArgs *a, int argc, char **argv) {
    *a = (EvalArgs){NULL, "mnist", 1000, 1000, 0};
    for (int i = 1; i < argc; i += 2) {
        const char *f = argv[i];
        if (strcmp(f, "--help") == 0 || strcmp(f, "-h") == 0) return fputs(usage, stdout), -1;
        if (cli_need_value(CMD, argc, argv, i)) return 2;
        const char *v = argv[i + 1];
        int rc = 0;
        if (strcmp(f, "--model") == 0)
            a->model = v;
        else if (strcmp(f, "--data") == 0)
            a->data = v;
        else if (strcmp(f, "--iw") == 0)
            rc = cli_parse_int(CMD, f, v, 1, 10000000, &a->iw);
        else if (strcmp(f, "--limit") == 0)
            rc = cli_parse_int(CMD, f, v, 1, 100000000, &a->limit);
        else if (strcmp(f, "--threads") == 0)
            rc = cli_parse_int(CMD, f, v, 1, 256, &a->threads);
        else
            rc = cli_usage_error(CMD, "unknown option '%s'", f);
        if (rc) return rc;
    }
    if (!a->model) return cli_usage_error(CMD, "--model FILE is required");
    return 0;
}

typedef struct {
    double iw, quad, gap;
} PerExample;

static int log_px_means(Vae *vae, const VaeDataset *ds, const EvalArgs *a, VaeBinarize bin, PerExample *out) {
    int n = a->limit < ds->count ? a->limit : ds->count, D = ds->dim;
    float *x = malloc(sizeof(float) * (size_t)D);
    VaeRng rng, noise;
    rng_seed(&rng, 2024);
    rng_seed(&noise, 99);
    memset(out, 0, sizeof *out);
    for (int i = 0; i < n; i++) {
        double lp;
        data_fill_batch(ds, &i, 1, bin, &noise, x);
        if (eval_log_px_iw(vae, x, a->iw, &rng, &lp) != VAE_OK) return free(x), 1;
        out->iw += lp / n;
        if (vae->cfg.latent_dim == 2) {
            VaeQuadrature q;
            if (eval_quadrature(vae, x, &q) != VAE_OK) return free(x), 1;
            out->quad += q.log_px / n;
            out->gap += q.gap / n;
        }
    }
    free(x);
    return 0;
}

int cli_eval(int argc, char **argv) {
    EvalArgs a;
    int rc = parse(&a, argc, argv);
    if (rc) return rc < 0 ? 0 : rc;
    cli_set_threads(a.threads);
    Vae *vae;
    VaeTrainState st;
    if (checkpoint_load(a.model, &vae, &st) != VAE_OK) {
        fprintf(stderr, "vae-explorer eval: %s\n", vae_last_error());
        return 1;
    }
    VaeDataset test = {0};
    rc = cli_load_split(CMD, a.data, 0, &test);
    if (!rc && test.dim != vae->cfg.input_dim) {
        fprintf(stderr, "vae-explorer eval: the data has %d pixels but the model expects %d\n", test.dim,
                vae->cfg.input_dim);
        rc = 1;
    }
    if (!rc && st.binarize == VAE_BINARIZE_STATIC) data_binarize_static(&test, 54321);
    VaeLoss l;
    PerExample px;
    if (!rc &&
        (eval_elbo(vae, &test, st.binarize, 0, 777, &l) != VAE_OK || log_px_means(vae, &test, &a, st.binarize, &px))) {
        fprintf(stderr, "vae-explorer eval: %s\n", vae_last_error());
        rc = 1;
    }
    if (!rc) {
        printf("test_elbo=%.4f test_recon=%.4f test_kl=%.4f log_px_iw=%.4f", l.elbo, l.recon, l.kl, px.iw);
        if (vae->cfg.latent_dim == 2) printf(" log_px_quad=%.4f gap=%.4f", px.quad, px.gap);
        printf(" binarize=%s examples=%d iw=%d\n", data_binarize_name(st.binarize),
               a.limit < test.count ? a.limit : test.count, a.iw);
    }
    data_free(&test);
    vae_free(vae);
    return rc;
}
