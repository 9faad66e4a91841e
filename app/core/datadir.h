/* datadir.h - finding a dataset folder from a name ("mnist", "fashion") or a path,
 * the same way for the CLI and the window. Search order for a name:
 *   $VAE_DATA_DIR/<name>, ./data/<name>, <executable's folder>/data/<name>,
 *   <executable's folder>/../data/<name>, <source tree>/data/<name>,
 *   $XDG_DATA_HOME (or ~/.local/share)/vae-explorer/<name>,
 *   and for fashion /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist). */
#ifndef VAE_DATADIR_H
#define VAE_DATADIR_H

#include <stddef.h>

/* Writes the folder into out; returns 0, or -1 with a message (naming the setup
 * command) in vae_last_error() when nothing holds the dataset. */
int datadir_resolve(const char *name_or_path, char *out, size_t len);

#endif
