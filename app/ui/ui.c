/* ui.c - immediate-mode widgets: panels, scroll regions, buttons, sliders, tooltips,
 * hashed ids and the intent queue (see ui.h).
 *
 * Owns: how a widget looks and how it reacts to the pointer state in Ui. Buttons act on
 * press so that a press and release arriving in one frame still count.
 * Must not: keep state outside Ui or call up into panels or the shell. */
#include "ui.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

static UiId fnv1a(UiId h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

UiId ui_id(const Ui *u, const char *name) {
    UiId seed = u->id_depth > 0 ? u->id_stack[u->id_depth - 1] : 2166136261u;
    UiId h = fnv1a(seed, name, strlen(name));
    return h ? h : 1;
}

void ui_push_id(Ui *u, const char *name) {
    UiId h = ui_id(u, name);
    if (u->id_depth < UI_ID_DEPTH) u->id_stack[u->id_depth++] = h;
}

void ui_pop_id(Ui *u) {
    if (u->id_depth > 0) u->id_depth--;
}

void ui_begin_frame(Ui *u) {
    u->n_rec = 0;
    u->id_depth = 0;
    u->clip_depth = 0;
    u->panel[0] = 0;
}

void ui_end_frame(Ui *u) {
    u->clicked = 0;
    u->wheel = 0.f;
}

/* ---------------------------------------------------------------- intents */

void ui_post(Ui *u, const Intent *in) {
    if (u->n_intents >= UI_MAX_INTENTS) {
        u->dropped_intents++;
        return;
    }
    u->intents[u->n_intents++] = *in;
}

void ui_post_simple(Ui *u, IntentKind kind, int i, float f) {
    Intent in;
    memset(&in, 0, sizeof in);
    in.kind = kind;
    in.i = i;
    in.f = f;
    ui_post(u, &in);
}

void ui_toast(Ui *u, int error, const char *fmt, ...) {
    Intent in;
    memset(&in, 0, sizeof in);
    in.kind = INTENT_TOAST;
    in.i = error;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(in.text, sizeof in.text, fmt, ap);
    va_end(ap);
    ui_post(u, &in);
}

void ui_worker(Ui *u, CmdType type, float f, int i) {
    Intent in;
    memset(&in, 0, sizeof in);
    in.kind = INTENT_WORKER;
    in.cmd.type = type;
    in.cmd.f = f;
    in.cmd.i = i;
    ui_post(u, &in);
}

/* ---------------------------------------------------------------- record and clip */

static void record(Ui *u, int widget, const char *name, Rect r) {
    if (u->n_rec >= UI_MAX_RECORDS) return;
    UiRecord *e = &u->rec[u->n_rec++];
    e->widget = widget;
    snprintf(e->panel, sizeof e->panel, "%s", widget ? u->panel : name);
    snprintf(e->name, sizeof e->name, "%s", name);
    e->r = r;
    e->scrolled = 0;
    if (widget && u->clip_depth > 0) {
        Rect c = u->clip_stack[u->clip_depth - 1];
        e->scrolled = r.y < c.y - 0.5f || r.y + r.h > c.y + c.h + 0.5f;
    }
}

void ui_record_widget(Ui *u, const char *name, Rect r) { record(u, 1, name, r); }

static Rect intersect(Rect a, Rect b) {
    float x0 = fmaxf(a.x, b.x), y0 = fmaxf(a.y, b.y);
    float x1 = fminf(a.x + a.w, b.x + b.w), y1 = fminf(a.y + a.h, b.y + b.h);
    return (Rect){x0, y0, fmaxf(x1 - x0, 0.f), fmaxf(y1 - y0, 0.f)};
}

static void push_clip(Ui *u, Rect r) {
    if (u->clip_depth > 0) r = intersect(r, u->clip_stack[u->clip_depth - 1]);
    if (u->clip_depth < UI_CLIP_DEPTH) u->clip_stack[u->clip_depth++] = r;
    render_clip(&r);
}

static void pop_clip(Ui *u) {
    if (u->clip_depth > 0) u->clip_depth--;
    if (u->clip_depth > 0)
        render_clip(&u->clip_stack[u->clip_depth - 1]);
    else
        render_clip(NULL);
}

void ui_clip_begin(Ui *u, Rect r) { push_clip(u, r); }

void ui_clip_end(Ui *u) { pop_clip(u); }

int ui_in_clip(const Ui *u, float x, float y) {
    return u->clip_depth == 0 || rect_has(u->clip_stack[u->clip_depth - 1], x, y);
}

float ui_text_height(const char *s, float max_w, float size, int bold) {
    render_clip(&(Rect){0, 0, 0, 0}); /* wrapped text's height is deterministic: draw nothing */
    float h = text_draw_wrapped(s, 0.f, 0.f, max_w, size, bold ? TEXT_BOLD : TEXT_REGULAR, rgba(0, 0));
    render_clip(NULL);
    return h;
}

/* ---------------------------------------------------------------- panels */

void ui_panel(Ui *u, const char *name, Rect r, const char *title) {
    snprintf(u->panel, sizeof u->panel, "%s", name);
    record(u, 0, name, r);
    ui_push_id(u, name);
    render_rect(r, u->th.panel);
    render_rect_outline(r, 1.f, u->th.border);
    push_clip(u, r);
    if (title) text_draw_fit(title, r.x + 14.f, r.y + 10.f, r.w - 28.f, 15.f, TEXT_BOLD, u->th.text);
}

const char *ui_fit_title(const char *title, const char *short_title, float max_w) {
    return text_width(title, 15.f, TEXT_BOLD) <= max_w ? title : short_title;
}

void ui_panel_end(Ui *u) {
    pop_clip(u);
    ui_pop_id(u);
    u->panel[0] = 0;
}

#define SCROLLBAR_W 8.f

float ui_scroll_begin(Ui *u, const char *name, Rect view, float content_h, float *scroll) {
    UiId id = ui_id(u, name);
    float over = content_h - view.h;
    if (over > 0.f && u->wheel != 0.f && !u->modal && rect_has(view, u->mx, u->my)) {
        *scroll -= u->wheel * 36.f;
        u->wheel = 0.f;
    }
    if (over > 0.f) {
        Rect bar = {view.x + view.w - SCROLLBAR_W - 2.f, view.y, SCROLLBAR_W, view.h};
        float thumb_h = fmaxf(view.h * view.h / content_h, 24.f);
        if (u->clicked && !u->modal && rect_has(bar, u->click_x, u->click_y)) {
            u->active = id;
            u->clicked = 0;
        }
        if (u->active == id && u->mouse_down) *scroll = (u->my - view.y - thumb_h * 0.5f) / (view.h - thumb_h) * over;
        *scroll = fminf(fmaxf(*scroll, 0.f), over);
        float ty = view.y + (view.h - thumb_h) * (*scroll / over);
        render_rect(bar, u->th.bg);
        render_rect((Rect){bar.x + 1.f, ty, bar.w - 2.f, thumb_h},
                    u->active == id || rect_has(bar, u->mx, u->my) ? u->th.accent : u->th.button_hover);
    } else {
        *scroll = 0.f;
    }
    push_clip(u, (Rect){view.x, view.y, view.w - (over > 0.f ? SCROLLBAR_W + 4.f : 0.f), view.h});
    return view.y - *scroll;
}

void ui_scroll_end(Ui *u) { pop_clip(u); }

/* ---------------------------------------------------------------- widgets */

static int take_click(Ui *u, Rect r) {
    if (!u->clicked || u->modal || !rect_has(r, u->click_x, u->click_y) || !ui_in_clip(u, u->click_x, u->click_y))
        return 0;
    u->clicked = 0;
    return 1;
}

int ui_button(Ui *u, const char *name, Rect r, const char *label, int on) {
    record(u, 1, name, r); /* acts on press: it never holds the pointer, so needs no id */
    int hot = rect_has(r, u->mx, u->my) && ui_in_clip(u, u->mx, u->my) && !u->modal;
    int hit = take_click(u, r);
    Color bg = on ? u->th.button_on : hot ? u->th.button_hover : u->th.button;
    render_rect(r, bg);
    if (hot) render_rect_outline(r, 1.f, u->th.accent);
    Color fg = on ? rgba(0xFFFFFF, 255) : u->th.text;
    float size = 14.f, w = text_width(label, size, TEXT_REGULAR);
    while (w > r.w - 10.f && size > 10.f) { /* shrink a little, then shorten */
        size -= 1.f;
        w = text_width(label, size, TEXT_REGULAR);
    }
    if (w > r.w - 8.f)
        text_draw_fit(label, r.x + 4.f, r.y + (r.h - size * 1.2f) * 0.5f, r.w - 8.f, size, TEXT_REGULAR, fg);
    else
        text_draw(label, r.x + (r.w - w) * 0.5f, r.y + (r.h - size * 1.2f) * 0.5f, size, TEXT_REGULAR, fg, ALIGN_LEFT);
    return hit;
}

int ui_slider(Ui *u, const char *name, Rect r, float *t01) {
    UiId id = ui_id(u, name);
    record(u, 1, name, r);
    Rect track = {r.x, r.y + r.h * 0.5f - 2.f, r.w, 4.f};
    if (take_click(u, (Rect){r.x - 6.f, r.y, r.w + 12.f, r.h})) u->active = id;
    int changed = 0;
    if (u->active == id && u->mouse_down) {
        float t = (u->mx - r.x) / r.w;
        t = t < 0.f ? 0.f : t > 1.f ? 1.f : t;
        changed = fabsf(t - *t01) > 1e-6f;
        *t01 = t;
    }
    int hot = (rect_has(r, u->mx, u->my) && !u->modal) || u->active == id;
    render_rect(track, u->th.button_hover);
    render_rect((Rect){track.x, track.y, track.w * *t01, track.h}, u->th.accent);
    float kx = r.x + r.w * *t01;
    render_disc(kx, r.y + r.h * 0.5f, hot ? 8.f : 7.f, u->th.accent);
    render_disc(kx, r.y + r.h * 0.5f, 3.f, u->th.panel);
    return changed;
}

void ui_tooltip(Ui *u, float x, float y, const char *s) {
    float w = text_width(s, 13.f, TEXT_REGULAR) + 16.f, h = 26.f;
    if (x + w > u->W - 4.f) x = u->W - 4.f - w;
    if (x < 4.f) x = 4.f;
    if (y < 4.f) y = 4.f;
    Rect r = {x, y, w, h};
    render_clip(NULL);
    render_rect((Rect){x + 2.f, y + 2.f, w, h}, u->th.shadow);
    render_rect(r, u->th.button);
    render_rect_outline(r, 1.f, u->th.border);
    text_draw(s, x + 8.f, y + 5.f, 13.f, TEXT_REGULAR, u->th.text, ALIGN_LEFT);
    if (u->clip_depth > 0) render_clip(&u->clip_stack[u->clip_depth - 1]);
}
