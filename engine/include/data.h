/* data.h - MNIST-format (IDX) datasets: loading, validation, batching.
 *
 * Owns: the IDX reader (raw and gzip, via zlib), strict validation (magic, dims,
 * exact size, label range, image/label count match), datasets of uint8 pixels with
 * labels, batch assembly with the binarisation modes.
 * Must not: print or exit; failures return a VaeStatus and a one-line reason in
 * vae_last_error() that names the file. */
#ifndef VAE_DATA_H
#define VAE_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "vae.h"

typedef enum {
    VAE_BINARIZE_NONE = 0,    /* grey levels p/255 (default) */
    VAE_BINARIZE_DYNAMIC = 1, /* a fresh Bernoulli(p/255) draw in every batch */
    VAE_BINARIZE_STATIC = 2,  /* one Bernoulli draw at load time (fixed seed) */
} VaeBinarize;

typedef struct {
    int count;       /* number of examples */
    int rows, cols;  /* 28 x 28 for MNIST */
    int dim;         /* rows * cols */
    uint8_t *pixels; /* (count, dim) */
    uint8_t *labels; /* (count), 0..9 */
} VaeDataset;

const char *data_binarize_name(VaeBinarize mode); /* "none", "dynamic", "static" */
VaeStatus data_binarize_parse(const char *name, VaeBinarize *out);

/* Loads an IDX image file and its label file (each raw or .gz, detected by the
 * gzip magic, not the name). On failure `out` is left zeroed. */
VaeStatus data_load_idx(const char *images_path, const char *labels_path, VaeDataset *out);
/* Loads from an IDX file already in memory (used by the fuzzer and tests). */
VaeStatus data_parse_idx_images(const uint8_t *buf, size_t len, VaeDataset *out);
VaeStatus data_parse_idx_labels(const uint8_t *buf, size_t len, VaeDataset *ds);
/* Loads the train ("train-...") or test ("t10k-...") split from a folder holding the
 * standard four files, each raw or as "*.gz". */
VaeStatus data_load_dir(const char *dir, int train, VaeDataset *out);
void data_free(VaeDataset *ds);
/* Keeps the first n examples (n <= count). */
void data_truncate(VaeDataset *ds, int n);
/* Static binarisation, in place, with a fixed seed (recorded by the caller). */
void data_binarize_static(VaeDataset *ds, uint64_t seed);

/* Writes examples idx[0..batch) as floats in [0, 1] (or {0, 1}) into out (batch, dim). */
void data_fill_batch(const VaeDataset *ds, const int *idx, int batch, VaeBinarize mode, VaeRng *rng, float *out);

#endif
