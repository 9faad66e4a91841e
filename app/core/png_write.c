/* png_write.c - the one translation unit that compiles stb_image_write (PNG only). */
#include "png_write.h"

#include <errno.h>
#include <string.h>

#include "vae.h"

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_SIMD
#include <stb/stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

int png_write(const char *path, int w, int h, int channels, const unsigned char *pixels) {
    errno = 0;
    if (!stbi_write_png(path, w, h, channels, pixels, w * channels)) {
        vae_fail(VAE_ERR_IO, "could not write %s: %s", path, errno ? strerror(errno) : "PNG encoder failed");
        return -1;
    }
    return 0;
}
