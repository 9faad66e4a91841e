/* fuzz_image.c - libFuzzer target for the picture path: image_load_memory (the checks
 * before stb_image, stb_image's PNG/JPEG/BMP decoders under the capped allocator) and
 * then image_to_mnist; also image_to_mnist on the raw bytes read as a greyscale
 * picture whose width comes from the first byte. Seeds: tests/fuzz/corpus/image/. */
#include <stddef.h>
#include <stdint.h>

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    VaeImage img;
    if (image_load_memory(data, size, &img) == VAE_OK) {
        image_to_mnist(img.grey, img.width, img.height, img.mnist);
        image_free(&img);
    }
    if (size >= 2) {
        int w = 1 + data[0] % 64, h = (int)((size - 1) / (size_t)w);
        float mnist[28 * 28];
        if (h > 0) image_to_mnist(data + 1, w, h, mnist);
    }
    return 0;
}
