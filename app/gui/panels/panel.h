/* panel.h - what every panel is given for a frame, and the selection type panels share.
 *
 * Owns: Frame (the widget context, the newest snapshot, the selected image and the latent
 * view, all read-only except the Ui that widgets and intents go into) and Selection.
 * A panel owns its own state struct (its header), reads a Frame, and reports back by
 * return value or by posting an intent into f->u; it never calls another panel or the
 * shell (app/gui/). */
#ifndef VAE_PANEL_H
#define VAE_PANEL_H

#include <stdint.h>

#include "latent_view.h"
#include "render.h"
#include "strings.h"
#include "text.h"
#include "ui.h"
#include "vae.h"
#include "worker.h"

#define DIGIT 28
#define DIGIT_PIXELS (DIGIT * DIGIT)

typedef enum { SEL_NONE = 0, SEL_DROPPED, SEL_PICKED } SelKind;

/* The selected image: a dropped file or a picked test digit, and its q(z|x). */
typedef struct {
    SelKind kind;
    char name[256];
    int index, label; /* for a picked test image */
    float x[DIGIT_PIXELS];
    float mu[VAE_MAX_LATENT], logvar[VAE_MAX_LATENT];
    uint8_t recon[DIGIT_PIXELS];
    unsigned orig_tex, input_tex, recon_tex;
    int orig_w, orig_h;
    char error[MSG_LEN]; /* the last failed drop */
} Selection;

/* The dialogs the overlay panel shows (INTENT_DIALOG's i). */
typedef enum {
    DIALOG_NONE = 0,
    DIALOG_CONFIRM_RESTART,
    DIALOG_CONFIRM_DATA,
    DIALOG_CONFIRM_AUTOSAVE,
    DIALOG_PROMPT_SAVE, /* the prompts: a text field */
    DIALOG_PROMPT_OPEN,
    DIALOG_PROMPT_FOLDER,
} DialogKind;

static inline int dialog_is_prompt(DialogKind k) {
    return k == DIALOG_PROMPT_SAVE || k == DIALOG_PROMPT_OPEN || k == DIALOG_PROMPT_FOLDER;
}

typedef struct {
    Ui *u;
    const Snapshot *snap;
    const Selection *sel;
    const LatentView *view;
    double now;     /* seconds, monotonic */
    float ui_scale; /* the interface scale the user chose */
} Frame;

static inline int frame_latent_dim(const Frame *f) {
    return f->snap && f->snap->vae ? f->snap->vae->cfg.latent_dim : 2;
}

#endif
