/* data.c - MNIST-format (IDX) datasets: the reader, validation, batching (see data.h).
 *
 * Owns: reading IDX image and label files, raw or gzip (detected by the magic 1f 8b,
 * inflated by zlib into a buffer that never grows past what the header implies, so a
 * gzip bomb cannot exhaust memory), strict validation (magic, dims, exact size, count
 * limits, label range, image/label count match), the binarisation modes and batches.
 * Must not: print or exit; every failure is a VaeStatus plus one line naming the file. */
#include "data.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define IDX_MAGIC_IMAGES 0x00000803u
#define IDX_MAGIC_LABELS 0x00000801u
#define IDX_MAX_SIDE 1024
#define IDX_MAX_BYTES ((size_t)1 << 30) /* pixels of one file: 1 GiB is absurd enough */
#define IDX_MAX_FILE (IDX_MAX_BYTES + 16)
#define MEMORY_NAME "IDX data in memory"

/* ---- small helpers ---- */

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int is_gzip(const uint8_t *buf, size_t len) { return len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b; }

/* Checks the magic of an IDX file with `ndims` dimensions of unsigned bytes. */
static VaeStatus check_magic(const char *name, const uint8_t *buf, int ndims) {
    uint32_t magic = be32(buf);
    uint32_t want = ndims == 3 ? IDX_MAGIC_IMAGES : IDX_MAGIC_LABELS;
    const char *what = ndims == 3 ? "image" : "label";
    if (magic == want) return VAE_OK;
    if (buf[0] != 0 || buf[1] != 0)
        return vae_fail(VAE_ERR_FORMAT, "%s: not an IDX %s file (magic 0x%08x, expected 0x%08x)", name, what, magic,
                        want);
    if (buf[2] != 0x08)
        return vae_fail(VAE_ERR_FORMAT, "%s: IDX element type 0x%02x, expected unsigned bytes (0x08)", name, buf[2]);
    if (magic == IDX_MAGIC_IMAGES || magic == IDX_MAGIC_LABELS)
        return vae_fail(VAE_ERR_FORMAT, "%s: this is an IDX %s file, expected the %s file", name,
                        ndims == 3 ? "label" : "image", what);
    return vae_fail(VAE_ERR_FORMAT, "%s: IDX %s file with %d dimensions, expected %d", name, what, buf[3], ndims);
}

/* Validates an image header (16 bytes) and gives the exact file size it implies. */
static VaeStatus image_header(const char *name, const uint8_t *h, size_t *count, int *rows, int *cols, size_t *total) {
    VaeStatus s = check_magic(name, h, 3);
    if (s != VAE_OK) return s;
    uint32_t n = be32(h + 4), r = be32(h + 8), c = be32(h + 12);
    if (r < 1 || r > IDX_MAX_SIDE || c < 1 || c > IDX_MAX_SIDE)
        return vae_fail(VAE_ERR_FORMAT, "%s: images of %u x %u pixels (each side must be 1..%d)", name, r, c,
                        IDX_MAX_SIDE);
    if (n == 0) return vae_fail(VAE_ERR_FORMAT, "%s: the file holds no images", name);
    size_t dim = (size_t)r * c;
    if (n > (uint32_t)INT_MAX || (size_t)n > IDX_MAX_BYTES / dim)
        return vae_fail(VAE_ERR_FORMAT,
                        "%s: %u images of %u x %u pixels is absurdly large "
                        "(limit %zu MiB)",
                        name, n, r, c, IDX_MAX_BYTES >> 20);
    *count = n;
    *rows = (int)r;
    *cols = (int)c;
    *total = 16 + (size_t)n * dim;
    return VAE_OK;
}

static VaeStatus label_header(const char *name, const uint8_t *h, size_t *count, size_t *total) {
    VaeStatus s = check_magic(name, h, 1);
    if (s != VAE_OK) return s;
    uint32_t n = be32(h + 4);
    if (n == 0) return vae_fail(VAE_ERR_FORMAT, "%s: the file holds no labels", name);
    if (n > (uint32_t)INT_MAX || (size_t)n > IDX_MAX_BYTES)
        return vae_fail(VAE_ERR_FORMAT, "%s: %u labels is absurdly many", name, n);
    *count = n;
    *total = 8 + (size_t)n;
    return VAE_OK;
}

/* Computes the exact size implied by a header of `hlen` bytes (16 images, 8 labels). */
static VaeStatus header_total(const char *name, const uint8_t *h, size_t hlen, size_t *total) {
    size_t count = 0;
    int rows = 0, cols = 0;
    if (hlen == 16) return image_header(name, h, &count, &rows, &cols, total);
    return label_header(name, h, &count, total);
}

static VaeStatus size_check(const char *name, size_t len, size_t want) {
    if (len < want)
        return vae_fail(VAE_ERR_FORMAT, "%s: truncated (%zu bytes, the header implies %zu)", name, len, want);
    if (len > want)
        return vae_fail(VAE_ERR_FORMAT, "%s: %zu unexpected trailing bytes after the data", name, len - want);
    return VAE_OK;
}

/* ---- gzip ---- */

typedef struct {
    z_stream z;
    uint8_t *out;
    size_t len, cap;
} Gunzip;

/* Inflates until `g->len == want` (or the stream ends), growing the buffer in steps so
 * memory follows the data actually present, never beyond `want`. */
static int gunzip_fill(Gunzip *g, size_t want) {
    int rc = Z_OK;
    while (g->len < want && rc == Z_OK) {
        if (g->len == g->cap) {
            size_t cap = g->cap < (4u << 20) ? (4u << 20) : g->cap * 2;
            if (cap > want) cap = want;
            uint8_t *p = realloc(g->out, cap);
            if (!p) return Z_MEM_ERROR;
            g->out = p;
            g->cap = cap;
        }
        size_t room = g->cap - g->len;
        g->z.next_out = g->out + g->len;
        g->z.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
        uInt before = g->z.avail_out;
        rc = inflate(&g->z, Z_NO_FLUSH);
        g->len += before - g->z.avail_out;
        if (rc == Z_BUF_ERROR && g->z.avail_out > 0) break; /* input exhausted */
        if (rc == Z_BUF_ERROR) rc = Z_OK;
    }
    return rc;
}

static VaeStatus gunzip_error(const char *name, int rc, const Gunzip *g) {
    if (rc == Z_MEM_ERROR) return vae_fail(VAE_ERR_NOMEM, "%s: out of memory while inflating", name);
    if (rc == Z_DATA_ERROR || rc == Z_STREAM_ERROR || rc == Z_NEED_DICT)
        return vae_fail(VAE_ERR_FORMAT, "%s: corrupt gzip data (%s)", name, g->z.msg ? g->z.msg : "inflate failed");
    return vae_fail(VAE_ERR_FORMAT, "%s: truncated gzip file", name);
}

/* Inflates a whole single-member gzip IDX file whose header is `hlen` bytes, refusing
 * any output beyond the size the header implies. */
static VaeStatus gunzip_idx(const char *name, const uint8_t *buf, size_t len, size_t hlen, uint8_t **out,
                            size_t *out_len) {
    Gunzip g = {0};
    if (len > UINT_MAX) return vae_fail(VAE_ERR_FORMAT, "%s: gzip file too large", name);
    if (inflateInit2(&g.z, 16 + MAX_WBITS) != Z_OK) return vae_fail(VAE_ERR_NOMEM, "%s: cannot start zlib", name);
    g.z.next_in = (Bytef *)(uintptr_t)buf;
    g.z.avail_in = (uInt)len;
    VaeStatus s = VAE_OK;
    int rc = gunzip_fill(&g, hlen);
    size_t total = 0;
    if (g.len < hlen) s = rc == Z_STREAM_END ? size_check(name, g.len, hlen) : gunzip_error(name, rc, &g);
    if (s == VAE_OK) s = header_total(name, g.out, hlen, &total);
    if (s == VAE_OK) {
        rc = gunzip_fill(&g, total + 1); /* one byte more reveals trailing data */
        if (g.len > total)
            s = size_check(name, g.len, total);
        else if (rc != Z_STREAM_END)
            s = gunzip_error(name, rc, &g);
        else if (g.len < total)
            s = size_check(name, g.len, total);
        else if (g.z.avail_in > 0)
            s = vae_fail(VAE_ERR_FORMAT, "%s: %u unexpected bytes after the gzip stream", name, g.z.avail_in);
    }
    inflateEnd(&g.z);
    if (s != VAE_OK) {
        free(g.out);
        return s;
    }
    *out = g.out;
    *out_len = g.len;
    return VAE_OK;
}

/* ---- parsing ---- */

/* own: NULL when buf is borrowed; else the caller's pointer to buf (malloc'ed), which a
 * parser may take (setting *own to NULL) to keep the pixels without a second copy. */
static VaeStatus parse_images_raw(const char *name, const uint8_t *buf, size_t len, uint8_t **own, VaeDataset *out) {
    size_t count = 0, total = 0;
    int rows = 0, cols = 0;
    if (len < 16) return size_check(name, len, 16);
    VaeStatus s = image_header(name, buf, &count, &rows, &cols, &total);
    if (s == VAE_OK) s = size_check(name, len, total);
    if (s != VAE_OK) return s;
    uint8_t *pixels;
    if (own && *own == buf) { /* in place: the file's buffer becomes the pixels */
        pixels = *own;
        *own = NULL;
        memmove(pixels, pixels + 16, total - 16);
        uint8_t *shrunk = realloc(pixels, total - 16 > 0 ? total - 16 : 1);
        if (shrunk) pixels = shrunk;
    } else {
        pixels = malloc(total - 16 > 0 ? total - 16 : 1);
        if (!pixels) return vae_fail(VAE_ERR_NOMEM, "%s: out of memory for %zu pixels", name, total - 16);
        memcpy(pixels, buf + 16, total - 16);
    }
    memset(out, 0, sizeof *out);
    out->count = (int)count;
    out->rows = rows;
    out->cols = cols;
    out->dim = rows * cols;
    out->pixels = pixels;
    return VAE_OK;
}

static VaeStatus parse_labels_raw(const char *name, const uint8_t *buf, size_t len, uint8_t **own, VaeDataset *ds) {
    (void)own; /* labels are small: always copied */
    size_t count = 0, total = 0;
    if (len < 8) return size_check(name, len, 8);
    VaeStatus s = label_header(name, buf, &count, &total);
    if (s == VAE_OK) s = size_check(name, len, total);
    if (s != VAE_OK) return s;
    if (ds->pixels && count != (size_t)ds->count)
        return vae_fail(VAE_ERR_MISMATCH, "%s: %zu labels for %d images", name, count, ds->count);
    for (size_t i = 0; i < count; i++)
        if (buf[8 + i] > 9)
            return vae_fail(VAE_ERR_FORMAT, "%s: label %d at index %zu is outside 0..9", name, buf[8 + i], i);
    uint8_t *labels = malloc(count);
    if (!labels) return vae_fail(VAE_ERR_NOMEM, "%s: out of memory for %zu labels", name, count);
    memcpy(labels, buf + 8, count);
    free(ds->labels);
    ds->labels = labels;
    if (!ds->pixels) ds->count = (int)count;
    return VAE_OK;
}

typedef VaeStatus (*RawParser)(const char *, const uint8_t *, size_t, uint8_t **, VaeDataset *);

/* Parses raw or gzip data with `raw` (header of `hlen` bytes). */
static VaeStatus parse_any(const char *name, const uint8_t *buf, size_t len, uint8_t **own, size_t hlen, RawParser raw,
                           VaeDataset *ds) {
    if (!buf && len) return vae_fail(VAE_ERR_ARG, "%s: no data", name);
    if (!is_gzip(buf, len)) return raw(name, buf, len, own, ds);
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    VaeStatus s = gunzip_idx(name, buf, len, hlen, &plain, &plain_len);
    if (s == VAE_OK) s = raw(name, plain, plain_len, &plain, ds);
    free(plain);
    return s;
}

static VaeStatus parse_images(const char *name, const uint8_t *buf, size_t len, uint8_t **own, VaeDataset *out) {
    return parse_any(name, buf, len, own, 16, parse_images_raw, out);
}

static VaeStatus parse_labels(const char *name, const uint8_t *buf, size_t len, uint8_t **own, VaeDataset *ds) {
    return parse_any(name, buf, len, own, 8, parse_labels_raw, ds);
}

VaeStatus data_parse_idx_images(const uint8_t *buf, size_t len, VaeDataset *out) {
    if (!out) return vae_fail(VAE_ERR_ARG, "data_parse_idx_images: no output");
    memset(out, 0, sizeof *out);
    return parse_images(MEMORY_NAME, buf, len, NULL, out);
}

VaeStatus data_parse_idx_labels(const uint8_t *buf, size_t len, VaeDataset *ds) {
    if (!ds) return vae_fail(VAE_ERR_ARG, "data_parse_idx_labels: no dataset");
    return parse_labels(MEMORY_NAME, buf, len, NULL, ds);
}

/* ---- files ---- */

static VaeStatus read_all(const char *path, uint8_t **out, size_t *out_len) {
    return file_read_all(path, IDX_MAX_FILE, "an IDX file", out, out_len);
}

static VaeStatus load_file(const char *path, RawParser parse, VaeDataset *ds) {
    uint8_t *buf = NULL;
    size_t len = 0;
    VaeStatus s = read_all(path, &buf, &len);
    if (s != VAE_OK) return s;
    s = parse(path, buf, len, &buf, ds); /* the image parser keeps buf as the pixels */
    free(buf);
    return s;
}

VaeStatus data_load_idx(const char *images_path, const char *labels_path, VaeDataset *out) {
    if (!out) return vae_fail(VAE_ERR_ARG, "data_load_idx: no output");
    memset(out, 0, sizeof *out);
    if (!images_path || !labels_path) return vae_fail(VAE_ERR_ARG, "data_load_idx: no path");
    VaeDataset ds = {0};
    VaeStatus s = load_file(images_path, parse_images, &ds);
    if (s == VAE_OK) s = load_file(labels_path, parse_labels, &ds);
    if (s != VAE_OK) {
        data_free(&ds);
        return s;
    }
    *out = ds;
    return VAE_OK;
}

/* Picks <dir>/<base> or else <dir>/<base>.gz into `path`. */
static VaeStatus find_split_file(const char *dir, const char *base, char *path, size_t size) {
    struct stat st;
    int n = snprintf(path, size, "%s/%s", dir, base);
    if (n < 0 || (size_t)n + 3 >= size) return vae_fail(VAE_ERR_ARG, "%s: folder path too long", dir);
    if (stat(path, &st) == 0) return VAE_OK;
    strcat(path, ".gz");
    if (stat(path, &st) == 0) return VAE_OK;
    return vae_fail(VAE_ERR_IO, "%s: no %s or %s.gz in this folder", dir, base, base);
}

VaeStatus data_load_dir(const char *dir, int train, VaeDataset *out) {
    if (!out) return vae_fail(VAE_ERR_ARG, "data_load_dir: no output");
    memset(out, 0, sizeof *out);
    if (!dir) return vae_fail(VAE_ERR_ARG, "data_load_dir: no folder");
    const char *prefix = train ? "train" : "t10k";
    char base[64], images[4096], labels[4096];
    snprintf(base, sizeof base, "%s-images-idx3-ubyte", prefix);
    VaeStatus s = find_split_file(dir, base, images, sizeof images);
    if (s != VAE_OK) return s;
    snprintf(base, sizeof base, "%s-labels-idx1-ubyte", prefix);
    s = find_split_file(dir, base, labels, sizeof labels);
    if (s != VAE_OK) return s;
    return data_load_idx(images, labels, out);
}

void data_free(VaeDataset *ds) {
    if (!ds) return;
    free(ds->pixels);
    free(ds->labels);
    memset(ds, 0, sizeof *ds);
}

void data_truncate(VaeDataset *ds, int n) {
    if (ds && n >= 0 && n < ds->count) ds->count = n;
}

/* ---- binarisation and batches ---- */

const char *data_binarize_name(VaeBinarize mode) {
    switch (mode) {
    case VAE_BINARIZE_NONE:
        return "none";
    case VAE_BINARIZE_DYNAMIC:
        return "dynamic";
    case VAE_BINARIZE_STATIC:
        return "static";
    }
    return "unknown";
}

VaeStatus data_binarize_parse(const char *name, VaeBinarize *out) {
    static const VaeBinarize modes[] = {VAE_BINARIZE_NONE, VAE_BINARIZE_DYNAMIC, VAE_BINARIZE_STATIC};
    for (size_t i = 0; name && out && i < sizeof modes / sizeof modes[0]; i++) {
        if (strcmp(name, data_binarize_name(modes[i])) == 0) {
            *out = modes[i];
            return VAE_OK;
        }
    }
    return vae_fail(VAE_ERR_ARG, "unknown binarisation '%s' (expected none, dynamic or static)",
                    name ? name : "(null)");
}

void data_binarize_static(VaeDataset *ds, uint64_t seed) {
    if (!ds || !ds->pixels) return;
    VaeRng rng;
    rng_seed(&rng, seed);
    size_t n = (size_t)ds->count * (size_t)ds->dim;
    for (size_t i = 0; i < n; i++) ds->pixels[i] = rng_uniform(&rng) < ds->pixels[i] / 255.0 ? 255 : 0;
}

void data_fill_batch(const VaeDataset *ds, const int *idx, int batch, VaeBinarize mode, VaeRng *rng, float *out) {
    int dim = ds->dim;
    for (int b = 0; b < batch; b++) {
        const uint8_t *src = ds->pixels + (size_t)idx[b] * (size_t)dim;
        float *dst = out + (size_t)b * (size_t)dim;
        if (mode == VAE_BINARIZE_DYNAMIC && rng) {
            for (int i = 0; i < dim; i++) dst[i] = rng_uniform(rng) < src[i] / 255.0 ? 1.0f : 0.0f;
        } else {
            for (int i = 0; i < dim; i++) dst[i] = src[i] / 255.f;
        }
    }
}
