/* config.c - the window's saved state (see config.h). */
#include "config.h"

#include "datadir.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int config_path(char *out, int len) {
    char dir[900];
    if (datadir_user_config(dir, sizeof dir) != 0) return -1;
    return snprintf(out, (size_t)len, "%s/window.conf", dir) < len ? 0 : -1;
}

/* One "key value" line into c; returns 0, or -1 for a line that is not valid. */
static int config_line(WindowConfig *c, const char *key, const char *val) {
    char *end;
    errno = 0;
    double v = strtod(val, &end);
    if (errno || end == val || (*end && *end != '\n') || !isfinite(v)) return -1;
    if (!strcmp(key, "x") && fabs(v) < 65536)
        c->x = (int)v, c->has_pos |= 1;
    else if (!strcmp(key, "y") && fabs(v) < 65536)
        c->y = (int)v, c->has_pos |= 2;
    else if (!strcmp(key, "w") && v >= 320 && v <= 16384)
        c->w = (int)v, c->has_size |= 1;
    else if (!strcmp(key, "h") && v >= 240 && v <= 16384)
        c->h = (int)v, c->has_size |= 2;
    else if (!strcmp(key, "scale") && v >= 0.5 && v <= 3.0)
        c->scale = (float)v, c->has_scale = 1;
    else if (!strcmp(key, "fullscreen") && (v == 0 || v == 1))
        c->fullscreen = (int)v;
    else if (!strcmp(key, "lang") && (v == 0 || v == 1))
        c->lang = (int)v, c->has_lang = 1;
    else if (!strcmp(key, "dark") && (v == 0 || v == 1))
        c->dark = (int)v, c->has_dark = 1;
    else if (!strcmp(key, "data") && (v == 0 || v == 1))
        c->data = (int)v, c->has_data = 1;
    else
        return -1;
    return 0;
}

void config_load(WindowConfig *c) {
    char path[1024], line[256], key[32], val[64];
    memset(c, 0, sizeof *c);
    if (config_path(path, sizeof path) != 0) return;
    FILE *f = fopen(path, "r");
    if (!f) return;
    int bad = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        if (sscanf(line, "%31s %63s", key, val) != 2 || config_line(c, key, val) != 0) bad++;
    }
    fclose(f);
    c->has_pos = c->has_pos == 3;
    c->has_size = c->has_size == 3;
    if (bad) { /* keep what was valid; set the file aside so the user can look at it */
        char aside[1100];
        snprintf(aside, sizeof aside, "%s.bad", path);
        rename(path, aside);
        fprintf(stderr, "vae-explorer: %s had %d unreadable line%s; it was renamed to %s and defaults are used\n", path,
                bad, bad == 1 ? "" : "s", aside);
    }
}

static int make_dirs(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        int rc = mkdir(path, 0755);
        *p = '/';
        if (rc != 0 && errno != EEXIST) return -1;
    }
    return 0;
}

int config_save(const WindowConfig *c) {
    char path[1024], tmp[1100], text[512];
    if (config_path(path, sizeof path) != 0) return -1;
    int n = snprintf(text, sizeof text,
                     "# VAE Explorer window state (written on exit)\nx %d\ny %d\nw %d\nh %d\nscale %.3f\n"
                     "fullscreen %d\ndark %d\n",
                     c->x, c->y, c->w, c->h, (double)c->scale, c->fullscreen, c->dark);
    if (c->has_data) n += snprintf(text + n, sizeof text - (size_t)n, "data %d\n", c->data);
    if (c->has_lang) /* only a language the user chose (F2): else the environment decides */
        n += snprintf(text + n, sizeof text - (size_t)n, "lang %d\n", c->lang);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = make_dirs(tmp) == 0 ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
    int ok = fd >= 0 && write(fd, text, (size_t)n) == n && fsync(fd) == 0;
    if (fd >= 0) ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        fprintf(stderr, "vae-explorer: cannot save the window state to %s: %s\n", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}
