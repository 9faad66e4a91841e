/* theme.h - the window's colours: the dark and light themes and the class palette
 * (Tableau 10, chosen for colour-vision deficiencies) with the class names.
 * Owns: nothing mutable; pure tables and functions.
 * Must not: draw or know about panels. */
#ifndef VAE_THEME_H
#define VAE_THEME_H

#include <stddef.h>
#include <stdint.h>

#include "render.h"
#include "worker.h" /* DatasetKind only */

typedef struct {
    Color bg, panel, border, text, muted, faint, grid, accent, accent_text;
    Color button, button_hover, button_on, error_bg, error_text, ok_bg, shadow;
    Color recon, kl, elbo, cursor, posterior, prior;
} Theme;

extern const uint32_t class_palette[10];

void theme_init(Theme *th, int dark);
/* The class's name for the legend: "0".."9", or Fashion-MNIST's item names. */
const char *class_name(DatasetKind kind, int label, char *buf, size_t len);

#endif
