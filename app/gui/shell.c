/* shell.c - gui_main(): the window's options, SDL/GL set-up, the worker's start and
 * stop, and the event loop that paces frames (at most 60 per second, none when
 * nothing changed) and picks up the worker's snapshots.
 * Owns: App's lifetime, scale / language / theme switches, toasts, screenshots on
 * request and the frame-time benchmark (--bench).
 * Must not: wait on the worker (worker_take never blocks on training). */
#include <cblas.h>
#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gl_funcs.h"
#include "gui.h"
#include "autosave.h"
#include "app.h"

#define FRAME_S (1.0 / 60.0)

double app_now(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

void app_toast(App *a, int error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->toast, sizeof a->toast, fmt, ap);
    va_end(ap);
    a->toast_error = error;
    a->toast_until = app_now() + (error ? 10.0 : 5.0);
    a->dirty = 1;
}

void app_set_scale(App *a, float scale)
{
    a->ui_scale = fminf(fmaxf(scale, 0.6f), 3.f);
    SDL_GetWindowSize(a->win, &a->win_w, &a->win_h);
    SDL_GL_GetDrawableSize(a->win, &a->fb_w, &a->fb_h);
    a->dpi = a->win_w > 0 ? (float)a->fb_w / (float)a->win_w : 1.f;
    a->s = a->dpi * a->ui_scale;
    a->W = (float)a->fb_w / a->s;
    a->H = (float)a->fb_h / a->s;
    render_set_scale(a->s);
    layout_compute(a);
    a->manifold_dirty = 1;
    a->dirty = 1;
}

void app_set_lang(App *a, UiLang lang)
{
    if (text_set_lang(lang) != 0) {
        app_toast(a, 1, "%s", tr(STR_MSG_NO_KO_FONT));
        return;
    }
    ui_lang_set(lang);
    app_toast(a, 0, "%s", tr(STR_MSG_LANG));
}

void app_set_theme(App *a, int dark)
{
    a->dark = dark;
    theme_init(&a->th, dark);
    a->manifold_dirty = 1;
    a->dirty = 1;
}

void app_request_shot(App *a, const char *path)
{
    if (path) {
        snprintf(a->shot_request, sizeof a->shot_request, "%s", path);
    } else if (a->opt.key_shot_prefix) {
        snprintf(a->shot_request, sizeof a->shot_request, "%s%d.png", a->opt.key_shot_prefix, ++a->shot_count);
    } else {
        const char *home = getenv("HOME");
        char stamp[32];
        time_t t = time(NULL);
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&t));
        snprintf(a->shot_request, sizeof a->shot_request, "%s/vae-explorer-%s.png", home ? home : ".", stamp);
    }
    a->dirty = 1;
}

/* ---------------------------------------------------------------- options */

typedef struct {
    WorkerOptions w;
    AppOptions app;
    int lang, light;
    float scale;
} GuiArgs;

static void usage(void)
{
    fprintf(stderr,
            "usage: vae-explorer [--data DIR|mnist|fashion] [--model FILE] [--paused]\n"
            "                    [--lang ko|en] [--scale F] [--light]\n"
            "                    [--screenshot FILE [--quit-after SECONDS]] [--screenshot-on-key PREFIX]\n"
            "                    [--min-steps N] [--status-file FILE] [--write-layout]\n"
            "                    [--bench SECONDS] [--verbose] [--lesson FILE]\n");
}

static int parse_args(int argc, char **argv, GuiArgs *g)
{
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(o, "--data") && v) g->w.data_arg = v;
        else if (!strcmp(o, "--model") && v) g->w.model_path = v;
        else if (!strcmp(o, "--screenshot") && v) g->app.screenshot_path = v;
        else if (!strcmp(o, "--quit-after") && v) g->app.quit_after = atof(v);
        else if (!strcmp(o, "--screenshot-on-key") && v) g->app.key_shot_prefix = v;
        else if (!strcmp(o, "--bench") && v) g->app.bench_seconds = atof(v);
        else if (!strcmp(o, "--min-steps") && v) g->app.min_steps = atol(v);
        else if (!strcmp(o, "--status-file") && v) g->app.status_file = v;
        else if (!strcmp(o, "--lesson") && v) g->app.lesson_path = v;
        else if (!strcmp(o, "--scale") && v) g->scale = (float)atof(v);
        else if (!strcmp(o, "--lang") && v) {
            if ((g->lang = ui_lang_parse(v)) < 0) {
                fprintf(stderr, "vae-explorer: --lang takes ko or en\n");
                return -1;
            }
        } else {
            takes = 0;
            if (!strcmp(o, "--paused")) g->w.paused = 1;
            else if (!strcmp(o, "--light")) g->light = 1;
            else if (!strcmp(o, "--write-layout")) g->app.write_layout = 1;
            else if (!strcmp(o, "--verbose")) g->app.verbose = 1;
            else {
                usage();
                return !strcmp(o, "--help") || !strcmp(o, "-h") ? 1 : -1;
            }
        }
        i += takes;
    }
    if (g->app.screenshot_path && g->app.quit_after <= 0)
        g->app.quit_after = 5.0;
    return 0;
}

/* ---------------------------------------------------------------- window */

static int open_window(App *a)
{
    char err[512];
    const char *missing = "";
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    a->win = SDL_CreateWindow(tr(STR_APP_TITLE), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                              SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!a->win || !(a->gl = SDL_GL_CreateContext(a->win))) {
        fprintf(stderr, "vae-explorer: cannot open an OpenGL 3.3 window: %s\n", SDL_GetError());
        return -1;
    }
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

static void close_window(App *a)
{
    text_shutdown();
    render_shutdown();
    if (a->gl)
        SDL_GL_DeleteContext(a->gl);
    if (a->win)
        SDL_DestroyWindow(a->win);
}

/* ---------------------------------------------------------------- snapshots */

static void on_new_model(App *a)
{
    const Snapshot *s = a->snap;
    int Z = s->vae ? s->vae->cfg.latent_dim : 2;
    a->seen_model_id = s->model_id;
    a->lr = s->lr > 0 ? s->lr : a->lr;
    a->beta = s->beta;
    a->batch = s->batch > 0 ? s->batch : a->batch;
    if (a->dim_x >= Z || a->dim_y >= Z || a->dim_x == a->dim_y) {
        a->dim_x = 0;
        a->dim_y = Z > 1 ? 1 : 0;
    }
    for (int i = Z; i < VAE_MAX_LATENT; i++)
        a->zvec[i] = 0.f;
    layout_compute(a);
}

/* Bytes malloc has handed out and not had back, over every arena and the mmapped
 * chunks: what the soak test watches (resident size also counts freed pages the
 * allocator keeps, and so swings with transient buffers). */
static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* For scripts: the training progress as "key value" lines, replaced atomically. */
static void write_status(App *a)
{
    char tmp[1100];
    const Snapshot *s = a->snap;
    if (!a->opt.status_file) /* every snapshot (a few per second): the last one must land */
        return;
    snprintf(tmp, sizeof tmp, "%s.tmp", a->opt.status_file);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    fprintf(f, "step %ld\nepoch %d\nscatter_step %ld\nstate %d\nframes %d\nheap_kb %zu\nfirst_frame_unix %.6f\n",
            s->step, s->epoch, s->scatter_step, (int)s->state, a->frames, heap_in_use() / 1024,
            a->first_frame_unix);
    fclose(f);
    rename(tmp, a->opt.status_file);
}

static void take_snapshot(App *a)
{
    if (!worker_take(a->worker, &a->snap))
        return;
    const Snapshot *s = a->snap;
    if (s->model_id != a->seen_model_id)
        on_new_model(a);
    if (s->msg_seq != a->seen_msg_seq) {
        a->seen_msg_seq = s->msg_seq;
        if (s->msg_id >= 0)
            app_toast(a, s->msg_error, tr((StrId)s->msg_id), s->msg);
        else
            app_toast(a, s->msg_error, "%s", s->msg);
    }
    if (s->vae) {
        map_decode_cursor(a);
        digits_refresh(a);
        if (a->manifold && app_now() - a->manifold_time > 0.5)
            a->manifold_dirty = 1;
    }
    write_status(a);
    a->dirty = 1;
}

static void update_title(App *a)
{
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

static void bench_step(App *a)
{
    Rect r = a->L.map_area;
    double t = app_now() - a->t_start;
    float x = r.x + r.w * (0.5f + 0.35f * (float)cos(t * 2.0)), y = r.y + r.h * (0.5f + 0.35f * (float)sin(t * 2.0));
    SDL_Event ev;
    memset(&ev, 0, sizeof ev); /* a real motion event through the normal path */
    ev.type = SDL_MOUSEMOTION;
    ev.motion.x = (int)(x * a->ui_scale);
    ev.motion.y = (int)(y * a->ui_scale);
    a->dragging = 1;
    events_handle(a, &ev);
    a->dirty = 1;
}

static int cmp_double(const void *p, const void *q)
{
    double x = *(const double *)p, y = *(const double *)q;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
    if (n == 0)
        return 0.0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[(int)fmin(n - 1, floor(p * n))];
}

static void bench_report(App *a)
{
    int nf = a->n_frame_ms, nd = a->n_decode_us;
    double f50 = pct(a->frame_ms, nf, 0.5), f99 = pct(a->frame_ms, nf, 0.99), fmax = nf ? a->frame_ms[nf - 1] : 0;
    double d50 = pct(a->decode_us, nd, 0.5), d99 = pct(a->decode_us, nd, 0.99);
    double c50 = pct(a->frame_cpu_ms, nf, 0.5), c99 = pct(a->frame_cpu_ms, nf, 0.99);
    printf("frames=%d frame_ms_median=%.2f frame_ms_p99=%.2f frame_ms_max=%.2f frame_cpu_ms_median=%.2f "
           "frame_cpu_ms_p99=%.2f decode_us_median=%.1f decode_us_p99=%.1f decodes=%d train_step=%ld "
           "samples_per_s=%.0f size=%dx%d\n",
           nf, f50, f99, fmax, c50, c99, d50, d99, nd, a->snap->step, a->snap->samples_per_s, a->fb_w, a->fb_h);
}

static double wait_seconds(App *a, double now)
{
    double next = now + 0.25; /* timers: toasts, quit-after */
    if (a->dirty || a->opt.bench_seconds > 0)
        next = a->next_frame;
    if (a->toast[0] && a->toast_until > now && a->toast_until < next)
        next = a->toast_until;
    if (a->opt.quit_after > 0 && a->t_start + a->opt.quit_after < next)
        next = a->t_start + a->opt.quit_after;
    return next - now;
}

static void timers(App *a, double now)
{
    static double next_trim;
    if (now >= next_trim) { /* three threads allocate: give freed arena pages back */
        malloc_trim(0);
        next_trim = now + 5.0;
    }
    if (a->toast[0] && now > a->toast_until) {
        a->toast[0] = 0;
        a->dirty = 1;
    }
    int trained = a->snap->state == WORKER_ERROR ||
                  (a->snap->step >= a->opt.min_steps && a->snap->scatter_step >= a->opt.min_steps);
    if (a->opt.quit_after > 0 && now - a->t_start >= a->opt.quit_after && trained && !a->quit_when_shot) {
        a->quit_when_shot = 1;
        if (a->opt.screenshot_path)
            app_request_shot(a, a->opt.screenshot_path);
        else
            a->running = 0;
        a->dirty = 1;
        a->next_frame = now;
    }
    if (a->opt.bench_seconds > 0 && now - a->t_start >= a->opt.bench_seconds + 2.0)
        a->running = 0;
}

/* CPU time of this thread: with LP_NUM_THREADS=0 llvmpipe rasterises here, so this is
 * the frame's whole cost whatever else runs on the machine. */
static double thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void run_frame(App *a, double now)
{
    int measure = a->opt.bench_seconds > 0 && now - a->t_start > 2.0; /* after warm-up */
    if (a->opt.bench_seconds > 0 && a->snap->vae)
        bench_step(a);
    double t0 = app_now(), c0 = thread_cpu_s();
    update_title(a);
    frame_render(a);
    double ms = (app_now() - t0) * 1e3;
    if (measure && a->n_frame_ms < a->cap_frame_ms) {
        a->frame_cpu_ms[a->n_frame_ms] = (thread_cpu_s() - c0) * 1e3;
        a->frame_ms[a->n_frame_ms++] = ms;
    }
    if (!measure)
        a->n_decode_us = 0;
    a->next_frame = fmax(now + FRAME_S * 0.5, a->next_frame + FRAME_S);
    if (a->next_frame < now)
        a->next_frame = now + FRAME_S;
}

static void loop(App *a)
{
    SDL_Event ev;
    while (a->running) {
        double now = app_now(), wait = wait_seconds(a, now);
        int got = wait > 0 ? SDL_WaitEventTimeout(&ev, (int)ceil(wait * 1000.0)) : SDL_PollEvent(&ev);
        while (got) {
            events_handle(a, &ev);
            got = SDL_PollEvent(&ev);
        }
        take_snapshot(a);
        now = app_now();
        timers(a, now);
        if (a->opt.bench_seconds > 0)
            a->dirty = 1; /* the benchmark drags the cursor every frame */
        if (a->dirty && now >= a->next_frame)
            run_frame(a, now);
    }
}

/* ---------------------------------------------------------------- main */

static void app_defaults(App *a, const GuiArgs *g)
{
    a->opt = g->app;
    a->running = 1;
    a->dirty = 1;
    a->dark = !g->light;
    theme_init(&a->th, a->dark);
    a->lr = 1e-3f;
    a->beta = 1.f;
    a->batch = 128;
    a->dim_x = 0;
    a->dim_y = 1;
    a->has_cursor = 1; /* the prior's mean, until the user drags */
    a->seen_model_id = -1;
    a->mx = a->my = -1000.f;
    map_reset_view(a);
    if (a->opt.bench_seconds > 0) {
        a->cap_frame_ms = a->cap_decode_us = 200000;
        a->frame_ms = malloc(sizeof(double) * (size_t)a->cap_frame_ms);
        a->frame_cpu_ms = malloc(sizeof(double) * (size_t)a->cap_frame_ms);
        a->decode_us = malloc(sizeof(double) * (size_t)a->cap_decode_us);
    }
}

/* A model autosaved by an earlier session is offered (not when a model was named). */
static void offer_autosave(App *a, const GuiArgs *g)
{
    char path[1024];
    if (g->w.model_path || a->opt.screenshot_path)
        return;
    if (autosave_found(path, sizeof path, &a->autosave_epoch, a->autosave_when, sizeof a->autosave_when))
        a->dialog = DIALOG_CONFIRM_AUTOSAVE;
}

/* Mesa's software rasteriser (llvmpipe, what a machine without a GPU draws with) starts
 * one thread per core. On two cores or fewer the worker trains on one of them, and those
 * threads then fight it and the UI thread for the other: bench/frame_time.sh gave p99
 * 12.0 ms in-thread against 16.2 ms threaded on a busy two-core machine (equal, 12.7 ms,
 * on a quiet one). A user's own LP_NUM_THREADS wins; hardware drivers ignore it. */
static void prefer_inline_rasteriser(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores <= 2 && !getenv("LP_NUM_THREADS"))
        setenv("LP_NUM_THREADS", "0", 0);
}

static int start(App *a, GuiArgs *g)
{
    prefer_inline_rasteriser();
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "vae-explorer: SDL: %s\n", SDL_GetError());
        return -1;
    }
    if (open_window(a) != 0)
        return -1;
    if (text_set_lang((UiLang)g->lang) != 0) {
        fprintf(stderr, "vae-explorer: no Korean font (fonts-nanum); using English\n");
        g->lang = LANG_EN;
    }
    ui_lang_set((UiLang)g->lang);
    app_set_scale(a, g->scale > 0 ? g->scale : 1.f);
    openblas_set_num_threads(1); /* the UI keeps the other core */
    a->wake_event = SDL_RegisterEvents(1);
    g->w.wake_event = a->wake_event;
    teach_ui_start(a, &g->w.data_arg); /* a lesson file may choose the data */
    a->worker = worker_start(&g->w);
    if (!a->worker) {
        fprintf(stderr, "vae-explorer: cannot start the training thread\n");
        return -1;
    }
    a->snap = worker_first_snapshot(a->worker);
    teach_ui_after_worker(a);
    offer_autosave(a, g);
    return 0;
}

int gui_main(int argc, char **argv)
{
    static App app;
    GuiArgs g;
    memset(&g, 0, sizeof g);
    g.lang = (int)ui_lang_from_env();
    int pr = parse_args(argc, argv, &g);
    if (pr != 0)
        return pr > 0 ? 0 : 2;
    App *a = &app;
    app_defaults(a, &g);
    int rc = 0;
    a->t_start = app_now();
    if (start(a, &g) == 0) {
        a->next_frame = app_now();
        loop(a);
        if (a->opt.bench_seconds > 0)
            bench_report(a);
    } else {
        rc = 1;
    }
    teach_ui_stop(a); /* its thread first: it holds a reference to test images */
    worker_stop(a->worker);
    close_window(a);
    free(a->frame_ms);
    free(a->frame_cpu_ms);
    free(a->decode_us);
    SDL_Quit();
    return rc;
}
