/* cli_train.c - `vae-explorer train`: headless training on MNIST-format data with a
 * line (and CSV row) per epoch, atomic checkpoints and exact resume. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blas_kernel.h"
#include "checkpoint.h"
#include "cli.h"
#include "eval.h"
#include "session.h"
#include "train.h"

#define CMD "train"

typedef struct {
    const char *data, *save, *resume, *log;
    int epochs, limit, threads, shape_given;
    VaeConfig cfg;
    VaeTrainOptions opt;
} TrainArgs;

static const char *usage = "usage: vae-explorer train [options]\n"
                           "  --data DIR|mnist|fashion   dataset (default mnist; see README for the search order)\n"
                           "  --epochs N                 epochs to train (default 10)\n"
                           "  --latent Z                 latent size 1-64 (default 2)\n"
                           "  --hidden 512,256           hidden layer sizes (default 512,256; 'none' for none)\n"
                           "  --batch B                  minibatch size (default 128)\n"
                           "  --lr X                     Adam learning rate (default 1e-3)\n"
                           "  --beta X                   KL weight (default 1)\n"
                           "  --likelihood L             bernoulli | gaussian | gaussian-learned (default bernoulli)\n"
                           "  --binarize M               none (grey levels) | dynamic | static (default none)\n"
                           "  --clip X                   clip the global gradient norm at X (default off)\n"
                           "  --seed S                   seed for weights, data order and noise (default 1)\n"
                           "  --limit N                  use the first N training (and at most N test) examples\n"
                           "  --save FILE                write a checkpoint after every epoch (atomic)\n"
                           "  --resume FILE              continue a saved run exactly (its shape and settings)\n"
                           "  --log FILE.csv             per-epoch CSV: epoch,train_recon,train_kl,train_elbo,\n"
                           "                             test_recon,test_kl,test_elbo,seconds,samples_per_s\n"
                           "  --threads T                threads (default: all cores, at most 8): each\n"
                           "                             trains on its share of the batch\n";

static int parse_likelihood(const char *s, VaeLikelihood *out) {
    if (strcmp(s, "bernoulli") == 0)
        *out = VAE_LIKELIHOOD_BERNOULLI;
    else if (strcmp(s, "gaussian") == 0)
        *out = VAE_LIKELIHOOD_GAUSSIAN_FIXED;
    else if (strcmp(s, "gaussian-learned") == 0)
        *out = VAE_LIKELIHOOD_GAUSSIAN_LEARNED;
    else
        return cli_usage_error(CMD, "--likelihood expects bernoulli, gaussian or gaussian-learned, got '%s'", s);
    return 0;
}

static int parse_flag(TrainArgs *a, int argc, char **argv, int i) {
    const char *f = argv[i], *v = argv[i + 1];
    if (strcmp(f, "--data") == 0)
        a->data = v;
    else if (strcmp(f, "--epochs") == 0)
        return cli_parse_int(CMD, f, v, 1, 100000, &a->epochs);
    else if (strcmp(f, "--latent") == 0)
        return a->shape_given = 1, cli_parse_int(CMD, f, v, 1, VAE_MAX_LATENT, &a->cfg.latent_dim);
    else if (strcmp(f, "--hidden") == 0) {
        a->shape_given = 1;
        if (vae_config_parse_hidden(&a->cfg, v) != VAE_OK) return cli_usage_error(CMD, "%s", vae_last_error());
    } else if (strcmp(f, "--batch") == 0)
        return cli_parse_int(CMD, f, v, 1, 65536, &a->opt.batch);
    else if (strcmp(f, "--lr") == 0)
        return cli_parse_float(CMD, f, v, 1e-8, 10, &a->opt.lr);
    else if (strcmp(f, "--beta") == 0)
        return cli_parse_float(CMD, f, v, 0, 1000, &a->cfg.beta);
    else if (strcmp(f, "--clip") == 0)
        return cli_parse_float(CMD, f, v, 0, 1e6, &a->opt.clip_norm);
    else if (strcmp(f, "--likelihood") == 0)
        return a->shape_given = 1, parse_likelihood(v, &a->cfg.likelihood);
    else if (strcmp(f, "--binarize") == 0) {
        if (data_binarize_parse(v, &a->opt.binarize) != VAE_OK)
            return cli_usage_error(CMD, "--binarize expects none, dynamic or static, got '%s'", v);
    } else if (strcmp(f, "--seed") == 0) {
        if (cli_parse_u64(CMD, f, v, &a->cfg.seed)) return 2;
        a->opt.seed = a->cfg.seed;
    } else if (strcmp(f, "--limit") == 0)
        return cli_parse_int(CMD, f, v, 1, 100000000, &a->limit);
    else if (strcmp(f, "--save") == 0)
        a->save = v;
    else if (strcmp(f, "--resume") == 0)
        a->resume = v;
    else if (strcmp(f, "--log") == 0)
        a->log = v;
    else if (strcmp(f, "--threads") == 0)
        return cli_parse_int(CMD, f, v, 1, 256, &a->threads);
    else
        return cli_usage_error(CMD, "unknown option '%s'", f);
    (void)argc;
    return 0;
}

static int parse_args(TrainArgs *a, int argc, char **argv) {
    memset(a, 0, sizeof *a);
    a->data = "mnist";
    a->epochs = 10;
    a->cfg = vae_config_default();
    a->opt = trainer_options_default();
    for (int i = 1; i < argc; i += 2) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return -1;
        }
        if (strncmp(argv[i], "--", 2) != 0) return cli_usage_error(CMD, "unexpected argument '%s'", argv[i]);
        int rc = cli_need_value(CMD, argc, argv, i);
        if (!rc) rc = parse_flag(a, argc, argv, i);
        if (rc) return rc;
    }
    return 0;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void progress(int epoch, int epochs, int step, int steps, double rate, double elbo) {
    int width = 30, done = (int)((double)step / steps * width);
    char bar[64];
    for (int i = 0; i < width; i++) bar[i] = i < done ? '#' : '.';
    bar[width] = 0;
    fprintf(stderr, "\repoch %d/%d [%s] %3d%%  %7.0f samples/s  elbo %8.2f", epoch, epochs, bar, 100 * step / steps,
            rate, elbo);
    fflush(stderr);
}

typedef struct {
    VaeDataset train, test;
    Vae *vae;
    VaeTrainer tr;
    FILE *log;
    int threads; /* training: data-parallel shards on one BLAS thread each; eval: BLAS threads */
} Run;

static int load_data(const TrainArgs *a, Run *r, VaeBinarize bin) {
    if (cli_load_split(CMD, a->data, 1, &r->train) || cli_load_split(CMD, a->data, 0, &r->test)) return 1;
    if (a->limit > 0 && a->limit < r->train.count) data_truncate(&r->train, a->limit);
    if (a->limit > 0 && a->limit < r->test.count) data_truncate(&r->test, a->limit);
    if (bin == VAE_BINARIZE_STATIC) {
        data_binarize_static(&r->train, 12345);
        data_binarize_static(&r->test, 54321);
    }
    return 0;
}

/* Creates or resumes the model and trainer. */
static int setup_model(TrainArgs *a, Run *r) {
    VaeTrainState st = {0};
    if (a->resume) {
        if (session_load(a->resume, &r->vae, &st, &a->opt) != VAE_OK) {
            fprintf(stderr, "vae-explorer train: %s\n", vae_last_error());
            return 1;
        }
        char want[128], have[128];
        vae_config_describe(&a->cfg, want, sizeof want);
        vae_config_describe(&r->vae->model.cfg, have, sizeof have);
        if (a->shape_given && (strcmp(want, have) || a->cfg.likelihood != r->vae->model.cfg.likelihood)) {
            fprintf(stderr, "vae-explorer train: %s holds a %s model but the options ask for %s\n", a->resume, have,
                    want);
            return 1;
        }
    } else if (vae_create(&a->cfg, &r->vae) != VAE_OK) {
        fprintf(stderr, "vae-explorer train: %s\n", vae_last_error());
        return 1;
    }
    if (load_data(a, r, a->opt.binarize)) return 1;
    if (trainer_create(&r->tr, r->vae, &r->train, &a->opt) != VAE_OK) {
        fprintf(stderr, "vae-explorer train: %s\n", vae_last_error());
        return 1;
    }
    if (a->resume) session_resume(&r->tr, &st);
    return 0;
}

/* One epoch; fills the mean train terms; returns 0, or 1 when training broke down. */
static int run_epoch(Run *r, int epochs, VaeLoss *mean, double *seconds) {
    VaeTrainer *t = &r->tr;
    int tty = isatty(STDERR_FILENO), done = 0, step = 0;
    double rs = 0, ks = 0, n = 0, t0 = now_seconds(), last_draw = 0;
    while (!done) {
        VaeLoss l;
        int pos = t->pos;
        VaeStatus st = trainer_step(t, &l, &done);
        int b = (done ? t->train->count : t->pos) - pos;
        step++;
        if (st == VAE_ERR_NUMERIC) {
            fprintf(stderr, "%swarning: %s (learning rate now %g)\n", tty ? "\n" : "", vae_last_error(),
                    (double)t->opt.lr);
            if (t->nan_skips > 50) {
                fprintf(stderr, "vae-explorer train: training diverged (50 steps had NaN/Inf); lower --lr\n");
                return 1;
            }
            continue;
        }
        if (st != VAE_OK) {
            fprintf(stderr, "vae-explorer train: %s\n", vae_last_error());
            return 1;
        }
        rs += l.recon * b, ks += l.kl * b, n += b;
        double el = now_seconds() - t0;
        if (tty && el - last_draw > 0.1) {
            progress(t->epoch + (done ? 0 : 1), epochs, step, t->steps_per_epoch, n / el, (rs - ks) / n);
            last_draw = el;
        }
    }
    *seconds = now_seconds() - t0;
    if (tty) fputs("\r\033[K", stderr);
    mean->recon = n > 0 ? rs / n : NAN;
    mean->kl = n > 0 ? ks / n : NAN;
    mean->elbo = mean->recon - mean->kl;
    return 0;
}

static void report_epoch(Run *r, const VaeLoss *tr, const VaeLoss *te, double sec) {
    double rate = r->train.count / sec;
    printf("epoch %3d  train elbo %8.3f (recon %8.3f, kl %6.3f)  test elbo %8.3f (recon %8.3f, kl %6.3f)  %6.2f s  "
           "%6.0f samples/s\n",
           r->tr.epoch, tr->elbo, tr->recon, tr->kl, te->elbo, te->recon, te->kl, sec, rate);
    fflush(stdout);
    if (r->log) {
        fprintf(r->log, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.4f,%.1f\n", r->tr.epoch, tr->recon, tr->kl, tr->elbo,
                te->recon, te->kl, te->elbo, sec, rate);
        fflush(r->log);
    }
}

static int train_loop(const TrainArgs *a, Run *r) {
    int target = r->tr.epoch + a->epochs;
    while (r->tr.epoch < target) {
        VaeLoss tr, te;
        double sec;
        if (r->threads > 1) openblas_set_num_threads(1);
        int broke = run_epoch(r, target, &tr, &sec);
        openblas_set_num_threads(r->threads);
        if (broke) return 1;
        if (eval_elbo(&r->vae->model, r->vae->work, &r->test, a->opt.binarize, 0, 777, &te) != VAE_OK) {
            fprintf(stderr, "vae-explorer train: %s\n", vae_last_error());
            return 1;
        }
        report_epoch(r, &tr, &te, sec);
        if (a->save && session_save(a->save, r->vae, &r->tr) != VAE_OK) {
            fprintf(stderr, "vae-explorer train: %s\n", vae_last_error());
            return 1;
        }
    }
    return 0;
}

static void print_header(const TrainArgs *a, const Run *r) {
    char shape[128];
    vae_config_describe(&r->vae->model.cfg, shape, sizeof shape);
    const char *lik[] = {"bernoulli", "gaussian", "gaussian-learned"};
    printf("model %s  likelihood %s  beta %g  binarize %s  batch %d  lr %g  seed %llu  train %d  test %d  %s\n", shape,
           lik[r->vae->model.cfg.likelihood], (double)r->vae->model.cfg.beta, data_binarize_name(a->opt.binarize),
           a->opt.batch, (double)a->opt.lr, (unsigned long long)a->opt.seed, r->train.count, r->test.count,
           a->resume ? "(resumed)" : "");
}

int cli_train(int argc, char **argv) {
    TrainArgs a;
    int rc = parse_args(&a, argc, argv);
    if (rc) return rc < 0 ? 0 : rc;
    printf("%s\n", blas_kernel_describe());
    Run r;
    memset(&r, 0, sizeof r);
    r.threads = cli_set_threads(a.threads);
    if (r.threads > VAE_MAX_STEP_THREADS) r.threads = VAE_MAX_STEP_THREADS;
    rc = setup_model(&a, &r);
    if (!rc && vae_set_step_threads(r.vae, r.threads) != VAE_OK)
        fprintf(stderr, "vae-explorer train: %s\n", vae_last_error()), rc = 1;
    if (!rc && a.log) {
        r.log = fopen(a.log, r.tr.epoch > 0 ? "a" : "w");
        if (!r.log)
            fprintf(stderr, "vae-explorer train: cannot write %s\n", a.log), rc = 1;
        else if (r.tr.epoch == 0)
            fprintf(r.log,
                    "epoch,train_recon,train_kl,train_elbo,test_recon,test_kl,test_elbo,seconds,samples_per_s\n");
    }
    if (!rc) {
        print_header(&a, &r);
        rc = train_loop(&a, &r);
    }
    if (r.log) fclose(r.log);
    trainer_free(&r.tr);
    vae_free(r.vae);
    data_free(&r.train);
    data_free(&r.test);
    return rc;
}
