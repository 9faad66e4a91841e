/* hangul_check.c - Korean text renders as Hangul, not as missing-glyph boxes (issue 7).
 *
 * Usage:
 *   hangul_check glyphs KO.ttf KO_BOLD.ttf FALLBACK.ttf
 *       Every character of every Korean table entry is in KO.ttf and KO_BOLD.ttf; each
 *       Hangul syllable used renders with KO.ttf as a glyph with ink that is not the
 *       font's missing-glyph box, and with FALLBACK.ttf (DejaVu: no Hangul) as exactly
 *       its box (so the box check has teeth); a Korean caption rendered with each font
 *       differs.
 *   hangul_check title SHOT.png ko|en KO_BOLD.ttf FALLBACK_BOLD.ttf
 *       The title of the "decoded at cursor" panel in an app screenshot (the region
 *       above the "digit" rectangle of SHOT.png.layout) is, as an ink mask, the title
 *       in the given language drawn as the app draws it (Korean with KO_BOLD, English
 *       with FALLBACK_BOLD; overlap >= 0.6) and overlaps it better than the rivals: the
 *       Korean title as boxes (FALLBACK_BOLD) and the title of the other language.
 *   hangul_check differ A.png B.png
 *       The title regions of two screenshots differ (a live language switch).
 * Exit 0 when every check passes.
 * Must not: need a display (SDL2_ttf renders to memory surfaces only). */
#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strings.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

/* ---------------------------------------------------------------- fonts */

static TTF_Font *open_font(const char *path, int px) {
    TTF_Font *f = TTF_OpenFont(path, px);
    if (!f) {
        fprintf(stderr, "hangul_check: cannot open %s: %s\n", path, TTF_GetError());
        exit(2);
    }
    TTF_SetFontHinting(f, TTF_HINTING_LIGHT); /* as app/text.c */
    return f;
}

/* Decodes one UTF-8 sequence (the tables are checked valid by strings_check). */
static const char *next_cp(const char *s, Uint32 *cp) {
    const unsigned char *p = (const unsigned char *)s;
    int n = *p < 0x80 ? 0 : *p < 0xE0 ? 1 : *p < 0xF0 ? 2 : 3;
    Uint32 c = n == 0 ? *p : n == 1 ? (*p & 0x1Fu) : n == 2 ? (*p & 0x0Fu) : (*p & 0x07u);
    for (int k = 1; k <= n && p[k]; k++) c = (c << 6) | (p[k] & 0x3Fu);
    *cp = c;
    return s + 1 + n;
}

static int is_hangul(Uint32 c) { return c >= 0xAC00 && c <= 0xD7A3; }

/* Alpha of a rendered surface as w*h bytes (caller frees). */
static Uint8 *alpha_of(SDL_Surface *surf, int *w, int *h) {
    if (!surf) return NULL;
    SDL_Surface *c = SDL_ConvertSurfaceFormat(surf, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(surf);
    if (!c) return NULL;
    Uint8 *a = malloc((size_t)c->w * (size_t)c->h);
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++)
            a[(size_t)y * (size_t)c->w + (size_t)x] =
                (Uint8)(((const Uint32 *)((const Uint8 *)c->pixels + (size_t)y * (size_t)c->pitch))[x] >> 24);
    *w = c->w;
    *h = c->h;
    SDL_FreeSurface(c);
    return a;
}

static SDL_Surface *render_glyph(TTF_Font *f, Uint32 cp) {
    SDL_Color white = {255, 255, 255, 255};
    return TTF_RenderGlyph32_Blended(f, cp, white);
}

static SDL_Surface *render_text(TTF_Font *f, const char *s) {
    SDL_Color white = {255, 255, 255, 255};
    return TTF_RenderUTF8_Blended(f, s, white);
}

typedef struct {
    Uint8 *a;
    int w, h;
} Img;

static Img glyph_img(TTF_Font *f, Uint32 cp) {
    Img g = {0};
    g.a = alpha_of(render_glyph(f, cp), &g.w, &g.h);
    return g;
}

static int same(const Img *x, const Img *y) {
    return x->a && y->a && x->w == y->w && x->h == y->h && memcmp(x->a, y->a, (size_t)x->w * (size_t)x->h) == 0;
}

static long ink(const Img *g) {
    long n = 0;
    for (long i = 0; g->a && i < (long)g->w * g->h; i++) n += g->a[i] > 128;
    return n;
}

/* A code point that neither font has: its rendering is the font's missing-glyph box. */
static Uint32 missing_cp(TTF_Font *a, TTF_Font *b) {
    static const Uint32 cand[] = {0xE000, 0xF8FF, 0x10FFFD, 0xFFFE};
    for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++)
        if (!TTF_GlyphIsProvided32(a, cand[i]) && !TTF_GlyphIsProvided32(b, cand[i])) return cand[i];
    return 0;
}

static int check_glyphs(const char *ko_path, const char *ko_bold_path, const char *fb_path) {
    enum { PX = 20 };
    TTF_Font *ko = open_font(ko_path, PX), *kob = open_font(ko_bold_path, PX), *fb = open_font(fb_path, PX);
    Uint32 miss = missing_cp(ko, fb);
    if (!miss) {
        printf("glyphs: no code point is missing from both fonts\n");
        return 0;
    }
    Img ko_box = glyph_img(ko, miss), fb_box = glyph_img(fb, miss);
    printf("glyphs: missing-glyph boxes (U+%04X): %s %dx%d ink %ld, %s %dx%d ink %ld\n", (unsigned)miss, ko_path,
           ko_box.w, ko_box.h, ink(&ko_box), fb_path, fb_box.w, fb_box.h, ink(&fb_box));
    int bad = 0, n_chars = 0, n_hangul = 0, n_fb_box = 0;
    static unsigned char seen[0x10000];
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < STR_COUNT; i++) {
        const char *s = tr_lang(LANG_KO, (StrId)i);
        if (!s) continue; /* strings_check reports it */
        for (const char *p = s; *p;) {
            Uint32 c;
            p = next_cp(p, &c);
            if (c < 0x20 || c >= 0x10000 || seen[c]) continue;
            seen[c] = 1;
            n_chars++;
            if (!TTF_GlyphIsProvided32(ko, c) || !TTF_GlyphIsProvided32(kob, c)) {
                printf("glyphs: U+%04X (key %d) is not in the Korean font (regular and bold)\n", (unsigned)c, i);
                bad++;
            }
            if (!is_hangul(c)) continue;
            n_hangul++;
            Img g = glyph_img(ko, c), gf = glyph_img(fb, c);
            if (!g.a || same(&g, &ko_box) || ink(&g) < 8) {
                printf("glyphs: U+%04X (key %d) renders as the missing-glyph box or blank\n", (unsigned)c, i);
                bad++;
            }
            n_fb_box += same(&gf, &fb_box);
            free(g.a);
            free(gf.a);
        }
    }
    /* DejaVu has no Hangul: every syllable must come out as its box, or this check is blind */
    if (n_fb_box != n_hangul) {
        printf("glyphs: the fallback drew %d of %d syllables as its box (expected all)\n", n_fb_box, n_hangul);
        bad++;
    }
    /* a whole caption, as the app renders it */
    const char *cap = tr_lang(LANG_KO, STR_PANEL_DECODED);
    Img a = {0}, b = {0};
    a.a = alpha_of(render_text(kob, cap), &a.w, &a.h);
    b.a = alpha_of(render_text(fb, cap), &b.w, &b.h);
    printf("glyphs: caption \"%s\": Korean font %dx%d ink %ld, fallback %dx%d ink %ld\n", cap ? cap : "", a.w, a.h,
           ink(&a), b.w, b.h, ink(&b));
    if (!a.a || !b.a || same(&a, &b) || ink(&a) < 50) {
        printf("glyphs: the caption does not differ between the fonts\n");
        bad++;
    }
    printf("glyphs: %d distinct characters, %d Hangul syllables, %d problems\n", n_chars, n_hangul, bad);
    free(a.a);
    free(b.a);
    free(ko_box.a);
    free(fb_box.a);
    TTF_CloseFont(ko);
    TTF_CloseFont(kob);
    TTF_CloseFont(fb);
    return bad == 0 && n_hangul > 100;
}

/* ---------------------------------------------------------------- screenshots */

typedef struct {
    unsigned char *px;
    int w, h;
    int x, y, rw, rh; /* the title region */
    double scale;
} Shot;

/* Loads a screenshot and finds the decoded panel's title region from its layout:
 * ui_panel draws the title at (panel + 14, panel + 10) in 15-unit bold; the big digit
 * sits at (panel + 16, panel + 36). */
static int load_shot(const char *path, Shot *s) {
    char lp[1100], name[32];
    int n, dx = -1, dy = -1, dw = 0, dh = 0;
    memset(s, 0, sizeof *s);
    s->scale = 1.0;
    s->px = stbi_load(path, &s->w, &s->h, &n, 3);
    snprintf(lp, sizeof lp, "%s.layout", path);
    FILE *f = fopen(lp, "r");
    if (!s->px || !f) {
        fprintf(stderr, "hangul_check: cannot read %s or its layout\n", path);
        if (f) fclose(f);
        return -1;
    }
    char line[256];
    while (fgets(line, sizeof line, f)) {
        int x, y, w, h;
        double v;
        if (sscanf(line, "%31s %d %d %d %d", name, &x, &y, &w, &h) == 5 && !strcmp(name, "digit")) {
            dx = x, dy = y, dw = w, dh = h;
        } else if (sscanf(line, "%31s %lf", name, &v) == 2 && !strcmp(name, "scale")) {
            s->scale = v;
        }
    }
    fclose(f);
    (void)dh;
    if (dx < 0) {
        fprintf(stderr, "hangul_check: no digit rectangle in %s\n", lp);
        return -1;
    }
    s->x = dx - (int)lround(6 * s->scale);
    s->y = dy - (int)lround(28 * s->scale);
    s->rw = dw + (int)lround(10 * s->scale);
    s->rh = (int)lround(24 * s->scale);
    if (s->x < 0 || s->y < 0 || s->x + s->rw > s->w || s->y + s->rh > s->h) return -1;
    return 0;
}

static const unsigned char *at(const Shot *s, int x, int y) {
    return s->px + ((size_t)y * (size_t)s->w + (size_t)x) * 3;
}

/* The title region as an ink mask: pixels far from the panel colour (the region's
 * bottom-left corner), at 40% of the largest difference (the text colour). */
static Img shot_mask(const Shot *s) {
    const unsigned char *bg = at(s, s->x, s->y + s->rh - 1);
    Img m = {malloc((size_t)s->rw * (size_t)s->rh), s->rw, s->rh};
    int dmax = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int y = 0; y < s->rh; y++)
            for (int x = 0; x < s->rw; x++) {
                const unsigned char *p = at(s, s->x + x, s->y + y);
                int d = abs(p[0] - bg[0]) + abs(p[1] - bg[1]) + abs(p[2] - bg[2]);
                if (pass == 0)
                    dmax = d > dmax ? d : dmax;
                else
                    m.a[(size_t)y * (size_t)s->rw + (size_t)x] = (Uint8)(dmax > 0 && d * 10 > dmax * 4 ? 255 : 0);
            }
    return m;
}

/* The same for a string drawn with a font at px (alpha above 40%). */
static Img text_mask(const char *font, int px, const char *str) {
    TTF_Font *f = open_font(font, px);
    Img g = {0};
    g.a = alpha_of(render_text(f, str), &g.w, &g.h);
    TTF_CloseFont(f);
    for (long i = 0; g.a && i < (long)g.w * g.h; i++) g.a[i] = (Uint8)(g.a[i] * 10 > 255 * 4 ? 255 : 0);
    return g;
}

static void bbox(const Img *g, int *x0, int *y0, int *x1, int *y1) {
    *x0 = g->w, *y0 = g->h, *x1 = -1, *y1 = -1;
    for (int y = 0; y < g->h; y++)
        for (int x = 0; x < g->w; x++)
            if (g->a[(size_t)y * (size_t)g->w + (size_t)x]) {
                *x0 = x < *x0 ? x : *x0, *x1 = x > *x1 ? x : *x1;
                *y0 = y < *y0 ? y : *y0, *y1 = y > *y1 ? y : *y1;
            }
}

/* Overlap of two ink masks (intersection over union), best over small shifts after
 * aligning their ink boxes' top-left corners; 0 when either is blank. */
static double match(const Img *shot, const Img *txt, int *shot_w, int *txt_w) {
    int sx0, sy0, sx1, sy1, tx0, ty0, tx1, ty1;
    bbox(shot, &sx0, &sy0, &sx1, &sy1);
    bbox(txt, &tx0, &ty0, &tx1, &ty1);
    *shot_w = sx1 < sx0 ? 0 : sx1 - sx0 + 1;
    *txt_w = tx1 < tx0 ? 0 : tx1 - tx0 + 1;
    if (!*shot_w || !*txt_w) return 0.0;
    double best = 0.0;
    for (int oy = -1; oy <= 1; oy++)
        for (int ox = -1; ox <= 1; ox++) {
            long inter = 0, uni = 0;
            for (int y = sy0 - 2; y <= sy1 + 2; y++)
                for (int x = sx0 - 2; x <= sx0 + (*txt_w > *shot_w ? *txt_w : *shot_w) + 2; x++) {
                    int a = x >= 0 && y >= 0 && x < shot->w && y < shot->h &&
                            shot->a[(size_t)y * (size_t)shot->w + (size_t)x];
                    int tx = x - sx0 + tx0 + ox, ty = y - sy0 + ty0 + oy;
                    int b = tx >= 0 && ty >= 0 && tx < txt->w && ty < txt->h &&
                            txt->a[(size_t)ty * (size_t)txt->w + (size_t)tx];
                    inter += a && b;
                    uni += a || b;
                }
            double iou = uni ? (double)inter / (double)uni : 0.0;
            best = iou > best ? iou : best;
        }
    return best;
}

static int check_title(const char *path, const char *lang, const char *ko_bold, const char *fb_bold) {
    Shot s;
    if (load_shot(path, &s) != 0) return 0;
    int px = (int)lround(15.0 * s.scale), want_ko = !strcmp(lang, "ko");
    const char *ko = tr_lang(LANG_KO, STR_PANEL_DECODED), *en = tr_lang(LANG_EN, STR_PANEL_DECODED);
    Img m = shot_mask(&s);
    Img cand[3] = {text_mask(ko_bold, px, ko), text_mask(fb_bold, px, ko), text_mask(fb_bold, px, en)};
    static const char *names[3] = {"Korean in NanumGothic", "Korean in the fallback (boxes)", "English in DejaVu"};
    double iou[3];
    int sw = 0, tw[3];
    for (int k = 0; k < 3; k++) iou[k] = match(&m, &cand[k], &sw, &tw[k]);
    int want = want_ko ? 0 : 2, best = 0;
    for (int k = 1; k < 3; k++) best = iou[k] > iou[best] ? k : best;
    printf("title %s (region %d,%d %dx%d, ink width %d):\n", path, s.x, s.y, s.rw, s.rh, sw);
    for (int k = 0; k < 3; k++)
        printf("  %-32s width %3d  overlap %.2f%s\n", names[k], tw[k], iou[k], k == want ? "  <- expected" : "");
    int ok = best == want && iou[want] >= 0.6;
    if (want_ko && tw[0] > s.rw - (int)lround(10 * s.scale))
        printf("title: the Korean title is wider than its panel (it would be cut)\n"), ok = 0;
    printf("title: %s\n", ok ? (want_ko ? "Hangul, as NanumGothic draws it" : "English, as DejaVu draws it")
                             : "does not match the expected language and font");
    for (int k = 0; k < 3; k++) free(cand[k].a);
    free(m.a);
    stbi_image_free(s.px);
    return ok;
}

static int check_differ(const char *a_path, const char *b_path) {
    Shot a, b;
    if (load_shot(a_path, &a) != 0 || load_shot(b_path, &b) != 0) return 0;
    long diff = 0;
    for (int y = 0; y < a.rh && y < b.rh; y++)
        for (int x = 0; x < a.rw && x < b.rw; x++) {
            const unsigned char *p = at(&a, a.x + x, a.y + y), *q = at(&b, b.x + x, b.y + y);
            diff += abs(p[0] - q[0]) + abs(p[1] - q[1]) + abs(p[2] - q[2]) > 120;
        }
    printf("differ: %ld title pixels differ between %s and %s\n", diff, a_path, b_path);
    stbi_image_free(a.px);
    stbi_image_free(b.px);
    return diff >= 50;
}

int main(int argc, char **argv) {
    if (TTF_Init() != 0) {
        fprintf(stderr, "hangul_check: SDL_ttf: %s\n", TTF_GetError());
        return 2;
    }
    int ok;
    if (argc == 5 && !strcmp(argv[1], "glyphs"))
        ok = check_glyphs(argv[2], argv[3], argv[4]);
    else if (argc == 6 && !strcmp(argv[1], "title"))
        ok = check_title(argv[2], argv[3], argv[4], argv[5]);
    else if (argc == 4 && !strcmp(argv[1], "differ"))
        ok = check_differ(argv[2], argv[3]);
    else {
        fprintf(stderr, "usage: hangul_check glyphs KO.ttf KO_BOLD.ttf FALLBACK.ttf\n"
                        "       hangul_check title SHOT.png ko|en KO_BOLD.ttf FALLBACK_BOLD.ttf\n"
                        "       hangul_check differ A.png B.png\n");
        return 2;
    }
    TTF_Quit();
    return ok ? 0 : 1;
}
