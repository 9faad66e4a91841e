/* worker.c - the training thread (see worker.h).
 *
 * Owns: everything in Train (datasets, model, trainer, curves, scatter), touched only
 * by the worker thread; the queue and the three snapshot buffers, shared with the UI
 * under Worker.mu. Expensive views (test encodings, test ELBO) run here on a schedule:
 * the scatter every couple of seconds of training and at pauses, the test ELBO at the
 * end of each epoch.
 * Must not: call SDL video or GL, or hold the mutex while computing. */
#include "autosave.h"
#include "worker.h"

#include <SDL.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "datadir.h"
#include "eval.h"
#include "session.h"
#include "strings.h" /* message ids only; the UI translates */
#include "train.h"

enum { QUEUE_CAP = 64, SCATTER_BATCH = 500 };
#define PUBLISH_EVERY 0.15 /* seconds */
#define SCATTER_EVERY 2.0  /* seconds of training */

typedef struct {
    VaeDataset train, test;
    int have_data;
    DatasetKind kind;
    char data_name[64];
    Vae *vae;
    const VaeModel *pub; /* the newest published parameter copy, shared by the snapshots */
    long pub_id, pub_step;
    float pub_beta;
    VaeTrainer tr;
    int have_trainer;
    int running;
    long model_id;
    History hist;
    double acc[3];
    int acc_n;
    double ema[3];
    long ema_n;
    EpochPoint epochs[EPOCH_CAP];
    int n_epochs;
    float *scatter;
    int scatter_n, scatter_z;
    long scatter_step;
    TestSubset *subset;
    double last_publish, last_scatter, scatter_cost, rate_t0, samples_per_s;
    long rate_samples;
    int msg_seq, msg_error, msg_id;
    char msg[MSG_LEN];
    WorkerState state;
    char status[MSG_LEN];
    int scatter_want;
    int shards; /* data-parallel shards of each training step (step_shards) */
} Train;

struct Worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    WorkerCmd queue[QUEUE_CAP];
    int q_head, q_count, quit;
    Snapshot bufs[3];
    Snapshot *back, *mid;
    int mid_fresh;
    long version;
    WorkerOptions opt;
    char data_arg[1024], model_path[1024];
    Train t;          /* worker thread only */
    VaeWork *ui_work; /* the window thread's, handed out in every snapshot */
};

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------- data search */

int worker_find_data(const char *arg, char *out, size_t len) {
    if (datadir_resolve(arg ? arg : "mnist", out, len) == 0) return 0;
    snprintf(out, len, "%s", vae_last_error());
    return -1;
}

/* ---------------------------------------------------------------- messages, publish */

/* Messages travel as a string id and one argument; the UI translates them, so the
 * worker never reads the language (which the UI thread may change). */
static void set_msg(Train *t, int error, int id, const char *arg) {
    size_t n = arg ? strlen(arg) : 0;
    n = n < sizeof t->msg - 1 ? n : sizeof t->msg - 1;
    memcpy(t->msg, arg ? arg : "", n);
    t->msg[n] = 0;
    t->msg_id = id;
    t->msg_error = error;
    t->msg_seq++;
}

/* One counted copy of the parameters per change (a step, beta, another model), shared
 * by every snapshot that shows it, the window and the teaching thread, each reading it
 * with its own workspace; the last of them to let it go frees it. */
static void fill_model(Snapshot *s, Train *t) {
    long step = t->have_trainer ? t->tr.step : -1;
    if (t->pub &&
        (!t->vae || t->pub_id != t->model_id || t->pub_step != step || t->pub_beta != t->vae->model.cfg.beta)) {
        vae_model_release(t->pub);
        t->pub = NULL;
    }
    VaeModel *copy = NULL;
    if (t->vae && !t->pub && vae_model_clone(&t->vae->model, &copy) == VAE_OK) {
        t->pub = copy;
        t->pub_id = t->model_id;
        t->pub_step = step;
        t->pub_beta = t->vae->model.cfg.beta;
    }
    if (s->vae != t->pub) {
        vae_model_release(s->vae);
        s->vae = t->pub ? vae_model_retain(t->pub) : NULL;
    }
}

static void fill_scatter(Snapshot *s, const Train *t) {
    int need = t->scatter_n * t->scatter_z;
    if (need > s->scatter_cap) {
        float *p = realloc(s->scatter, sizeof(float) * (size_t)need);
        if (!p)
            need = 0;
        else {
            s->scatter = p;
            s->scatter_cap = need;
        }
    }
    if (need > 0) memcpy(s->scatter, t->scatter, sizeof(float) * (size_t)need);
    s->scatter_n = need > 0 ? t->scatter_n : 0;
    s->scatter_z = t->scatter_z;
    s->scatter_step = t->scatter_step;
    if (s->subset != t->subset) {
        subset_release(s->subset);
        s->subset = t->subset;
        subset_retain(s->subset);
    }
}

static void fill_progress(Snapshot *s, const Train *t) {
    const VaeTrainer *tr = &t->tr;
    s->step = t->have_trainer ? tr->step : 0;
    s->epoch = t->have_trainer ? tr->epoch : 0;
    s->steps_per_epoch = t->have_trainer ? tr->steps_per_epoch : 0;
    s->train_count = t->train.count;
    s->epoch_progress = t->have_trainer && t->train.count ? (float)tr->pos / (float)t->train.count : 0.f;
    s->samples_per_s = t->running ? t->samples_per_s : 0.0;
    s->lr = t->have_trainer ? tr->opt.lr : 0.f;
    s->batch = t->have_trainer ? tr->opt.batch : 0;
    s->beta = t->vae ? t->vae->model.cfg.beta : 1.f;
    s->nan_skips = t->have_trainer ? tr->nan_skips : 0;
}

static void fill_snapshot(Snapshot *s, Train *t) {
    s->state = t->state;
    memcpy(s->status, t->status, sizeof s->status);
    s->model_id = t->model_id;
    s->dataset = t->kind;
    memcpy(s->dataset_name, t->data_name, sizeof s->dataset_name);
    fill_model(s, t);
    fill_progress(s, t);
    s->hist = t->hist;
    memcpy(s->epochs, t->epochs, sizeof(EpochPoint) * (size_t)t->n_epochs);
    s->n_epochs = t->n_epochs;
    fill_scatter(s, t);
    s->msg_seq = t->msg_seq;
    s->msg_error = t->msg_error;
    s->msg_id = t->msg_id;
    memcpy(s->msg, t->msg, sizeof s->msg);
}

static void publish(Worker *w) {
    Train *t = &w->t;
    if (t->state == WORKER_RUNNING || t->state == WORKER_PAUSED) t->state = t->running ? WORKER_RUNNING : WORKER_PAUSED;
    fill_snapshot(w->back, t);
    pthread_mutex_lock(&w->mu);
    Snapshot *tmp = w->mid;
    w->mid = w->back;
    w->back = tmp;
    w->mid->version = ++w->version;
    int was_fresh = w->mid_fresh;
    w->mid_fresh = 1;
    pthread_mutex_unlock(&w->mu);
    t->last_publish = now_s();
    if (!was_fresh && w->opt.wake_event) {
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = w->opt.wake_event;
        SDL_PushEvent(&ev);
    }
}

int worker_take(Worker *w, Snapshot **snap) {
    int got = 0;
    pthread_mutex_lock(&w->mu);
    if (w->mid_fresh) {
        Snapshot *tmp = w->mid;
        w->mid = *snap;
        *snap = tmp;
        w->mid_fresh = 0;
        got = 1;
    }
    pthread_mutex_unlock(&w->mu);
    return got;
}

/* ---------------------------------------------------------------- curves */

static void hist_reset(Train *t) {
    memset(&t->hist, 0, sizeof t->hist);
    t->hist.stride = 1;
    t->acc_n = 0;
    t->ema_n = 0;
    memset(t->acc, 0, sizeof t->acc);
    memset(t->ema, 0, sizeof t->ema);
    t->n_epochs = 0;
}

static void hist_halve(History *h) {
    for (int i = 0; i < h->count / 2; i++) {
        h->step[i] = h->step[2 * i + 1];
        h->recon[i] = 0.5f * (h->recon[2 * i] + h->recon[2 * i + 1]);
        h->kl[i] = 0.5f * (h->kl[2 * i] + h->kl[2 * i + 1]);
        h->elbo[i] = 0.5f * (h->elbo[2 * i] + h->elbo[2 * i + 1]);
    }
    h->count /= 2;
    h->stride *= 2;
}

static void hist_add(Train *t, const VaeLoss *loss, long step) {
    const double a = 0.05, v[3] = {loss->recon, loss->kl, loss->elbo};
    t->ema_n++;
    double corr = 1.0 - pow(1.0 - a, (double)t->ema_n);
    for (int k = 0; k < 3; k++) {
        t->ema[k] += a * (v[k] - t->ema[k]);
        t->acc[k] += t->ema[k] / corr;
    }
    if (++t->acc_n < t->hist.stride) return;
    History *h = &t->hist;
    if (h->count == HIST_CAP) hist_halve(h);
    h->step[h->count] = (float)step;
    h->recon[h->count] = (float)(t->acc[0] / t->acc_n);
    h->kl[h->count] = (float)(t->acc[1] / t->acc_n);
    h->elbo[h->count] = (float)(t->acc[2] / t->acc_n);
    h->count++;
    t->acc_n = 0;
    memset(t->acc, 0, sizeof t->acc);
}

/* ---------------------------------------------------------------- views */

static void compute_scatter(Worker *w) {
    Train *t = &w->t;
    if (!t->vae || !t->subset) return;
    int n = t->subset->count, z = t->vae->model.cfg.latent_dim, dim = t->test.dim;
    double t0 = now_s();
    float *mu = realloc(t->scatter, sizeof(float) * (size_t)n * (size_t)z);
    float *x = malloc(sizeof(float) * SCATTER_BATCH * (size_t)dim);
    float *lv = malloc(sizeof(float) * SCATTER_BATCH * (size_t)z);
    int idx[SCATTER_BATCH];
    if (mu) t->scatter = mu;
    for (int i0 = 0; mu && x && lv && i0 < n; i0 += SCATTER_BATCH) {
        int b = n - i0 < SCATTER_BATCH ? n - i0 : SCATTER_BATCH;
        for (int i = 0; i < b; i++) idx[i] = i0 + i;
        data_fill_batch(&t->test, idx, b, VAE_BINARIZE_NONE, NULL, x);
        if (vae_encode(&t->vae->model, t->vae->work, x, b, mu + (size_t)i0 * (size_t)z, lv) != VAE_OK) break;
    }
    t->scatter_n = mu && x && lv ? n : 0;
    t->scatter_z = z;
    t->scatter_step = t->have_trainer ? t->tr.step : 0;
    t->last_scatter = now_s();
    t->scatter_cost = t->last_scatter - t0;
    t->scatter_want = 0;
    free(x);
    free(lv);
}

static void eval_epoch(Train *t) {
    VaeLoss l;
    if (t->n_epochs >= EPOCH_CAP ||
        eval_elbo(&t->vae->model, t->vae->work, &t->test, VAE_BINARIZE_NONE, 0, 7, &l) != VAE_OK)
        return;
    t->epochs[t->n_epochs++] = (EpochPoint){t->tr.epoch, t->tr.step, (float)l.recon, (float)l.kl, (float)l.elbo};
}

/* ---------------------------------------------------------------- model lifetime */

static void model_free(Train *t) {
    if (t->have_trainer) trainer_free(&t->tr);
    t->have_trainer = 0;
    vae_free(t->vae);
    t->vae = NULL;
}

/* The training step's data-parallel shards: the cores the UI leaves free. On more than
 * two cores the UI (and the teaching views, below it) keeps one and the step gets the rest;
 * on two or fewer it runs on one thread and the UI keeps the other. VAE_WORKER_THREADS=N
 * (1..VAE_MAX_STEP_THREADS) sets it, for measurement. */
static int step_shards(void) {
    const char *e = getenv("VAE_WORKER_THREADS");
    if (e && *e) {
        char *end;
        long n = strtol(e, &end, 10);
        if (*end == '\0' && n >= 1 && n <= VAE_MAX_STEP_THREADS) return (int)n;
        fprintf(stderr, "vae-explorer: VAE_WORKER_THREADS=%s is not a number from 1 to %d; ignored\n", e,
                VAE_MAX_STEP_THREADS);
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores <= 2) return 1;
    return cores - 1 < VAE_MAX_STEP_THREADS ? (int)(cores - 1) : VAE_MAX_STEP_THREADS;
}

/* Takes ownership of vae; builds a trainer on the current data. */
static int model_adopt(Train *t, Vae *vae, const VaeTrainOptions *opt) {
    model_free(t);
    if (t->shards > 1 && vae_set_step_threads(vae, t->shards) != VAE_OK)
        fprintf(stderr, "vae-explorer: training on one thread: %s\n", vae_last_error());
    t->vae = vae;
    t->model_id++;
    hist_reset(t);
    t->scatter_n = 0;
    t->scatter_want = 1;
    if (!t->have_data) return 0;
    if (trainer_create(&t->tr, vae, &t->train, opt) != VAE_OK) {
        set_msg(t, 1, STR_MSG_DATA_FAILED, vae_last_error());
        return -1;
    }
    t->have_trainer = 1;
    return 0;
}

static int model_new(Train *t, const VaeConfig *cfg, const VaeTrainOptions *opt) {
    Vae *vae = NULL;
    if (vae_config_check(cfg) != VAE_OK || vae_create(cfg, &vae) != VAE_OK) {
        set_msg(t, 1, STR_MSG_OPEN_FAILED, vae_last_error());
        return -1;
    }
    return model_adopt(t, vae, opt);
}

static VaeTrainOptions current_opts(const Train *t) { return t->have_trainer ? t->tr.opt : trainer_options_default(); }

static void model_reset(Train *t) {
    VaeConfig cfg = t->vae ? t->vae->model.cfg : vae_config_default();
    VaeTrainOptions opt = current_opts(t);
    model_new(t, &cfg, &opt);
}

static int model_open(Train *t, const char *path) {
    Vae *vae = NULL;
    VaeTrainState st;
    VaeTrainOptions opt = current_opts(t);
    if (session_load(path, &vae, &st, &opt) != VAE_OK) {
        set_msg(t, 1, STR_MSG_OPEN_FAILED, vae_last_error());
        return -1;
    }
    if (t->have_data && vae->model.cfg.input_dim != t->train.dim) {
        vae_free(vae);
        set_msg(t, 1, STR_MSG_OPEN_FAILED, "the model's input size does not match the data");
        return -1;
    }
    if (model_adopt(t, vae, &opt) != 0) return -1;
    if (t->have_trainer) session_resume(&t->tr, &st);
    set_msg(t, 0, STR_MSG_OPENED, path);
    return 0;
}

/* At every epoch end, quietly; only a failure is reported. */
static void model_autosave(Train *t) {
    char path[1024];
    if (autosave_path(path, sizeof path) != 0) return;
    if (session_save(path, t->vae, &t->tr) != VAE_OK) set_msg(t, 1, STR_MSG_AUTOSAVE_FAILED, vae_last_error());
}

static void model_save(Train *t, const char *path) {
    if (!t->vae) {
        set_msg(t, 1, STR_MSG_SAVE_FAILED, "no model yet");
        return;
    }
    if (session_save(path, t->vae, t->have_trainer ? &t->tr : NULL) != VAE_OK)
        set_msg(t, 1, STR_MSG_SAVE_FAILED, vae_last_error());
    else
        set_msg(t, 0, STR_MSG_SAVED, path);
}

/* ---------------------------------------------------------------- data */

static const char *kind_name(DatasetKind k) {
    return k == DATASET_FASHION ? "Fashion-MNIST" : k == DATASET_FOLDER ? "folder" : "MNIST";
}

static int data_load(Worker *w, DatasetKind kind, const char *arg) {
    Train *t = &w->t;
    char dir[1200];
    VaeDataset tr_ds, te_ds;
    if (worker_find_data(arg, dir, sizeof dir) != 0) {
        set_msg(t, 1, STR_MSG_DATA_FAILED, dir);
        return -1;
    }
    if (data_load_dir(dir, 1, &tr_ds) != VAE_OK) {
        set_msg(t, 1, STR_MSG_DATA_FAILED, vae_last_error());
        return -1;
    }
    if (data_load_dir(dir, 0, &te_ds) != VAE_OK) {
        data_free(&tr_ds);
        set_msg(t, 1, STR_MSG_DATA_FAILED, vae_last_error());
        return -1;
    }
    TestSubset *sub = subset_make(&te_ds, w->opt.scatter_n);
    if (t->have_data) {
        data_free(&t->train);
        data_free(&t->test);
    }
    t->train = tr_ds;
    t->test = te_ds;
    t->have_data = 1;
    t->kind = kind;
    snprintf(t->data_name, sizeof t->data_name, "%s", kind_name(kind));
    subset_release(t->subset);
    t->subset = sub;
    return 0;
}

static void startup(Worker *w) {
    Train *t = &w->t;
    const char *arg = w->opt.data_arg;
    DatasetKind kind = !arg || strcmp(arg, "mnist") == 0 ? DATASET_MNIST
                       : strcmp(arg, "fashion") == 0     ? DATASET_FASHION
                                                         : DATASET_FOLDER;
    t->state = WORKER_LOADING;
    snprintf(t->status, sizeof t->status, "%s", kind_name(kind));
    publish(w);
    if (data_load(w, kind, arg) != 0) {
        t->state = WORKER_ERROR;
        snprintf(t->status, sizeof t->status, "%s", t->msg); /* the folders searched */
    } else {
        t->state = WORKER_PAUSED;
    }
    VaeConfig cfg = vae_config_default();
    VaeTrainOptions opt = trainer_options_default();
    if (!w->opt.model_path || model_open(t, w->opt.model_path) != 0) model_new(t, &cfg, &opt);
    t->running = !w->opt.paused && t->have_trainer;
    if (t->vae && t->have_data) compute_scatter(w);
    publish(w);
}

/* ---------------------------------------------------------------- commands */

static void train_one(Worker *w) {
    Train *t = &w->t;
    VaeLoss loss;
    int epoch_done = 0;
    if (!t->have_trainer) return;
    int skips = t->tr.nan_skips;
    VaeStatus st = trainer_step(&t->tr, &loss, &epoch_done);
    if (st == VAE_OK)
        hist_add(t, &loss, t->tr.step);
    else if (st == VAE_ERR_NUMERIC && t->tr.nan_skips > skips && t->tr.nan_streak == 1) {
        char n[32];
        snprintf(n, sizeof n, "%d", t->tr.nan_skips);
        set_msg(t, 1, STR_MSG_NAN, n);
    } else if (st != VAE_ERR_NUMERIC) {
        t->running = 0;
        set_msg(t, 1, -1, vae_last_error());
    }
    t->rate_samples += t->tr.opt.batch;
    if (epoch_done) {
        model_autosave(t);
        eval_epoch(t);
        t->scatter_want = 1;
    }
}

static void set_data(Worker *w, const WorkerCmd *c) {
    Train *t = &w->t;
    const char *arg = c->i == DATASET_FASHION ? "fashion" : c->i == DATASET_FOLDER ? c->path : "mnist";
    int was_running = t->running;
    if (data_load(w, (DatasetKind)c->i, arg) != 0) return;
    t->state = WORKER_PAUSED;
    model_reset(t);
    t->running = was_running || !t->have_trainer ? t->have_trainer : 0;
    set_msg(t, 0, STR_MSG_RESTARTED, t->data_name);
}

static void handle_train_cmd(Worker *w, const WorkerCmd *c) {
    Train *t = &w->t;
    switch (c->type) {
    case CMD_PLAY:
        t->running = t->have_trainer;
        break;
    case CMD_PAUSE:
        t->running = 0;
        t->scatter_want = 1;
        break;
    case CMD_TOGGLE:
        t->running = !t->running && t->have_trainer;
        t->scatter_want = 1;
        break;
    case CMD_STEP:
        t->running = 0;
        train_one(w);
        t->scatter_want = 1;
        break;
    case CMD_RESET:
        model_reset(t);
        set_msg(t, 0, STR_MSG_RESET, NULL);
        break;
    case CMD_SET_LR:
        if (t->have_trainer) t->tr.opt.lr = c->f;
        break;
    case CMD_SET_BETA:
        if (t->vae) t->vae->model.cfg.beta = c->f;
        break;
    case CMD_SET_BATCH:
        if (t->have_trainer) trainer_set_batch(&t->tr, c->i);
        break;
    default:
        break;
    }
}

static void handle_cmd(Worker *w, const WorkerCmd *c) {
    Train *t = &w->t;
    char desc[64];
    switch (c->type) {
    case CMD_RESTART: {
        VaeTrainOptions opt = current_opts(t);
        VaeConfig cfg = c->cfg;
        if (model_new(t, &cfg, &opt) == 0) {
            vae_config_describe(&cfg, desc, sizeof desc);
            set_msg(t, 0, STR_MSG_RESTARTED, desc);
        }
        break;
    }
    case CMD_SET_DATA:
        set_data(w, c);
        break;
    case CMD_SAVE:
        model_save(t, c->path);
        break;
    case CMD_OPEN:
        model_open(t, c->path);
        break;
    case CMD_QUIT:
        break;
    default:
        handle_train_cmd(w, c);
        break;
    }
    if (t->state == WORKER_ERROR && t->have_trainer) {
        t->state = WORKER_PAUSED;
        t->status[0] = 0;
    }
}

/* A setting dragged on a slider arrives many times a frame: a queued command of the
 * same kind takes the newest value instead of a second place in the queue. */
static int coalesces(CmdType t) { return t == CMD_SET_LR || t == CMD_SET_BETA || t == CMD_SET_BATCH; }

int worker_send(Worker *w, const WorkerCmd *cmd) {
    int rc = 0;
    pthread_mutex_lock(&w->mu);
    int slot = -1;
    for (int k = 0; coalesces(cmd->type) && k < w->q_count; k++)
        if (w->queue[(w->q_head + k) % QUEUE_CAP].type == cmd->type) slot = (w->q_head + k) % QUEUE_CAP;
    if (slot >= 0) {
        w->queue[slot] = *cmd;
    } else if (w->q_count < QUEUE_CAP) {
        w->queue[(w->q_head + w->q_count) % QUEUE_CAP] = *cmd;
        w->q_count++;
    } else {
        rc = -1; /* the caller says so: a command is never dropped silently */
    }
    if (cmd->type == CMD_QUIT) w->quit = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return rc;
}

int worker_send_simple(Worker *w, CmdType type, float f, int i) {
    WorkerCmd c;
    memset(&c, 0, sizeof c);
    c.type = type;
    c.f = f;
    c.i = i;
    return worker_send(w, &c);
}

/* Takes the queued commands; blocks while there is nothing to do. Returns the count. */
static int take_cmds(Worker *w, WorkerCmd *out, int *quit) {
    Train *t = &w->t;
    int n = 0;
    pthread_mutex_lock(&w->mu);
    while (!w->quit && w->q_count == 0 && !t->running && !t->scatter_want) pthread_cond_wait(&w->cv, &w->mu);
    while (w->q_count > 0) {
        out[n++] = w->queue[w->q_head];
        w->q_head = (w->q_head + 1) % QUEUE_CAP;
        w->q_count--;
    }
    *quit = w->quit;
    pthread_mutex_unlock(&w->mu);
    return n;
}

static void update_rate(Train *t) {
    double now = now_s(), dt = now - t->rate_t0;
    if (!t->running) {
        t->rate_t0 = now;
        t->rate_samples = 0;
        return;
    }
    if (dt < 0.5) return;
    double r = (double)t->rate_samples / dt;
    t->samples_per_s = t->samples_per_s > 0 ? 0.5 * t->samples_per_s + 0.5 * r : r;
    t->rate_t0 = now;
    t->rate_samples = 0;
}

static void *worker_main(void *arg) {
    Worker *w = arg;
    Train *t = &w->t;
    WorkerCmd cmds[QUEUE_CAP];
    int quit = 0;
    startup(w);
    t->rate_t0 = now_s();
    while (!quit) {
        int n = take_cmds(w, cmds, &quit);
        int seq = t->msg_seq;
        for (int i = 0; i < n && !quit; i++) handle_cmd(w, &cmds[i]);
        if (quit) break;
        if (t->running) train_one(w);
        update_rate(t);
        double now = now_s();
        /* every couple of seconds, but never more than ~10% of the training time */
        double every = fmax(SCATTER_EVERY, 9.0 * t->scatter_cost);
        if (t->vae && t->subset && (t->scatter_want || (t->running && now - t->last_scatter > every)))
            compute_scatter(w);
        if (n > 0 || seq != t->msg_seq || now - t->last_publish > PUBLISH_EVERY || !t->running) publish(w);
    }
    return NULL;
}

Worker *worker_start(const WorkerOptions *opt) {
    Worker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->opt = *opt;
    if (opt->data_arg) {
        snprintf(w->data_arg, sizeof w->data_arg, "%s", opt->data_arg);
        w->opt.data_arg = w->data_arg;
    }
    if (opt->model_path) {
        snprintf(w->model_path, sizeof w->model_path, "%s", opt->model_path);
        w->opt.model_path = w->model_path;
    }
    if (w->opt.scatter_n <= 0 || w->opt.scatter_n > SCATTER_MAX) w->opt.scatter_n = SCATTER_MAX;
    w->t.shards = step_shards();
    w->back = &w->bufs[0];
    w->mid = &w->bufs[1];
    hist_reset(&w->t);
    if (vae_work_create(NULL, 0, &w->ui_work) != VAE_OK) {
        free(w);
        return NULL;
    }
    for (int i = 0; i < 3; i++) {
        w->bufs[i].hist.stride = 1;
        w->bufs[i].work = w->ui_work;
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        vae_work_free(w->ui_work);
        free(w);
        return NULL;
    }
    return w;
}

static void snapshot_free(Snapshot *s) {
    vae_model_release(s->vae);
    free(s->scatter);
    subset_release(s->subset);
    memset(s, 0, sizeof *s);
}

void worker_stop(Worker *w) {
    if (!w) return;
    worker_send_simple(w, CMD_QUIT, 0, 0);
    pthread_join(w->thread, NULL);
    Train *t = &w->t;
    model_free(t);
    vae_model_release(t->pub);
    if (t->have_data) {
        data_free(&t->train);
        data_free(&t->test);
    }
    free(t->scatter);
    subset_release(t->subset);
    for (int i = 0; i < 3; i++) /* the UI's buffer too: it must not be used after this */
        snapshot_free(&w->bufs[i]);
    vae_work_free(w->ui_work);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
}

Snapshot *worker_first_snapshot(Worker *w) { return &w->bufs[2]; }
