/* digits.c - the digit views: the digit decoded at the cursor, and the selected
 * image (dropped file or picked test digit) as original, 28x28 input and
 * reconstruction, with its posterior q(z|x) kept current as training goes on.
 * Owns: dropped-file handling (image_load_file; a refusal becomes a message in the
 * panel and a toast, and the app goes on).
 * Must not: block on the worker. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digits.h"
#include "image.h"

static void to_bytes(const float *x, uint8_t *out) {
    for (int i = 0; i < DIGIT_PIXELS; i++) out[i] = (uint8_t)lroundf(fminf(fmaxf(x[i], 0.f), 1.f) * 255.f);
}

static void set_tex(unsigned *tex, int w, int h, const uint8_t *px, int *cur_w, int *cur_h) {
    if (*tex && cur_w && (*cur_w != w || *cur_h != h)) {
        render_texture_free(*tex);
        *tex = 0;
    }
    if (!*tex)
        *tex = render_texture_create(w, h, 1, px, w > DIGIT);
    else
        render_texture_update(*tex, w, h, 1, px);
    if (cur_w) {
        *cur_w = w;
        *cur_h = h;
    }
}

void digits_refresh(DigitsPanel *d, const Frame *f) {
    Selection *s = &d->sel;
    const VaeModel *vae = f->snap ? f->snap->vae : NULL;
    float probs[DIGIT_PIXELS];
    uint8_t in[DIGIT_PIXELS];
    if (s->kind == SEL_NONE || !vae || vae->cfg.input_dim != DIGIT_PIXELS) return;
    if (vae_encode(vae, f->snap->work, s->x, 1, s->mu, s->logvar) != VAE_OK ||
        vae_decode(vae, f->snap->work, s->mu, 1, probs) != VAE_OK)
        return;
    to_bytes(probs, s->recon);
    to_bytes(s->x, in);
    set_tex(&s->input_tex, DIGIT, DIGIT, in, NULL, NULL);
    set_tex(&s->recon_tex, DIGIT, DIGIT, s->recon, NULL, NULL);
    d->dirty = 1;
}

void digits_clear(DigitsPanel *d) {
    d->sel.kind = SEL_NONE;
    d->sel.error[0] = 0;
    d->dirty = 1;
}

static const char *base_name(const char *path) {
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* The original, shrunk to at most 256 pixels a side for display. */
static void upload_original(DigitsPanel *d, const VaeImage *img) {
    int w = img->width, h = img->height, m = w > h ? w : h;
    int tw = m > 256 ? (int)((long)w * 256 / m) : w, th = m > 256 ? (int)((long)h * 256 / m) : h;
    tw = tw < 1 ? 1 : tw;
    th = th < 1 ? 1 : th;
    uint8_t *px = malloc((size_t)tw * (size_t)th);
    if (!px) return;
    for (int y = 0; y < th; y++)
        for (int x = 0; x < tw; x++)
            px[y * tw + x] = img->grey[(size_t)((long)y * h / th) * (size_t)w + (size_t)((long)x * w / tw)];
    set_tex(&d->sel.orig_tex, tw, th, px, &d->sel.orig_w, &d->sel.orig_h);
    free(px);
}

void digits_drop_file(DigitsPanel *d, const Frame *f, const char *path) {
    VaeImage img;
    memset(&img, 0, sizeof img);
    if (image_load_file(path, &img) != VAE_OK) {
        snprintf(d->sel.error, sizeof d->sel.error, tr(STR_DROP_FAILED), base_name(path), vae_last_error());
        ui_toast(f->u, 1, "%s", d->sel.error);
        d->dirty = 1;
        return;
    }
    Selection *s = &d->sel;
    memcpy(s->x, img.mnist, sizeof s->x);
    upload_original(d, &img);
    image_free(&img);
    s->kind = SEL_DROPPED;
    s->error[0] = 0;
    snprintf(s->name, sizeof s->name, "%s", base_name(path));
    digits_refresh(d, f);
}

void digits_pick(DigitsPanel *d, const Frame *f, int index) {
    const TestSubset *sub = f->snap ? f->snap->subset : NULL;
    Selection *s = &d->sel;
    uint8_t px[DIGIT_PIXELS];
    if (!sub || index < 0 || index >= sub->count || sub->dim != DIGIT_PIXELS) return;
    memcpy(px, sub->pixels + (size_t)index * DIGIT_PIXELS, DIGIT_PIXELS);
    for (int i = 0; i < DIGIT_PIXELS; i++) s->x[i] = px[i] / 255.f;
    set_tex(&s->orig_tex, DIGIT, DIGIT, px, &s->orig_w, &s->orig_h);
    s->kind = SEL_PICKED;
    s->index = index;
    s->label = sub->labels[index];
    s->error[0] = 0;
    digits_refresh(d, f);
}

/* ---------------------------------------------------------------- drawing */

static void digit_frame(const Frame *f, Rect r, unsigned tex, int w, int h) {
    render_rect(r, rgba(0x000000, 255));
    render_rect_outline((Rect){r.x - 1.f, r.y - 1.f, r.w + 2.f, r.h + 2.f}, 1.f, f->u->th.border);
    if (!tex) return;
    float sc = fminf(r.w / (float)w, r.h / (float)h), dw = w * sc, dh = h * sc;
    render_image(tex, (Rect){r.x + (r.w - dw) * 0.5f, r.y + (r.h - dh) * 0.5f, dw, dh}, rgba(0xFFFFFF, 255), 1);
}

static void caption(const Frame *f, const char *s, float cx, float y, float max_w) {
    float size = 12.f;
    while (size > 8.f && text_width(s, size, TEXT_REGULAR) > max_w) size -= 0.5f;
    text_draw(s, cx, y, size, TEXT_REGULAR, f->u->th.muted, ALIGN_CENTER);
}

/* The selection's content from y down; returns its height. draw = 0 only measures. */
static float selection_content(DigitsPanel *d, const Frame *f, Rect p, float y, int draw) {
    Selection *s = &d->sel;
    char buf[320], cls[16];
    float gap = 8.f, tw = p.w - 28.f, bw = floorf(fminf((tw - 2.f * gap) / 3.f, 140.f)), y0 = y;
    float x0 = p.x + 14.f + floorf((tw - 3.f * bw - 2.f * gap) * 0.5f);
    unsigned tex[3] = {s->orig_tex, s->input_tex, s->recon_tex};
    StrId cap[3] = {STR_DROP_ORIGINAL, STR_DROP_INPUT, STR_DROP_RECON};
    for (int k = 0; draw && k < 3; k++) {
        Rect r = {x0 + (bw + gap) * (float)k, y, bw, bw};
        digit_frame(f, r, tex[k], k == 0 ? s->orig_w : DIGIT, k == 0 ? s->orig_h : DIGIT);
        caption(f, tr(cap[k]), r.x + bw * 0.5f, y + bw + 5.f, bw + gap);
    }
    y += bw + 26.f;
    if (s->kind == SEL_PICKED)
        snprintf(buf, sizeof buf, tr(STR_DROP_PICKED), s->index,
                 class_name(f->snap->dataset, s->label, cls, sizeof cls));
    else
        snprintf(buf, sizeof buf, "%s", s->name);
    if (draw) text_draw_fit(buf, p.x + 14.f, y, tw, 14.f, TEXT_BOLD, f->u->th.text);
    y += 22.f;
    int dx = f->view->dim_x, dy = f->view->dim_y;
    snprintf(buf, sizeof buf, tr(STR_DROP_POSTERIOR), (double)s->mu[dx], (double)s->mu[dy],
             (double)expf(0.5f * s->logvar[dx]), (double)expf(0.5f * s->logvar[dy]));
    y += draw ? text_draw_wrapped(buf, p.x + 14.f, y, tw, 13.f, TEXT_REGULAR, f->u->th.muted)
              : ui_text_height(buf, tw, 13.f, 0);
    return y - y0;
}

static float error_content(DigitsPanel *d, const Frame *f, Rect p, float y, int draw) {
    const float pad = 10.f;
    Rect box = {p.x + 10.f, y + 6.f, p.w - 20.f, 0.f};
    box.h = ui_text_height(d->sel.error, box.w - 2.f * pad, 13.f, 0) + 2.f * pad;
    if (draw) {
        render_rect(box, f->u->th.error_bg);
        text_draw_wrapped(d->sel.error, box.x + pad, box.y + pad, box.w - 2.f * pad, 13.f, TEXT_REGULAR,
                          f->u->th.error_text);
    }
    return box.h + 12.f;
}

static float content(DigitsPanel *d, const Frame *f, Rect p, float y, int draw) {
    float h = 0.f, tw = p.w - 28.f;
    if (d->sel.kind != SEL_NONE)
        h = selection_content(d, f, p, y, draw);
    else
        h = draw ? text_draw_wrapped(tr(STR_DROP_HINT), p.x + 14.f, y, tw, 14.f, TEXT_REGULAR, f->u->th.muted)
                 : ui_text_height(tr(STR_DROP_HINT), tw, 14.f, 0);
    if (d->sel.error[0]) h += error_content(d, f, p, y + h, draw);
    return h + 8.f;
}

void digits_draw(DigitsPanel *d, const Frame *f) {
    Rect p = d->panel;
    ui_panel(f->u, "input", p, tr(STR_PANEL_INPUT));
    Rect view = {p.x, p.y + 36.f, p.w, p.h - 38.f};
    if (view.h > 4.f) {
        float h = content(d, f, p, 0.f, 0);
        float y = ui_scroll_begin(f->u, "content", view, h, &d->scroll);
        content(d, f, p, y, 1);
        ui_scroll_end(f->u);
    }
    ui_panel_end(f->u);
}
