/* test_determinism.c - same seed, one BLAS thread: bit-identical losses and weights;
 * and a run saved after one epoch and resumed from the checkpoint ends bit-identical
 * to a run of two epochs straight (the optimizer state and RNG travel in the file). */
#include <cblas.h>
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

static void run_steps(const VaeDataset *ds, int steps, double *losses, Vae **out) {
    Vae *v = new_model();
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
    VaeTrainState s = {tb.epoch, tb.step, tb.opt.lr, tb.opt.batch, tb.opt.binarize, tb.rng};
    CHECK(checkpoint_save(path, b, &s) == VAE_OK, "save: %s", vae_last_error());
    VaeTrainState s2;
    CHECK(checkpoint_load(path, &c, &s2) == VAE_OK, "load: %s", vae_last_error());
    if (c) {
        trainer_create(&tc, c, ds, &o);
        tc.rng = s2.rng, tc.epoch = s2.epoch, tc.step = s2.step;
        train_epochs(&tc, 1);
        CHECK(memcmp(a->params, c->params, a->n_params * sizeof(float)) == 0,
              "resumed run differs from a straight run");
        CHECK(tc.step == ta.step, "step counts differ");
        printf("resume: 1 epoch + save/load + 1 epoch == 2 epochs (%zu parameters bit-identical)\n", a->n_params);
        trainer_free(&tc);
    }
    unlink(path);
    trainer_free(&ta), trainer_free(&tb);
    vae_free(a), vae_free(b), vae_free(c);
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
    run_steps(&ds, 30, l1, &a);
    run_steps(&ds, 30, l2, &b);
    CHECK(memcmp(l1, l2, sizeof l1) == 0, "losses differ between two runs with the same seed");
    CHECK(memcmp(a->params, b->params, a->n_params * sizeof(float)) == 0, "weights differ");
    CHECK(l1[29] > l1[0], "training did not improve the ELBO (%g -> %g)", l1[0], l1[29]);
    printf("30 steps twice: losses and weights bit-identical (ELBO %.3f -> %.3f)\n", l1[0], l1[29]);
    vae_free(a), vae_free(b);
    resume_is_exact(&ds);
    data_free(&ds);
    return test_finish("test_determinism");
}
