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

#include "app.h"
#include "image.h"

static void to_bytes(const float *x, uint8_t *out)
{
    for (int i = 0; i < DIGIT_PIXELS; i++)
        out[i] = (uint8_t)lroundf(fminf(fmaxf(x[i], 0.f), 1.f) * 255.f);
}

static void set_tex(unsigned *tex, int w, int h, const uint8_t *px, int *cur_w, int *cur_h)
{
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

void digits_refresh(App *a)
{
    Selection *s = &a->sel;
    Vae *vae = a->snap ? a->snap->vae : NULL;
    float probs[DIGIT_PIXELS];
    uint8_t in[DIGIT_PIXELS];
    if (s->kind == SEL_NONE || !vae || vae->cfg.input_dim != DIGIT_PIXELS)
        return;
    if (vae_encode(vae, s->x, 1, s->mu, s->logvar) != VAE_OK || vae_decode(vae, s->mu, 1, probs) != VAE_OK)
        return;
    to_bytes(probs, s->recon);
    to_bytes(s->x, in);
    set_tex(&s->input_tex, DIGIT, DIGIT, in, NULL, NULL);
    set_tex(&s->recon_tex, DIGIT, DIGIT, s->recon, NULL, NULL);
    a->dirty = 1;
}

void digits_clear(App *a)
{
    a->sel.kind = SEL_NONE;
    a->sel.error[0] = 0;
    a->dirty = 1;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* The original, shrunk to at most 256 pixels a side for display. */
static void upload_original(App *a, const VaeImage *img)
{
    int w = img->width, h = img->height, m = w > h ? w : h;
    int tw = m > 256 ? (int)((long)w * 256 / m) : w, th = m > 256 ? (int)((long)h * 256 / m) : h;
    tw = tw < 1 ? 1 : tw;
    th = th < 1 ? 1 : th;
    uint8_t *px = malloc((size_t)tw * (size_t)th);
    if (!px)
        return;
    for (int y = 0; y < th; y++)
        for (int x = 0; x < tw; x++)
            px[y * tw + x] = img->grey[(size_t)((long)y * h / th) * (size_t)w + (size_t)((long)x * w / tw)];
    set_tex(&a->sel.orig_tex, tw, th, px, &a->sel.orig_w, &a->sel.orig_h);
    free(px);
}

void digits_drop_file(App *a, const char *path)
{
    VaeImage img;
    memset(&img, 0, sizeof img);
    if (image_load_file(path, &img) != VAE_OK) {
        snprintf(a->sel.error, sizeof a->sel.error, tr(STR_DROP_FAILED), base_name(path), vae_last_error());
        app_toast(a, 1, "%s", a->sel.error);
        a->dirty = 1;
        return;
    }
    Selection *s = &a->sel;
    memcpy(s->x, img.mnist, sizeof s->x);
    upload_original(a, &img);
    image_free(&img);
    s->kind = SEL_DROPPED;
    s->error[0] = 0;
    snprintf(s->name, sizeof s->name, "%s", base_name(path));
    digits_refresh(a);
}

void digits_pick(App *a, int index)
{
    const TestSubset *sub = a->snap ? a->snap->subset : NULL;
    Selection *s = &a->sel;
    uint8_t px[DIGIT_PIXELS];
    if (!sub || index < 0 || index >= sub->count || sub->dim != DIGIT_PIXELS)
        return;
    memcpy(px, sub->pixels + (size_t)index * DIGIT_PIXELS, DIGIT_PIXELS);
    for (int i = 0; i < DIGIT_PIXELS; i++)
        s->x[i] = px[i] / 255.f;
    set_tex(&s->orig_tex, DIGIT, DIGIT, px, &s->orig_w, &s->orig_h);
    s->kind = SEL_PICKED;
    s->index = index;
    s->label = sub->labels[index];
    s->error[0] = 0;
    digits_refresh(a);
}

/* ---------------------------------------------------------------- drawing */

static void digit_frame(App *a, Rect r, unsigned tex, int w, int h)
{
    render_rect(r, rgba(0x000000, 255));
    render_rect_outline((Rect){r.x - 1.f, r.y - 1.f, r.w + 2.f, r.h + 2.f}, 1.f, a->th.border);
    if (!tex)
        return;
    float sc = fminf(r.w / (float)w, r.h / (float)h), dw = w * sc, dh = h * sc;
    render_image(tex, (Rect){r.x + (r.w - dw) * 0.5f, r.y + (r.h - dh) * 0.5f, dw, dh}, rgba(0xFFFFFF, 255), 1);
}

void digits_draw_decoded(App *a)
{
    Rect p = a->L.decoded, d = a->L.digit_big;
    char buf[96];
    ui_panel(a, p, tr(STR_PANEL_DECODED));
    digit_frame(a, d, a->has_cursor ? a->decoded_tex : 0, DIGIT, DIGIT);
    if (!a->has_cursor || !a->decoded_tex) {
        text_draw_wrapped(tr(STR_DECODED_HINT), d.x + 16.f, d.y + d.h * 0.4f, d.w - 32.f, 14.f, TEXT_REGULAR,
                          rgba(0xB0B8C4, 255));
        return;
    }
    snprintf(buf, sizeof buf, tr(STR_DECODED_AT), (double)a->zvec[a->dim_x], (double)a->zvec[a->dim_y]);
    text_draw(buf, d.x + d.w * 0.5f, d.y + d.h + 6.f, 14.f, TEXT_REGULAR, a->th.muted, ALIGN_CENTER);
}

static void caption(App *a, const char *s, float cx, float y, float max_w)
{
    float size = 12.f;
    while (size > 8.f && text_width(s, size, TEXT_REGULAR) > max_w)
        size -= 0.5f;
    text_draw(s, cx, y, size, TEXT_REGULAR, a->th.muted, ALIGN_CENTER);
}

static float draw_selection(App *a, Rect p)
{
    Selection *s = &a->sel;
    char buf[320], cls[16];
    float gap = 8.f, bw = floorf((p.w - 28.f - 2.f * gap) / 3.f), y = p.y + 40.f;
    unsigned tex[3] = {s->orig_tex, s->input_tex, s->recon_tex};
    StrId cap[3] = {STR_DROP_ORIGINAL, STR_DROP_INPUT, STR_DROP_RECON};
    for (int k = 0; k < 3; k++) {
        Rect r = {p.x + 14.f + (bw + gap) * (float)k, y, bw, bw};
        digit_frame(a, r, tex[k], k == 0 ? s->orig_w : DIGIT, k == 0 ? s->orig_h : DIGIT);
        caption(a, tr(cap[k]), r.x + bw * 0.5f, y + bw + 5.f, bw + gap);
    }
    y += bw + 26.f;
    if (s->kind == SEL_PICKED)
        snprintf(buf, sizeof buf, tr(STR_DROP_PICKED), s->index, class_name(a, s->label, cls, sizeof cls));
    else
        snprintf(buf, sizeof buf, "%s", s->name);
    text_draw_fit(buf, p.x + 14.f, y, p.w - 28.f, 14.f, TEXT_BOLD, a->th.text);
    y += 22.f;
    snprintf(buf, sizeof buf, tr(STR_DROP_POSTERIOR), (double)s->mu[a->dim_x], (double)s->mu[a->dim_y],
             (double)expf(0.5f * s->logvar[a->dim_x]), (double)expf(0.5f * s->logvar[a->dim_y]));
    y += text_draw_wrapped(buf, p.x + 14.f, y, p.w - 28.f, 13.f, TEXT_REGULAR, a->th.muted);
    return y;
}

static void draw_error(App *a, Rect p, float y)
{
    float h = 0.f, pad = 10.f;
    Rect box = {p.x + 10.f, y + 6.f, p.w - 20.f, 0.f};
    /* measure by drawing off-screen height first: wrapped text height is deterministic */
    render_clip(&(Rect){0, 0, 0, 0});
    h = text_draw_wrapped(a->sel.error, box.x + pad, box.y + pad, box.w - 2.f * pad, 13.f, TEXT_REGULAR,
                          a->th.error_text);
    render_clip(NULL);
    box.h = h + 2.f * pad;
    if (box.y + box.h > p.y + p.h - 6.f)
        box.y = p.y + p.h - 6.f - box.h;
    render_rect(box, a->th.error_bg);
    text_draw_wrapped(a->sel.error, box.x + pad, box.y + pad, box.w - 2.f * pad, 13.f, TEXT_REGULAR,
                      a->th.error_text);
}

void digits_draw_input(App *a)
{
    Rect p = a->L.input;
    float y = p.y + 40.f;
    ui_panel(a, p, tr(STR_PANEL_INPUT));
    if (a->sel.kind != SEL_NONE)
        y = draw_selection(a, p);
    else
        y += text_draw_wrapped(tr(STR_DROP_HINT), p.x + 14.f, y, p.w - 28.f, 14.f, TEXT_REGULAR, a->th.muted);
    if (a->sel.error[0])
        draw_error(a, p, y);
}
