/* latent_view.c - latent plane <-> screen (see latent_view.h). */
#include "latent_view.h"

void latent_view_reset(LatentView *v) {
    v->cx = 0.f;
    v->cy = 0.f;
    v->span = 4.f;
}

void latent_to_screen(const LatentView *v, float z0, float z1, float *sx, float *sy) {
    Rect r = v->area;
    *sx = r.x + (z0 - (v->cx - v->span)) / (2.f * v->span) * r.w;
    *sy = r.y + ((v->cy + v->span) - z1) / (2.f * v->span) * r.h;
}

void screen_to_latent(const LatentView *v, float sx, float sy, float *z0, float *z1) {
    Rect r = v->area;
    *z0 = v->cx - v->span + (sx - r.x) / r.w * 2.f * v->span;
    *z1 = v->cy + v->span - (sy - r.y) / r.h * 2.f * v->span;
}

void latent_view_region(const LatentView *v, float *region) {
    region[0] = v->cx - v->span;
    region[1] = v->cx + v->span;
    region[2] = v->cy - v->span;
    region[3] = v->cy + v->span;
}
