/* overlay.c - everything drawn above the panels: the keyboard help (? / F1), the
 * restart confirmations, the path prompts (save / open model, data folder) with a
 * small text field, and the toast messages.
 * Owns: the keys while a dialog is open (Enter, Esc, editing).
 * Must not: act on the worker except through overlay_confirm(). */
#include <stdio.h>
#include <string.h>

#include "autosave.h"
#include "app.h"

static const StrId help_keys[] = {
    STR_KEY_PLAY, STR_KEY_STEP, STR_KEY_RESET, STR_KEY_LR, STR_KEY_BETA, STR_KEY_BATCH,
    STR_KEY_LATENT, STR_KEY_HIDDEN, STR_KEY_DATASET, STR_KEY_FOLDER, STR_KEY_SAVE, STR_KEY_OPEN,
    STR_KEY_SHOT, STR_KEY_MANIFOLD, STR_KEY_LOG, STR_KEY_VIEW, STR_KEY_CURSOR, STR_KEY_DIMS,
    STR_KEY_SLIDER, STR_KEY_CLEAR, STR_KEY_SCALE, STR_KEY_FULLSCREEN, STR_KEY_THEME, STR_KEY_LANG,
    STR_KEY_TEACH, STR_KEY_TEACH_TABS, STR_KEY_LESSON, STR_KEY_LESSON_SAVE, STR_KEY_HELP, STR_KEY_QUIT, STR_MOUSE_DRAG, STR_MOUSE_PAN, STR_MOUSE_ZOOM, STR_MOUSE_PICK,
    STR_MOUSE_DROP,
};
#define N_HELP ((int)(sizeof help_keys / sizeof help_keys[0]))

static Rect centered(const App *a, float w, float h)
{
    if (w > a->W - 20.f)
        w = a->W - 20.f;
    if (h > a->H - 20.f)
        h = a->H - 20.f;
    return (Rect){(a->W - w) * 0.5f, (a->H - h) * 0.5f, w, h};
}

static void box(App *a, Rect r)
{
    render_rect((Rect){0, 0, a->W, a->H}, rgba(0x000000, 140));
    render_rect((Rect){r.x + 4.f, r.y + 4.f, r.w, r.h}, a->th.shadow);
    render_rect(r, a->th.panel);
    render_rect_outline(r, 1.f, a->th.accent);
}

/* A button inside a dialog (the panel widgets are disabled while a dialog is open). */
static int dialog_button(App *a, Rect r, const char *label, int primary)
{
    int hot = rect_has(r, a->mx, a->my);
    int hit = a->clicked && rect_has(r, a->click_x, a->click_y);
    if (hit)
        a->clicked = 0;
    render_rect(r, primary ? a->th.button_on : hot ? a->th.button_hover : a->th.button);
    if (hot)
        render_rect_outline(r, 1.f, a->th.accent);
    text_draw(label, r.x + r.w * 0.5f, r.y + (r.h - 17.f) * 0.5f, 14.f, TEXT_REGULAR,
              primary ? rgba(0xFFFFFF, 255) : a->th.text, ALIGN_CENTER);
    return hit;
}

/* Cancel and confirm buttons at the bottom right of a dialog box. */
static void dialog_buttons(App *a, Rect r, StrId ok)
{
    Rect c = {r.x + r.w - 24.f - 120.f, r.y + r.h - 48.f, 120.f, 32.f};
    Rect o = {c.x - 130.f, c.y, 120.f, 32.f};
    if (dialog_button(a, o, tr(ok), 1)) {
        overlay_confirm(a);
        return;
    }
    if (dialog_button(a, c, tr(STR_BTN_CANCEL), 0))
        overlay_cancel(a);
}

static void help_entry(App *a, StrId id, float x, float y, float key_w, float col_w)
{
    char keys[96];
    const char *s = tr(id), *tab = strchr(s, '\t');
    size_t n = tab ? (size_t)(tab - s) : 0;
    if (n >= sizeof keys)
        n = sizeof keys - 1;
    memcpy(keys, s, n);
    keys[n] = 0;
    text_draw_fit(keys, x, y, key_w - 10.f, 14.f, TEXT_BOLD, a->th.accent);
    text_draw_fit(tab ? tab + 1 : s, x + key_w, y, col_w - key_w - 16.f, 14.f, TEXT_REGULAR, a->th.text);
}

static void help_draw(App *a)
{
    int rows = (N_HELP + 1) / 2;
    float row_h = 23.f;
    Rect r = centered(a, 1040.f, 96.f + row_h * (float)rows);
    box(a, r);
    text_draw(tr(STR_HELP_TITLE), r.x + 24.f, r.y + 18.f, 19.f, TEXT_BOLD, a->th.text, ALIGN_LEFT);
    text_draw(tr(STR_HELP_CLOSE), r.x + r.w - 24.f, r.y + 22.f, 13.f, TEXT_REGULAR, a->th.muted, ALIGN_RIGHT);
    float col_w = (r.w - 48.f) / 2.f, key_w = col_w * 0.30f;
    for (int i = 0; i < N_HELP; i++) {
        float x = r.x + 24.f + col_w * (float)(i / rows), y = r.y + 60.f + row_h * (float)(i % rows);
        help_entry(a, help_keys[i], x, y, key_w, col_w);
    }
}

static void confirm_draw(App *a)
{
    char desc[64], buf[256];
    Rect r = centered(a, 620.f, 170.f);
    box(a, r);
    if (a->dialog == DIALOG_CONFIRM_RESTART) {
        vae_config_describe(&a->pending_cfg, desc, sizeof desc);
        snprintf(buf, sizeof buf, tr(STR_CONFIRM_RESTART), desc);
    } else if (a->dialog == DIALOG_CONFIRM_AUTOSAVE) {
        snprintf(buf, sizeof buf, tr(STR_CONFIRM_AUTOSAVE), a->autosave_epoch, a->autosave_when);
    } else {
        snprintf(buf, sizeof buf, tr(STR_CONFIRM_DATASET),
                 tr(a->pending_data == DATASET_FASHION ? STR_DATA_FASHION : STR_DATA_MNIST));
    }
    text_draw_wrapped(buf, r.x + 24.f, r.y + 24.f, r.w - 48.f, 16.f, TEXT_REGULAR, a->th.text);
    int resume = a->dialog == DIALOG_CONFIRM_AUTOSAVE;
    text_draw(tr(resume ? STR_AUTOSAVE_KEYS : STR_CONFIRM_KEYS), r.x + 24.f, r.y + r.h - 38.f, 13.f, TEXT_REGULAR,
              a->th.muted, ALIGN_LEFT);
    dialog_buttons(a, r, resume ? STR_BTN_RESUME : STR_BTN_APPLY);
}

static void prompt_draw(App *a)
{
    StrId title = a->dialog == DIALOG_PROMPT_SAVE   ? STR_PROMPT_SAVE
                  : a->dialog == DIALOG_PROMPT_OPEN ? STR_PROMPT_OPEN
                                                    : STR_PROMPT_FOLDER;
    Rect r = centered(a, 720.f, 180.f);
    box(a, r);
    text_draw(tr(title), r.x + 24.f, r.y + 22.f, 16.f, TEXT_BOLD, a->th.text, ALIGN_LEFT);
    Rect f = {r.x + 24.f, r.y + 60.f, r.w - 48.f, 36.f};
    render_rect(f, a->th.bg);
    render_rect_outline(f, 1.f, a->th.accent);
    /* show the end of a long path, and a caret */
    const char *s = a->field;
    while (*s && text_width(s, 15.f, TEXT_REGULAR) > f.w - 24.f)
        s++;
    float w = text_draw(s, f.x + 10.f, f.y + 8.f, 15.f, TEXT_REGULAR, a->th.text, ALIGN_LEFT);
    render_rect((Rect){f.x + 12.f + w, f.y + 7.f, 2.f, 22.f}, a->th.accent);
    text_draw(tr(STR_PROMPT_KEYS), r.x + 24.f, r.y + r.h - 38.f, 13.f, TEXT_REGULAR, a->th.muted, ALIGN_LEFT);
    dialog_buttons(a, r, STR_BTN_OK);
}

static void toast_draw(App *a)
{
    if (!a->toast[0] || app_now() > a->toast_until)
        return;
    float w = text_width(a->toast, 14.f, TEXT_REGULAR) + 32.f;
    if (w > a->W - 40.f)
        w = a->W - 40.f;
    Rect r = {(a->W - w) * 0.5f, a->H - 58.f, w, 38.f};
    render_rect((Rect){r.x + 3.f, r.y + 3.f, r.w, r.h}, a->th.shadow);
    render_rect(r, a->toast_error ? a->th.error_bg : a->th.ok_bg);
    text_draw_fit(a->toast, r.x + 16.f, r.y + 10.f, r.w - 32.f, 14.f, TEXT_REGULAR, rgba(0xFFFFFF, 255));
}

void overlay_draw(App *a)
{
    toast_draw(a);
    if (a->dialog == DIALOG_CONFIRM_RESTART || a->dialog == DIALOG_CONFIRM_DATA ||
        a->dialog == DIALOG_CONFIRM_AUTOSAVE)
        confirm_draw(a);
    else if (a->dialog != DIALOG_NONE)
        prompt_draw(a);
    else if (a->help)
        help_draw(a);
}

void overlay_cancel(App *a)
{
    if (a->dialog == DIALOG_CONFIRM_AUTOSAVE)
        autosave_set_aside(); /* a fresh start, but the old model is kept */
    a->dialog = DIALOG_NONE;
}

void overlay_confirm(App *a)
{
    WorkerCmd c;
    memset(&c, 0, sizeof c);
    switch (a->dialog) {
    case DIALOG_CONFIRM_RESTART: c.type = CMD_RESTART; c.cfg = a->pending_cfg; break;
    case DIALOG_CONFIRM_DATA: c.type = CMD_SET_DATA; c.i = a->pending_data; break;
    case DIALOG_PROMPT_SAVE: c.type = CMD_SAVE; break;
    case DIALOG_PROMPT_OPEN: c.type = CMD_OPEN; break;
    case DIALOG_PROMPT_FOLDER: c.type = CMD_SET_DATA; c.i = DATASET_FOLDER; break;
    case DIALOG_CONFIRM_AUTOSAVE: c.type = CMD_OPEN; autosave_path(a->field, sizeof a->field); break;
    default: return;
    }
    snprintf(c.path, sizeof c.path, "%s", a->field);
    worker_send(a->worker, &c);
    a->dialog = DIALOG_NONE;
}

void overlay_text(App *a, const char *s)
{
    size_t n = strlen(a->field), m = strlen(s);
    if (n + m < sizeof a->field) {
        memcpy(a->field + n, s, m + 1);
        a->dirty = 1;
    }
}

static void field_backspace(App *a)
{
    size_t n = strlen(a->field);
    while (n > 0 && ((uint8_t)a->field[n - 1] & 0xC0) == 0x80) /* UTF-8 continuation bytes */
        n--;
    if (n > 0)
        n--;
    a->field[n] = 0;
}

int overlay_key(App *a, const SDL_Keysym *k)
{
    if (a->dialog == DIALOG_NONE) {
        if (a->help && (k->sym == SDLK_ESCAPE || k->sym == SDLK_F1)) {
            a->help = 0;
            return 1;
        }
        return 0;
    }
    int prompt = a->dialog >= DIALOG_PROMPT_SAVE;
    if (k->sym == SDLK_ESCAPE)
        overlay_cancel(a);
    else if (k->sym == SDLK_RETURN || k->sym == SDLK_KP_ENTER)
        overlay_confirm(a);
    else if (prompt && k->sym == SDLK_BACKSPACE)
        field_backspace(a);
    else if (prompt && k->sym == SDLK_v && (k->mod & KMOD_CTRL) && SDL_HasClipboardText()) {
        char *clip = SDL_GetClipboardText();
        overlay_text(a, clip);
        SDL_free(clip);
    }
    return 1; /* a dialog swallows every key */
}
