/* settings.h - the steps the window offers for the training settings (learning rate,
 * beta, batch size, latent size, hidden-layer presets) and the next value for a key
 * press or a button. The worker owns the settings themselves: these functions only
 * compute what to ask it for, from the value it last reported.
 * Owns: the step tables. Must not: keep state. */
#ifndef VAE_SETTINGS_H
#define VAE_SETTINGS_H

#include "vae.h"

float settings_lr_step(float lr, int dir);
float settings_beta_step(float beta, int dir);
int settings_batch_step(int batch, int dir);
/* The batch size for a slider position 0..1 and back. */
int settings_batch_at(float t);
float settings_batch_t(int batch);
VaeConfig settings_latent_step(VaeConfig cfg, int dir);
VaeConfig settings_hidden_next(VaeConfig cfg);

#endif
