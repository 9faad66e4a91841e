/* frame.c - one frame: build and draw every panel, take a requested screenshot,
 * swap. Frames are drawn only when something changed, at most 60 per second
 * (gui_main.c paces them).
 * Must not: block: the snapshot is already in App when a frame starts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gl_funcs.h"
#include "app.h"

static void take_shot(App *a)
{
    size_t n = (size_t)a->fb_w * (size_t)a->fb_h * 3;
    uint8_t *px = malloc(n);
    char path[1024];
    snprintf(path, sizeof path, "%s", a->shot_request);
    a->shot_request[0] = 0;
    if (!px)
        return;
    render_read_pixels(a->fb_w, a->fb_h, px);
    int ok = shot_write_png(path, a->fb_w, a->fb_h, px) == 0;
    free(px);
    if (ok && a->opt.write_layout)
        shot_write_layout(a, path);
    if (a->opt.verbose || a->quit_when_shot)
        fprintf(stderr, "vae-explorer: screenshot %s %s\n", path, ok ? "written" : "FAILED");
    if (a->quit_when_shot)
        a->running = 0;
    else if (!ok || !a->opt.key_shot_prefix) /* scripted shots stay quiet */
        app_toast(a, !ok, tr(ok ? STR_MSG_SHOT : STR_MSG_SHOT_FAILED), path);
}

void frame_render(App *a)
{
    int had_click = a->clicked; /* a widget may change state while drawn: draw again */
    a->dirty = 0;
    render_begin(a->fb_w, a->fb_h, a->s, a->th.bg);
    if (a->manifold && a->manifold_dirty && app_now() - a->manifold_time > 0.05)
        map_update_manifold(a);
    int teach = teach_ui_on(a), lesson = teach_ui_lesson_on(a); /* teaching area: teach_ui.c */
    if (!teach)
        plot_draw(a);
    map_draw(a);
    if (teach)
        teach_ui_draw(a);
    if (!lesson) {
        digits_draw_decoded(a);
        digits_draw_input(a);
    }
    if (!teach)
        controls_draw(a);
    header_draw(a);
    teach_ui_header(a);
    overlay_draw(a);
    a->clicked = 0;
    render_end();
    if (a->shot_request[0])
        take_shot(a);
    if (a->opt.bench_seconds > 0)
        vgl_glFinish(); /* count the rasteriser's work in the frame time */
    SDL_GL_SwapWindow(a->win);
    text_frame_end();
    if (a->frames++ == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        a->first_frame_unix = (double)ts.tv_sec + ts.tv_nsec * 1e-9;
    }
    a->dirty |= had_click;
}
