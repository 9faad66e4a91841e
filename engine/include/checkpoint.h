/* checkpoint.h - saving and loading a model with its optimizer and training state.
 *
 * Owns: the file format (magic "VAEXCKPT", format version, the writer's version, config, binarisation,
 * parameter count, Adam moments and step, trainer RNG and position, CRC32 of all
 * preceding bytes), atomic writes (temporary file, fsync, rename, fsync of the
 * folder) and strict verification on load.
 * Must not: change the caller's model when a load fails. */
#ifndef VAE_CHECKPOINT_H
#define VAE_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "data.h"
#include "rng.h"
#include "vae.h"

#define CHECKPOINT_VERSION 2 /* 2: the writer field; format 1 still loads */

typedef struct {
    int epoch; /* completed epochs */
    long step; /* completed optimizer steps */
    float lr;
    int batch;
    VaeBinarize binarize;
    VaeRng rng;      /* the trainer's RNG at the save point */
    char writer[16]; /* the app version that wrote the file, e.g. "0.4.0" ("" in format 1) */
} VaeTrainState;

VaeStatus checkpoint_save(const char *path, const Vae *vae, const VaeTrainState *state);
/* Creates a new model from the file; *out is set only on success. */
VaeStatus checkpoint_load(const char *path, Vae **out, VaeTrainState *state);
/* Loads into an existing model; refuses (and leaves `dst` untouched) when the file's
 * shape differs from dst's. */
VaeStatus checkpoint_load_into(const char *path, Vae *dst, VaeTrainState *state);
VaeStatus checkpoint_parse(const uint8_t *buf, size_t len, Vae **out, VaeTrainState *state);

#endif
