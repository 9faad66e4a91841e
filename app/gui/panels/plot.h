/* plot.h - the live ELBO panel: reconstruction, KL and ELBO per step (smoothed, from
 * the snapshot's History) and per epoch on the test set, with legend, axes, tick values,
 * a hover read-out and a linear / log toggle.
 * Owns: PlotPanel (its rectangle, the axes inside it, the scale toggle).
 * Must not: change training state, call other panels or the shell. */
#ifndef VAE_PLOT_H
#define VAE_PLOT_H

#include "panel.h"

typedef struct {
    Rect panel; /* set by the layout */
    Rect area;  /* the axes, placed inside the panel when drawn */
    int log;
} PlotPanel;

void plot_draw(PlotPanel *p, const Frame *f);

#endif
