/* datadir.c - dataset folder lookup (see datadir.h). */
#include "datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vae.h"

static int has_idx(const char *dir) {
    char p[4400];
    struct stat st;
    const char *names[] = {"train-images-idx3-ubyte", "train-images-idx3-ubyte.gz"};
    for (int i = 0; i < 2; i++) {
        int n = snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        if (n > 0 && (size_t)n < sizeof p && stat(p, &st) == 0 && S_ISREG(st.st_mode)) return 1;
    }
    return 0;
}

static void exe_dir(char *out, size_t len) {
    ssize_t n = readlink("/proc/self/exe", out, len - 1);
    out[n > 0 ? n : 0] = 0;
    char *slash = strrchr(out, '/');
    if (slash) *slash = 0;
}

static int try_dir(const char *dir, char *out, size_t len) {
    if (!has_idx(dir)) return 0;
    snprintf(out, len, "%s", dir);
    return 1;
}

int datadir_resolve(const char *name, char *out, size_t len) {
    char cand[4200], exe[4096];
    int is_name = strcmp(name, "mnist") == 0 || strcmp(name, "fashion") == 0;
    if (!is_name) {
        if (try_dir(name, out, len)) return 0;
        vae_fail(VAE_ERR_IO, "no MNIST-format files (train-images-idx3-ubyte[.gz] ...) in %s", name);
        return -1;
    }
    exe_dir(exe, sizeof exe);
    const char *env = getenv("VAE_DATA_DIR"), *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (env && *env) {
        snprintf(cand, sizeof cand, "%s/%s", env, name);
        if (try_dir(cand, out, len) || try_dir(env, out, len)) return 0;
    }
    const char *fmts[] = {"data/%s", "%s/data/%s", "%s/../data/%s", VAE_SOURCE_DIR "/data/%s"};
    snprintf(cand, sizeof cand, fmts[0], name);
    if (try_dir(cand, out, len)) return 0;
    for (int i = 1; i < 3; i++) {
        snprintf(cand, sizeof cand, fmts[i], exe, name);
        if (try_dir(cand, out, len)) return 0;
    }
    snprintf(cand, sizeof cand, fmts[3], name);
    if (try_dir(cand, out, len)) return 0;
    if (xdg && *xdg)
        snprintf(cand, sizeof cand, "%s/vae-explorer/%s", xdg, name);
    else
        snprintf(cand, sizeof cand, "%s/.local/share/vae-explorer/%s", home ? home : "", name);
    if (try_dir(cand, out, len)) return 0;
    if (strcmp(name, "fashion") == 0 && try_dir("/usr/share/datasets/fashion-mnist", out, len)) return 0;
    vae_fail(VAE_ERR_IO, "the %s dataset was not found; run scripts/setup.sh (it fetches and verifies the data)", name);
    return -1;
}
