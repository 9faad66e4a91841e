/* teach_panel.h - the teaching views in the window (issue 4): a "Teach" mode that swaps
 * the left column for a tabbed teaching area (views 1-7) while the latent map stays, a
 * lesson mode for a projector (an equation band on top, larger type), and lesson files.
 *
 * Owns: TeachPanel - every piece of teaching state (mode, tab, the teaching thread and
 * the UI's copy of its results, the textures, the walk's two images, the open lesson),
 * the functions the shell calls (the first block below), and the declarations the
 * teach_*.c files share (the second block; the shell must not call those).
 * Must not: call the shell or another panel (it reads a Frame and posts intents: toasts,
 * worker commands, language, INTENT_TEACH / INTENT_LESSON, a digit pick), or compute
 * engine numbers on the UI thread beyond a few decodes (walks, samples): everything else
 * comes from teach_worker.c. */
#ifndef VAE_TEACH_PANEL_H
#define VAE_TEACH_PANEL_H

#include <stdint.h>

#include "lesson.h"
#include "panel.h"
#include "teach_worker.h"

#define TEACH_TABS LESSON_TABS
#define WALK_N 10
#define SAMPLES_G 6

typedef struct TeachPanel {
    int on, lesson, tab; /* tab 0..6 */
    int panels;          /* bit i: tab i is shown in lesson mode */
    float scale_before;  /* the interface scale before lesson mode */
    int dirty;           /* new results or textures: draw a frame */
    TeachWorker *tw;
    TeachResults *res; /* the UI's copy of the worker's results */
    long tex_seq;      /* results the textures were made from */
    Rect area, band;   /* the teaching panel; the lesson's equation band (w 0: none) */
    float scroll;      /* the panel's content when it is taller than the panel */
    uint64_t sel_key;
    float walk_a[DIGIT_PIXELS], walk_b[DIGIT_PIXELS];
    int n_walk;
    /* requests */
    uint64_t req_sel;
    long req_step, req_model;
    float req_region[4];
    int req_want, req_tab, req_idle;
    double req_t;
    /* textures */
    unsigned heat_tex, zoom_tex, agg_tex, prior_tex, walk_tex, samples_tex;
    long walk_version, samples_version;
    uint64_t samples_seed;
    Lesson les;
    char lesson_path[1024];
} TeachPanel;

/* ---------------------------------------------------------------- for the shell */

/* Reads a --lesson file (lesson_path may be NULL) before the training worker starts; the
 * lesson may choose the data (*data_arg then points into the panel). An unreadable file
 * gets a one-line error on stderr and is ignored. Returns NULL when out of memory. */
TeachPanel *teach_create(const char *lesson_path, const char **data_arg);
/* After the worker started: starts the teaching thread, and posts a lesson's settings
 * (worker commands, language, INTENT_LESSON on). */
void teach_start(TeachPanel *t, uint32_t wake_event, Ui *u, const Snapshot *snap);
void teach_destroy(TeachPanel *t);
int teach_on(const TeachPanel *t);        /* teach mode: the left column is the teaching area */
int teach_lesson_on(const TeachPanel *t); /* lesson (projector) mode */
/* On INTENT_TEACH. In lesson mode the shell first leaves it (teach_set_lesson(t, 0, s),
 * for the scale from before); otherwise this leaves it without a scale change. */
void teach_toggle(TeachPanel *t);
/* On INTENT_LESSON: on or off; returns the interface scale to switch to (the lesson's,
 * or 1.2, when turned on; the one from before when turned off), or 0 for no change. */
float teach_set_lesson(TeachPanel *t, int on, float current_scale);
/* From the layout: the teaching panel, and in lesson mode the equation band (w 0 else). */
void teach_set_rects(TeachPanel *t, Rect area, Rect band);
float teach_lesson_band_height(void);
/* The true posterior's heatmap over the latent map (f->view->area), after the map. */
void teach_draw_map_overlay(TeachPanel *t, const Frame *f);
/* The teaching panel ("teach": tabs, caption, the view) and in lesson mode the equation
 * band ("band") with the Teach / Lesson buttons in its corner. */
void teach_draw(TeachPanel *t, const Frame *f);
/* Tab, L, 1-7, E and Ctrl+L (sym, mod: SDL_Keycode, SDL_Keymod); 1 when taken. */
int teach_key(TeachPanel *t, const Frame *f, int sym, int mod);
/* A dropped .lesson file: opens it; 1 when taken (any other file: 0). */
int teach_drop(TeachPanel *t, const Frame *f, const char *path);
/* Returns and clears "new results or textures: draw a frame". */
int teach_dirty(TeachPanel *t);

/* ---------------------------------------------------------------- between teach_*.c */

/* Whether the per-image results are for the current selection and model. */
static inline int teach_results_current(const TeachPanel *t, const Frame *f) {
    const TeachResults *r = t->res;
    return r->sel_key == t->sel_key && r->model_id == f->snap->model_id;
}

/* teach_draw.c: drawing helpers (no state) */
typedef struct {
    Rect r;
    double x0, x1, y0, y1;
    int logx;
} Axes;
float teach_caption(const Ui *u, Rect r, StrId id);
void teach_message(const Ui *u, Rect r, StrId id); /* a bold wrapped notice in a view */
void teach_wait(const Ui *u, Rect r);              /* "Computing ..." */
void teach_heat_rgba(const float *grid, int g, float gamma, int opaque, uint8_t *rgba);
void teach_heat_rgba_max(const float *grid, int g, float mx, float gamma, int opaque, uint8_t *rgba);
unsigned teach_texture(unsigned tex, int g, const uint8_t *rgba);
float axes_x(const Axes *ax, double v);
float axes_y(const Axes *ax, double v);
void axes_draw(const Ui *u, const Axes *ax, const char *xlabel, const char *ylabel);
void teach_ellipses(const Ui *u, Rect r, const float *region, const float *mu, const float *logvar, Color c,
                    int dashed);
void teach_legend_line(const Ui *u, float x, float y, Color c, const char *label, int dashed);
float teach_legend_width(const char *label);
void teach_dashed_line(float x0, float y0, float x1, float y1, float thick, Color c);
Color teach_gap_colour(const Ui *u);
Color teach_logpx_colour(const Ui *u);
/* Drawing restricted to r inside the Ui's current clip; teach_unclip goes back to it. */
void teach_clip(const Ui *u, Rect r);
void teach_unclip(const Ui *u);
/* teach_views.c: views 1-3 and the equation band's text */
void teach_view_posterior(TeachPanel *t, const Frame *f, Rect r);
void teach_view_identity(TeachPanel *t, const Frame *f, Rect r);
void teach_view_sampling(TeachPanel *t, const Frame *f, Rect r);
void teach_equation_band(TeachPanel *t, const Frame *f, Rect r, float reserve_right);
/* teach_more.c: views 4-7 */
void teach_view_beta(TeachPanel *t, const Frame *f, Rect r);
void teach_view_aggregate(TeachPanel *t, const Frame *f, Rect r);
void teach_view_amortisation(TeachPanel *t, const Frame *f, Rect r);
void teach_view_walks(TeachPanel *t, const Frame *f, Rect r);
void teach_new_samples(TeachPanel *t);
/* The aggregate density and N(0, I) on one colour scale (the larger peak). */
void teach_agg_prior_rgba(const float *agg, const float *region, int g, uint8_t *agg_rgba, uint8_t *prior_rgba);
/* teach_lesson.c: a lesson from the window's state, and a lesson applied by intents */
void lesson_capture(Lesson *l, const TeachPanel *t, const Frame *f);
void lesson_apply(TeachPanel *t, Ui *u, const Snapshot *s, const Lesson *l);

#endif
