/* test_data.c - the IDX reader (engine/data.c): real MNIST and Fashion-MNIST, strict
 * refusal of malformed input built in memory and in temporary files (raw and gzip),
 * regression inputs from the fuzzer (tests/data/regress/idx-*), and batch assembly. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "data.h"
#include "testutil.h"

typedef struct {
    uint8_t *p;
    size_t n;
} Buf;

static void put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* An IDX image file of n images (rows x cols), pixel i = i * 7 mod 256. */
static Buf make_images(uint32_t magic, uint32_t n, uint32_t rows, uint32_t cols) {
    size_t body = (size_t)n * rows * cols;
    Buf b = {calloc(16 + body, 1), 16 + body};
    put32(b.p, magic);
    put32(b.p + 4, n);
    put32(b.p + 8, rows);
    put32(b.p + 12, cols);
    for (size_t i = 0; i < body; i++) b.p[16 + i] = (uint8_t)(i * 7);
    return b;
}

static Buf make_labels(uint32_t n) {
    Buf b = {calloc(8 + n, 1), 8 + n};
    put32(b.p, 0x00000801);
    put32(b.p + 4, n);
    for (uint32_t i = 0; i < n; i++) b.p[8 + i] = (uint8_t)(i % 10);
    return b;
}

/* gzip of `data` followed by `zeros` zero bytes (a cheap bomb when zeros is large). */
static Buf gzip_buf(const uint8_t *data, size_t len, size_t zeros) {
    z_stream z = {0};
    deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&z, (uLong)(len + zeros)) + 64;
    if (zeros) cap = len + zeros / 512 + 4096;
    Buf out = {malloc(cap), 0};
    static uint8_t zero[1 << 16];
    z.next_out = out.p;
    z.avail_out = (uInt)cap;
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    deflate(&z, Z_NO_FLUSH);
    while (zeros) {
        size_t k = zeros < sizeof zero ? zeros : sizeof zero;
        z.next_in = zero;
        z.avail_in = (uInt)k;
        deflate(&z, Z_NO_FLUSH);
        zeros -= k;
    }
    int rc = deflate(&z, Z_FINISH);
    CHECK(rc == Z_STREAM_END, "gzip helper failed (%d)", rc);
    out.n = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

/* Checks a refusal: the status, a non-empty message containing `word`. */
static void expect_fail(const char *what, VaeStatus s, VaeStatus want, const char *word) {
    const char *msg = vae_last_error();
    CHECK(s == want, "%s: status %d, expected %d (%s)", what, s, want, msg);
    CHECK(msg && *msg && strstr(msg, word), "%s: message '%s' lacks '%s'", what, msg, word);
    printf("  refused %-28s %s\n", what, msg);
}

static void check_histogram(const VaeDataset *ds, const int *want, const char *what) {
    int hist[10] = {0};
    for (int i = 0; i < ds->count; i++) hist[ds->labels[i]]++;
    for (int d = 0; d < 10; d++)
        CHECK(hist[d] == want[d], "%s: digit %d count %d, expected %d", what, d, hist[d], want[d]);
}

static void test_real_mnist(void) {
    static const int train_hist[10] = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
    static const int test_hist[10] = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
    const char *dir = test_mnist_dir();
    CHECK(dir != NULL, "MNIST data folder missing: run scripts/setup.sh (or set VAE_DATA_DIR)");
    if (!dir) return;
    VaeDataset tr, te;
    VaeStatus s = data_load_dir(dir, 1, &tr);
    CHECK(s == VAE_OK, "train load: %s", vae_last_error());
    CHECK(tr.count == 60000 && tr.rows == 28 && tr.cols == 28 && tr.dim == 784, "train shape %d", tr.count);
    if (s == VAE_OK) check_histogram(&tr, train_hist, "train");
    s = data_load_dir(dir, 0, &te);
    CHECK(s == VAE_OK, "test load: %s", vae_last_error());
    CHECK(te.count == 10000 && te.dim == 784, "test count %d", te.count);
    if (s == VAE_OK) check_histogram(&te, test_hist, "test");
    /* the first test digit is a 7 */
    CHECK(s == VAE_OK && te.labels[0] == 7, "first test label");
    data_free(&tr);
    data_free(&te);
    CHECK(tr.pixels == NULL && tr.count == 0, "data_free zeroes");
}

static void test_fashion(void) {
    const char *dir = "/usr/share/datasets/fashion-mnist";
    char path[512];
    snprintf(path, sizeof path, "%s/t10k-labels-idx1-ubyte.gz", dir);
    if (access(path, R_OK) != 0) {
        printf("note: Fashion-MNIST not installed at %s, skipping\n", dir);
        return;
    }
    static const int each[10] = {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000};
    static const int each_train[10] = {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000};
    VaeDataset ds;
    VaeStatus s = data_load_dir(dir, 0, &ds);
    CHECK(s == VAE_OK && ds.count == 10000 && ds.dim == 784, "fashion test: %s", vae_last_error());
    if (s == VAE_OK) check_histogram(&ds, each, "fashion test");
    data_free(&ds);
    s = data_load_dir(dir, 1, &ds);
    CHECK(s == VAE_OK && ds.count == 60000, "fashion train: %s", vae_last_error());
    if (s == VAE_OK) check_histogram(&ds, each_train, "fashion train");
    data_free(&ds);
}

static void test_valid_memory(void) {
    Buf im = make_images(0x803, 3, 5, 4), lb = make_labels(3);
    VaeDataset ds;
    VaeStatus s = data_parse_idx_images(im.p, im.n, &ds);
    CHECK(s == VAE_OK && ds.count == 3 && ds.rows == 5 && ds.cols == 4 && ds.dim == 20, "small images");
    CHECK(s == VAE_OK && memcmp(ds.pixels, im.p + 16, 60) == 0, "pixels copied");
    s = data_parse_idx_labels(lb.p, lb.n, &ds);
    CHECK(s == VAE_OK && ds.labels && ds.labels[2] == 2, "small labels: %s", vae_last_error());
    data_free(&ds);
    Buf gi = gzip_buf(im.p, im.n, 0), gl = gzip_buf(lb.p, lb.n, 0);
    s = data_parse_idx_images(gi.p, gi.n, &ds);
    CHECK(s == VAE_OK && ds.count == 3 && memcmp(ds.pixels, im.p + 16, 60) == 0, "gzip images: %s", vae_last_error());
    s = data_parse_idx_labels(gl.p, gl.n, &ds);
    CHECK(s == VAE_OK && ds.labels && ds.labels[1] == 1, "gzip labels: %s", vae_last_error());
    data_free(&ds);
    free(im.p), free(lb.p), free(gi.p), free(gl.p);
}

static VaeStatus parse_images_free(const Buf *b) {
    VaeDataset ds;
    VaeStatus s = data_parse_idx_images(b->p, b->n, &ds);
    CHECK(s != VAE_OK ? ds.pixels == NULL : 1, "failed parse left pixels");
    data_free(&ds);
    return s;
}

static void test_bad_headers(void) {
    Buf b = make_images(0x801, 2, 28, 28);
    expect_fail("label magic as images", parse_images_free(&b), VAE_ERR_FORMAT, "label");
    put32(b.p, 0x12345678);
    expect_fail("wrong magic", parse_images_free(&b), VAE_ERR_FORMAT, "magic");
    put32(b.p, 0x00000802);
    expect_fail("two dimensions", parse_images_free(&b), VAE_ERR_FORMAT, "dimensions");
    put32(b.p, 0x00000d03);
    expect_fail("float elements", parse_images_free(&b), VAE_ERR_FORMAT, "element type");
    free(b.p);
    b = make_images(0x803, 2, 0, 28);
    expect_fail("zero rows", parse_images_free(&b), VAE_ERR_FORMAT, "1..1024");
    free(b.p);
    b = make_images(0x803, 1, 1025, 1);
    expect_fail("1025 rows", parse_images_free(&b), VAE_ERR_FORMAT, "1..1024");
    free(b.p);
    b = make_images(0x803, 0, 28, 28);
    expect_fail("zero images", parse_images_free(&b), VAE_ERR_FORMAT, "no images");
    put32(b.p + 4, 0xffffffffu);
    put32(b.p + 8, 1024);
    put32(b.p + 12, 1024);
    expect_fail("count overflow", parse_images_free(&b), VAE_ERR_FORMAT, "absurd");
    put32(b.p + 4, 5000);
    expect_fail("count absurd (5 GB)", parse_images_free(&b), VAE_ERR_FORMAT, "absurd");
    free(b.p);
    Buf tiny = {(uint8_t *)"\0\0\x08", 3};
    expect_fail("3-byte file", parse_images_free(&tiny), VAE_ERR_FORMAT, "truncated");
    expect_fail("empty buffer", parse_images_free(&(Buf){NULL, 0}), VAE_ERR_FORMAT, "truncated");
}

static void test_bad_sizes_and_labels(void) {
    Buf b = make_images(0x803, 3, 28, 28);
    b.n--;
    expect_fail("truncated images", parse_images_free(&b), VAE_ERR_FORMAT, "truncated");
    b.n++;
    b.p = realloc(b.p, b.n + 1);
    b.p[b.n++] = 0;
    expect_fail("trailing byte", parse_images_free(&b), VAE_ERR_FORMAT, "trailing");
    b.n--;
    VaeDataset ds;
    CHECK(data_parse_idx_images(b.p, b.n, &ds) == VAE_OK, "3 images");
    Buf l = make_labels(3);
    l.p[8 + 1] = 10;
    expect_fail("label 10", data_parse_idx_labels(l.p, l.n, &ds), VAE_ERR_FORMAT, "label 10");
    free(l.p);
    l = make_labels(4);
    expect_fail("count mismatch", data_parse_idx_labels(l.p, l.n, &ds), VAE_ERR_MISMATCH, "4 labels for 3");
    l.n--;
    expect_fail("truncated labels", data_parse_idx_labels(l.p, l.n, &ds), VAE_ERR_FORMAT, "truncated");
    CHECK(ds.labels == NULL, "labels stay unset after failures");
    data_free(&ds);
    free(l.p);
    free(b.p);
}

static void test_bad_gzip(void) {
    Buf im = make_images(0x803, 20, 28, 28);
    Buf g = gzip_buf(im.p, im.n, 0);
    Buf cut = {g.p, g.n / 2};
    expect_fail("truncated gzip", parse_images_free(&cut), VAE_ERR_FORMAT, "gzip");
    cut.n = 12;
    expect_fail("gzip cut in header", parse_images_free(&cut), VAE_ERR_FORMAT, "gzip");
    cut.n = g.n - 4; /* missing the length trailer */
    expect_fail("gzip without trailer", parse_images_free(&cut), VAE_ERR_FORMAT, "gzip");
    g.p[g.n - 6] ^= 0x55; /* in the CRC-32 trailer */
    expect_fail("gzip with a bad CRC", parse_images_free(&g), VAE_ERR_FORMAT, "gzip");
    g.p[g.n - 6] ^= 0x55;
    g.p[g.n / 2] ^= 0x55; /* anywhere in the stream: some refusal, whichever check sees it */
    expect_fail("gzip with a flipped byte", parse_images_free(&g), VAE_ERR_FORMAT, "IDX data");
    free(g.p);
    uint8_t garbage[4096];
    for (size_t i = 0; i < sizeof garbage; i++) garbage[i] = (uint8_t)(i * 2654435761u >> 13);
    g = gzip_buf(garbage, sizeof garbage, 0);
    expect_fail("gzip of garbage", parse_images_free(&g), VAE_ERR_FORMAT, "magic");
    free(g.p);
    g = gzip_buf(im.p, im.n, 200u << 20); /* 200 MiB of zeros after the data */
    printf("  gzip bomb: %zu bytes compressed\n", g.n);
    expect_fail("gzip bomb (trailing)", parse_images_free(&g), VAE_ERR_FORMAT, "trailing");
    free(g.p);
    g = gzip_buf(im.p, im.n - 1, 0);
    expect_fail("gzip, content truncated", parse_images_free(&g), VAE_ERR_FORMAT, "truncated");
    free(g.p);
    g = gzip_buf(im.p, im.n, 0);
    g.p = realloc(g.p, g.n + 3);
    memcpy(g.p + g.n, "xyz", 3);
    g.n += 3;
    expect_fail("bytes after gzip stream", parse_images_free(&g), VAE_ERR_FORMAT, "after the gzip");
    free(g.p);
    free(im.p);
}

static void write_file(const char *path, const Buf *b) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL, "cannot write %s", path);
    if (!f) return;
    fwrite(b->p, 1, b->n, f);
    fclose(f);
}

/* Files: a gz split in a folder, a broken file's message names it, folders refused. */
static void test_files(void) {
    char dir[] = "/tmp/vae_test_data_XXXXXX", a[512], l[512];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    VaeDataset ds;
    expect_fail("folder without files", data_load_dir(dir, 1, &ds), VAE_ERR_IO, dir);
    Buf im = make_images(0x803, 4, 28, 28), lb = make_labels(4);
    Buf gi = gzip_buf(im.p, im.n, 0);
    snprintf(a, sizeof a, "%s/train-images-idx3-ubyte.gz", dir);
    snprintf(l, sizeof l, "%s/train-labels-idx1-ubyte", dir);
    write_file(a, &gi);
    write_file(l, &lb);
    VaeStatus s = data_load_dir(dir, 1, &ds);
    CHECK(s == VAE_OK && ds.count == 4 && ds.labels[3] == 3, "mixed gz/raw folder: %s", vae_last_error());
    data_free(&ds);
    lb.p[8] = 200;
    write_file(l, &lb);
    expect_fail("bad label file names itself", data_load_idx(a, l, &ds), VAE_ERR_FORMAT, l);
    CHECK(ds.pixels == NULL && ds.labels == NULL && ds.count == 0, "out zeroed after failure");
    expect_fail("a folder as images", data_load_idx(dir, l, &ds), VAE_ERR_IO, "folder");
    expect_fail("a missing file", data_load_idx("/nonexistent/x", l, &ds), VAE_ERR_IO, "/nonexistent/x");
    remove(a);
    remove(l);
    rmdir(dir);
    free(im.p), free(lb.p), free(gi.p);
}

/* Fuzzer finds kept as files: each must parse or be refused with a message. */
static void test_regressions(void) {
    char dirpath[1024];
    snprintf(dirpath, sizeof dirpath, "%s/data/regress", VAE_TEST_DIR);
    DIR *d = opendir(dirpath);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "idx-", 4) != 0) continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
        VaeDataset ds;
        VaeStatus s = data_load_idx(path, path, &ds);
        CHECK(s == VAE_OK || *vae_last_error(), "%s", path);
        data_free(&ds);
        Buf b = {NULL, 0};
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        b.p = malloc(1 << 20);
        b.n = fread(b.p, 1, 1 << 20, f);
        fclose(f);
        if (data_parse_idx_images(b.p, b.n, &ds) == VAE_OK) data_parse_idx_labels(b.p, b.n, &ds);
        data_free(&ds);
        free(b.p);
        printf("  regression %s: no crash\n", e->d_name);
    }
    closedir(d);
}

static void test_batches(void) {
    enum { N = 4, D = 256 };
    Buf im = make_images(0x803, N, 16, 16);
    for (int i = 0; i < N * D; i++) im.p[16 + i] = (uint8_t)(i % 256);
    VaeDataset ds;
    CHECK(data_parse_idx_images(im.p, im.n, &ds) == VAE_OK, "batch data");
    int idx[3] = {2, 0, 3};
    static float out[3 * D];
    VaeRng rng;
    rng_seed(&rng, 42);
    data_fill_batch(&ds, idx, 3, VAE_BINARIZE_NONE, &rng, out);
    int bad = 0;
    for (int b = 0; b < 3; b++)
        for (int i = 0; i < D; i++) bad += out[b * D + i] != ds.pixels[idx[b] * D + i] / 255.f;
    CHECK(bad == 0, "none mode: %d values differ from p/255", bad);
    double ones_mid = 0;
    int n_mid = 0, not01 = 0, wrong_ends = 0;
    for (int rep = 0; rep < 200; rep++) {
        data_fill_batch(&ds, idx, 3, VAE_BINARIZE_DYNAMIC, &rng, out);
        for (int j = 0; j < 3 * D; j++) {
            int p = ds.pixels[idx[j / D] * D + j % D];
            not01 += out[j] != 0.0f && out[j] != 1.0f;
            wrong_ends += (p == 0 && out[j] != 0.0f) || (p == 255 && out[j] != 1.0f);
            if (p == 128) ones_mid += out[j], n_mid++;
        }
    }
    CHECK(not01 == 0 && wrong_ends == 0, "dynamic: %d non-binary, %d wrong at 0/255", not01, wrong_ends);
    CHECK(n_mid > 0 && ones_mid / n_mid > 0.45 && ones_mid / n_mid < 0.56, "dynamic mean at p=128: %g",
          ones_mid / n_mid);
    VaeDataset copy = ds;
    copy.pixels = malloc((size_t)N * D);
    memcpy(copy.pixels, ds.pixels, (size_t)N * D);
    data_binarize_static(&ds, 7);
    data_binarize_static(&copy, 7);
    int nonbin = 0;
    for (int i = 0; i < N * D; i++) nonbin += ds.pixels[i] != 0 && ds.pixels[i] != 255;
    CHECK(nonbin == 0 && memcmp(ds.pixels, copy.pixels, (size_t)N * D) == 0, "static: binary, same seed same result");
    data_fill_batch(&ds, idx, 3, VAE_BINARIZE_STATIC, &rng, out);
    bad = 0;
    for (int j = 0; j < 3 * D; j++) bad += out[j] != ds.pixels[idx[j / D] * D + j % D] / 255.f;
    CHECK(bad == 0, "static batch is p/255");
    data_truncate(&ds, 2);
    CHECK(ds.count == 2, "truncate");
    free(copy.pixels);
    data_free(&ds);
    free(im.p);
}

static void test_names(void) {
    VaeBinarize m = VAE_BINARIZE_NONE;
    const VaeBinarize all[3] = {VAE_BINARIZE_NONE, VAE_BINARIZE_DYNAMIC, VAE_BINARIZE_STATIC};
    for (int i = 0; i < 3; i++)
        CHECK(data_binarize_parse(data_binarize_name(all[i]), &m) == VAE_OK && m == all[i], "round trip %d", i);
    CHECK(strcmp(data_binarize_name(VAE_BINARIZE_DYNAMIC), "dynamic") == 0, "name");
    expect_fail("unknown binarisation", data_binarize_parse("sometimes", &m), VAE_ERR_ARG, "sometimes");
}

int main(void) {
    test_real_mnist();
    test_fashion();
    test_valid_memory();
    test_bad_headers();
    test_bad_sizes_and_labels();
    test_bad_gzip();
    test_files();
    test_regressions();
    test_batches();
    test_names();
    return test_finish("test_data");
}
