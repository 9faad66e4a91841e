/* overlay.h - everything drawn above the panels: the keys overlay (? / F1, with the
 * version and the OpenBLAS kernel), the confirmations (restart, dataset, resume the
 * autosave), the path prompts with their text field, and the toast messages.
 *
 * Owns: OverlayPanel. While a dialog or the keys overlay is open the panels' widgets do
 * not react (the shell sets Ui.modal from overlay_modal()).
 * Must not: act on the worker except by the command intent a confirmation posts. */
#ifndef VAE_OVERLAY_H
#define VAE_OVERLAY_H

#include "panel.h"

typedef struct {
    DialogKind dialog;
    VaeConfig pending_cfg; /* DIALOG_CONFIRM_RESTART */
    int pending_data;      /* DIALOG_CONFIRM_DATA */
    int autosave_epoch;    /* DIALOG_CONFIRM_AUTOSAVE: what was found */
    char autosave_when[32];
    char field[1024]; /* the prompts' text */
    int help;         /* the keys overlay */
    float help_scroll;
    char about[256]; /* the version line under the keys (set by the shell) */
    char toast[MSG_LEN + 128];
    int toast_error;
    double toast_until;
} OverlayPanel;

void overlay_draw(OverlayPanel *o, const Frame *f);
int overlay_modal(const OverlayPanel *o);
void overlay_open(OverlayPanel *o, DialogKind kind, const WorkerCmd *what);
void overlay_toast(OverlayPanel *o, int error, const char *text, double now);
/* Keys while the overlay is up; returns 1 when taken (a dialog takes every key). */
int overlay_key(OverlayPanel *o, const Frame *f, int sym, int mod);
/* Typed or dropped text into the open prompt (only a prompt has a field). */
void overlay_text(OverlayPanel *o, const char *s);
void overlay_confirm(OverlayPanel *o, const Frame *f);
void overlay_cancel(OverlayPanel *o);

#endif
