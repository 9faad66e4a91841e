/* events.c - SDL events into the frame's input (Ui) and to the panel that owns them:
 * the pointer's gestures on the map, presses for the widgets, the wheel for the panel
 * under the pointer, keyboard shortcuts, text for the prompts, dropped files, window
 * changes.
 * Owns: the key map (the keys overlay lists the same keys, from the string table).
 * Must not: draw, or carry out an intent itself (keys post the same intents as the
 * controls; intents.c carries them out after the events). */
#include <math.h>

#include "app.h"

static void on_press(App *a, const SDL_MouseButtonEvent *b, float x, float y) {
    Ui *u = &a->ui;
    Frame f = app_frame(a);
    int modal = overlay_modal(&a->overlay);
    if (b->button == SDL_BUTTON_LEFT) u->mouse_down = 1;
    if (!modal && (b->button == SDL_BUTTON_LEFT || b->button == SDL_BUTTON_RIGHT) &&
        map_press(&a->map, &f, b->button == SDL_BUTTON_LEFT ? 1 : 2, x, y))
        return;
    if (b->button != SDL_BUTTON_LEFT) return;
    u->clicked = 1;
    u->click_x = x;
    u->click_y = y;
}

static void on_release(App *a, const SDL_MouseButtonEvent *b, float x, float y) {
    Frame f = app_frame(a);
    if (b->button == SDL_BUTTON_LEFT) {
        a->ui.mouse_down = 0;
        a->ui.active = 0;
    }
    int picked = map_release(&a->map, &f, b->button == SDL_BUTTON_LEFT ? 1 : 2, x, y);
    if (picked >= 0) digits_pick(&a->digits, &f, picked);
}

static void on_motion(App *a, float x, float y) {
    Frame f = app_frame(a);
    a->ui.mx = x;
    a->ui.my = y;
    map_motion(&a->map, &f, x, y);
}

/* The wheel zooms the map under the pointer; anywhere else the scroll region under
 * the pointer takes it when the next frame is built. */
static void on_wheel(App *a, float dy) {
    Frame f = app_frame(a);
    if (overlay_modal(&a->overlay) || !map_wheel(&a->map, &f, dy)) a->ui.wheel += dy;
}

static int key_ctrl(App *a, SDL_Keycode k) {
    switch (k) {
    case SDLK_s:
        ui_post_simple(&a->ui, INTENT_DIALOG, DIALOG_PROMPT_SAVE, 0.f);
        return 1;
    case SDLK_o:
        ui_post_simple(&a->ui, INTENT_DIALOG, DIALOG_PROMPT_OPEN, 0.f);
        return 1;
    default:
        return 0;
    }
}

static void key_training(App *a, const Frame *f, SDL_Keycode k, int shift) {
    switch (k) {
    case SDLK_SPACE:
        ui_worker(&a->ui, CMD_TOGGLE, 0.f, 0);
        break;
    case SDLK_s:
        ui_worker(&a->ui, CMD_STEP, 0.f, 0);
        break;
    case SDLK_r:
        ui_worker(&a->ui, CMD_RESET, 0.f, 0);
        break;
    case SDLK_b:
        controls_beta_step(f, shift ? 1 : -1);
        break;
    case SDLK_n:
        controls_batch_step(f, shift ? 1 : -1);
        break;
    case SDLK_z:
        controls_latent_step(f, shift ? 1 : -1);
        break;
    case SDLK_h:
        controls_hidden_next(f);
        break;
    case SDLK_d:
        if (shift) {
            ui_post_simple(&a->ui, INTENT_DIALOG, DIALOG_PROMPT_FOLDER, 0.f);
            a->skip_text = 1; /* the "D" typed now must not land in the field */
        } else {
            controls_dataset_next(f);
        }
        break;
    default:
        break;
    }
}

static void key_view(App *a, SDL_Keycode k) {
    switch (k) {
    case SDLK_p:
        ui_post_simple(&a->ui, INTENT_SHOT, 0, 0.f);
        break;
    case SDLK_g:
        ui_post_simple(&a->ui, INTENT_PLOT_LOG, 0, 0.f);
        break;
    case SDLK_BACKSPACE:
        digits_clear(&a->digits);
        break;
    case SDLK_F11:
        ui_post_simple(&a->ui, INTENT_FULLSCREEN, 0, 0.f);
        break;
    case SDLK_t:
        ui_post_simple(&a->ui, INTENT_THEME, 0, 0.f);
        break;
    case SDLK_F2:
        ui_post_simple(&a->ui, INTENT_LANG, -1, 0.f);
        break;
    case SDLK_F1:
        ui_post_simple(&a->ui, INTENT_HELP, 0, 0.f);
        break;
    case SDLK_F6: /* the compact layout's pages, in turn */
        ui_post_simple(&a->ui, INTENT_NEXT_PAGE, 0, 0.f);
        break;
    default:
        break;
    }
}

static void on_key(App *a, const SDL_Keysym *k) {
    Frame f = app_frame(a);
    if (k->sym == SDLK_F12) { /* these two work even over a dialog */
        ui_post_simple(&a->ui, INTENT_SHOT, 0, 0.f);
        return;
    }
    if (k->sym == SDLK_q && (k->mod & KMOD_CTRL)) {
        a->running = 0;
        return;
    }
    if (overlay_key(&a->overlay, &f, k->sym, k->mod)) return;
    if (a->teach && teach_key(a->teach, &f, k->sym, k->mod)) /* Tab, L, 1-7, E, Ctrl+L */
        return;
    if ((k->mod & KMOD_CTRL) && key_ctrl(a, k->sym)) return;
    if (k->mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) return;
    if (map_key(&a->map, &f, k->sym)) return;
    key_training(a, &f, k->sym, (k->mod & KMOD_SHIFT) != 0);
    key_view(a, k->sym);
}

/* Symbols depend on the keyboard layout, so they come from text input. */
static void on_text(App *a, const char *s) {
    Frame f = app_frame(a);
    if (a->skip_text) {
        a->skip_text = 0;
        return;
    }
    if (dialog_is_prompt(a->overlay.dialog)) {
        overlay_text(&a->overlay, s);
        return;
    }
    if (a->overlay.dialog != DIALOG_NONE || s[1]) return;
    switch (s[0]) {
    case '?':
        ui_post_simple(&a->ui, INTENT_HELP, 0, 0.f);
        break;
    case '+':
    case '=':
        ui_post_simple(&a->ui, INTENT_SCALE, 0, 1.15f);
        break;
    case '-':
        ui_post_simple(&a->ui, INTENT_SCALE, 0, 1.f / 1.15f);
        break;
    case '0':
        ui_post_simple(&a->ui, INTENT_SCALE, 0, 0.f);
        break;
    case '[':
        controls_lr_step(&f, -1);
        break;
    case ']':
        controls_lr_step(&f, +1);
        break;
    default:
        break;
    }
}

static void on_window(App *a, const SDL_WindowEvent *w) {
    if (w->event == SDL_WINDOWEVENT_SIZE_CHANGED || w->event == SDL_WINDOWEVENT_RESIZED) app_set_scale(a, a->ui_scale);
    if (w->event == SDL_WINDOWEVENT_LEAVE) a->ui.mx = a->ui.my = -1000.f;
}

static void on_drop(App *a, const char *path) {
    Frame f = app_frame(a);
    if (dialog_is_prompt(a->overlay.dialog)) { /* a dropped path fills the prompt */
        a->overlay.field[0] = 0;
        overlay_text(&a->overlay, path);
    } else if (a->overlay.dialog == DIALOG_NONE && !(a->teach && teach_drop(a->teach, &f, path))) {
        digits_drop_file(&a->digits, &f, path); /* not a .lesson file */
        if (a->L.mode == LAYOUT_COMPACT && a->page != PAGE_MAP && a->page != PAGE_TEACH) a->page = PAGE_IMAGE;
    }
}

void events_handle(App *a, const SDL_Event *ev) {
    float u = 1.f / a->ui_scale; /* window coordinates to logical units */
    a->ui.modal = overlay_modal(&a->overlay);
    switch (ev->type) {
    case SDL_QUIT:
        a->running = 0;
        break;
    case SDL_WINDOWEVENT:
        on_window(a, &ev->window);
        break;
    case SDL_MOUSEMOTION:
        on_motion(a, (float)ev->motion.x * u, (float)ev->motion.y * u);
        break;
    case SDL_MOUSEBUTTONDOWN:
        on_press(a, &ev->button, (float)ev->button.x * u, (float)ev->button.y * u);
        break;
    case SDL_MOUSEBUTTONUP:
        on_release(a, &ev->button, (float)ev->button.x * u, (float)ev->button.y * u);
        break;
    case SDL_MOUSEWHEEL:
        on_wheel(a, ev->wheel.preciseY != 0.f ? ev->wheel.preciseY : (float)ev->wheel.y);
        break;
    case SDL_KEYDOWN:
        on_key(a, &ev->key.keysym);
        break;
    case SDL_TEXTINPUT:
        on_text(a, ev->text.text);
        break;
    case SDL_DROPFILE:
        on_drop(a, ev->drop.file);
        SDL_free(ev->drop.file);
        break;
    default:
        break;
    }
    a->dirty = 1;
}
