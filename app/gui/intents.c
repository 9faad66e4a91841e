/* intents.c - what the shell does for the panels after a frame (and after the events):
 * each intent a panel posted into the Ui is carried out here, in order.
 *
 * Owns: the Frame handed to the panels, the interface scale, toasts, screenshot
 * requests, the language and theme switches, worker commands (a command the queue
 * cannot take becomes an error toast, never a silent drop), dialogs and selections.
 * Must not: draw, or call events.c, frame.c or shell.c (they call this file). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "app.h"
#include "blas_kernel.h"
#include "clock.h"
#include "datadir.h"

#ifndef VAE_VERSION
#define VAE_VERSION "0.0.0-dev"
#endif

Frame app_frame(App *a) {
    Frame f = {.u = &a->ui,
               .snap = a->snap,
               .sel = &a->digits.sel,
               .view = &a->map.view,
               .now = clock_now(),
               .ui_scale = a->ui_scale};
    return f;
}

void app_set_scale(App *a, float scale) {
    a->ui_scale = fminf(fmaxf(scale, 0.5f), 3.f);
    SDL_GetWindowSize(a->win, &a->win_w, &a->win_h);
    SDL_GL_GetDrawableSize(a->win, &a->fb_w, &a->fb_h);
    a->dpi = a->win_w > 0 ? (float)a->fb_w / (float)a->win_w : 1.f;
    a->ui.s = a->dpi * a->ui_scale;
    a->ui.W = (float)a->fb_w / a->ui.s;
    a->ui.H = (float)a->fb_h / a->ui.s;
    render_set_scale(a->ui.s);
    layout_compute(a);
    a->map.manifold_dirty = 1;
    a->dirty = 1;
}

/* The keys overlay's last line: the version, OpenBLAS and the kernel it runs, and why. */
void app_about_line(App *a) {
    char version[32] = "?", why[160];
    const BlasPlan *p = blas_kernel_settled();
    const char *kernel = openblas_get_corename();
    if (sscanf(openblas_get_config(), "OpenBLAS %31s", version) != 1) snprintf(version, sizeof version, "?");
    BlasWhy w = p ? p->why : BLAS_WHY_OWN;
    switch (w) {
    case BLAS_WHY_STATIC:
        snprintf(why, sizeof why, "%s", tr(STR_KERNEL_WHY_STATIC));
        break;
    case BLAS_WHY_ENV:
        snprintf(why, sizeof why, "%s", tr(STR_KERNEL_WHY_ENV));
        break;
    case BLAS_WHY_CHOSEN:
        snprintf(why, sizeof why, tr(STR_KERNEL_WHY_CHOSEN), p->detected);
        break;
    case BLAS_WHY_FALLBACK:
        snprintf(why, sizeof why, tr(STR_KERNEL_WHY_FALLBACK), p->kernel);
        break;
    case BLAS_WHY_EXEC_FAILED:
        snprintf(why, sizeof why, tr(STR_KERNEL_WHY_EXEC), p->kernel);
        break;
    default:
        snprintf(why, sizeof why, "%s", tr(STR_KERNEL_WHY_OWN));
        break;
    }
    snprintf(a->overlay.about, sizeof a->overlay.about, tr(STR_ABOUT_LINE), VAE_VERSION, version, kernel ? kernel : "?",
             why);
}

static void toast(App *a, int error, const char *text) {
    overlay_toast(&a->overlay, error, text, clock_now());
    a->dirty = 1;
}

static void set_lang(App *a, UiLang lang) {
    if (text_set_lang(lang) != 0) {
        toast(a, 1, tr(STR_MSG_NO_KO_FONT));
        return;
    }
    ui_lang_set(lang);
    a->lang_kept = 1;
    app_about_line(a);
    layout_compute(a); /* labels changed width */
    toast(a, 0, tr(STR_MSG_LANG));
}

static void set_theme(App *a, int dark) {
    a->ui.dark = dark;
    theme_init(&a->ui.th, dark);
    a->map.manifold_dirty = 1;
}

static void request_shot(App *a, const char *path) {
    if (path && path[0]) {
        snprintf(a->shot_request, sizeof a->shot_request, "%s", path);
    } else if (a->opt.key_shot_prefix) {
        snprintf(a->shot_request, sizeof a->shot_request, "%s%d.png", a->opt.key_shot_prefix, ++a->shot_count);
    } else { /* $XDG_PICTURES_DIR, else the home folder */
        char dir[900], stamp[32];
        if (datadir_user_pictures(dir, sizeof dir) != 0) snprintf(dir, sizeof dir, ".");
        time_t t = time(NULL);
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&t));
        snprintf(a->shot_request, sizeof a->shot_request, "%s/vae-explorer-%s.png", dir, stamp);
    }
}

static void send(App *a, const WorkerCmd *c) {
    if (worker_send(a->worker, c) != 0) toast(a, 1, tr(STR_MSG_QUEUE_FULL));
}

static void lesson_switch(App *a, int on) {
    if (!a->teach) return;
    float s = teach_set_lesson(a->teach, on, a->ui_scale);
    if (s > 0.f) app_set_scale(a, s);
    a->map.manifold_dirty = 1;
}

/* The compact layout's page (wrapping round, for F6); the teaching page turns teach mode
 * on, whether it was a tab or a key that asked for it. */
static void show_page(App *a, int page) {
    int n = a->teach ? N_PAGES : N_PAGES - 1;
    a->page = page >= 0 ? page % n : 0;
    if (a->page == PAGE_TEACH && !teach_on(a->teach)) teach_toggle(a->teach);
}

static void apply(App *a, const Intent *in) {
    Frame f = app_frame(a);
    switch (in->kind) {
    case INTENT_TOAST:
        toast(a, in->i, in->text);
        break;
    case INTENT_SHOT:
        request_shot(a, in->text);
        break;
    case INTENT_SCALE: /* relative, like the toggles: keys pressed in one batch each count */
        app_set_scale(a, in->f > 0.f ? a->ui_scale * in->f : 1.f);
        break;
    case INTENT_LANG:
        set_lang(a, in->i >= 0 ? (UiLang)in->i : ui_lang_get() == LANG_EN ? LANG_KO : LANG_EN);
        break;
    case INTENT_THEME:
        set_theme(a, !a->ui.dark);
        break;
    case INTENT_WORKER:
        send(a, &in->cmd);
        break;
    case INTENT_DIALOG:
        overlay_open(&a->overlay, (DialogKind)in->i, &in->cmd);
        break;
    case INTENT_PICK:
        digits_pick(&a->digits, &f, in->i);
        break;
    case INTENT_HELP:
        a->overlay.help = !a->overlay.help;
        break;
    case INTENT_MANIFOLD:
        a->map.manifold = !a->map.manifold;
        a->map.manifold_dirty = 1;
        break;
    case INTENT_PLOT_LOG:
        a->plot.log = !a->plot.log;
        break;
    case INTENT_TEACH:
        if (a->teach) {
            if (teach_lesson_on(a->teach)) lesson_switch(a, 0);
            teach_toggle(a->teach);
            if (a->L.mode == LAYOUT_COMPACT)
                a->page = teach_on(a->teach) ? PAGE_TEACH : PAGE_PLOT; /* the teaching view is a page */
        }
        break;
    case INTENT_LESSON:
        lesson_switch(a, in->i);
        break;
    case INTENT_FULLSCREEN:
        a->fullscreen = !a->fullscreen;
        SDL_SetWindowFullscreen(a->win, a->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        break;
    case INTENT_QUIT:
        a->running = 0;
        break;
    case INTENT_SHOW_PAGE:
        show_page(a, in->i);
        break;
    case INTENT_NEXT_PAGE: /* relative: several F6 in one batch of events each count */
        show_page(a, a->page + 1);
        break;
    }
}

void app_apply_intents(App *a) {
    Ui *u = &a->ui;
    int n = u->n_intents;
    if (n == 0 && u->dropped_intents == 0) return;
    Intent *copy = malloc(sizeof(Intent) * (size_t)(n > 0 ? n : 1));
    if (copy) memcpy(copy, u->intents, sizeof(Intent) * (size_t)n);
    u->n_intents = 0; /* an intent may post more (none today): they wait for the next round */
    for (int i = 0; copy && i < n; i++) apply(a, &copy[i]);
    free(copy);
    if (u->dropped_intents) {
        fprintf(stderr, "vae-explorer: %d UI requests dropped in one frame (queue full)\n", u->dropped_intents);
        u->dropped_intents = 0;
    }
    layout_compute(a);
    a->dirty = 1;
}
