/* autosave.c - where the autosave lives and how it is offered (see autosave.h). The
 * user data folder itself comes from datadir.c. */
#include "autosave.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "checkpoint.h"
#include "datadir.h"

static int file_in_home(const char *name, char *out, size_t len) {
    char dir[3000];
    if (datadir_user_data(dir, sizeof dir) != 0) return -1;
    datadir_make(dir); /* a failure shows when the file is written */
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
