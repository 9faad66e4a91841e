/* session.c - saving and resuming a training run (see session.h). */
#include "session.h"

#include <stdio.h>
#include <string.h>

#ifndef VAE_VERSION
#define VAE_VERSION "0.0.0-dev"
#endif

VaeTrainState session_capture(const VaeTrainer *t) {
    VaeTrainState s;
    memset(&s, 0, sizeof s);
    snprintf(s.writer, sizeof s.writer, "%s", VAE_VERSION); /* in the file's metadata */
    if (!t) return s;
    s.epoch = t->epoch;
    s.step = t->step;
    s.lr = t->opt.lr;
    s.batch = t->opt.batch;
    s.binarize = t->opt.binarize;
    s.rng = t->rng;
    return s;
}

VaeStatus session_save(const char *path, const Vae *vae, const VaeTrainer *t) {
    VaeTrainState s = session_capture(t);
    return checkpoint_save(path, vae, &s);
}

VaeStatus session_load(const char *path, Vae **vae, VaeTrainState *st, VaeTrainOptions *opt) {
    VaeStatus rc = checkpoint_load(path, vae, st);
    if (rc != VAE_OK) return rc;
    opt->lr = st->lr;
    opt->batch = st->batch;
    opt->binarize = st->binarize;
    return VAE_OK;
}

void session_resume(VaeTrainer *t, const VaeTrainState *st) {
    t->rng = st->rng;
    t->epoch = st->epoch;
    t->step = st->step;
}
