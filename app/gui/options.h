/* options.h - the window's command-line options, range-checked like the CLI's: a bad
 * value gets a one-line error and exit code 2, --help-window the usage and 0.
 * Owns: GuiArgs. Must not: open anything. */
#ifndef VAE_OPTIONS_H
#define VAE_OPTIONS_H

#include "app.h"

typedef struct {
    WorkerOptions w;
    AppOptions app;
    int lang, light;
    float scale; /* 0: from the saved config, else 1 */
} GuiArgs;

/* 0: run; 1: printed the usage (exit 0); -1: a bad option (printed; exit 2). */
int options_parse(int argc, char **argv, GuiArgs *g);
void options_usage(FILE *out);

#endif
