/* app.h - the state of the window (one App struct) shared by the gui*.c files.
 *
 * Owns: the App struct, the theme, the panel layout and the functions each gui file
 * exports to the others. A frame is: SDL events into App (gui_events.c), then build
 * and draw every panel (gui_frame.c and the panel files), then swap.
 * Must not: be touched from the worker thread (the worker sees only its queue). */
#ifndef VAE_GUI_APP_H
#define VAE_GUI_APP_H

#include <SDL.h>
#include <stdint.h>

#include "render.h"
#include "strings.h"
#include "text.h"
#include "vae.h"
#include "worker.h"

#define DIGIT 28
#define DIGIT_PIXELS (DIGIT * DIGIT)

typedef struct {
    Color bg, panel, border, text, muted, faint, grid, accent, accent_text;
    Color button, button_hover, button_on, error_bg, error_text, ok_bg, shadow;
    Color recon, kl, elbo, cursor, posterior, prior;
} Theme;

typedef struct {
    Rect header, plot, controls, map, decoded, input;
    Rect plot_area;  /* inside the axes */
    Rect map_area;   /* the square latent plane */
    Rect digit_big;  /* the decoded digit */
    Rect shot_banner;
} Layout;

typedef enum {
    DIALOG_NONE = 0,
    DIALOG_CONFIRM_RESTART,
    DIALOG_CONFIRM_DATA,
    DIALOG_PROMPT_SAVE,
    DIALOG_PROMPT_OPEN,
    DIALOG_PROMPT_FOLDER,
    DIALOG_CONFIRM_AUTOSAVE,
} DialogKind;

typedef enum { SEL_NONE = 0, SEL_DROPPED, SEL_PICKED } SelKind;

typedef struct {
    SelKind kind;
    char name[256];
    int index, label;               /* for a picked test image */
    float x[DIGIT_PIXELS];          /* the 28x28 input */
    float mu[VAE_MAX_LATENT], logvar[VAE_MAX_LATENT];
    uint8_t recon[DIGIT_PIXELS];
    unsigned orig_tex, input_tex, recon_tex;
    int orig_w, orig_h;
    char error[MSG_LEN];            /* the last failed drop */
} Selection;

typedef struct {
    /* options */
    const char *screenshot_path;
    double quit_after;
    const char *key_shot_prefix;
    int write_layout;
    double bench_seconds;
    int verbose;
    long min_steps;          /* the --quit-after screenshot waits for this many steps */
    const char *status_file; /* written a few times a second: step, scatter step, state */
    const char *lesson_path; /* --lesson FILE (teach_lesson.c) */
} AppOptions;

typedef struct {
    AppOptions opt;
    SDL_Window *win;
    SDL_GLContext gl;
    int win_w, win_h, fb_w, fb_h;
    float dpi, ui_scale, s, W, H; /* s = pixels per unit; W, H in units */
    int fullscreen, dark, running, dirty;
    Theme th;
    Layout L;
    /* worker */
    Worker *worker;
    Snapshot *snap;
    uint32_t wake_event;
    long seen_version, seen_model_id;
    int seen_msg_seq;
    /* pointer and widgets */
    float mx, my;
    int mouse_down, clicked, active_id, hot_id;
    float click_x, click_y;
    /* plot */
    int plot_log;
    /* map */
    float view_cx, view_cy, view_span;
    int dim_x, dim_y, slider_dim;
    float zvec[VAE_MAX_LATENT];     /* the cursor's latent vector (all dims) */
    int has_cursor, dragging;       /* 1 decode, 2 pan */
    float press_x, press_y, pan_cx, pan_cy;
    uint8_t decoded[DIGIT_PIXELS];
    unsigned decoded_tex;
    double decode_us_last;
    int manifold, manifold_dirty, manifold_g;
    unsigned manifold_tex;
    double manifold_time;
    float manifold_view[3];
    Selection sel;
    struct TeachUi *teach;          /* the teaching views (teach_ui.h); NULL if not started */
    /* controls the user asked for */
    float lr, beta;
    int batch;
    DialogKind dialog;
    VaeConfig pending_cfg;
    int autosave_epoch;             /* DIALOG_CONFIRM_AUTOSAVE: what was found */
    char autosave_when[32];
    int pending_data;
    char field[1024];
    int help, skip_text;
    float controls_scroll;           /* when the controls panel is too short */
    Rect widget_clip;                /* widgets take clicks only inside this (w 0 = anywhere) */
    /* messages */
    char toast[MSG_LEN + 128];
    int toast_error;
    double toast_until;
    /* screenshots */
    int shot_count;
    int quit_when_shot;
    char shot_request[1024];
    /* timing */
    double t_start, next_frame;
    int frames;
    double first_frame_unix; /* wall-clock time the first frame was shown (the start-up benchmark) */
    double *frame_ms, *frame_cpu_ms;
    int n_frame_ms, cap_frame_ms;
    double *decode_us;
    int n_decode_us, cap_decode_us;
} App;

/* gui_main.c */
double app_now(void);
void app_toast(App *a, int error, const char *fmt, ...);
void app_set_scale(App *a, float scale);
void app_set_lang(App *a, UiLang lang);
void app_set_theme(App *a, int dark);
void app_request_shot(App *a, const char *path);

/* gui_layout.c */
void layout_compute(App *a);
void theme_init(Theme *th, int dark);
extern const uint32_t class_palette[10];
const char *class_name(const App *a, int label, char *buf, size_t len);

/* ui.c: widgets (immediate mode) */
void ui_panel(App *a, Rect r, const char *title);
int ui_button(App *a, int id, Rect r, const char *label, int on);
int ui_slider(App *a, int id, Rect r, float *t01);
void ui_label_value(App *a, Rect r, const char *label, const char *value);
void ui_tooltip(App *a, float x, float y, const char *s);

/* gui_plot.c */
void plot_draw(App *a);
float plot_legend_height(App *a);
/* gui_map.c */
void map_draw(App *a);
void map_to_screen(const App *a, float z0, float z1, float *sx, float *sy);
void map_to_latent(const App *a, float sx, float sy, float *z0, float *z1);
void map_decode_cursor(App *a);
void map_update_manifold(App *a);
int map_pick(App *a, float sx, float sy);
void map_reset_view(App *a);
/* gui_digits.c */
void digits_draw_decoded(App *a);
void digits_draw_input(App *a);
void digits_drop_file(App *a, const char *path);
void digits_pick(App *a, int index);
void digits_refresh(App *a);
void digits_clear(App *a);
/* gui_controls.c */
void controls_draw(App *a);
void controls_scroll(App *a, float dy);
void header_draw(App *a);
void controls_lr_step(App *a, int dir);
void controls_beta_step(App *a, int dir);
void controls_batch_step(App *a, int dir);
void controls_latent_step(App *a, int dir);
void controls_hidden_next(App *a);
void controls_dataset_next(App *a);
void controls_open_prompt(App *a, DialogKind kind);
/* gui_overlay.c */
void overlay_draw(App *a);
int overlay_key(App *a, const SDL_Keysym *k);
void overlay_text(App *a, const char *s);
void overlay_confirm(App *a);
void overlay_cancel(App *a);
/* gui_events.c */
void events_handle(App *a, const SDL_Event *ev);
/* gui_shot.c */
int shot_write_png(const char *path, int w, int h, const uint8_t *rgb);
void shot_write_layout(const App *a, const char *png_path);
/* gui_frame.c */
void frame_render(App *a);
/* teach_ui.c: the teaching views' hooks (issue 4; the rest is in teach_ui.h) */
void teach_ui_start(App *a, const char **data_arg); /* before the training worker starts */
void teach_ui_after_worker(App *a);
void teach_ui_stop(App *a);
int teach_ui_on(const App *a);        /* the left column is the teaching area */
int teach_ui_lesson_on(const App *a); /* the projector layout */
void teach_ui_layout(App *a);         /* at the end of layout_compute */
void teach_ui_draw(App *a);           /* after map_draw */
void teach_ui_header(App *a);         /* after header_draw: the Teach / Lesson buttons */
int teach_ui_key(App *a, const SDL_Keysym *k);
int teach_ui_drop(App *a, const char *path); /* 1 when it took the file (a .lesson) */

#endif
