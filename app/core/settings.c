/* settings.c - the step tables for the training settings (see settings.h). */
#include "settings.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const float lr_steps[] = {1e-4f, 2e-4f, 5e-4f, 1e-3f, 2e-3f, 5e-3f, 1e-2f};
static const float beta_steps[] = {0.f, 0.1f, 0.25f, 0.5f, 1.f, 1.5f, 2.f, 3.f, 4.f, 6.f, 8.f};
static const int batch_steps[] = {16, 32, 64, 128, 256, 512, 1024};
static const int latent_steps[] = {1, 2, 3, 4, 5, 8, 10, 16, 20, 32, 64};
static const char *const hidden_presets[] = {"512,256", "256,128", "400", "1024,512", "512,256,128", "none"};
#define COUNT(x) ((int)(sizeof(x) / sizeof((x)[0])))

static int nearest_f(const float *v, int n, float x) {
    int best = 0;
    for (int i = 1; i < n; i++)
        if (fabsf(logf(v[i] + 1e-3f) - logf(x + 1e-3f)) < fabsf(logf(v[best] + 1e-3f) - logf(x + 1e-3f))) best = i;
    return best;
}

static int step_index(int i, int dir, int n) {
    i += dir;
    return i < 0 ? 0 : i >= n ? n - 1 : i;
}

float settings_lr_step(float lr, int dir) {
    return lr_steps[step_index(nearest_f(lr_steps, COUNT(lr_steps), lr), dir, COUNT(lr_steps))];
}

float settings_beta_step(float beta, int dir) {
    return beta_steps[step_index(nearest_f(beta_steps, COUNT(beta_steps), beta), dir, COUNT(beta_steps))];
}

static int batch_index(int batch) {
    int i = 0;
    while (i < COUNT(batch_steps) - 1 && batch_steps[i] < batch) i++;
    return i;
}

int settings_batch_step(int batch, int dir) {
    return batch_steps[step_index(batch_index(batch), dir, COUNT(batch_steps))];
}

int settings_batch_at(float t) { return batch_steps[(int)lroundf(t * (COUNT(batch_steps) - 1))]; }

float settings_batch_t(int batch) { return (float)batch_index(batch) / (COUNT(batch_steps) - 1); }

VaeConfig settings_latent_step(VaeConfig cfg, int dir) {
    int i = 0;
    while (i < COUNT(latent_steps) - 1 && latent_steps[i] < cfg.latent_dim) i++;
    cfg.latent_dim = latent_steps[step_index(i, dir, COUNT(latent_steps))];
    return cfg;
}

VaeConfig settings_hidden_next(VaeConfig cfg) {
    char cur[64] = "";
    for (int i = 0; i < cfg.n_hidden; i++)
        snprintf(cur + strlen(cur), sizeof cur - strlen(cur), i ? ",%d" : "%d", cfg.hidden[i]);
    int k = 0;
    while (k < COUNT(hidden_presets) && strcmp(hidden_presets[k], cfg.n_hidden ? cur : "none") != 0) k++;
    vae_config_parse_hidden(&cfg, hidden_presets[(k + 1) % COUNT(hidden_presets)]);
    return cfg;
}
