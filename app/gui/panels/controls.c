/* controls.c - the header bar (play/pause, step, reset, status, epoch progress,
 * samples/s) and the controls panel (learning rate, beta, batch size, latent and
 * hidden sizes, dataset, save/open model, screenshot, view toggles). Every control
 * here also has a key (gui_events.c) that calls the same *_step function.
 * Must not: change training state except by worker commands. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

static const float lr_steps[] = {1e-4f, 2e-4f, 5e-4f, 1e-3f, 2e-3f, 5e-3f, 1e-2f};
static const float beta_steps[] = {0.f, 0.1f, 0.25f, 0.5f, 1.f, 1.5f, 2.f, 3.f, 4.f, 6.f, 8.f};
static const int batch_steps[] = {16, 32, 64, 128, 256, 512, 1024};
static const int latent_steps[] = {1, 2, 3, 4, 5, 8, 10, 16, 20, 32, 64};
static const char *const hidden_presets[] = {"512,256", "256,128", "400", "1024,512", "512,256,128", "none"};
#define COUNT(x) ((int)(sizeof(x) / sizeof((x)[0])))

static int nearest_f(const float *v, int n, float x)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (fabsf(logf(v[i] + 1e-3f) - logf(x + 1e-3f)) < fabsf(logf(v[best] + 1e-3f) - logf(x + 1e-3f)))
            best = i;
    return best;
}

static int step_index(int i, int dir, int n)
{
    i += dir;
    return i < 0 ? 0 : i >= n ? n - 1 : i;
}

void controls_lr_step(App *a, int dir)
{
    a->lr = lr_steps[step_index(nearest_f(lr_steps, COUNT(lr_steps), a->lr), dir, COUNT(lr_steps))];
    worker_send_simple(a->worker, CMD_SET_LR, a->lr, 0);
}

void controls_beta_step(App *a, int dir)
{
    a->beta = beta_steps[step_index(nearest_f(beta_steps, COUNT(beta_steps), a->beta), dir, COUNT(beta_steps))];
    worker_send_simple(a->worker, CMD_SET_BETA, a->beta, 0);
}

void controls_batch_step(App *a, int dir)
{
    int i = 0;
    while (i < COUNT(batch_steps) - 1 && batch_steps[i] < a->batch)
        i++;
    a->batch = batch_steps[step_index(i, dir, COUNT(batch_steps))];
    worker_send_simple(a->worker, CMD_SET_BATCH, 0.f, a->batch);
}

static VaeConfig current_cfg(const App *a)
{
    return a->snap && a->snap->vae ? a->snap->vae->cfg : vae_config_default();
}

void controls_latent_step(App *a, int dir)
{
    VaeConfig cfg = current_cfg(a);
    int i = 0;
    while (i < COUNT(latent_steps) - 1 && latent_steps[i] < cfg.latent_dim)
        i++;
    cfg.latent_dim = latent_steps[step_index(i, dir, COUNT(latent_steps))];
    a->pending_cfg = cfg;
    a->dialog = DIALOG_CONFIRM_RESTART;
}

void controls_hidden_next(App *a)
{
    VaeConfig cfg = current_cfg(a);
    char cur[64] = "";
    for (int i = 0; i < cfg.n_hidden; i++)
        snprintf(cur + strlen(cur), sizeof cur - strlen(cur), i ? ",%d" : "%d", cfg.hidden[i]);
    int k = 0;
    while (k < COUNT(hidden_presets) && strcmp(hidden_presets[k], cfg.n_hidden ? cur : "none") != 0)
        k++;
    vae_config_parse_hidden(&cfg, hidden_presets[(k + 1) % COUNT(hidden_presets)]);
    a->pending_cfg = cfg;
    a->dialog = DIALOG_CONFIRM_RESTART;
}

void controls_dataset_next(App *a)
{
    a->pending_data = a->snap && a->snap->dataset == DATASET_MNIST ? DATASET_FASHION : DATASET_MNIST;
    a->dialog = DIALOG_CONFIRM_DATA;
}

void controls_open_prompt(App *a, DialogKind kind)
{
    const char *home = getenv("HOME");
    if (kind == DIALOG_PROMPT_FOLDER)
        snprintf(a->field, sizeof a->field, "%s/", home ? home : ".");
    else
        snprintf(a->field, sizeof a->field, "%s/vae-explorer-model.vaeckpt", home ? home : ".");
    a->dialog = kind;
    SDL_StartTextInput();
}

/* ---------------------------------------------------------------- header */

static float header_status(App *a, float x)
{
    const Snapshot *s = a->snap;
    Rect h = a->L.header;
    char buf[160];
    Color c = s->state == WORKER_RUNNING ? a->th.accent : s->state == WORKER_ERROR ? a->th.error_bg : a->th.muted;
    if (s->state == WORKER_LOADING)
        snprintf(buf, sizeof buf, tr(STR_STATUS_LOADING), s->status);
    else
        snprintf(buf, sizeof buf, "%s", tr(s->state == WORKER_RUNNING  ? STR_STATUS_TRAINING
                                           : s->state == WORKER_PAUSED ? STR_STATUS_PAUSED
                                                                       : STR_STATUS_ERROR));
    x += text_draw(buf, x, h.y + 9.f, 15.f, TEXT_BOLD, c, ALIGN_LEFT) + 16.f;
    if (s->state == WORKER_LOADING || !s->vae)
        return x;
    snprintf(buf, sizeof buf, tr(STR_EPOCH), s->epoch + 1);
    x += text_draw(buf, x, h.y + 9.f, 15.f, TEXT_REGULAR, a->th.text, ALIGN_LEFT) + 10.f;
    float bar_w = 120.f;
    render_rect((Rect){x, h.y + 17.f, bar_w, 6.f}, a->th.button_hover);
    render_rect((Rect){x, h.y + 17.f, bar_w * s->epoch_progress, 6.f}, a->th.accent);
    snprintf(buf, sizeof buf, tr(STR_STEP), s->step);
    text_draw(buf, x, h.y + 28.f, 12.f, TEXT_REGULAR, a->th.muted, ALIGN_LEFT);
    x += bar_w + 16.f;
    snprintf(buf, sizeof buf, tr(STR_SAMPLES_PER_S), s->samples_per_s);
    x += text_draw(buf, x, h.y + 9.f, 15.f, TEXT_REGULAR, a->th.text, ALIGN_LEFT) + 16.f;
    return x;
}

void header_draw(App *a)
{
    Rect h = a->L.header;
    const Snapshot *s = a->snap;
    render_rect(h, a->th.panel);
    render_rect((Rect){h.x, h.y + h.h - 1.f, h.w, 1.f}, a->th.border);
    float x = 16.f;
    x += text_draw(tr(STR_APP_TITLE), x, 13.f, 20.f, TEXT_BOLD, a->th.text, ALIGN_LEFT) + 20.f;
    int running = s->state == WORKER_RUNNING;
    if (ui_button(a, 1, (Rect){x, 10.f, 92.f, 32.f}, tr(running ? STR_BTN_PAUSE : STR_BTN_PLAY), running))
        worker_send_simple(a->worker, CMD_TOGGLE, 0, 0);
    x += 100.f;
    if (ui_button(a, 2, (Rect){x, 10.f, 72.f, 32.f}, tr(STR_BTN_STEP), 0))
        worker_send_simple(a->worker, CMD_STEP, 0, 0);
    x += 80.f;
    if (ui_button(a, 3, (Rect){x, 10.f, 72.f, 32.f}, tr(STR_BTN_RESET), 0))
        worker_send_simple(a->worker, CMD_RESET, 0, 0);
    x += 92.f;
    render_clip(&(Rect){x, 0, a->W - x - 110.f, h.h});
    header_status(a, x);
    render_clip(NULL);
    if (ui_button(a, 4, (Rect){a->W - 106.f, 10.f, 92.f, 32.f}, tr(STR_BTN_HELP), a->help))
        a->help = !a->help;
}

/* ---------------------------------------------------------------- controls panel */

static void slider_row(App *a, int id, float y, StrId label, float *t, const char *value)
{
    Rect p = a->L.controls;
    float lw = fminf(150.f, p.w * 0.36f), vw = 72.f;
    text_draw_fit(tr(label), p.x + 14.f, y + 7.f, lw - 8.f, 14.f, TEXT_REGULAR, a->th.muted);
    text_draw(value, p.x + p.w - 14.f, y + 7.f, 14.f, TEXT_BOLD, a->th.text, ALIGN_RIGHT);
    ui_slider(a, id, (Rect){p.x + 14.f + lw, y + 4.f, p.w - 28.f - lw - vw, 24.f}, t);
}

static void sliders(App *a, float y)
{
    char buf[32];
    float t = (log10f(a->lr) + 4.f) / 2.f, t0 = t;
    snprintf(buf, sizeof buf, "%.1e", (double)a->lr);
    slider_row(a, 10, y, STR_LBL_LR, &t, buf);
    if (t != t0) {
        a->lr = powf(10.f, t * 2.f - 4.f);
        worker_send_simple(a->worker, CMD_SET_LR, a->lr, 0);
    }
    t = sqrtf(a->beta / 8.f), t0 = t;
    snprintf(buf, sizeof buf, "%.2f", (double)a->beta);
    slider_row(a, 11, y + 34.f, STR_LBL_BETA, &t, buf);
    if (t != t0) {
        a->beta = roundf(t * t * 8.f * 20.f) / 20.f;
        worker_send_simple(a->worker, CMD_SET_BETA, a->beta, 0);
    }
    int bi = 0;
    while (bi < COUNT(batch_steps) - 1 && batch_steps[bi] < a->batch)
        bi++;
    t = (float)bi / (COUNT(batch_steps) - 1), t0 = t;
    snprintf(buf, sizeof buf, "%d", a->batch);
    slider_row(a, 12, y + 68.f, STR_LBL_BATCH, &t, buf);
    int nb = batch_steps[(int)lroundf(t * (COUNT(batch_steps) - 1))];
    if (t != t0 && nb != a->batch) {
        a->batch = nb;
        worker_send_simple(a->worker, CMD_SET_BATCH, 0.f, nb);
    }
}

static void model_row(App *a, float y)
{
    Rect p = a->L.controls;
    VaeConfig cfg = current_cfg(a);
    char buf[64];
    float x = p.x + 14.f, w = p.w - 28.f;
    text_draw(tr(STR_LBL_LATENT), x, y + 7.f, 14.f, TEXT_REGULAR, a->th.muted, ALIGN_LEFT);
    float lx = x + fminf(150.f, p.w * 0.36f);
    if (ui_button(a, 20, (Rect){lx, y + 2.f, 28.f, 28.f}, "-", 0))
        controls_latent_step(a, -1);
    snprintf(buf, sizeof buf, "%d", cfg.latent_dim);
    text_draw(buf, lx + 50.f, y + 7.f, 14.f, TEXT_BOLD, a->th.text, ALIGN_CENTER);
    if (ui_button(a, 21, (Rect){lx + 72.f, y + 2.f, 28.f, 28.f}, "+", 0))
        controls_latent_step(a, +1);
    vae_config_describe(&cfg, buf, sizeof buf);
    float bx = lx + 112.f;
    if (ui_button(a, 22, (Rect){bx, y + 2.f, x + w - bx, 28.f}, buf, 0))
        controls_hidden_next(a);
}

static void dataset_row(App *a, float y)
{
    Rect p = a->L.controls;
    float x = p.x + 14.f + fminf(150.f, p.w * 0.36f), w = (p.x + p.w - 14.f - x - 12.f) / 3.f;
    DatasetKind k = a->snap ? a->snap->dataset : DATASET_MNIST;
    text_draw(tr(STR_LBL_DATASET), p.x + 14.f, y + 7.f, 14.f, TEXT_REGULAR, a->th.muted, ALIGN_LEFT);
    if (ui_button(a, 30, (Rect){x, y + 2.f, w, 28.f}, tr(STR_DATA_MNIST), k == DATASET_MNIST) &&
        k != DATASET_MNIST) {
        a->pending_data = DATASET_MNIST;
        a->dialog = DIALOG_CONFIRM_DATA;
    }
    if (ui_button(a, 31, (Rect){x + w + 6.f, y + 2.f, w, 28.f}, tr(STR_DATA_FASHION), k == DATASET_FASHION) &&
        k != DATASET_FASHION) {
        a->pending_data = DATASET_FASHION;
        a->dialog = DIALOG_CONFIRM_DATA;
    }
    if (ui_button(a, 32, (Rect){x + 2.f * (w + 6.f), y + 2.f, w, 28.f}, tr(STR_BTN_FOLDER), k == DATASET_FOLDER))
        controls_open_prompt(a, DIALOG_PROMPT_FOLDER);
}

static void button_row(App *a, float y, const StrId *labels, const int *on, int *hits)
{
    Rect p = a->L.controls;
    float w = (p.w - 28.f - 12.f) / 3.f;
    for (int i = 0; i < 3; i++)
        hits[i] = ui_button(a, 40 + (int)labels[i], (Rect){p.x + 14.f + (w + 6.f) * (float)i, y + 2.f, w, 30.f},
                            tr(labels[i]), on[i]);
}

/* Content height 284: when the panel is shorter, the wheel scrolls it. */
void controls_scroll(App *a, float dy)
{
    float over = 284.f + 8.f - a->L.controls.h;
    a->controls_scroll = over > 0.f ? fminf(fmaxf(a->controls_scroll - dy * 30.f, 0.f), over) : 0.f;
}

void controls_draw(App *a)
{
    Rect p = a->L.controls;
    controls_scroll(a, 0.f);
    float y = p.y + 36.f - a->controls_scroll;
    ui_panel(a, p, tr(STR_PANEL_CONTROLS));
    a->widget_clip = (Rect){p.x, p.y + 32.f, p.w, p.h - 33.f};
    render_clip(&a->widget_clip);
    sliders(a, y);
    model_row(a, y + 102.f);
    dataset_row(a, y + 136.f);
    int hits[3], off[3] = {0, 0, 0}, on[3] = {a->manifold, a->plot_log, a->help};
    static const StrId r1[3] = {STR_BTN_SAVE, STR_BTN_OPEN, STR_BTN_SHOT};
    static const StrId r2[3] = {STR_BTN_MANIFOLD, STR_BTN_LOG, STR_BTN_HELP};
    button_row(a, y + 176.f, r1, off, hits);
    if (hits[0])
        controls_open_prompt(a, DIALOG_PROMPT_SAVE);
    if (hits[1])
        controls_open_prompt(a, DIALOG_PROMPT_OPEN);
    if (hits[2])
        app_request_shot(a, NULL);
    button_row(a, y + 212.f, r2, on, hits);
    if (hits[0]) {
        a->manifold = !a->manifold;
        a->manifold_dirty = 1;
    }
    if (hits[1])
        a->plot_log = !a->plot_log;
    if (hits[2])
        a->help = !a->help;
    render_clip(NULL);
    a->widget_clip.w = 0.f;
}
