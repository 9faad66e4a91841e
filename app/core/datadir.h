/* datadir.h - where things are, the same way for the CLI and the window: datasets by
 * name or path, the program's own assets (fonts, sample digits) and the user's XDG
 * folders (data, config, pictures).
 *
 * Installed (the binary's folder has VAE_SHARE_REL, "../share/vae-explorer", beside it):
 * assets come from there only, wherever the prefix was moved (relocatable). Run from
 * the build folder (the binary's folder is VAE_BINARY_DIR): assets and data also come
 * from the source tree. An installed binary never looks in the source tree.
 *
 * Search order for a dataset name ("mnist", "fashion"):
 *   $VAE_DATA_DIR/<name> (or $VAE_DATA_DIR itself), ./data/<name>,
 *   not installed: <executable's folder>/data/<name>, <executable's folder>/../data/<name>,
 *   build folder only: <source tree>/data/<name>,
 *   $XDG_DATA_HOME (or ~/.local/share)/vae-explorer/<name> (where `vae-explorer data
 *   fetch` puts MNIST), and for fashion /usr/share/datasets/fashion-mnist (Debian's
 *   dataset-fashion-mnist).
 * Must not: create anything except through datadir_make, or read the source tree from
 * an installed binary. */
#ifndef VAE_DATADIR_H
#define VAE_DATADIR_H

#include <stddef.h>

/* Writes the folder into out; returns 0, or -1 with a message (naming the command that
 * fetches it) in vae_last_error() when nothing holds the dataset. */
int datadir_resolve(const char *name_or_path, char *out, size_t len);

/* An asset by its path under assets/ (e.g. "fonts/DejaVuSans.ttf"): the installed share
 * folder, or (build folder only) the source tree's assets/. 0 when found, else -1. */
int datadir_asset(const char *rel, char *out, size_t len);
/* The installed share folder (<exe>/../share/vae-explorer) when the binary is installed:
 * 1 and its path, else 0. */
int datadir_installed(char *out, size_t len);
/* 1 when the binary runs from its build folder (the source tree is then searched). */
int datadir_from_build(void);

/* The user's folders (not created; absolute, or -1 when there is no home):
 * $XDG_DATA_HOME/vae-explorer (autosaves, fetched datasets),
 * $XDG_CONFIG_HOME/vae-explorer (the window's settings), and where screenshots and
 * exports go: XDG_PICTURES_DIR from $XDG_CONFIG_HOME/user-dirs.dirs when it names an
 * existing folder, else the home folder. Each falls back to ~/.local/share, ~/.config
 * when its variable is unset or not an absolute path (the XDG rule). */
int datadir_user_data(char *out, size_t len);
int datadir_user_config(char *out, size_t len);
int datadir_user_pictures(char *out, size_t len);
/* mkdir -p; 0 when the folder exists afterwards, else -1 (errno set). */
int datadir_make(const char *dir);

#endif
