/* frame.c - one frame: build and draw every panel the layout shows, the compact
 * layout's page tabs, the overlay; take a requested screenshot; swap. Frames are drawn
 * only when something changed, at most 60 per second (shell.c paces them).
 * Must not: block (the snapshot is already in App when a frame starts), or carry out
 * the panels' intents (intents.c does, after the frame). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "clock.h"
#include "gl_funcs.h"

static void take_shot(App *a) {
    size_t n = (size_t)a->fb_w * (size_t)a->fb_h * 3;
    uint8_t *px = malloc(n);
    char path[1024], msg[1200];
    snprintf(path, sizeof path, "%s", a->shot_request);
    a->shot_request[0] = 0;
    if (!px) return;
    render_read_pixels(a->fb_w, a->fb_h, px);
    int ok = shot_write_png(path, a->fb_w, a->fb_h, px) == 0;
    free(px);
    if (ok && a->opt.write_layout) shot_write_layout(a, path);
    if (a->opt.verbose || a->quit_when_shot)
        fprintf(stderr, "vae-explorer: screenshot %s %s\n", path, ok ? "written" : "FAILED");
    if (a->quit_when_shot) {
        a->running = 0;
    } else if (!ok || !a->opt.key_shot_prefix) { /* scripted shots stay quiet */
        snprintf(msg, sizeof msg, tr(ok ? STR_MSG_SHOT : STR_MSG_SHOT_FAILED), path);
        overlay_toast(&a->overlay, !ok, msg, clock_now());
    }
}

static int shown(Rect r) { return r.w > 0.f && r.h > 0.f; }

/* The compact layout's page tabs. */
static void page_tabs(App *a, const Frame *f) {
    static const StrId names[N_PAGES] = {STR_PAGE_PLOT, STR_PAGE_CONTROLS, STR_PAGE_MAP, STR_PAGE_IMAGE, STR_TEACH_BTN};
    static const char *const ids[N_PAGES] = {"plot", "controls", "latent", "image", "teach"};
    Rect t = a->L.tabs;
    int n = a->teach ? N_PAGES : N_PAGES - 1;
    ui_panel(f->u, "tabs", t, NULL);
    float w = (t.w - 20.f - 6.f * (float)(n - 1)) / (float)n;
    for (int i = 0; i < n; i++) {
        Rect b = {t.x + 10.f + (w + 6.f) * (float)i, t.y + 4.f, w, t.h - 8.f};
        if (ui_button(f->u, ids[i], b, tr(names[i]), a->page == i)) ui_post_simple(f->u, INTENT_SHOW_PAGE, i, 0.f);
    }
    ui_panel_end(f->u);
}

static void panels(App *a, const Frame *f) {
    const Layout *L = &a->L;
    int teach = a->teach && teach_on(a->teach);
    if (shown(L->plot)) plot_draw(&a->plot, f);
    if (shown(L->map)) {
        map_draw(&a->map, f);
        if (teach) teach_draw_map_overlay(a->teach, f);
    }
    if (teach && (shown(L->teach) || shown(L->band))) teach_draw(a->teach, f);
    if (shown(L->decoded)) map_draw_decoded(&a->map, f);
    if (shown(L->input)) digits_draw(&a->digits, f);
    if (shown(L->controls)) {
        ControlsIn in = {a->map.manifold, a->plot.log, a->overlay.help};
        controls_draw(&a->controls, f, &in);
    }
    HeaderIn hin = {a->overlay.help, a->teach != NULL, teach, a->teach && teach_lesson_on(a->teach),
                    L->mode == LAYOUT_COMPACT};
    header_draw(&a->header, f, &hin);
    if (shown(L->tabs)) page_tabs(a, f);
}

void frame_render(App *a) {
    int had_click = a->ui.clicked; /* a widget may change state while drawn: draw again */
    a->dirty = 0;
    layout_compute(a);
    Frame f = app_frame(a);
    a->ui.modal = overlay_modal(&a->overlay);
    render_begin(a->fb_w, a->fb_h, a->ui.s, a->ui.th.bg);
    ui_begin_frame(&a->ui);
    if (a->map.manifold && a->map.manifold_dirty && f.now - a->map.manifold_time > 0.05)
        map_update_manifold(&a->map, &f);
    panels(a, &f);
    a->ui.modal = 0;
    overlay_draw(&a->overlay, &f);
    ui_end_frame(&a->ui);
    render_end();
    if (a->shot_request[0]) take_shot(a);
    if (a->opt.bench_seconds > 0) vgl_glFinish(); /* count the rasteriser's work in the frame time */
    SDL_GL_SwapWindow(a->win);
    text_frame_end();
    if (a->frames++ == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        a->first_frame_unix = (double)ts.tv_sec + ts.tv_nsec * 1e-9;
    }
    a->dirty |= had_click;
}
