/* shell.c - gui_main(): the window's start (options, saved state, a window that fits the
 * display, SDL/GL, the worker and the teaching thread), the event loop that paces frames
 * (at most 60 per second, none when nothing changed) and picks up the worker's
 * snapshots, and the orderly end (saving the window's state).
 * Owns: App's lifetime, the frame-time benchmark (--bench), the status file.
 * Must not: wait on the worker (worker_take never blocks on training). */
#include <cblas.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "autosave.h"
#include "clock.h"
#include "config.h"
#include "gl_funcs.h"
#include "gui.h"
#include "options.h"

#define FRAME_S (1.0 / 60.0)

/* ---------------------------------------------------------------- window */

/* The first window fits the display: the saved size if it still fits (a stale value
 * from a larger screen is clamped), else 1280x800 or three quarters of the usable area,
 * whichever is larger, never more than the usable area. --window WxH wins. */
static void window_geometry(const App *a, const WindowConfig *c, int *x, int *y, int *w, int *h) {
    SDL_Rect use = {0, 0, 1280, 800};
    if (SDL_GetDisplayUsableBounds(0, &use) != 0 || use.w < 320 || use.h < 240) use = (SDL_Rect){0, 0, 1280, 800};
    *w = (int)fmin(use.w, fmax(1280, use.w * 0.75));
    *h = (int)fmin(use.h, fmax(800, use.h * 0.75));
    if (c->has_size) {
        *w = c->w < use.w ? c->w : use.w;
        *h = c->h < use.h ? c->h : use.h;
    }
    if (a->opt.win_w > 0) {
        *w = a->opt.win_w;
        *h = a->opt.win_h;
    }
    *x = (int)SDL_WINDOWPOS_CENTERED;
    *y = (int)SDL_WINDOWPOS_CENTERED;
    if (c->has_pos && c->x >= use.x && c->y >= use.y && c->x + *w <= use.x + use.w && c->y + *h <= use.y + use.h) {
        *x = c->x; /* only a position that puts the whole window on the display */
        *y = c->y;
    }
}

static int open_window(App *a, const WindowConfig *c) {
    char err[512];
    const char *missing = "";
    int x, y, w, h;
    window_geometry(a, c, &x, &y, &w, &h);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (c->fullscreen && a->opt.win_w == 0) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    a->win = SDL_CreateWindow(tr(STR_APP_TITLE), x, y, w, h, flags);
    if (!a->win || !(a->gl = SDL_GL_CreateContext(a->win))) {
        fprintf(stderr, "vae-explorer: cannot open an OpenGL 3.3 window: %s\n", SDL_GetError());
        return -1;
    }
    a->fullscreen = (flags & SDL_WINDOW_FULLSCREEN_DESKTOP) != 0;
    SDL_SetWindowMinimumSize(a->win, 320, 240);
    SDL_GL_SetSwapInterval(1); /* fails under Xvfb: the loop paces frames itself */
    if (gl_load(&missing) != 0) {
        fprintf(stderr, "vae-explorer: OpenGL function %s missing\n", missing);
        return -1;
    }
    if (render_init(err, sizeof err) != 0 || text_init(err, sizeof err) != 0) {
        fprintf(stderr, "vae-explorer: %s\n", err);
        return -1;
    }
    return 0;
}

static void save_window_state(const App *a) {
    WindowConfig c;
    memset(&c, 0, sizeof c);
    if (a->opt.no_config || !a->win) return;
    c.fullscreen = a->fullscreen;
    if (!a->fullscreen) { /* full screen keeps the windowed size from before */
        SDL_GetWindowPosition(a->win, &c.x, &c.y);
        SDL_GetWindowSize(a->win, &c.w, &c.h);
    } else {
        WindowConfig old;
        config_load(&old);
        c.x = old.x, c.y = old.y, c.w = old.has_size ? old.w : 1280, c.h = old.has_size ? old.h : 800;
    }
    float lesson_scale = a->teach && teach_lesson_on(a->teach) ? 0.f : a->ui_scale;
    c.scale = lesson_scale > 0.f ? lesson_scale : 1.f;
    c.has_lang = a->lang_kept;
    c.has_data = a->snap && (a->snap->dataset == DATASET_MNIST || a->snap->dataset == DATASET_FASHION) &&
                 a->snap->state != WORKER_ERROR;
    c.data = c.has_data && a->snap->dataset == DATASET_FASHION;
    c.lang = (int)ui_lang_get();
    c.dark = a->ui.dark;
    config_save(&c);
}

static void close_window(App *a) {
    text_shutdown();
    render_shutdown();
    if (a->gl) SDL_GL_DeleteContext(a->gl);
    if (a->win) SDL_DestroyWindow(a->win);
}

/* ---------------------------------------------------------------- snapshots */

static void on_new_model(App *a) {
    const Snapshot *s = a->snap;
    a->seen_model_id = s->model_id;
    map_new_model(&a->map, s->vae ? s->vae->cfg.latent_dim : 2);
    layout_compute(a);
}

/* Bytes malloc has handed out and not had back, over every arena and the mmapped
 * chunks: what the soak test watches (resident size also counts freed pages the
 * allocator keeps, and so swings with transient buffers). */
static size_t heap_in_use(void) {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* For scripts: the training progress and what the window shows as "key value" lines,
 * replaced atomically; the loop writes it when something changed (a snapshot, a frame),
 * at most every 0.2 s, and wakes for a pending write. */
static void write_status(App *a) {
    char tmp[1100];
    const Snapshot *s = a->snap;
    if (!a->opt.status_file) return;
    snprintf(tmp, sizeof tmp, "%s.tmp", a->opt.status_file);
    FILE *f = fopen(tmp, "w");
    if (!f) return;
    fprintf(f,
            "step %ld\nepoch %d\nscatter_step %ld\nstate %d\nframes %d\nheap_kb %zu\nfirst_frame_unix %.6f\n"
            "lr %g\nbeta %g\nbatch %d\nscale %.3f\nwindow %d %d\ndialog %d\nfield_len %zu\npage %d\ndataset %d\n",
            s->step, s->epoch, s->scatter_step, (int)s->state, a->frames, heap_in_use() / 1024, a->first_frame_unix,
            (double)s->lr, (double)s->beta, s->batch, (double)a->ui_scale, a->fb_w, a->fb_h, (int)a->overlay.dialog,
            strlen(a->overlay.field), a->page, (int)s->dataset);
    fclose(f);
    rename(tmp, a->opt.status_file);
}

static void take_snapshot(App *a) {
    if (!worker_take(a->worker, &a->snap)) return;
    const Snapshot *s = a->snap;
    if (s->model_id != a->seen_model_id) on_new_model(a);
    if (s->msg_seq != a->seen_msg_seq) {
        char buf[MSG_LEN + 128];
        a->seen_msg_seq = s->msg_seq;
        if (s->msg_id >= 0)
            snprintf(buf, sizeof buf, tr((StrId)s->msg_id), s->msg);
        else
            snprintf(buf, sizeof buf, "%s", s->msg);
        overlay_toast(&a->overlay, s->msg_error, buf, clock_now());
    }
    if (s->vae) {
        Frame f = app_frame(a);
        map_decode_cursor(&a->map, &f);
        digits_refresh(&a->digits, &f);
        if (a->map.manifold && clock_now() - a->map.manifold_time > 0.5) a->map.manifold_dirty = 1;
    }
    a->status_dirty = 1; /* written by the loop, at most 5 times a second */
    a->dirty = 1;
}

static void update_title(App *a) {
    static char last[160];
    char buf[160];
    const Snapshot *s = a->snap;
    if (s->state == WORKER_RUNNING || s->state == WORKER_PAUSED)
        snprintf(buf, sizeof buf, "%s - %s, %s %d", tr(STR_APP_TITLE),
                 tr(s->state == WORKER_RUNNING ? STR_STATUS_TRAINING : STR_STATUS_PAUSED), s->dataset_name,
                 s->epoch + 1);
    else
        snprintf(buf, sizeof buf, "%s", tr(STR_APP_TITLE));
    if (strcmp(buf, last) != 0) {
        SDL_SetWindowTitle(a->win, buf);
        memcpy(last, buf, sizeof last);
    }
}

/* ---------------------------------------------------------------- loop */

static void bench_step(App *a) {
    Rect r = a->map.view.area;
    double t = clock_now() - a->t_start;
    float x = r.x + r.w * (0.5f + 0.35f * (float)cos(t * 2.0)), y = r.y + r.h * (0.5f + 0.35f * (float)sin(t * 2.0));
    SDL_Event ev;
    memset(&ev, 0, sizeof ev); /* a real motion event through the normal path */
    ev.type = SDL_MOUSEMOTION;
    ev.motion.x = (int)(x * a->ui_scale);
    ev.motion.y = (int)(y * a->ui_scale);
    a->map.dragging = 1;
    events_handle(a, &ev);
    a->dirty = 1;
}

static int cmp_double(const void *p, const void *q) {
    double x = *(const double *)p, y = *(const double *)q;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p) {
    if (n == 0) return 0.0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[(int)fmin(n - 1, floor(p * n))];
}

static void bench_report(App *a) {
    int nf = a->n_frame_ms, nd = a->map.n_decode_us;
    double f50 = pct(a->frame_ms, nf, 0.5), f99 = pct(a->frame_ms, nf, 0.99), fmax = nf ? a->frame_ms[nf - 1] : 0;
    double d50 = pct(a->map.decode_us, nd, 0.5), d99 = pct(a->map.decode_us, nd, 0.99);
    double c50 = pct(a->frame_cpu_ms, nf, 0.5), c99 = pct(a->frame_cpu_ms, nf, 0.99);
    printf("frames=%d frame_ms_median=%.2f frame_ms_p99=%.2f frame_ms_max=%.2f frame_cpu_ms_median=%.2f "
           "frame_cpu_ms_p99=%.2f decode_us_median=%.1f decode_us_p99=%.1f decodes=%d train_step=%ld "
           "samples_per_s=%.0f size=%dx%d\n",
           nf, f50, f99, fmax, c50, c99, d50, d99, nd, a->snap->step, a->snap->samples_per_s, a->fb_w, a->fb_h);
}

static double wait_seconds(App *a, double now) {
    double next = now + 0.25; /* timers: toasts, quit-after */
    const OverlayPanel *o = &a->overlay;
    if (a->dirty || a->opt.bench_seconds > 0) next = a->next_frame;
    if (o->toast[0] && o->toast_until > now && o->toast_until < next) next = o->toast_until;
    if (a->status_dirty && a->opt.status_file && a->status_time + 0.2 < next) next = a->status_time + 0.2;
    if (a->opt.quit_after > 0 && a->t_start + a->opt.quit_after < next) next = a->t_start + a->opt.quit_after;
    return next - now;
}

static void timers(App *a, double now) {
    static double next_trim;
    if (now >= next_trim) { /* three threads allocate: give freed arena pages back */
        malloc_trim(0);
        next_trim = now + 5.0;
    }
    if (a->overlay.toast[0] && now > a->overlay.toast_until) {
        a->overlay.toast[0] = 0;
        a->dirty = 1;
    }
    int trained = a->snap->state == WORKER_ERROR ||
                  (a->snap->step >= a->opt.min_steps && a->snap->scatter_step >= a->opt.min_steps);
    if (a->opt.quit_after > 0 && now - a->t_start >= a->opt.quit_after && trained && !a->quit_when_shot) {
        a->quit_when_shot = 1;
        if (a->opt.screenshot_path)
            snprintf(a->shot_request, sizeof a->shot_request, "%s", a->opt.screenshot_path);
        else
            a->running = 0;
        a->dirty = 1;
        a->next_frame = now;
    }
    if (a->opt.bench_seconds > 0 && now - a->t_start >= a->opt.bench_seconds + 2.0) a->running = 0;
}

/* CPU time of this thread: with LP_NUM_THREADS=0 llvmpipe rasterises here, so this is
 * the frame's whole cost whatever else runs on the machine. */
static double thread_cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void run_frame(App *a, double now) {
    int measure = a->opt.bench_seconds > 0 && now - a->t_start > 2.0; /* after warm-up */
    if (a->opt.bench_seconds > 0 && a->snap->vae) bench_step(a);
    double t0 = clock_now(), c0 = thread_cpu_s();
    update_title(a);
    frame_render(a);
    app_apply_intents(a);
    a->status_dirty = 1;
    double ms = (clock_now() - t0) * 1e3;
    if (measure && a->n_frame_ms < a->cap_frame_ms) {
        a->frame_cpu_ms[a->n_frame_ms] = (thread_cpu_s() - c0) * 1e3;
        a->frame_ms[a->n_frame_ms++] = ms;
    }
    if (!measure) a->map.n_decode_us = 0;
    a->next_frame = fmax(now + FRAME_S * 0.5, a->next_frame + FRAME_S);
    if (a->next_frame < now) a->next_frame = now + FRAME_S;
}

static int panels_dirty(App *a) {
    int d = a->ui.dirty || a->map.dirty || a->digits.dirty || (a->teach && teach_dirty(a->teach));
    a->ui.dirty = a->map.dirty = a->digits.dirty = 0;
    return d;
}

static void loop(App *a) {
    SDL_Event ev;
    while (a->running) {
        double now = clock_now(), wait = wait_seconds(a, now);
        int got = wait > 0 ? SDL_WaitEventTimeout(&ev, (int)ceil(wait * 1000.0)) : SDL_PollEvent(&ev);
        while (got) {
            events_handle(a, &ev);
            got = SDL_PollEvent(&ev);
        }
        app_apply_intents(a); /* what keys and gestures asked for */
        take_snapshot(a);
        now = clock_now();
        timers(a, now);
        if (panels_dirty(a) || a->opt.bench_seconds > 0) a->dirty = 1; /* the benchmark drags the cursor every frame */
        if (a->dirty && now >= a->next_frame) run_frame(a, now);
        if (a->status_dirty && now - a->status_time > 0.2) { /* for scripts, a few times a second */
            write_status(a);
            a->status_time = now;
            a->status_dirty = 0;
        }
    }
}

/* ---------------------------------------------------------------- main */

static void app_defaults(App *a, const GuiArgs *g) {
    a->opt = g->app;
    a->running = 1;
    a->dirty = 1;
    a->ui.dark = !g->light;
    theme_init(&a->ui.th, a->ui.dark);
    a->seen_model_id = -1;
    a->ui.mx = a->ui.my = -1000.f;
    map_init(&a->map);
    if (a->opt.bench_seconds > 0) {
        a->cap_frame_ms = a->map.cap_decode_us = 200000;
        a->frame_ms = malloc(sizeof(double) * (size_t)a->cap_frame_ms);
        a->frame_cpu_ms = malloc(sizeof(double) * (size_t)a->cap_frame_ms);
        a->map.decode_us = malloc(sizeof(double) * (size_t)a->map.cap_decode_us);
    }
}

/* A model autosaved by an earlier session is offered (not when a model was named). */
static void offer_autosave(App *a, const GuiArgs *g) {
    char path[1024];
    OverlayPanel *o = &a->overlay;
    if (g->w.model_path || a->opt.screenshot_path) return;
    if (autosave_found(path, sizeof path, &o->autosave_epoch, o->autosave_when, sizeof o->autosave_when))
        o->dialog = DIALOG_CONFIRM_AUTOSAVE;
}

/* Mesa's software rasteriser (llvmpipe, what a machine without a GPU draws with) starts
 * one thread per core. On two cores or fewer the worker trains on one of them, and those
 * threads then fight it and the UI thread for the other: bench/frame_time.sh gave p99
 * 12.0 ms in-thread against 16.2 ms threaded on a busy two-core machine (equal, 12.7 ms,
 * on a quiet one). A user's own LP_NUM_THREADS wins; hardware drivers ignore it. */
static void prefer_inline_rasteriser(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores <= 2 && !getenv("LP_NUM_THREADS")) setenv("LP_NUM_THREADS", "0", 0);
}

/* The saved scale, language and theme apply unless the command line chose. */
static void apply_config(GuiArgs *g, const WindowConfig *c, int lang_from_cli) {
    if (g->scale <= 0.f) g->scale = c->has_scale ? c->scale : 1.f;
    if (!lang_from_cli && c->has_lang) g->lang = c->lang;
    if (!g->light && c->has_dark) g->light = !c->dark;
    if (!g->w.data_arg && !g->app.lesson_path && c->has_data) /* the dataset of the last run */
        g->w.data_arg = c->data ? "fashion" : "mnist";
}

static int start(App *a, GuiArgs *g, const WindowConfig *c) {
    prefer_inline_rasteriser();
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "vae-explorer: SDL: %s\n", SDL_GetError());
        return -1;
    }
    if (open_window(a, c) != 0) return -1;
    if (text_set_lang((UiLang)g->lang) != 0) {
        fprintf(stderr, "vae-explorer: no Korean font (fonts-nanum); using English\n");
        g->lang = LANG_EN;
    }
    ui_lang_set((UiLang)g->lang);
    app_about_line(a);
    openblas_set_num_threads(1); /* the UI keeps the other core */
    a->wake_event = SDL_RegisterEvents(1);
    g->w.wake_event = a->wake_event;
    a->teach = teach_create(a->opt.lesson_path, &g->w.data_arg); /* a lesson file may choose the data */
    a->worker = worker_start(&g->w);
    if (!a->worker) {
        fprintf(stderr, "vae-explorer: cannot start the training thread\n");
        return -1;
    }
    a->snap = worker_first_snapshot(a->worker);
    app_set_scale(a, g->scale);
    if (a->teach) teach_start(a->teach, a->wake_event, &a->ui, a->snap);
    offer_autosave(a, g);
    return 0;
}

int gui_main(int argc, char **argv) {
    static App app;
    GuiArgs g;
    WindowConfig cfg;
    memset(&g, 0, sizeof g);
    memset(&cfg, 0, sizeof cfg);
    g.lang = -1;
    int pr = options_parse(argc, argv, &g);
    if (pr != 0) return pr > 0 ? 0 : 2;
    int lang_from_cli = g.lang >= 0;
    if (!lang_from_cli) g.lang = (int)ui_lang_from_env();
    if (!g.app.no_config) config_load(&cfg);
    apply_config(&g, &cfg, lang_from_cli);
    App *a = &app;
    app_defaults(a, &g);
    a->lang_kept = cfg.has_lang;
    int rc = 0;
    a->t_start = clock_now();
    if (start(a, &g, &cfg) == 0) {
        a->next_frame = clock_now();
        loop(a);
        if (a->opt.bench_seconds > 0) bench_report(a);
        save_window_state(a);
    } else {
        rc = 1;
    }
    teach_destroy(a->teach); /* its thread first: it holds a reference to test images */
    worker_stop(a->worker);
    close_window(a);
    free(a->frame_ms);
    free(a->frame_cpu_ms);
    free(a->map.decode_us);
    SDL_Quit();
    return rc;
}
