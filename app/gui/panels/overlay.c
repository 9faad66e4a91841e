/* overlay.c - everything drawn above the panels: the keyboard help (? / F1), the
 * restart confirmations, the path prompts (save / open model, data folder) with a
 * small text field, and the toast messages.
 * Owns: OverlayPanel - which dialog is open and what it would apply, the text field,
 * the keys overlay's state and scroll, the toast - and the keys while a dialog is open
 * (Enter, Esc, editing).
 * Must not: act on the worker except by the command intent a confirmation posts. */
#include <stdio.h>
#include <string.h>

#include "overlay.h"

#include <SDL.h>
#include <stdlib.h>

#include "autosave.h"

static const StrId help_keys[] = {
    STR_KEY_PLAY,   STR_KEY_STEP,     STR_KEY_RESET,      STR_KEY_LR,         STR_KEY_BETA,        STR_KEY_BATCH,
    STR_KEY_LATENT, STR_KEY_HIDDEN,   STR_KEY_DATASET,    STR_KEY_FOLDER,     STR_KEY_SAVE,        STR_KEY_OPEN,
    STR_KEY_SHOT,   STR_KEY_MANIFOLD, STR_KEY_LOG,        STR_KEY_VIEW,       STR_KEY_CURSOR,      STR_KEY_DIMS,
    STR_KEY_SLIDER, STR_KEY_CLEAR,    STR_KEY_SCALE,      STR_KEY_FULLSCREEN, STR_KEY_PAGES,       STR_KEY_THEME,
    STR_KEY_LANG,   STR_KEY_TEACH,    STR_KEY_TEACH_TABS, STR_KEY_LESSON,     STR_KEY_LESSON_SAVE, STR_KEY_HELP,
    STR_KEY_QUIT,   STR_MOUSE_DRAG,   STR_MOUSE_PAN,      STR_MOUSE_ZOOM,     STR_MOUSE_PICK,      STR_MOUSE_DROP,
};
#define N_HELP ((int)(sizeof help_keys / sizeof help_keys[0]))

static Rect centered(const Frame *f, float w, float h) {
    if (w > f->u->W - 20.f) w = f->u->W - 20.f;
    if (h > f->u->H - 20.f) h = f->u->H - 20.f;
    return (Rect){(f->u->W - w) * 0.5f, (f->u->H - h) * 0.5f, w, h};
}

static void box(const Frame *f, Rect r) {
    render_rect((Rect){0, 0, f->u->W, f->u->H}, rgba(0x000000, 140));
    render_rect((Rect){r.x + 4.f, r.y + 4.f, r.w, r.h}, f->u->th.shadow);
    render_rect(r, f->u->th.panel);
    render_rect_outline(r, 1.f, f->u->th.accent);
}

/* A button inside a dialog (the panel widgets are disabled while a dialog is open). */
static int dialog_button(const Frame *f, Rect r, const char *label, int primary) {
    int hot = rect_has(r, f->u->mx, f->u->my);
    int hit = f->u->clicked && rect_has(r, f->u->click_x, f->u->click_y);
    if (hit) f->u->clicked = 0;
    render_rect(r, primary ? f->u->th.button_on : hot ? f->u->th.button_hover : f->u->th.button);
    if (hot) render_rect_outline(r, 1.f, f->u->th.accent);
    text_draw(label, r.x + r.w * 0.5f, r.y + (r.h - 17.f) * 0.5f, 14.f, TEXT_REGULAR,
              primary ? rgba(0xFFFFFF, 255) : f->u->th.text, ALIGN_CENTER);
    return hit;
}

/* Cancel and confirm buttons at the bottom right of a dialog box. */
static void dialog_buttons(OverlayPanel *o, const Frame *f, Rect r, StrId ok) {
    float bw = fminf(120.f, (r.w - 58.f) * 0.5f);
    Rect c = {r.x + r.w - 24.f - bw, r.y + r.h - 48.f, bw, 32.f};
    Rect k = {c.x - bw - 10.f, c.y, bw, 32.f};
    snprintf(f->u->panel, sizeof f->u->panel, "dialog");
    ui_record_widget(f->u, "ok", k);
    ui_record_widget(f->u, "cancel", c);
    if (dialog_button(f, k, tr(ok), 1)) {
        overlay_confirm(o, f);
        return;
    }
    if (dialog_button(f, c, tr(STR_BTN_CANCEL), 0)) overlay_cancel(o);
}

static void help_entry(const Frame *f, StrId id, float x, float y, float key_w, float col_w) {
    char keys[96];
    const char *s = tr(id), *tab = strchr(s, '\t');
    size_t n = tab ? (size_t)(tab - s) : 0;
    if (n >= sizeof keys) n = sizeof keys - 1;
    memcpy(keys, s, n);
    keys[n] = 0;
    text_draw_fit(keys, x, y, key_w - 10.f, 14.f, TEXT_BOLD, f->u->th.accent);
    text_draw_fit(tab ? tab + 1 : s, x + key_w, y, col_w - key_w - 16.f, 14.f, TEXT_REGULAR, f->u->th.text);
}

static void help_draw(OverlayPanel *o, const Frame *f) {
    float row_h = 23.f, W = f->u->W;
    int cols = W >= 760.f ? 2 : 1, rows = (N_HELP + cols - 1) / cols;
    float content = row_h * (float)rows + 8.f + 40.f; /* the entries and the version line */
    Rect r = centered(f, cols == 2 ? 1040.f : 560.f, 60.f + content + 16.f);
    box(f, r);
    ui_push_id(f->u, "keys");
    snprintf(f->u->panel, sizeof f->u->panel, "keys");
    text_draw_fit(tr(STR_HELP_TITLE), r.x + 24.f, r.y + 18.f, r.w * 0.55f - 24.f, 19.f, TEXT_BOLD, f->u->th.text);
    text_draw_fit(tr(STR_HELP_CLOSE), r.x + r.w * 0.6f, r.y + 22.f, r.w * 0.4f - 24.f, 13.f, TEXT_REGULAR,
                  f->u->th.muted);
    float col_w = (r.w - 48.f) / (float)cols, key_w = col_w * (cols == 2 ? 0.30f : 0.36f);
    Rect view = {r.x, r.y + 56.f, r.w, r.h - 64.f};
    int modal = f->u->modal;
    f->u->modal = 0; /* this overlay is what is modal: its own scrollbar works */
    float y0 = ui_scroll_begin(f->u, "entries", view, content, &o->help_scroll);
    for (int i = 0; i < N_HELP; i++) {
        float x = r.x + 24.f + col_w * (float)(i / rows), y = y0 + 4.f + row_h * (float)(i % rows);
        help_entry(f, help_keys[i], x, y, key_w, col_w);
    }
    if (o->about[0])
        text_draw_wrapped(o->about, r.x + 24.f, y0 + 12.f + row_h * (float)rows, r.w - 48.f, 12.f, TEXT_REGULAR,
                          f->u->th.muted);
    ui_scroll_end(f->u);
    if (f->u->clicked) { /* a click anywhere but the scrollbar closes the keys */
        f->u->clicked = 0;
        o->help = 0;
        f->u->dirty = 1;
    }
    f->u->modal = modal;
    ui_pop_id(f->u);
}

static void confirm_draw(OverlayPanel *o, const Frame *f) {
    char desc[64], buf[256];
    Rect r = centered(f, 620.f, 170.f);
    box(f, r);
    if (o->dialog == DIALOG_CONFIRM_RESTART) {
        vae_config_describe(&o->pending_cfg, desc, sizeof desc);
        snprintf(buf, sizeof buf, tr(STR_CONFIRM_RESTART), desc);
    } else if (o->dialog == DIALOG_CONFIRM_AUTOSAVE) {
        snprintf(buf, sizeof buf, tr(STR_CONFIRM_AUTOSAVE), o->autosave_epoch, o->autosave_when);
    } else {
        snprintf(buf, sizeof buf, tr(STR_CONFIRM_DATASET),
                 tr(o->pending_data == DATASET_FASHION ? STR_DATA_FASHION : STR_DATA_MNIST));
    }
    text_draw_wrapped(buf, r.x + 24.f, r.y + 24.f, r.w - 48.f, 16.f, TEXT_REGULAR, f->u->th.text);
    int resume = o->dialog == DIALOG_CONFIRM_AUTOSAVE;
    text_draw(tr(resume ? STR_AUTOSAVE_KEYS : STR_CONFIRM_KEYS), r.x + 24.f, r.y + r.h - 38.f, 13.f, TEXT_REGULAR,
              f->u->th.muted, ALIGN_LEFT);
    dialog_buttons(o, f, r, resume ? STR_BTN_RESUME : STR_BTN_APPLY);
}

static void prompt_draw(OverlayPanel *o, const Frame *f) {
    StrId title = o->dialog == DIALOG_PROMPT_SAVE   ? STR_PROMPT_SAVE
                  : o->dialog == DIALOG_PROMPT_OPEN ? STR_PROMPT_OPEN
                                                    : STR_PROMPT_FOLDER;
    Rect r = centered(f, 720.f, 180.f);
    box(f, r);
    text_draw(tr(title), r.x + 24.f, r.y + 22.f, 16.f, TEXT_BOLD, f->u->th.text, ALIGN_LEFT);
    Rect fr = {r.x + 24.f, r.y + 60.f, r.w - 48.f, 36.f};
    render_rect(fr, f->u->th.bg);
    render_rect_outline(fr, 1.f, f->u->th.accent);
    /* show the end of a long path, and a caret */
    const char *s = o->field;
    while (*s && text_width(s, 15.f, TEXT_REGULAR) > fr.w - 24.f) s++;
    float w = text_draw(s, fr.x + 10.f, fr.y + 8.f, 15.f, TEXT_REGULAR, f->u->th.text, ALIGN_LEFT);
    render_rect((Rect){fr.x + 12.f + w, fr.y + 7.f, 2.f, 22.f}, f->u->th.accent);
    text_draw(tr(STR_PROMPT_KEYS), r.x + 24.f, r.y + r.h - 38.f, 13.f, TEXT_REGULAR, f->u->th.muted, ALIGN_LEFT);
    dialog_buttons(o, f, r, STR_BTN_OK);
}

static void toast_draw(OverlayPanel *o, const Frame *f) {
    if (!o->toast[0] || f->now > o->toast_until) return;
    float w = text_width(o->toast, 14.f, TEXT_REGULAR) + 32.f;
    if (w > f->u->W - 40.f) w = f->u->W - 40.f;
    Rect r = {(f->u->W - w) * 0.5f, f->u->H - 58.f, w, 38.f};
    render_rect((Rect){r.x + 3.f, r.y + 3.f, r.w, r.h}, f->u->th.shadow);
    render_rect(r, o->toast_error ? f->u->th.error_bg : f->u->th.ok_bg);
    text_draw_fit(o->toast, r.x + 16.f, r.y + 10.f, r.w - 32.f, 14.f, TEXT_REGULAR, rgba(0xFFFFFF, 255));
}

void overlay_draw(OverlayPanel *o, const Frame *f) {
    toast_draw(o, f);
    if (o->dialog == DIALOG_CONFIRM_RESTART || o->dialog == DIALOG_CONFIRM_DATA || o->dialog == DIALOG_CONFIRM_AUTOSAVE)
        confirm_draw(o, f);
    else if (o->dialog != DIALOG_NONE)
        prompt_draw(o, f);
    else if (o->help)
        help_draw(o, f);
}

void overlay_cancel(OverlayPanel *o) {
    if (o->dialog == DIALOG_CONFIRM_AUTOSAVE) autosave_set_aside(); /* a fresh start, but the old model is kept */
    o->dialog = DIALOG_NONE;
    SDL_StopTextInput();
}

void overlay_confirm(OverlayPanel *o, const Frame *f) {
    Intent in;
    memset(&in, 0, sizeof in);
    in.kind = INTENT_WORKER;
    WorkerCmd *c = &in.cmd;
    switch (o->dialog) {
    case DIALOG_CONFIRM_RESTART:
        c->type = CMD_RESTART;
        c->cfg = o->pending_cfg;
        break;
    case DIALOG_CONFIRM_DATA:
        c->type = CMD_SET_DATA;
        c->i = o->pending_data;
        break;
    case DIALOG_PROMPT_SAVE:
        c->type = CMD_SAVE;
        break;
    case DIALOG_PROMPT_OPEN:
        c->type = CMD_OPEN;
        break;
    case DIALOG_PROMPT_FOLDER:
        c->type = CMD_SET_DATA;
        c->i = DATASET_FOLDER;
        break;
    case DIALOG_CONFIRM_AUTOSAVE:
        c->type = CMD_OPEN;
        autosave_path(o->field, sizeof o->field);
        break;
    default:
        return;
    }
    snprintf(c->path, sizeof c->path, "%s", o->field);
    ui_post(f->u, &in);
    o->dialog = DIALOG_NONE;
    SDL_StopTextInput();
}

void overlay_open(OverlayPanel *o, DialogKind kind, const WorkerCmd *what) {
    const char *home = getenv("HOME");
    o->dialog = kind;
    if (kind == DIALOG_CONFIRM_RESTART)
        o->pending_cfg = what->cfg;
    else if (kind == DIALOG_CONFIRM_DATA)
        o->pending_data = what->i;
    if (kind == DIALOG_PROMPT_FOLDER)
        snprintf(o->field, sizeof o->field, "%s/", home ? home : ".");
    else if (kind == DIALOG_PROMPT_SAVE || kind == DIALOG_PROMPT_OPEN)
        snprintf(o->field, sizeof o->field, "%s/vae-explorer-model.vaeckpt", home ? home : ".");
    if (dialog_is_prompt(kind)) SDL_StartTextInput();
}

void overlay_toast(OverlayPanel *o, int error, const char *text, double now) {
    snprintf(o->toast, sizeof o->toast, "%s", text);
    o->toast_error = error;
    o->toast_until = now + (error ? 10.0 : 5.0);
}

int overlay_modal(const OverlayPanel *o) { return o->dialog != DIALOG_NONE || o->help; }

void overlay_text(OverlayPanel *o, const char *s) {
    size_t n = strlen(o->field), m = strlen(s);
    if (n + m < sizeof o->field) {
        memcpy(o->field + n, s, m + 1);
    }
}

static void field_backspace(OverlayPanel *o) {
    size_t n = strlen(o->field);
    while (n > 0 && ((uint8_t)o->field[n - 1] & 0xC0) == 0x80) /* UTF-8 continuation bytes */
        n--;
    if (n > 0) n--;
    o->field[n] = 0;
}

int overlay_key(OverlayPanel *o, const Frame *f, int sym, int mod) {
    if (o->dialog == DIALOG_NONE) {
        if (o->help && (sym == SDLK_ESCAPE || sym == SDLK_F1)) {
            o->help = 0;
            return 1;
        }
        return 0;
    }
    int prompt = dialog_is_prompt(o->dialog);
    if (sym == SDLK_ESCAPE)
        overlay_cancel(o);
    else if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER)
        overlay_confirm(o, f);
    else if (prompt && sym == SDLK_BACKSPACE)
        field_backspace(o);
    else if (prompt && sym == SDLK_v && (mod & KMOD_CTRL) && SDL_HasClipboardText()) {
        char *clip = SDL_GetClipboardText();
        overlay_text(o, clip);
        SDL_free(clip);
    }
    return 1; /* a dialog swallows every key */
}
