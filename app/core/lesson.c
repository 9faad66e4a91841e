/* lesson.c - reading and writing lesson files (see lesson.h).
 * Owns: the file format. Must not: use SDL or GL, or touch the window or the worker. */
#include "lesson.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *trim(char *s) {
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    return s;
}

static int parse_panels(const char *v) {
    int mask = 0;
    for (; *v; v++)
        if (*v >= '1' && *v <= '0' + LESSON_TABS) mask |= 1 << (*v - '1');
    return mask;
}

static int lesson_set(Lesson *l, const char *k, const char *v) {
    if (!strcmp(k, "data"))
        l->has_data = snprintf(l->data, sizeof l->data, "%s", v) > 0;
    else if (!strcmp(k, "latent"))
        l->has_latent = (l->latent = atoi(v)) > 0;
    else if (!strcmp(k, "hidden"))
        l->has_hidden = snprintf(l->hidden, sizeof l->hidden, "%s", v) > 0;
    else if (!strcmp(k, "beta")) {
        l->beta = (float)atof(v);
        l->has_beta = 1;
    } else if (!strcmp(k, "lr"))
        l->has_lr = (l->lr = (float)atof(v)) > 0.f;
    else if (!strcmp(k, "batch"))
        l->has_batch = (l->batch = atoi(v)) > 0;
    else if (!strcmp(k, "seed")) {
        l->seed = strtoull(v, NULL, 10);
        l->has_seed = 1;
    } else if (!strcmp(k, "panels"))
        l->panels = parse_panels(v);
    else if (!strcmp(k, "lang"))
        l->has_lang = snprintf(l->lang, sizeof l->lang, "%s", v) > 0;
    else if (!strcmp(k, "scale"))
        l->has_scale = (l->scale = (float)atof(v)) > 0.f;
    else if (!strcmp(k, "select"))
        l->has_select = (l->select = atoi(v)) >= 0;
    else
        return -1;
    return 0;
}

int lesson_read(const char *path, Lesson *l) {
    FILE *f = fopen(path, "r");
    char line[1200];
    if (!f) return -1;
    memset(l, 0, sizeof *l);
    int bad = 0;
    while (fgets(line, sizeof line, f)) {
        char *s = trim(line), *eq = strchr(s, '=');
        if (!*s || *s == '#') continue;
        if (!eq) {
            bad = 1;
            continue;
        }
        *eq = 0;
        if (lesson_set(l, trim(s), trim(eq + 1)) != 0) bad = 1;
    }
    if (ferror(f)) bad = 1;
    fclose(f);
    if (!l->panels) l->panels = LESSON_ALL_PANELS;
    return bad ? -1 : 0;
}

static void print_lesson(FILE *f, const Lesson *l) {
    fprintf(f, "# VAE Explorer lesson: key = value. Open with vae-explorer --lesson FILE.\n");
    fprintf(f, "data = %s\nlatent = %d\nhidden = %s\nbeta = %g\nlr = %g\nbatch = %d\nseed = %llu\n", l->data, l->latent,
            l->hidden, (double)l->beta, (double)l->lr, l->batch, (unsigned long long)l->seed);
    fprintf(f, "panels = ");
    for (int i = 0, first = 1; i < LESSON_TABS; i++)
        if (l->panels & (1 << i)) {
            fprintf(f, first ? "%d" : ",%d", i + 1);
            first = 0;
        }
    fprintf(f, "\nlang = %s\nscale = %g\n", l->lang, (double)l->scale);
    if (l->has_select) fprintf(f, "select = %d\n", l->select);
}

int lesson_write(const char *path, const Lesson *l) {
    char tmp[1100];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (n < 0 || (size_t)n >= sizeof tmp) return -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        return -1;
    }
    print_lesson(f, l);
    int ok = fflush(f) == 0 && !ferror(f) && fsync(fd) == 0;
    ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp, path) == 0) return 0;
    unlink(tmp);
    return -1;
}

VaeConfig lesson_config(const Lesson *l, VaeConfig c) {
    if (l->has_latent) c.latent_dim = l->latent;
    if (l->has_hidden) vae_config_parse_hidden(&c, l->hidden);
    if (l->has_seed) c.seed = l->seed;
    if (l->has_beta) c.beta = l->beta;
    return c;
}

void lesson_hidden_list(const VaeConfig *c, char *buf, size_t len) {
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < c->n_hidden && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, i ? ",%d" : "%d", c->hidden[i]);
    if (c->n_hidden == 0) snprintf(buf, len, "none");
}
