/* options.c - the window's options (see options.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

void options_usage(FILE *out) {
    fprintf(out, "usage: vae-explorer [--data DIR|mnist|fashion] [--model FILE] [--paused]\n"
                 "                    [--lang ko|en] [--scale F] [--light] [--window WxH] [--no-config]\n"
                 "                    [--screenshot FILE [--quit-after SECONDS]] [--screenshot-on-key PREFIX]\n"
                 "                    [--min-steps N] [--status-file FILE] [--write-layout]\n"
                 "                    [--bench SECONDS] [--verbose] [--lesson FILE]\n"
                 "  --scale F      interface scale, 0.5 to 3 (default: the saved one, else 1)\n"
                 "  --window WxH   window size in pixels, 320x240 to 16384x16384 (default: the saved\n"
                 "                 size, else fitted to the display's usable area)\n"
                 "  --no-config    neither read nor save the window's size, position and scale\n"
                 "The window's size, position, scale and full-screen state are kept in\n"
                 "$XDG_CONFIG_HOME/vae-explorer/window.conf (default ~/.config).\n");
}

static int bad(const char *flag, const char *what, const char *v) {
    fprintf(stderr, "vae-explorer: %s expects %s, got '%s' (see vae-explorer --help-window)\n", flag, what, v);
    return -1;
}

static int parse_double(const char *flag, const char *v, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end || !isfinite(d) || d < lo || d > hi) {
        char what[64];
        snprintf(what, sizeof what, "a number from %g to %g", lo, hi);
        return bad(flag, what, v);
    }
    *out = d;
    return 0;
}

static int parse_long(const char *flag, const char *v, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi) {
        char what[64];
        snprintf(what, sizeof what, "a whole number from %ld to %ld", lo, hi);
        return bad(flag, what, v);
    }
    *out = n;
    return 0;
}

static int parse_size(const char *v, int *w, int *h) {
    char *end;
    errno = 0;
    long a = strtol(v, &end, 10);
    if (errno || end == v || (*end != 'x' && *end != 'X')) return bad("--window", "WIDTHxHEIGHT, e.g. 1280x800", v);
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (errno || end == p || *end || a < 320 || b < 240 || a > 16384 || b > 16384)
        return bad("--window", "WIDTHxHEIGHT from 320x240 to 16384x16384", v);
    *w = (int)a;
    *h = (int)b;
    return 0;
}

/* Options that take a value; returns 1 when it was one (and *rc the result). */
static int value_option(GuiArgs *g, const char *o, const char *v, int *rc) {
    double d = 0;
    long n = 0;
    *rc = 0;
    if (!strcmp(o, "--data"))
        g->w.data_arg = v;
    else if (!strcmp(o, "--model"))
        g->w.model_path = v;
    else if (!strcmp(o, "--screenshot"))
        g->app.screenshot_path = v;
    else if (!strcmp(o, "--screenshot-on-key"))
        g->app.key_shot_prefix = v;
    else if (!strcmp(o, "--status-file"))
        g->app.status_file = v;
    else if (!strcmp(o, "--lesson"))
        g->app.lesson_path = v;
    else if (!strcmp(o, "--quit-after")) {
        *rc = parse_double(o, v, 0.0, 86400.0, &d);
        g->app.quit_after = d;
    } else if (!strcmp(o, "--bench")) {
        *rc = parse_double(o, v, 0.0, 86400.0, &d);
        g->app.bench_seconds = d;
    } else if (!strcmp(o, "--min-steps")) {
        *rc = parse_long(o, v, 0, 1000000000L, &n);
        g->app.min_steps = n;
    } else if (!strcmp(o, "--scale")) {
        *rc = parse_double(o, v, 0.5, 3.0, &d);
        g->scale = (float)d;
    } else if (!strcmp(o, "--window")) {
        *rc = parse_size(v, &g->app.win_w, &g->app.win_h);
    } else if (!strcmp(o, "--lang")) {
        if ((g->lang = ui_lang_parse(v)) < 0) *rc = bad(o, "ko or en", v);
    } else {
        return 0;
    }
    return 1;
}

static int flag_option(GuiArgs *g, const char *o) {
    if (!strcmp(o, "--paused"))
        g->w.paused = 1;
    else if (!strcmp(o, "--light"))
        g->light = 1;
    else if (!strcmp(o, "--write-layout"))
        g->app.write_layout = 1;
    else if (!strcmp(o, "--verbose"))
        g->app.verbose = 1;
    else if (!strcmp(o, "--no-config"))
        g->app.no_config = 1;
    else
        return 0;
    return 1;
}

static int takes_value(const char *o) {
    static const char *const names[] = {"--data",        "--model",  "--screenshot", "--screenshot-on-key",
                                        "--status-file", "--lesson", "--quit-after", "--bench",
                                        "--min-steps",   "--scale",  "--window",     "--lang"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(o, names[i])) return 1;
    return 0;
}

int options_parse(int argc, char **argv, GuiArgs *g) {
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int rc;
        if (!strcmp(o, "--help") || !strcmp(o, "-h") || !strcmp(o, "--help-window")) {
            options_usage(stdout);
            return 1;
        }
        if (flag_option(g, o)) continue;
        if (i + 1 < argc && value_option(g, o, argv[i + 1], &rc)) {
            if (rc != 0) return -1;
            i++;
            continue;
        }
        if (takes_value(o))
            fprintf(stderr, "vae-explorer: %s needs a value (see vae-explorer --help-window)\n", o);
        else
            fprintf(stderr, "vae-explorer: unknown option '%s' (see vae-explorer --help-window)\n", o);
        return -1;
    }
    if (g->app.screenshot_path && g->app.quit_after <= 0) g->app.quit_after = 5.0;
    return 0;
}
