/* teach_panel.c - the teaching panel: its life (create, start, destroy), teach and
 * lesson mode, requests to the teaching thread and the textures made from its results,
 * the heatmap over the latent map, the tab bar and caption (both reflow with the
 * panel's width; the panel scrolls when a view needs more height than it has), the
 * lesson's equation band with its Teach / Lesson buttons, keys and dropped lessons.
 * Owns: TeachPanel and its textures.
 * Must not: block on the teaching thread (requests replace each other; results are
 * copied when new), or call the shell or other panels: scale, language, worker
 * commands, toasts, a digit pick and mode changes from keys and buttons are intents. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teach_panel.h"

#include <SDL_keycode.h>

#define BAND_H 96.f
#define TAB_H 30.f
#define TAB_GAP 6.f

/* ---------------------------------------------------------------- life */

TeachPanel *teach_create(const char *lesson_path, const char **data_arg) {
    TeachPanel *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->res = calloc(1, sizeof *t->res);
    if (!t->res) {
        free(t);
        return NULL;
    }
    t->panels = LESSON_ALL_PANELS;
    t->samples_seed = 1;
    if (lesson_path) {
        snprintf(t->lesson_path, sizeof t->lesson_path, "%s", lesson_path);
        if (lesson_read(t->lesson_path, &t->les) == 0) {
            if (t->les.has_data && data_arg) *data_arg = t->les.data;
            t->panels = t->les.panels ? t->les.panels : LESSON_ALL_PANELS;
        } else {
            fprintf(stderr, "vae-explorer: cannot read the lesson file %s\n", t->lesson_path);
            memset(&t->les, 0, sizeof t->les);
            t->lesson_path[0] = 0;
        }
    }
    return t;
}

void teach_start(TeachPanel *t, uint32_t wake_event, Ui *u, const Snapshot *snap) {
    if (!t) return;
    t->tw = teach_worker_start(wake_event);
    if (t->lesson_path[0] && t->les.panels) {
        lesson_apply(t, u, snap, &t->les);
        ui_post_simple(u, INTENT_LESSON, 1, 0.f);
    }
}

void teach_destroy(TeachPanel *t) {
    if (!t) return;
    teach_worker_stop(t->tw); /* its thread first: it holds a reference to test images */
    free(t->res);
    free(t); /* the textures go with the GL context */
}

int teach_on(const TeachPanel *t) { return t && t->on; }

int teach_lesson_on(const TeachPanel *t) { return teach_on(t) && t->lesson; }

int teach_dirty(TeachPanel *t) {
    if (!t) return 0;
    int d = t->dirty;
    t->dirty = 0;
    return d;
}

/* ---------------------------------------------------------------- modes */

static void set_tab(TeachPanel *t, int tab) {
    if (tab < 0 || tab >= TEACH_TABS) return;
    if (t->lesson && !(t->panels & (1 << tab))) return;
    t->tab = tab;
    t->scroll = 0.f;
    t->dirty = 1;
}

void teach_toggle(TeachPanel *t) {
    if (!t) return;
    if (t->lesson) { /* the shell calls teach_set_lesson(t, 0, ...) first (see teach_panel.h) */
        t->lesson = 0;
        t->on = 1;
    }
    t->on = !t->on;
    t->dirty = 1;
}

float teach_set_lesson(TeachPanel *t, int on, float current_scale) {
    on = on != 0;
    if (!t || t->lesson == on) return 0.f;
    t->lesson = on;
    t->on = 1;
    t->dirty = 1;
    if (on) {
        t->scale_before = current_scale;
        if (!(t->panels & (1 << t->tab)))
            for (t->tab = 0; t->tab < TEACH_TABS - 1 && !(t->panels & (1 << t->tab)); t->tab++) {
            }
        return t->les.has_scale && t->les.scale > 0.f ? t->les.scale : 1.2f;
    }
    return t->scale_before > 0.f ? t->scale_before : 1.f;
}

/* Mode changes from keys and buttons go through the shell, which owns the scale: Tab
 * and the Teach button post INTENT_TEACH (in lesson mode the shell leaves it first). */
static void post_lesson(Ui *u, int on) { ui_post_simple(u, INTENT_LESSON, on, 0.f); }

static void post_toggle(Ui *u) { ui_post_simple(u, INTENT_TEACH, 0, 0.f); }

void teach_set_rects(TeachPanel *t, Rect area, Rect band) {
    if (!t) return;
    t->area = area;
    t->band = t->lesson ? band : (Rect){0.f, 0.f, 0.f, 0.f};
}

float teach_lesson_band_height(void) { return BAND_H; }

/* ---------------------------------------------------------------- requests */

static uint64_t hash_selection(const Selection *sel) {
    if (sel->kind == SEL_NONE) return 0;
    uint64_t h = 1469598103934665603ull;
    const unsigned char *p = (const unsigned char *)sel->x;
    for (size_t i = 0; i < sizeof sel->x; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h ? h : 1;
}

static int tab_want(int tab) {
    switch (tab) {
    case 2:
        return TEACH_WANT_EST;
    case 4:
        return TEACH_WANT_AGG;
    case 5:
        return TEACH_WANT_AMORT;
    default:
        return 0;
    }
}

/* A new request when the model, the selection, the view or the tab changed, at most
 * every 1.5 s for new parameters (selection and view changes go at once). */
static void maybe_request(TeachPanel *t, const Frame *f) {
    const Snapshot *s = f->snap;
    if (!t->tw || !s->vae) return;
    float region[4];
    latent_view_region(f->view, region);
    int want = tab_want(t->tab), idle = s->state != WORKER_RUNNING; /* idle: both cores for the grid */
    int changed = t->sel_key != t->req_sel || s->model_id != t->req_model || want != t->req_want ||
                  idle != t->req_idle || memcmp(region, t->req_region, sizeof region) != 0;
    int newer = s->step != t->req_step && f->now - t->req_t > 1.5;
    if (!changed && !newer) return;
    if (!changed && teach_worker_busy(t->tw)) return;
    TeachRequest rq = {.vae = s->vae,
                       .model_id = s->model_id,
                       .step = s->step,
                       .sel_key = t->sel_key,
                       .x = f->sel->x,
                       .dim_x = f->view->dim_x,
                       .dim_y = f->view->dim_y,
                       .want = want,
                       .training_idle = idle,
                       .subset = s->subset};
    memcpy(rq.region, region, sizeof region);
    teach_worker_request(t->tw, &rq);
    t->req_sel = t->sel_key;
    t->req_model = s->model_id;
    t->req_step = s->step;
    t->req_want = want;
    t->req_idle = idle;
    t->req_t = f->now;
    memcpy(t->req_region, region, sizeof region);
}

static void track_selection(TeachPanel *t, const Selection *sel) {
    uint64_t k = hash_selection(sel);
    if (k == t->sel_key) return;
    if (k) { /* the walk goes from the previous selection to this one */
        memcpy(t->walk_a, t->walk_b, sizeof t->walk_a);
        memcpy(t->walk_b, sel->x, sizeof t->walk_b);
        t->n_walk = t->n_walk < 2 ? t->n_walk + 1 : 2;
        t->walk_version = -1;
    }
    t->sel_key = k;
}

static void update_textures(TeachPanel *t) {
    const TeachResults *r = t->res;
    if (r->seq == t->tex_seq) return;
    t->tex_seq = r->seq;
    static uint8_t rgba[TEACH_G * TEACH_G * 4];
    if (r->has_grid) {
        teach_heat_rgba(r->grid, TEACH_G, 0.5f, 0, rgba);
        t->heat_tex = teach_texture(t->heat_tex, TEACH_G, rgba);
    }
    if (r->has_zoom) {
        teach_heat_rgba(r->zoom, TEACH_GZ, 1.f, 1, rgba);
        t->zoom_tex = teach_texture(t->zoom_tex, TEACH_GZ, rgba);
    }
    if (r->has_agg) {
        static uint8_t prior[TEACH_GA * TEACH_GA * 4];
        teach_agg_prior_rgba(r->agg, r->agg_region, TEACH_GA, rgba, prior);
        t->agg_tex = teach_texture(t->agg_tex, TEACH_GA, rgba);
        t->prior_tex = teach_texture(t->prior_tex, TEACH_GA, prior);
    }
    t->dirty = 1;
}

/* Once a frame (the overlay and the panel both call it; a second call finds nothing
 * new): the lesson's image, the selection, new results, the next request. */
static void sync(TeachPanel *t, const Frame *f) {
    const Snapshot *s = f->snap;
    if (t->les.has_select && s->subset && t->les.select < s->subset->count) {
        ui_post_simple(f->u, INTENT_PICK, t->les.select, 0.f); /* once the test images are there */
        t->les.has_select = 0;
    }
    track_selection(t, f->sel);
    teach_worker_take(t->tw, t->res);
    update_textures(t);
    maybe_request(t, f);
}

/* ---------------------------------------------------------------- the map overlay */

void teach_draw_map_overlay(TeachPanel *t, const Frame *f) {
    if (!teach_on(t) || !f->snap) return;
    sync(t, f);
    const TeachResults *r = t->res;
    if (!r->has_grid || !r->sel_key || !teach_results_current(t, f) || !t->heat_tex || t->tab == 4) return;
    const LatentView *v = f->view;
    float x0, y0, x1, y1, vr[4];
    latent_to_screen(v, r->grid_region[0], r->grid_region[3], &x0, &y0);
    latent_to_screen(v, r->grid_region[1], r->grid_region[2], &x1, &y1);
    teach_clip(f->u, v->area);
    render_image(t->heat_tex, (Rect){x0, y0, x1 - x0, y1 - y0}, rgba(0xFFFFFF, 255), 0);
    float mu2[2] = {f->sel->mu[v->dim_x], f->sel->mu[v->dim_y]};
    float lv2[2] = {f->sel->logvar[v->dim_x], f->sel->logvar[v->dim_y]};
    latent_view_region(v, vr);
    teach_ellipses(f->u, v->area, vr, mu2, lv2, f->u->th.posterior, 0);
    teach_unclip(f->u);
}

/* ---------------------------------------------------------------- the panel */

static const StrId tab_names[TEACH_TABS] = {STR_TEACH_TAB_1, STR_TEACH_TAB_2, STR_TEACH_TAB_3, STR_TEACH_TAB_4,
                                            STR_TEACH_TAB_5, STR_TEACH_TAB_6, STR_TEACH_TAB_7};
static const StrId tab_caps[TEACH_TABS] = {STR_TEACH_CAP_1, STR_TEACH_CAP_2, STR_TEACH_CAP_3, STR_TEACH_CAP_4,
                                           STR_TEACH_CAP_5, STR_TEACH_CAP_6, STR_TEACH_CAP_7};

/* The tabs shown (all, or the lesson's); returns how many. */
static int shown_tabs(const TeachPanel *t, int *shown) {
    int n = 0;
    for (int i = 0; i < TEACH_TABS; i++)
        if (!t->lesson || (t->panels & (1 << i))) shown[n++] = i;
    return n;
}

/* Tabs per row: up to four, fewer while a label would not fit its button at full size
 * (ui_button keeps 10 units of margin), at least one. */
static int tabs_per_row(const int *shown, int n, float w) {
    float label = 0.f;
    for (int k = 0; k < n; k++) label = fmaxf(label, text_width(tr(tab_names[shown[k]]), 14.f, TEXT_REGULAR));
    int per_row = n > 4 ? 4 : n < 1 ? 1 : n;
    while (per_row > 1 && (w - TAB_GAP * (float)(per_row - 1)) / (float)per_row < label + 10.f) per_row--;
    return per_row;
}

static float tabs_height(const TeachPanel *t, float w) {
    int shown[TEACH_TABS], n = shown_tabs(t, shown), per_row = tabs_per_row(shown, n, w);
    return 10.f + (TAB_H + TAB_GAP) * (float)((n + per_row - 1) / per_row) + 4.f;
}

/* The tabs in rows across w; returns the height used. */
static float draw_tabs(TeachPanel *t, const Frame *f, float x, float y, float w) {
    int shown[TEACH_TABS], n = shown_tabs(t, shown), per_row = tabs_per_row(shown, n, w);
    float bw = (w - TAB_GAP * (float)(per_row - 1)) / (float)per_row;
    for (int k = 0; k < n; k++) {
        char name[16];
        snprintf(name, sizeof name, "tab%d", shown[k] + 1);
        Rect b = {x + (bw + TAB_GAP) * (float)(k % per_row), y + 10.f + (TAB_H + TAB_GAP) * (float)(k / per_row), bw,
                  TAB_H};
        if (ui_button(f->u, name, b, tr(tab_names[shown[k]]), t->tab == shown[k])) {
            set_tab(t, shown[k]);
            f->u->dirty = 1;
        }
    }
    return tabs_height(t, w);
}

/* The height a view needs to show everything it has at width w (the panel scrolls when
 * it is shorter). */
static float view_min_height(int tab, float w) {
    switch (tab) {
    case 0:
        return 220.f; /* a square of 120 and three lines */
    case 1:
        return 300.f + 170.f; /* two bar rows and the history */
    case 2:
        return 260.f; /* an axes box of about 100 */
    case 3:
        return 280.f; /* the same, the legend maybe under */
    case 4:
        return 80.f + fminf((w - 12.f) * 0.5f, 140.f); /* two squares */
    case 5:
        return 320.f; /* the square and the ladder */
    default:
        return 122.f + w / (float)WALK_N + fminf(w, 160.f); /* the strip and the samples */
    }
}

static void draw_view(TeachPanel *t, const Frame *f, Rect body) {
    ui_clip_begin(f->u, body); /* views stay inside their body */
    switch (t->tab) {          /* direct calls, so the call-graph test sees them */
    case 0:
        teach_view_posterior(t, f, body);
        break;
    case 1:
        teach_view_identity(t, f, body);
        break;
    case 2:
        teach_view_sampling(t, f, body);
        break;
    case 3:
        teach_view_beta(t, f, body);
        break;
    case 4:
        teach_view_aggregate(t, f, body);
        break;
    case 5:
        teach_view_amortisation(t, f, body);
        break;
    default:
        teach_view_walks(t, f, body);
        break;
    }
    ui_clip_end(f->u);
}

static void draw_panel(TeachPanel *t, const Frame *f) {
    Rect r = t->area;
    if (r.w < 40.f || r.h < 40.f) return;
    ui_panel(f->u, "teach", r, NULL);
    /* the content: tabs, caption, the view at its natural height or its minimum */
    float w = r.w - 28.f, top, min_h, content;
    for (int pass = 0; pass < 2; pass++) {
        top = tabs_height(t, w) + ui_text_height(tr(tab_caps[t->tab]), w, 15.f, 0) + 10.f;
        min_h = view_min_height(t->tab, w);
        content = top + fmaxf(r.h - top - 10.f, min_h) + 10.f;
        if (content <= r.h + 0.5f || pass == 1) break;
        w = r.w - 28.f - 12.f; /* room for the scrollbar */
    }
    float y = ui_scroll_begin(f->u, "scroll", r, content, &t->scroll);
    float x = r.x + 14.f;
    y += draw_tabs(t, f, x, y, w);
    y += teach_caption(f->u, (Rect){x, y, w, 0.f}, tab_caps[t->tab]) + 10.f;
    Rect body = {x, y, w, fmaxf(r.h - top - 10.f, min_h)};
    draw_view(t, f, body);
    ui_scroll_end(f->u);
    ui_panel_end(f->u);
}

/* The lesson's equation band, with the Teach / Lesson buttons in its right corner. */
static void draw_band(TeachPanel *t, const Frame *f) {
    Rect b = t->band;
    if (b.w < 40.f || b.h < 40.f) return;
    ui_panel(f->u, "band", b, NULL);
    float bw = 92.f, x = b.x + b.w - 2.f * (bw + 8.f), y = b.y + 8.f;
    teach_equation_band(t, f, b, 2.f * (bw + 8.f));
    if (ui_button(f->u, "teach", (Rect){x, y, bw, 32.f}, tr(STR_TEACH_BTN), 0)) post_toggle(f->u);
    if (ui_button(f->u, "lesson", (Rect){x + bw + 8.f, y, bw, 32.f}, tr(STR_TEACH_LESSON_BTN), 1)) post_lesson(f->u, 0);
    ui_panel_end(f->u);
}

void teach_draw(TeachPanel *t, const Frame *f) {
    if (!teach_on(t) || !f->snap) return;
    sync(t, f);
    draw_panel(t, f);
    if (t->lesson) draw_band(t, f);
}

/* ---------------------------------------------------------------- keys, drops */

static void save_lesson(TeachPanel *t, const Frame *f) {
    char path[1024];
    const char *home = getenv("HOME");
    if (t->lesson_path[0])
        snprintf(path, sizeof path, "%s", t->lesson_path);
    else
        snprintf(path, sizeof path, "%s/vae-explorer.lesson", home ? home : ".");
    Lesson l = t->les; /* the scale it had, when not in lesson mode */
    lesson_capture(&l, t, f);
    if (lesson_write(path, &l) == 0) {
        t->les = l;
        t->les.has_select = 0; /* it is the selection already: nothing to pick */
        snprintf(t->lesson_path, sizeof t->lesson_path, "%s", path);
        ui_toast(f->u, 0, tr(STR_TEACH_MSG_LESSON_SAVED), path);
    } else {
        ui_toast(f->u, 1, tr(STR_TEACH_MSG_LESSON_FAILED), path);
    }
}

int teach_key(TeachPanel *t, const Frame *f, int sym, int mod) {
    int ctrl = (mod & KMOD_CTRL) != 0, other = (mod & (KMOD_ALT | KMOD_GUI)) != 0;
    if (!t || other) return 0;
    if (ctrl) {
        if (sym != SDLK_l || !f->snap) return 0;
        save_lesson(t, f);
        return 1;
    }
    if (sym == SDLK_TAB) {
        post_toggle(f->u);
        return 1;
    }
    if (sym == SDLK_l) {
        post_lesson(f->u, !t->lesson);
        return 1;
    }
    if (!t->on) return 0;
    if (sym >= SDLK_1 && sym <= SDLK_7) {
        set_tab(t, sym - SDLK_1);
        f->u->dirty = 1;
        return 1;
    }
    if (sym == SDLK_e) {
        teach_new_samples(t);
        f->u->dirty = 1;
        return 1;
    }
    return 0;
}

int teach_drop(TeachPanel *t, const Frame *f, const char *path) {
    size_t n = strlen(path);
    if (!t || n < 7 || strcmp(path + n - 7, ".lesson") != 0) return 0;
    Lesson l;
    if (lesson_read(path, &l) != 0) {
        ui_toast(f->u, 1, tr(STR_TEACH_MSG_LESSON_FAILED), path);
        return 1;
    }
    t->les = l;
    snprintf(t->lesson_path, sizeof t->lesson_path, "%s", path);
    lesson_apply(t, f->u, f->snap, &l);
    /* out of lesson mode (the scale from before comes back) and into the new lesson */
    post_lesson(f->u, 0);
    post_lesson(f->u, 1);
    ui_toast(f->u, 0, tr(STR_TEACH_MSG_LESSON_OPENED), path);
    return 1;
}
