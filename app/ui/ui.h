/* ui.h - immediate-mode widgets (microui / Dear ImGui style) and the intents panels post.
 *
 * Owns: the Ui context a frame is built with: the pointer input the shell gathered, the
 * widget ids (FNV-1a hashes of names over a push/pop id stack, as microui's mu_get_id
 * and ImGui's PushID), the clip and scroll regions, the theme and the interface scale,
 * the queue of intents (what a panel wants the shell to do after the frame: a toast, a
 * screenshot, a scale or language change, a worker command, ...) and the record of
 * every panel and widget rectangle drawn this frame (for --write-layout).
 * Must not: call the shell or any panel, or keep a panel's own state. */
#ifndef VAE_UI_H
#define VAE_UI_H

#include <stdint.h>

#include "render.h"
#include "strings.h"
#include "theme.h"
#include "worker.h"

typedef uint32_t UiId;

typedef enum {
    INTENT_TOAST,      /* i: error flag, text */
    INTENT_SHOT,       /* text: path, or empty for the default name */
    INTENT_SCALE,      /* f: a factor on the current scale; 0 resets it to 1 */
    INTENT_LANG,       /* i: UiLang, or -1 for the other language */
    INTENT_THEME,      /* toggle dark / light */
    INTENT_WORKER,     /* cmd */
    INTENT_DIALOG,     /* i: DialogKind; cmd.cfg / cmd.i: what a confirmation applies */
    INTENT_PICK,       /* i: index of a test digit to select */
    INTENT_HELP,       /* toggle the keys overlay */
    INTENT_MANIFOLD,   /* toggle the manifold under the map */
    INTENT_PLOT_LOG,   /* toggle the plot's log scale */
    INTENT_TEACH,      /* toggle teach mode */
    INTENT_LESSON,     /* i: lesson mode on/off */
    INTENT_FULLSCREEN, /* toggle */
    INTENT_QUIT,
    INTENT_SHOW_PAGE, /* i: the compact layout's page */
    INTENT_NEXT_PAGE, /* the compact layout's next page (F6) */
} IntentKind;

typedef struct {
    IntentKind kind;
    int i;
    float f;
    char text[MSG_LEN + 128];
    WorkerCmd cmd;
} Intent;

#define UI_MAX_INTENTS 32
#define UI_MAX_RECORDS 256
#define UI_ID_DEPTH 16
#define UI_CLIP_DEPTH 8

typedef struct {
    int widget; /* 0: a panel line, 1: a widget line */
    char panel[24], name[40];
    Rect r;       /* logical units */
    int scrolled; /* outside its panel's visible part, reachable by scrolling */
} UiRecord;

typedef struct Ui {
    /* input of this frame, filled by the shell (logical units) */
    float mx, my;
    int mouse_down, clicked;
    float click_x, click_y;
    float wheel; /* wheel steps not yet taken by a scroll region */
    int modal;   /* a dialog or the keys overlay is open: panel widgets do not react */
    int dirty;   /* a panel changed something: the shell draws another frame */
    /* ids */
    UiId active; /* the widget holding the pointer (a dragged slider or scrollbar) */
    UiId id_stack[UI_ID_DEPTH];
    int id_depth;
    /* look */
    Theme th;
    int dark;
    float s, W, H; /* pixels per unit; window size in units */
    /* clip: widgets take clicks only inside the innermost region */
    Rect clip_stack[UI_CLIP_DEPTH];
    int clip_depth;
    char panel[24]; /* the panel being built (for the record) */
    /* intents for the shell */
    Intent intents[UI_MAX_INTENTS];
    int n_intents, dropped_intents;
    /* layout record */
    UiRecord rec[UI_MAX_RECORDS];
    int n_rec;
} Ui;

/* The frame's start and end: clears the record, the clip and id stacks; the end drops
 * an unused click and wheel. */
void ui_begin_frame(Ui *u);
void ui_end_frame(Ui *u);

/* Ids: a hash of the name over the id stack (the panel, a row, a loop index). */
UiId ui_id(const Ui *u, const char *name);
void ui_push_id(Ui *u, const char *name);
void ui_pop_id(Ui *u);

/* Intents: queued for the shell; a full queue drops the intent and counts it (the shell
 * reports that). */
void ui_post(Ui *u, const Intent *in);
void ui_post_simple(Ui *u, IntentKind kind, int i, float f);
void ui_toast(Ui *u, int error, const char *fmt, ...);
void ui_worker(Ui *u, CmdType type, float f, int i);

/* A panel: its background and title; pushes its name as id and clip; ui_panel_end pops. */
void ui_panel(Ui *u, const char *name, Rect r, const char *title);
void ui_panel_end(Ui *u);
/* The shorter form of a title when the full one does not fit in max_w at 15 units. */
const char *ui_fit_title(const char *title, const char *short_title, float max_w);
/* A region of a panel whose content (content_h units tall) may be taller than view: the
 * wheel over it and its scrollbar move *scroll; returns the y offset to draw content at
 * (view.y - *scroll). Clips to view until ui_scroll_end. */
float ui_scroll_begin(Ui *u, const char *name, Rect view, float content_h, float *scroll);
void ui_scroll_end(Ui *u);
/* A clip region inside the current one: widgets take clicks only inside it. */
void ui_clip_begin(Ui *u, Rect r);
void ui_clip_end(Ui *u);

/* Widgets return what happened. A button acts on press (a press and a release in one
 * frame still count); a slider reports a change while dragged. */
int ui_button(Ui *u, const char *name, Rect r, const char *label, int on);
int ui_slider(Ui *u, const char *name, Rect r, float *t01);
void ui_tooltip(Ui *u, float x, float y, const char *s);
/* Records a widget drawn by a panel itself (a map, a plot's hover area). */
void ui_record_widget(Ui *u, const char *name, Rect r);
/* The height of wrapped text, without drawing it. */
float ui_text_height(const char *s, float max_w, float size, int bold);
/* Whether a click at (x, y) lands on a widget region: inside the innermost clip. */
int ui_in_clip(const Ui *u, float x, float y);

#endif
