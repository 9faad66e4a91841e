/* image.c - picture files to 28x28 MNIST-like inputs (see image.h).
 *
 * Owns: the one compiled copy of stb_image (PNG, JPEG and BMP only; a dimension cap;
 * a capped allocator; never GIF, never flip-on-load), the checks made before stb sees
 * a byte (regular file, size, PNG chunk lengths and CRCs, JPEG completeness, the
 * header's dimensions), and the MNIST preprocessing recipe (image_to_mnist).
 * Must not: print or exit; every refusal is a VaeStatus and one line naming the file.
 *
 * Alpha: PNG and BMP pictures are decoded as grey + alpha (alpha 255 when they have
 * none; stbi_info does not count a tRNS chunk) and composited onto white, or onto black
 * when the opaque strokes are light, so transparent means background. Requesting two
 * channels is safe here: stb converts PNG (8 and 16 bit) to the requested count inside
 * its PNG loader; the 16-to-8-bit over-read of v2.27 is in the PNM path, compiled out.
 * JPEG is decoded as one grey channel. */
#include "image.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* ---- the capped allocator stb uses ---- */

#define IMAGE_ALLOC_MAX_ONE ((size_t)256 << 20)   /* any single allocation */
#define IMAGE_ALLOC_MAX_TOTAL ((size_t)512 << 20) /* live bytes during one decode */

typedef union {
    size_t size;
    max_align_t align;
} AllocHeader;

static _Thread_local size_t alloc_live;
static _Thread_local int alloc_refused;

static void *capped_realloc(void *p, size_t size) {
    AllocHeader *h = p ? (AllocHeader *)p - 1 : NULL;
    size_t old = h ? h->size : 0;
    if (size > IMAGE_ALLOC_MAX_ONE || alloc_live - old + size > IMAGE_ALLOC_MAX_TOTAL) {
        alloc_refused = 1;
        return NULL;
    }
    AllocHeader *n = realloc(h, sizeof *n + size);
    if (!n) return NULL;
    alloc_live = alloc_live - old + size;
    n->size = size;
    return n + 1;
}

static void *capped_malloc(size_t size) { return capped_realloc(NULL, size); }

static void capped_free(void *p) {
    if (!p) return;
    AllocHeader *h = (AllocHeader *)p - 1;
    alloc_live -= h->size;
    free(h);
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_NO_STDIO
#define STBI_NO_HDR
#define STBI_NO_LINEAR
#define STBI_MAX_DIMENSIONS IMAGE_MAX_DIM
#define STBI_MALLOC(sz) capped_malloc(sz)
#define STBI_REALLOC(p, sz) capped_realloc(p, sz)
#define STBI_FREE(p) capped_free(p)
#include <stb/stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#define MEMORY_NAME "image data in memory"
#define NOT_READABLE "not an image this app can read (PNG, JPEG or BMP): %s (%s)"

/* ---- checks before decoding ---- */

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static VaeStatus check_dims(const char *name, uint32_t w, uint32_t h) {
    if (w == 0 || h == 0) return vae_fail(VAE_ERR_FORMAT, "%s: the image is %u x %u pixels (empty)", name, w, h);
    if (w > IMAGE_MAX_DIM || h > IMAGE_MAX_DIM || (uint64_t)w * h > IMAGE_MAX_PIXELS)
        return vae_fail(VAE_ERR_FORMAT,
                        "%s: the image is %u x %u pixels, over the limit "
                        "(%d px a side, %u Mpixel)",
                        name, w, h, IMAGE_MAX_DIM, IMAGE_MAX_PIXELS >> 20);
    return VAE_OK;
}

static const uint8_t PNG_SIG[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

/* The IHDR fields: dimensions within the caps, a legal depth for the colour type. */
static VaeStatus png_check_ihdr(const char *name, const uint8_t *d) {
    VaeStatus s = check_dims(name, be32(d), be32(d + 4));
    if (s != VAE_OK) return s;
    int depth = d[8], type = d[9];
    int ok_depth = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    int ok =
        ok_depth && (type == 0 || (type == 3 && depth <= 8) || ((type == 2 || type == 4 || type == 6) && depth >= 8));
    if (!ok) return vae_fail(VAE_ERR_FORMAT, "%s: corrupt PNG (colour type %d with bit depth %d)", name, type, depth);
    if (d[10] != 0 || d[11] != 0 || d[12] > 1)
        return vae_fail(VAE_ERR_FORMAT, "%s: corrupt PNG (unknown compression, filter or interlace)", name);
    return VAE_OK;
}

/* Walks the PNG chunks: each length within the file, critical chunks' CRCs right,
 * IHDR first (after Apple's CgBI) with sane dimensions, and an IEND. */
static VaeStatus png_check(const char *name, const uint8_t *buf, size_t len) {
    size_t pos = 8;
    int n = 0;
    for (;;) {
        if (len - pos < 12) return vae_fail(VAE_ERR_FORMAT, "%s: truncated PNG (no IEND chunk)", name);
        uint32_t clen = be32(buf + pos);
        const uint8_t *type = buf + pos + 4;
        if (clen > len - pos - 12)
            return vae_fail(VAE_ERR_FORMAT, "%s: corrupt PNG (a chunk claims %u bytes, %zu remain)", name, clen,
                            len - pos - 12);
        uint32_t crc = (uint32_t)crc32(0L, type, clen + 4);
        if (!(type[0] & 0x20) && crc != be32(type + 4 + clen))
            return vae_fail(VAE_ERR_FORMAT, "%s: corrupt PNG (bad CRC in chunk %.4s)", name, (const char *)type);
        int is_ihdr = memcmp(type, "IHDR", 4) == 0;
        if (n == 0 && memcmp(type, "CgBI", 4) == 0)
            n--;
        else if (n == 0 && (!is_ihdr || clen != 13))
            return vae_fail(VAE_ERR_FORMAT, "%s: corrupt PNG (no IHDR header)", name);
        if (is_ihdr && clen == 13) {
            VaeStatus s = png_check_ihdr(name, type + 4);
            if (s != VAE_OK) return s;
        }
        if (memcmp(type, "IEND", 4) == 0) return VAE_OK;
        pos += 12 + (size_t)clen;
        n++;
    }
}

/* Skips entropy-coded data from `pos` to the next marker; returns its offset or len. */
static size_t jpeg_skip_scan(const uint8_t *buf, size_t len, size_t pos) {
    while (pos + 1 < len) {
        if (buf[pos] == 0xff && buf[pos + 1] != 0x00 && !(buf[pos + 1] >= 0xd0 && buf[pos + 1] <= 0xd7)) return pos;
        pos++;
    }
    return len;
}

/* A DHT segment's tables: at most 256 codes each (stb_image 2.27 does not check, and
 * writes past its tables), all present, classes 0..1, ids 0..3. Adds each defined
 * table to *defined (bit id for DC, 4 + id for AC); returns 0 when malformed. */
static int jpeg_dht_ok(const uint8_t *p, size_t len, unsigned *defined) {
    while (len > 0) {
        if (len < 17 || (p[0] >> 4) > 1 || (p[0] & 15) > 3) return 0;
        size_t n = 0;
        for (int i = 1; i <= 16; i++) n += p[i];
        if (n > 256 || len - 17 < n) return 0;
        *defined |= 1u << ((p[0] >> 4) * 4 + (p[0] & 15));
        p += 17 + n;
        len -= 17 + n;
    }
    return 1;
}

/* A scan uses only Huffman tables defined before it (stb_image 2.27 would decode with
 * its uninitialised tables): DC ones when Ss = 0, AC ones when Se > 0. */
static int jpeg_sos_ok(const uint8_t *p, size_t len, unsigned defined) {
    if (len < 1 || p[0] < 1 || p[0] > 4 || len < 1 + 2 * (size_t)p[0] + 3) return 0;
    int ns = p[0], ss = p[1 + 2 * ns], se = p[2 + 2 * ns];
    for (int i = 0; i < ns; i++) {
        int td = p[2 + 2 * i] >> 4, ta = p[2 + 2 * i] & 15;
        if (ss == 0 && (td > 3 || !(defined >> td & 1))) return 0;
        if (se > 0 && (ta > 3 || !(defined >> (4 + ta) & 1))) return 0;
    }
    return 1;
}

/* Walks the JPEG markers to an EOI, so a truncated file is refused rather than
 * decoded with its missing part filled in. */
static VaeStatus jpeg_check(const char *name, const uint8_t *buf, size_t len) {
    size_t pos = 2;
    unsigned tables = 0;
    while (pos + 1 < len) {
        if (buf[pos] != 0xff) return vae_fail(VAE_ERR_FORMAT, "%s: corrupt JPEG (bad marker)", name);
        uint8_t m = buf[pos + 1];
        if (m == 0xff) {
            pos++;
            continue;
        } /* fill byte */
        if (m == 0xd9) return VAE_OK;
        if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
            pos += 2;
            continue;
        }
        if (pos + 4 > len) break;
        size_t seg = (size_t)buf[pos + 2] << 8 | buf[pos + 3];
        if (seg < 2 || pos + 2 + seg > len) break;
        if (m == 0xc4 && !jpeg_dht_ok(buf + pos + 4, seg - 2, &tables))
            return vae_fail(VAE_ERR_FORMAT, "%s: corrupt JPEG (bad Huffman table)", name);
        if (m == 0xda && !jpeg_sos_ok(buf + pos + 4, seg - 2, tables))
            return vae_fail(VAE_ERR_FORMAT,
                            "%s: corrupt JPEG (a scan uses an undefined Huffman "
                            "table)",
                            name);
        pos += 2 + seg;
        if (m == 0xda) pos = jpeg_skip_scan(buf, len, pos);
    }
    return vae_fail(VAE_ERR_FORMAT, "%s: truncated JPEG (no end-of-image marker)", name);
}

/* A hint naming what a refused file looks like. */
static const char *sniff(const uint8_t *buf, size_t len) {
    if (len >= 4 && memcmp(buf, "%PDF", 4) == 0) return "it looks like a PDF";
    if (len >= 4 && memcmp(buf, "GIF8", 4) == 0) return "GIF is not supported";
    if (len >= 2 && buf[0] == 'P' && buf[1] >= '1' && buf[1] <= '7') return "PNM/PGM is not supported";
    if (len >= 4 && memcmp(buf, "RIFF", 4) == 0) return "WebP/RIFF is not supported";
    return NULL;
}

static VaeStatus precheck(const char *name, const uint8_t *buf, size_t len) {
    if (len == 0) return vae_fail(VAE_ERR_FORMAT, "%s: empty file", name);
    if (len > IMAGE_MAX_FILE_BYTES)
        return vae_fail(VAE_ERR_FORMAT, "%s: the file is %zu bytes, over the %u MiB limit", name, len,
                        IMAGE_MAX_FILE_BYTES >> 20);
    if (len >= 8 && memcmp(buf, PNG_SIG, 8) == 0) return png_check(name, buf, len);
    if (len >= 3 && buf[0] == 0xff && buf[1] == 0xd8 && buf[2] == 0xff) return jpeg_check(name, buf, len);
    if (len >= 2 && buf[0] == 'B' && buf[1] == 'M') return VAE_OK;
    /* Nothing else reaches stb: it would accept e.g. a JPEG behind fill bytes that the
     * checks above never walked. */
    const char *hint = sniff(buf, len);
    return vae_fail(VAE_ERR_FORMAT, NOT_READABLE, name, hint ? hint : "unknown file type");
}

/* ---- decoding ---- */

static void composite_alpha(const uint8_t *ga, size_t n, uint8_t *grey) {
    uint64_t sum = 0, count = 0;
    for (size_t i = 0; i < n; i++)
        if (ga[2 * i + 1] >= 128) {
            sum += ga[2 * i];
            count++;
        }
    int bg = count && sum / count >= 128 ? 0 : 255; /* light strokes go on black */
    for (size_t i = 0; i < n; i++) {
        int a = ga[2 * i + 1];
        grey[i] = (uint8_t)((ga[2 * i] * a + bg * (255 - a) + 127) / 255);
    }
}

static VaeStatus decode_fail(const char *name) {
    if (alloc_refused) return vae_fail(VAE_ERR_NOMEM, "%s: the image needs more memory to decode than allowed", name);
    return vae_fail(VAE_ERR_FORMAT, "could not decode %s (%s)", name, stbi_failure_reason());
}

/* Decodes into out->grey (a plain malloc buffer). */
static VaeStatus decode(const char *name, const uint8_t *buf, size_t len, VaeImage *out) {
    int w, h, comp;
    if (!stbi_info_from_memory(buf, (int)len, &w, &h, &comp))
        return vae_fail(VAE_ERR_FORMAT, NOT_READABLE, name, stbi_failure_reason());
    VaeStatus s = check_dims(name, (uint32_t)w, (uint32_t)h);
    if (s != VAE_OK) return s;
    /* grey + alpha for PNG and BMP: stbi_info does not count a tRNS chunk's alpha */
    int want = comp == 2 || comp == 4 || buf[0] != 0xff ? 2 : 1, dw, dh, dn;
    alloc_live = 0;
    alloc_refused = 0;
    stbi_uc *px = stbi_load_from_memory(buf, (int)len, &dw, &dh, &dn, want);
    if (!px) return decode_fail(name);
    size_t n = (size_t)dw * (size_t)dh;
    uint8_t *grey = dw == w && dh == h ? malloc(n) : NULL;
    if (grey && want == 2)
        composite_alpha(px, n, grey);
    else if (grey)
        memcpy(grey, px, n);
    stbi_image_free(px);
    if (!grey && (dw != w || dh != h))
        return vae_fail(VAE_ERR_FORMAT, "%s: decoded size differs from the header", name);
    if (!grey) return vae_fail(VAE_ERR_NOMEM, "%s: out of memory", name);
    out->width = w;
    out->height = h;
    out->grey = grey;
    image_to_mnist(grey, w, h, out->mnist);
    return VAE_OK;
}

static VaeStatus load_named(const char *name, const uint8_t *buf, size_t len, VaeImage *out) {
    if (!out) return vae_fail(VAE_ERR_ARG, "image: no output");
    memset(out, 0, sizeof *out);
    if (!buf && len) return vae_fail(VAE_ERR_ARG, "%s: no data", name);
    VaeStatus s = precheck(name, buf, len);
    if (s != VAE_OK) return s;
    return decode(name, buf, len, out);
}

VaeStatus image_load_memory(const uint8_t *buf, size_t len, VaeImage *out) {
    return load_named(MEMORY_NAME, buf, len, out);
}

/* Reads a regular file of at most IMAGE_MAX_FILE_BYTES. */
static VaeStatus read_file(const char *path, uint8_t **out, size_t *out_len) {
    VaeStatus s = file_read_all(path, IMAGE_MAX_FILE_BYTES, "an image", out, out_len);
    if (s == VAE_OK && *out_len == 0) {
        free(*out);
        return vae_fail(VAE_ERR_FORMAT, "%s: empty file", path);
    }
    return s;
}

VaeStatus image_load_file(const char *path, VaeImage *out) {
    if (out) memset(out, 0, sizeof *out);
    if (!path || !*path) return vae_fail(VAE_ERR_ARG, "image: no file name");
    uint8_t *buf = NULL;
    size_t len = 0;
    VaeStatus s = read_file(path, &buf, &len);
    if (s != VAE_OK) return s;
    s = load_named(path, buf, len, out);
    free(buf);
    return s;
}

void image_free(VaeImage *img) {
    if (!img) return;
    free(img->grey);
    memset(img, 0, sizeof *img);
}

/* ---- the MNIST recipe ---- */

/* Median of the border pixels: the background level. */
static int border_median(const uint8_t *g, int w, int h) {
    size_t hist[256] = {0}, n = 0;
    for (int x = 0; x < w; x++) {
        hist[g[x]]++;
        hist[g[(size_t)(h - 1) * w + x]]++;
        n += 2;
    }
    for (int y = 0; y < h; y++) {
        hist[g[(size_t)y * w]]++;
        hist[g[(size_t)y * w + w - 1]]++;
        n += 2;
    }
    size_t acc = 0;
    for (int v = 0; v < 256; v++) {
        acc += hist[v];
        if (2 * acc >= n) return v;
    }
    return 255;
}

/* Ink in 0..1 (background 0), inverted when the background is light; returns the peak. */
static float ink_map(const uint8_t *grey, size_t n, int bg, float *ink) {
    int light = bg >= 128;
    float base = light ? 255 - bg : bg, range = 255 - base, peak = 0;
    for (size_t i = 0; i < n; i++) {
        float v = light ? 255 - grey[i] : grey[i];
        v = range >= 1 ? (v - base) / range : 0;
        ink[i] = v < 0 ? 0 : v;
        if (ink[i] > peak) peak = ink[i];
    }
    return peak;
}

/* Resamples n samples (stride sin) to m samples (stride sout): area averaging when
 * shrinking, bilinear (pixel centres aligned) when growing. */
static void resample_1d(const float *src, int n, size_t sin, float *dst, int m, size_t sout) {
    double scale = (double)n / m;
    for (int j = 0; j < m; j++) {
        double acc = 0;
        if (m <= n) {
            double a = j * scale, b = (j + 1) * scale;
            for (int i = (int)a; i < n && i < b; i++) {
                double lo = i > a ? i : a, hi = i + 1 < b ? i + 1 : b;
                acc += src[(size_t)i * sin] * (hi - lo);
            }
            acc /= scale;
        } else {
            double x = (j + 0.5) * scale - 0.5;
            if (x < 0) x = 0;
            int i0 = (int)x, i1 = i0 + 1 < n ? i0 + 1 : i0;
            double t = x - i0;
            acc = src[(size_t)i0 * sin] * (1 - t) + src[(size_t)i1 * sin] * t;
        }
        dst[(size_t)j * sout] = (float)acc;
    }
}

typedef struct {
    int x0, y0, x1, y1; /* inclusive bounding box of the ink */
} Box;

static int ink_box(const float *ink, int w, int h, float thr, Box *box) {
    *box = (Box){w, h, -1, -1};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (ink[(size_t)y * w + x] >= thr) {
                if (x < box->x0) box->x0 = x;
                if (x > box->x1) box->x1 = x;
                if (y < box->y0) box->y0 = y;
                if (y > box->y1) box->y1 = y;
            }
    return box->x1 >= 0;
}

/* Crops `box` out of ink (w wide) and fits it into tw x th floats at patch. */
static void fit_patch(const float *ink, int w, const Box *b, int tw, int th, float *patch) {
    int bw = b->x1 - b->x0 + 1, bh = b->y1 - b->y0 + 1;
    float *tmp = malloc((size_t)bh * tw * sizeof *tmp);
    if (!tmp) return;
    for (int y = 0; y < bh; y++) resample_1d(ink + (size_t)(b->y0 + y) * w + b->x0, bw, 1, tmp + (size_t)y * tw, tw, 1);
    for (int x = 0; x < tw; x++) resample_1d(tmp + x, bh, (size_t)tw, patch + x, th, (size_t)tw);
    free(tmp);
}

/* Places the tw x th patch in 28x28 with its centre of mass on pixel (14, 14), by a
 * whole-pixel shift, as MNIST did (its digits' mass centres sit at 14.0 +- 0.29). */
static void place_patch(const float *patch, int tw, int th, float *mnist) {
    double sum = 0, sx = 0, sy = 0, peak = 0;
    for (int y = 0; y < th; y++)
        for (int x = 0; x < tw; x++) {
            double v = patch[y * tw + x];
            sum += v;
            sx += v * x;
            sy += v * y;
            if (v > peak) peak = v;
        }
    if (sum <= 0 || peak <= 0) return;
    int ox = (int)lround(14.0 - sx / sum), oy = (int)lround(14.0 - sy / sum);
    ox = ox < 0 ? 0 : ox > 28 - tw ? 28 - tw : ox;
    oy = oy < 0 ? 0 : oy > 28 - th ? 28 - th : oy;
    for (int y = 0; y < th; y++)
        for (int x = 0; x < tw; x++) {
            double v = patch[y * tw + x] / peak;
            mnist[(oy + y) * 28 + ox + x] = (float)(v < 0 ? 0 : v > 1 ? 1 : v);
        }
}

void image_to_mnist(const uint8_t *grey, int width, int height, float *mnist) {
    if (!mnist) return;
    memset(mnist, 0, 28 * 28 * sizeof *mnist);
    if (!grey || width <= 0 || height <= 0) return;
    size_t n = (size_t)width * height;
    float *ink = malloc(n * sizeof *ink);
    if (!ink) return;
    float peak = ink_map(grey, n, border_median(grey, width, height), ink);
    Box b;
    if (peak >= 0.1f && ink_box(ink, width, height, peak * 0.25f, &b)) {
        int bw = b.x1 - b.x0 + 1, bh = b.y1 - b.y0 + 1, big = bw > bh ? bw : bh;
        int tw = (int)lround(20.0 * bw / big), th = (int)lround(20.0 * bh / big);
        tw = tw < 1 ? 1 : tw;
        th = th < 1 ? 1 : th;
        float patch[20 * 20] = {0};
        fit_patch(ink, width, &b, tw, th, patch);
        place_patch(patch, tw, th, mnist);
    }
    free(ink);
}
