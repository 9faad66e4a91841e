/* autosave.c - where the autosave lives and how it is offered (see autosave.h). */
#include "autosave.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "checkpoint.h"

static int data_home(char *out, size_t len) {
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && *xdg)
        n = snprintf(out, len, "%s/vae-explorer", xdg);
    else if (home && *home)
        n = snprintf(out, len, "%s/.local/share/vae-explorer", home);
    else
        return -1;
    return n > 0 && (size_t)n < len ? 0 : -1;
}

/* mkdir -p for the folder in `dir` (modified in place, restored). */
static void make_dirs(char *dir) {
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        mkdir(dir, 0755);
        *p = '/';
    }
    mkdir(dir, 0755);
}

static int file_in_home(const char *name, char *out, size_t len) {
    char dir[3000];
    if (data_home(dir, sizeof dir) != 0) return -1;
    make_dirs(dir);
    int n = snprintf(out, len, "%s/%s", dir, name);
    return n > 0 && (size_t)n < len ? 0 : -1;
}

int autosave_path(char *out, size_t len) { return file_in_home("autosave.vaeckpt", out, len); }

int autosave_found(char *path, size_t len, int *epoch, char *when, size_t when_len) {
    struct stat st;
    if (autosave_path(path, len) != 0 || stat(path, &st) != 0) return 0;
    Vae *v = NULL;
    VaeTrainState s;
    if (checkpoint_load(path, &v, &s) != VAE_OK) return 0; /* a damaged one is not offered */
    vae_free(v);
    *epoch = s.epoch;
    struct tm tm;
    localtime_r(&st.st_mtime, &tm);
    strftime(when, when_len, "%Y-%m-%d %H:%M", &tm);
    return 1;
}

void autosave_set_aside(void) {
    char from[3100], to[3100];
    if (autosave_path(from, sizeof from) == 0 && file_in_home("autosave-previous.vaeckpt", to, sizeof to) == 0)
        rename(from, to);
}
