/* checkpoint.c - the model file: layout, atomic save, verified load (see checkpoint.h).
 *
 * Layout (little-endian): "VAEXCKPT", u32 version, (format 2 on) char writer[16] - the
 * version of the app that wrote the file, NUL-padded -, the config (u32 input, u32 n_hidden,
 * u32 hidden[4], u32 latent, u32 likelihood, f32 gaussian_logvar, f32 beta, u64 seed),
 * the training state (u32 binarize, i32 epoch, i64 step, f32 lr, i32 batch, u64 rng[4]),
 * i64 adam_t, u64 n_params, f32 params[n], f32 adam_m[n], f32 adam_v[n], u32 CRC32 of
 * every byte before it. Format 1 files (no writer) still load. */
#include "checkpoint.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MAGIC "VAEXCKPT"
#define HEADER_BYTES (8 + 4 + 4 * 8 + 4 + 4 + 8 + 4 + 4 + 8 + 4 + 4 + 32 + 8 + 8) /* format 1 */
#define WRITER_BYTES 16
#define MAX_PARAMS ((uint64_t)1 << 28)

/* ---- byte cursor ---- */

typedef struct {
    uint8_t *p;
    const uint8_t *r;
    size_t at;
} Cursor;

static void put(Cursor *c, const void *src, size_t n) {
    memcpy(c->p + c->at, src, n); /* x86-64 and ARM64 hosts are little-endian */
    c->at += n;
}
static void put_u32(Cursor *c, uint32_t v) { put(c, &v, 4); }
static void put_u64(Cursor *c, uint64_t v) { put(c, &v, 8); }
static void put_f32(Cursor *c, float v) { put(c, &v, 4); }

static void get(Cursor *c, void *dst, size_t n) {
    memcpy(dst, c->r + c->at, n);
    c->at += n;
}
static uint32_t get_u32(Cursor *c) {
    uint32_t v;
    get(c, &v, 4);
    return v;
}
static uint64_t get_u64(Cursor *c) {
    uint64_t v;
    get(c, &v, 8);
    return v;
}
static float get_f32(Cursor *c) {
    float v;
    get(c, &v, 4);
    return v;
}

/* A parameter-shaped buffer in the file's order: every W as (out, in). The model stores
 * the first encoder layer's W transposed (vae.h: VaeDense.transposed). Element copies
 * go through memcpy: the file's bytes need not be aligned for a float. */
static void put_params(Cursor *c, const VaeModel *m, const float *src) {
    uint8_t *dst = c->p + c->at;
    memcpy(dst, src, m->n_params * sizeof(float));
    for (int l = 0; l < m->n_layers; l++) {
        const VaeDense *d = &m->enc[l];
        if (!d->transposed) continue;
        for (int o = 0; o < d->out; o++)
            for (int i = 0; i < d->in; i++)
                memcpy(dst + (d->w + (size_t)o * (size_t)d->in + (size_t)i) * sizeof(float),
                       &src[vae_dense_at(d, o, i)], sizeof(float));
    }
    c->at += m->n_params * sizeof(float);
}

static void get_params(Cursor *c, const VaeModel *m, float *dst) {
    const uint8_t *src = c->r + c->at;
    memcpy(dst, src, m->n_params * sizeof(float));
    for (int l = 0; l < m->n_layers; l++) {
        const VaeDense *d = &m->enc[l];
        if (!d->transposed) continue;
        for (int o = 0; o < d->out; o++)
            for (int i = 0; i < d->in; i++)
                memcpy(&dst[vae_dense_at(d, o, i)],
                       src + (d->w + (size_t)o * (size_t)d->in + (size_t)i) * sizeof(float), sizeof(float));
    }
    c->at += m->n_params * sizeof(float);
}

static size_t header_bytes(uint32_t version) { return HEADER_BYTES + (version >= 2 ? WRITER_BYTES : 0); }

static size_t file_bytes(uint32_t version, uint64_t n_params) {
    return header_bytes(version) + (size_t)n_params * 12 + 4;
}

static void write_header(Cursor *c, const Vae *vae, const VaeTrainState *s) {
    const VaeConfig *cfg = &vae->model.cfg;
    char writer[WRITER_BYTES] = {0};
    memcpy(writer, s->writer, strnlen(s->writer, WRITER_BYTES - 1));
    put(c, MAGIC, 8);
    put_u32(c, CHECKPOINT_VERSION);
    put(c, writer, WRITER_BYTES);
    put_u32(c, (uint32_t)cfg->input_dim);
    put_u32(c, (uint32_t)cfg->n_hidden);
    for (int i = 0; i < VAE_MAX_HIDDEN; i++) put_u32(c, (uint32_t)(i < cfg->n_hidden ? cfg->hidden[i] : 0));
    put_u32(c, (uint32_t)cfg->latent_dim);
    put_u32(c, (uint32_t)cfg->likelihood);
    put_f32(c, cfg->gaussian_logvar);
    put_f32(c, cfg->beta);
    put_u64(c, cfg->seed);
    put_u32(c, (uint32_t)s->binarize);
    put_u32(c, (uint32_t)s->epoch);
    put_u64(c, (uint64_t)s->step);
    put_f32(c, s->lr);
    put_u32(c, (uint32_t)s->batch);
    for (int i = 0; i < 4; i++) put_u64(c, s->rng.s[i]);
    put_u64(c, (uint64_t)vae->adam_t);
    put_u64(c, vae->model.n_params);
}

/* ---- save ---- */

static VaeStatus write_all(int fd, const uint8_t *buf, size_t n, const char *path) {
    while (n > 0) {
        ssize_t k = write(fd, buf, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0)
            return vae_fail(VAE_ERR_IO, "could not write %s: %s; the previous file is kept", path,
                            k < 0 ? strerror(errno) : "short write");
        buf += k;
        n -= (size_t)k;
    }
    return VAE_OK;
}

static void fsync_dir_of(const char *path) {
    char *copy = strdup(path);
    if (!copy) return;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

VaeStatus checkpoint_save(const char *path, const Vae *vae, const VaeTrainState *state) {
    size_t n = file_bytes(CHECKPOINT_VERSION, vae->model.n_params);
    uint8_t *buf = malloc(n);
    if (!buf) return vae_fail(VAE_ERR_NOMEM, "out of memory saving %s", path);
    Cursor c = {buf, NULL, 0};
    write_header(&c, vae, state);
    put_params(&c, &vae->model, vae->model.params);
    put_params(&c, &vae->model, vae->adam_m);
    put_params(&c, &vae->model, vae->adam_v);
    put_u32(&c, (uint32_t)crc32(0L, buf, (uInt)c.at));

    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        free(buf);
        return vae_fail(VAE_ERR_NOMEM, "out of memory saving %s", path);
    }
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    VaeStatus st = VAE_OK;
    if (fd < 0) {
        st = vae_fail(VAE_ERR_IO, "could not create a file next to %s: %s", path, strerror(errno));
    } else {
        st = write_all(fd, buf, n, path);
        if (st == VAE_OK && fsync(fd) != 0)
            st = vae_fail(VAE_ERR_IO, "could not flush %s: %s; the previous file is kept", path, strerror(errno));
        if (close(fd) != 0 && st == VAE_OK)
            st = vae_fail(VAE_ERR_IO, "could not close %s: %s; the previous file is kept", path, strerror(errno));
        if (st == VAE_OK && rename(tmp, path) != 0)
            st = vae_fail(VAE_ERR_IO, "could not replace %s: %s", path, strerror(errno));
        if (st != VAE_OK)
            unlink(tmp);
        else
            fsync_dir_of(path);
    }
    free(tmp);
    free(buf);
    return st;
}

/* ---- load ---- */

static VaeStatus read_config(Cursor *c, VaeConfig *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->input_dim = (int)get_u32(c);
    cfg->n_hidden = (int)get_u32(c);
    for (int i = 0; i < VAE_MAX_HIDDEN; i++) cfg->hidden[i] = (int)get_u32(c);
    cfg->latent_dim = (int)get_u32(c);
    cfg->likelihood = (VaeLikelihood)get_u32(c);
    cfg->gaussian_logvar = get_f32(c);
    cfg->beta = get_f32(c);
    cfg->seed = get_u64(c);
    if (cfg->n_hidden < 0 || cfg->n_hidden > VAE_MAX_HIDDEN)
        return vae_fail(VAE_ERR_FORMAT, "the model file has a bad configuration (%d hidden layers)", cfg->n_hidden);
    for (int i = cfg->n_hidden; i < VAE_MAX_HIDDEN; i++) cfg->hidden[i] = 0;
    VaeStatus st = vae_config_check(cfg);
    if (st != VAE_OK) return vae_fail(VAE_ERR_FORMAT, "the model file has a bad configuration: %s", vae_last_error());
    return VAE_OK;
}

static VaeStatus read_state(Cursor *c, VaeTrainState *s) {
    uint32_t bin = get_u32(c);
    s->binarize = (VaeBinarize)bin;
    s->epoch = (int)get_u32(c);
    s->step = (long)get_u64(c);
    s->lr = get_f32(c);
    s->batch = (int)get_u32(c);
    for (int i = 0; i < 4; i++) s->rng.s[i] = get_u64(c);
    if (bin > VAE_BINARIZE_STATIC || s->epoch < 0 || s->step < 0 || s->batch < 1 || !(s->lr > 0.0f) || !isfinite(s->lr))
        return vae_fail(VAE_ERR_FORMAT, "the model file has a bad training state");
    return VAE_OK;
}

static VaeStatus check_envelope(const uint8_t *buf, size_t len) {
    if (len == 0) return vae_fail(VAE_ERR_FORMAT, "the model file is empty");
    if (len < 12 || memcmp(buf, MAGIC, 8) != 0)
        return vae_fail(VAE_ERR_FORMAT, "not a VAE Explorer model file (bad magic)");
    uint32_t version;
    memcpy(&version, buf + 8, 4);
    if (version < 1 || version > CHECKPOINT_VERSION)
        return vae_fail(VAE_ERR_MISMATCH, "model file format version %u; this app reads versions 1 to %d", version,
                        CHECKPOINT_VERSION);
    if (len < header_bytes(version) + 4)
        return vae_fail(VAE_ERR_FORMAT, "the model file is truncated (%zu bytes)", len);
    uint64_t n_params;
    memcpy(&n_params, buf + header_bytes(version) - 8, 8);
    if (n_params == 0 || n_params > MAX_PARAMS)
        return vae_fail(VAE_ERR_FORMAT, "the model file claims %llu parameters", (unsigned long long)n_params);
    size_t want = file_bytes(version, n_params);
    if (len < want) return vae_fail(VAE_ERR_FORMAT, "the model file is truncated (%zu of %zu bytes)", len, want);
    if (len > want) return vae_fail(VAE_ERR_FORMAT, "the model file has %zu unexpected trailing bytes", len - want);
    uint32_t stored;
    memcpy(&stored, buf + want - 4, 4);
    if ((uint32_t)crc32(0L, buf, (uInt)(want - 4)) != stored)
        return vae_fail(VAE_ERR_FORMAT, "the model file is corrupted (checksum mismatch)");
    return VAE_OK;
}

VaeStatus checkpoint_parse(const uint8_t *buf, size_t len, Vae **out, VaeTrainState *state) {
    VaeStatus st = check_envelope(buf, len);
    if (st != VAE_OK) return st;
    Cursor c = {NULL, buf, 12};
    VaeConfig cfg;
    VaeTrainState s;
    uint32_t version;
    char writer[WRITER_BYTES] = {0};
    memcpy(&version, buf + 8, 4);
    if (version >= 2) {
        memcpy(writer, buf + 12, WRITER_BYTES - 1);
        c.at += WRITER_BYTES;
    }
    if ((st = read_config(&c, &cfg)) != VAE_OK || (st = read_state(&c, &s)) != VAE_OK) return st;
    memcpy(s.writer, writer, WRITER_BYTES);
    long adam_t = (long)get_u64(&c);
    uint64_t n_params = get_u64(&c);
    /* the file's size already matches n_params (checked above), so a config that asks
     * for more must be refused before anything is allocated */
    if (vae_config_param_count(&cfg) != n_params)
        return vae_fail(VAE_ERR_FORMAT, "the model file's parameter count does not match its configuration");
    Vae *vae;
    if ((st = vae_create(&cfg, &vae)) != VAE_OK) return st;
    get_params(&c, &vae->model, vae->model.params);
    get_params(&c, &vae->model, vae->adam_m);
    get_params(&c, &vae->model, vae->adam_v);
    vae->adam_t = adam_t < 0 ? 0 : adam_t;
    for (size_t i = 0; i < n_params; i++)
        if (!isfinite(vae->model.params[i])) {
            vae_free(vae);
            return vae_fail(VAE_ERR_FORMAT, "the model file holds NaN or Inf parameters");
        }
    *out = vae;
    if (state) *state = s;
    return VAE_OK;
}

static VaeStatus read_file(const char *path, uint8_t **buf, size_t *len) {
    return file_read_all(path, file_bytes(CHECKPOINT_VERSION, MAX_PARAMS), "a model file", buf, len);
}

VaeStatus checkpoint_load(const char *path, Vae **out, VaeTrainState *state) {
    uint8_t *buf = NULL;
    size_t len = 0;
    VaeStatus st = read_file(path, &buf, &len);
    if (st != VAE_OK) return st;
    st = checkpoint_parse(buf, len, out, state);
    free(buf);
    if (st != VAE_OK) {
        char reason[400];
        snprintf(reason, sizeof reason, "%s", vae_last_error());
        return vae_fail(st, "%s: %s", path, reason);
    }
    return VAE_OK;
}

VaeStatus checkpoint_load_into(const char *path, Vae *dst, VaeTrainState *state) {
    Vae *loaded;
    VaeStatus st = checkpoint_load(path, &loaded, state);
    if (st != VAE_OK) return st;
    char a[128], b[128];
    vae_config_describe(&loaded->model.cfg, a, sizeof a);
    vae_config_describe(&dst->model.cfg, b, sizeof b);
    if (strcmp(a, b) != 0 || loaded->model.cfg.likelihood != dst->model.cfg.likelihood) {
        vae_free(loaded);
        return vae_fail(VAE_ERR_MISMATCH, "%s holds a %s model; this one is %s", path, a, b);
    }
    st = vae_copy_params(dst, loaded, 1);
    vae_free(loaded);
    return st;
}
