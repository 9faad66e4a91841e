/* test_faults.c - training faults and saves that must lose nothing:
 *  - NaN/Inf in the loss (an absurd learning rate, and a NaN injected into a weight):
 *    the step is skipped, the weights stay exactly as they were, and after three
 *    failures in a row the trainer halves the learning rate;
 *  - a process killed (SIGKILL) at random moments during many saves: the file on disk
 *    always loads, as the old or the new model;
 *  - a full disk (RLIMIT_FSIZE below the file size): a clear error, and the previous
 *    file is kept intact;
 *  - the same NaN guard in the data-parallel step, a gradient left over from other
 *    work (a skipped step, a teaching computation) cleared before the next step, and
 *    a shared read-only model read by two threads with their own workspaces. */
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "testutil.h"
#include "train.h"

static Vae *small_model(uint64_t seed) {
    VaeConfig cfg = vae_config_default();
    cfg.hidden[0] = 32, cfg.hidden[1] = 16, cfg.seed = seed;
    Vae *v;
    vae_create(&cfg, &v);
    return v;
}

static VaeDataset pattern_data(void) {
    VaeDataset ds = {0};
    ds.count = 64, ds.rows = ds.cols = 28, ds.dim = 784;
    ds.pixels = malloc(64 * 784), ds.labels = calloc(64, 1);
    for (int i = 0; i < 64 * 784; i++) ds.pixels[i] = (uint8_t)(i * 7 % 256);
    return ds;
}

static void nan_guard(int threads) {
    VaeDataset ds = pattern_data();
    Vae *v = small_model(3);
    CHECK(vae_set_step_threads(v, threads) == VAE_OK, "%s", vae_last_error());
    VaeTrainOptions o = trainer_options_default();
    o.batch = 16 * threads;
    VaeTrainer t;
    trainer_create(&t, v, &ds, &o);
    CHECK(trainer_step(&t, NULL, NULL) == VAE_OK, "a normal step failed");
    float *before = malloc(v->model.n_params * sizeof(float));
    v->model.params[v->model.dec[v->model.n_layers - 1].b + 5] = NAN; /* inject into the decoder's output */
    memcpy(before, v->model.params, v->model.n_params * sizeof(float));
    float lr0 = t.opt.lr;
    int skipped = 0;
    for (int i = 0; i < 3; i++) skipped += trainer_step(&t, NULL, NULL) == VAE_ERR_NUMERIC;
    CHECK(skipped == 3, "NaN steps were not reported (%d of 3)", skipped);
    CHECK(memcmp(before, v->model.params, v->model.n_params * sizeof(float)) == 0, "weights changed on a skipped step");
    CHECK(t.opt.lr == lr0 * 0.5f, "lr not halved after three failures (%g)", (double)t.opt.lr);
    CHECK(strstr(vae_last_error(), "NaN") != NULL, "message '%s' does not say NaN", vae_last_error());
    printf("NaN injected (%d thread%s): 3 steps skipped, weights unchanged, lr %g -> %g: %s\n", threads,
           threads > 1 ? "s" : "", (double)lr0, (double)t.opt.lr, vae_last_error());
    trainer_free(&t);
    vae_free(v);
    free(before), free(ds.pixels), free(ds.labels);
}

static void saver_child(const char *path) {
    Vae *a = small_model(1), *b = small_model(2);
    VaeTrainState s = {0, 0, 1e-3f, 128, VAE_BINARIZE_NONE, {{1, 2, 3, 4}}, "test"};
    for (long i = 0;; i++) checkpoint_save(path, i % 2 ? a : b, &s);
}

static void killed_during_saves(void) {
    char path[] = "/tmp/vae_kill_XXXXXX/model.vaeckpt";
    char *dir = path;
    path[20] = 0;
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    path[20] = '/';
    Vae *first = small_model(1);
    VaeTrainState s = {0, 0, 1e-3f, 128, VAE_BINARIZE_NONE, {{1, 2, 3, 4}}, "test"};
    checkpoint_save(path, first, &s);
    srand((unsigned)time(NULL));
    int ok = 0;
    for (int round = 0; round < 40; round++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) saver_child(path);
        struct timespec nap = {0, (2000 + rand() % 30000) * 1000L};
        nanosleep(&nap, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        Vae *v = NULL;
        VaeStatus st = checkpoint_load(path, &v, NULL);
        CHECK(st == VAE_OK, "after a kill the file does not load: %s", vae_last_error());
        ok += st == VAE_OK;
        vae_free(v);
    }
    printf("killed a saver 40 times at random moments: the file loaded %d/40 times\n", ok);
    char cmd[64];
    path[20] = 0;
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0, "cleanup");
    vae_free(first);
}

static void full_disk(void) {
    char path[] = "/tmp/vae_full_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    Vae *a = small_model(1), *b = small_model(2);
    VaeTrainState s = {0, 0, 1e-3f, 128, VAE_BINARIZE_NONE, {{1, 2, 3, 4}}, "test"};
    CHECK(checkpoint_save(path, a, &s) == VAE_OK, "first save");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {100000, 100000};
        setrlimit(RLIMIT_FSIZE, &rl);
        VaeStatus st = checkpoint_save(path, b, &s);
        printf("save with the disk full -> %s\n", st == VAE_OK ? "ACCEPTED" : vae_last_error());
        fflush(stdout);
        _exit(st == VAE_OK ? 1 : strstr(vae_last_error(), "previous file is kept") ? 0 : 2);
    }
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a full disk did not give a clear error (status %d)", status);
    Vae *back = NULL;
    CHECK(checkpoint_load(path, &back, NULL) == VAE_OK, "the previous file was damaged: %s", vae_last_error());
    if (back)
        CHECK(memcmp(back->model.params, a->model.params, a->model.n_params * sizeof(float)) == 0,
              "the previous model changed");
    vae_free(back), vae_free(a), vae_free(b);
    unlink(path);
}

/* The step adds onto zero gradients: one left dirty by vae_backward must be cleared
 * first, so the step after it is bit-identical to a clean one. */
static void dirty_gradient_cleared(int threads) {
    VaeDataset ds = pattern_data();
    Vae *a = small_model(4), *b = small_model(4);
    VaeTrainOptions o = trainer_options_default();
    o.batch = 32;
    VaeTrainer ta, tb;
    vae_set_step_threads(a, threads), vae_set_step_threads(b, threads);
    trainer_create(&ta, a, &ds, &o), trainer_create(&tb, b, &ds, &o);
    CHECK(trainer_step(&ta, NULL, NULL) == VAE_OK && trainer_step(&tb, NULL, NULL) == VAE_OK, "first steps");
    float eps[32 * 2] = {0};
    CHECK(vae_train_forward(a, ta.xbatch, 32, eps, NULL) == VAE_OK, "forward");
    vae_train_backward(a); /* leaves a nonzero gradient behind */
    CHECK(trainer_step(&ta, NULL, NULL) == VAE_OK && trainer_step(&tb, NULL, NULL) == VAE_OK, "second steps");
    CHECK(memcmp(a->model.params, b->model.params, a->model.n_params * sizeof(float)) == 0,
          "%d thread(s): a leftover gradient leaked into the next step", threads);
    printf("leftover gradient (%d thread%s): cleared, the next step is bit-identical\n", threads,
           threads > 1 ? "s" : "");
    trainer_free(&ta), trainer_free(&tb);
    vae_free(a), vae_free(b);
    free(ds.pixels), free(ds.labels);
}

/* One reader of a shared model: encodes and decodes a batch in its own workspace. */
typedef struct {
    const VaeModel *m;
    const float *x, *z;
    float mu[64 * 2], probs[64 * 784];
    VaeStatus st;
} Reader;

static void *reader_run(void *arg) {
    Reader *r = arg;
    VaeWork *w = NULL;
    r->st = vae_work_create(r->m, 8, &w); /* grows to 64 inside encode */
    for (int rep = 0; rep < 20 && r->st == VAE_OK; rep++) {
        r->st = vae_encode(r->m, w, r->x, 64, r->mu, NULL);
        if (r->st == VAE_OK) r->st = vae_decode(r->m, w, r->z, 64, r->probs);
    }
    vae_work_free(w);
    vae_model_release(r->m);
    return NULL;
}

/* A counted copy of the trained model is read by two threads at once, each with its
 * own workspace: both get the trainer's bits; training on does not change the copy;
 * the last reader's release frees it (ASan: no leak, no use after free). */
static void shared_model(void) {
    Vae *full = small_model(5);
    VaeModel *copy = NULL;
    CHECK(vae_model_clone(&full->model, &copy) == VAE_OK && copy, "%s", vae_last_error());
    if (!copy) return;
    static float x[64 * 784], z[64 * 2], mu[64 * 2], probs[64 * 784];
    for (int i = 0; i < 64 * 784; i++) x[i] = (float)((i * 37) % 101) / 100.0f;
    for (int i = 0; i < 64 * 2; i++) z[i] = (float)(i % 7) * 0.5f - 1.5f;
    CHECK(vae_encode(&full->model, full->work, x, 64, mu, NULL) == VAE_OK, "encode");
    CHECK(vae_decode(&full->model, full->work, z, 64, probs) == VAE_OK, "decode");
    static Reader r[2];
    pthread_t th[2];
    for (int k = 0; k < 2; k++) {
        r[k] = (Reader){vae_model_retain(copy), x, z, {0}, {0}, VAE_OK};
        CHECK(pthread_create(&th[k], NULL, reader_run, &r[k]) == 0, "thread");
    }
    CHECK(vae_model_readers(copy) >= 1, "reader count");
    VaeDataset ds = pattern_data();
    VaeTrainOptions o = trainer_options_default();
    VaeTrainer t;
    CHECK(trainer_create(&t, full, &ds, &o) == VAE_OK, "%s", vae_last_error());
    for (int i = 0; i < 3; i++) trainer_step(&t, NULL, NULL); /* the trainer moves on meanwhile */
    for (int k = 0; k < 2; k++) {
        pthread_join(th[k], NULL);
        CHECK(r[k].st == VAE_OK, "reader %d: %s", k, vae_status_to_string(r[k].st));
        CHECK(memcmp(r[k].mu, mu, sizeof mu) == 0, "reader %d encodes differently", k);
        CHECK(memcmp(r[k].probs, probs, sizeof probs) == 0, "reader %d decodes differently", k);
    }
    CHECK(vae_model_readers(copy) == 1, "%d readers left, expected 1", vae_model_readers(copy));
    CHECK(memcmp(copy->params, full->model.params, copy->n_params * sizeof(float)) != 0,
          "training changed the shared copy, or did not train");
    printf("shared model: 2 readers with their own workspaces match the trainer's bits; the copy is its own\n");
    vae_model_release(copy);
    trainer_free(&t);
    vae_free(full);
    free(ds.pixels), free(ds.labels);
}

int main(void) {
    nan_guard(1);
    nan_guard(2);
    dirty_gradient_cleared(1);
    dirty_gradient_cleared(2);
    shared_model();
    killed_during_saves();
    full_disk();
    return test_finish("test_faults");
}
