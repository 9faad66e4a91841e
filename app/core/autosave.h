/* autosave.h - the running model's autosave in the user's data folder
 * ($XDG_DATA_HOME or ~/.local/share, then vae-explorer/autosave.vaeckpt): written by
 * the worker at every epoch end (atomically, through checkpoint_save), offered on the
 * next start, and set aside as autosave-previous.vaeckpt when declined, so nothing a
 * user trained is lost by one keystroke. */
#ifndef VAE_AUTOSAVE_H
#define VAE_AUTOSAVE_H

#include <stddef.h>

/* The autosave's path (creating its folder); 0, or -1 when there is no home. */
int autosave_path(char *out, size_t len);
/* 1 when a loadable autosave exists: fills its epoch and a "YYYY-MM-DD HH:MM" time. */
int autosave_found(char *path, size_t len, int *epoch, char *when, size_t when_len);
/* Renames the autosave to autosave-previous.vaeckpt (the user chose a fresh start). */
void autosave_set_aside(void);

#endif
