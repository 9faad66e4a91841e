/* test_faults.c - training faults and saves that must lose nothing:
 *  - NaN/Inf in the loss (an absurd learning rate, and a NaN injected into a weight):
 *    the step is skipped, the weights stay exactly as they were, and after three
 *    failures in a row the trainer halves the learning rate;
 *  - a process killed (SIGKILL) at random moments during many saves: the file on disk
 *    always loads, as the old or the new model;
 *  - a full disk (RLIMIT_FSIZE below the file size): a clear error, and the previous
 *    file is kept intact. */
#include <math.h>
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

static void nan_guard(void) {
    VaeDataset ds = {0};
    ds.count = 64, ds.rows = ds.cols = 28, ds.dim = 784;
    ds.pixels = malloc(64 * 784), ds.labels = calloc(64, 1);
    for (int i = 0; i < 64 * 784; i++) ds.pixels[i] = (uint8_t)(i * 7 % 256);
    Vae *v = small_model(3);
    VaeTrainOptions o = trainer_options_default();
    o.batch = 16;
    VaeTrainer t;
    trainer_create(&t, v, &ds, &o);
    CHECK(trainer_step(&t, NULL, NULL) == VAE_OK, "a normal step failed");
    float *before = malloc(v->n_params * sizeof(float));
    v->params[v->dec[v->n_layers - 1].b + 5] = NAN; /* inject into the decoder's output */
    memcpy(before, v->params, v->n_params * sizeof(float));
    float lr0 = t.opt.lr;
    int skipped = 0;
    for (int i = 0; i < 3; i++) skipped += trainer_step(&t, NULL, NULL) == VAE_ERR_NUMERIC;
    CHECK(skipped == 3, "NaN steps were not reported (%d of 3)", skipped);
    CHECK(memcmp(before, v->params, v->n_params * sizeof(float)) == 0, "weights changed on a skipped step");
    CHECK(t.opt.lr == lr0 * 0.5f, "lr not halved after three failures (%g)", (double)t.opt.lr);
    CHECK(strstr(vae_last_error(), "NaN") != NULL, "message '%s' does not say NaN", vae_last_error());
    printf("NaN injected: 3 steps skipped, weights unchanged, lr %g -> %g: %s\n", (double)lr0, (double)t.opt.lr,
           vae_last_error());
    trainer_free(&t);
    vae_free(v);
    free(before), free(ds.pixels), free(ds.labels);
}

static void saver_child(const char *path) {
    Vae *a = small_model(1), *b = small_model(2);
    VaeTrainState s = {0, 0, 1e-3f, 128, VAE_BINARIZE_NONE, {{1, 2, 3, 4}}};
    for (long i = 0;; i++) checkpoint_save(path, i % 2 ? a : b, &s);
}

static void killed_during_saves(void) {
    char path[] = "/tmp/vae_kill_XXXXXX/model.vaeckpt";
    char *dir = path;
    path[20] = 0;
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    path[20] = '/';
    Vae *first = small_model(1);
    VaeTrainState s = {0, 0, 1e-3f, 128, VAE_BINARIZE_NONE, {{1, 2, 3, 4}}};
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
    VaeTrainState s = {0, 0, 1e-3f, 128, VAE_BINARIZE_NONE, {{1, 2, 3, 4}}};
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
    if (back) CHECK(memcmp(back->params, a->params, a->n_params * sizeof(float)) == 0, "the previous model changed");
    vae_free(back), vae_free(a), vae_free(b);
    unlink(path);
}

int main(void) {
    nan_guard();
    killed_during_saves();
    full_disk();
    return test_finish("test_faults");
}
