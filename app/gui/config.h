/* config.h - the window's saved state between runs: position, size, interface scale,
 * full screen, language, theme and the last dataset, in $XDG_CONFIG_HOME/vae-explorer/window.conf
 * ("key value" lines; default ~/.config). A missing, corrupt or out-of-range value
 * falls back to the default (the file is never trusted); saving is atomic.
 * Owns: WindowConfig and the file. Must not: touch SDL (the shell applies it). */
#ifndef VAE_CONFIG_H
#define VAE_CONFIG_H

typedef struct {
    int has_pos, x, y;
    int has_size, w, h;
    int has_scale;
    float scale;
    int fullscreen;
    int has_lang, lang; /* UiLang */
    int has_dark, dark;
    int has_data, data; /* the last dataset: 0 MNIST, 1 Fashion-MNIST (a folder is not kept) */
} WindowConfig;

/* The file's path; 0, or -1 when no home folder is known. */
int config_path(char *out, int len);
/* Reads what is valid; prints a one-line notice for a corrupt file and renames it aside. */
void config_load(WindowConfig *c);
/* Returns 0, or -1 (with a one-line message on stderr) when the file cannot be written. */
int config_save(const WindowConfig *c);

#endif
