/* train.c - the training loop, one step at a time (see train.h). */
#include "train.h"

#include <stdlib.h>
#include <string.h>

VaeTrainOptions trainer_options_default(void) {
    VaeTrainOptions o = {128, 1e-3f, 0.0f, VAE_BINARIZE_NONE, 1};
    return o;
}

static VaeStatus alloc_batch(VaeTrainer *t, int batch) {
    size_t D = (size_t)t->vae->model.cfg.input_dim, Z = (size_t)t->vae->model.cfg.latent_dim;
    float *x = malloc(sizeof(float) * (size_t)batch * (D + Z));
    if (!x) return vae_fail(VAE_ERR_NOMEM, "out of memory for a batch of %d", batch);
    VaeStatus st = vae_reserve(t->vae, batch);
    if (st != VAE_OK) {
        free(x);
        return st;
    }
    free(t->xbatch);
    t->xbatch = x;
    t->eps = x + (size_t)batch * D;
    t->opt.batch = batch;
    t->steps_per_epoch = (t->train->count + batch - 1) / batch;
    return VAE_OK;
}

VaeStatus trainer_create(VaeTrainer *t, Vae *vae, const VaeDataset *train, const VaeTrainOptions *opt) {
    memset(t, 0, sizeof *t);
    if (train->count < 1) return vae_fail(VAE_ERR_ARG, "the training set is empty");
    if (train->dim != vae->model.cfg.input_dim)
        return vae_fail(VAE_ERR_MISMATCH, "the data has %d pixels per example but the model expects %d", train->dim,
                        vae->model.cfg.input_dim);
    if (opt->batch < 1 || opt->batch > 65536)
        return vae_fail(VAE_ERR_ARG, "batch size %d is out of range (1 to 65536)", opt->batch);
    if (!(opt->lr > 0.0f && opt->lr < 10.0f))
        return vae_fail(VAE_ERR_ARG, "learning rate %g is out of range (0 to 10)", (double)opt->lr);
    t->vae = vae;
    t->train = train;
    t->opt = *opt;
    rng_seed(&t->rng, opt->seed);
    t->order = malloc(sizeof(int) * (size_t)train->count);
    if (!t->order) return vae_fail(VAE_ERR_NOMEM, "out of memory for the data order");
    for (int i = 0; i < train->count; i++) t->order[i] = i;
    VaeStatus st = alloc_batch(t, opt->batch);
    if (st != VAE_OK) {
        trainer_free(t);
        return st;
    }
    return VAE_OK;
}

void trainer_free(VaeTrainer *t) {
    free(t->order);
    free(t->xbatch);
    t->order = NULL;
    t->xbatch = NULL;
}

VaeStatus trainer_set_batch(VaeTrainer *t, int batch) {
    if (batch < 1 || batch > 65536) return vae_fail(VAE_ERR_ARG, "batch size %d is out of range", batch);
    return alloc_batch(t, batch);
}

VaeStatus trainer_step(VaeTrainer *t, VaeLoss *loss, int *epoch_done) {
    int n = t->train->count;
    if (epoch_done) *epoch_done = 0;
    if (t->pos == 0) {
        for (int i = 0; i < n; i++) t->order[i] = i; /* same order for a resumed run */
        rng_shuffle(&t->rng, t->order, n);
    }
    int batch = t->opt.batch < n - t->pos ? t->opt.batch : n - t->pos;
    data_fill_batch(t->train, t->order + t->pos, batch, t->opt.binarize, &t->rng, t->xbatch);
    rng_normal_fill(&t->rng, t->eps, (size_t)batch * (size_t)t->vae->model.cfg.latent_dim);
    t->pos += batch;
    if (t->pos >= n) {
        t->pos = 0;
        t->epoch++;
        if (epoch_done) *epoch_done = 1;
    }
    VaeAdam adam = vae_adam_default(t->opt.lr);
    adam.clip_norm = t->opt.clip_norm;
    VaeStatus st = vae_train_step(t->vae, t->xbatch, batch, t->eps, &adam, loss);
    if (st == VAE_ERR_NUMERIC) {
        t->nan_skips++;
        if (++t->nan_streak >= 3) {
            t->opt.lr *= 0.5f;
            t->nan_streak = 0;
        }
        return st;
    }
    if (st == VAE_OK) {
        t->nan_streak = 0;
        t->step++;
    }
    return st;
}
