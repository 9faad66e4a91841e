/* lesson.h - the lesson file: a small "key = value" text file (data set, model shape,
 * seed, training settings, the teaching views shown, language, interface scale and a
 * test image to select) that a teacher saves (Ctrl+L) and reopens (--lesson FILE, or by
 * dropping a .lesson file on the window). The format is documented in docs/teaching.md.
 *
 * Owns: the Lesson struct, reading and writing the file (written atomically: a
 * temporary file, fsync, rename), and the model configuration a lesson asks for.
 * Must not: use SDL or GL, or know about the window, its panels or the worker. */
#ifndef VAE_LESSON_H
#define VAE_LESSON_H

#include <stddef.h>
#include <stdint.h>

#include "vae.h"

#define LESSON_TABS 7                              /* the teaching views, 1..7 */
#define LESSON_ALL_PANELS ((1 << LESSON_TABS) - 1) /* bit i: view i + 1 */

typedef struct {
    char data[1024], hidden[64], lang[8];
    int latent, batch, panels, has_select, select;
    float beta, lr, scale;
    uint64_t seed;
    int has_data, has_latent, has_hidden, has_beta, has_lr, has_batch, has_seed, has_lang, has_scale;
} Lesson;

/* Reads a lesson; returns 0, or -1 when the file cannot be opened (l untouched) or has
 * a line it does not understand (l holds the lines it did). panels defaults to all. */
int lesson_read(const char *path, Lesson *l);
/* Writes a lesson atomically; returns 0, or -1 (the previous file is kept). */
int lesson_write(const char *path, const Lesson *l);
/* The model a lesson asks for: base with the lesson's latent size, hidden layers, seed
 * and beta where it names them. */
VaeConfig lesson_config(const Lesson *l, VaeConfig base);
/* The model's hidden layers as a lesson writes them: "512,256", or "none". */
void lesson_hidden_list(const VaeConfig *c, char *buf, size_t len);

#endif
