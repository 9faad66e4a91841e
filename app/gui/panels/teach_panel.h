/* teach_panel.h - the teaching views in the window (issue 4): a "Teach" mode that swaps
 * the left column for a tabbed teaching area (tabs 1-7) while the latent map stays,
 * a lesson mode for a projector, and the lesson file.
 *
 * Owns: TeachUi (App.teach), the hooks the gui files call (start/stop, layout, draw,
 * keys, drop), and the declarations shared by the teach_*.c files.
 * Must not: compute engine numbers on the UI thread beyond a few decodes (walks,
 * samples); everything else comes from teach_worker.c. */
#ifndef VAE_TEACH_UI_H
#define VAE_TEACH_UI_H

#include "app.h"
#include "teach_worker.h"

#define TEACH_TABS 7
#define WALK_N 10
#define SAMPLES_G 6

typedef struct {
    char data[1024], hidden[64], lang[8];
    int latent, batch, panels, has_select, select;
    float beta, lr, scale;
    uint64_t seed;
    int has_data, has_latent, has_hidden, has_beta, has_lr, has_batch, has_seed, has_lang, has_scale;
} Lesson;

typedef struct TeachUi {
    int on, lesson, tab;      /* tab 0..6 */
    int panels;               /* bit i: tab i is shown in lesson mode */
    float scale_before;       /* the interface scale before lesson mode */
    TeachWorker *tw;
    TeachResults *res;        /* the UI's copy of the worker's results */
    long tex_seq;             /* results the textures were made from */
    Rect area, band;          /* the teaching panel; the lesson's equation band */
    uint64_t sel_key;
    float walk_a[DIGIT_PIXELS], walk_b[DIGIT_PIXELS];
    int n_walk;
    /* requests */
    uint64_t req_sel;
    long req_step, req_model;
    float req_region[4];
    int req_want, req_tab;
    double req_t;
    /* textures */
    unsigned heat_tex, zoom_tex, agg_tex, prior_tex, walk_tex, samples_tex;
    long walk_version, samples_version;
    uint64_t samples_seed;
    Lesson les;
    char lesson_path[1024];
} TeachUi;

/* teach_ui.c (the hooks the gui files call are declared in gui_app.h) */
void teach_ui_toggle(App *a);
void teach_ui_set_lesson(App *a, int on);
void teach_ui_set_tab(App *a, int tab);

/* teach_draw.c: shared drawing helpers */
typedef struct {
    Rect r;
    double x0, x1, y0, y1;
    int logx;
} Axes;
float teach_caption(App *a, Rect r, StrId id);
void teach_heat_rgba(const float *grid, int g, float gamma, int opaque, uint8_t *rgba);
void teach_heat_rgba_max(const float *grid, int g, float mx, float gamma, int opaque, uint8_t *rgba);
unsigned teach_texture(unsigned tex, int g, const uint8_t *rgba);
float axes_x(const Axes *ax, double v);
float axes_y(const Axes *ax, double v);
void axes_draw(App *a, const Axes *ax, const char *xlabel, const char *ylabel);
void teach_ellipses(App *a, Rect r, const float *region, const float *mu, const float *logvar, Color c,
                    int dashed);
void teach_legend_line(App *a, float x, float y, Color c, const char *label, int dashed);
void teach_dashed_line(float x0, float y0, float x1, float y1, float thick, Color c);
Color teach_gap_colour(const App *a);
/* teach_views.c: tabs 1-3 and the equation band */
void teach_view_posterior(App *a, Rect r);
void teach_view_identity(App *a, Rect r);
void teach_view_sampling(App *a, Rect r);
void teach_equation_band(App *a, Rect r);
/* teach_more.c: tabs 4-7 */
void teach_view_beta(App *a, Rect r);
void teach_view_aggregate(App *a, Rect r);
void teach_view_amortisation(App *a, Rect r);
void teach_view_walks(App *a, Rect r);
void teach_new_samples(App *a);
/* The aggregate density and N(0, I) on one colour scale (the larger peak). */
void teach_agg_prior_rgba(const float *agg, const float *region, int g, uint8_t *agg_rgba, uint8_t *prior_rgba);
/* teach_lesson.c */
int lesson_read(const char *path, Lesson *l);
int lesson_write(const char *path, const Lesson *l);
void lesson_from_app(const App *a, Lesson *l);
void lesson_apply_before_worker(App *a, const Lesson *l, const char **data_arg);
void lesson_apply_to_worker(App *a, const Lesson *l);

#endif
