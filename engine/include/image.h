/* image.h - any picture file to a 28x28 MNIST-like input for the encoder.
 *
 * Owns: safe decoding of PNG, JPEG and BMP (stb_image compiled here with only those
 * decoders, a dimension cap, a capped allocator, a file-size check, stbi_info first;
 * no GIF, no flip-on-load), and the MNIST preprocessing recipe: greyscale, invert when
 * the background is light, crop to the ink, fit to 20x20 keeping the aspect ratio,
 * centre by centre of mass in 28x28.
 * Must not: print or exit; every refusal is a VaeStatus and a one-line reason. */
#ifndef VAE_IMAGE_H
#define VAE_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "vae.h"

#define IMAGE_MAX_FILE_BYTES (64u << 20) /* 64 MiB */
#define IMAGE_MAX_DIM 8192
#define IMAGE_MAX_PIXELS (40u << 20) /* width * height cap */

typedef struct {
    int width, height;    /* of the original, as decoded */
    uint8_t *grey;        /* (height, width) greyscale of the original */
    float mnist[28 * 28]; /* the preprocessed input, values in [0, 1], ink = 1 */
} VaeImage;

/* Decodes a file. Refuses (one line in vae_last_error()) anything that is not a
 * readable PNG/JPEG/BMP within the caps: directories, empty files, PDFs, etc. */
VaeStatus image_load_file(const char *path, VaeImage *out);
/* The same from memory (the fuzzer's entry point). */
VaeStatus image_load_memory(const uint8_t *buf, size_t len, VaeImage *out);
/* Preprocesses a greyscale picture (ink dark or light) into mnist[784]. */
void image_to_mnist(const uint8_t *grey, int width, int height, float *mnist);
void image_free(VaeImage *img);

#endif
