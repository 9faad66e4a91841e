/* header.c - the header bar (see header.h). */
#include "header.h"

#include <math.h>
#include <stdio.h>

#define ROW_H 52.f
#define STATUS_H 40.f
#define BTN_H 32.f

static float button_w(const char *label) { return fmaxf(text_width(label, 14.f, TEXT_REGULAR) + 24.f, 64.f); }

/* Width of the left group (play, step, reset) and the right group (teach, lesson, keys). */
static float left_w(void) {
    return button_w(tr(STR_BTN_PAUSE)) + button_w(tr(STR_BTN_STEP)) + button_w(tr(STR_BTN_RESET)) + 16.f;
}

static float right_w(int teach) {
    float w = button_w(tr(STR_BTN_HELP)) + 8.f;
    if (teach) w += button_w(tr(STR_TEACH_BTN)) + button_w(tr(STR_TEACH_LESSON_BTN)) + 16.f;
    return w;
}

/* The status needs about this much in one row. */
static float status_w(void) { return 420.f; }

static float title_w(void) { return text_width(tr(STR_APP_TITLE), 20.f, TEXT_BOLD) + 20.f; }

/* Rows: 1 when everything fits; 2 with the status below; 3 with the right-hand buttons
 * on a row of their own as well (a narrow window at a large scale). */
static int header_rows(float w, int teach, int one_row) {
    if (one_row) return 1;
    float fixed = 16.f + left_w() + right_w(teach) + 16.f;
    return fixed + status_w() <= w ? 1 : fixed <= w ? 2 : 3;
}

float header_height(float w, int teach, int one_row) {
    return ROW_H + STATUS_H * (float)(header_rows(w, teach, one_row) - 1);
}

static void status_text(const Frame *f, float x, float y, float max_w) {
    const Snapshot *s = f->snap;
    const Theme *th = &f->u->th;
    char buf[160];
    float right = x + max_w;
    Color c = s->state == WORKER_RUNNING ? th->accent : s->state == WORKER_ERROR ? th->error_bg : th->muted;
    if (s->state == WORKER_LOADING)
        snprintf(buf, sizeof buf, tr(STR_STATUS_LOADING), s->status);
    else
        snprintf(buf, sizeof buf, "%s",
                 tr(s->state == WORKER_RUNNING  ? STR_STATUS_TRAINING
                    : s->state == WORKER_PAUSED ? STR_STATUS_PAUSED
                                                : STR_STATUS_ERROR));
    x += text_draw_fit(buf, x, y, right - x, 15.f, TEXT_BOLD, c) + 16.f;
    if (s->state == WORKER_LOADING || !s->vae || x >= right) return;
    snprintf(buf, sizeof buf, tr(STR_EPOCH), s->epoch + 1);
    x += text_draw_fit(buf, x, y, right - x, 15.f, TEXT_REGULAR, th->text) + 10.f;
    float bar_w = fminf(120.f, right - x);
    if (bar_w < 40.f) return;
    render_rect((Rect){x, y + 8.f, bar_w, 6.f}, th->button_hover);
    render_rect((Rect){x, y + 8.f, bar_w * s->epoch_progress, 6.f}, th->accent);
    snprintf(buf, sizeof buf, tr(STR_STEP), s->step);
    text_draw_fit(buf, x, y + 19.f, bar_w + 12.f, 12.f, TEXT_REGULAR, th->muted);
    x += bar_w + 16.f;
    snprintf(buf, sizeof buf, tr(STR_SAMPLES_PER_S), s->samples_per_s);
    if (x < right - 40.f) text_draw_fit(buf, x, y, right - x, 15.f, TEXT_REGULAR, th->text);
}

static int button(const Frame *f, const char *name, float *x, float y, StrId label, int on) {
    const char *s = tr(label);
    float w = button_w(s);
    int hit = ui_button(f->u, name, (Rect){*x, y, w, BTN_H}, s, on);
    *x += w + 8.f;
    return hit;
}

void header_draw(HeaderPanel *h, const Frame *f, const HeaderIn *in) {
    Rect r = h->panel;
    const Snapshot *s = f->snap;
    ui_panel(f->u, "header", r, NULL);
    render_rect((Rect){r.x, r.y + r.h - 1.f, r.w, 1.f}, f->u->th.border);
    int teach = in->teach_available && !in->one_row;
    int rows = header_rows(r.w, teach, in->one_row), running = s->state == WORKER_RUNNING;
    float x = 16.f, y = 10.f, rw = right_w(teach);
    float room = r.w - 32.f - left_w() - (rows == 3 ? 0.f : rw) - (rows > 1 ? 0.f : status_w());
    if (room >= title_w()) /* the title is the first thing to go */
        x += text_draw(tr(STR_APP_TITLE), x, 13.f, 20.f, TEXT_BOLD, f->u->th.text, ALIGN_LEFT) + 20.f;
    if (button(f, "play", &x, y, running ? STR_BTN_PAUSE : STR_BTN_PLAY, running)) ui_worker(f->u, CMD_TOGGLE, 0.f, 0);
    if (button(f, "step", &x, y, STR_BTN_STEP, 0)) ui_worker(f->u, CMD_STEP, 0.f, 0);
    if (button(f, "reset", &x, y, STR_BTN_RESET, 0)) ui_worker(f->u, CMD_RESET, 0.f, 0);
    float rx = rows == 3 ? 16.f : r.w - 16.f - rw + 8.f;
    if (rows == 3) y += STATUS_H;
    if (rows > 1)
        status_text(f, 16.f, ROW_H + 2.f + (rows == 3 ? STATUS_H : 0.f), r.w - 32.f);
    else
        status_text(f, x + 8.f, 9.f, rx - x - 16.f);
    if (teach && !in->lesson_on) {
        if (button(f, "teach", &rx, y, STR_TEACH_BTN, in->teach_on)) ui_post_simple(f->u, INTENT_TEACH, 0, 0.f);
        if (button(f, "lesson", &rx, y, STR_TEACH_LESSON_BTN, 0)) ui_post_simple(f->u, INTENT_LESSON, 1, 0.f);
    } else if (teach) {
        rx += button_w(tr(STR_TEACH_BTN)) + button_w(tr(STR_TEACH_LESSON_BTN)) + 16.f;
    }
    if (button(f, "help", &rx, y, STR_BTN_HELP, in->help)) ui_post_simple(f->u, INTENT_HELP, 0, 0.f);
    ui_panel_end(f->u);
}
