/* fuzz_idx.c - libFuzzer target for the IDX reader: data_parse_idx_images and
 * data_parse_idx_labels on raw bytes (gzip is detected by its magic, so gzip inputs
 * reach the capped inflate path), and on the bytes gzip-compressed here, so the
 * parser behind inflate is fuzzed with valid streams too. The first byte picks the
 * mode. Seeds: tests/fuzz/corpus/idx/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* gzip of buf (a fresh malloc), or NULL. */
static uint8_t *gzip(const uint8_t *buf, size_t len, size_t *out_len) {
    z_stream z = {0};
    if (deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    size_t cap = deflateBound(&z, (uLong)len) + 32;
    uint8_t *out = malloc(cap);
    z.next_in = (Bytef *)(uintptr_t)buf;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = out ? deflate(&z, Z_FINISH) : Z_MEM_ERROR;
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    return out;
}

static void parse(const uint8_t *buf, size_t len, int labels_only) {
    VaeDataset ds = {0};
    if (labels_only) {
        data_parse_idx_labels(buf, len, &ds);
    } else if (data_parse_idx_images(buf, len, &ds) == VAE_OK) {
        data_parse_idx_labels(buf, len, &ds); /* must be refused (wrong magic) */
    }
    data_free(&ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int mode = data[0] & 3;
    data++, size--;
    if (mode < 2) {
        parse(data, size, mode);
    } else {
        size_t zlen = 0;
        uint8_t *z = gzip(data, size, &zlen);
        if (z) parse(z, zlen, mode == 3);
        free(z);
    }
    return 0;
}
