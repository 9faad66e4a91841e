/* app.h - the window's shell: the App struct and the functions the shell's files
 * (shell.c, events.c, frame.c, layout.c, shot.c, config.c) share.
 *
 * Owns: App - the window and GL context, the options, the Ui context, the layout, the
 * worker and its newest snapshot, one state struct per panel, timing and benchmarks.
 * A frame is: SDL events into Ui and the panels' gestures (events.c), the layout for
 * the window's size, scale and mode (layout.c), every panel built and drawn
 * (frame.c), then the intents the panels posted carried out (shell.c).
 * Must not: be seen by the panels (they get a Frame and their own struct), or touched
 * from the worker thread (the worker sees only its queue). */
#ifndef VAE_GUI_APP_H
#define VAE_GUI_APP_H

#include <SDL.h>
#include <stdint.h>

#include "controls.h"
#include "digits.h"
#include "header.h"
#include "map.h"
#include "overlay.h"
#include "panel.h"
#include "plot.h"
#include "teach_panel.h"
#include "worker.h"

/* Where the panels are, in logical units; a panel not shown has w = 0. */
typedef struct {
    int mode; /* LAYOUT_WIDE, LAYOUT_TWO, LAYOUT_COMPACT, LAYOUT_LESSON */
    Rect header, tabs, plot, controls, map, decoded, input, teach, band;
} Layout;

enum { LAYOUT_WIDE = 0, LAYOUT_TWO, LAYOUT_COMPACT, LAYOUT_LESSON };
enum { PAGE_PLOT = 0, PAGE_CONTROLS, PAGE_MAP, PAGE_IMAGE, PAGE_TEACH, N_PAGES };

typedef struct {
    const char *screenshot_path;
    double quit_after;
    const char *key_shot_prefix;
    int write_layout;
    double bench_seconds;
    int verbose;
    long min_steps;          /* the --quit-after screenshot waits for this many steps */
    const char *status_file; /* written a few times a second: step, scatter step, state */
    const char *lesson_path; /* --lesson FILE */
    int win_w, win_h;        /* --window WxH (0: from the saved config or the display) */
    int no_config;           /* --no-config: neither read nor write the window config */
} AppOptions;

typedef struct {
    AppOptions opt;
    SDL_Window *win;
    SDL_GLContext gl;
    int win_w, win_h, fb_w, fb_h;
    float dpi, ui_scale; /* pixels per unit and the size in units are in ui (s, W, H) */
    int fullscreen, running, dirty;
    Ui ui;
    Layout L;
    int page;      /* the compact layout's page */
    int skip_text; /* the character typed with the key that opened a prompt */
    int lang_kept; /* a language chosen with F2, now or in an earlier run: saved with the state */
    /* worker */
    Worker *worker;
    Snapshot *snap;
    uint32_t wake_event;
    long seen_model_id;
    int seen_msg_seq;
    /* panels */
    HeaderPanel header;
    PlotPanel plot;
    ControlsPanel controls;
    MapPanel map;
    DigitsPanel digits;
    OverlayPanel overlay;
    TeachPanel *teach; /* NULL if it could not start */
    /* screenshots */
    int shot_count;
    int quit_when_shot;
    char shot_request[1024];
    /* timing */
    double t_start, next_frame, status_time;
    int status_dirty; /* the status file is behind what the window shows */
    int frames;
    double first_frame_unix; /* wall-clock time the first frame was shown (the start-up benchmark) */
    double *frame_ms, *frame_cpu_ms;
    int n_frame_ms, cap_frame_ms;
} App;

/* shell.c */
Frame app_frame(App *a);
void app_apply_intents(App *a);
void app_set_scale(App *a, float scale);
void app_about_line(App *a);
/* layout.c */
void layout_compute(App *a);
/* events.c */
void events_handle(App *a, const SDL_Event *ev);
/* frame.c */
void frame_render(App *a);
/* shot.c */
int shot_write_png(const char *path, int w, int h, const uint8_t *rgb);
void shot_write_layout(const App *a, const char *png_path);

#endif
