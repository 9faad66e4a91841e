/* test_checkpoint.c - the model file: round trip; truncation, bit flips, another
 * version, trailing bytes, another shape, a missing folder, a directory: each a clear
 * one-line error, never a crash, and the caller's model untouched; no temporary file
 * left behind by a save; and a file written before the model / workspace split (the
 * format is unchanged) loads, with the encodings and decodings it gave then. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "testutil.h"

/* tests/data/checkpoint-v1-784-2.ckpt: `vae-explorer train --hidden none --likelihood
 * gaussian-learned --limit 256 --epochs 2 --seed 3`, written by the engine of commit
 * 0ec7d75 (one Vae holding parameters and workspace). Its encoding of a fixed pattern
 * and decoding of the means, recorded with that engine. */
static void old_file_loads(void) {
    static const float want_mu[4] = {-0x1.329af6p-1f, 0x1.05074cp+0f, -0x1.3d622ep-1f, 0x1.725312p-1f};
    static const float want_lv[4] = {-0x1.8d0782p-1f, -0x1.5feac8p+0f, -0x1.769f6cp-1f, -0x1.1b71f8p+0f};
    static const float want_p[3] = {0x1.e49566p-3f, 0x1.655d8p-2f, 0x1.54b66ep-2f};
    char path[512];
    snprintf(path, sizeof path, "%s/data/checkpoint-v1-784-2.ckpt", VAE_TEST_DIR);
    Vae *v = NULL;
    VaeTrainState st;
    CHECK(checkpoint_load(path, &v, &st) == VAE_OK, "the old file does not load: %s", vae_last_error());
    if (!v) return;
    CHECK(st.epoch == 2 && st.step == 4 && v->adam_t == 4, "old file: epoch %d step %ld adam %ld", st.epoch, st.step,
          v->adam_t);
    CHECK(v->model.cfg.likelihood == VAE_LIKELIHOOD_GAUSSIAN_LEARNED && v->model.cfg.n_hidden == 0, "old file: config");
    CHECK(st.writer[0] == 0, "old file: a format-1 file has no writer, got '%s'", st.writer);
    float x[2 * 784], mu[4], lv[4], p[2 * 784];
    for (int i = 0; i < 2 * 784; i++) x[i] = (float)((i * 37) % 101) / 100.0f;
    CHECK(vae_encode(&v->model, v->work, x, 2, mu, lv) == VAE_OK, "encode");
    CHECK(vae_decode(&v->model, v->work, mu, 2, p) == VAE_OK, "decode");
    double e = 0;
    for (int i = 0; i < 4; i++) {
        e = fmax(e, fabs(mu[i] - want_mu[i]) / fabs(want_mu[i]));
        e = fmax(e, fabs(lv[i] - want_lv[i]) / fabs(want_lv[i]));
    }
    e = fmax(e, fabs(p[0] - want_p[0]) / want_p[0]);
    e = fmax(e, fabs(p[400] - want_p[1]) / want_p[1]);
    e = fmax(e, fabs(p[784 + 600] - want_p[2]) / want_p[2]);
    printf("  old file (format 1, before the model / workspace split): loads; max rel diff %.1e\n", e);
    CHECK(e < 1e-5, "the old file's model computes differently (%.2e)", e);
    vae_free(v);
}

static char dir[] = "/tmp/vae_ckpt_XXXXXX";

static uint8_t *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(*len);
    CHECK(fread(b, 1, *len, f) == *len, "read");
    fclose(f);
    return b;
}

static void spit(const char *path, const uint8_t *b, size_t len) {
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, len, f);
    fclose(f);
}

static void expect_refused(const char *what, const char *path, Vae *model) {
    float before = model->model.params[7];
    VaeTrainState st;
    VaeStatus s = checkpoint_load_into(path, model, &st);
    const char *msg = vae_last_error();
    printf("  %-22s -> %s\n", what, s == VAE_OK ? "ACCEPTED" : msg);
    CHECK(s != VAE_OK, "%s was accepted", what);
    CHECK(strlen(msg) > 10 && !strchr(msg, '\n'), "%s: message '%s' is not one clear line", what, msg);
    CHECK(model->model.params[7] == before, "%s: the caller's model changed", what);
}

static int count_files(void) {
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

int main(void) {
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char path[256], bad[256];
    snprintf(path, sizeof path, "%s/model.vaeckpt", dir);
    snprintf(bad, sizeof bad, "%s/bad.vaeckpt", dir);
    VaeConfig cfg = vae_config_default();
    cfg.hidden[0] = 64, cfg.hidden[1] = 32;
    Vae *v, *other;
    vae_create(&cfg, &v);
    v->adam_m[3] = 0.25f, v->adam_t = 17;
    VaeTrainState st = {3, 1234, 5e-4f, 64, VAE_BINARIZE_DYNAMIC, {{1, 2, 3, 4}}, "9.8.7-test"}, back;
    CHECK(checkpoint_save(path, v, &st) == VAE_OK, "save: %s", vae_last_error());
    CHECK(count_files() == 1, "a temporary file was left behind");
    Vae *loaded = NULL;
    CHECK(checkpoint_load(path, &loaded, &back) == VAE_OK, "load: %s", vae_last_error());
    if (loaded) {
        CHECK(memcmp(loaded->model.params, v->model.params, v->model.n_params * sizeof(float) * 3) == 0,
              "parameters/moments differ");
        CHECK(loaded->adam_t == 17 && back.epoch == 3 && back.step == 1234 && back.batch == 64, "state differs");
        CHECK(back.binarize == VAE_BINARIZE_DYNAMIC && back.rng.s[3] == 4 && back.lr == 5e-4f, "state differs");
        CHECK(strcmp(back.writer, "9.8.7-test") == 0, "the writer's version came back as '%s'", back.writer);
        vae_free(loaded);
    }
    size_t len;
    uint8_t *good = slurp(path, &len);
    printf("refusals:\n");
    size_t cuts[] = {0, 5, 11, 60, len / 2, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        char what[64];
        snprintf(what, sizeof what, "truncated to %zu bytes", cuts[i]);
        spit(bad, good, cuts[i]);
        expect_refused(what, bad, v);
    }
    size_t flips[] = {0, 9, 20, 100, len / 3, len - 2};
    for (size_t i = 0; i < sizeof flips / sizeof *flips; i++) {
        char what[64];
        good[flips[i]] ^= 0x10;
        spit(bad, good, len);
        good[flips[i]] ^= 0x10;
        snprintf(what, sizeof what, "bit flipped at %zu", flips[i]);
        expect_refused(what, bad, v);
    }
    good[8] = CHECKPOINT_VERSION + 1; /* a newer format */
    spit(bad, good, len);
    good[8] = CHECKPOINT_VERSION;
    expect_refused("another version", bad, v);
    good[8] = 0;
    spit(bad, good, len);
    good[8] = CHECKPOINT_VERSION;
    expect_refused("version 0", bad, v);
    uint8_t *longer = calloc(len + 3, 1);
    memcpy(longer, good, len);
    spit(bad, longer, len + 3);
    expect_refused("trailing bytes", bad, v);
    free(longer);
    VaeConfig cfg2 = cfg;
    cfg2.hidden[0] = 65;
    vae_create(&cfg2, &other);
    expect_refused("another shape", path, other);
    expect_refused("a directory", dir, v);
    snprintf(bad, sizeof bad, "%s/missing", dir);
    expect_refused("a missing file", bad, v);
    /* fuzzer finds: valid CRC, a config asking for gigabytes in a 4 KB file */
    snprintf(bad, sizeof bad, "%s/data/regress/checkpoint-bad-huge-config-in-4kb-file.ckpt", VAE_TEST_DIR);
    expect_refused("huge config in 4 KB", bad, v);
    snprintf(bad, sizeof bad, "%s/data/regress/checkpoint-bad-4gb-alloc-from-config.ckpt", VAE_TEST_DIR);
    expect_refused("4 GB config in 4 KB", bad, v);
    snprintf(bad, sizeof bad, "%s/no/such/dir/m.vaeckpt", dir);
    CHECK(checkpoint_save(bad, v, &st) != VAE_OK, "save into a missing folder succeeded");
    printf("  save into a missing folder -> %s\n", vae_last_error());
    free(good);
    vae_free(v), vae_free(other);
    snprintf(bad, sizeof bad, "rm -rf %s", dir);
    CHECK(system(bad) == 0, "cleanup");
    old_file_loads();
    return test_finish("test_checkpoint");
}
