/* controls.c - the Controls panel (see controls.h). Every control here also has a key
 * (app/gui/events.c) that posts the same intent through the *_step functions. */
#include "controls.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "settings.h"

#define PAD 14.f
#define ROW 34.f  /* a control row */
#define LINE 20.f /* a label line above its control (stacked rows) */
#define GAP 6.f

/* ---------------------------------------------------------------- intents */

static VaeConfig current_cfg(const Frame *f) {
    return f->snap && f->snap->vae ? f->snap->vae->cfg : vae_config_default();
}

static void ask_restart(const Frame *f, VaeConfig cfg) {
    Intent in;
    memset(&in, 0, sizeof in);
    in.kind = INTENT_DIALOG;
    in.i = DIALOG_CONFIRM_RESTART;
    in.cmd.cfg = cfg;
    ui_post(f->u, &in);
}

static void ask_dataset(const Frame *f, DatasetKind kind) {
    Intent in;
    memset(&in, 0, sizeof in);
    in.kind = INTENT_DIALOG;
    in.i = kind == DATASET_FOLDER ? DIALOG_PROMPT_FOLDER : DIALOG_CONFIRM_DATA;
    in.cmd.i = kind;
    ui_post(f->u, &in);
}

static int have_trainer(const Frame *f) { return f->snap && f->snap->lr > 0.f; }

void controls_lr_step(const Frame *f, int dir) {
    if (have_trainer(f)) ui_worker(f->u, CMD_SET_LR, settings_lr_step(f->snap->lr, dir), 0);
}

void controls_beta_step(const Frame *f, int dir) {
    if (f->snap && f->snap->vae) ui_worker(f->u, CMD_SET_BETA, settings_beta_step(f->snap->beta, dir), 0);
}

void controls_batch_step(const Frame *f, int dir) {
    if (have_trainer(f)) ui_worker(f->u, CMD_SET_BATCH, 0.f, settings_batch_step(f->snap->batch, dir));
}

void controls_latent_step(const Frame *f, int dir) { ask_restart(f, settings_latent_step(current_cfg(f), dir)); }

void controls_hidden_next(const Frame *f) { ask_restart(f, settings_hidden_next(current_cfg(f))); }

void controls_dataset_next(const Frame *f) {
    ask_dataset(f, f->snap && f->snap->dataset == DATASET_MNIST ? DATASET_FASHION : DATASET_MNIST);
}

/* ---------------------------------------------------------------- reflow */

static const StrId row_labels[] = {STR_LBL_LR, STR_LBL_BETA, STR_LBL_BATCH, STR_LBL_LATENT, STR_LBL_DATASET};
#define N_ROW_LABELS ((int)(sizeof row_labels / sizeof row_labels[0]))

/* The label column's width, or 0 when labels go above their controls (stacked). */
static float label_width(float panel_w) {
    float tw = panel_w - 2.f * PAD, lw = fminf(170.f, tw * 0.38f), need = 0.f;
    for (int i = 0; i < N_ROW_LABELS; i++) need = fmaxf(need, text_width(tr(row_labels[i]), 14.f, TEXT_REGULAR) + 10.f);
    if (need <= lw) return fmaxf(need, fminf(120.f, lw));
    return tw - need >= 150.f ? need : 0.f; /* a wider label column still leaves room */
}

/* A row's control area: beside the label, or below it. Returns the row's height. */
static float row_box(float panel_x, float panel_w, float y, float *cx, float *cy, float *cw) {
    float lw = label_width(panel_w), tw = panel_w - 2.f * PAD;
    *cx = panel_x + PAD + lw;
    *cw = tw - lw;
    *cy = lw > 0.f ? y : y + LINE;
    return lw > 0.f ? ROW : ROW + LINE;
}

/* Buttons flow in columns: as many as the widest label allows, at most max_cols. */
static int button_cols(const StrId *labels, int n, float w, int max_cols) {
    float need = 0.f;
    for (int i = 0; i < n; i++) need = fmaxf(need, text_width(tr(labels[i]), 14.f, TEXT_REGULAR) + 20.f);
    int cols = (int)((w + GAP) / (need + GAP));
    return cols < 1 ? 1 : cols > max_cols ? max_cols : cols;
}

static float button_grid_height(const StrId *labels, int n, float w) {
    int cols = button_cols(labels, n, w, n);
    return (float)((n + cols - 1) / cols) * (30.f + GAP) + 4.f;
}

static const StrId data_labels[3] = {STR_DATA_MNIST, STR_DATA_FASHION, STR_BTN_FOLDER};
static const StrId file_labels[3] = {STR_BTN_SAVE, STR_BTN_OPEN, STR_BTN_SHOT};
static const StrId view_labels[3] = {STR_BTN_MANIFOLD, STR_BTN_LOG, STR_BTN_HELP};

float controls_content_height(float panel_w) {
    float cx, cy, cw, h = 4.f, tw = panel_w - 2.f * PAD;
    float row = row_box(0.f, panel_w, 0.f, &cx, &cy, &cw);
    h += 4.f * row;                  /* three sliders, the model row */
    if (cw - 108.f < 60.f) h += ROW; /* the hidden sizes on a row of their own */
    float lw = label_width(panel_w);
    h += (lw > 0.f ? 0.f : LINE) + button_grid_height(data_labels, 3, cw) + 2.f; /* dataset */
    h += 6.f + button_grid_height(file_labels, 3, tw) + button_grid_height(view_labels, 3, tw);
    return h + 6.f;
}

/* ---------------------------------------------------------------- rows */

static void row_label(const ControlsPanel *c, const Frame *f, float y, StrId label) {
    float lw = label_width(c->panel.w), tw = c->panel.w - 2.f * PAD;
    text_draw_fit(tr(label), c->panel.x + PAD, y + (lw > 0.f ? 7.f : 2.f), lw > 0.f ? lw - 8.f : tw, 14.f, TEXT_REGULAR,
                  f->u->th.muted);
}

/* A slider row: label, slider, value at the right. Returns 1 when dragged. */
static int slider_row(ControlsPanel *c, const Frame *f, float *y, const char *name, StrId label, float *t,
                      const char *value) {
    float cx, cy, cw;
    float h = row_box(c->panel.x, c->panel.w, *y, &cx, &cy, &cw);
    row_label(c, f, *y, label);
    float vw = fmaxf(text_width("8.8e-88", 14.f, TEXT_BOLD) + 12.f, 56.f); /* one column for every value */
    text_draw(value, cx + cw, cy + 7.f, 14.f, TEXT_BOLD, f->u->th.text, ALIGN_RIGHT);
    int changed = ui_slider(f->u, name, (Rect){cx + 8.f, cy + 4.f, fmaxf(cw - vw - 16.f, 24.f), 24.f}, t);
    *y += h;
    return changed;
}

static void sliders(ControlsPanel *c, const Frame *f, float *y) {
    const Snapshot *s = f->snap;
    char buf[32];
    int ok = have_trainer(f);
    float lr = ok ? s->lr : 1e-3f, t = (log10f(lr) + 4.f) / 2.f;
    snprintf(buf, sizeof buf, ok ? "%.1e" : "-", (double)lr);
    if (slider_row(c, f, y, "lr", STR_LBL_LR, &t, buf) && ok) {
        float v = powf(10.f, t * 2.f - 4.f);
        if (fabsf(v - s->lr) > 1e-7f) ui_worker(f->u, CMD_SET_LR, v, 0);
    }
    t = sqrtf(s->beta / 8.f);
    snprintf(buf, sizeof buf, "%.2f", (double)s->beta);
    if (slider_row(c, f, y, "beta", STR_LBL_BETA, &t, buf) && s->vae) {
        float v = roundf(t * t * 8.f * 20.f) / 20.f;
        if (v != s->beta) ui_worker(f->u, CMD_SET_BETA, v, 0);
    }
    int batch = ok ? s->batch : 128;
    t = settings_batch_t(batch);
    snprintf(buf, sizeof buf, ok ? "%d" : "-", batch);
    if (slider_row(c, f, y, "batch", STR_LBL_BATCH, &t, buf) && ok) {
        int nb = settings_batch_at(t);
        if (nb != s->batch) ui_worker(f->u, CMD_SET_BATCH, 0.f, nb);
    }
}

static void model_row(ControlsPanel *c, const Frame *f, float *y) {
    VaeConfig cfg = current_cfg(f);
    char buf[64];
    float cx, cy, cw;
    float h = row_box(c->panel.x, c->panel.w, *y, &cx, &cy, &cw);
    row_label(c, f, *y, STR_LBL_LATENT);
    if (ui_button(f->u, "latent-", (Rect){cx, cy + 2.f, 28.f, 28.f}, "-", 0)) controls_latent_step(f, -1);
    snprintf(buf, sizeof buf, "%d", cfg.latent_dim);
    text_draw(buf, cx + 50.f, cy + 7.f, 14.f, TEXT_BOLD, f->u->th.text, ALIGN_CENTER);
    if (ui_button(f->u, "latent+", (Rect){cx + 72.f, cy + 2.f, 28.f, 28.f}, "+", 0)) controls_latent_step(f, +1);
    vae_config_describe(&cfg, buf, sizeof buf);
    float bx = cx + 108.f;
    if (cx + cw - bx >= 60.f && ui_button(f->u, "hidden", (Rect){bx, cy + 2.f, cx + cw - bx, 28.f}, buf, 0))
        controls_hidden_next(f);
    if (cx + cw - bx < 60.f) { /* too narrow: the hidden sizes get a row of their own */
        *y += h;
        if (ui_button(f->u, "hidden", (Rect){cx, *y + 2.f, cw, 28.f}, buf, 0)) controls_hidden_next(f);
        h = ROW;
    }
    *y += h;
}

/* Buttons in a grid of as many columns as fit; hits[i] is set when button i was pressed. */
static float button_grid(const Frame *f, float x, float y, float w, const char *const *names, const StrId *labels,
                         const int *on, int n, int *hits) {
    int cols = button_cols(labels, n, w, n);
    float bw = (w - GAP * (float)(cols - 1)) / (float)cols;
    for (int i = 0; i < n; i++) {
        Rect r = {x + (bw + GAP) * (float)(i % cols), y + 2.f + (30.f + GAP) * (float)(i / cols), bw, 30.f};
        hits[i] = ui_button(f->u, names[i], r, tr(labels[i]), on[i]);
    }
    return (float)((n + cols - 1) / cols) * (30.f + GAP) + 4.f;
}

static void dataset_row(ControlsPanel *c, const Frame *f, float *y) {
    static const char *const names[3] = {"mnist", "fashion", "folder"};
    float cx, cy, cw;
    row_box(c->panel.x, c->panel.w, *y, &cx, &cy, &cw);
    row_label(c, f, *y, STR_LBL_DATASET);
    DatasetKind k = f->snap ? f->snap->dataset : DATASET_MNIST;
    int on[3] = {k == DATASET_MNIST, k == DATASET_FASHION, k == DATASET_FOLDER}, hits[3];
    float h = button_grid(f, cx, cy, cw, names, data_labels, on, 3, hits);
    if (hits[0] && k != DATASET_MNIST) ask_dataset(f, DATASET_MNIST);
    if (hits[1] && k != DATASET_FASHION) ask_dataset(f, DATASET_FASHION);
    if (hits[2]) ask_dataset(f, DATASET_FOLDER);
    *y = cy + h + 2.f;
}

static void action_rows(const ControlsPanel *c, const Frame *f, const ControlsIn *in, float *y) {
    static const char *const file_names[3] = {"save", "open", "screenshot"};
    static const char *const view_names[3] = {"manifold", "log", "help"};
    float x = c->panel.x + PAD, w = c->panel.w - 2.f * PAD;
    int hits[3], off[3] = {0, 0, 0}, on[3] = {in->manifold, in->plot_log, in->help};
    *y += 6.f;
    *y += button_grid(f, x, *y, w, file_names, file_labels, off, 3, hits);
    if (hits[0]) ui_post_simple(f->u, INTENT_DIALOG, DIALOG_PROMPT_SAVE, 0.f);
    if (hits[1]) ui_post_simple(f->u, INTENT_DIALOG, DIALOG_PROMPT_OPEN, 0.f);
    if (hits[2]) ui_post_simple(f->u, INTENT_SHOT, 0, 0.f);
    *y += button_grid(f, x, *y, w, view_names, view_labels, on, 3, hits);
    if (hits[0]) ui_post_simple(f->u, INTENT_MANIFOLD, 0, 0.f);
    if (hits[1]) ui_post_simple(f->u, INTENT_PLOT_LOG, 0, 0.f);
    if (hits[2]) ui_post_simple(f->u, INTENT_HELP, 0, 0.f);
}

void controls_draw(ControlsPanel *c, const Frame *f, const ControlsIn *in) {
    Rect p = c->panel;
    ui_panel(f->u, "controls", p, tr(STR_PANEL_CONTROLS));
    Rect view = {p.x, p.y + 34.f, p.w, p.h - 35.f};
    if (view.h > 4.f) {
        float y = ui_scroll_begin(f->u, "content", view, controls_content_height(p.w), &c->scroll) + 4.f;
        sliders(c, f, &y);
        model_row(c, f, &y);
        dataset_row(c, f, &y);
        action_rows(c, f, in, &y);
        ui_scroll_end(f->u);
    }
    ui_panel_end(f->u);
}
