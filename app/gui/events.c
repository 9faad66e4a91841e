/* events.c - SDL events into App: the pointer on the map (drag to decode, pan,
 * zoom, pick), presses for the widgets, keyboard shortcuts, text input for the
 * prompts, dropped files, window changes.
 * Owns: the key map (the help overlay lists the same keys, from the string table).
 * Must not: draw; decoding at the cursor happens here, on every motion event. */
#include <math.h>

#include "app.h"

static int in_map(const App *a, float x, float y)
{
    return a->snap && a->snap->vae && rect_has(a->L.map_area, x, y);
}

static void cursor_to(App *a, float x, float y)
{
    Rect r = a->L.map_area;
    x = fminf(fmaxf(x, r.x), r.x + r.w);
    y = fminf(fmaxf(y, r.y), r.y + r.h);
    map_to_latent(a, x, y, &a->zvec[a->dim_x], &a->zvec[a->dim_y]);
    a->has_cursor = 1;
    map_decode_cursor(a);
}

static void on_press(App *a, const SDL_MouseButtonEvent *b, float x, float y)
{
    int modal = a->dialog != DIALOG_NONE || a->help;
    if (b->button == SDL_BUTTON_LEFT) {
        a->mouse_down = 1;
        if (!modal && in_map(a, x, y)) {
            a->dragging = 1;
            a->press_x = x;
            a->press_y = y;
            cursor_to(a, x, y);
            return;
        }
        if (a->help && !a->dialog) {
            a->help = 0;
            return;
        }
        a->clicked = 1;
        a->click_x = x;
        a->click_y = y;
    } else if (!modal && in_map(a, x, y)) {
        a->dragging = 2;
        a->press_x = x;
        a->press_y = y;
        a->pan_cx = a->view_cx;
        a->pan_cy = a->view_cy;
    }
}

static void on_release(App *a, const SDL_MouseButtonEvent *b, float x, float y)
{
    if (b->button == SDL_BUTTON_LEFT) {
        a->mouse_down = 0;
        a->active_id = 0;
        if (a->dragging == 1 && fabsf(x - a->press_x) < 4.f && fabsf(y - a->press_y) < 4.f)
            map_pick(a, a->press_x, a->press_y);
    }
    a->dragging = 0;
}

static void on_motion(App *a, float x, float y)
{
    a->mx = x;
    a->my = y;
    if (a->dragging == 1) {
        cursor_to(a, x, y);
    } else if (a->dragging == 2) {
        Rect r = a->L.map_area;
        a->view_cx = a->pan_cx - (x - a->press_x) / r.w * 2.f * a->view_span;
        a->view_cy = a->pan_cy + (y - a->press_y) / r.h * 2.f * a->view_span;
        a->manifold_dirty = 1;
    }
}

static void on_wheel(App *a, float dy)
{
    Rect r = a->L.map_area;
    float zx, zy;
    if (rect_has(a->L.controls, a->mx, a->my))
        controls_scroll(a, dy);
    if (!rect_has(r, a->mx, a->my) || a->dialog || a->help)
        return;
    map_to_latent(a, a->mx, a->my, &zx, &zy);
    float span = a->view_span * powf(0.85f, dy);
    a->view_span = fminf(fmaxf(span, 0.2f), 60.f);
    a->view_cx = zx - ((a->mx - r.x) / r.w * 2.f - 1.f) * a->view_span;
    a->view_cy = zy + ((a->my - r.y) / r.h * 2.f - 1.f) * a->view_span;
    a->manifold_dirty = 1;
}

static int latent_dim(const App *a)
{
    return a->snap && a->snap->vae ? a->snap->vae->cfg.latent_dim : 2;
}

static void next_dim(App *a, int *dim, int other)
{
    int Z = latent_dim(a);
    if (Z < 3)
        return;
    do
        *dim = (*dim + 1) % Z;
    while (*dim == other);
    a->manifold_dirty = 1;
    map_decode_cursor(a);
    digits_refresh(a);
}

static void move_cursor(App *a, float dx, float dy)
{
    float st = a->view_span / 40.f;
    a->zvec[a->dim_x] += dx * st;
    a->zvec[a->dim_y] += dy * st;
    a->has_cursor = 1;
    map_decode_cursor(a);
}

static void adjust_slider(App *a, float d)
{
    int Z = latent_dim(a);
    if (Z < 3)
        return;
    if (a->slider_dim == a->dim_x || a->slider_dim == a->dim_y || a->slider_dim >= Z)
        next_dim(a, &a->slider_dim, -1);
    while (a->slider_dim == a->dim_x || a->slider_dim == a->dim_y)
        a->slider_dim = (a->slider_dim + 1) % Z;
    a->zvec[a->slider_dim] = fminf(fmaxf(a->zvec[a->slider_dim] + d, -3.f), 3.f);
    a->manifold_dirty = 1;
    map_decode_cursor(a);
}

static int key_ctrl(App *a, SDL_Keycode k)
{
    switch (k) {
    case SDLK_s: controls_open_prompt(a, DIALOG_PROMPT_SAVE); return 1;
    case SDLK_o: controls_open_prompt(a, DIALOG_PROMPT_OPEN); return 1;
    case SDLK_q: a->running = 0; return 1;
    default: return 0;
    }
}

static void key_training(App *a, SDL_Keycode k, int shift)
{
    switch (k) {
    case SDLK_SPACE: worker_send_simple(a->worker, CMD_TOGGLE, 0, 0); break;
    case SDLK_s: worker_send_simple(a->worker, CMD_STEP, 0, 0); break;
    case SDLK_r: worker_send_simple(a->worker, CMD_RESET, 0, 0); break;
    case SDLK_b: controls_beta_step(a, shift ? 1 : -1); break;
    case SDLK_n: controls_batch_step(a, shift ? 1 : -1); break;
    case SDLK_z: controls_latent_step(a, shift ? 1 : -1); break;
    case SDLK_h: controls_hidden_next(a); break;
    case SDLK_d:
        if (shift) {
            controls_open_prompt(a, DIALOG_PROMPT_FOLDER);
            a->skip_text = 1; /* the "D" typed now must not land in the field */
        } else {
            controls_dataset_next(a);
        }
        break;
    default: break;
    }
}

static void key_view(App *a, SDL_Keycode k)
{
    switch (k) {
    case SDLK_p: app_request_shot(a, NULL); break;
    case SDLK_m: a->manifold = !a->manifold; a->manifold_dirty = 1; break;
    case SDLK_g: a->plot_log = !a->plot_log; break;
    case SDLK_HOME:
    case SDLK_c: map_reset_view(a); break;
    case SDLK_LEFT: move_cursor(a, -1.f, 0.f); break;
    case SDLK_RIGHT: move_cursor(a, 1.f, 0.f); break;
    case SDLK_UP: move_cursor(a, 0.f, 1.f); break;
    case SDLK_DOWN: move_cursor(a, 0.f, -1.f); break;
    case SDLK_x: next_dim(a, &a->dim_x, a->dim_y); break;
    case SDLK_y: next_dim(a, &a->dim_y, a->dim_x); break;
    case SDLK_v: adjust_slider(a, 0.f); next_dim(a, &a->slider_dim, -1); adjust_slider(a, 0.f); break;
    case SDLK_PAGEUP: adjust_slider(a, 0.25f); break;
    case SDLK_PAGEDOWN: adjust_slider(a, -0.25f); break;
    case SDLK_BACKSPACE: digits_clear(a); break;
    case SDLK_F11:
        a->fullscreen = !a->fullscreen;
        SDL_SetWindowFullscreen(a->win, a->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        break;
    case SDLK_t: app_set_theme(a, !a->dark); break;
    case SDLK_F2: app_set_lang(a, ui_lang_get() == LANG_EN ? LANG_KO : LANG_EN); break;
    case SDLK_F1: a->help = !a->help; break;
    default: break;
    }
}

static void on_key(App *a, const SDL_Keysym *k)
{
    if (k->sym == SDLK_F12) { /* these two work even over a dialog */
        app_request_shot(a, NULL);
        return;
    }
    if (k->sym == SDLK_q && (k->mod & KMOD_CTRL)) {
        a->running = 0;
        return;
    }
    if (overlay_key(a, k))
        return;
    if (teach_ui_key(a, k)) /* Tab, L, 1-7, E, Ctrl+L: teach_ui.c */
        return;
    if ((k->mod & KMOD_CTRL) && key_ctrl(a, k->sym))
        return;
    if (k->mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
        return;
    key_training(a, k->sym, (k->mod & KMOD_SHIFT) != 0);
    key_view(a, k->sym);
}

/* Symbols depend on the keyboard layout, so they come from text input. */
static void on_text(App *a, const char *s)
{
    if (a->skip_text) {
        a->skip_text = 0;
        return;
    }
    if (a->dialog >= DIALOG_PROMPT_SAVE) {
        overlay_text(a, s);
        return;
    }
    if (a->dialog != DIALOG_NONE || s[1])
        return;
    switch (s[0]) {
    case '?': a->help = !a->help; break;
    case '+':
    case '=': app_set_scale(a, a->ui_scale * 1.15f); break;
    case '-': app_set_scale(a, a->ui_scale / 1.15f); break;
    case '0': app_set_scale(a, 1.f); break;
    case '[': controls_lr_step(a, -1); break;
    case ']': controls_lr_step(a, +1); break;
    default: break;
    }
}

static void on_window(App *a, const SDL_WindowEvent *w)
{
    if (w->event == SDL_WINDOWEVENT_SIZE_CHANGED || w->event == SDL_WINDOWEVENT_RESIZED)
        app_set_scale(a, a->ui_scale);
    if (w->event == SDL_WINDOWEVENT_LEAVE)
        a->mx = a->my = -1000.f;
}

void events_handle(App *a, const SDL_Event *ev)
{
    float u = 1.f / a->ui_scale; /* window coordinates to logical units */
    switch (ev->type) {
    case SDL_QUIT: a->running = 0; break;
    case SDL_WINDOWEVENT: on_window(a, &ev->window); break;
    case SDL_MOUSEMOTION: on_motion(a, (float)ev->motion.x * u, (float)ev->motion.y * u); break;
    case SDL_MOUSEBUTTONDOWN: on_press(a, &ev->button, (float)ev->button.x * u, (float)ev->button.y * u); break;
    case SDL_MOUSEBUTTONUP: on_release(a, &ev->button, (float)ev->button.x * u, (float)ev->button.y * u); break;
    case SDL_MOUSEWHEEL: on_wheel(a, ev->wheel.preciseY != 0.f ? ev->wheel.preciseY : (float)ev->wheel.y); break;
    case SDL_KEYDOWN: on_key(a, &ev->key.keysym); break;
    case SDL_TEXTINPUT: on_text(a, ev->text.text); break;
    case SDL_DROPFILE:
        if (a->dialog >= DIALOG_PROMPT_SAVE) { /* a dropped path fills the prompt */
            a->field[0] = 0;
            overlay_text(a, ev->drop.file);
        } else {
            if (!teach_ui_drop(a, ev->drop.file)) /* a .lesson file */
                digits_drop_file(a, ev->drop.file);
        }
        SDL_free(ev->drop.file);
        break;
    default: break;
    }
    a->dirty = 1;
}
