/* teach_lesson.c - a lesson and the window: the lesson the window's state makes (for
 * Ctrl+L) and a lesson applied to it (--lesson FILE, or a dropped .lesson file) by
 * posting intents: worker commands for the data, the model and the training settings,
 * and the language. The file itself is app/core/lesson.c.
 * Owns: which of the window's settings a lesson holds.
 * Must not: touch the worker, the teaching thread or the shell directly, or call the
 * other teach_*.c files. */
#include <stdio.h>
#include <string.h>

#include "teach_panel.h"

void lesson_capture(Lesson *l, const TeachPanel *t, const Frame *f) {
    const Snapshot *s = f->snap;
    VaeConfig c = s->vae ? s->vae->cfg : vae_config_default();
    /* in lesson mode the scale in use is the lesson's (the teacher may have changed it
     * with + and -); otherwise the lesson keeps the one it had */
    float scale = t->lesson && f->ui_scale > 0.f ? f->ui_scale : l->has_scale ? l->scale : 1.2f;
    memset(l, 0, sizeof *l);
    snprintf(l->data, sizeof l->data, "%s",
             s->dataset == DATASET_FASHION  ? "fashion"
             : s->dataset == DATASET_FOLDER ? s->dataset_name
                                            : "mnist");
    l->latent = c.latent_dim;
    lesson_hidden_list(&c, l->hidden, sizeof l->hidden);
    l->beta = s->beta;
    l->lr = s->lr;
    l->batch = s->batch;
    l->seed = c.seed;
    l->panels = t->lesson ? t->panels : LESSON_ALL_PANELS;
    snprintf(l->lang, sizeof l->lang, "%s", ui_lang_get() == LANG_KO ? "ko" : "en");
    l->scale = scale;
    l->has_scale = 1;
    l->has_select = f->sel->kind == SEL_PICKED;
    l->select = f->sel->index;
}

static void post_data(Ui *u, const Snapshot *s, const Lesson *l) {
    Intent in;
    memset(&in, 0, sizeof in);
    in.kind = INTENT_WORKER;
    in.cmd.type = CMD_SET_DATA;
    in.cmd.i = !strcmp(l->data, "mnist")     ? DATASET_MNIST
               : !strcmp(l->data, "fashion") ? DATASET_FASHION
                                             : DATASET_FOLDER;
    if (in.cmd.i == DATASET_FOLDER) snprintf(in.cmd.path, sizeof in.cmd.path, "%s", l->data);
    if (in.cmd.i != DATASET_FOLDER && (int)s->dataset == in.cmd.i) return;
    ui_post(u, &in);
}

void lesson_apply(TeachPanel *t, Ui *u, const Snapshot *s, const Lesson *l) {
    /* while the worker still loads, the data came from the lesson already (teach_create) */
    if (l->has_data && s && s->state != WORKER_LOADING) post_data(u, s, l);
    VaeConfig c = lesson_config(l, s && s->vae ? s->vae->cfg : vae_config_default());
    t->panels = l->panels ? l->panels : LESSON_ALL_PANELS;
    if (vae_config_check(&c) == VAE_OK) {
        Intent in;
        memset(&in, 0, sizeof in);
        in.kind = INTENT_WORKER;
        in.cmd.type = CMD_RESTART;
        in.cmd.cfg = c;
        ui_post(u, &in);
    }
    if (l->has_beta) ui_worker(u, CMD_SET_BETA, l->beta, 0);
    if (l->has_lr) ui_worker(u, CMD_SET_LR, l->lr, 0);
    if (l->has_batch) ui_worker(u, CMD_SET_BATCH, 0.f, l->batch);
    int lang = l->has_lang ? ui_lang_parse(l->lang) : -1;
    if (lang >= 0 && (UiLang)lang != ui_lang_get()) ui_post_simple(u, INTENT_LANG, lang, 0.f);
}
