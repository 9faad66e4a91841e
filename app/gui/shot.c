/* shot.c - screenshots: PNG files of the framebuffer (through png_write.c, where
 * stb_image_write is compiled once) and, for the tests, a sidecar listing where each panel is.
 * Must not: be called between render_begin and render_end (it reads the back buffer
 * after the frame is drawn, before the swap). */
#include <stdio.h>

#include "app.h"
#include "png_write.h"

int shot_write_png(const char *path, int w, int h, const uint8_t *rgb)
{
    return png_write(path, w, h, 3, rgb);
}

static void put_rect(FILE *f, const char *name, Rect r, float s)
{
    fprintf(f, "%s %d %d %d %d\n", name, (int)(r.x * s + 0.5f), (int)(r.y * s + 0.5f), (int)(r.w * s + 0.5f),
            (int)(r.h * s + 0.5f));
}

void shot_write_layout(const App *a, const char *png_path)
{
    char path[1100];
    snprintf(path, sizeof path, "%s.layout", png_path);
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    const Layout *L = &a->L;
    put_rect(f, "header", L->header, a->s);
    put_rect(f, "plot", L->plot_area, a->s);
    put_rect(f, "map", L->map_area, a->s);
    put_rect(f, "digit", L->digit_big, a->s);
    put_rect(f, "input", L->input, a->s);
    put_rect(f, "toast", (Rect){0, a->H - 64.f, a->W, 50.f}, a->s);
    fprintf(f, "scale %.3f\nstep %ld\nscatter %d\n", (double)a->s, a->snap ? a->snap->step : 0L,
            a->snap ? a->snap->scatter_n : 0);
    fclose(f);
}
