/* text.c - fonts and the rendered-string cache (see text.h).
 *
 * Owns: font path search (the program's assets through datadir.c, then the system; the
 * Korean font can be named by VAE_KO_FONT, e.g. /nonexistent to test the fallback), the
 * TTF_Font handles, the cache of rendered strings and the one atlas texture they live
 * in. Text is rendered white with TTF_RenderUTF8_Blended and tinted by the renderer,
 * so one entry serves any colour; new rows of the atlas go up before the next draw.
 * Must not: render text per frame when it is cached. */
#include "text.h"

#include "datadir.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CACHE_SIZE = 2048, MAX_FONTS = 24, KEEP_FRAMES = 180 };

typedef struct {
    uint64_t hash;
    char *str;
    int px, face;
    int ax, ay; /* where it sits in the atlas */
    int w, h;   /* pixels */
    long last;
} TextEntry;

/* Every rendered string lives in one RGBA atlas texture, so all text of a frame can
 * go out in few draw calls. Shelf packing; when full, the atlas starts over. */
enum { ATLAS_W = 2048, ATLAS_H = 1024, MAX_SHELVES = 128 };

typedef struct {
    int y, h, x;
} Shelf;

typedef struct {
    TTF_Font *font;
    int px, face;
} FontSlot;

static struct {
    char paths[2][2][512]; /* [lang][face] */
    int lang;
    FontSlot fonts[MAX_FONTS];
    int n_fonts;
    TextEntry cache[CACHE_SIZE];
    int n_entries;
    long frame;
    uint8_t *atlas; /* CPU copy, ATLAS_W x ATLAS_H x 4 */
    unsigned atlas_tex;
    Shelf shelves[MAX_SHELVES];
    int n_shelves, next_y;
    int dirty_y0, dirty_y1; /* rows to upload before the next draw */
} T;

/* Finds room for w x h pixels; returns -1 when the atlas is full. */
static int atlas_alloc(int w, int h, int *x, int *y) {
    for (int i = 0; i < T.n_shelves; i++) {
        Shelf *sh = &T.shelves[i];
        if (h <= sh->h && h * 5 >= sh->h * 4 && sh->x + w <= ATLAS_W) {
            *x = sh->x;
            *y = sh->y;
            sh->x += w + 1;
            return 0;
        }
    }
    if (T.n_shelves == MAX_SHELVES || T.next_y + h > ATLAS_H || w > ATLAS_W) return -1;
    T.shelves[T.n_shelves++] = (Shelf){T.next_y, h, w + 1};
    *x = 0;
    *y = T.next_y;
    T.next_y += h + 1;
    return 0;
}

static void atlas_upload(void) {
    if (T.dirty_y1 <= T.dirty_y0 || !T.atlas_tex) return;
    render_texture_upload_rows(T.atlas_tex, ATLAS_W, T.dirty_y0, T.dirty_y1 - T.dirty_y0,
                               T.atlas + (size_t)T.dirty_y0 * ATLAS_W * 4);
    T.dirty_y0 = ATLAS_H;
    T.dirty_y1 = 0;
}

static void atlas_reset(void) {
    render_submit(); /* draws still queued use the old contents */
    T.n_shelves = 0;
    T.next_y = 0;
    T.dirty_y0 = ATLAS_H;
    T.dirty_y1 = 0;
    if (T.atlas) memset(T.atlas, 0, (size_t)ATLAS_W * ATLAS_H * 4);
    if (!T.atlas) return;
    int x, y; /* a white 4x4 block first: flat shapes draw from its centre */
    atlas_alloc(4, 4, &x, &y);
    for (int r = 0; r < 4; r++) memset(T.atlas + (size_t)r * ATLAS_W * 4, 255, 16);
    if (T.atlas_tex) render_texture_upload_rows(T.atlas_tex, ATLAS_W, 0, ATLAS_H, T.atlas);
}

static int file_exists(const char *p) {
    FILE *f = fopen(p, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* Looks for a font in the program's assets (the installed share folder, or the source
 * tree when run from the build folder: datadir.c), then in the system's folder. */
static int find_font(const char *name, const char *sysdir, char *out, size_t len) {
    char rel[256];
    snprintf(rel, sizeof rel, "fonts/%s", name);
    if (datadir_asset(rel, out, len) == 0) return 0;
    snprintf(out, len, "%s%s", sysdir, name);
    return file_exists(out) ? 0 : -1;
}

int text_init(char *err, int errlen) {
    const char *dv = "/usr/share/fonts/truetype/dejavu/";
    const char *nn = "/usr/share/fonts/truetype/nanum/";
    memset(&T, 0, sizeof T);
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, (size_t)errlen, "SDL_ttf: %s", TTF_GetError());
        return -1;
    }
    T.atlas = calloc((size_t)ATLAS_W * ATLAS_H, 4);
    if (!T.atlas) {
        snprintf(err, (size_t)errlen, "out of memory for the text atlas");
        return -1;
    }
    T.atlas_tex = render_texture_create(ATLAS_W, ATLAS_H, 0, T.atlas, 0);
    atlas_reset();
    render_set_white_texel(T.atlas_tex, 2.f / ATLAS_W, 2.f / ATLAS_H);
    render_set_flush_hook(atlas_upload);
    if (find_font("DejaVuSans.ttf", dv, T.paths[LANG_EN][0], sizeof T.paths[0][0]) != 0) {
        snprintf(err, (size_t)errlen, "no font: DejaVuSans.ttf not found in assets/fonts or %s", dv);
        return -1;
    }
    if (find_font("DejaVuSans-Bold.ttf", dv, T.paths[LANG_EN][1], sizeof T.paths[0][0]) != 0)
        memcpy(T.paths[LANG_EN][1], T.paths[LANG_EN][0], sizeof T.paths[0][0]);
    const char *ko_font = getenv("VAE_KO_FONT"); /* one file for both faces; tests point it away */
    if (ko_font && *ko_font) {
        snprintf(T.paths[LANG_KO][0], sizeof T.paths[0][0], "%s", file_exists(ko_font) ? ko_font : "");
        memcpy(T.paths[LANG_KO][1], T.paths[LANG_KO][0], sizeof T.paths[0][0]);
    } else {
        if (find_font("NanumGothic.ttf", nn, T.paths[LANG_KO][0], sizeof T.paths[0][0]) != 0)
            T.paths[LANG_KO][0][0] = 0;
        if (find_font("NanumGothicBold.ttf", nn, T.paths[LANG_KO][1], sizeof T.paths[0][0]) != 0)
            memcpy(T.paths[LANG_KO][1], T.paths[LANG_KO][0], sizeof T.paths[0][0]);
    }
    return 0;
}

static void drop_entries(void) {
    for (int i = 0; i < CACHE_SIZE; i++) {
        free(T.cache[i].str);
        memset(&T.cache[i], 0, sizeof T.cache[i]);
    }
    T.n_entries = 0;
    atlas_reset();
}

void text_flush(void) {
    drop_entries();
    for (int i = 0; i < T.n_fonts; i++) TTF_CloseFont(T.fonts[i].font);
    T.n_fonts = 0;
}

void text_shutdown(void) {
    text_flush();
    render_set_flush_hook(NULL);
    render_set_white_texel(0, 0, 0);
    render_texture_free(T.atlas_tex);
    free(T.atlas);
    T.atlas = NULL;
    T.atlas_tex = 0;
    if (TTF_WasInit()) TTF_Quit();
}

int text_set_lang(UiLang lang) {
    if (!T.paths[lang][0][0]) return -1;
    if (T.lang != (int)lang) {
        text_flush();
        T.lang = (int)lang;
    }
    return 0;
}

const char *text_font_path(void) { return T.paths[T.lang][0]; }

static TTF_Font *font_for(int px, int face) {
    for (int i = 0; i < T.n_fonts; i++)
        if (T.fonts[i].px == px && T.fonts[i].face == face) return T.fonts[i].font;
    if (T.n_fonts == MAX_FONTS) {
        text_flush(); /* rare: many scales in one session */
    }
    TTF_Font *f = TTF_OpenFont(T.paths[T.lang][face], px);
    if (!f) return NULL;
    TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
    T.fonts[T.n_fonts++] = (FontSlot){f, px, face};
    return f;
}

static uint64_t hash_key(const char *s, int px, int face) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211ull;
    h = (h ^ (uint64_t)px) * 1099511628211ull;
    return (h ^ (uint64_t)face) * 1099511628211ull;
}

/* Copies a rendered string into the atlas (starting the atlas over when full). */
static int place(TextEntry *e, const SDL_Surface *conv) {
    int x, y;
    if (atlas_alloc(conv->w, conv->h, &x, &y) != 0) {
        drop_entries();
        if (atlas_alloc(conv->w, conv->h, &x, &y) != 0) return -1;
    }
    for (int r = 0; r < conv->h; r++)
        memcpy(T.atlas + ((size_t)(y + r) * ATLAS_W + (size_t)x) * 4,
               (const uint8_t *)conv->pixels + (size_t)r * (size_t)conv->pitch, (size_t)conv->w * 4);
    e->ax = x;
    e->ay = y;
    e->w = conv->w;
    e->h = conv->h;
    if (y < T.dirty_y0) T.dirty_y0 = y;
    if (y + conv->h > T.dirty_y1) T.dirty_y1 = y + conv->h;
    return 0;
}

static int render_entry(TextEntry *e, const char *s, int px, int face) {
    TTF_Font *f = font_for(px, face);
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *surf = f ? TTF_RenderUTF8_Blended(f, s, white) : NULL;
    if (!surf) return -1;
    SDL_Surface *conv = SDL_ConvertSurfaceFormat(surf, SDL_PIXELFORMAT_ABGR8888, 0);
    SDL_FreeSurface(surf);
    if (!conv) return -1;
    int rc = place(e, conv);
    SDL_FreeSurface(conv);
    return rc;
}

static void evict_one(int slot) {
    TextEntry *e = &T.cache[slot];
    free(e->str);
    memset(e, 0, sizeof *e);
    T.n_entries--;
}

static TextEntry *lookup(const char *s, float size, TextFace face) {
    int px = (int)lroundf(size * render_scale());
    if (!s || !*s || px < 4) return NULL;
    uint64_t h = hash_key(s, px, (int)face);
    int slot = (int)(h % CACHE_SIZE);
    for (int probe = 0; probe < 8; probe++) {
        TextEntry *e = &T.cache[(slot + probe) % CACHE_SIZE];
        if (e->str && e->hash == h && e->px == px && e->face == (int)face && strcmp(e->str, s) == 0) {
            e->last = T.frame;
            return e;
        }
    }
    int best = slot;
    for (int probe = 0; probe < 8; probe++) { /* a free slot, else the oldest */
        int k = (slot + probe) % CACHE_SIZE;
        if (!T.cache[k].str) {
            best = k;
            break;
        }
        if (T.cache[k].last < T.cache[best].last) best = k;
    }
    if (T.cache[best].str) evict_one(best);
    TextEntry *e = &T.cache[best];
    if (render_entry(e, s, px, (int)face) != 0) return NULL;
    e->str = strdup(s);
    e->hash = h;
    e->px = px;
    e->face = (int)face;
    e->last = T.frame;
    T.n_entries++;
    return e;
}

float text_width(const char *s, float size, TextFace face) {
    TextEntry *e = lookup(s, size, face);
    return e ? (float)e->w / render_scale() : 0.f;
}

float text_draw(const char *s, float x, float y, float size, TextFace face, Color c, TextAlign align) {
    TextEntry *e = lookup(s, size, face);
    if (!e) return 0.f;
    float sc = render_scale();
    float w = (float)e->w / sc, h = (float)e->h / sc;
    if (align == ALIGN_CENTER)
        x -= w * 0.5f;
    else if (align == ALIGN_RIGHT)
        x -= w;
    /* snap to whole pixels so glyphs map 1:1 onto the framebuffer */
    x = roundf(x * sc) / sc;
    y = roundf(y * sc) / sc;
    render_image_uv(T.atlas_tex, (Rect){x, y, w, h}, (float)e->ax / ATLAS_W, (float)e->ay / ATLAS_H,
                    (float)(e->ax + e->w) / ATLAS_W, (float)(e->ay + e->h) / ATLAS_H, c, 0);
    return w;
}

float text_draw_fit(const char *s, float x, float y, float max_w, float size, TextFace face, Color c) {
    if (text_width(s, size, face) <= max_w) return text_draw(s, x, y, size, face, c, ALIGN_LEFT);
    char buf[512];
    size_t n = strlen(s);
    if (n > sizeof buf - 4) n = sizeof buf - 4;
    while (n > 0) {
        n--;
        while (n > 0 && ((uint8_t)s[n] & 0xC0) == 0x80) /* keep UTF-8 sequences whole */
            n--;
        memcpy(buf, s, n);
        memcpy(buf + n, "...", 4);
        if (text_width(buf, size, face) <= max_w) break;
    }
    return text_draw(buf, x, y, size, face, c, ALIGN_LEFT);
}

/* Width without rendering (for trial fits). */
static float measure(const char *s, float size, TextFace face) {
    int w = 0, h = 0;
    TTF_Font *f = font_for((int)lroundf(size * render_scale()), (int)face);
    if (!f || TTF_SizeUTF8(f, s, &w, &h) != 0) return 0.f;
    return (float)w / render_scale();
}

/* The longest prefix of s[0..n) (whole UTF-8 sequences) that fits max_w; at least one
 * character, so a long path or URL still wraps instead of overflowing. */
static size_t fit_prefix(const char *s, size_t n, float max_w, float size, TextFace face, char *line, size_t cap) {
    size_t best = 0, k = 0;
    if (n >= cap) n = cap - 1;
    while (k < n) {
        size_t next = k + 1;
        while (next < n && ((uint8_t)s[next] & 0xC0) == 0x80) next++;
        memcpy(line, s, next);
        line[next] = 0;
        if (best && measure(line, size, face) > max_w) break;
        best = next;
        k = next;
    }
    return best;
}

float text_draw_wrapped(const char *s, float x, float y, float max_w, float size, TextFace face, Color c) {
    char line[512];
    float line_h = size * 1.35f, y0 = y;
    while (*s) {
        size_t best = 0, n = 0;
        for (;;) { /* extend the line word by word while it fits */
            size_t m = n;
            while (s[m] == ' ') m++;
            while (s[m] && s[m] != ' ') m++;
            if (m >= sizeof line) break;
            memcpy(line, s, m);
            line[m] = 0;
            if (best && text_width(line, size, face) > max_w) break;
            best = m;
            n = m;
            if (!s[m]) break;
        }
        if (best) {
            memcpy(line, s, best);
            line[best] = 0;
        }
        if (!best || text_width(line, size, face) > max_w)
            best = fit_prefix(s, best ? best : strlen(s), max_w, size, face, line, sizeof line);
        if (!best) break;
        memcpy(line, s, best);
        line[best] = 0;
        text_draw(line, x, y, size, face, c, ALIGN_LEFT);
        y += line_h;
        s += best;
        while (*s == ' ') s++;
    }
    return y - y0;
}

void text_frame_end(void) {
    T.frame++;
    if (T.n_entries < CACHE_SIZE / 2) return;
    for (int i = 0; i < CACHE_SIZE; i++)
        if (T.cache[i].str && T.frame - T.cache[i].last > KEEP_FRAMES) evict_one(i);
}
