/* layout.c - where every panel sits, and the colours.
 *
 * Owns: the panel rectangles for the current logical window size (recomputed on
 * resize and scale changes), the dark and light themes, and the class palette
 * (Tableau 10, chosen for colour-vision deficiencies) with class names.
 * Must not: draw. */
#include <math.h>
#include <stdio.h>

#include "app.h"

const uint32_t class_palette[10] = {
    0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
    0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
};

const char *class_name(const App *a, int label, char *buf, size_t len)
{
    if (a->snap && a->snap->dataset == DATASET_FASHION && label >= 0 && label < 10)
        return tr((StrId)(STR_FASHION_0 + label));
    snprintf(buf, len, "%d", label);
    return buf;
}

void theme_init(Theme *th, int dark)
{
    if (dark) {
        *th = (Theme){
            .bg = rgba(0x111418, 255), .panel = rgba(0x1B2027, 255), .border = rgba(0x2C333D, 255),
            .text = rgba(0xECEFF4, 255), .muted = rgba(0xA3ABB8, 255), .faint = rgba(0x6B7480, 255),
            .grid = rgba(0x2A3038, 255), .accent = rgba(0x4FC3F7, 255), .accent_text = rgba(0x0B1015, 255),
            .button = rgba(0x2A313B, 255), .button_hover = rgba(0x36404C, 255), .button_on = rgba(0x2F6F93, 255),
            .error_bg = rgba(0xB3261E, 255), .error_text = rgba(0xFFFFFF, 255), .ok_bg = rgba(0x2E6B3A, 255),
            .shadow = rgba(0x000000, 170), .recon = rgba(0x5DA5DA, 255), .kl = rgba(0x60BD68, 255),
            .elbo = rgba(0xFAA43A, 255), .cursor = rgba(0x4FC3F7, 255), .posterior = rgba(0xFFFFFF, 255),
            .prior = rgba(0xC5CCD6, 230),
        };
    } else {
        *th = (Theme){
            .bg = rgba(0xE9ECF0, 255), .panel = rgba(0xFFFFFF, 255), .border = rgba(0xC9CFD8, 255),
            .text = rgba(0x15191E, 255), .muted = rgba(0x4A5360, 255), .faint = rgba(0x7D8794, 255),
            .grid = rgba(0xE1E5EA, 255), .accent = rgba(0x0A6EBD, 255), .accent_text = rgba(0xFFFFFF, 255),
            .button = rgba(0xE3E7EC, 255), .button_hover = rgba(0xD3D9E0, 255), .button_on = rgba(0x0A6EBD, 255),
            .error_bg = rgba(0xB3261E, 255), .error_text = rgba(0xFFFFFF, 255), .ok_bg = rgba(0x2E6B3A, 255),
            .shadow = rgba(0x000000, 120), .recon = rgba(0x1F77B4, 255), .kl = rgba(0x2CA02C, 255),
            .elbo = rgba(0xD9600B, 255), .cursor = rgba(0x0A6EBD, 255), .posterior = rgba(0x000000, 255),
            .prior = rgba(0x5A6472, 200),
        };
    }
}

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void layout_columns(App *a, float m, float top)
{
    Layout *L = &a->L;
    float W = a->W, H = a->H, h = H - top - m;
    float lw = clampf(floorf(W * 0.34f), 250.f, 470.f);
    float rw = clampf(floorf(W * 0.22f), 200.f, 310.f);
    /* the controls get the room they need, the plot the rest (at least 180) */
    float controls_h = 300.f, plot_h = fmaxf(floorf(h * 0.56f), 240.f);
    if (h - plot_h - m < controls_h) /* the controls scroll when even this is too little */
        plot_h = fmaxf(h - m - controls_h, 240.f);
    L->plot = (Rect){m, top, lw, plot_h};
    L->controls = (Rect){m, top + plot_h + m, lw, h - plot_h - m};
    L->map = (Rect){m + lw + m, top, W - lw - rw - 4 * m, h};
    float dec_h = rw + 44.f;
    L->decoded = (Rect){W - m - rw, top, rw, dec_h};
    L->input = (Rect){W - m - rw, top + dec_h + m, rw, h - dec_h - m};
    float side = rw - 32.f;
    L->digit_big = (Rect){L->decoded.x + 16.f, L->decoded.y + 36.f, side, side};
}

void layout_compute(App *a)
{
    Layout *L = &a->L;
    const float m = 10.f, header_h = 52.f;
    L->header = (Rect){0, 0, a->W, header_h};
    layout_columns(a, m, header_h + m);
    /* plot axes: room for tick labels left and below, the legend above */
    Rect p = L->plot;
    float legend_h = plot_legend_height(a);
    L->plot_area = (Rect){p.x + 58.f, p.y + 56.f + legend_h, p.w - 58.f - 16.f, p.h - 56.f - legend_h - 46.f};
    /* the latent square: below the title, above the legend, the hint and any sliders */
    Rect mp = L->map;
    int z = a->snap && a->snap->vae ? a->snap->vae->cfg.latent_dim : 2;
    float sliders = z > 2 ? 22.f * (float)((z - 2 < 8 ? z - 2 : 8) + 1) / 2.f + 14.f : 0.f;
    float below = 64.f + sliders;
    float side = fminf(mp.w - 24.f, mp.h - 40.f - below);
    if (side < 50.f)
        side = 50.f;
    L->map_area = (Rect){mp.x + (mp.w - side) * 0.5f, mp.y + 38.f, side, side};
    L->shot_banner = (Rect){a->W * 0.5f - 300.f, a->H - 64.f, 600.f, 44.f};
    teach_ui_layout(a); /* the teaching area, or the lesson layout */
}
