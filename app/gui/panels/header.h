/* header.h - the header bar: the title, play / pause, step, reset, the training status
 * (state, epoch with its progress, step, samples/s), Teach / Lesson and Keys.
 *
 * Owns: HeaderPanel and the bar's reflow: one row when everything fits, else the status
 * on a second row, the title shortened or dropped before any control is.
 * Must not: change training state except by intents. */
#ifndef VAE_HEADER_H
#define VAE_HEADER_H

#include "panel.h"

typedef struct {
    Rect panel; /* set by the layout */
} HeaderPanel;

typedef struct {
    int help, teach_available, teach_on, lesson_on;
    int one_row; /* the compact layout */
} HeaderIn;

/* The bar's height at this width: one row (52) or two or three (40 more each). A small
 * window keeps one row: the status is shortened and Teach / Lesson are left out (the
 * compact layout's tabs have Teach). */
float header_height(float w, int teach_available, int one_row);
void header_draw(HeaderPanel *h, const Frame *f, const HeaderIn *in);

#endif
