/* fuzz_checkpoint.c - libFuzzer target for the model-file reader: checkpoint_parse
 * (engine/checkpoint.c), then vae_free on success. When the first byte is odd the
 * harness writes the right CRC32 into the last four bytes of the rest, so mutations get
 * past the checksum and reach the config, state and parameter checks.
 * Seeds: tests/fuzz/corpus/checkpoint/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "checkpoint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int fix_crc = data[0] & 1;
    data++, size--;
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) return 0;
    if (size) memcpy(buf, data, size);
    if (fix_crc && size >= 4) {
        uint32_t crc = (uint32_t)crc32(0L, buf, (uInt)(size - 4));
        memcpy(buf + size - 4, &crc, 4); /* little-endian, as the file stores it */
    }
    Vae *vae = NULL;
    VaeTrainState state;
    if (checkpoint_parse(buf, size, &vae, &state) == VAE_OK) vae_free(vae);
    free(buf);
    return 0;
}
