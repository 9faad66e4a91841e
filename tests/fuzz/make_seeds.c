/* make_seeds.c - writes the generated seeds of tests/fuzz/corpus/ (the PngSuite and
 * JPEG seeds are copied files). Not part of the build; run from the source root:
 *   cc -Iengine/include tests/fuzz/make_seeds.c build/libvae.a -lopenblas -lz -lm -lpthread \
 *      -o /tmp/make_seeds && /tmp/make_seeds tests/fuzz/corpus
 * idx/: the first byte is the harness's mode (0 images, 1 labels, 2/3 the same after
 * gzip in the harness); checkpoint/: the first byte odd = the harness fixes the CRC. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "checkpoint.h"

static const char *dir;

static void save(const char *name, uint8_t mode, const uint8_t *p, size_t n) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputc(mode, f);
    fwrite(p, 1, n, f);
    fclose(f);
}

static size_t idx_images(uint8_t *b, int n, int r, int c) {
    uint32_t h[4] = {0x803, (uint32_t)n, (uint32_t)r, (uint32_t)c};
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 4; k++) b[i * 4 + k] = (uint8_t)(h[i] >> (24 - 8 * k));
    for (int i = 0; i < n * r * c; i++) b[16 + i] = (uint8_t)(i * 37);
    return 16 + (size_t)n * r * c;
}

static size_t idx_labels(uint8_t *b, int n) {
    memcpy(b, "\0\0\x08\x01", 4);
    for (int k = 0; k < 4; k++) b[4 + k] = (uint8_t)((uint32_t)n >> (24 - 8 * k));
    for (int i = 0; i < n; i++) b[8 + i] = (uint8_t)(i % 10);
    return 8 + (size_t)n;
}

static size_t gz(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    z_stream z = {0};
    deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (Bytef *)in, z.avail_in = (uInt)n, z.next_out = out, z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    size_t len = cap - z.avail_out;
    deflateEnd(&z);
    return len;
}

static void idx_seeds(const char *root) {
    char d[1024];
    snprintf(d, sizeof d, "%s/idx", root);
    dir = d;
    static uint8_t b[4096], g[4096];
    size_t n = idx_images(b, 3, 5, 4);
    save("images-3x5x4", 0, b, n);
    save("images-3x5x4-to-gzip", 2, b, n);
    size_t gn = gz(b, n, g, sizeof g);
    save("images-3x5x4.gz", 0, g, gn);
    save("images-3x5x4-truncated.gz", 0, g, gn / 2);
    save("images-truncated", 0, b, n - 3);
    n = idx_images(b, 1, 28, 28);
    save("images-1x28x28", 0, b, n);
    n = idx_labels(b, 12);
    save("labels-12", 1, b, n);
    save("labels-12-to-gzip", 3, b, n);
    gn = gz(b, n, g, sizeof g);
    save("labels-12.gz", 1, g, gn);
    b[9] = 10;
    save("labels-bad-10", 1, b, n);
}

static void checkpoint_seeds(const char *root) {
    char d[1024], tmp[] = "/tmp/vae_seed_ckpt_XXXXXX";
    snprintf(d, sizeof d, "%s/checkpoint", root);
    dir = d;
    VaeConfig cfg = vae_config_default();
    cfg.input_dim = 16, cfg.n_hidden = 1, cfg.hidden[0] = 8, cfg.latent_dim = 2;
    Vae *vae;
    if (vae_create(&cfg, &vae) != VAE_OK) {
        fprintf(stderr, "%s\n", vae_last_error());
        exit(1);
    }
    VaeTrainState st = {.epoch = 2, .step = 30, .lr = 1e-3f, .batch = 8, .binarize = VAE_BINARIZE_DYNAMIC};
    rng_seed(&st.rng, 5);
    int fd = mkstemp(tmp);
    if (fd < 0 || checkpoint_save(tmp, vae, &st) != VAE_OK) {
        fprintf(stderr, "%s\n", vae_last_error());
        exit(1);
    }
    static uint8_t b[1 << 16];
    FILE *f = fopen(tmp, "rb");
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    remove(tmp);
    save("small-16-8-2", 0, b, n);
    save("small-16-8-2-fixcrc", 1, b, n);
    save("truncated", 0, b, n / 2);
    b[20] ^= 0xff;
    save("bad-config-fixcrc", 1, b, n);
    vae_free(vae);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : "tests/fuzz/corpus";
    idx_seeds(root);
    checkpoint_seeds(root);
    return 0;
}
