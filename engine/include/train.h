/* train.h - the training loop shared by the headless CLI and the GUI's worker.
 *
 * Owns: minibatch order (seeded shuffles), batch assembly, the NaN/Inf guard (skip
 * the step, keep the weights, lower the learning rate after repeated failures),
 * epoch bookkeeping and test-set evaluation on request.
 * Must not: print, sleep, or touch SDL. It is driven one step at a time by its owner. */
#ifndef VAE_TRAIN_H
#define VAE_TRAIN_H

#include "data.h"
#include "rng.h"
#include "vae.h"

typedef struct {
    int batch;            /* minibatch size, e.g. 128 */
    float lr;             /* Adam learning rate */
    float clip_norm;      /* 0 = off */
    VaeBinarize binarize; /* recorded in logs and checkpoints */
    uint64_t seed;        /* data order and reparameterisation noise */
} VaeTrainOptions;

typedef struct {
    Vae *vae;                /* owned by the caller */
    const VaeDataset *train; /* owned by the caller */
    VaeTrainOptions opt;
    VaeRng rng; /* data order, binarisation and eps; saved in checkpoints */
    int *order; /* (train->count) */
    int epoch;  /* completed epochs */
    int pos;    /* next index into order within the epoch */
    long step;  /* completed optimizer steps */
    int steps_per_epoch;
    int nan_skips;       /* steps skipped for NaN/Inf in total */
    int nan_streak;      /* consecutive skipped steps */
    float *xbatch, *eps; /* (batch, D), (batch, Z) */
} VaeTrainer;

VaeTrainOptions trainer_options_default(void);
VaeStatus trainer_create(VaeTrainer *t, Vae *vae, const VaeDataset *train, const VaeTrainOptions *opt);
void trainer_free(VaeTrainer *t);
/* One optimizer step on the next minibatch. Returns VAE_ERR_NUMERIC when the step was
 * skipped for NaN/Inf (weights unchanged; after 3 in a row the lr is halved).
 * *epoch_done is set to 1 when this step finished an epoch (the next one reshuffles). */
VaeStatus trainer_step(VaeTrainer *t, VaeLoss *loss, int *epoch_done);
/* Changes the batch size (takes effect at the next step). */
VaeStatus trainer_set_batch(VaeTrainer *t, int batch);

#endif
