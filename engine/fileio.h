/* fileio.h - reading a whole file into memory, the one way the engine does it: a
 * regular file (a folder or a device is refused by name), at most max_bytes, read
 * through EINTR, with a one-line reason in vae_last_error() on any failure.
 * Used by the IDX reader, the picture loader and the checkpoint loader. */
#ifndef VAE_FILEIO_H
#define VAE_FILEIO_H

#include <stddef.h>
#include <stdint.h>

#include "vae.h"

/* `what` names the expected kind in messages ("an IDX file", "an image", ...).
 * On success *out (malloc'ed, caller frees) holds *out_len bytes. */
VaeStatus file_read_all(const char *path, size_t max_bytes, const char *what, uint8_t **out, size_t *out_len);

#endif
