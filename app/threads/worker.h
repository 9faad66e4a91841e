/* worker.h - the training thread of the window, its command queue and its snapshots.
 *
 * Owns: the only VaeTrainer, the training Vae and the datasets (all inside the worker
 * thread), a command queue (mutex + condition variable), and three Snapshot buffers
 * handed between the threads by pointer swaps under one mutex (triple buffering): the
 * worker fills its back buffer alone, publishes it by a swap, and the UI takes the
 * newest one by another swap. The UI therefore reads its snapshot without a lock and
 * never waits for a training step. A snapshot's model is a counted, read-only copy
 * shared with the other snapshots and the teaching thread (one copy per change).
 * Must not: call SDL video or GL (it wakes the UI with SDL_PushEvent only). */
#ifndef VAE_WORKER_H
#define VAE_WORKER_H

#include <stdatomic.h>
#include <stdint.h>

#include "data.h"
#include "vae.h"

#define HIST_CAP 2048
#define EPOCH_CAP 512
#define SCATTER_MAX 5000
#define MSG_LEN 320

typedef enum {
    WORKER_LOADING = 0,
    WORKER_RUNNING,
    WORKER_PAUSED,
    WORKER_ERROR, /* no data or no model: see Snapshot.status */
} WorkerState;

typedef enum { DATASET_MNIST = 0, DATASET_FASHION = 1, DATASET_FOLDER = 2 } DatasetKind;

/* Per-step training curves, downsampled: point i averages `stride` steps. */
typedef struct {
    int count, stride;
    float step[HIST_CAP];
    float recon[HIST_CAP], kl[HIST_CAP], elbo[HIST_CAP];
} History;

typedef struct {
    int epoch;
    long step;
    float recon, kl, elbo;
} EpochPoint;

/* Test images behind the scatter (immutable once published; reference counted). */
typedef struct {
    atomic_int refs;
    int count, dim;
    uint8_t *pixels; /* (count, dim) */
    uint8_t *labels; /* (count) */
} TestSubset;

typedef struct {
    long version;
    WorkerState state;
    char status[MSG_LEN]; /* loading path, or the error when state == WORKER_ERROR */
    const VaeModel
        *vae; /* a counted, read-only parameter copy (vae_model_retain to keep it); NULL until a model exists */
    VaeWork *
        work; /* the window thread's workspace for reading vae (the same in every snapshot; the worker never uses it) */
    long model_id; /* changes on reset, restart or open */
    long step;
    int epoch, steps_per_epoch, train_count;
    float epoch_progress; /* 0..1 */
    double samples_per_s;
    float lr, beta;
    int batch;
    int nan_skips;
    DatasetKind dataset;
    char dataset_name[64];
    History hist;
    EpochPoint epochs[EPOCH_CAP];
    int n_epochs;
    float *scatter; /* (scatter_n, scatter_z) posterior means */
    int scatter_n, scatter_z, scatter_cap;
    long scatter_step;
    TestSubset *subset;     /* the images of the scatter points (a reference) */
    int msg_seq, msg_error; /* a one-off message for the UI (saved, failed, ...) */
    int msg_id;             /* a StrId format taking msg as its %s, or -1: msg as is */
    char msg[MSG_LEN];
} Snapshot;

typedef enum {
    CMD_PLAY,
    CMD_PAUSE,
    CMD_TOGGLE,
    CMD_STEP,
    CMD_RESET,
    CMD_SET_LR,
    CMD_SET_BETA,
    CMD_SET_BATCH,
    CMD_RESTART,  /* new latent size / hidden sizes: cfg */
    CMD_SET_DATA, /* dataset kind and, for a folder, path */
    CMD_SAVE,     /* path */
    CMD_OPEN,     /* path */
    CMD_QUIT,
} CmdType;

typedef struct {
    CmdType type;
    float f;
    int i;
    VaeConfig cfg;
    char path[1024];
} WorkerCmd;

typedef struct {
    const char *data_arg;   /* --data: NULL, "mnist", "fashion" or a folder */
    const char *model_path; /* --model */
    int paused;
    uint32_t wake_event; /* SDL user event type pushed after each publish */
    int scatter_n;       /* test points to encode (<= SCATTER_MAX) */
} WorkerOptions;

typedef struct Worker Worker;

Worker *worker_start(const WorkerOptions *opt);
/* The empty buffer the UI starts with (pass its address to worker_take). */
Snapshot *worker_first_snapshot(Worker *w);
/* Asks the thread to finish, joins it and frees all three snapshots. */
void worker_stop(Worker *w);
/* Queues a command; returns 0, or -1 when the queue is full (the command was not taken:
 * the caller tells the user). Settings of the same kind already queued are replaced. */
int worker_send(Worker *w, const WorkerCmd *cmd);
int worker_send_simple(Worker *w, CmdType type, float f, int i);
/* Swaps *snap for the newest published snapshot if there is one; returns 1 then.
 * The UI owns *snap exclusively between calls. */
int worker_take(Worker *w, Snapshot **snap);

/* subset.c: the first n test images (a new subset holding one reference), or NULL. */
TestSubset *subset_make(const VaeDataset *test, int n);
void subset_retain(TestSubset *s);
void subset_release(TestSubset *s);

/* Finds the data folder for a --data argument (NULL = MNIST); returns 0 and the path,
 * or -1 and the places searched in `out` (for the message). */
int worker_find_data(const char *arg, char *out, size_t len);

#endif
