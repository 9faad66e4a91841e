/* teach_panel.c - the teaching mode's state and its hooks into the window: start and
 * stop, the panel layout (and the lesson layout), requests to the teaching worker,
 * the heatmap on the latent map, the tab bar, the Teach / Lesson buttons and keys.
 * Owns: App.teach (TeachUi) and its textures.
 * Must not: block on the teaching worker (requests replace each other; results are
 * copied when new). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teach_panel.h"

static uint64_t hash_selection(const Selection *sel)
{
    if (sel->kind == SEL_NONE)
        return 0;
    uint64_t h = 1469598103934665603ull;
    const unsigned char *p = (const unsigned char *)sel->x;
    for (size_t i = 0; i < sizeof sel->x; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h ? h : 1;
}

void teach_ui_start(App *a, const char **data_arg)
{
    TeachUi *t = calloc(1, sizeof *t);
    if (!t)
        return;
    t->res = calloc(1, sizeof *t->res);
    t->panels = (1 << TEACH_TABS) - 1;
    t->samples_seed = 1;
    a->teach = t;
    if (a->opt.lesson_path) {
        snprintf(t->lesson_path, sizeof t->lesson_path, "%s", a->opt.lesson_path);
        if (lesson_read(t->lesson_path, &t->les) == 0)
            lesson_apply_before_worker(a, &t->les, data_arg);
        else
            fprintf(stderr, "vae-explorer: cannot read the lesson file %s\n", t->lesson_path);
    }
}

void teach_ui_after_worker(App *a)
{
    TeachUi *t = a->teach;
    if (!t || !t->res)
        return;
    t->tw = teach_worker_start(a->wake_event);
    if (t->lesson_path[0] && t->les.panels) {
        lesson_apply_to_worker(a, &t->les);
        teach_ui_set_lesson(a, 1);
    }
}

void teach_ui_stop(App *a)
{
    TeachUi *t = a->teach;
    if (!t)
        return;
    teach_worker_stop(t->tw);
    free(t->res);
    free(t);
    a->teach = NULL;
}

int teach_ui_on(const App *a)
{
    return a->teach && a->teach->on && a->teach->res;
}

int teach_ui_lesson_on(const App *a)
{
    return teach_ui_on(a) && a->teach->lesson;
}

void teach_ui_set_tab(App *a, int tab)
{
    TeachUi *t = a->teach;
    if (!t || tab < 0 || tab >= TEACH_TABS)
        return;
    if (t->lesson && !(t->panels & (1 << tab)))
        return;
    t->tab = tab;
    a->dirty = 1;
}

void teach_ui_toggle(App *a)
{
    TeachUi *t = a->teach;
    if (!t)
        return;
    if (t->lesson)
        teach_ui_set_lesson(a, 0);
    t->on = !t->on;
    layout_compute(a);
    a->manifold_dirty = 1;
    a->dirty = 1;
}

void teach_ui_set_lesson(App *a, int on)
{
    TeachUi *t = a->teach;
    if (!t || t->lesson == on)
        return;
    t->lesson = on;
    t->on = 1;
    if (on) {
        t->scale_before = a->ui_scale;
        float s = t->les.has_scale && t->les.scale > 0.f ? t->les.scale : 1.2f;
        if (!(t->panels & (1 << t->tab)))
            for (t->tab = 0; t->tab < TEACH_TABS - 1 && !(t->panels & (1 << t->tab)); t->tab++) {}
        app_set_scale(a, s); /* calls layout_compute */
    } else {
        app_set_scale(a, t->scale_before > 0.f ? t->scale_before : 1.f);
    }
}

/* ---------------------------------------------------------------- layout */

static void lesson_layout(App *a, TeachUi *t)
{
    Layout *L = &a->L;
    const float m = 10.f;
    float top = L->header.h + m;
    t->band = (Rect){m, top, a->W - 2.f * m, 96.f};
    top += t->band.h + m;
    float h = a->H - top - m;
    float side = fminf(h - 38.f - 86.f, a->W * 0.46f); /* room for the map's legend and hints */
    L->map = (Rect){m, top, side + 24.f, h};
    L->map_area = (Rect){m + 12.f, top + 34.f, side, side};
    t->area = (Rect){L->map.x + L->map.w + m, top, a->W - L->map.w - 3.f * m, h};
    L->plot = L->controls = L->decoded = L->input = L->digit_big = (Rect){-1000.f, -1000.f, 0.f, 0.f};
}

void teach_ui_layout(App *a)
{
    TeachUi *t = a->teach;
    if (!teach_ui_on(a))
        return;
    if (t->lesson) {
        lesson_layout(a, t);
        return;
    }
    Rect p = a->L.plot, c = a->L.controls;
    t->area = (Rect){p.x, p.y, p.w, c.y + c.h - p.y};
}

/* ---------------------------------------------------------------- requests */

static int tab_want(int tab)
{
    switch (tab) {
    case 2: return TEACH_WANT_EST;
    case 4: return TEACH_WANT_AGG;
    case 5: return TEACH_WANT_AMORT;
    default: return 0;
    }
}

static void visible_region(const App *a, float *r)
{
    r[0] = a->view_cx - a->view_span;
    r[1] = a->view_cx + a->view_span;
    r[2] = a->view_cy - a->view_span;
    r[3] = a->view_cy + a->view_span;
}

/* A new request when the model, the selection, the view or the tab changed, at most
 * every 1.5 s for new parameters (selection and view changes go at once). */
static void maybe_request(App *a, TeachUi *t)
{
    const Snapshot *s = a->snap;
    if (!t->tw || !s->vae)
        return;
    float region[4];
    visible_region(a, region);
    int want = tab_want(t->tab);
    int changed = t->sel_key != t->req_sel || s->model_id != t->req_model || want != t->req_want ||
                  memcmp(region, t->req_region, sizeof region) != 0;
    int newer = s->step != t->req_step && app_now() - t->req_t > 1.5;
    if (!changed && !newer)
        return;
    if (!changed && teach_worker_busy(t->tw))
        return;
    TeachRequest rq = {.vae = s->vae, .model_id = s->model_id, .step = s->step, .sel_key = t->sel_key,
                       .x = a->sel.x, .dim_x = a->dim_x, .dim_y = a->dim_y, .want = want, .subset = s->subset};
    memcpy(rq.region, region, sizeof region);
    teach_worker_request(t->tw, &rq);
    t->req_sel = t->sel_key;
    t->req_model = s->model_id;
    t->req_step = s->step;
    t->req_want = want;
    t->req_t = app_now();
    memcpy(t->req_region, region, sizeof region);
}

static void track_selection(App *a, TeachUi *t)
{
    uint64_t k = hash_selection(&a->sel);
    if (k == t->sel_key)
        return;
    if (k) { /* the walk goes from the previous selection to this one */
        memcpy(t->walk_a, t->walk_b, sizeof t->walk_a);
        memcpy(t->walk_b, a->sel.x, sizeof t->walk_b);
        t->n_walk = t->n_walk < 2 ? t->n_walk + 1 : 2;
        t->walk_version = -1;
    }
    t->sel_key = k;
}

static void update_textures(App *a, TeachUi *t)
{
    const TeachResults *r = t->res;
    if (r->seq == t->tex_seq)
        return;
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
    a->dirty = 1;
}

/* ---------------------------------------------------------------- the map overlay */

static int results_current(const App *a)
{
    const TeachResults *r = a->teach->res;
    return r->sel_key && r->sel_key == a->teach->sel_key && r->model_id == a->snap->model_id;
}

static void draw_map_heat(App *a, TeachUi *t)
{
    const TeachResults *r = t->res;
    if (!r->has_grid || !results_current(a) || !t->heat_tex || t->tab == 4)
        return;
    Rect m = a->L.map_area;
    float x0, y0, x1, y1;
    map_to_screen(a, r->grid_region[0], r->grid_region[3], &x0, &y0);
    map_to_screen(a, r->grid_region[1], r->grid_region[2], &x1, &y1);
    render_clip(&m);
    render_image(t->heat_tex, (Rect){x0, y0, x1 - x0, y1 - y0}, rgba(0xFFFFFF, 255), 0);
    float vr[4];
    float mu2[2] = {a->sel.mu[a->dim_x], a->sel.mu[a->dim_y]};
    float lv2[2] = {a->sel.logvar[a->dim_x], a->sel.logvar[a->dim_y]};
    visible_region(a, vr);
    teach_ellipses(a, m, vr, mu2, lv2, a->th.posterior, 0);
    render_clip(NULL);
}

/* ---------------------------------------------------------------- the panel */

static const StrId tab_names[TEACH_TABS] = {STR_TEACH_TAB_1, STR_TEACH_TAB_2, STR_TEACH_TAB_3, STR_TEACH_TAB_4,
                                            STR_TEACH_TAB_5, STR_TEACH_TAB_6, STR_TEACH_TAB_7};
static const StrId tab_caps[TEACH_TABS] = {STR_TEACH_CAP_1, STR_TEACH_CAP_2, STR_TEACH_CAP_3, STR_TEACH_CAP_4,
                                           STR_TEACH_CAP_5, STR_TEACH_CAP_6, STR_TEACH_CAP_7};

/* Tabs in rows of four; returns the height used. */
static float draw_tabs(App *a, TeachUi *t, Rect r)
{
    int shown[TEACH_TABS], n = 0;
    for (int i = 0; i < TEACH_TABS; i++)
        if (!t->lesson || (t->panels & (1 << i)))
            shown[n++] = i;
    int per_row = n > 4 ? 4 : n;
    float w = (r.w - 28.f - 6.f * (float)(per_row - 1)) / (float)per_row, h = 30.f;
    for (int k = 0; k < n; k++) {
        Rect b = {r.x + 14.f + (w + 6.f) * (float)(k % per_row), r.y + 10.f + (h + 6.f) * (float)(k / per_row), w, h};
        if (ui_button(a, 700 + shown[k], b, tr(tab_names[shown[k]]), t->tab == shown[k]))
            teach_ui_set_tab(a, shown[k]);
    }
    return 10.f + (h + 6.f) * (float)((n + per_row - 1) / per_row) + 4.f;
}

static void draw_panel(App *a, TeachUi *t)
{
    Rect r = t->area;
    ui_panel(a, r, NULL);
    float y = r.y + draw_tabs(a, t, r);
    Rect cap = {r.x + 14.f, y, r.w - 28.f, 0.f};
    y += teach_caption(a, cap, tab_caps[t->tab]) + 10.f;
    Rect body = {r.x + 14.f, y, r.w - 28.f, r.y + r.h - y - 10.f};
    render_clip(&r);
    switch (t->tab) {
    case 0: teach_view_posterior(a, body); break;
    case 1: teach_view_identity(a, body); break;
    case 2: teach_view_sampling(a, body); break;
    case 3: teach_view_beta(a, body); break;
    case 4: teach_view_aggregate(a, body); break;
    case 5: teach_view_amortisation(a, body); break;
    default: teach_view_walks(a, body); break;
    }
    render_clip(NULL);
}

void teach_ui_draw(App *a)
{
    TeachUi *t = a->teach;
    if (!teach_ui_on(a))
        return;
    if (t->les.has_select && a->snap->subset && t->les.select < a->snap->subset->count) {
        digits_pick(a, t->les.select); /* the lesson's image, once the test images are there */
        t->les.has_select = 0;
    }
    track_selection(a, t);
    teach_worker_take(t->tw, t->res);
    update_textures(a, t);
    maybe_request(a, t);
    draw_map_heat(a, t);
    draw_panel(a, t);
    if (t->lesson)
        teach_equation_band(a, t->band);
}

void teach_ui_header(App *a)
{
    TeachUi *t = a->teach;
    if (!t)
        return;
    /* in the header left of Keys; in lesson mode in the equation band's corner */
    float x = a->W - 106.f - 2.f * 100.f, y = 10.f;
    if (t->lesson) {
        x = t->band.x + t->band.w - 2.f * 100.f;
        y = t->band.y + 8.f;
    } else if (x < 880.f) { /* a large interface scale: keep the status text from showing through */
        render_rect((Rect){x - 8.f, 1.f, 2.f * 100.f + 8.f, a->L.header.h - 2.f}, a->th.panel);
    }
    if (ui_button(a, 690, (Rect){x, y, 92.f, 32.f}, tr(STR_TEACH_BTN), t->on && !t->lesson))
        teach_ui_toggle(a);
    if (ui_button(a, 691, (Rect){x + 100.f, y, 92.f, 32.f}, tr(STR_TEACH_LESSON_BTN), t->lesson))
        teach_ui_set_lesson(a, !t->lesson);
}

/* ---------------------------------------------------------------- keys, drops */

static void save_lesson(App *a, TeachUi *t)
{
    char path[1024];
    const char *home = getenv("HOME");
    if (t->lesson_path[0])
        snprintf(path, sizeof path, "%s", t->lesson_path);
    else
        snprintf(path, sizeof path, "%s/vae-explorer.lesson", home ? home : ".");
    lesson_from_app(a, &t->les);
    if (lesson_write(path, &t->les) == 0) {
        snprintf(t->lesson_path, sizeof t->lesson_path, "%s", path);
        app_toast(a, 0, tr(STR_TEACH_MSG_LESSON_SAVED), path);
    } else {
        app_toast(a, 1, tr(STR_TEACH_MSG_LESSON_FAILED), path);
    }
}

int teach_ui_key(App *a, const SDL_Keysym *k)
{
    TeachUi *t = a->teach;
    int ctrl = (k->mod & KMOD_CTRL) != 0, other = (k->mod & (KMOD_ALT | KMOD_GUI)) != 0;
    if (!t || other)
        return 0;
    if (ctrl) {
        if (k->sym != SDLK_l)
            return 0;
        save_lesson(a, t);
        return 1;
    }
    if (k->sym == SDLK_TAB) {
        teach_ui_toggle(a);
        return 1;
    }
    if (k->sym == SDLK_l) {
        teach_ui_set_lesson(a, !t->lesson);
        return 1;
    }
    if (!t->on)
        return 0;
    if (k->sym >= SDLK_1 && k->sym <= SDLK_7) {
        teach_ui_set_tab(a, (int)(k->sym - SDLK_1));
        return 1;
    }
    if (k->sym == SDLK_e) {
        teach_new_samples(a);
        return 1;
    }
    return 0;
}

int teach_ui_drop(App *a, const char *path)
{
    TeachUi *t = a->teach;
    size_t n = strlen(path);
    if (!t || n < 7 || strcmp(path + n - 7, ".lesson") != 0)
        return 0;
    Lesson l;
    if (lesson_read(path, &l) != 0) {
        app_toast(a, 1, tr(STR_TEACH_MSG_LESSON_FAILED), path);
        return 1;
    }
    t->les = l;
    snprintf(t->lesson_path, sizeof t->lesson_path, "%s", path);
    lesson_apply_to_worker(a, &l);
    teach_ui_set_lesson(a, 0);
    teach_ui_set_lesson(a, 1);
    app_toast(a, 0, tr(STR_TEACH_MSG_LESSON_OPENED), path);
    return 1;
}
