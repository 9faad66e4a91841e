/* teach_lesson.c - the lesson file: a small "key = value" text file (config, seed,
 * dataset, panels, language, scale, a test image to select) that a teacher saves
 * (Ctrl+L) and reopens (--lesson FILE, or by dropping a .lesson file on the window),
 * and applying it to the window and the training worker.
 * Owns: the file format (documented in docs/teaching.md).
 * Must not: touch the teaching worker. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teach_panel.h"

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

static int parse_panels(const char *v)
{
    int mask = 0;
    for (; *v; v++)
        if (*v >= '1' && *v <= '0' + TEACH_TABS)
            mask |= 1 << (*v - '1');
    return mask;
}

static int lesson_set(Lesson *l, const char *k, const char *v)
{
    if (!strcmp(k, "data")) l->has_data = snprintf(l->data, sizeof l->data, "%s", v) > 0;
    else if (!strcmp(k, "latent")) l->has_latent = (l->latent = atoi(v)) > 0;
    else if (!strcmp(k, "hidden")) l->has_hidden = snprintf(l->hidden, sizeof l->hidden, "%s", v) > 0;
    else if (!strcmp(k, "beta")) { l->beta = (float)atof(v); l->has_beta = 1; }
    else if (!strcmp(k, "lr")) l->has_lr = (l->lr = (float)atof(v)) > 0.f;
    else if (!strcmp(k, "batch")) l->has_batch = (l->batch = atoi(v)) > 0;
    else if (!strcmp(k, "seed")) { l->seed = strtoull(v, NULL, 10); l->has_seed = 1; }
    else if (!strcmp(k, "panels")) l->panels = parse_panels(v);
    else if (!strcmp(k, "lang")) l->has_lang = snprintf(l->lang, sizeof l->lang, "%s", v) > 0;
    else if (!strcmp(k, "scale")) l->has_scale = (l->scale = (float)atof(v)) > 0.f;
    else if (!strcmp(k, "select")) l->has_select = (l->select = atoi(v)) >= 0;
    else return -1;
    return 0;
}

int lesson_read(const char *path, Lesson *l)
{
    FILE *f = fopen(path, "r");
    char line[1200];
    if (!f)
        return -1;
    memset(l, 0, sizeof *l);
    int bad = 0;
    while (fgets(line, sizeof line, f)) {
        char *s = trim(line), *eq = strchr(s, '=');
        if (!*s || *s == '#')
            continue;
        if (!eq) {
            bad = 1;
            continue;
        }
        *eq = 0;
        if (lesson_set(l, trim(s), trim(eq + 1)) != 0)
            bad = 1;
    }
    fclose(f);
    if (!l->panels)
        l->panels = (1 << TEACH_TABS) - 1;
    return bad ? -1 : 0;
}

int lesson_write(const char *path, const Lesson *l)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "# VAE Explorer lesson: key = value. Open with vae-explorer --lesson FILE.\n");
    fprintf(f, "data = %s\nlatent = %d\nhidden = %s\nbeta = %g\nlr = %g\nbatch = %d\nseed = %llu\n", l->data,
            l->latent, l->hidden, (double)l->beta, (double)l->lr, l->batch, (unsigned long long)l->seed);
    fprintf(f, "panels = ");
    for (int i = 0, first = 1; i < TEACH_TABS; i++)
        if (l->panels & (1 << i)) {
            fprintf(f, first ? "%d" : ",%d", i + 1);
            first = 0;
        }
    fprintf(f, "\nlang = %s\nscale = %g\n", l->lang, (double)l->scale);
    if (l->has_select)
        fprintf(f, "select = %d\n", l->select);
    return fclose(f) == 0 ? 0 : -1;
}

static void hidden_list(const VaeConfig *c, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < c->n_hidden && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, i ? ",%d" : "%d", c->hidden[i]);
    if (c->n_hidden == 0)
        snprintf(buf, len, "none");
}

void lesson_from_app(const App *a, Lesson *l)
{
    const Snapshot *s = a->snap;
    const TeachUi *t = a->teach;
    VaeConfig c = s->vae ? s->vae->cfg : vae_config_default();
    float scale = l->has_scale ? l->scale : 1.2f;
    memset(l, 0, sizeof *l);
    snprintf(l->data, sizeof l->data, "%s",
             s->dataset == DATASET_FASHION ? "fashion" : s->dataset == DATASET_FOLDER ? s->dataset_name : "mnist");
    l->latent = c.latent_dim;
    hidden_list(&c, l->hidden, sizeof l->hidden);
    l->beta = a->beta;
    l->lr = a->lr;
    l->batch = a->batch;
    l->seed = c.seed;
    l->panels = t->lesson ? t->panels : (1 << TEACH_TABS) - 1;
    snprintf(l->lang, sizeof l->lang, "%s", ui_lang_get() == LANG_KO ? "ko" : "en");
    l->scale = scale;
    l->has_scale = 1;
    l->has_select = a->sel.kind == SEL_PICKED;
    l->select = a->sel.index;
}

void lesson_apply_before_worker(App *a, const Lesson *l, const char **data_arg)
{
    if (l->has_data && data_arg)
        *data_arg = l->data;
    if (l->has_lang && ui_lang_parse(l->lang) >= 0)
        app_set_lang(a, (UiLang)ui_lang_parse(l->lang));
    a->teach->panels = l->panels ? l->panels : (1 << TEACH_TABS) - 1;
}

static void lesson_data(App *a, const Lesson *l)
{
    WorkerCmd cmd;
    memset(&cmd, 0, sizeof cmd);
    cmd.type = CMD_SET_DATA;
    cmd.i = !strcmp(l->data, "mnist") ? DATASET_MNIST : !strcmp(l->data, "fashion") ? DATASET_FASHION : DATASET_FOLDER;
    if (cmd.i == DATASET_FOLDER)
        snprintf(cmd.path, sizeof cmd.path, "%s", l->data);
    if (a->snap && cmd.i != DATASET_FOLDER && (int)a->snap->dataset == cmd.i)
        return;
    worker_send(a->worker, &cmd);
}

void lesson_apply_to_worker(App *a, const Lesson *l)
{
    if (l->has_data && a->snap && a->snap->state != WORKER_LOADING)
        lesson_data(a, l);
    VaeConfig c = a->snap && a->snap->vae ? a->snap->vae->cfg : vae_config_default();
    if (l->has_latent)
        c.latent_dim = l->latent;
    if (l->has_hidden)
        vae_config_parse_hidden(&c, l->hidden);
    if (l->has_seed)
        c.seed = l->seed;
    if (l->has_beta)
        c.beta = l->beta;
    a->teach->panels = l->panels ? l->panels : (1 << TEACH_TABS) - 1;
    if (vae_config_check(&c) == VAE_OK) {
        WorkerCmd cmd = {.type = CMD_RESTART, .cfg = c};
        worker_send(a->worker, &cmd);
    }
    if (l->has_beta)
        worker_send_simple(a->worker, CMD_SET_BETA, a->beta = l->beta, 0);
    if (l->has_lr)
        worker_send_simple(a->worker, CMD_SET_LR, a->lr = l->lr, 0);
    if (l->has_batch)
        worker_send_simple(a->worker, CMD_SET_BATCH, 0.f, a->batch = l->batch);
    if (l->has_lang && ui_lang_parse(l->lang) >= 0 && (UiLang)ui_lang_parse(l->lang) != ui_lang_get())
        app_set_lang(a, (UiLang)ui_lang_parse(l->lang));
}
