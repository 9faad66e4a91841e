/* cli_eval.c - `vae-explorer eval`: the ELBO and its terms, importance-weighted
 * log p(x), and for a 2-D latent log p(x) by quadrature and the gap
 * KL(q(z|x) || p(z|x)), each the mean over the same first N test examples, printed as
 * key=value on one line; with --per-example, the same figures for every example in a
 * CSV (written atomically) so a teacher can find the digits whose q misses.
 *
 * Owns: the eval subcommand's arguments, per-example loop and output. Must not: change
 * the model or the data; keep a second definition of any figure (the engine's eval.h
 * computes them, this file only averages and prints). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "cli.h"
#include "eval.h"

#define CMD "eval"

static const char *usage =
    "usage: vae-explorer eval --model FILE [--data DIR|mnist|fashion] [--iw K] [--limit N] [--threads T]\n"
    "                         [--per-example FILE.csv]\n"
    "  Every figure is the mean over the same first N test examples (each binarized once, as\n"
    "  the model was trained): test_elbo, test_recon, test_kl (the ELBO's expectation over q:\n"
    "  by quadrature for a 2-D latent, else 1024 fixed-seed samples), log_px_iw and, for a 2-D\n"
    "  latent, log_px_quad and gap = log_px_quad - test_elbo = KL(q(z|x) || p(z|x)).\n"
    "  --iw K                   importance samples per example for log_px_iw (default 1000)\n"
    "  --limit N                the first N test examples (default 1000; more than the test\n"
    "                           set means all of it)\n"
    "  --per-example FILE.csv   one row per example: index,label,elbo,log_px_iw,log_px_quad,gap\n"
    "                           (log_px_quad and gap empty unless the latent is 2-D), written\n"
    "                           atomically; sort by gap to find the digits whose q misses\n";

typedef struct {
    const char *model, *data, *per_example;
    int iw, limit, threads;
} EvalArgs;

static int parse(EvalArgs *a, int argc, char **argv) {
    *a = (EvalArgs){NULL, "mnist", NULL, 1000, 1000, 0};
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
        else if (strcmp(f, "--per-example") == 0)
            a->per_example = v;
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
    if (a->per_example && !*a->per_example) return cli_usage_error(CMD, "--per-example needs a file name");
    return 0;
}

/* One example's figures; quad and gap only for a 2-D latent. */
typedef struct {
    double elbo, recon, kl, iw, quad, gap;
} ExampleFigures;

/* Every figure of example i (already filled into x): the ELBO terms from the same q the
 * gap uses, so that gap = log_px_quad - elbo holds row by row. */
static VaeStatus example_figures(Vae *vae, const float *x, int iw, VaeRng *rng, float *mu, float *logvar,
                                 ExampleFigures *out) {
    VaeStatus st = eval_log_px_iw(&vae->model, vae->work, x, iw, rng, &out->iw);
    if (st != VAE_OK) return st;
    if (vae->model.cfg.latent_dim == 2) {
        VaeQuadrature q;
        if ((st = eval_quadrature(&vae->model, vae->work, x, &q)) != VAE_OK) return st;
        out->elbo = q.elbo, out->recon = q.recon, out->kl = q.kl, out->quad = q.log_px, out->gap = q.gap;
        return VAE_OK;
    }
    if ((st = vae_encode(&vae->model, vae->work, x, 1, mu, logvar)) != VAE_OK) return st;
    if ((st = eval_elbo_of_q(&vae->model, vae->work, x, mu, logvar, &out->elbo, &out->recon)) != VAE_OK) return st;
    out->kl = out->recon - out->elbo;
    out->quad = out->gap = NAN;
    return VAE_OK;
}

/* The per-example CSV, written to FILE.tmp and renamed over FILE once complete and
 * synced, so a reader never sees half a file. Opened before the work starts, so a
 * folder that cannot be written fails in seconds, not after the evaluation. */
typedef struct {
    FILE *f;
    char *tmp;
    const char *path;
} CsvOut;

static int csv_open(CsvOut *c, const char *path) {
    size_t n = strlen(path) + 5;
    c->path = path;
    c->tmp = malloc(n);
    if (!c->tmp) return fprintf(stderr, "vae-explorer eval: out of memory\n"), 1;
    snprintf(c->tmp, n, "%s.tmp", path);
    c->f = fopen(c->tmp, "w");
    if (!c->f) {
        fprintf(stderr, "vae-explorer eval: cannot write %s: %s\n", path, strerror(errno));
        free(c->tmp), c->tmp = NULL;
        return 1;
    }
    fputs("index,label,elbo,log_px_iw,log_px_quad,gap\n", c->f);
    return 0;
}

static void csv_row(CsvOut *c, int index, int label, const ExampleFigures *e) {
    if (label >= 0)
        fprintf(c->f, "%d,%d,%.6f,%.6f", index, label, e->elbo, e->iw);
    else
        fprintf(c->f, "%d,,%.6f,%.6f", index, e->elbo, e->iw);
    if (isnan(e->quad))
        fputs(",,\n", c->f);
    else
        fprintf(c->f, ",%.6f,%.6f\n", e->quad, e->gap);
}

/* Closes the file; with ok, syncs it and renames it into place (then syncs the folder),
 * else removes it. Returns 0 or 1 with a one-line error printed. */
static int csv_close(CsvOut *c, int ok) {
    if (!c->f) return 0;
    int rc = 0;
    if (ok && (fflush(c->f) != 0 || ferror(c->f) || fsync(fileno(c->f)) != 0)) {
        fprintf(stderr, "vae-explorer eval: cannot write %s: %s\n", c->tmp, strerror(errno));
        rc = 1;
    }
    if (fclose(c->f) != 0 && ok && !rc) {
        fprintf(stderr, "vae-explorer eval: cannot write %s: %s\n", c->tmp, strerror(errno));
        rc = 1;
    }
    c->f = NULL;
    if (ok && !rc && rename(c->tmp, c->path) != 0) {
        fprintf(stderr, "vae-explorer eval: cannot rename %s to %s: %s\n", c->tmp, c->path, strerror(errno));
        rc = 1;
    }
    if (!ok || rc) {
        remove(c->tmp);
    } else {
        /* the rename itself survives a crash once its folder is synced */
        char *dir = strdup(c->path);
        if (dir) {
            char *slash = strrchr(dir, '/');
            if (!slash)
                strcpy(dir, "."); /* fits: the path has at least one character */
            else
                slash[slash == dir] = '\0'; /* "/name" keeps "/" */
            int fd = open(dir, O_RDONLY);
            if (fd >= 0) fsync(fd), close(fd);
            free(dir);
        }
    }
    free(c->tmp), c->tmp = NULL;
    return rc;
}

/* The means over the first n examples, and each example's row when csv is open. */
static int evaluate(Vae *vae, const VaeDataset *ds, const EvalArgs *a, VaeBinarize bin, CsvOut *csv,
                    ExampleFigures *mean) {
    int n = a->limit < ds->count ? a->limit : ds->count, D = ds->dim, Z = vae->model.cfg.latent_dim;
    float *x = malloc(sizeof(float) * (size_t)(D + 2 * Z));
    if (!x) return fprintf(stderr, "vae-explorer eval: out of memory\n"), 1;
    VaeRng rng, noise;
    rng_seed(&rng, 2024);
    rng_seed(&noise, 99);
    *mean = (ExampleFigures){0};
    for (int i = 0; i < n; i++) {
        ExampleFigures e;
        data_fill_batch(ds, &i, 1, bin, &noise, x);
        if (example_figures(vae, x, a->iw, &rng, x + D, x + D + Z, &e) != VAE_OK) {
            fprintf(stderr, "vae-explorer eval: example %d: %s\n", i, vae_last_error());
            return free(x), 1;
        }
        mean->elbo += e.elbo / n, mean->recon += e.recon / n, mean->kl += e.kl / n, mean->iw += e.iw / n;
        mean->quad += e.quad / n, mean->gap += e.gap / n;
        if (csv->f) csv_row(csv, i, ds->labels ? ds->labels[i] : -1, &e);
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
    if (!rc && test.dim != vae->model.cfg.input_dim) {
        fprintf(stderr, "vae-explorer eval: the data has %d pixels but the model expects %d\n", test.dim,
                vae->model.cfg.input_dim);
        rc = 1;
    }
    if (!rc && st.binarize == VAE_BINARIZE_STATIC) data_binarize_static(&test, 54321);
    CsvOut csv = {0};
    if (!rc && a.per_example) rc = csv_open(&csv, a.per_example);
    ExampleFigures m = {0};
    if (!rc) rc = evaluate(vae, &test, &a, st.binarize, &csv, &m);
    if (csv_close(&csv, !rc)) rc = 1;
    if (!rc) {
        printf("test_elbo=%.4f test_recon=%.4f test_kl=%.4f log_px_iw=%.4f", m.elbo, m.recon, m.kl, m.iw);
        if (vae->model.cfg.latent_dim == 2) printf(" log_px_quad=%.4f gap=%.4f", m.quad, m.gap);
        printf(" binarize=%s examples=%d iw=%d written_by=%s\n", data_binarize_name(st.binarize),
               a.limit < test.count ? a.limit : test.count, a.iw, st.writer[0] ? st.writer : "format-1");
    }
    data_free(&test);
    vae_free(vae);
    return rc;
}
