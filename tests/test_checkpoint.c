/* test_checkpoint.c - the model file: round trip; truncation, bit flips, another
 * version, trailing bytes, another shape, a missing folder, a directory: each a clear
 * one-line error, never a crash, and the caller's model untouched; no temporary file
 * left behind by a save. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "testutil.h"

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
    float before = model->params[7];
    VaeTrainState st;
    VaeStatus s = checkpoint_load_into(path, model, &st);
    const char *msg = vae_last_error();
    printf("  %-22s -> %s\n", what, s == VAE_OK ? "ACCEPTED" : msg);
    CHECK(s != VAE_OK, "%s was accepted", what);
    CHECK(strlen(msg) > 10 && !strchr(msg, '\n'), "%s: message '%s' is not one clear line", what, msg);
    CHECK(model->params[7] == before, "%s: the caller's model changed", what);
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
    VaeTrainState st = {3, 1234, 5e-4f, 64, VAE_BINARIZE_DYNAMIC, {{1, 2, 3, 4}}}, back;
    CHECK(checkpoint_save(path, v, &st) == VAE_OK, "save: %s", vae_last_error());
    CHECK(count_files() == 1, "a temporary file was left behind");
    Vae *loaded = NULL;
    CHECK(checkpoint_load(path, &loaded, &back) == VAE_OK, "load: %s", vae_last_error());
    if (loaded) {
        CHECK(memcmp(loaded->params, v->params, v->n_params * sizeof(float) * 3) == 0, "parameters/moments differ");
        CHECK(loaded->adam_t == 17 && back.epoch == 3 && back.step == 1234 && back.batch == 64, "state differs");
        CHECK(back.binarize == VAE_BINARIZE_DYNAMIC && back.rng.s[3] == 4 && back.lr == 5e-4f, "state differs");
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
    good[8] = 2; /* version 2 */
    spit(bad, good, len);
    good[8] = 1;
    expect_refused("another version", bad, v);
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
    return test_finish("test_checkpoint");
}
