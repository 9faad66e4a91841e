/* make_samples.c - writes the sample digit pictures in assets/samples/ (for teachers to
 * drop on the app) and the JPEG test input tests/data/digit7.jpg. Not part of the build:
 *   cc -O2 -Iengine scripts/make_samples.c build/libvae.a -lopenblas -lz -lm -lpthread \
 *      -o /tmp/make_samples && /tmp/make_samples data/mnist .
 * MNIST test digits are drawn large, dark ink on white (bilinear); two more are drawn
 * procedurally with a round pen (a "0" ring and a "1" stroke on off-white paper). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "data.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>

#define S 280

/* An MNIST digit (28x28, ink high) drawn s x s, bilinear, dark ink on white. */
static void render_digit(const uint8_t *d, int s, uint8_t *out) {
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
}

/* Distance from p to the segment a-b. */
static double seg_dist(double px, double py, double ax, double ay, double bx, double by) {
    double dx = bx - ax, dy = by - ay, t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(px - ax - t * dx, py - ay - t * dy);
}

/* A procedural digit: "0" (a tilted ellipse) or "1" (a slanted stroke with a flag). */
static void draw_pen(int which, uint8_t *out) {
    for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++) {
            double d;
            if (which == 0) {
                double u = (x - 140) * cos(0.25) + (y - 140) * sin(0.25);
                double v = -(x - 140) * sin(0.25) + (y - 140) * cos(0.25);
                d = fabs(hypot(u / 62.0, v / 95.0) - 1.0) * 75.0;
            } else {
                d = seg_dist(x, y, 160, 45, 120, 235);
                double f = seg_dist(x, y, 160, 45, 110, 85);
                d = d < f ? d : f;
            }
            double ink = d < 9 ? 1 : d < 12 ? (12 - d) / 3 : 0; /* anti-aliased pen */
            double paper = 238 + 6 * sin(x * 0.05) * cos(y * 0.07);
            out[y * S + x] = (uint8_t)(paper - ink * (paper - 25));
        }
}

int main(int argc, char **argv) {
    const char *mnist = argc > 1 ? argv[1] : "data/mnist", *root = argc > 2 ? argv[2] : ".";
    VaeDataset te;
    if (data_load_dir(mnist, 0, &te) != VAE_OK) {
        fprintf(stderr, "make_samples: %s\n", vae_last_error());
        return 1;
    }
    static uint8_t img[S * S];
    static const int picks[8] = {3, 2, 1, 18, 4, 8, 11, 0}; /* digits 0 1 2 3 4 5 6 7 */
    char path[1024];
    for (int i = 0; i < 8; i++) {
        render_digit(te.pixels + (size_t)picks[i] * 784, S, img);
        snprintf(path, sizeof path, "%s/assets/samples/mnist-%d.png", root, te.labels[picks[i]]);
        if (!stbi_write_png(path, S, S, 1, img, S)) return 1;
        if (te.labels[picks[i]] == 7) {
            snprintf(path, sizeof path, "%s/tests/data/digit7.jpg", root);
            render_digit(te.pixels + (size_t)picks[i] * 784, 200, img);
            if (!stbi_write_jpg(path, 200, 200, 1, img, 90)) return 1;
        }
    }
    for (int k = 0; k < 2; k++) {
        draw_pen(k, img);
        snprintf(path, sizeof path, "%s/assets/samples/drawn-%d.png", root, k);
        if (!stbi_write_png(path, S, S, 1, img, S)) return 1;
    }
    data_free(&te);
    return 0;
}
