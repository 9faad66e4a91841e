/* png_check.c - checks a screenshot of the window by its pixels, for the GUI tests.
 *
 * Owns: reading a PNG written by the app (stb_image, PNG only) and its ".layout"
 * sidecar (panel rectangles in pixels, written with --write-layout), and these checks:
 *   plot-curves        the plot area holds the recon, KL and ELBO curve colours
 *   map-classes        the map holds at least 6 of the 10 class colours
 *   digit-contrast     the decoded digit has bright ink and a dark background
 *   posterior          the map holds the posterior ellipses (pure white)
 *   error-banner       an error message box (its red) is on screen
 *   digit-differs B    the decoded-digit region differs from that of screenshot B
 *   input-shown        the "your image" panel shows images (bright ink on black)
 * Usage: png_check SHOT.png CHECK [ARG] [CHECK [ARG] ...]; exit 0 when all pass.
 * Must not: depend on the app's code: colours are restated here on purpose. */
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
    Box plot, map, digit, input, toast, header;
} Shot;

static int load(const char *path, Shot *s) {
    char lp[1100], name[32];
    int n;
    s->px = stbi_load(path, &s->w, &s->h, &n, 3);
    if (!s->px) {
        fprintf(stderr, "png_check: cannot read %s\n", path);
        return -1;
    }
    snprintf(lp, sizeof lp, "%s.layout", path);
    FILE *f = fopen(lp, "r");
    if (!f) {
        fprintf(stderr, "png_check: no layout file %s (run the app with --write-layout)\n", lp);
        return -1;
    }
    Box b;
    while (fscanf(f, "%31s", name) == 1) {
        if (fscanf(f, "%d %d %d %d", &b.x, &b.y, &b.w, &b.h) != 4) {
            char rest[256];
            if (!fgets(rest, sizeof rest, f)) break;
            continue;
        }
        if (!strcmp(name, "plot"))
            s->plot = b;
        else if (!strcmp(name, "map"))
            s->map = b;
        else if (!strcmp(name, "digit"))
            s->digit = b;
        else if (!strcmp(name, "input"))
            s->input = b;
        else if (!strcmp(name, "toast"))
            s->toast = b;
        else if (!strcmp(name, "header"))
            s->header = b;
    }
    fclose(f);
    return 0;
}

static const unsigned char *at(const Shot *s, int x, int y) {
    return s->px + ((size_t)y * (size_t)s->w + (size_t)x) * 3;
}

static int near(const unsigned char *p, unsigned rgb, int tol) {
    int r = (int)(rgb >> 16) & 255, g = (int)(rgb >> 8) & 255, b = (int)rgb & 255;
    return abs(p[0] - r) <= tol && abs(p[1] - g) <= tol && abs(p[2] - b) <= tol;
}

static long count(const Shot *s, Box b, unsigned rgb, int tol) {
    long n = 0;
    for (int y = b.y; y < b.y + b.h && y < s->h; y++)
        for (int x = b.x; x < b.x + b.w && x < s->w; x++) n += near(at(s, x, y), rgb, tol);
    return n;
}

static unsigned blend(unsigned c, unsigned bg, int alpha) {
    unsigned out = 0;
    for (int sh = 16; sh >= 0; sh -= 8) {
        int v = ((int)((c >> sh) & 255) * alpha + (int)((bg >> sh) & 255) * (255 - alpha)) / 255;
        out |= (unsigned)v << sh;
    }
    return out;
}

static int check_plot(const Shot *s) {
    static const unsigned curves[3] = {0x5DA5DA, 0x60BD68, 0xFAA43A};
    static const char *names[3] = {"recon", "KL", "ELBO"};
    int ok = 1;
    for (int k = 0; k < 3; k++) {
        long n = count(s, s->plot, curves[k], 24);
        printf("plot-curves: %s pixels %ld\n", names[k], n);
        ok &= n >= 30;
    }
    return ok;
}

static int check_classes(const Shot *s) {
    static const unsigned pal[10] = {0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
                                     0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC};
    int seen = 0;
    for (int k = 0; k < 10; k++) {
        long n = count(s, s->map, blend(pal[k], 0x111418, 215), 14) + count(s, s->map, pal[k], 10);
        seen += n >= 40;
        printf("map-classes: class %d pixels %ld\n", k, n);
    }
    printf("map-classes: %d classes seen\n", seen);
    return seen >= 6;
}

static int contrast(const Shot *s, Box b, const char *what) {
    long bright = 0, dark = 0, total = (long)b.w * b.h;
    for (int y = b.y; y < b.y + b.h; y++)
        for (int x = b.x; x < b.x + b.w; x++) {
            const unsigned char *p = at(s, x, y);
            int g = (p[0] + p[1] + p[2]) / 3;
            bright += g > 110;
            dark += g < 40;
        }
    printf("%s: bright %.1f%% dark %.1f%%\n", what, 100.0 * bright / total, 100.0 * dark / total);
    return total > 0 && bright * 33 >= total && dark * 5 >= total;
}

static int check_posterior(const Shot *s) {
    long n = count(s, s->map, 0xFFFFFF, 6);
    printf("posterior: white pixels in the map %ld\n", n);
    return n >= 150;
}

static int check_error(const Shot *s) {
    Box whole = {0, 0, s->w, s->h};
    long n = count(s, whole, 0xB3261E, 6);
    printf("error-banner: red pixels %ld\n", n);
    return n >= 800;
}

static int check_differs(const Shot *s, const char *other) {
    Shot t;
    memset(&t, 0, sizeof t);
    if (load(other, &t) != 0 || t.w != s->w || t.h != s->h) return 0;
    double sum = 0;
    Box b = s->digit;
    for (int y = b.y; y < b.y + b.h; y++)
        for (int x = b.x; x < b.x + b.w; x++)
            for (int c = 0; c < 3; c++) sum += abs(at(s, x, y)[c] - at(&t, x, y)[c]);
    double mean = sum / ((double)b.w * b.h * 3);
    printf("digit-differs: mean absolute difference %.2f\n", mean);
    stbi_image_free(t.px);
    return mean > 3.0;
}

int main(int argc, char **argv) {
    Shot s;
    memset(&s, 0, sizeof s);
    if (argc < 3 || load(argv[1], &s) != 0) return 2;
    int ok = 1;
    for (int i = 2; i < argc; i++) {
        const char *c = argv[i];
        int r;
        if (!strcmp(c, "plot-curves"))
            r = check_plot(&s);
        else if (!strcmp(c, "map-classes"))
            r = check_classes(&s);
        else if (!strcmp(c, "digit-contrast"))
            r = contrast(&s, s.digit, c);
        else if (!strcmp(c, "input-shown"))
            r = contrast(&s, (Box){s.input.x, s.input.y + s.input.h / 10, s.input.w, s.input.w / 3}, c);
        else if (!strcmp(c, "posterior"))
            r = check_posterior(&s);
        else if (!strcmp(c, "error-banner"))
            r = check_error(&s);
        else if (!strcmp(c, "digit-differs") && i + 1 < argc)
            r = check_differs(&s, argv[++i]);
        else {
            fprintf(stderr, "png_check: unknown check %s\n", c);
            return 2;
        }
        printf("%s: %s\n", c, r ? "ok" : "FAILED");
        ok &= r;
    }
    stbi_image_free(s.px);
    return ok ? 0 : 1;
}
