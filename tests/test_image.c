/* test_image.c - the picture path (engine/image.c): PngSuite (tests/data/pngsuite: valid
 * files decode, corrupt ones are refused), hostile files made here (16-bit PGM, an IDAT
 * claiming gigabytes, a 65535x65535 header, truncated JPEG, empty, a folder, a PDF, an
 * unreadable file), fuzzer regressions (tests/data/regress/image-*), the shipped
 * samples (assets/samples), and the MNIST
 * recipe: a real digit drawn large, dark on white, comes back close to the original. */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "data.h"
#include "image.h"
#include "testutil.h"

#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunused-function"
#endif

typedef struct {
    uint8_t *p;
    size_t n, cap;
} Buf;

static void buf_append(void *ctx, void *data, int size) {
    Buf *b = ctx;
    if (b->n + (size_t)size > b->cap) {
        b->cap = (b->n + (size_t)size) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, data, (size_t)size);
    b->n += (size_t)size;
}

static Buf encode(char kind, const uint8_t *px, int w, int h, int comp) {
    Buf b = {0};
    /* (stb's JPEG writer shifts signed ints out of range under UBSan: the JPEG input is
     * the committed tests/data/digit7.jpg, made by scripts/make_samples.c) */
    int ok = kind == 'p' ? stbi_write_png_to_func(buf_append, &b, w, h, comp, px, w * comp)
                         : stbi_write_bmp_to_func(buf_append, &b, w, h, comp, px);
    CHECK(ok, "stb_image_write %c failed", kind);
    return b;
}

static char tmpdir[] = "/tmp/vae_test_image_XXXXXX";

static const char *tmp_path(const char *name) {
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static void write_file(const char *path, const void *p, size_t n) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL, "cannot write %s", path);
    if (!f) return;
    if (n) fwrite(p, 1, n, f);
    fclose(f);
}

static void check_mnist_range(const VaeImage *img, const char *what) {
    int bad = 0;
    for (int i = 0; i < 784; i++) bad += !(img->mnist[i] >= 0.0f && img->mnist[i] <= 1.0f);
    CHECK(bad == 0, "%s: %d values outside [0, 1]", what, bad);
}

/* Refusal: the status is an error, the message non-empty and contains `word`. */
static void expect_refused(const char *what, VaeStatus s, VaeImage *img, const char *word) {
    const char *msg = vae_last_error();
    CHECK(s != VAE_OK, "%s: accepted", what);
    CHECK(msg && *msg && strstr(msg, word), "%s: message '%s' lacks '%s'", what, msg, word);
    CHECK(img->grey == NULL, "%s: grey set on failure", what);
    if (s != VAE_OK) printf("  refused %-26s %s\n", what, msg);
    image_free(img);
}

/* ---- PngSuite ---- */

/* Width and height stb's authors recorded for `rel` in ref_results.csv, or 0. */
static int ref_dims(const char *rel, int *w, int *h) {
    char path[1024], line[512];
    snprintf(path, sizeof path, "%s/data/pngsuite/ref_results.csv", VAE_TEST_DIR);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        char *comma = strchr(line, ',');
        if (!comma) continue;
        *comma = 0;
        if (strcmp(line + strlen("pngsuite/"), rel) == 0) found = sscanf(comma + 1, "%d,%d", w, h) == 2;
    }
    fclose(f);
    return found;
}

static int suite_dir(const char *sub, int must_decode) {
    char dirpath[1024], path[2048], rel[512];
    snprintf(dirpath, sizeof dirpath, "%s/data/pngsuite/%s", VAE_TEST_DIR, sub);
    DIR *d = opendir(dirpath);
    CHECK(d != NULL, "missing %s", dirpath);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strstr(e->d_name, ".png")) continue;
        snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
        snprintf(rel, sizeof rel, "%s/%s", sub, e->d_name);
        VaeImage img;
        VaeStatus s = image_load_file(path, &img);
        int w = 0, h = 0;
        if (must_decode) {
            CHECK(s == VAE_OK, "%s should decode: %s", rel, vae_last_error());
            CHECK(s != VAE_OK || !ref_dims(rel, &w, &h) || (img.width == w && img.height == h),
                  "%s: %dx%d, reference %dx%d", rel, img.width, img.height, w, h);
            if (s == VAE_OK) check_mnist_range(&img, rel);
            image_free(&img);
        } else {
            CHECK(s != VAE_OK, "%s (corrupt) was accepted", rel);
            expect_refused(rel, s, &img, e->d_name);
        }
        n++;
    }
    closedir(d);
    return n;
}

static void test_pngsuite(void) {
    int n = suite_dir("primary", 1) + suite_dir("16bit", 1) + suite_dir("iphone", 1);
    printf("  PngSuite: %d valid files decoded\n", n);
    CHECK(n >= 100, "only %d valid PngSuite files found", n);
    int bad = suite_dir("corrupt", 0);
    CHECK(bad == 14, "corrupt files: %d", bad);
}

/* ---- hostile and odd files ---- */

static Buf read_suite(const char *rel) {
    char path[1024];
    snprintf(path, sizeof path, "%s/data/pngsuite/%s", VAE_TEST_DIR, rel);
    Buf b = {malloc(1 << 16), 0, 1 << 16};
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL, "open %s", path);
    if (f) b.n = fread(b.p, 1, b.cap, f), fclose(f);
    return b;
}

/* A file under tests/data. */
static Buf read_file_buf(const char *rel) {
    char path[1024];
    snprintf(path, sizeof path, "%s/data/%s", VAE_TEST_DIR, rel);
    Buf b = {malloc(1 << 20), 0, 1 << 20};
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL, "open %s", path);
    if (f) b.n = fread(b.p, 1, b.cap, f), fclose(f);
    return b;
}

/* JPEG (progressive, restart markers, 4:2:0) and BMP (8, 24, 32 bit) made by
 * pnmtojpeg and by hand in tests/data/formats: each decodes. */
static void test_formats(void) {
    char dirpath[1024], path[2048];
    snprintf(dirpath, sizeof dirpath, "%s/data/formats", VAE_TEST_DIR);
    DIR *d = opendir(dirpath);
    CHECK(d != NULL, "missing %s", dirpath);
    if (!d) return;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
        VaeImage img;
        CHECK(image_load_file(path, &img) == VAE_OK, "%s: %s", path, vae_last_error());
        check_mnist_range(&img, e->d_name);
        image_free(&img);
        n++;
    }
    closedir(d);
    CHECK(n >= 6, "only %d format samples", n);
}

/* The sample pictures shipped for teachers all decode to a non-blank digit. */
static void test_samples(void) {
    char dirpath[1024], path[2048];
    snprintf(dirpath, sizeof dirpath, "%s/../assets/samples", VAE_TEST_DIR);
    DIR *d = opendir(dirpath);
    CHECK(d != NULL, "missing %s", dirpath);
    if (!d) return;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strstr(e->d_name, ".png")) continue;
        snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
        VaeImage img;
        CHECK(image_load_file(path, &img) == VAE_OK, "%s: %s", path, vae_last_error());
        double mass = 0;
        for (int i = 0; i < 784; i++) mass += img.mnist[i];
        CHECK(mass > 30 && mass < 400, "%s: ink mass %g", e->d_name, mass);
        image_free(&img);
        n++;
    }
    closedir(d);
    CHECK(n >= 5, "only %d samples", n);
}

static void put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

/* Offset of the first chunk of `type` in a PNG, or 0. */
static size_t find_chunk(const Buf *b, const char *type) {
    for (size_t pos = 8; pos + 12 <= b->n;) {
        uint32_t len = (uint32_t)b->p[pos] << 24 | (uint32_t)b->p[pos + 1] << 16 | b->p[pos + 2] << 8 | b->p[pos + 3];
        if (memcmp(b->p + pos + 4, type, 4) == 0) return pos;
        pos += 12 + (size_t)len;
    }
    return 0;
}

static void fix_crc(Buf *b, size_t pos, uint32_t len) {
    put32(b->p + pos + 8 + len, (uint32_t)crc32(0, b->p + pos + 4, len + 4));
}

static void put_chunk(Buf *b, const char *type, const uint8_t *data, uint32_t len) {
    uint8_t head[8];
    put32(head, len);
    memcpy(head + 4, type, 4);
    buf_append(b, head, 8);
    if (len) buf_append(b, (void *)data, (int)len);
    uint32_t crc = (uint32_t)crc32(0, head + 4, 4);
    if (len) crc = (uint32_t)crc32(crc, data, len); /* crc32(c, NULL, 0) is 0, not c */
    put32(head, crc);
    buf_append(b, head, 4);
}

/* A valid 8192 x 4096 16-bit RGBA PNG of zeros: 268 MB raw from ~260 KB. It passes
 * every header check, so only the capped allocator stands between it and the heap. */
static void test_png_bomb(void) {
    const uint32_t w = 8192, h = 4096;
    const size_t row = 1 + (size_t)w * 8;
    uint8_t ihdr[13] = {0};
    put32(ihdr, w);
    put32(ihdr + 4, h);
    ihdr[8] = 16, ihdr[9] = 6;
    z_stream z = {0};
    deflateInit(&z, 9);
    Buf idat = {malloc(1 << 20), 0, 1 << 20};
    uint8_t *zeros = calloc(row, 1);
    for (uint32_t y = 0; y < h; y++) {
        z.next_in = zeros, z.avail_in = (uInt)row;
        do {
            z.next_out = idat.p + idat.n, z.avail_out = (uInt)(idat.cap - idat.n);
            deflate(&z, y + 1 == h ? Z_FINISH : Z_NO_FLUSH);
            idat.n = idat.cap - z.avail_out;
        } while (z.avail_in > 0 || (y + 1 == h && z.avail_out == 0));
    }
    deflateEnd(&z);
    free(zeros);
    Buf png = {0};
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    buf_append(&png, (void *)sig, 8);
    put_chunk(&png, "IHDR", ihdr, 13);
    put_chunk(&png, "IDAT", idat.p, (uint32_t)idat.n);
    put_chunk(&png, "IEND", NULL, 0);
    VaeImage img;
    printf("  PNG bomb: %zu bytes\n", png.n);
    expect_refused("PNG bomb 8192x4096x16-bit RGBA", image_load_memory(png.p, png.n, &img), &img, "more memory");
    free(png.p);
    free(idat.p);
}

static void test_16bit(void) {
    VaeImage img;
    Buf b = read_suite("16bit/basn0g16.png");
    VaeStatus s = image_load_memory(b.p, b.n, &img);
    CHECK(s == VAE_OK && img.width == 32 && img.height == 32, "16-bit grey PNG: %s", vae_last_error());
    image_free(&img);
    free(b.p);
    b = read_suite("16bit/basn6a16.png");
    s = image_load_memory(b.p, b.n, &img);
    CHECK(s == VAE_OK, "16-bit RGBA PNG: %s", vae_last_error());
    image_free(&img);
    free(b.p);
    uint8_t pgm[15 + 4 * 4 * 2];
    memcpy(pgm, "P5\n4 4\n65535\n\0\0", 15);
    for (size_t i = 13; i < sizeof pgm; i++) pgm[i] = (uint8_t)(i * 37);
    write_file(tmp_path("deep.pgm"), pgm, sizeof pgm);
    expect_refused("16-bit PGM", image_load_file(tmp_path("deep.pgm"), &img), &img, "PNG, JPEG or BMP");
}

static void test_png_headers(void) {
    VaeImage img;
    Buf b = read_suite("primary/basn0g08.png");
    size_t idat = find_chunk(&b, "IDAT");
    CHECK(idat > 0, "IDAT found");
    put32(b.p + idat, 0x70000000u); /* ~1.9 GB */
    expect_refused("IDAT claiming 1.9 GB", image_load_memory(b.p, b.n, &img), &img, "claims");
    free(b.p);
    b = read_suite("primary/basn0g08.png");
    put32(b.p + 16, 65535); /* IHDR width, height */
    put32(b.p + 20, 65535);
    fix_crc(&b, 8, 13);
    write_file(tmp_path("huge.png"), b.p, b.n);
    expect_refused("65535x65535 header", image_load_file(tmp_path("huge.png"), &img), &img, "65535 x 65535");
    put32(b.p + 16, 8192); /* within each side, over the pixel cap */
    put32(b.p + 20, 8192);
    fix_crc(&b, 8, 13);
    expect_refused("8192x8192 header", image_load_memory(b.p, b.n, &img), &img, "limit");
    free(b.p);
    b = read_suite("primary/basn0g08.png");
    b.n -= 12; /* no IEND */
    expect_refused("PNG without IEND", image_load_memory(b.p, b.n, &img), &img, "IEND");
    free(b.p);
}

static void test_junk_files(void) {
    VaeImage img;
    write_file(tmp_path("empty.png"), "", 0);
    expect_refused("zero-byte file", image_load_file(tmp_path("empty.png"), &img), &img, "empty file");
    expect_refused("zero bytes in memory", image_load_memory((const uint8_t *)"", 0, &img), &img, "empty");
    expect_refused("a folder", image_load_file(tmpdir, &img), &img, "folder");
    expect_refused("a missing file", image_load_file(tmp_path("nope.png"), &img), &img, "nope.png");
    const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    write_file(tmp_path("doc.pdf"), pdf, sizeof pdf - 1);
    expect_refused("a PDF", image_load_file(tmp_path("doc.pdf"), &img), &img, "not an image this app can read");
    const char gif[] =
        "GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";
    expect_refused("a GIF", image_load_memory((const uint8_t *)gif, sizeof gif - 1, &img), &img, "GIF");
    const char text[] = "just some text, not a picture at all\n";
    expect_refused("a text file", image_load_memory((const uint8_t *)text, sizeof text - 1, &img), &img,
                   "not an image");
}

static void test_permission(void) {
    VaeImage img;
    const char *p = tmp_path("secret.png");
    Buf b = read_suite("primary/basn0g08.png");
    write_file(p, b.p, b.n);
    free(b.p);
    chmod(p, 0);
    if (geteuid() != 0) {
        expect_refused("no read permission", image_load_file(p, &img), &img, "Permission denied");
    } else { /* root reads mode 000 files: try as the unprivileged user 'nobody' */
        chmod(tmpdir, 0755);
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
            VaeStatus s = image_load_file(p, &img);
            printf("  refused %-26s %s (as user nobody)\n", "no read permission", vae_last_error());
            fflush(stdout);
            _exit(s != VAE_OK && strstr(vae_last_error(), "ermission") ? 0 : 1);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "an unreadable file was not refused clearly (%d)", status);
    }
    chmod(p, 0644);
}

/* ---- drawn digits ---- */

/* An MNIST digit (28x28, ink high) drawn s x s, bilinear, dark ink on white. */
static uint8_t *render_digit(const uint8_t *d, int s) {
    uint8_t *out = malloc((size_t)s * s);
    for (int y = 0; y < s; y++)
        for (int x = 0; x < s; x++) {
            double fx = (x + 0.5) * 28.0 / s - 0.5, fy = (y + 0.5) * 28.0 / s - 0.5;
            fx = fx < 0 ? 0 : fx > 27 ? 27 : fx;
            fy = fy < 0 ? 0 : fy > 27 ? 27 : fy;
            int x0 = (int)fx, y0 = (int)fy, x1 = x0 < 27 ? x0 + 1 : 27, y1 = y0 < 27 ? y0 + 1 : 27;
            double tx = fx - x0, ty = fy - y0;
            double v = (d[y0 * 28 + x0] * (1 - tx) + d[y0 * 28 + x1] * tx) * (1 - ty) +
                       (d[y1 * 28 + x0] * (1 - tx) + d[y1 * 28 + x1] * tx) * ty;
            out[y * s + x] = (uint8_t)(255.5 - v);
        }
    return out;
}

static double correlation(const uint8_t *a, const float *b) {
    double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < 784; i++) ma += a[i] / 255.0, mb += b[i];
    ma /= 784, mb /= 784;
    for (int i = 0; i < 784; i++) {
        double da = a[i] / 255.0 - ma, db = b[i] - mb;
        sab += da * db, saa += da * da, sbb += db * db;
    }
    return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0;
}

static void test_real_digits(void) {
    const char *dir = test_mnist_dir();
    CHECK(dir != NULL, "MNIST data folder missing: run scripts/setup.sh");
    VaeDataset te;
    if (!dir || data_load_dir(dir, 0, &te) != VAE_OK) {
        CHECK(0, "cannot load MNIST test set: %s", vae_last_error());
        return;
    }
    double sum = 0, worst = 1;
    int close = 0;
    enum { N = 40 };
    for (int k = 0; k < N; k++) {
        const uint8_t *d = te.pixels + (size_t)k * 784;
        uint8_t *big = render_digit(d, 200);
        Buf png = encode('p', big, 200, 200, 1);
        write_file(tmp_path("digit.png"), png.p, png.n);
        VaeImage img;
        VaeStatus s = image_load_file(tmp_path("digit.png"), &img);
        CHECK(s == VAE_OK && img.width == 200, "digit %d: %s", k, vae_last_error());
        double c = s == VAE_OK ? correlation(d, img.mnist) : 0;
        sum += c;
        close += c > 0.8;
        if (k == 0) CHECK(c > 0.8, "the first test digit (a 7): correlation %.3f", c);
        worst = c < worst ? c : worst;
        if (k == 0) {
            Buf jpg = read_file_buf("digit7.jpg"), bmp = encode('b', big, 200, 200, 1);
            VaeImage j, b;
            CHECK(image_load_memory(jpg.p, jpg.n, &j) == VAE_OK, "JPEG digit: %s", vae_last_error());
            CHECK(image_load_memory(bmp.p, bmp.n, &b) == VAE_OK, "BMP digit: %s", vae_last_error());
            CHECK(correlation(d, j.mnist) > 0.8 && correlation(d, b.mnist) > 0.8, "JPEG/BMP digit corr");
            jpg.n /= 2;
            image_free(&j);
            expect_refused("truncated JPEG", image_load_memory(jpg.p, jpg.n, &j), &j, "JPEG");
            image_free(&b);
            free(jpg.p), free(bmp.p);
        }
        image_free(&img);
        free(png.p);
        free(big);
    }
    printf("  %d MNIST digits drawn 200x200: mean correlation %.3f, worst %.3f, %d over 0.8\n", N, sum / N, worst,
           close);
    CHECK(worst > 0.65, "worst correlation %.3f", worst);
    CHECK(close >= N * 9 / 10, "only %d of %d digits correlate over 0.8", close, N);
    CHECK(sum / N > 0.9, "mean correlation %.3f", sum / N);
    data_free(&te);
}

/* A ring drawn on a transparent background (RGBA), and the same ring light on dark. */
static void test_alpha_and_polarity(void) {
    enum { S = 120 };
    static uint8_t rgba[S * S * 4], grey_dark[S * S], grey_light[S * S];
    for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++) {
            double r = hypot(x - 60.0, y - 50.0);
            int ink = r > 25 && r < 35;
            uint8_t *p = rgba + (y * S + x) * 4;
            p[0] = p[1] = p[2] = 0; /* black everywhere, as many editors save */
            p[3] = ink ? 255 : 0;   /* only the ring is opaque */
            grey_dark[y * S + x] = ink ? 20 : 240;
            grey_light[y * S + x] = ink ? 235 : 10;
        }
    Buf png = encode('p', rgba, S, S, 4);
    VaeImage img;
    VaeStatus s = image_load_memory(png.p, png.n, &img);
    CHECK(s == VAE_OK, "RGBA ring: %s", vae_last_error());
    float ref[784], light[784];
    image_to_mnist(grey_dark, S, S, ref);
    image_to_mnist(grey_light, S, S, light);
    double diff = 0, diff2 = 0, mass = 0;
    for (int i = 0; i < 784; i++) {
        diff += fabs(img.mnist[i] - ref[i]);
        diff2 += fabs(light[i] - ref[i]);
        mass += ref[i];
    }
    CHECK(mass > 20, "ring has ink (%g)", mass);
    CHECK(diff < 0.05 * mass, "transparent background treated as background (diff %g)", diff);
    CHECK(diff2 < 0.05 * mass, "light-on-dark equals dark-on-light (diff %g)", diff2);
    /* the ring's box is 20 wide and centred by mass */
    int cols = 0;
    for (int x = 0; x < 28; x++) {
        int any = 0;
        for (int y = 0; y < 28; y++) any |= ref[y * 28 + x] > 0.05f;
        cols += any;
    }
    CHECK(cols >= 19 && cols <= 21, "fitted width %d, expected 20", cols);
    image_free(&img);
    free(png.p);
}

static void test_degenerate(void) {
    static uint8_t white[64 * 48], black[64 * 48], dot[64 * 48];
    float m[784];
    memset(white, 255, sizeof white);
    memset(dot, 255, sizeof dot);
    dot[20 * 64 + 30] = 0;
    const uint8_t *cases[3] = {white, black, dot};
    for (int c = 0; c < 3; c++) {
        image_to_mnist(cases[c], 64, 48, m);
        double sum = 0;
        int bad = 0;
        for (int i = 0; i < 784; i++) sum += m[i], bad += !(m[i] >= 0 && m[i] <= 1);
        CHECK(bad == 0, "case %d: values outside [0, 1]", c);
        CHECK(c == 2 ? sum > 0 : sum == 0, "case %d: sum %g", c, sum);
    }
    uint8_t one = 0;
    image_to_mnist(&one, 1, 1, m);
    image_to_mnist(NULL, 0, 0, m);
    static uint8_t line[1000];
    memset(line, 255, sizeof line);
    for (int x = 100; x < 900; x++) line[x] = 0; /* a 1000x1 picture, mostly ink */
    image_to_mnist(line, 1000, 1, m);
    Buf png = encode('p', white, 64, 48, 1);
    VaeImage img;
    CHECK(image_load_memory(png.p, png.n, &img) == VAE_OK, "blank PNG decodes");
    double sum = 0;
    for (int i = 0; i < 784; i++) sum += img.mnist[i];
    CHECK(sum == 0, "blank PNG gives zeros (%g)", sum);
    image_free(&img);
    free(png.p);
}

/* Fuzzer finds kept as files: each must decode or be refused with a message (and
 * image-bad-* must be refused); the sanitizer builds catch any memory error. */
static void test_regressions(void) {
    char dirpath[1024], path[2048];
    snprintf(dirpath, sizeof dirpath, "%s/data/regress", VAE_TEST_DIR);
    DIR *d = opendir(dirpath);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "image-", 6) != 0) continue;
        snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
        VaeImage img;
        VaeStatus s = image_load_file(path, &img);
        CHECK(s == VAE_OK || *vae_last_error(), "%s", path);
        CHECK(!strstr(e->d_name, "-bad-") || s != VAE_OK, "%s should be refused", path);
        if (s == VAE_OK) check_mnist_range(&img, path);
        printf("  regression %s: %s\n", e->d_name, s == VAE_OK ? "decoded" : vae_last_error());
        image_free(&img);
    }
    closedir(d);
}

int main(void) {
    CHECK(mkdtemp(tmpdir) != NULL, "mkdtemp");
    test_pngsuite();
    test_16bit();
    test_png_headers();
    test_png_bomb();
    test_junk_files();
    test_permission();
    test_real_digits();
    test_alpha_and_polarity();
    test_degenerate();
    test_regressions();
    test_samples();
    test_formats();
    const char *names[] = {"deep.pgm", "huge.png", "empty.png", "doc.pdf", "secret.png", "digit.png"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) remove(tmp_path(names[i]));
    rmdir(tmpdir);
    return test_finish("test_image");
}
