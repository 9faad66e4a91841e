/* datadir.c - datasets, assets and the user's folders (see datadir.h). Owns the lookup
 * order; must not create folders except in datadir_make. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "datadir.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vae.h"

#ifndef VAE_SOURCE_DIR
#define VAE_SOURCE_DIR "."
#endif
#ifndef VAE_BINARY_DIR
#define VAE_BINARY_DIR "."
#endif
#ifndef VAE_SHARE_REL
#define VAE_SHARE_REL "../share/vae-explorer"
#endif

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* snprintf that reports truncation as failure */
static int fmt_ok(int n, size_t len) { return n > 0 && (size_t)n < len; }

static int has_idx(const char *dir) {
    char p[4400];
    const char *names[] = {"train-images-idx3-ubyte", "train-images-idx3-ubyte.gz"};
    for (int i = 0; i < 2; i++)
        if (fmt_ok(snprintf(p, sizeof p, "%s/%s", dir, names[i]), sizeof p) && is_file(p)) return 1;
    return 0;
}

/* The folder holding the running executable (empty when /proc is not there). */
static void exe_dir(char *out, size_t len) {
    ssize_t n = readlink("/proc/self/exe", out, len - 1);
    out[n > 0 ? n : 0] = 0;
    char *slash = strrchr(out, '/');
    if (slash) *slash = 0;
}

int datadir_installed(char *out, size_t len) {
    char exe[PATH_MAX], share[PATH_MAX + 64], real[PATH_MAX];
    exe_dir(exe, sizeof exe);
    if (!*exe || !fmt_ok(snprintf(share, sizeof share, "%s/%s", exe, VAE_SHARE_REL), sizeof share)) return 0;
    if (!is_dir(share) || !realpath(share, real)) return 0;
    if (out && len) snprintf(out, len, "%s", real);
    return 1;
}

int datadir_from_build(void) {
    char exe[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
    exe_dir(exe, sizeof exe);
    return *exe && realpath(exe, a) && realpath(VAE_BINARY_DIR, b) && strcmp(a, b) == 0;
}

int datadir_asset(const char *rel, char *out, size_t len) {
    char share[PATH_MAX];
    if (datadir_installed(share, sizeof share))
        return fmt_ok(snprintf(out, len, "%s/%s", share, rel), len) && is_file(out) ? 0 : -1;
    if (datadir_from_build())
        return fmt_ok(snprintf(out, len, "%s/assets/%s", VAE_SOURCE_DIR, rel), len) && is_file(out) ? 0 : -1;
    return -1;
}

/* $VAR/sub when $VAR is an absolute path, else $HOME/fallback/sub. */
static int xdg_dir(const char *var, const char *fallback, const char *sub, char *out, size_t len) {
    const char *v = getenv(var), *home = getenv("HOME");
    if (v && v[0] == '/') return fmt_ok(snprintf(out, len, "%s%s%s", v, *sub ? "/" : "", sub), len) ? 0 : -1;
    if (!home || home[0] != '/') return -1;
    return fmt_ok(snprintf(out, len, "%s/%s%s%s", home, fallback, *sub ? "/" : "", sub), len) ? 0 : -1;
}

int datadir_user_data(char *out, size_t len) {
    return xdg_dir("XDG_DATA_HOME", ".local/share", "vae-explorer", out, len);
}

int datadir_user_config(char *out, size_t len) {
    return xdg_dir("XDG_CONFIG_HOME", ".config", "vae-explorer", out, len);
}

/* XDG_PICTURES_DIR="$HOME/Pictures" or ="/abs/path" in user-dirs.dirs (xdg-user-dirs). */
static int pictures_from_user_dirs(const char *home, char *out, size_t len) {
    char file[PATH_MAX], line[PATH_MAX + 64];
    if (xdg_dir("XDG_CONFIG_HOME", ".config", "user-dirs.dirs", file, sizeof file) != 0) return -1;
    FILE *f = fopen(file, "r");
    if (!f) return -1;
    int found = -1;
    while (found != 0 && fgets(line, sizeof line, f)) {
        const char *key = "XDG_PICTURES_DIR=\"";
        char *p = line + strspn(line, " \t");
        if (strncmp(p, key, strlen(key)) != 0) continue;
        p += strlen(key);
        char *end = strchr(p, '"');
        if (!end) continue;
        *end = 0;
        int n;
        if (strncmp(p, "$HOME", 5) == 0 && (p[5] == '/' || p[5] == 0))
            n = snprintf(out, len, "%s%s", home, p + 5);
        else if (p[0] == '/')
            n = snprintf(out, len, "%s", p);
        else
            continue;
        size_t l = strlen(out);
        while (l > 1 && out[l - 1] == '/') out[--l] = 0;
        /* "$HOME/" means the folder is disabled: the home folder is used */
        if (fmt_ok(n, len) && is_dir(out)) found = 0;
    }
    fclose(f);
    return found;
}

int datadir_user_pictures(char *out, size_t len) {
    const char *home = getenv("HOME");
    if (!home || home[0] != '/') return -1;
    if (pictures_from_user_dirs(home, out, len) == 0) return 0;
    return fmt_ok(snprintf(out, len, "%s", home), len) ? 0 : -1;
}

int datadir_make(const char *dir) {
    char p[PATH_MAX];
    if (!fmt_ok(snprintf(p, sizeof p, "%s", dir), sizeof p)) return errno = ENAMETOOLONG, -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(p, 0755) != 0 && errno != EEXIST) return -1;
        *s = '/';
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST) return -1;
    return is_dir(p) ? 0 : (errno = ENOTDIR, -1);
}

static int try_dir(const char *dir, char *out, size_t len) {
    if (!has_idx(dir)) return 0;
    snprintf(out, len, "%s", dir);
    return 1;
}

int datadir_resolve(const char *name, char *out, size_t len) {
    char cand[PATH_MAX + 64], exe[PATH_MAX];
    int is_name = strcmp(name, "mnist") == 0 || strcmp(name, "fashion") == 0;
    if (!is_name) {
        if (try_dir(name, out, len)) return 0;
        vae_fail(VAE_ERR_IO, "no MNIST-format files (train-images-idx3-ubyte[.gz] ...) in %s", name);
        return -1;
    }
    const char *env = getenv("VAE_DATA_DIR");
    if (env && *env) {
        snprintf(cand, sizeof cand, "%s/%s", env, name);
        if (try_dir(cand, out, len) || try_dir(env, out, len)) return 0;
    }
    snprintf(cand, sizeof cand, "data/%s", name);
    if (try_dir(cand, out, len)) return 0;
    int installed = datadir_installed(NULL, 0), from_build = !installed && datadir_from_build();
    exe_dir(exe, sizeof exe);
    if (!installed && *exe) {
        const char *fmts[] = {"%s/data/%s", "%s/../data/%s"};
        for (int i = 0; i < 2; i++) {
            snprintf(cand, sizeof cand, fmts[i], exe, name);
            if (try_dir(cand, out, len)) return 0;
        }
    }
    if (from_build) {
        snprintf(cand, sizeof cand, "%s/data/%s", VAE_SOURCE_DIR, name);
        if (try_dir(cand, out, len)) return 0;
    }
    char user[PATH_MAX];
    if (datadir_user_data(user, sizeof user) == 0) {
        snprintf(cand, sizeof cand, "%s/%s", user, name);
        if (try_dir(cand, out, len)) return 0;
    }
    if (strcmp(name, "fashion") == 0) {
        if (try_dir("/usr/share/datasets/fashion-mnist", out, len)) return 0;
        vae_fail(VAE_ERR_IO, "the fashion dataset was not found; install Debian's dataset-fashion-mnist package");
    } else if (from_build) {
        vae_fail(VAE_ERR_IO, "the mnist dataset was not found; run scripts/setup.sh or vae-explorer data fetch");
    } else {
        vae_fail(VAE_ERR_IO, "the mnist dataset was not found; run: vae-explorer data fetch");
    }
    return -1;
}
