/* png_write.h - writing PNG files (stb_image_write compiled once, in png_write.c).
 * Used by `sample` and by the window's screenshots. Returns 0 on success, -1 with a
 * message in vae_last_error() on failure. */
#ifndef VAE_PNG_WRITE_H
#define VAE_PNG_WRITE_H

/* channels: 1 (grey), 3 (RGB) or 4 (RGBA); rows top to bottom, stride = w * channels. */
int png_write(const char *path, int w, int h, int channels, const unsigned char *pixels);

#endif
