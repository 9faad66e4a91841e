/* shot.c - screenshots: PNG files of the framebuffer (through png_write.c, where
 * stb_image_write is compiled once) and, with --write-layout, a sidecar describing the
 * real layout in physical pixels: `window W H`, a `panel NAME x y w h` line per panel
 * and a `widget PANEL NAME x y w h STATE` line per control (STATE: visible, or scrolled
 * when it is reachable by scrolling its panel), after the older key lines the tests read.
 * Must not: be called between render_begin and render_end (it reads the back buffer
 * after the frame is drawn, before the swap). */
#include <math.h>
#include <stdio.h>

#include "app.h"
#include "png_write.h"

int shot_write_png(const char *path, int w, int h, const uint8_t *rgb) { return png_write(path, w, h, 3, rgb); }

static void put_rect(FILE *f, const char *name, Rect r, float s) {
    fprintf(f, "%s %d %d %d %d\n", name, (int)lroundf(r.x * s), (int)lroundf(r.y * s), (int)lroundf(r.w * s),
            (int)lroundf(r.h * s));
}

static void put_records(FILE *f, const Ui *u, float s) {
    for (int i = 0; i < u->n_rec; i++) {
        const UiRecord *e = &u->rec[i];
        Rect r = e->r;
        if (e->widget)
            fprintf(f, "widget %s %s %d %d %d %d %s\n", e->panel[0] ? e->panel : "window", e->name,
                    (int)lroundf(r.x * s), (int)lroundf(r.y * s), (int)lroundf(r.w * s), (int)lroundf(r.h * s),
                    e->scrolled ? "scrolled" : "visible");
        else
            fprintf(f, "panel %s %d %d %d %d\n", e->name, (int)lroundf(r.x * s), (int)lroundf(r.y * s),
                    (int)lroundf(r.w * s), (int)lroundf(r.h * s));
    }
}

void shot_write_layout(const App *a, const char *png_path) {
    char path[1100], tmp[1200];
    snprintf(path, sizeof path, "%s.layout", png_path);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return;
    const Layout *L = &a->L;
    put_rect(f, "header", L->header, a->ui.s);
    put_rect(f, "plot", a->plot.area, a->ui.s);
    put_rect(f, "map", a->map.view.area, a->ui.s);
    put_rect(f, "digit", a->map.digit_big, a->ui.s);
    put_rect(f, "input", L->input, a->ui.s);
    put_rect(f, "toast", (Rect){0, a->ui.H - 64.f, a->ui.W, 50.f}, a->ui.s);
    fprintf(f, "scale %.3f\nstep %ld\nscatter %d\n", (double)a->ui.s, a->snap ? a->snap->step : 0L,
            a->snap ? a->snap->scatter_n : 0);
    fprintf(f, "window %d %d\nmode %s\n", a->fb_w, a->fb_h,
            L->mode == LAYOUT_WIDE     ? "wide"
            : L->mode == LAYOUT_TWO    ? "two"
            : L->mode == LAYOUT_LESSON ? "lesson"
                                       : "compact");
    put_records(f, &a->ui, a->ui.s);
    fclose(f);
    rename(tmp, path);
}
