/* map.h - the latent-map panel and the decoded digit at its cursor.
 *
 * Owns: MapPanel - the view onto the plane (pan, zoom, shown dimensions), the cursor's
 * latent vector and its decoded digit, the manifold texture, the sliders of the other
 * dimensions for Z > 2, and the pointer gestures on the map (drag to decode, right-drag
 * to pan, wheel to zoom, click to pick a test digit).
 * Must not: wait on the worker (it decodes with the snapshot's model on the UI thread),
 * call other panels or the shell (a pick is returned; the shell selects the digit). */
#ifndef VAE_MAP_H
#define VAE_MAP_H

#include "panel.h"

typedef struct {
    LatentView view;
    Rect panel, decoded_panel, digit_big; /* set by the layout */
    Rect below;                           /* the legend, hints and sliders: under the square or beside it */
    int slider_dim;
    float zvec[VAE_MAX_LATENT]; /* the cursor's latent vector (all dims) */
    int has_cursor, dragging;   /* dragging: 1 decode, 2 pan */
    float press_x, press_y, pan_cx, pan_cy;
    uint8_t decoded[DIGIT_PIXELS];
    unsigned decoded_tex;
    double decode_us_last;
    double *decode_us; /* --bench: every decode's time */
    int n_decode_us, cap_decode_us;
    int manifold, manifold_dirty, manifold_g;
    unsigned manifold_tex;
    double manifold_time;
    float manifold_view[3];
    float scroll; /* the part below the square when the panel is short */
    int dirty;    /* something changed: draw a frame */
} MapPanel;

void map_init(MapPanel *m);
/* The height the part below the square needs at this width (legend, hints, sliders). */
float map_below_height(float panel_w, int latent_dim);
void map_reset_view(MapPanel *m);
void map_decode_cursor(MapPanel *m, const Frame *f);
void map_update_manifold(MapPanel *m, const Frame *f);
void map_new_model(MapPanel *m, int latent_dim);
/* The rectangles from the layout: the map panel and the decoded digit's panel. */
void map_set_rects(MapPanel *m, Rect panel, Rect decoded, int latent_dim);
void map_draw(MapPanel *m, const Frame *f);
void map_draw_decoded(MapPanel *m, const Frame *f);
/* Pointer and keys; each returns 1 when the map took the event. */
int map_press(MapPanel *m, const Frame *f, int button, float x, float y);
void map_motion(MapPanel *m, const Frame *f, float x, float y);
/* The test digit picked by a click (a press and release in place), or -1. */
int map_release(MapPanel *m, const Frame *f, int button, float x, float y);
int map_wheel(MapPanel *m, const Frame *f, float dy);
int map_key(MapPanel *m, const Frame *f, int sym);

#endif
