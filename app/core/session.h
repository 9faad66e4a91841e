/* session.h - a training run's state as the CLI's `train` and the window's worker both
 * save and resume it: one way to capture a trainer for a checkpoint, to load a
 * checkpoint into a model and the trainer options it was saved with, and to put a
 * trainer back where the checkpoint left it (so a resumed run equals a straight one,
 * bit for bit, whichever of the two saved it).
 * Owns: nothing beyond the call. Must not: print or touch SDL; errors are a VaeStatus
 * with vae_last_error(). */
#ifndef VAE_SESSION_H
#define VAE_SESSION_H

#include "checkpoint.h"
#include "train.h"

/* The trainer's position, RNG and options; zeros (and no RNG) without a trainer. */
VaeTrainState session_capture(const VaeTrainer *t);
/* Saves the model with the trainer's state (t may be NULL: a model not trained yet). */
VaeStatus session_save(const char *path, const Vae *vae, const VaeTrainer *t);
/* Loads a checkpoint: the model, its saved state, and the options it trained with
 * (learning rate, batch, binarisation) written into *opt over its other fields. */
VaeStatus session_load(const char *path, Vae **vae, VaeTrainState *st, VaeTrainOptions *opt);
/* Puts a fresh trainer at the checkpoint's epoch, step and RNG. */
void session_resume(VaeTrainer *t, const VaeTrainState *st);

#endif
