/* teach_check.c - checks a screenshot of the teaching views by its pixels (issue 4).
 *
 * Owns: these checks on a PNG written by the app and its ".layout" sidecar:
 *   heat-panel      outside the latent map, a large heatmap (colours of the ramp)
 *   heat-map        inside the latent map, the true posterior's heat (ramp colours
 *                   that are not class colours)
 *   identity-bars   the stacked bars: recon, KL, log p(x) and gap colours
 *   estimator-plot  the naive (orange) and importance (blue) estimate curves
 *   rd-trace        the rate-distortion trace (recon blue) in the teaching column
 *   amortisation    the optimised q's dashed ellipse (light green)
 *   digits-strip    decoded digits (bright ink on black) in the teaching column
 * Usage: teach_check SHOT.png CHECK [CHECK ...]; exit 0 when all pass.
 * Must not: depend on the app's code: colours are restated here (dark theme). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

typedef struct {
    int x, y, w, h;
} Box;

typedef struct {
    unsigned char *px;
    int w, h;
    Box map, header;
} Shot;

static int load(const char *path, Shot *s) {
    char lp[1100], name[32];
    int n;
    Box b;
    s->px = stbi_load(path, &s->w, &s->h, &n, 3);
    if (!s->px) return -1;
    snprintf(lp, sizeof lp, "%s.layout", path);
    FILE *f = fopen(lp, "r");
    if (!f) return -1;
    while (fscanf(f, "%31s", name) == 1) {
        if (fscanf(f, "%d %d %d %d", &b.x, &b.y, &b.w, &b.h) != 4) {
            char rest[128];
            if (!fgets(rest, sizeof rest, f)) break;
            continue;
        }
        if (!strcmp(name, "map"))
            s->map = b;
        else if (!strcmp(name, "header"))
            s->header = b;
    }
    fclose(f);
    return 0;
}

static int near(const unsigned char *p, unsigned rgb, int tol) {
    int d0 = p[0] - (int)(rgb >> 16 & 255), d1 = p[1] - (int)(rgb >> 8 & 255), d2 = p[2] - (int)(rgb & 255);
    return abs(d0) <= tol && abs(d1) <= tol && abs(d2) <= tol;
}

static int in_box(Box b, int x, int y) { return x >= b.x && y >= b.y && x < b.x + b.w && y < b.y + b.h; }

/* The teaching column in Teach mode: left of the map, below the header. */
static Box column(const Shot *s) { return (Box){0, s->header.h, s->map.x - 10, s->h - s->header.h}; }

static long count_in(const Shot *s, Box b, int inside, unsigned rgb, int tol) {
    long n = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            if (in_box(b, x, y) == inside && near(s->px + ((size_t)y * (size_t)s->w + (size_t)x) * 3, rgb, tol)) n++;
    return n;
}

/* Near the heat ramp (sampled) and clearly coloured (not the dark background). */
static int ramp_like(const unsigned char *p) {
    static const int st[5][3] = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};
    if (p[0] + p[1] + p[2] < 150) return 0;
    for (int i = 0; i < 4; i++)
        for (int k = 0; k <= 16; k++) {
            int ok = 1;
            for (int c = 0; c < 3 && ok; c++) {
                int v = st[i][c] + (st[i + 1][c] - st[i][c]) * k / 16;
                ok = abs(p[c] - v) <= 14;
            }
            if (ok) return 1;
        }
    return 0;
}

static int not_class(const unsigned char *p) {
    static const unsigned pal[10] = {0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
                                     0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC};
    for (int i = 0; i < 10; i++)
        if (near(p, pal[i], 40)) return 0;
    return 1;
}

static long ramp_count(const Shot *s, Box b, int inside, int skip_classes) {
    long n = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            const unsigned char *p = s->px + ((size_t)y * (size_t)s->w + (size_t)x) * 3;
            if (in_box(b, x, y) == inside && ramp_like(p) && (!skip_classes || not_class(p))) n++;
        }
    return n;
}

static int report(const char *what, long got, long need) {
    printf("%s: %ld (need >= %ld) %s\n", what, got, need, got >= need ? "ok" : "FAILED");
    return got >= need ? 0 : 1;
}

static int check_bars(const Shot *s) {
    Box c = column(s);
    return report("recon bar", count_in(s, c, 1, 0x5DA5DA, 8), 1500) |
           report("KL bar", count_in(s, c, 1, 0x60BD68, 8), 150) |
           report("log p(x) bar", count_in(s, c, 1, 0xC39BD3, 8), 1500) |
           report("gap bar", count_in(s, c, 1, 0xF15854, 8), 24);
}

static int check_digits(const Shot *s) {
    Box c = column(s);
    return report("bright ink", count_in(s, c, 1, 0xFFFFFF, 40), 300) |
           report("black ground", count_in(s, c, 1, 0x000000, 12), 3000);
}

static int run(const Shot *s, const char *c) {
    if (!strcmp(c, "heat-panel")) return report(c, ramp_count(s, s->map, 0, 0), 1500);
    if (!strcmp(c, "heat-map")) return report(c, ramp_count(s, s->map, 1, 1), 20);
    if (!strcmp(c, "identity-bars")) return check_bars(s);
    if (!strcmp(c, "estimator-plot"))
        return report("naive curve", count_in(s, column(s), 1, 0xF28E2B, 10), 150) |
               report("importance curve", count_in(s, column(s), 1, 0x4FC3F7, 10), 150);
    if (!strcmp(c, "rd-trace")) return report(c, count_in(s, column(s), 1, 0x5DA5DA, 10), 150);
    if (!strcmp(c, "amortisation")) return report(c, count_in(s, column(s), 1, 0x8CE99A, 20), 30);
    if (!strcmp(c, "digits-strip")) return check_digits(s);
    fprintf(stderr, "teach_check: unknown check %s\n", c);
    return 1;
}

int main(int argc, char **argv) {
    Shot s;
    memset(&s, 0, sizeof s);
    if (argc < 3 || load(argv[1], &s) != 0) {
        fprintf(stderr, "usage: teach_check SHOT.png CHECK [CHECK ...] (the .layout must exist)\n");
        return 2;
    }
    int bad = 0;
    for (int i = 2; i < argc; i++) bad |= run(&s, argv[i]);
    stbi_image_free(s.px);
    return bad;
}
