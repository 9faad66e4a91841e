/* ui.c - immediate-mode widgets: panels, buttons, sliders, labels, tooltips.
 *
 * Owns: how a widget looks and how it reacts to the pointer state gathered by
 * gui_events.c (a press position, the button held, the active widget id). Buttons
 * act on press so that a press and release arriving in one frame still count.
 * Must not: keep state outside App. */
#include <math.h>

#include "app.h"

void ui_panel(App *a, Rect r, const char *title)
{
    render_rect(r, a->th.panel);
    render_rect_outline(r, 1.f, a->th.border);
    if (title)
        text_draw_fit(title, r.x + 14.f, r.y + 10.f, r.w - 28.f, 15.f, TEXT_BOLD, a->th.text);
}

static int take_click(App *a, Rect r)
{
    if (!a->clicked || a->dialog != DIALOG_NONE || a->help || !rect_has(r, a->click_x, a->click_y))
        return 0;
    if (a->widget_clip.w > 0.f && !rect_has(a->widget_clip, a->click_x, a->click_y))
        return 0; /* scrolled out of view */
    a->clicked = 0;
    return 1;
}

int ui_button(App *a, int id, Rect r, const char *label, int on)
{
    int hot = rect_has(r, a->mx, a->my) && a->dialog == DIALOG_NONE && !a->help;
    int hit = take_click(a, r);
    Color bg = on ? a->th.button_on : hot ? a->th.button_hover : a->th.button;
    render_rect(r, bg);
    if (hot)
        render_rect_outline(r, 1.f, a->th.accent);
    Color fg = on ? rgba(0xFFFFFF, 255) : a->th.text;
    float size = 14.f, w = text_width(label, size, TEXT_REGULAR);
    while (w > r.w - 10.f && size > 9.f) { /* shrink rather than overflow */
        size -= 1.f;
        w = text_width(label, size, TEXT_REGULAR);
    }
    text_draw(label, r.x + (r.w - w) * 0.5f, r.y + (r.h - size * 1.2f) * 0.5f, size, TEXT_REGULAR, fg,
              ALIGN_LEFT);
    (void)id;
    return hit;
}

int ui_slider(App *a, int id, Rect r, float *t01)
{
    Rect track = {r.x, r.y + r.h * 0.5f - 2.f, r.w, 4.f};
    if (take_click(a, (Rect){r.x - 6.f, r.y, r.w + 12.f, r.h}))
        a->active_id = id;
    int changed = 0;
    if (a->active_id == id && a->mouse_down) {
        float t = (a->mx - r.x) / r.w;
        t = t < 0.f ? 0.f : t > 1.f ? 1.f : t;
        changed = fabsf(t - *t01) > 1e-6f;
        *t01 = t;
    }
    int hot = rect_has(r, a->mx, a->my) || a->active_id == id;
    render_rect(track, a->th.button_hover);
    render_rect((Rect){track.x, track.y, track.w * *t01, track.h}, a->th.accent);
    float kx = r.x + r.w * *t01;
    render_disc(kx, r.y + r.h * 0.5f, hot ? 8.f : 7.f, a->th.accent);
    render_disc(kx, r.y + r.h * 0.5f, 3.f, a->th.panel);
    return changed;
}

void ui_label_value(App *a, Rect r, const char *label, const char *value)
{
    float vw = text_width(value, 14.f, TEXT_BOLD);
    text_draw_fit(label, r.x, r.y, r.w - vw - 8.f, 14.f, TEXT_REGULAR, a->th.muted);
    text_draw(value, r.x + r.w, r.y, 14.f, TEXT_BOLD, a->th.text, ALIGN_RIGHT);
}

void ui_tooltip(App *a, float x, float y, const char *s)
{
    float w = text_width(s, 13.f, TEXT_REGULAR) + 16.f, h = 26.f;
    if (x + w > a->W - 4.f)
        x = a->W - 4.f - w;
    if (x < 4.f)
        x = 4.f;
    if (y < 4.f)
        y = 4.f;
    Rect r = {x, y, w, h};
    render_rect((Rect){x + 2.f, y + 2.f, w, h}, a->th.shadow);
    render_rect(r, a->th.button);
    render_rect_outline(r, 1.f, a->th.border);
    text_draw(s, x + 8.f, y + 5.f, 13.f, TEXT_REGULAR, a->th.text, ALIGN_LEFT);
}
