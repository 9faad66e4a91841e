/* latent_view.h - the window onto the latent plane that the map and the teaching views
 * share: the centre and half-width shown, the two latent dimensions on the axes and the
 * square on the screen they are drawn into.
 * Owns: the transform between latent coordinates and screen units.
 * Must not: draw. */
#ifndef VAE_LATENT_VIEW_H
#define VAE_LATENT_VIEW_H

#include "render.h"

typedef struct {
    float cx, cy, span; /* the plane shown is [cx - span, cx + span] x [cy - span, cy + span] */
    int dim_x, dim_y;   /* the latent dimensions on the axes */
    Rect area;          /* the square on the screen */
} LatentView;

void latent_view_reset(LatentView *v);
void latent_to_screen(const LatentView *v, float z0, float z1, float *sx, float *sy);
void screen_to_latent(const LatentView *v, float sx, float sy, float *z0, float *z1);
/* The visible region as {x0, x1, y0, y1}. */
void latent_view_region(const LatentView *v, float *region);

#endif
