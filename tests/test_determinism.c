/* test_determinism.c - same seed, one BLAS thread: bit-identical losses and weights;
 * a run saved after one epoch and resumed from the checkpoint ends bit-identical to a
 * run of two epochs straight (the optimizer state and RNG travel in the file); and the
 * data-parallel step (vae_set_step_threads) is deterministic too, its shards' gradients
 * sum to the serial step's, and its loss is the serial one. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "data.h"
#include "testutil.h"
#include "train.h"

static Vae *new_model(void) {
    VaeConfig cfg = vae_config_default();
    cfg.hidden[0] = 128, cfg.hidden[1] = 64, cfg.seed = 42;
    Vae *v;
    vae_create(&cfg, &v);
    return v;
}

static void run_steps(const VaeDataset *ds, int steps, int threads, double *losses, Vae **out) {
    Vae *v = new_model();
    CHECK(vae_set_step_threads(v, threads) == VAE_OK, "%s", vae_last_error());
    VaeTrainOptions o = trainer_options_default();
    o.seed = 42;
    o.binarize = VAE_BINARIZE_DYNAMIC;
    VaeTrainer t;
    trainer_create(&t, v, ds, &o);
    for (int i = 0; i < steps; i++) {
        VaeLoss l;
        CHECK(trainer_step(&t, &l, NULL) == VAE_OK, "step");
        losses[i] = l.elbo;
    }
    trainer_free(&t);
    *out = v;
}

static void train_epochs(VaeTrainer *t, int epochs) {
    int target = t->epoch + epochs;
    while (t->epoch < target) CHECK(trainer_step(t, NULL, NULL) == VAE_OK, "step");
}

static void resume_is_exact(const VaeDataset *ds) {
    VaeTrainOptions o = trainer_options_default();
    o.batch = 100;
    Vae *a = new_model(), *b = new_model(), *c = NULL;
    VaeTrainer ta, tb, tc;
    trainer_create(&ta, a, ds, &o);
    train_epochs(&ta, 2);
    trainer_create(&tb, b, ds, &o);
    train_epochs(&tb, 1);
    char path[] = "/tmp/vae_resume_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    VaeTrainState s = {tb.epoch, tb.step, tb.opt.lr, tb.opt.batch, tb.opt.binarize, tb.rng, "test"};
    CHECK(checkpoint_save(path, b, &s) == VAE_OK, "save: %s", vae_last_error());
    VaeTrainState s2;
    CHECK(checkpoint_load(path, &c, &s2) == VAE_OK, "load: %s", vae_last_error());
    if (c) {
        trainer_create(&tc, c, ds, &o);
        tc.rng = s2.rng, tc.epoch = s2.epoch, tc.step = s2.step;
        train_epochs(&tc, 1);
        CHECK(memcmp(a->model.params, c->model.params, a->model.n_params * sizeof(float)) == 0,
              "resumed run differs from a straight run");
        CHECK(tc.step == ta.step, "step counts differ");
        printf("resume: 1 epoch + save/load + 1 epoch == 2 epochs (%zu parameters bit-identical)\n", a->model.n_params);
        trainer_free(&tc);
    }
    unlink(path);
    trainer_free(&ta), trainer_free(&tb);
    vae_free(a), vae_free(b), vae_free(c);
}

static void sharded_is_deterministic(const VaeDataset *ds) {
    double l1[30], l2[30], l0[30];
    Vae *a, *b, *c;
    run_steps(ds, 30, 2, l1, &a);
    run_steps(ds, 30, 2, l2, &b);
    run_steps(ds, 30, 1, l0, &c);
    CHECK(memcmp(l1, l2, sizeof l1) == 0, "two-thread steps: losses differ between two runs");
    CHECK(memcmp(a->model.params, b->model.params, a->model.n_params * sizeof(float)) == 0,
          "two-thread steps: weights differ");
    double worst = 0.0;
    for (int i = 0; i < 30; i++) worst = fmax(worst, fabs(l1[i] - l0[i]));
    CHECK(worst < 1e-3, "two-thread and serial runs drift apart: ELBO differs by %g nats", worst);
    printf("30 two-thread steps twice: bit-identical; the serial run's ELBO within %.2g nats\n", worst);
    vae_free(a), vae_free(b), vae_free(c);
}

/* One step's gradients: the serial backward vs the shards' sum, read from Adam's first
 * moment after the first step (m = (1 - beta1) g), on the same batch and noise. */
static void shards_sum_to_serial(const VaeDataset *ds, int n, int batch) {
    Vae *serial = new_model(), *sharded = new_model();
    size_t D = 784, Z = 2, P = serial->model.n_params;
    float *x = malloc(sizeof(float) * (size_t)batch * (D + Z)), *eps = x + (size_t)batch * D;
    int *idx = malloc(sizeof(int) * (size_t)batch);
    VaeRng rng;
    rng_seed(&rng, 5);
    for (int i = 0; i < batch; i++) idx[i] = (i * 7) % ds->count;
    data_fill_batch(ds, idx, batch, VAE_BINARIZE_NONE, NULL, x);
    rng_normal_fill(&rng, eps, (size_t)batch * Z);
    VaeLoss ls, lp;
    CHECK(vae_train_forward(serial, x, batch, eps, &ls) == VAE_OK, "%s", vae_last_error());
    vae_zero_grad(serial);
    vae_train_backward(serial);
    CHECK(vae_set_step_threads(sharded, n) == VAE_OK, "%s", vae_last_error());
    VaeAdam adam = vae_adam_default(1e-3f);
    CHECK(vae_train_step(sharded, x, batch, eps, &adam, &lp) == VAE_OK, "%s", vae_last_error());
    double err = 0.0, scale = 0.0;
    for (size_t i = 0; i < P; i++) {
        double sum = sharded->adam_m[i] / (1.0 - adam.beta1);
        err = fmax(err, fabs(sum - serial->grads[i]));
        scale = fmax(scale, fabs(serial->grads[i]));
    }
    CHECK(scale > 0.0 && err <= 1e-5 * scale, "%d shards, batch %d: gradient sum off by %g (largest %g)", n, batch, err,
          scale);
    CHECK(fabs(lp.elbo - ls.elbo) <= 1e-4 * fabs(ls.elbo), "%d shards: ELBO %.6f vs serial %.6f", n, lp.elbo, ls.elbo);
    printf("%d shards, batch %d: gradients sum to the serial ones within %.2g (largest %.3g); ELBO %.4f == %.4f\n", n,
           batch, err, scale, lp.elbo, ls.elbo);
    free(x), free(idx);
    vae_free(serial), vae_free(sharded);
}

int main(void) {
    openblas_set_num_threads(1);
    const char *dir = test_mnist_dir();
    CHECK(dir != NULL, "MNIST not found: run scripts/setup.sh");
    if (!dir) return test_finish("test_determinism");
    VaeDataset ds = {0};
    CHECK(data_load_dir(dir, 0, &ds) == VAE_OK, "%s", vae_last_error());
    data_truncate(&ds, 1000);
    double l1[30], l2[30];
    Vae *a, *b;
    run_steps(&ds, 30, 1, l1, &a);
    run_steps(&ds, 30, 1, l2, &b);
    CHECK(memcmp(l1, l2, sizeof l1) == 0, "losses differ between two runs with the same seed");
    CHECK(memcmp(a->model.params, b->model.params, a->model.n_params * sizeof(float)) == 0, "weights differ");
    CHECK(l1[29] > l1[0], "training did not improve the ELBO (%g -> %g)", l1[0], l1[29]);
    printf("30 steps twice: losses and weights bit-identical (ELBO %.3f -> %.3f)\n", l1[0], l1[29]);
    vae_free(a), vae_free(b);
    resume_is_exact(&ds);
    sharded_is_deterministic(&ds);
    for (int n = 2; n <= 3; n++) shards_sum_to_serial(&ds, n, 128), shards_sum_to_serial(&ds, n, 100);
    data_free(&ds);
    return test_finish("test_determinism");
}
