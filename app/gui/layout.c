/* layout.c - where every panel sits, as a function of the window's size in logical
 * units (pixels / interface scale), the mode (teach, lesson) and the panels' content.
 *
 * Owns: the reflow. Three columns on a wide window; two (the map with the digits under
 * it) on a medium one; on a small one (a projector at a large scale, a small laptop
 * window) one page at a time under a tab strip. Every panel gets at least the size its
 * controls need to be reachable: what does not fit scrolls inside its panel.
 * Must not: draw, or keep state beyond App.L. */
#include <math.h>

#include "app.h"

#define M 10.f /* the margin between panels */
#define TABS_H 40.f

static float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

static const Rect NONE = {0.f, 0.f, 0.f, 0.f};

/* The left column: the plot over the controls, or the teaching area. */
static void left_column(App *a, Rect col) {
    Layout *L = &a->L;
    if (a->teach && teach_on(a->teach)) {
        L->teach = col;
        return;
    }
    float want = controls_content_height(col.w) + 40.f;
    float plot_min = fminf(180.f, col.h * 0.45f);
    float ch = fminf(want, col.h - M - plot_min);
    ch = fmaxf(ch, fminf(150.f, col.h * 0.5f));
    L->plot = (Rect){col.x, col.y, col.w, col.h - ch - M};
    L->controls = (Rect){col.x, col.y + col.h - ch, col.w, ch};
}

static void wide(App *a, float top, float h) {
    Layout *L = &a->L;
    float W = a->ui.W;
    float lw = clampf(floorf(W * 0.34f), 250.f, 470.f);
    float rw = clampf(floorf(W * 0.22f), 200.f, 310.f);
    left_column(a, (Rect){M, top, lw, h});
    L->map = (Rect){M + lw + M, top, W - lw - rw - 4.f * M, h};
    float dec_h = fminf(rw + 44.f, floorf(h * 0.55f));
    L->decoded = (Rect){W - M - rw, top, rw, dec_h};
    L->input = (Rect){W - M - rw, top + dec_h + M, rw, h - dec_h - M};
}

static void two_columns(App *a, float top, float h) {
    Layout *L = &a->L;
    float W = a->ui.W;
    float lw = clampf(floorf(W * 0.4f), 260.f, 420.f), rw = W - lw - 3.f * M;
    left_column(a, (Rect){M, top, lw, h});
    float dig_h = clampf(floorf(h * 0.34f), 150.f, 250.f);
    float x = M + lw + M;
    L->map = (Rect){x, top, rw, h - dig_h - M};
    float dw = fminf(dig_h + 20.f, floorf(rw * 0.4f));
    L->decoded = (Rect){x, top + h - dig_h, dw, dig_h};
    L->input = (Rect){x + dw + M, top + h - dig_h, rw - dw - M, dig_h};
}

/* One page at a time under the tabs: the ELBO plot, the controls, the map with the
 * decoded digit, the selected image, or the teaching view. */
static void compact(App *a, float top, float h) {
    Layout *L = &a->L;
    float W = a->ui.W, w = W - 2.f * M;
    L->tabs = (Rect){0.f, top - M, W, TABS_H};
    top += TABS_H - M + 4.f;
    h -= TABS_H - M + 4.f;
    Rect page = {M, top, w, h};
    switch (a->page) {
    case PAGE_PLOT:
        L->plot = page;
        break;
    case PAGE_CONTROLS:
        L->controls = page;
        break;
    case PAGE_MAP:
        if (w >= h * 1.3f) {
            float dw = clampf(floorf(w * 0.3f), 110.f, 260.f);
            L->map = (Rect){M, top, w - dw - M, h};
            L->decoded = (Rect){M + w - dw, top, dw, fminf(h, dw + 60.f)};
        } else {
            float dh = clampf(floorf(h * 0.3f), 100.f, 220.f);
            L->map = (Rect){M, top, w, h - dh - M};
            L->decoded = (Rect){M, top + h - dh, w, dh};
        }
        break;
    case PAGE_TEACH:
        if (a->teach && teach_on(a->teach))
            L->teach = page;
        else
            L->input = page; /* no teaching view */
        break;
    default:
        L->input = page;
        break;
    }
}

static void lesson(App *a, float top, float h) {
    Layout *L = &a->L;
    float W = a->ui.W, band_h = teach_lesson_band_height();
    L->band = (Rect){M, top, W - 2.f * M, band_h};
    top += band_h + M;
    h -= band_h + M;
    if (W < 700.f) { /* narrow: the map over the teaching view */
        float mh = floorf(h * 0.5f);
        L->map = (Rect){M, top, W - 2.f * M, mh};
        L->teach = (Rect){M, top + mh + M, W - 2.f * M, h - mh - M};
        return;
    }
    float side = fminf(h - 40.f - 90.f, W * 0.46f);
    L->map = (Rect){M, top, side + 24.f, h};
    L->teach = (Rect){M + side + 24.f + M, top, W - side - 24.f - 3.f * M, h};
}

static void give_panels(App *a) {
    const Layout *L = &a->L;
    int Z = a->snap && a->snap->vae ? a->snap->vae->cfg.latent_dim : 2;
    a->header.panel = L->header;
    a->plot.panel = L->plot;
    a->controls.panel = L->controls;
    a->digits.panel = L->input;
    map_set_rects(&a->map, L->map, L->decoded, Z);
    if (a->teach) teach_set_rects(a->teach, L->teach, L->band);
}

void layout_compute(App *a) {
    Layout *L = &a->L;
    int teach_available = a->teach != NULL, lesson_on = a->teach && teach_lesson_on(a->teach);
    L->header = L->tabs = L->plot = L->controls = L->map = L->decoded = L->input = L->teach = L->band = NONE;
    int small = a->ui.W < 700.f || a->ui.H - 52.f - 2.f * M < 330.f;
    float hh = header_height(a->ui.W, teach_available && !small, small);
    L->header = (Rect){0.f, 0.f, a->ui.W, hh};
    float top = hh + M, h = a->ui.H - top - M;
    if (lesson_on && !small) {
        L->mode = LAYOUT_LESSON;
        lesson(a, top, h);
    } else if (!small && a->ui.W >= 1000.f && h >= 380.f) {
        L->mode = LAYOUT_WIDE;
        wide(a, top, h);
    } else if (!small) {
        L->mode = LAYOUT_TWO;
        two_columns(a, top, h);
    } else {
        L->mode = LAYOUT_COMPACT;
        compact(a, top, h);
    }
    give_panels(a);
}
