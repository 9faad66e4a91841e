/* controls.h - the Controls panel: learning rate, beta, batch size, latent and hidden
 * sizes, dataset, save / open a model, screenshot and the view toggles.
 *
 * Owns: ControlsPanel (its rectangle and scroll position) and the panel's reflow: label
 * beside its control when it fits, above it when it does not, buttons in as many
 * columns as their labels allow, a scrollbar when the content is taller than the panel.
 * Must not: keep a copy of a training setting (the values shown are the worker's, from
 * the snapshot); every change is an intent (a worker command or a confirmation dialog). */
#ifndef VAE_CONTROLS_H
#define VAE_CONTROLS_H

#include "panel.h"

typedef struct {
    Rect panel; /* set by the layout */
    float scroll;
} ControlsPanel;

/* The on-state of the toggles, owned by other panels: the shell passes them in. */
typedef struct {
    int manifold, plot_log, help;
} ControlsIn;

/* The content's height at this panel width (the layout uses it to size the panel). */
float controls_content_height(float panel_w);
void controls_draw(ControlsPanel *c, const Frame *f, const ControlsIn *in);

/* What a key asks for (the same intents as the controls). */
void controls_lr_step(const Frame *f, int dir);
void controls_beta_step(const Frame *f, int dir);
void controls_batch_step(const Frame *f, int dir);
void controls_latent_step(const Frame *f, int dir);
void controls_hidden_next(const Frame *f);
void controls_dataset_next(const Frame *f);

#endif
